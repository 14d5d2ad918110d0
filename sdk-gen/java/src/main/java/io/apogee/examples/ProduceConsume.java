package io.apogee.examples;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.apogee.proto.admin.v1.AdminGrpc;
import io.apogee.proto.admin.v1.CreateTopicRequest;
import io.apogee.proto.rocketmq.v2.AckMessageEntry;
import io.apogee.proto.rocketmq.v2.AckMessageRequest;
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
import io.apogee.proto.rocketmq.v2.MessagingServiceGrpc.MessagingServiceBlockingStub;
import io.apogee.proto.rocketmq.v2.QueryRouteRequest;
import io.apogee.proto.rocketmq.v2.QueryRouteResponse;
import io.apogee.proto.rocketmq.v2.ReceiveMessageRequest;
import io.apogee.proto.rocketmq.v2.ReceiveMessageResponse;
import io.apogee.proto.rocketmq.v2.Resource;
import io.apogee.proto.rocketmq.v2.SendMessageRequest;
import io.apogee.proto.rocketmq.v2.Status;
import io.apogee.proto.rocketmq.v2.SystemProperties;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Sends one message to an Apogee (or RocketMQ 5 proxy) endpoint, receives it as a simple
 * consumer and acknowledges it, using only the generated stubs.
 *
 * <pre>mvn -q compile exec:java -Dexec.args="127.0.0.1:8081 [topic] [group]"</pre>
 */
public final class ProduceConsume {
  private ProduceConsume() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: ProduceConsume HOST:PORT [TOPIC] [GROUP]");
      System.exit(2);
    }
    String endpoint = args[0];
    String topic = args.length > 1 ? args[1] : "sdk-example-topic";
    String group = args.length > 2 ? args[2] : "sdk-example-group";
    ManagedChannel channel = ManagedChannelBuilder.forTarget(endpoint).usePlaintext().build();
    try {
      run(channel, endpoint, topic, group);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  static void run(ManagedChannel channel, String endpoint, String topic, String group)
      throws Exception {
    // RocketMQ 5 servers identify a client by this header on every call.
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("x-mq-client-id", Metadata.ASCII_STRING_MARSHALLER),
        "java-example-" + UUID.randomUUID());
    MessagingServiceBlockingStub mq =
        MessagingServiceGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    Resource topicRes = Resource.newBuilder().setName(topic).build();
    Resource groupRes = Resource.newBuilder().setName(group).build();

    // Create the topic with the admin API; an existing topic is fine.
    try {
      AdminGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .createTopic(
              CreateTopicRequest.newBuilder()
                  .setName(topic)
                  .addMessageTypes(io.apogee.proto.admin.v1.MessageType.NORMAL)
                  .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != io.grpc.Status.Code.ALREADY_EXISTS) {
        throw e;
      }
    }

    int colon = endpoint.lastIndexOf(':');
    QueryRouteResponse route =
        mq.withDeadlineAfter(10, TimeUnit.SECONDS)
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
    check("QueryRoute", route.getStatus());
    MessageQueue queue = route.getMessageQueues(0);

    // The heartbeat registers the group; a new group starts at the latest offset, so it comes
    // before the send.
    check(
        "Heartbeat",
        mq.withDeadlineAfter(10, TimeUnit.SECONDS)
            .heartbeat(
                HeartbeatRequest.newBuilder()
                    .setGroup(groupRes)
                    .setClientType(ClientType.SIMPLE_CONSUMER)
                    .build())
            .getStatus());

    String messageId = "01" + UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
    Instant now = Instant.now();
    String body = "hello from Java at " + now;
    check(
        "SendMessage",
        mq.withDeadlineAfter(10, TimeUnit.SECONDS)
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
                                    .setBornTimestamp(
                                        Timestamp.newBuilder()
                                            .setSeconds(now.getEpochSecond())
                                            .setNanos(now.getNano()))
                                    .setBornHost(InetAddress.getLocalHost().getHostName()))
                            .setBody(ByteString.copyFromUtf8(body)))
                    .build())
            .getStatus());
    System.out.println("sent " + messageId + " to " + topic);

    // Receive until our message shows up; acknowledge whatever arrives (a reused group may still
    // hold messages from an earlier run).
    for (int attempt = 0; attempt < 10; attempt++) {
      for (Message m : receive(mq, groupRes, queue)) {
        SystemProperties sp = m.getSystemProperties();
        check(
            "AckMessage",
            mq.withDeadlineAfter(10, TimeUnit.SECONDS)
                .ackMessage(
                    AckMessageRequest.newBuilder()
                        .setGroup(groupRes)
                        .setTopic(m.getTopic())
                        .addEntries(
                            AckMessageEntry.newBuilder()
                                .setMessageId(sp.getMessageId())
                                .setReceiptHandle(sp.getReceiptHandle()))
                        .build())
                .getStatus());
        System.out.println(
            "received and acked "
                + sp.getMessageId()
                + ": "
                + m.getBody().toString(StandardCharsets.UTF_8));
        if (sp.getMessageId().equals(messageId)) {
          return;
        }
      }
    }
    throw new IllegalStateException("message " + messageId + " was not received");
  }

  /** One long poll (batch 1, 30 s invisible, 5 s long polling); none on MESSAGE_NOT_FOUND. */
  private static List<Message> receive(
      MessagingServiceBlockingStub mq, Resource group, MessageQueue queue) {
    Iterator<ReceiveMessageResponse> stream =
        mq.withDeadlineAfter(20, TimeUnit.SECONDS)
            .receiveMessage(
                ReceiveMessageRequest.newBuilder()
                    .setGroup(group)
                    .setMessageQueue(queue)
                    .setFilterExpression(
                        FilterExpression.newBuilder().setType(FilterType.TAG).setExpression("*"))
                    .setBatchSize(1)
                    .setInvisibleDuration(Duration.newBuilder().setSeconds(30))
                    .setLongPollingTimeout(Duration.newBuilder().setSeconds(5))
                    .build());
    List<Message> messages = new ArrayList<>();
    while (stream.hasNext()) {
      ReceiveMessageResponse resp = stream.next();
      if (resp.hasStatus() && resp.getStatus().getCode() != Code.MESSAGE_NOT_FOUND) {
        check("ReceiveMessage", resp.getStatus());
      } else if (resp.hasMessage()) {
        messages.add(resp.getMessage());
      }
    }
    return messages;
  }

  private static void check(String what, Status status) {
    if (status.getCode() != Code.OK) {
      throw new IllegalStateException(what + ": " + status.getCode() + " " + status.getMessage());
    }
  }
}
