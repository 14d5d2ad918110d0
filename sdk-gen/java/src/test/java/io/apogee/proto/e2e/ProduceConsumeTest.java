package io.apogee.proto.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.apogee.proto.admin.v1.AdminGrpc;
import io.apogee.proto.admin.v1.CreateTopicRequest;
import io.apogee.proto.admin.v1.CreateTopicResponse;
import io.apogee.proto.admin.v1.ListTopicsRequest;
import io.apogee.proto.rocketmq.v2.AckMessageEntry;
import io.apogee.proto.rocketmq.v2.AckMessageRequest;
import io.apogee.proto.rocketmq.v2.AckMessageResponse;
import io.apogee.proto.rocketmq.v2.AckMessageResultEntry;
import io.apogee.proto.rocketmq.v2.Address;
import io.apogee.proto.rocketmq.v2.AddressScheme;
import io.apogee.proto.rocketmq.v2.ClientType;
import io.apogee.proto.rocketmq.v2.Code;
import io.apogee.proto.rocketmq.v2.Encoding;
import io.apogee.proto.rocketmq.v2.Endpoints;
import io.apogee.proto.rocketmq.v2.FilterExpression;
import io.apogee.proto.rocketmq.v2.FilterType;
import io.apogee.proto.rocketmq.v2.HeartbeatRequest;
import io.apogee.proto.rocketmq.v2.Message;
import io.apogee.proto.rocketmq.v2.MessageQueue;
import io.apogee.proto.rocketmq.v2.MessageType;
import io.apogee.proto.rocketmq.v2.MessagingServiceGrpc;
import io.apogee.proto.rocketmq.v2.Permission;
import io.apogee.proto.rocketmq.v2.QueryRouteRequest;
import io.apogee.proto.rocketmq.v2.QueryRouteResponse;
import io.apogee.proto.rocketmq.v2.ReceiveMessageRequest;
import io.apogee.proto.rocketmq.v2.ReceiveMessageResponse;
import io.apogee.proto.rocketmq.v2.Resource;
import io.apogee.proto.rocketmq.v2.SendMessageRequest;
import io.apogee.proto.rocketmq.v2.SendMessageResponse;
import io.apogee.proto.rocketmq.v2.Status;
import io.apogee.proto.rocketmq.v2.SystemProperties;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end test of the generated Java stubs against a real {@code apogee standalone} started
 * on an ephemeral port (APOGEE_BIN names the binary): admin CreateTopic and ListTopics, then
 * QueryRoute, Heartbeat, SendMessage, ReceiveMessage and AckMessage.
 */
class ProduceConsumeTest {
  private static final long READY_TIMEOUT_MS = 30_000;
  private static final long STOP_TIMEOUT_MS = 15_000;
  private static final long POLL_MS = 50; // poll interval of the ready file, not a readiness guess
  private static final long CALL_TIMEOUT_S = 10;
  // ReceiveMessage long-polls up to 5 s; the deadline leaves room for the reply.
  private static final long RECEIVE_TIMEOUT_S = 20;
  private static final Metadata.Key<String> CLIENT_ID =
      Metadata.Key.of("x-mq-client-id", Metadata.ASCII_STRING_MARSHALLER);

  @TempDir Path dir;
  private Process server;
  private Path logFile;
  private String endpoint;
  private ManagedChannel channel;

  @BeforeEach
  void startServer() throws Exception {
    String bin = System.getenv("APOGEE_BIN");
    if (bin == null || bin.isEmpty()) {
      fail("APOGEE_BIN is not set (run sdk-gen/check.sh PATH_TO_APOGEE)");
    }
    Path ready = dir.resolve("ready");
    logFile = dir.resolve("apogee.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                bin,
                "standalone",
                "--listen",
                "127.0.0.1:0",
                "--data-dir",
                dir.resolve("data").toString(),
                "--ready-file",
                ready.toString())
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile());
    // The server reads APOGEE_* variables as configuration and rejects unknown keys.
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("APOGEE_"));
    env.put("NO_COLOR", "1");
    server = pb.start();

    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
    while (true) {
      if (Files.exists(ready)) {
        String addr = Files.readString(ready).trim();
        if (!addr.isEmpty()) {
          endpoint = addr;
          break;
        }
      }
      if (!server.isAlive()) {
        fail("apogee exited early with status " + server.exitValue() + "\n" + serverLog());
      }
      if (System.currentTimeMillis() > deadline) {
        fail("apogee not ready after " + READY_TIMEOUT_MS + " ms\n" + serverLog());
      }
      Thread.sleep(POLL_MS);
    }
    channel = ManagedChannelBuilder.forTarget(endpoint).usePlaintext().build();
  }

  @AfterEach
  void stopServer() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server == null) {
      return;
    }
    boolean wasAlive = server.isAlive();
    server.destroy(); // SIGTERM: a clean shutdown is part of what we check
    if (!server.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
      server.destroyForcibly().waitFor();
      fail("apogee did not exit within " + STOP_TIMEOUT_MS + " ms of SIGTERM\n" + serverLog());
    }
    assertTrue(wasAlive, "apogee exited before the end of the test\n" + serverLog());
    assertEquals(0, server.exitValue(), "apogee exit status after SIGTERM\n" + serverLog());
  }

  private String serverLog() {
    try {
      return "apogee server log:\n" + Files.readString(logFile);
    } catch (IOException e) {
      return "(no server log: " + e + ")";
    }
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static void assertOk(String what, Status status) {
    assertEquals(
        Code.OK,
        status.getCode(),
        what + ": status " + status.getCode() + " (" + status.getCodeValue() + ") "
            + status.getMessage());
  }

  private static Timestamp now() {
    Instant t = Instant.now();
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  private static Duration seconds(long s) {
    return Duration.newBuilder().setSeconds(s).build();
  }

  @Test
  void sendReceiveAck() throws Exception {
    Metadata headers = new Metadata();
    headers.put(CLIENT_ID, unique("java-sdk-test"));
    MessagingServiceGrpc.MessagingServiceBlockingStub mq =
        MessagingServiceGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    AdminGrpc.AdminBlockingStub admin = AdminGrpc.newBlockingStub(channel);

    String topic = unique("java-topic");
    String group = unique("java-group");
    byte[] body = "hello from the generated Java stubs".getBytes(StandardCharsets.UTF_8);
    Resource topicRes = Resource.newBuilder().setName(topic).build();
    Resource groupRes = Resource.newBuilder().setName(group).build();

    // Admin API: create the topic, then see it listed.
    CreateTopicResponse created =
        admin
            .withDeadlineAfter(CALL_TIMEOUT_S, TimeUnit.SECONDS)
            .createTopic(
                CreateTopicRequest.newBuilder()
                    .setName(topic)
                    .addMessageTypes(io.apogee.proto.admin.v1.MessageType.NORMAL)
                    .build());
    assertEquals(topic, created.getTopic().getName());
    assertTrue(
        admin
            .withDeadlineAfter(CALL_TIMEOUT_S, TimeUnit.SECONDS)
            .listTopics(ListTopicsRequest.getDefaultInstance())
            .getTopicsList()
            .stream()
            .anyMatch(t -> t.getName().equals(topic)),
        "ListTopics lists " + topic);

    // QueryRoute: at least one queue, queue 0 readable and writable.
    int colon = endpoint.lastIndexOf(':');
    QueryRouteResponse route =
        mq.withDeadlineAfter(CALL_TIMEOUT_S, TimeUnit.SECONDS)
            .queryRoute(
                QueryRouteRequest.newBuilder()
                    .setTopic(topicRes)
                    .setEndpoints(
                        Endpoints.newBuilder()
                            .setScheme(AddressScheme.IPv4)
                            .addAddresses(
                                Address.newBuilder()
                                    .setHost(endpoint.substring(0, colon))
                                    .setPort(Integer.parseInt(endpoint.substring(colon + 1)))))
                    .build());
    assertOk("QueryRoute", route.getStatus());
    assertFalse(route.getMessageQueuesList().isEmpty(), "QueryRoute returned no queues");
    MessageQueue queue = route.getMessageQueues(0);
    assertEquals(0, queue.getId());
    assertEquals(Permission.READ_WRITE, queue.getPermission());

    // Heartbeat creates the group before the send: a new group starts at the latest offset.
    assertOk(
        "Heartbeat",
        mq.withDeadlineAfter(CALL_TIMEOUT_S, TimeUnit.SECONDS)
            .heartbeat(
                HeartbeatRequest.newBuilder()
                    .setGroup(groupRes)
                    .setClientType(ClientType.SIMPLE_CONSUMER)
                    .build())
            .getStatus());

    // SendMessage: one NORMAL message.
    String messageId = "01" + UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
    SendMessageResponse sent =
        mq.withDeadlineAfter(CALL_TIMEOUT_S, TimeUnit.SECONDS)
            .sendMessage(
                SendMessageRequest.newBuilder()
                    .addMessages(
                        Message.newBuilder()
                            .setTopic(topicRes)
                            .setSystemProperties(
                                SystemProperties.newBuilder()
                                    .setMessageId(messageId)
                                    .setMessageType(MessageType.NORMAL)
                                    .setBodyEncoding(Encoding.IDENTITY)
                                    .setBornTimestamp(now())
                                    .setBornHost(InetAddress.getLocalHost().getHostName()))
                            .setBody(ByteString.copyFrom(body)))
                    .build());
    assertOk("SendMessage", sent.getStatus());
    assertEquals(1, sent.getEntriesCount());
    assertOk("SendMessage entry", sent.getEntries(0).getStatus());
    assertEquals(messageId, sent.getEntries(0).getMessageId());

    // ReceiveMessage: a server stream of status, the message, then the delivery timestamp.
    Iterator<ReceiveMessageResponse> stream =
        mq.withDeadlineAfter(RECEIVE_TIMEOUT_S, TimeUnit.SECONDS)
            .receiveMessage(
                ReceiveMessageRequest.newBuilder()
                    .setGroup(groupRes)
                    .setMessageQueue(queue)
                    .setFilterExpression(
                        FilterExpression.newBuilder().setType(FilterType.TAG).setExpression("*"))
                    .setBatchSize(1)
                    .setInvisibleDuration(seconds(30))
                    .setLongPollingTimeout(seconds(5))
                    .build());
    Status status = null;
    List<Message> messages = new ArrayList<>();
    boolean sawDeliveryTimestamp = false;
    while (stream.hasNext()) {
      ReceiveMessageResponse resp = stream.next();
      switch (resp.getContentCase()) {
        case STATUS -> status = resp.getStatus();
        case MESSAGE -> messages.add(resp.getMessage());
        case DELIVERY_TIMESTAMP -> sawDeliveryTimestamp = true;
        default -> fail("unexpected receive frame " + resp);
      }
    }
    assertNotNull(status, "ReceiveMessage stream had no status");
    // An empty receive would answer MESSAGE_NOT_FOUND (40401).
    assertOk("ReceiveMessage", status);
    assertEquals(1, messages.size(), "messages received");
    assertTrue(sawDeliveryTimestamp, "ReceiveMessage stream had no delivery_timestamp");
    Message received = messages.get(0);
    assertArrayEquals(body, received.getBody().toByteArray());
    assertEquals(messageId, received.getSystemProperties().getMessageId());
    String receipt = received.getSystemProperties().getReceiptHandle();
    assertFalse(receipt.isEmpty(), "received message has no receipt handle");

    // AckMessage with the receipt handle.
    AckMessageResponse acked =
        mq.withDeadlineAfter(CALL_TIMEOUT_S, TimeUnit.SECONDS)
            .ackMessage(
                AckMessageRequest.newBuilder()
                    .setGroup(groupRes)
                    .setTopic(topicRes)
                    .addEntries(
                        AckMessageEntry.newBuilder()
                            .setMessageId(messageId)
                            .setReceiptHandle(receipt))
                    .build());
    assertOk("AckMessage", acked.getStatus());
    for (AckMessageResultEntry e : acked.getEntriesList()) {
      assertOk("AckMessage entry", e.getStatus());
    }
  }
}
