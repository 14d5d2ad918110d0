package io.apogee.proto.rocketmq.v2;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Everything producers and consumers call.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class MessagingServiceGrpc {

  private MessagingServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "apache.rocketmq.v2.MessagingService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.QueryRouteRequest,
      io.apogee.proto.rocketmq.v2.QueryRouteResponse> getQueryRouteMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "QueryRoute",
      requestType = io.apogee.proto.rocketmq.v2.QueryRouteRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.QueryRouteResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.QueryRouteRequest,
      io.apogee.proto.rocketmq.v2.QueryRouteResponse> getQueryRouteMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.QueryRouteRequest, io.apogee.proto.rocketmq.v2.QueryRouteResponse> getQueryRouteMethod;
    if ((getQueryRouteMethod = MessagingServiceGrpc.getQueryRouteMethod) == null) {
      synchronized (MessagingServiceGrpc.class) {
        if ((getQueryRouteMethod = MessagingServiceGrpc.getQueryRouteMethod) == null) {
          MessagingServiceGrpc.getQueryRouteMethod = getQueryRouteMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.QueryRouteRequest, io.apogee.proto.rocketmq.v2.QueryRouteResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "QueryRoute"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.QueryRouteRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.QueryRouteResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MessagingServiceMethodDescriptorSupplier("QueryRoute"))
              .build();
        }
      }
    }
    return getQueryRouteMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.HeartbeatRequest,
      io.apogee.proto.rocketmq.v2.HeartbeatResponse> getHeartbeatMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Heartbeat",
      requestType = io.apogee.proto.rocketmq.v2.HeartbeatRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.HeartbeatResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.HeartbeatRequest,
      io.apogee.proto.rocketmq.v2.HeartbeatResponse> getHeartbeatMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.HeartbeatRequest, io.apogee.proto.rocketmq.v2.HeartbeatResponse> getHeartbeatMethod;
    if ((getHeartbeatMethod = MessagingServiceGrpc.getHeartbeatMethod) == null) {
      synchronized (MessagingServiceGrpc.class) {
        if ((getHeartbeatMethod = MessagingServiceGrpc.getHeartbeatMethod) == null) {
          MessagingServiceGrpc.getHeartbeatMethod = getHeartbeatMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.HeartbeatRequest, io.apogee.proto.rocketmq.v2.HeartbeatResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Heartbeat"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.HeartbeatRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.HeartbeatResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MessagingServiceMethodDescriptorSupplier("Heartbeat"))
              .build();
        }
      }
    }
    return getHeartbeatMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.SendMessageRequest,
      io.apogee.proto.rocketmq.v2.SendMessageResponse> getSendMessageMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SendMessage",
      requestType = io.apogee.proto.rocketmq.v2.SendMessageRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.SendMessageResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.SendMessageRequest,
      io.apogee.proto.rocketmq.v2.SendMessageResponse> getSendMessageMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.SendMessageRequest, io.apogee.proto.rocketmq.v2.SendMessageResponse> getSendMessageMethod;
    if ((getSendMessageMethod = MessagingServiceGrpc.getSendMessageMethod) == null) {
      synchronized (MessagingServiceGrpc.class) {
        if ((getSendMessageMethod = MessagingServiceGrpc.getSendMessageMethod) == null) {
          MessagingServiceGrpc.getSendMessageMethod = getSendMessageMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.SendMessageRequest, io.apogee.proto.rocketmq.v2.SendMessageResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SendMessage"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.SendMessageRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.SendMessageResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MessagingServiceMethodDescriptorSupplier("SendMessage"))
              .build();
        }
      }
    }
    return getSendMessageMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.QueryAssignmentRequest,
      io.apogee.proto.rocketmq.v2.QueryAssignmentResponse> getQueryAssignmentMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "QueryAssignment",
      requestType = io.apogee.proto.rocketmq.v2.QueryAssignmentRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.QueryAssignmentResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.QueryAssignmentRequest,
      io.apogee.proto.rocketmq.v2.QueryAssignmentResponse> getQueryAssignmentMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.QueryAssignmentRequest, io.apogee.proto.rocketmq.v2.QueryAssignmentResponse> getQueryAssignmentMethod;
    if ((getQueryAssignmentMethod = MessagingServiceGrpc.getQueryAssignmentMethod) == null) {
      synchronized (MessagingServiceGrpc.class) {
        if ((getQueryAssignmentMethod = MessagingServiceGrpc.getQueryAssignmentMethod) == null) {
          MessagingServiceGrpc.getQueryAssignmentMethod = getQueryAssignmentMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.QueryAssignmentRequest, io.apogee.proto.rocketmq.v2.QueryAssignmentResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "QueryAssignment"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.QueryAssignmentRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.QueryAssignmentResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MessagingServiceMethodDescriptorSupplier("QueryAssignment"))
              .build();
        }
      }
    }
    return getQueryAssignmentMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ReceiveMessageRequest,
      io.apogee.proto.rocketmq.v2.ReceiveMessageResponse> getReceiveMessageMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ReceiveMessage",
      requestType = io.apogee.proto.rocketmq.v2.ReceiveMessageRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.ReceiveMessageResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ReceiveMessageRequest,
      io.apogee.proto.rocketmq.v2.ReceiveMessageResponse> getReceiveMessageMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ReceiveMessageRequest, io.apogee.proto.rocketmq.v2.ReceiveMessageResponse> getReceiveMessageMethod;
    if ((getReceiveMessageMethod = MessagingServiceGrpc.getReceiveMessageMethod) == null) {
      synchronized (MessagingServiceGrpc.class) {
        if ((getReceiveMessageMethod = MessagingServiceGrpc.getReceiveMessageMethod) == null) {
          MessagingServiceGrpc.getReceiveMessageMethod = getReceiveMessageMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.ReceiveMessageRequest, io.apogee.proto.rocketmq.v2.ReceiveMessageResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ReceiveMessage"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.ReceiveMessageRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.ReceiveMessageResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MessagingServiceMethodDescriptorSupplier("ReceiveMessage"))
              .build();
        }
      }
    }
    return getReceiveMessageMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.AckMessageRequest,
      io.apogee.proto.rocketmq.v2.AckMessageResponse> getAckMessageMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "AckMessage",
      requestType = io.apogee.proto.rocketmq.v2.AckMessageRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.AckMessageResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.AckMessageRequest,
      io.apogee.proto.rocketmq.v2.AckMessageResponse> getAckMessageMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.AckMessageRequest, io.apogee.proto.rocketmq.v2.AckMessageResponse> getAckMessageMethod;
    if ((getAckMessageMethod = MessagingServiceGrpc.getAckMessageMethod) == null) {
      synchronized (MessagingServiceGrpc.class) {
        if ((getAckMessageMethod = MessagingServiceGrpc.getAckMessageMethod) == null) {
          MessagingServiceGrpc.getAckMessageMethod = getAckMessageMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.AckMessageRequest, io.apogee.proto.rocketmq.v2.AckMessageResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "AckMessage"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.AckMessageRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.AckMessageResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MessagingServiceMethodDescriptorSupplier("AckMessage"))
              .build();
        }
      }
    }
    return getAckMessageMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest,
      io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse> getForwardMessageToDeadLetterQueueMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ForwardMessageToDeadLetterQueue",
      requestType = io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest,
      io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse> getForwardMessageToDeadLetterQueueMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest, io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse> getForwardMessageToDeadLetterQueueMethod;
    if ((getForwardMessageToDeadLetterQueueMethod = MessagingServiceGrpc.getForwardMessageToDeadLetterQueueMethod) == null) {
      synchronized (MessagingServiceGrpc.class) {
        if ((getForwardMessageToDeadLetterQueueMethod = MessagingServiceGrpc.getForwardMessageToDeadLetterQueueMethod) == null) {
          MessagingServiceGrpc.getForwardMessageToDeadLetterQueueMethod = getForwardMessageToDeadLetterQueueMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest, io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ForwardMessageToDeadLetterQueue"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MessagingServiceMethodDescriptorSupplier("ForwardMessageToDeadLetterQueue"))
              .build();
        }
      }
    }
    return getForwardMessageToDeadLetterQueueMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.PullMessageRequest,
      io.apogee.proto.rocketmq.v2.PullMessageResponse> getPullMessageMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "PullMessage",
      requestType = io.apogee.proto.rocketmq.v2.PullMessageRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.PullMessageResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.PullMessageRequest,
      io.apogee.proto.rocketmq.v2.PullMessageResponse> getPullMessageMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.PullMessageRequest, io.apogee.proto.rocketmq.v2.PullMessageResponse> getPullMessageMethod;
    if ((getPullMessageMethod = MessagingServiceGrpc.getPullMessageMethod) == null) {
      synchronized (MessagingServiceGrpc.class) {
        if ((getPullMessageMethod = MessagingServiceGrpc.getPullMessageMethod) == null) {
          MessagingServiceGrpc.getPullMessageMethod = getPullMessageMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.PullMessageRequest, io.apogee.proto.rocketmq.v2.PullMessageResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "PullMessage"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.PullMessageRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.PullMessageResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MessagingServiceMethodDescriptorSupplier("PullMessage"))
              .build();
        }
      }
    }
    return getPullMessageMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.UpdateOffsetRequest,
      io.apogee.proto.rocketmq.v2.UpdateOffsetResponse> getUpdateOffsetMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateOffset",
      requestType = io.apogee.proto.rocketmq.v2.UpdateOffsetRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.UpdateOffsetResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.UpdateOffsetRequest,
      io.apogee.proto.rocketmq.v2.UpdateOffsetResponse> getUpdateOffsetMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.UpdateOffsetRequest, io.apogee.proto.rocketmq.v2.UpdateOffsetResponse> getUpdateOffsetMethod;
    if ((getUpdateOffsetMethod = MessagingServiceGrpc.getUpdateOffsetMethod) == null) {
      synchronized (MessagingServiceGrpc.class) {
        if ((getUpdateOffsetMethod = MessagingServiceGrpc.getUpdateOffsetMethod) == null) {
          MessagingServiceGrpc.getUpdateOffsetMethod = getUpdateOffsetMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.UpdateOffsetRequest, io.apogee.proto.rocketmq.v2.UpdateOffsetResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateOffset"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.UpdateOffsetRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.UpdateOffsetResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MessagingServiceMethodDescriptorSupplier("UpdateOffset"))
              .build();
        }
      }
    }
    return getUpdateOffsetMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.GetOffsetRequest,
      io.apogee.proto.rocketmq.v2.GetOffsetResponse> getGetOffsetMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetOffset",
      requestType = io.apogee.proto.rocketmq.v2.GetOffsetRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.GetOffsetResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.GetOffsetRequest,
      io.apogee.proto.rocketmq.v2.GetOffsetResponse> getGetOffsetMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.GetOffsetRequest, io.apogee.proto.rocketmq.v2.GetOffsetResponse> getGetOffsetMethod;
    if ((getGetOffsetMethod = MessagingServiceGrpc.getGetOffsetMethod) == null) {
      synchronized (MessagingServiceGrpc.class) {
        if ((getGetOffsetMethod = MessagingServiceGrpc.getGetOffsetMethod) == null) {
          MessagingServiceGrpc.getGetOffsetMethod = getGetOffsetMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.GetOffsetRequest, io.apogee.proto.rocketmq.v2.GetOffsetResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetOffset"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.GetOffsetRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.GetOffsetResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MessagingServiceMethodDescriptorSupplier("GetOffset"))
              .build();
        }
      }
    }
    return getGetOffsetMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.QueryOffsetRequest,
      io.apogee.proto.rocketmq.v2.QueryOffsetResponse> getQueryOffsetMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "QueryOffset",
      requestType = io.apogee.proto.rocketmq.v2.QueryOffsetRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.QueryOffsetResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.QueryOffsetRequest,
      io.apogee.proto.rocketmq.v2.QueryOffsetResponse> getQueryOffsetMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.QueryOffsetRequest, io.apogee.proto.rocketmq.v2.QueryOffsetResponse> getQueryOffsetMethod;
    if ((getQueryOffsetMethod = MessagingServiceGrpc.getQueryOffsetMethod) == null) {
      synchronized (MessagingServiceGrpc.class) {
        if ((getQueryOffsetMethod = MessagingServiceGrpc.getQueryOffsetMethod) == null) {
          MessagingServiceGrpc.getQueryOffsetMethod = getQueryOffsetMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.QueryOffsetRequest, io.apogee.proto.rocketmq.v2.QueryOffsetResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "QueryOffset"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.QueryOffsetRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.QueryOffsetResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MessagingServiceMethodDescriptorSupplier("QueryOffset"))
              .build();
        }
      }
    }
    return getQueryOffsetMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.EndTransactionRequest,
      io.apogee.proto.rocketmq.v2.EndTransactionResponse> getEndTransactionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "EndTransaction",
      requestType = io.apogee.proto.rocketmq.v2.EndTransactionRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.EndTransactionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.EndTransactionRequest,
      io.apogee.proto.rocketmq.v2.EndTransactionResponse> getEndTransactionMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.EndTransactionRequest, io.apogee.proto.rocketmq.v2.EndTransactionResponse> getEndTransactionMethod;
    if ((getEndTransactionMethod = MessagingServiceGrpc.getEndTransactionMethod) == null) {
      synchronized (MessagingServiceGrpc.class) {
        if ((getEndTransactionMethod = MessagingServiceGrpc.getEndTransactionMethod) == null) {
          MessagingServiceGrpc.getEndTransactionMethod = getEndTransactionMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.EndTransactionRequest, io.apogee.proto.rocketmq.v2.EndTransactionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "EndTransaction"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.EndTransactionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.EndTransactionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MessagingServiceMethodDescriptorSupplier("EndTransaction"))
              .build();
        }
      }
    }
    return getEndTransactionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.TelemetryCommand,
      io.apogee.proto.rocketmq.v2.TelemetryCommand> getTelemetryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Telemetry",
      requestType = io.apogee.proto.rocketmq.v2.TelemetryCommand.class,
      responseType = io.apogee.proto.rocketmq.v2.TelemetryCommand.class,
      methodType = io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.TelemetryCommand,
      io.apogee.proto.rocketmq.v2.TelemetryCommand> getTelemetryMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.TelemetryCommand, io.apogee.proto.rocketmq.v2.TelemetryCommand> getTelemetryMethod;
    if ((getTelemetryMethod = MessagingServiceGrpc.getTelemetryMethod) == null) {
      synchronized (MessagingServiceGrpc.class) {
        if ((getTelemetryMethod = MessagingServiceGrpc.getTelemetryMethod) == null) {
          MessagingServiceGrpc.getTelemetryMethod = getTelemetryMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.TelemetryCommand, io.apogee.proto.rocketmq.v2.TelemetryCommand>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Telemetry"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.TelemetryCommand.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.TelemetryCommand.getDefaultInstance()))
              .setSchemaDescriptor(new MessagingServiceMethodDescriptorSupplier("Telemetry"))
              .build();
        }
      }
    }
    return getTelemetryMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.NotifyClientTerminationRequest,
      io.apogee.proto.rocketmq.v2.NotifyClientTerminationResponse> getNotifyClientTerminationMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "NotifyClientTermination",
      requestType = io.apogee.proto.rocketmq.v2.NotifyClientTerminationRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.NotifyClientTerminationResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.NotifyClientTerminationRequest,
      io.apogee.proto.rocketmq.v2.NotifyClientTerminationResponse> getNotifyClientTerminationMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.NotifyClientTerminationRequest, io.apogee.proto.rocketmq.v2.NotifyClientTerminationResponse> getNotifyClientTerminationMethod;
    if ((getNotifyClientTerminationMethod = MessagingServiceGrpc.getNotifyClientTerminationMethod) == null) {
      synchronized (MessagingServiceGrpc.class) {
        if ((getNotifyClientTerminationMethod = MessagingServiceGrpc.getNotifyClientTerminationMethod) == null) {
          MessagingServiceGrpc.getNotifyClientTerminationMethod = getNotifyClientTerminationMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.NotifyClientTerminationRequest, io.apogee.proto.rocketmq.v2.NotifyClientTerminationResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "NotifyClientTermination"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.NotifyClientTerminationRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.NotifyClientTerminationResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MessagingServiceMethodDescriptorSupplier("NotifyClientTermination"))
              .build();
        }
      }
    }
    return getNotifyClientTerminationMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationRequest,
      io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationResponse> getChangeInvisibleDurationMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ChangeInvisibleDuration",
      requestType = io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationRequest,
      io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationResponse> getChangeInvisibleDurationMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationRequest, io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationResponse> getChangeInvisibleDurationMethod;
    if ((getChangeInvisibleDurationMethod = MessagingServiceGrpc.getChangeInvisibleDurationMethod) == null) {
      synchronized (MessagingServiceGrpc.class) {
        if ((getChangeInvisibleDurationMethod = MessagingServiceGrpc.getChangeInvisibleDurationMethod) == null) {
          MessagingServiceGrpc.getChangeInvisibleDurationMethod = getChangeInvisibleDurationMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationRequest, io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ChangeInvisibleDuration"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MessagingServiceMethodDescriptorSupplier("ChangeInvisibleDuration"))
              .build();
        }
      }
    }
    return getChangeInvisibleDurationMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.RecallMessageRequest,
      io.apogee.proto.rocketmq.v2.RecallMessageResponse> getRecallMessageMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RecallMessage",
      requestType = io.apogee.proto.rocketmq.v2.RecallMessageRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.RecallMessageResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.RecallMessageRequest,
      io.apogee.proto.rocketmq.v2.RecallMessageResponse> getRecallMessageMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.RecallMessageRequest, io.apogee.proto.rocketmq.v2.RecallMessageResponse> getRecallMessageMethod;
    if ((getRecallMessageMethod = MessagingServiceGrpc.getRecallMessageMethod) == null) {
      synchronized (MessagingServiceGrpc.class) {
        if ((getRecallMessageMethod = MessagingServiceGrpc.getRecallMessageMethod) == null) {
          MessagingServiceGrpc.getRecallMessageMethod = getRecallMessageMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.RecallMessageRequest, io.apogee.proto.rocketmq.v2.RecallMessageResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RecallMessage"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.RecallMessageRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.RecallMessageResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MessagingServiceMethodDescriptorSupplier("RecallMessage"))
              .build();
        }
      }
    }
    return getRecallMessageMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionRequest,
      io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionResponse> getSyncLiteSubscriptionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SyncLiteSubscription",
      requestType = io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionRequest,
      io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionResponse> getSyncLiteSubscriptionMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionRequest, io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionResponse> getSyncLiteSubscriptionMethod;
    if ((getSyncLiteSubscriptionMethod = MessagingServiceGrpc.getSyncLiteSubscriptionMethod) == null) {
      synchronized (MessagingServiceGrpc.class) {
        if ((getSyncLiteSubscriptionMethod = MessagingServiceGrpc.getSyncLiteSubscriptionMethod) == null) {
          MessagingServiceGrpc.getSyncLiteSubscriptionMethod = getSyncLiteSubscriptionMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionRequest, io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SyncLiteSubscription"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MessagingServiceMethodDescriptorSupplier("SyncLiteSubscription"))
              .build();
        }
      }
    }
    return getSyncLiteSubscriptionMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static MessagingServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MessagingServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MessagingServiceStub>() {
        @java.lang.Override
        public MessagingServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MessagingServiceStub(channel, callOptions);
        }
      };
    return MessagingServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static MessagingServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MessagingServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MessagingServiceBlockingV2Stub>() {
        @java.lang.Override
        public MessagingServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MessagingServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return MessagingServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static MessagingServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MessagingServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MessagingServiceBlockingStub>() {
        @java.lang.Override
        public MessagingServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MessagingServiceBlockingStub(channel, callOptions);
        }
      };
    return MessagingServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static MessagingServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MessagingServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MessagingServiceFutureStub>() {
        @java.lang.Override
        public MessagingServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MessagingServiceFutureStub(channel, callOptions);
        }
      };
    return MessagingServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Everything producers and consumers call.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Topic routing: queues, permissions and broker endpoints.
     * </pre>
     */
    default void queryRoute(io.apogee.proto.rocketmq.v2.QueryRouteRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.QueryRouteResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getQueryRouteMethod(), responseObserver);
    }

    /**
     * <pre>
     * Client keep-alive, sent to every broker in the cached routes.
     * </pre>
     */
    default void heartbeat(io.apogee.proto.rocketmq.v2.HeartbeatRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.HeartbeatResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getHeartbeatMethod(), responseObserver);
    }

    /**
     * <pre>
     * Publish messages.
     * </pre>
     */
    default void sendMessage(io.apogee.proto.rocketmq.v2.SendMessageRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.SendMessageResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSendMessageMethod(), responseObserver);
    }

    /**
     * <pre>
     * Server-side queue assignment for push consumers.
     * </pre>
     */
    default void queryAssignment(io.apogee.proto.rocketmq.v2.QueryAssignmentRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.QueryAssignmentResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getQueryAssignmentMethod(), responseObserver);
    }

    /**
     * <pre>
     * Long-poll receive; streams status, messages and a delivery timestamp.
     * </pre>
     */
    default void receiveMessage(io.apogee.proto.rocketmq.v2.ReceiveMessageRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ReceiveMessageResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getReceiveMessageMethod(), responseObserver);
    }

    /**
     * <pre>
     * Acknowledge received messages.
     * </pre>
     */
    default void ackMessage(io.apogee.proto.rocketmq.v2.AckMessageRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.AckMessageResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getAckMessageMethod(), responseObserver);
    }

    /**
     * <pre>
     * Send a received message to the dead-letter queue.
     * </pre>
     */
    default void forwardMessageToDeadLetterQueue(io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getForwardMessageToDeadLetterQueueMethod(), responseObserver);
    }

    /**
     * <pre>
     * Offset-based pull; streams status, messages and the next offset.
     * </pre>
     */
    default void pullMessage(io.apogee.proto.rocketmq.v2.PullMessageRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.PullMessageResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getPullMessageMethod(), responseObserver);
    }

    /**
     * <pre>
     * Commit a consumer offset.
     * </pre>
     */
    default void updateOffset(io.apogee.proto.rocketmq.v2.UpdateOffsetRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.UpdateOffsetResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateOffsetMethod(), responseObserver);
    }

    /**
     * <pre>
     * Read a committed consumer offset.
     * </pre>
     */
    default void getOffset(io.apogee.proto.rocketmq.v2.GetOffsetRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.GetOffsetResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetOffsetMethod(), responseObserver);
    }

    /**
     * <pre>
     * Resolve an offset by policy.
     * </pre>
     */
    default void queryOffset(io.apogee.proto.rocketmq.v2.QueryOffsetRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.QueryOffsetResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getQueryOffsetMethod(), responseObserver);
    }

    /**
     * <pre>
     * Commit or roll back a transactional message.
     * </pre>
     */
    default void endTransaction(io.apogee.proto.rocketmq.v2.EndTransactionRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.EndTransactionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getEndTransactionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Long-lived settings/command channel between client and server.
     * </pre>
     */
    default io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.TelemetryCommand> telemetry(
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.TelemetryCommand> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getTelemetryMethod(), responseObserver);
    }

    /**
     * <pre>
     * Graceful client shutdown notice.
     * </pre>
     */
    default void notifyClientTermination(io.apogee.proto.rocketmq.v2.NotifyClientTerminationRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.NotifyClientTerminationResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getNotifyClientTerminationMethod(), responseObserver);
    }

    /**
     * <pre>
     * Extend or shorten a received message's invisibility; returns a new handle.
     * </pre>
     */
    default void changeInvisibleDuration(io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getChangeInvisibleDurationMethod(), responseObserver);
    }

    /**
     * <pre>
     * Cancel a pending delay/timer message.
     * </pre>
     */
    default void recallMessage(io.apogee.proto.rocketmq.v2.RecallMessageRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.RecallMessageResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRecallMessageMethod(), responseObserver);
    }

    /**
     * <pre>
     * Change a lite consumer's lite-topic subscriptions.
     * </pre>
     */
    default void syncLiteSubscription(io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSyncLiteSubscriptionMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service MessagingService.
   * <pre>
   * Everything producers and consumers call.
   * </pre>
   */
  public static abstract class MessagingServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return MessagingServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service MessagingService.
   * <pre>
   * Everything producers and consumers call.
   * </pre>
   */
  public static final class MessagingServiceStub
      extends io.grpc.stub.AbstractAsyncStub<MessagingServiceStub> {
    private MessagingServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MessagingServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MessagingServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Topic routing: queues, permissions and broker endpoints.
     * </pre>
     */
    public void queryRoute(io.apogee.proto.rocketmq.v2.QueryRouteRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.QueryRouteResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getQueryRouteMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Client keep-alive, sent to every broker in the cached routes.
     * </pre>
     */
    public void heartbeat(io.apogee.proto.rocketmq.v2.HeartbeatRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.HeartbeatResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getHeartbeatMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Publish messages.
     * </pre>
     */
    public void sendMessage(io.apogee.proto.rocketmq.v2.SendMessageRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.SendMessageResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSendMessageMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Server-side queue assignment for push consumers.
     * </pre>
     */
    public void queryAssignment(io.apogee.proto.rocketmq.v2.QueryAssignmentRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.QueryAssignmentResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getQueryAssignmentMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Long-poll receive; streams status, messages and a delivery timestamp.
     * </pre>
     */
    public void receiveMessage(io.apogee.proto.rocketmq.v2.ReceiveMessageRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ReceiveMessageResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getReceiveMessageMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Acknowledge received messages.
     * </pre>
     */
    public void ackMessage(io.apogee.proto.rocketmq.v2.AckMessageRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.AckMessageResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getAckMessageMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Send a received message to the dead-letter queue.
     * </pre>
     */
    public void forwardMessageToDeadLetterQueue(io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getForwardMessageToDeadLetterQueueMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Offset-based pull; streams status, messages and the next offset.
     * </pre>
     */
    public void pullMessage(io.apogee.proto.rocketmq.v2.PullMessageRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.PullMessageResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getPullMessageMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Commit a consumer offset.
     * </pre>
     */
    public void updateOffset(io.apogee.proto.rocketmq.v2.UpdateOffsetRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.UpdateOffsetResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateOffsetMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Read a committed consumer offset.
     * </pre>
     */
    public void getOffset(io.apogee.proto.rocketmq.v2.GetOffsetRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.GetOffsetResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetOffsetMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Resolve an offset by policy.
     * </pre>
     */
    public void queryOffset(io.apogee.proto.rocketmq.v2.QueryOffsetRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.QueryOffsetResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getQueryOffsetMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Commit or roll back a transactional message.
     * </pre>
     */
    public void endTransaction(io.apogee.proto.rocketmq.v2.EndTransactionRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.EndTransactionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getEndTransactionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Long-lived settings/command channel between client and server.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.TelemetryCommand> telemetry(
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.TelemetryCommand> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncBidiStreamingCall(
          getChannel().newCall(getTelemetryMethod(), getCallOptions()), responseObserver);
    }

    /**
     * <pre>
     * Graceful client shutdown notice.
     * </pre>
     */
    public void notifyClientTermination(io.apogee.proto.rocketmq.v2.NotifyClientTerminationRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.NotifyClientTerminationResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getNotifyClientTerminationMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Extend or shorten a received message's invisibility; returns a new handle.
     * </pre>
     */
    public void changeInvisibleDuration(io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getChangeInvisibleDurationMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Cancel a pending delay/timer message.
     * </pre>
     */
    public void recallMessage(io.apogee.proto.rocketmq.v2.RecallMessageRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.RecallMessageResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRecallMessageMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Change a lite consumer's lite-topic subscriptions.
     * </pre>
     */
    public void syncLiteSubscription(io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSyncLiteSubscriptionMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service MessagingService.
   * <pre>
   * Everything producers and consumers call.
   * </pre>
   */
  public static final class MessagingServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<MessagingServiceBlockingV2Stub> {
    private MessagingServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MessagingServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MessagingServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Topic routing: queues, permissions and broker endpoints.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.QueryRouteResponse queryRoute(io.apogee.proto.rocketmq.v2.QueryRouteRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getQueryRouteMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Client keep-alive, sent to every broker in the cached routes.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.HeartbeatResponse heartbeat(io.apogee.proto.rocketmq.v2.HeartbeatRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getHeartbeatMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Publish messages.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.SendMessageResponse sendMessage(io.apogee.proto.rocketmq.v2.SendMessageRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSendMessageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Server-side queue assignment for push consumers.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.QueryAssignmentResponse queryAssignment(io.apogee.proto.rocketmq.v2.QueryAssignmentRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getQueryAssignmentMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Long-poll receive; streams status, messages and a delivery timestamp.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, io.apogee.proto.rocketmq.v2.ReceiveMessageResponse>
        receiveMessage(io.apogee.proto.rocketmq.v2.ReceiveMessageRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getReceiveMessageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Acknowledge received messages.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.AckMessageResponse ackMessage(io.apogee.proto.rocketmq.v2.AckMessageRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getAckMessageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Send a received message to the dead-letter queue.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse forwardMessageToDeadLetterQueue(io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getForwardMessageToDeadLetterQueueMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Offset-based pull; streams status, messages and the next offset.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, io.apogee.proto.rocketmq.v2.PullMessageResponse>
        pullMessage(io.apogee.proto.rocketmq.v2.PullMessageRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getPullMessageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Commit a consumer offset.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.UpdateOffsetResponse updateOffset(io.apogee.proto.rocketmq.v2.UpdateOffsetRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateOffsetMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Read a committed consumer offset.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.GetOffsetResponse getOffset(io.apogee.proto.rocketmq.v2.GetOffsetRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetOffsetMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Resolve an offset by policy.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.QueryOffsetResponse queryOffset(io.apogee.proto.rocketmq.v2.QueryOffsetRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getQueryOffsetMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Commit or roll back a transactional message.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.EndTransactionResponse endTransaction(io.apogee.proto.rocketmq.v2.EndTransactionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getEndTransactionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Long-lived settings/command channel between client and server.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<io.apogee.proto.rocketmq.v2.TelemetryCommand, io.apogee.proto.rocketmq.v2.TelemetryCommand>
        telemetry() {
      return io.grpc.stub.ClientCalls.blockingBidiStreamingCall(
          getChannel(), getTelemetryMethod(), getCallOptions());
    }

    /**
     * <pre>
     * Graceful client shutdown notice.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.NotifyClientTerminationResponse notifyClientTermination(io.apogee.proto.rocketmq.v2.NotifyClientTerminationRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getNotifyClientTerminationMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Extend or shorten a received message's invisibility; returns a new handle.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationResponse changeInvisibleDuration(io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getChangeInvisibleDurationMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Cancel a pending delay/timer message.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.RecallMessageResponse recallMessage(io.apogee.proto.rocketmq.v2.RecallMessageRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRecallMessageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Change a lite consumer's lite-topic subscriptions.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionResponse syncLiteSubscription(io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSyncLiteSubscriptionMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service MessagingService.
   * <pre>
   * Everything producers and consumers call.
   * </pre>
   */
  public static final class MessagingServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<MessagingServiceBlockingStub> {
    private MessagingServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MessagingServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MessagingServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Topic routing: queues, permissions and broker endpoints.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.QueryRouteResponse queryRoute(io.apogee.proto.rocketmq.v2.QueryRouteRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getQueryRouteMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Client keep-alive, sent to every broker in the cached routes.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.HeartbeatResponse heartbeat(io.apogee.proto.rocketmq.v2.HeartbeatRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getHeartbeatMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Publish messages.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.SendMessageResponse sendMessage(io.apogee.proto.rocketmq.v2.SendMessageRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSendMessageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Server-side queue assignment for push consumers.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.QueryAssignmentResponse queryAssignment(io.apogee.proto.rocketmq.v2.QueryAssignmentRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getQueryAssignmentMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Long-poll receive; streams status, messages and a delivery timestamp.
     * </pre>
     */
    public java.util.Iterator<io.apogee.proto.rocketmq.v2.ReceiveMessageResponse> receiveMessage(
        io.apogee.proto.rocketmq.v2.ReceiveMessageRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getReceiveMessageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Acknowledge received messages.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.AckMessageResponse ackMessage(io.apogee.proto.rocketmq.v2.AckMessageRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAckMessageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Send a received message to the dead-letter queue.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse forwardMessageToDeadLetterQueue(io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getForwardMessageToDeadLetterQueueMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Offset-based pull; streams status, messages and the next offset.
     * </pre>
     */
    public java.util.Iterator<io.apogee.proto.rocketmq.v2.PullMessageResponse> pullMessage(
        io.apogee.proto.rocketmq.v2.PullMessageRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getPullMessageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Commit a consumer offset.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.UpdateOffsetResponse updateOffset(io.apogee.proto.rocketmq.v2.UpdateOffsetRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateOffsetMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Read a committed consumer offset.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.GetOffsetResponse getOffset(io.apogee.proto.rocketmq.v2.GetOffsetRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetOffsetMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Resolve an offset by policy.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.QueryOffsetResponse queryOffset(io.apogee.proto.rocketmq.v2.QueryOffsetRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getQueryOffsetMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Commit or roll back a transactional message.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.EndTransactionResponse endTransaction(io.apogee.proto.rocketmq.v2.EndTransactionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getEndTransactionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Graceful client shutdown notice.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.NotifyClientTerminationResponse notifyClientTermination(io.apogee.proto.rocketmq.v2.NotifyClientTerminationRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getNotifyClientTerminationMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Extend or shorten a received message's invisibility; returns a new handle.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationResponse changeInvisibleDuration(io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getChangeInvisibleDurationMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Cancel a pending delay/timer message.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.RecallMessageResponse recallMessage(io.apogee.proto.rocketmq.v2.RecallMessageRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRecallMessageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Change a lite consumer's lite-topic subscriptions.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionResponse syncLiteSubscription(io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSyncLiteSubscriptionMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service MessagingService.
   * <pre>
   * Everything producers and consumers call.
   * </pre>
   */
  public static final class MessagingServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<MessagingServiceFutureStub> {
    private MessagingServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MessagingServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MessagingServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Topic routing: queues, permissions and broker endpoints.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.QueryRouteResponse> queryRoute(
        io.apogee.proto.rocketmq.v2.QueryRouteRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getQueryRouteMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Client keep-alive, sent to every broker in the cached routes.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.HeartbeatResponse> heartbeat(
        io.apogee.proto.rocketmq.v2.HeartbeatRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getHeartbeatMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Publish messages.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.SendMessageResponse> sendMessage(
        io.apogee.proto.rocketmq.v2.SendMessageRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSendMessageMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Server-side queue assignment for push consumers.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.QueryAssignmentResponse> queryAssignment(
        io.apogee.proto.rocketmq.v2.QueryAssignmentRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getQueryAssignmentMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Acknowledge received messages.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.AckMessageResponse> ackMessage(
        io.apogee.proto.rocketmq.v2.AckMessageRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getAckMessageMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Send a received message to the dead-letter queue.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse> forwardMessageToDeadLetterQueue(
        io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getForwardMessageToDeadLetterQueueMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Commit a consumer offset.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.UpdateOffsetResponse> updateOffset(
        io.apogee.proto.rocketmq.v2.UpdateOffsetRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateOffsetMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Read a committed consumer offset.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.GetOffsetResponse> getOffset(
        io.apogee.proto.rocketmq.v2.GetOffsetRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetOffsetMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Resolve an offset by policy.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.QueryOffsetResponse> queryOffset(
        io.apogee.proto.rocketmq.v2.QueryOffsetRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getQueryOffsetMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Commit or roll back a transactional message.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.EndTransactionResponse> endTransaction(
        io.apogee.proto.rocketmq.v2.EndTransactionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getEndTransactionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Graceful client shutdown notice.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.NotifyClientTerminationResponse> notifyClientTermination(
        io.apogee.proto.rocketmq.v2.NotifyClientTerminationRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getNotifyClientTerminationMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Extend or shorten a received message's invisibility; returns a new handle.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationResponse> changeInvisibleDuration(
        io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getChangeInvisibleDurationMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Cancel a pending delay/timer message.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.RecallMessageResponse> recallMessage(
        io.apogee.proto.rocketmq.v2.RecallMessageRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRecallMessageMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Change a lite consumer's lite-topic subscriptions.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionResponse> syncLiteSubscription(
        io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSyncLiteSubscriptionMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_QUERY_ROUTE = 0;
  private static final int METHODID_HEARTBEAT = 1;
  private static final int METHODID_SEND_MESSAGE = 2;
  private static final int METHODID_QUERY_ASSIGNMENT = 3;
  private static final int METHODID_RECEIVE_MESSAGE = 4;
  private static final int METHODID_ACK_MESSAGE = 5;
  private static final int METHODID_FORWARD_MESSAGE_TO_DEAD_LETTER_QUEUE = 6;
  private static final int METHODID_PULL_MESSAGE = 7;
  private static final int METHODID_UPDATE_OFFSET = 8;
  private static final int METHODID_GET_OFFSET = 9;
  private static final int METHODID_QUERY_OFFSET = 10;
  private static final int METHODID_END_TRANSACTION = 11;
  private static final int METHODID_NOTIFY_CLIENT_TERMINATION = 12;
  private static final int METHODID_CHANGE_INVISIBLE_DURATION = 13;
  private static final int METHODID_RECALL_MESSAGE = 14;
  private static final int METHODID_SYNC_LITE_SUBSCRIPTION = 15;
  private static final int METHODID_TELEMETRY = 16;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AsyncService serviceImpl;
    private final int methodId;

    MethodHandlers(AsyncService serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_QUERY_ROUTE:
          serviceImpl.queryRoute((io.apogee.proto.rocketmq.v2.QueryRouteRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.QueryRouteResponse>) responseObserver);
          break;
        case METHODID_HEARTBEAT:
          serviceImpl.heartbeat((io.apogee.proto.rocketmq.v2.HeartbeatRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.HeartbeatResponse>) responseObserver);
          break;
        case METHODID_SEND_MESSAGE:
          serviceImpl.sendMessage((io.apogee.proto.rocketmq.v2.SendMessageRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.SendMessageResponse>) responseObserver);
          break;
        case METHODID_QUERY_ASSIGNMENT:
          serviceImpl.queryAssignment((io.apogee.proto.rocketmq.v2.QueryAssignmentRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.QueryAssignmentResponse>) responseObserver);
          break;
        case METHODID_RECEIVE_MESSAGE:
          serviceImpl.receiveMessage((io.apogee.proto.rocketmq.v2.ReceiveMessageRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ReceiveMessageResponse>) responseObserver);
          break;
        case METHODID_ACK_MESSAGE:
          serviceImpl.ackMessage((io.apogee.proto.rocketmq.v2.AckMessageRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.AckMessageResponse>) responseObserver);
          break;
        case METHODID_FORWARD_MESSAGE_TO_DEAD_LETTER_QUEUE:
          serviceImpl.forwardMessageToDeadLetterQueue((io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse>) responseObserver);
          break;
        case METHODID_PULL_MESSAGE:
          serviceImpl.pullMessage((io.apogee.proto.rocketmq.v2.PullMessageRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.PullMessageResponse>) responseObserver);
          break;
        case METHODID_UPDATE_OFFSET:
          serviceImpl.updateOffset((io.apogee.proto.rocketmq.v2.UpdateOffsetRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.UpdateOffsetResponse>) responseObserver);
          break;
        case METHODID_GET_OFFSET:
          serviceImpl.getOffset((io.apogee.proto.rocketmq.v2.GetOffsetRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.GetOffsetResponse>) responseObserver);
          break;
        case METHODID_QUERY_OFFSET:
          serviceImpl.queryOffset((io.apogee.proto.rocketmq.v2.QueryOffsetRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.QueryOffsetResponse>) responseObserver);
          break;
        case METHODID_END_TRANSACTION:
          serviceImpl.endTransaction((io.apogee.proto.rocketmq.v2.EndTransactionRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.EndTransactionResponse>) responseObserver);
          break;
        case METHODID_NOTIFY_CLIENT_TERMINATION:
          serviceImpl.notifyClientTermination((io.apogee.proto.rocketmq.v2.NotifyClientTerminationRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.NotifyClientTerminationResponse>) responseObserver);
          break;
        case METHODID_CHANGE_INVISIBLE_DURATION:
          serviceImpl.changeInvisibleDuration((io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationResponse>) responseObserver);
          break;
        case METHODID_RECALL_MESSAGE:
          serviceImpl.recallMessage((io.apogee.proto.rocketmq.v2.RecallMessageRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.RecallMessageResponse>) responseObserver);
          break;
        case METHODID_SYNC_LITE_SUBSCRIPTION:
          serviceImpl.syncLiteSubscription((io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_TELEMETRY:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.telemetry(
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.TelemetryCommand>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getQueryRouteMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.QueryRouteRequest,
              io.apogee.proto.rocketmq.v2.QueryRouteResponse>(
                service, METHODID_QUERY_ROUTE)))
        .addMethod(
          getHeartbeatMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.HeartbeatRequest,
              io.apogee.proto.rocketmq.v2.HeartbeatResponse>(
                service, METHODID_HEARTBEAT)))
        .addMethod(
          getSendMessageMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.SendMessageRequest,
              io.apogee.proto.rocketmq.v2.SendMessageResponse>(
                service, METHODID_SEND_MESSAGE)))
        .addMethod(
          getQueryAssignmentMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.QueryAssignmentRequest,
              io.apogee.proto.rocketmq.v2.QueryAssignmentResponse>(
                service, METHODID_QUERY_ASSIGNMENT)))
        .addMethod(
          getReceiveMessageMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.ReceiveMessageRequest,
              io.apogee.proto.rocketmq.v2.ReceiveMessageResponse>(
                service, METHODID_RECEIVE_MESSAGE)))
        .addMethod(
          getAckMessageMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.AckMessageRequest,
              io.apogee.proto.rocketmq.v2.AckMessageResponse>(
                service, METHODID_ACK_MESSAGE)))
        .addMethod(
          getForwardMessageToDeadLetterQueueMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest,
              io.apogee.proto.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse>(
                service, METHODID_FORWARD_MESSAGE_TO_DEAD_LETTER_QUEUE)))
        .addMethod(
          getPullMessageMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.PullMessageRequest,
              io.apogee.proto.rocketmq.v2.PullMessageResponse>(
                service, METHODID_PULL_MESSAGE)))
        .addMethod(
          getUpdateOffsetMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.UpdateOffsetRequest,
              io.apogee.proto.rocketmq.v2.UpdateOffsetResponse>(
                service, METHODID_UPDATE_OFFSET)))
        .addMethod(
          getGetOffsetMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.GetOffsetRequest,
              io.apogee.proto.rocketmq.v2.GetOffsetResponse>(
                service, METHODID_GET_OFFSET)))
        .addMethod(
          getQueryOffsetMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.QueryOffsetRequest,
              io.apogee.proto.rocketmq.v2.QueryOffsetResponse>(
                service, METHODID_QUERY_OFFSET)))
        .addMethod(
          getEndTransactionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.EndTransactionRequest,
              io.apogee.proto.rocketmq.v2.EndTransactionResponse>(
                service, METHODID_END_TRANSACTION)))
        .addMethod(
          getTelemetryMethod(),
          io.grpc.stub.ServerCalls.asyncBidiStreamingCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.TelemetryCommand,
              io.apogee.proto.rocketmq.v2.TelemetryCommand>(
                service, METHODID_TELEMETRY)))
        .addMethod(
          getNotifyClientTerminationMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.NotifyClientTerminationRequest,
              io.apogee.proto.rocketmq.v2.NotifyClientTerminationResponse>(
                service, METHODID_NOTIFY_CLIENT_TERMINATION)))
        .addMethod(
          getChangeInvisibleDurationMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationRequest,
              io.apogee.proto.rocketmq.v2.ChangeInvisibleDurationResponse>(
                service, METHODID_CHANGE_INVISIBLE_DURATION)))
        .addMethod(
          getRecallMessageMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.RecallMessageRequest,
              io.apogee.proto.rocketmq.v2.RecallMessageResponse>(
                service, METHODID_RECALL_MESSAGE)))
        .addMethod(
          getSyncLiteSubscriptionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionRequest,
              io.apogee.proto.rocketmq.v2.SyncLiteSubscriptionResponse>(
                service, METHODID_SYNC_LITE_SUBSCRIPTION)))
        .build();
  }

  private static abstract class MessagingServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    MessagingServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.apogee.proto.rocketmq.v2.ServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("MessagingService");
    }
  }

  private static final class MessagingServiceFileDescriptorSupplier
      extends MessagingServiceBaseDescriptorSupplier {
    MessagingServiceFileDescriptorSupplier() {}
  }

  private static final class MessagingServiceMethodDescriptorSupplier
      extends MessagingServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    MessagingServiceMethodDescriptorSupplier(java.lang.String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (MessagingServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new MessagingServiceFileDescriptorSupplier())
              .addMethod(getQueryRouteMethod())
              .addMethod(getHeartbeatMethod())
              .addMethod(getSendMessageMethod())
              .addMethod(getQueryAssignmentMethod())
              .addMethod(getReceiveMessageMethod())
              .addMethod(getAckMessageMethod())
              .addMethod(getForwardMessageToDeadLetterQueueMethod())
              .addMethod(getPullMessageMethod())
              .addMethod(getUpdateOffsetMethod())
              .addMethod(getGetOffsetMethod())
              .addMethod(getQueryOffsetMethod())
              .addMethod(getEndTransactionMethod())
              .addMethod(getTelemetryMethod())
              .addMethod(getNotifyClientTerminationMethod())
              .addMethod(getChangeInvisibleDurationMethod())
              .addMethod(getRecallMessageMethod())
              .addMethod(getSyncLiteSubscriptionMethod())
              .build();
        }
      }
    }
    return result;
  }
}
