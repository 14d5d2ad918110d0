package apogee.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageBuilder;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.apis.producer.Transaction;
import org.apache.rocketmq.client.apis.producer.TransactionChecker;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One test per compatibility scenario; each starts its own server. */
@ExtendWith(ScenarioResults.class)
class ClientCompatTest {
    private static final ClientServiceProvider PROVIDER = ClientServiceProvider.loadService();
    private static final Duration DEADLINE = Duration.ofSeconds(60); // bound on any wait for messages
    private static final Duration AWAIT = Duration.ofSeconds(2);     // long polling of one receive
    private static final Duration INVISIBLE = Duration.ofSeconds(15);

    private ApogeeServer server;
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
    @Scenario("normal")
    void normalMessages() throws Exception {
        start("normal", Map.of());
        String topic = unique("topic");
        SimpleConsumer consumer = simpleConsumer(unique("group"), topic); // a new group starts at "latest"
        Producer producer = producer(topic, null);

        Map<String, Message> sent = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            final int n = i;
            Message msg = message(topic, "normal-" + i, b -> b.setTag("tag" + (n % 3))
                    .setKeys("key-" + n, "shared-key").addProperty("index", String.valueOf(n)));
            SendReceipt receipt = producer.send(msg);
            assertTrue(sent.put(receipt.getMessageId().toString(), msg) == null, "duplicate message id");
        }

        Map<String, MessageView> got = receiveAndAck(consumer, sent.size());
        assertEquals(sent.keySet(), got.keySet(), "received ids");
        for (Map.Entry<String, MessageView> e : got.entrySet()) {
            Message want = sent.get(e.getKey());
            MessageView view = e.getValue();
            assertEquals(body(want.getBody()), body(view.getBody()));
            assertEquals(want.getTag(), view.getTag());
            assertEquals(List.copyOf(want.getKeys()), List.copyOf(view.getKeys()));
            assertEquals(want.getProperties(), view.getProperties());
            assertEquals(1, view.getDeliveryAttempt());
        }
    }

    @Test
    @Scenario("fifo")
    void fifoMessageGroups() throws Exception {
        start("fifo", Map.of());
        String topic = unique("topic");
        String group = unique("group");
        server.admin("topic", "create", topic, "--type", "fifo", "--queues", "4");
        server.admin("group", "create", group, "--fifo");
        SimpleConsumer consumer = simpleConsumer(group, topic);
        Producer producer = producer(topic, null);

        // Interleave 3 message groups; each must come back in its own send order.
        Map<String, List<String>> sentOrder = new LinkedHashMap<>();
        for (int seq = 0; seq < 5; seq++) {
            for (int g = 0; g < 3; g++) {
                String mg = "mg" + g;
                Message msg = message(topic, mg + ":" + seq, b -> b.setMessageGroup(mg));
                sentOrder.computeIfAbsent(mg, k -> new ArrayList<>()).add(producer.send(msg).getMessageId().toString());
            }
        }

        // The server hands out a group's next message only after the previous one is acked.
        Map<String, List<String>> gotOrder = new LinkedHashMap<>();
        Map<String, MessageView> got = receiveAndAck(consumer, 15, view -> {
            String mg = view.getMessageGroup().orElseThrow();
            gotOrder.computeIfAbsent(mg, k -> new ArrayList<>()).add(view.getMessageId().toString());
            assertEquals(mg + ":" + (gotOrder.get(mg).size() - 1), body(view.getBody()), "order within " + mg);
        });
        assertEquals(15, got.size());
        assertEquals(sentOrder, gotOrder, "per-group order");
    }

    @Test
    @Scenario("delay")
    void delayMessages() throws Exception {
        start("delay", Map.of());
        String topic = unique("topic");
        server.admin("topic", "create", topic, "--type", "delay");
        SimpleConsumer consumer = simpleConsumer(unique("group"), topic);
        Producer producer = producer(topic, null);

        long deliverAt = System.currentTimeMillis() + 3_000;
        Map<String, Message> sent = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            Message msg = message(topic, "delay-" + i, b -> b.setDeliveryTimestamp(deliverAt));
            sent.put(producer.send(msg).getMessageId().toString(), msg);
        }
        Map<String, MessageView> got = receiveAndAck(consumer, sent.size(), view -> {
            long now = System.currentTimeMillis();
            assertTrue(now >= deliverAt, "delivered " + (deliverAt - now) + " ms early");
            assertEquals(deliverAt, view.getDeliveryTimestamp().orElseThrow());
        });
        assertEquals(sent.keySet(), got.keySet());
    }

    @Test
    @Scenario("transaction")
    void transactionCommit() throws Exception {
        start("transaction", Map.of());
        String topic = unique("topic");
        server.admin("topic", "create", topic, "--type", "transaction");
        SimpleConsumer consumer = simpleConsumer(unique("group"), topic);
        List<String> checked = new CopyOnWriteArrayList<>();
        Producer producer = producer(topic, view -> {
            checked.add(view.getMessageId().toString());
            return TransactionResolution.UNKNOWN;
        });

        Transaction tx = producer.beginTransaction();
        String id = producer.send(message(topic, "tx-commit", b -> { }), tx).getMessageId().toString();
        // A half message is invisible until committed: one long-polled receive sees nothing.
        assertTrue(consumer.receive(16, INVISIBLE).isEmpty(), "half message delivered before commit");
        tx.commit();

        Map<String, MessageView> got = receiveAndAck(consumer, 1);
        assertEquals(List.of(id), List.copyOf(got.keySet()));
        assertEquals("tx-commit", body(got.get(id).getBody()));
        assertTrue(checked.isEmpty(), "no check-back expected for a committed transaction: " + checked);
    }

    @Test
    @Scenario("transaction_check")
    void transactionCheckBack() throws Exception {
        // The server asks a producer of the topic to resolve an open transaction every 1 s.
        start("transaction_check", Map.of("APOGEE_BROKER__TRANSACTION_CHECK_INTERVAL", "1s"));
        String topic = unique("topic");
        server.admin("topic", "create", topic, "--type", "transaction");
        SimpleConsumer consumer = simpleConsumer(unique("group"), topic);
        Map<String, Long> checkedAt = new ConcurrentHashMap<>();
        TransactionChecker commit = view -> {
            checkedAt.putIfAbsent(view.getMessageId().toString(), System.currentTimeMillis());
            return TransactionResolution.COMMIT;
        };
        Producer producer = producer(topic, commit);

        Transaction tx = producer.beginTransaction(); // left unresolved on purpose
        String id = producer.send(message(topic, "tx-check", b -> { }), tx).getMessageId().toString();

        Map<String, MessageView> got = receiveAndAck(consumer, 1);
        long arrived = System.currentTimeMillis();
        assertEquals(List.of(id), List.copyOf(got.keySet()));
        assertTrue(checkedAt.containsKey(id), "delivered without a check-back: " + checkedAt);
        assertTrue(checkedAt.get(id) <= arrived, "delivered before the checker committed it");
    }

    @Test
    @Scenario("simple_consumer")
    void simpleConsumerReceiveAck() throws Exception {
        start("simple_consumer", Map.of());
        String topic = unique("topic");
        SimpleConsumer consumer = simpleConsumer(unique("group"), topic);
        Producer producer = producer(topic, null);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(producer.send(message(topic, "simple-" + i, b -> { })).getMessageId().toString());
        }

        // Ack all but the first delivery, which is nacked (invisible for 1 s): it must come back, attempt 2.
        Set<String> acked = new HashSet<>();
        String nacked = null;
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (acked.size() < ids.size()) {
            assertTrue(System.nanoTime() < deadline, "only " + acked + " acked in " + DEADLINE);
            for (MessageView view : consumer.receive(16, INVISIBLE)) {
                String id = view.getMessageId().toString();
                assertTrue(ids.contains(id), "unexpected message " + id);
                if (nacked == null) {
                    nacked = id;
                    assertEquals(1, view.getDeliveryAttempt());
                    consumer.changeInvisibleDuration(view, Duration.ofSeconds(1));
                    continue;
                }
                assertEquals(id.equals(nacked) ? 2 : 1, view.getDeliveryAttempt(), "delivery attempt of " + id);
                assertTrue(acked.add(id), "acked message delivered again: " + id);
                consumer.ack(view);
            }
        }
        // Everything is acked now: a long-polled receive is empty.
        assertTrue(consumer.receive(16, INVISIBLE).isEmpty(), "acked message delivered again");
    }

    @Test
    @Scenario("push_consumer")
    void pushConsumer() throws Exception {
        start("push_consumer", Map.of());
        String topic = unique("topic");
        String group = unique("group");
        server.admin("group", "create", group, "--retry-backoff", "1s"); // quick redelivery
        // The listener fails each message's first delivery once to exercise the nack path.
        Map<String, List<Integer>> calls = new ConcurrentHashMap<>();
        MessageListener listener = view -> {
            List<Integer> seen = calls.computeIfAbsent(view.getMessageId().toString(), k -> new CopyOnWriteArrayList<>());
            seen.add(view.getDeliveryAttempt());
            return seen.size() == 1 && body(view.getBody()).equals("push-0") ? ConsumeResult.FAILURE : ConsumeResult.SUCCESS;
        };
        open.push(PROVIDER.newPushConsumerBuilder().setClientConfiguration(config())
                .setConsumerGroup(group)
                .setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL))
                .setMessageListener(listener).build());
        Producer producer = producer(topic, null);
        Map<String, Integer> sent = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            sent.put(producer.send(message(topic, "push-" + i, b -> { })).getMessageId().toString(), i);
        }

        waitUntil(() -> calls.size() == sent.size() && calls.values().stream().mapToInt(List::size).sum() == 11,
                () -> "consumed: " + calls);
        assertEquals(sent.keySet(), calls.keySet());
        for (Map.Entry<String, Integer> e : sent.entrySet()) {
            List<Integer> want = e.getValue() == 0 ? List.of(1, 2) : List.of(1);
            assertEquals(want, calls.get(e.getKey()), "delivery attempts of push-" + e.getValue());
        }
    }

    // ---- helpers ----

    private void start(String name, Map<String, String> env) throws Exception {
        server = ApogeeServer.start(name, env);
        open.push(server); // closed last
    }

    private ClientConfiguration config() {
        // Java defaults to TLS, which Apogee serves on the client port by default (permissive mode).
        return ClientConfiguration.newBuilder().setEndpoints(server.endpoint).build();
    }

    private Producer producer(String topic, TransactionChecker checker) throws Exception {
        var builder = PROVIDER.newProducerBuilder().setClientConfiguration(config()).setTopics(topic);
        if (checker != null) {
            builder.setTransactionChecker(checker);
        }
        Producer producer = builder.build();
        open.push(producer);
        return producer;
    }

    private SimpleConsumer simpleConsumer(String group, String topic) throws Exception {
        SimpleConsumer consumer = PROVIDER.newSimpleConsumerBuilder().setClientConfiguration(config())
                .setConsumerGroup(group)
                .setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL))
                .setAwaitDuration(AWAIT).build();
        open.push(consumer);
        return consumer;
    }

    private static Message message(String topic, String body, Consumer<MessageBuilder> extra) {
        MessageBuilder b = PROVIDER.newMessageBuilder().setTopic(topic).setBody(body.getBytes(StandardCharsets.UTF_8));
        extra.accept(b);
        return b.build();
    }

    /** Receives (and acks, in arrival order) until n distinct messages arrived; fails on a duplicate. */
    private static Map<String, MessageView> receiveAndAck(SimpleConsumer consumer, int n) throws Exception {
        return receiveAndAck(consumer, n, view -> { });
    }

    private static Map<String, MessageView> receiveAndAck(SimpleConsumer consumer, int n, Consumer<MessageView> check)
            throws Exception {
        Map<String, MessageView> got = new LinkedHashMap<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (got.size() < n) {
            assertTrue(System.nanoTime() < deadline, "only " + got.size() + "/" + n + " received in " + DEADLINE);
            for (MessageView view : consumer.receive(16, INVISIBLE)) {
                assertFalse(got.containsKey(view.getMessageId().toString()), "duplicate " + view.getMessageId());
                check.accept(view);
                consumer.ack(view);
                got.put(view.getMessageId().toString(), view);
            }
        }
        return got;
    }

    private static void waitUntil(BooleanSupplier done, java.util.function.Supplier<String> describe)
            throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + DEADLINE + ": " + describe.get());
            }
            Thread.sleep(50); // poll interval, not a readiness guess
        }
    }

    private static String body(java.nio.ByteBuffer buf) {
        return StandardCharsets.UTF_8.decode(buf.duplicate()).toString();
    }

    private static String unique(String prefix) {
        return "java-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
