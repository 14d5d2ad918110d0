package apogee.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.SessionCredentialsProvider;
import org.apache.rocketmq.client.apis.StaticSessionCredentialsProvider;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Java client over TLS (its default; it trusts any certificate, so the server's test-CA
 * certificate is not checked) against a server that enforces TLS, and signing its requests to a
 * server with authentication and ACL on.
 */
@ExtendWith(ScenarioResults.class)
class SecurityTest {
    private static final ClientServiceProvider PROVIDER = ClientServiceProvider.loadService();
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Duration AWAIT = Duration.ofSeconds(2);
    private static final Duration INVISIBLE = Duration.ofSeconds(15);
    private static final String[] ADMIN = {"--access-key", "java-admin", "--secret-key", "java-admin-secret"};

    private final Deque<AutoCloseable> open = new ArrayDeque<>(); // closed in reverse order

    @AfterEach
    void tearDown() throws Exception {
        Exception first = null;
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Test
    @Scenario("tls")
    void tlsEnforced() throws Exception {
        Path certs = testCertificates();
        ApogeeServer server = start("tls", Map.of(
                "APOGEE_SERVER__TLS_MODE", "enforcing",
                "APOGEE_SERVER__TLS_CERT_PATH", certs.resolve("server.crt").toString(),
                "APOGEE_SERVER__TLS_KEY_PATH", certs.resolve("server.key").toString()));
        ClientConfiguration tls = ClientConfiguration.newBuilder().setEndpoints(server.endpoint).build();
        assertEquals(Set.of("m0", "m1", "m2"), roundTrip(tls));
        // TLS is enforced: the same client in plaintext is refused.
        ClientConfiguration plain = ClientConfiguration.newBuilder().setEndpoints(server.endpoint)
                .enableSsl(false).build();
        refusedProducer(plain, "UNAVAILABLE|Connection|closed|reset|timed? ?out|Timeout");
    }

    @Test
    @Scenario("auth")
    void signedRequests() throws Exception {
        ApogeeServer server = start("auth", Map.of(
                "APOGEE_AUTH__ENABLED", "true",
                "APOGEE_AUTH__ADMIN_ACCESS_KEY", "java-admin",
                "APOGEE_AUTH__ADMIN_SECRET_KEY", "java-admin-secret"));
        // A normal user allowed to publish and subscribe on its own topics and groups only.
        server.admin(with("user", "create", "java-app", "--secret", "java-app-secret"));
        server.admin(with("acl", "put", "java-app", "--resource", "Topic:java-sec-*", "--actions", "Pub,Sub,Create"));
        server.admin(with("acl", "put", "java-app", "--resource", "Group:java-secg-*", "--actions", "Sub,Create"));
        ClientConfiguration app = signed(server, "java-app", "java-app-secret");
        assertEquals(Set.of("m0", "m1", "m2"), roundTrip(app));

        String forged = refusedProducer(signed(server, "java-app", "guess"), "40100|UNAUTHORIZED|signature");
        String unsigned = refusedProducer(ClientConfiguration.newBuilder().setEndpoints(server.endpoint).build(),
                "40100|UNAUTHORIZED|not signed");
        String outside = refusedProducer(app, "40300|FORBIDDEN|may not");
        String topics = server.admin(with("topic", "list"));
        for (String topic : Set.of(forged, unsigned, outside)) {
            assertFalse(topics.contains(topic), "a refused call created topic " + topic);
        }
    }

    private ApogeeServer start(String name, Map<String, String> env) throws Exception {
        ApogeeServer server = ApogeeServer.start(name, env);
        open.push(server); // closed last
        return server;
    }

    private static ClientConfiguration signed(ApogeeServer server, String accessKey, String secret) {
        SessionCredentialsProvider credentials = new StaticSessionCredentialsProvider(accessKey, secret);
        return ClientConfiguration.newBuilder().setEndpoints(server.endpoint)
                .setCredentialProvider(credentials).build();
    }

    private static String[] with(String... args) {
        String[] all = new String[args.length + ADMIN.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(ADMIN, 0, all, args.length, ADMIN.length);
        return all;
    }

    /** Sends three messages and receives and acks them; returns the bodies received. */
    private Set<String> roundTrip(ClientConfiguration config) throws Exception {
        String topic = unique("java-sec");
        SimpleConsumer consumer = PROVIDER.newSimpleConsumerBuilder().setClientConfiguration(config)
                .setConsumerGroup(unique("java-secg"))
                .setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL))
                .setAwaitDuration(AWAIT).build();
        open.push(consumer);
        Producer producer = PROVIDER.newProducerBuilder().setClientConfiguration(config).setTopics(topic).build();
        open.push(producer);
        for (int i = 0; i < 3; i++) {
            assertNotNull(producer.send(PROVIDER.newMessageBuilder().setTopic(topic)
                    .setBody(("m" + i).getBytes(StandardCharsets.UTF_8)).build()).getMessageId());
        }
        Set<String> got = new TreeSet<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (got.size() < 3) {
            assertTrue(System.nanoTime() < deadline, "only " + got + " received in " + DEADLINE);
            for (MessageView view : consumer.receive(8, INVISIBLE)) {
                got.add(StandardCharsets.UTF_8.decode(view.getBody()).toString());
                consumer.ack(view);
            }
        }
        return got;
    }

    /** A producer of a new topic that must fail to start, with a cause matching `why`; returns the topic. */
    private static String refusedProducer(ClientConfiguration config, String why) {
        String topic = unique("java-refused");
        Throwable err = null;
        try (Producer producer = PROVIDER.newProducerBuilder().setClientConfiguration(config).setTopics(topic).build()) {
            assertNotNull(producer);
        } catch (Exception e) {
            err = e;
        }
        assertNotNull(err, "the producer started");
        StringBuilder chain = new StringBuilder();
        for (Throwable t = err; t != null; t = t.getCause()) {
            chain.append(t).append(" <- ");
        }
        assertTrue(Pattern.compile(why, Pattern.CASE_INSENSITIVE).matcher(chain).find(),
                "refused for another reason: " + chain);
        return topic;
    }

    /** A throwaway CA and certificates signed by it, from tests/clients/test-certs.sh. */
    private static Path testCertificates() throws Exception {
        Path dir = Files.createTempDirectory("apogee-java-certs-");
        Process p = new ProcessBuilder("../test-certs.sh", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "test-certs.sh failed: " + out);
        return dir;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
