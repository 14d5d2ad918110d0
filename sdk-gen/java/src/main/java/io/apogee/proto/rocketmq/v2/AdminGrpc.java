package io.apogee.proto.rocketmq.v2;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Operator-facing control plane; not used by the messaging clients.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class AdminGrpc {

  private AdminGrpc() {}

  public static final java.lang.String SERVICE_NAME = "apache.rocketmq.v2.Admin";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ChangeLogLevelRequest,
      io.apogee.proto.rocketmq.v2.ChangeLogLevelResponse> getChangeLogLevelMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ChangeLogLevel",
      requestType = io.apogee.proto.rocketmq.v2.ChangeLogLevelRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.ChangeLogLevelResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ChangeLogLevelRequest,
      io.apogee.proto.rocketmq.v2.ChangeLogLevelResponse> getChangeLogLevelMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ChangeLogLevelRequest, io.apogee.proto.rocketmq.v2.ChangeLogLevelResponse> getChangeLogLevelMethod;
    if ((getChangeLogLevelMethod = AdminGrpc.getChangeLogLevelMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getChangeLogLevelMethod = AdminGrpc.getChangeLogLevelMethod) == null) {
          AdminGrpc.getChangeLogLevelMethod = getChangeLogLevelMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.ChangeLogLevelRequest, io.apogee.proto.rocketmq.v2.ChangeLogLevelResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ChangeLogLevel"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.ChangeLogLevelRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.ChangeLogLevelResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("ChangeLogLevel"))
              .build();
        }
      }
    }
    return getChangeLogLevelMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.DescribeTopicStatusRequest,
      io.apogee.proto.rocketmq.v2.DescribeTopicStatusResponse> getDescribeTopicStatusMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DescribeTopicStatus",
      requestType = io.apogee.proto.rocketmq.v2.DescribeTopicStatusRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.DescribeTopicStatusResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.DescribeTopicStatusRequest,
      io.apogee.proto.rocketmq.v2.DescribeTopicStatusResponse> getDescribeTopicStatusMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.DescribeTopicStatusRequest, io.apogee.proto.rocketmq.v2.DescribeTopicStatusResponse> getDescribeTopicStatusMethod;
    if ((getDescribeTopicStatusMethod = AdminGrpc.getDescribeTopicStatusMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getDescribeTopicStatusMethod = AdminGrpc.getDescribeTopicStatusMethod) == null) {
          AdminGrpc.getDescribeTopicStatusMethod = getDescribeTopicStatusMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.DescribeTopicStatusRequest, io.apogee.proto.rocketmq.v2.DescribeTopicStatusResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DescribeTopicStatus"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.DescribeTopicStatusRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.DescribeTopicStatusResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("DescribeTopicStatus"))
              .build();
        }
      }
    }
    return getDescribeTopicStatusMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ListSubscriptionRequest,
      io.apogee.proto.rocketmq.v2.ListSubscriptionResponse> getListSubscriptionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListSubscription",
      requestType = io.apogee.proto.rocketmq.v2.ListSubscriptionRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.ListSubscriptionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ListSubscriptionRequest,
      io.apogee.proto.rocketmq.v2.ListSubscriptionResponse> getListSubscriptionMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ListSubscriptionRequest, io.apogee.proto.rocketmq.v2.ListSubscriptionResponse> getListSubscriptionMethod;
    if ((getListSubscriptionMethod = AdminGrpc.getListSubscriptionMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getListSubscriptionMethod = AdminGrpc.getListSubscriptionMethod) == null) {
          AdminGrpc.getListSubscriptionMethod = getListSubscriptionMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.ListSubscriptionRequest, io.apogee.proto.rocketmq.v2.ListSubscriptionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListSubscription"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.ListSubscriptionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.ListSubscriptionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("ListSubscription"))
              .build();
        }
      }
    }
    return getListSubscriptionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.DescribeSubscriptionRequest,
      io.apogee.proto.rocketmq.v2.DescribeSubscriptionResponse> getDescribeSubscriptionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DescribeSubscription",
      requestType = io.apogee.proto.rocketmq.v2.DescribeSubscriptionRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.DescribeSubscriptionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.DescribeSubscriptionRequest,
      io.apogee.proto.rocketmq.v2.DescribeSubscriptionResponse> getDescribeSubscriptionMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.DescribeSubscriptionRequest, io.apogee.proto.rocketmq.v2.DescribeSubscriptionResponse> getDescribeSubscriptionMethod;
    if ((getDescribeSubscriptionMethod = AdminGrpc.getDescribeSubscriptionMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getDescribeSubscriptionMethod = AdminGrpc.getDescribeSubscriptionMethod) == null) {
          AdminGrpc.getDescribeSubscriptionMethod = getDescribeSubscriptionMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.DescribeSubscriptionRequest, io.apogee.proto.rocketmq.v2.DescribeSubscriptionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DescribeSubscription"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.DescribeSubscriptionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.DescribeSubscriptionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("DescribeSubscription"))
              .build();
        }
      }
    }
    return getDescribeSubscriptionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.DeleteSubscriptionRequest,
      io.apogee.proto.rocketmq.v2.DeleteSubscriptionResponse> getDeleteSubscriptionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteSubscription",
      requestType = io.apogee.proto.rocketmq.v2.DeleteSubscriptionRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.DeleteSubscriptionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.DeleteSubscriptionRequest,
      io.apogee.proto.rocketmq.v2.DeleteSubscriptionResponse> getDeleteSubscriptionMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.DeleteSubscriptionRequest, io.apogee.proto.rocketmq.v2.DeleteSubscriptionResponse> getDeleteSubscriptionMethod;
    if ((getDeleteSubscriptionMethod = AdminGrpc.getDeleteSubscriptionMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getDeleteSubscriptionMethod = AdminGrpc.getDeleteSubscriptionMethod) == null) {
          AdminGrpc.getDeleteSubscriptionMethod = getDeleteSubscriptionMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.DeleteSubscriptionRequest, io.apogee.proto.rocketmq.v2.DeleteSubscriptionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteSubscription"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.DeleteSubscriptionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.DeleteSubscriptionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("DeleteSubscription"))
              .build();
        }
      }
    }
    return getDeleteSubscriptionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationRequest,
      io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationResponse> getDescribeGroupAccumulationMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DescribeGroupAccumulation",
      requestType = io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationRequest,
      io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationResponse> getDescribeGroupAccumulationMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationRequest, io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationResponse> getDescribeGroupAccumulationMethod;
    if ((getDescribeGroupAccumulationMethod = AdminGrpc.getDescribeGroupAccumulationMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getDescribeGroupAccumulationMethod = AdminGrpc.getDescribeGroupAccumulationMethod) == null) {
          AdminGrpc.getDescribeGroupAccumulationMethod = getDescribeGroupAccumulationMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationRequest, io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DescribeGroupAccumulation"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("DescribeGroupAccumulation"))
              .build();
        }
      }
    }
    return getDescribeGroupAccumulationMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ListConsumerConnectionRequest,
      io.apogee.proto.rocketmq.v2.ListConsumerConnectionResponse> getListConsumerConnectionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListConsumerConnection",
      requestType = io.apogee.proto.rocketmq.v2.ListConsumerConnectionRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.ListConsumerConnectionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ListConsumerConnectionRequest,
      io.apogee.proto.rocketmq.v2.ListConsumerConnectionResponse> getListConsumerConnectionMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ListConsumerConnectionRequest, io.apogee.proto.rocketmq.v2.ListConsumerConnectionResponse> getListConsumerConnectionMethod;
    if ((getListConsumerConnectionMethod = AdminGrpc.getListConsumerConnectionMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getListConsumerConnectionMethod = AdminGrpc.getListConsumerConnectionMethod) == null) {
          AdminGrpc.getListConsumerConnectionMethod = getListConsumerConnectionMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.ListConsumerConnectionRequest, io.apogee.proto.rocketmq.v2.ListConsumerConnectionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListConsumerConnection"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.ListConsumerConnectionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.ListConsumerConnectionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("ListConsumerConnection"))
              .build();
        }
      }
    }
    return getListConsumerConnectionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ResetGroupOffsetRequest,
      io.apogee.proto.rocketmq.v2.ResetGroupOffsetResponse> getResetGroupOffsetMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ResetGroupOffset",
      requestType = io.apogee.proto.rocketmq.v2.ResetGroupOffsetRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.ResetGroupOffsetResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ResetGroupOffsetRequest,
      io.apogee.proto.rocketmq.v2.ResetGroupOffsetResponse> getResetGroupOffsetMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ResetGroupOffsetRequest, io.apogee.proto.rocketmq.v2.ResetGroupOffsetResponse> getResetGroupOffsetMethod;
    if ((getResetGroupOffsetMethod = AdminGrpc.getResetGroupOffsetMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getResetGroupOffsetMethod = AdminGrpc.getResetGroupOffsetMethod) == null) {
          AdminGrpc.getResetGroupOffsetMethod = getResetGroupOffsetMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.ResetGroupOffsetRequest, io.apogee.proto.rocketmq.v2.ResetGroupOffsetResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ResetGroupOffset"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.ResetGroupOffsetRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.ResetGroupOffsetResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("ResetGroupOffset"))
              .build();
        }
      }
    }
    return getResetGroupOffsetMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ListMessageRequest,
      io.apogee.proto.rocketmq.v2.ListMessageResponse> getQueryMessageMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "QueryMessage",
      requestType = io.apogee.proto.rocketmq.v2.ListMessageRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.ListMessageResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ListMessageRequest,
      io.apogee.proto.rocketmq.v2.ListMessageResponse> getQueryMessageMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.ListMessageRequest, io.apogee.proto.rocketmq.v2.ListMessageResponse> getQueryMessageMethod;
    if ((getQueryMessageMethod = AdminGrpc.getQueryMessageMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getQueryMessageMethod = AdminGrpc.getQueryMessageMethod) == null) {
          AdminGrpc.getQueryMessageMethod = getQueryMessageMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.ListMessageRequest, io.apogee.proto.rocketmq.v2.ListMessageResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "QueryMessage"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.ListMessageRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.ListMessageResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("QueryMessage"))
              .build();
        }
      }
    }
    return getQueryMessageMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.PrintThreadStackTraceRequest,
      io.apogee.proto.rocketmq.v2.PrintThreadStackTraceResponse> getPrintThreadStackTraceMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "PrintThreadStackTrace",
      requestType = io.apogee.proto.rocketmq.v2.PrintThreadStackTraceRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.PrintThreadStackTraceResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.PrintThreadStackTraceRequest,
      io.apogee.proto.rocketmq.v2.PrintThreadStackTraceResponse> getPrintThreadStackTraceMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.PrintThreadStackTraceRequest, io.apogee.proto.rocketmq.v2.PrintThreadStackTraceResponse> getPrintThreadStackTraceMethod;
    if ((getPrintThreadStackTraceMethod = AdminGrpc.getPrintThreadStackTraceMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getPrintThreadStackTraceMethod = AdminGrpc.getPrintThreadStackTraceMethod) == null) {
          AdminGrpc.getPrintThreadStackTraceMethod = getPrintThreadStackTraceMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.PrintThreadStackTraceRequest, io.apogee.proto.rocketmq.v2.PrintThreadStackTraceResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "PrintThreadStackTrace"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.PrintThreadStackTraceRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.PrintThreadStackTraceResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("PrintThreadStackTrace"))
              .build();
        }
      }
    }
    return getPrintThreadStackTraceMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.VerifyMessageRequest,
      io.apogee.proto.rocketmq.v2.VerifyMessageResponse> getVerifyMessageMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "VerifyMessage",
      requestType = io.apogee.proto.rocketmq.v2.VerifyMessageRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.VerifyMessageResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.VerifyMessageRequest,
      io.apogee.proto.rocketmq.v2.VerifyMessageResponse> getVerifyMessageMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.VerifyMessageRequest, io.apogee.proto.rocketmq.v2.VerifyMessageResponse> getVerifyMessageMethod;
    if ((getVerifyMessageMethod = AdminGrpc.getVerifyMessageMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getVerifyMessageMethod = AdminGrpc.getVerifyMessageMethod) == null) {
          AdminGrpc.getVerifyMessageMethod = getVerifyMessageMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.VerifyMessageRequest, io.apogee.proto.rocketmq.v2.VerifyMessageResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "VerifyMessage"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.VerifyMessageRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.VerifyMessageResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("VerifyMessage"))
              .build();
        }
      }
    }
    return getVerifyMessageMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.AdminSendMessageRequest,
      io.apogee.proto.rocketmq.v2.AdminSendMessageResponse> getAdminSendMessageMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "AdminSendMessage",
      requestType = io.apogee.proto.rocketmq.v2.AdminSendMessageRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.AdminSendMessageResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.AdminSendMessageRequest,
      io.apogee.proto.rocketmq.v2.AdminSendMessageResponse> getAdminSendMessageMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.AdminSendMessageRequest, io.apogee.proto.rocketmq.v2.AdminSendMessageResponse> getAdminSendMessageMethod;
    if ((getAdminSendMessageMethod = AdminGrpc.getAdminSendMessageMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getAdminSendMessageMethod = AdminGrpc.getAdminSendMessageMethod) == null) {
          AdminGrpc.getAdminSendMessageMethod = getAdminSendMessageMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.AdminSendMessageRequest, io.apogee.proto.rocketmq.v2.AdminSendMessageResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "AdminSendMessage"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.AdminSendMessageRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.AdminSendMessageResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("AdminSendMessage"))
              .build();
        }
      }
    }
    return getAdminSendMessageMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoRequest,
      io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoResponse> getGetConsumerRunningInfoMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetConsumerRunningInfo",
      requestType = io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoRequest,
      io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoResponse> getGetConsumerRunningInfoMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoRequest, io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoResponse> getGetConsumerRunningInfoMethod;
    if ((getGetConsumerRunningInfoMethod = AdminGrpc.getGetConsumerRunningInfoMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getGetConsumerRunningInfoMethod = AdminGrpc.getGetConsumerRunningInfoMethod) == null) {
          AdminGrpc.getGetConsumerRunningInfoMethod = getGetConsumerRunningInfoMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoRequest, io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetConsumerRunningInfo"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("GetConsumerRunningInfo"))
              .build();
        }
      }
    }
    return getGetConsumerRunningInfoMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.GetTopicRouteRequest,
      io.apogee.proto.rocketmq.v2.GetTopicRouteResponse> getGetTopicRouteMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetTopicRoute",
      requestType = io.apogee.proto.rocketmq.v2.GetTopicRouteRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.GetTopicRouteResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.GetTopicRouteRequest,
      io.apogee.proto.rocketmq.v2.GetTopicRouteResponse> getGetTopicRouteMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.GetTopicRouteRequest, io.apogee.proto.rocketmq.v2.GetTopicRouteResponse> getGetTopicRouteMethod;
    if ((getGetTopicRouteMethod = AdminGrpc.getGetTopicRouteMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getGetTopicRouteMethod = AdminGrpc.getGetTopicRouteMethod) == null) {
          AdminGrpc.getGetTopicRouteMethod = getGetTopicRouteMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.GetTopicRouteRequest, io.apogee.proto.rocketmq.v2.GetTopicRouteResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetTopicRoute"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.GetTopicRouteRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.GetTopicRouteResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("GetTopicRoute"))
              .build();
        }
      }
    }
    return getGetTopicRouteMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.QueryTimeSpanRequest,
      io.apogee.proto.rocketmq.v2.QueryTimeSpanResponse> getQueryTimeSpanMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "QueryTimeSpan",
      requestType = io.apogee.proto.rocketmq.v2.QueryTimeSpanRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.QueryTimeSpanResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.QueryTimeSpanRequest,
      io.apogee.proto.rocketmq.v2.QueryTimeSpanResponse> getQueryTimeSpanMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.QueryTimeSpanRequest, io.apogee.proto.rocketmq.v2.QueryTimeSpanResponse> getQueryTimeSpanMethod;
    if ((getQueryTimeSpanMethod = AdminGrpc.getQueryTimeSpanMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getQueryTimeSpanMethod = AdminGrpc.getQueryTimeSpanMethod) == null) {
          AdminGrpc.getQueryTimeSpanMethod = getQueryTimeSpanMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.QueryTimeSpanRequest, io.apogee.proto.rocketmq.v2.QueryTimeSpanResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "QueryTimeSpan"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.QueryTimeSpanRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.QueryTimeSpanResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("QueryTimeSpan"))
              .build();
        }
      }
    }
    return getQueryTimeSpanMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsRequest,
      io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsResponse> getGetProxyRuntimeStatsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetProxyRuntimeStats",
      requestType = io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsRequest.class,
      responseType = io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsRequest,
      io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsResponse> getGetProxyRuntimeStatsMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsRequest, io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsResponse> getGetProxyRuntimeStatsMethod;
    if ((getGetProxyRuntimeStatsMethod = AdminGrpc.getGetProxyRuntimeStatsMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getGetProxyRuntimeStatsMethod = AdminGrpc.getGetProxyRuntimeStatsMethod) == null) {
          AdminGrpc.getGetProxyRuntimeStatsMethod = getGetProxyRuntimeStatsMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsRequest, io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetProxyRuntimeStats"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("GetProxyRuntimeStats"))
              .build();
        }
      }
    }
    return getGetProxyRuntimeStatsMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static AdminStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AdminStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AdminStub>() {
        @java.lang.Override
        public AdminStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AdminStub(channel, callOptions);
        }
      };
    return AdminStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static AdminBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AdminBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AdminBlockingV2Stub>() {
        @java.lang.Override
        public AdminBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AdminBlockingV2Stub(channel, callOptions);
        }
      };
    return AdminBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static AdminBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AdminBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AdminBlockingStub>() {
        @java.lang.Override
        public AdminBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AdminBlockingStub(channel, callOptions);
        }
      };
    return AdminBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static AdminFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AdminFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AdminFutureStub>() {
        @java.lang.Override
        public AdminFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AdminFutureStub(channel, callOptions);
        }
      };
    return AdminFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Operator-facing control plane; not used by the messaging clients.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Change the server's log level.
     * </pre>
     */
    default void changeLogLevel(io.apogee.proto.rocketmq.v2.ChangeLogLevelRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ChangeLogLevelResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getChangeLogLevelMethod(), responseObserver);
    }

    /**
     * <pre>
     * Describe a topic.
     * </pre>
     */
    default void describeTopicStatus(io.apogee.proto.rocketmq.v2.DescribeTopicStatusRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.DescribeTopicStatusResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDescribeTopicStatusMethod(), responseObserver);
    }

    /**
     * <pre>
     * List subscriptions.
     * </pre>
     */
    default void listSubscription(io.apogee.proto.rocketmq.v2.ListSubscriptionRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ListSubscriptionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListSubscriptionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Describe subscriptions per client.
     * </pre>
     */
    default void describeSubscription(io.apogee.proto.rocketmq.v2.DescribeSubscriptionRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.DescribeSubscriptionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDescribeSubscriptionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Delete a subscription.
     * </pre>
     */
    default void deleteSubscription(io.apogee.proto.rocketmq.v2.DeleteSubscriptionRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.DeleteSubscriptionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteSubscriptionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Report a group's backlog.
     * </pre>
     */
    default void describeGroupAccumulation(io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDescribeGroupAccumulationMethod(), responseObserver);
    }

    /**
     * <pre>
     * List a group's connected clients.
     * </pre>
     */
    default void listConsumerConnection(io.apogee.proto.rocketmq.v2.ListConsumerConnectionRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ListConsumerConnectionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListConsumerConnectionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reset a group's offset to a timestamp.
     * </pre>
     */
    default void resetGroupOffset(io.apogee.proto.rocketmq.v2.ResetGroupOffsetRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ResetGroupOffsetResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getResetGroupOffsetMethod(), responseObserver);
    }

    /**
     * <pre>
     * Search messages (request/response are named ListMessage*).
     * </pre>
     */
    default void queryMessage(io.apogee.proto.rocketmq.v2.ListMessageRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ListMessageResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getQueryMessageMethod(), responseObserver);
    }

    /**
     * <pre>
     * Fetch a client's thread dump.
     * </pre>
     */
    default void printThreadStackTrace(io.apogee.proto.rocketmq.v2.PrintThreadStackTraceRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.PrintThreadStackTraceResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getPrintThreadStackTraceMethod(), responseObserver);
    }

    /**
     * <pre>
     * Have a consumer client verify a message.
     * </pre>
     */
    default void verifyMessage(io.apogee.proto.rocketmq.v2.VerifyMessageRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.VerifyMessageResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getVerifyMessageMethod(), responseObserver);
    }

    /**
     * <pre>
     * Send a message from the admin side.
     * </pre>
     */
    default void adminSendMessage(io.apogee.proto.rocketmq.v2.AdminSendMessageRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.AdminSendMessageResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getAdminSendMessageMethod(), responseObserver);
    }

    /**
     * <pre>
     * Fetch a consumer's runtime snapshot.
     * </pre>
     */
    default void getConsumerRunningInfo(io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetConsumerRunningInfoMethod(), responseObserver);
    }

    /**
     * <pre>
     * Fetch a topic's internal route data.
     * </pre>
     */
    default void getTopicRoute(io.apogee.proto.rocketmq.v2.GetTopicRouteRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.GetTopicRouteResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetTopicRouteMethod(), responseObserver);
    }

    /**
     * <pre>
     * Report per-queue stored time spans for a group.
     * </pre>
     */
    default void queryTimeSpan(io.apogee.proto.rocketmq.v2.QueryTimeSpanRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.QueryTimeSpanResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getQueryTimeSpanMethod(), responseObserver);
    }

    /**
     * <pre>
     * Report server runtime statistics.
     * </pre>
     */
    default void getProxyRuntimeStats(io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetProxyRuntimeStatsMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service Admin.
   * <pre>
   * Operator-facing control plane; not used by the messaging clients.
   * </pre>
   */
  public static abstract class AdminImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return AdminGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service Admin.
   * <pre>
   * Operator-facing control plane; not used by the messaging clients.
   * </pre>
   */
  public static final class AdminStub
      extends io.grpc.stub.AbstractAsyncStub<AdminStub> {
    private AdminStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AdminStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AdminStub(channel, callOptions);
    }

    /**
     * <pre>
     * Change the server's log level.
     * </pre>
     */
    public void changeLogLevel(io.apogee.proto.rocketmq.v2.ChangeLogLevelRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ChangeLogLevelResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getChangeLogLevelMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Describe a topic.
     * </pre>
     */
    public void describeTopicStatus(io.apogee.proto.rocketmq.v2.DescribeTopicStatusRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.DescribeTopicStatusResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDescribeTopicStatusMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * List subscriptions.
     * </pre>
     */
    public void listSubscription(io.apogee.proto.rocketmq.v2.ListSubscriptionRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ListSubscriptionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListSubscriptionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Describe subscriptions per client.
     * </pre>
     */
    public void describeSubscription(io.apogee.proto.rocketmq.v2.DescribeSubscriptionRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.DescribeSubscriptionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDescribeSubscriptionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Delete a subscription.
     * </pre>
     */
    public void deleteSubscription(io.apogee.proto.rocketmq.v2.DeleteSubscriptionRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.DeleteSubscriptionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteSubscriptionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Report a group's backlog.
     * </pre>
     */
    public void describeGroupAccumulation(io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDescribeGroupAccumulationMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * List a group's connected clients.
     * </pre>
     */
    public void listConsumerConnection(io.apogee.proto.rocketmq.v2.ListConsumerConnectionRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ListConsumerConnectionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListConsumerConnectionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reset a group's offset to a timestamp.
     * </pre>
     */
    public void resetGroupOffset(io.apogee.proto.rocketmq.v2.ResetGroupOffsetRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ResetGroupOffsetResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getResetGroupOffsetMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Search messages (request/response are named ListMessage*).
     * </pre>
     */
    public void queryMessage(io.apogee.proto.rocketmq.v2.ListMessageRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ListMessageResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getQueryMessageMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Fetch a client's thread dump.
     * </pre>
     */
    public void printThreadStackTrace(io.apogee.proto.rocketmq.v2.PrintThreadStackTraceRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.PrintThreadStackTraceResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getPrintThreadStackTraceMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Have a consumer client verify a message.
     * </pre>
     */
    public void verifyMessage(io.apogee.proto.rocketmq.v2.VerifyMessageRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.VerifyMessageResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getVerifyMessageMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Send a message from the admin side.
     * </pre>
     */
    public void adminSendMessage(io.apogee.proto.rocketmq.v2.AdminSendMessageRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.AdminSendMessageResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getAdminSendMessageMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Fetch a consumer's runtime snapshot.
     * </pre>
     */
    public void getConsumerRunningInfo(io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetConsumerRunningInfoMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Fetch a topic's internal route data.
     * </pre>
     */
    public void getTopicRoute(io.apogee.proto.rocketmq.v2.GetTopicRouteRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.GetTopicRouteResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetTopicRouteMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Report per-queue stored time spans for a group.
     * </pre>
     */
    public void queryTimeSpan(io.apogee.proto.rocketmq.v2.QueryTimeSpanRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.QueryTimeSpanResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getQueryTimeSpanMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Report server runtime statistics.
     * </pre>
     */
    public void getProxyRuntimeStats(io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetProxyRuntimeStatsMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service Admin.
   * <pre>
   * Operator-facing control plane; not used by the messaging clients.
   * </pre>
   */
  public static final class AdminBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<AdminBlockingV2Stub> {
    private AdminBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AdminBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AdminBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Change the server's log level.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.ChangeLogLevelResponse changeLogLevel(io.apogee.proto.rocketmq.v2.ChangeLogLevelRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getChangeLogLevelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Describe a topic.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.DescribeTopicStatusResponse describeTopicStatus(io.apogee.proto.rocketmq.v2.DescribeTopicStatusRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDescribeTopicStatusMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * List subscriptions.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.ListSubscriptionResponse listSubscription(io.apogee.proto.rocketmq.v2.ListSubscriptionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListSubscriptionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Describe subscriptions per client.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.DescribeSubscriptionResponse describeSubscription(io.apogee.proto.rocketmq.v2.DescribeSubscriptionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDescribeSubscriptionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Delete a subscription.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.DeleteSubscriptionResponse deleteSubscription(io.apogee.proto.rocketmq.v2.DeleteSubscriptionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteSubscriptionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Report a group's backlog.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationResponse describeGroupAccumulation(io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDescribeGroupAccumulationMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * List a group's connected clients.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.ListConsumerConnectionResponse listConsumerConnection(io.apogee.proto.rocketmq.v2.ListConsumerConnectionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListConsumerConnectionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reset a group's offset to a timestamp.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.ResetGroupOffsetResponse resetGroupOffset(io.apogee.proto.rocketmq.v2.ResetGroupOffsetRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getResetGroupOffsetMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Search messages (request/response are named ListMessage*).
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.ListMessageResponse queryMessage(io.apogee.proto.rocketmq.v2.ListMessageRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getQueryMessageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Fetch a client's thread dump.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.PrintThreadStackTraceResponse printThreadStackTrace(io.apogee.proto.rocketmq.v2.PrintThreadStackTraceRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getPrintThreadStackTraceMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Have a consumer client verify a message.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.VerifyMessageResponse verifyMessage(io.apogee.proto.rocketmq.v2.VerifyMessageRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getVerifyMessageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Send a message from the admin side.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.AdminSendMessageResponse adminSendMessage(io.apogee.proto.rocketmq.v2.AdminSendMessageRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getAdminSendMessageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Fetch a consumer's runtime snapshot.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoResponse getConsumerRunningInfo(io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetConsumerRunningInfoMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Fetch a topic's internal route data.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.GetTopicRouteResponse getTopicRoute(io.apogee.proto.rocketmq.v2.GetTopicRouteRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetTopicRouteMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Report per-queue stored time spans for a group.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.QueryTimeSpanResponse queryTimeSpan(io.apogee.proto.rocketmq.v2.QueryTimeSpanRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getQueryTimeSpanMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Report server runtime statistics.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsResponse getProxyRuntimeStats(io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetProxyRuntimeStatsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service Admin.
   * <pre>
   * Operator-facing control plane; not used by the messaging clients.
   * </pre>
   */
  public static final class AdminBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<AdminBlockingStub> {
    private AdminBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AdminBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AdminBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Change the server's log level.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.ChangeLogLevelResponse changeLogLevel(io.apogee.proto.rocketmq.v2.ChangeLogLevelRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getChangeLogLevelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Describe a topic.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.DescribeTopicStatusResponse describeTopicStatus(io.apogee.proto.rocketmq.v2.DescribeTopicStatusRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDescribeTopicStatusMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * List subscriptions.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.ListSubscriptionResponse listSubscription(io.apogee.proto.rocketmq.v2.ListSubscriptionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListSubscriptionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Describe subscriptions per client.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.DescribeSubscriptionResponse describeSubscription(io.apogee.proto.rocketmq.v2.DescribeSubscriptionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDescribeSubscriptionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Delete a subscription.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.DeleteSubscriptionResponse deleteSubscription(io.apogee.proto.rocketmq.v2.DeleteSubscriptionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteSubscriptionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Report a group's backlog.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationResponse describeGroupAccumulation(io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDescribeGroupAccumulationMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * List a group's connected clients.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.ListConsumerConnectionResponse listConsumerConnection(io.apogee.proto.rocketmq.v2.ListConsumerConnectionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListConsumerConnectionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reset a group's offset to a timestamp.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.ResetGroupOffsetResponse resetGroupOffset(io.apogee.proto.rocketmq.v2.ResetGroupOffsetRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getResetGroupOffsetMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Search messages (request/response are named ListMessage*).
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.ListMessageResponse queryMessage(io.apogee.proto.rocketmq.v2.ListMessageRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getQueryMessageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Fetch a client's thread dump.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.PrintThreadStackTraceResponse printThreadStackTrace(io.apogee.proto.rocketmq.v2.PrintThreadStackTraceRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getPrintThreadStackTraceMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Have a consumer client verify a message.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.VerifyMessageResponse verifyMessage(io.apogee.proto.rocketmq.v2.VerifyMessageRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getVerifyMessageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Send a message from the admin side.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.AdminSendMessageResponse adminSendMessage(io.apogee.proto.rocketmq.v2.AdminSendMessageRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAdminSendMessageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Fetch a consumer's runtime snapshot.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoResponse getConsumerRunningInfo(io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetConsumerRunningInfoMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Fetch a topic's internal route data.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.GetTopicRouteResponse getTopicRoute(io.apogee.proto.rocketmq.v2.GetTopicRouteRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetTopicRouteMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Report per-queue stored time spans for a group.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.QueryTimeSpanResponse queryTimeSpan(io.apogee.proto.rocketmq.v2.QueryTimeSpanRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getQueryTimeSpanMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Report server runtime statistics.
     * </pre>
     */
    public io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsResponse getProxyRuntimeStats(io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetProxyRuntimeStatsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service Admin.
   * <pre>
   * Operator-facing control plane; not used by the messaging clients.
   * </pre>
   */
  public static final class AdminFutureStub
      extends io.grpc.stub.AbstractFutureStub<AdminFutureStub> {
    private AdminFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AdminFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AdminFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Change the server's log level.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.ChangeLogLevelResponse> changeLogLevel(
        io.apogee.proto.rocketmq.v2.ChangeLogLevelRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getChangeLogLevelMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Describe a topic.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.DescribeTopicStatusResponse> describeTopicStatus(
        io.apogee.proto.rocketmq.v2.DescribeTopicStatusRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDescribeTopicStatusMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * List subscriptions.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.ListSubscriptionResponse> listSubscription(
        io.apogee.proto.rocketmq.v2.ListSubscriptionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListSubscriptionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Describe subscriptions per client.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.DescribeSubscriptionResponse> describeSubscription(
        io.apogee.proto.rocketmq.v2.DescribeSubscriptionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDescribeSubscriptionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Delete a subscription.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.DeleteSubscriptionResponse> deleteSubscription(
        io.apogee.proto.rocketmq.v2.DeleteSubscriptionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteSubscriptionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Report a group's backlog.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationResponse> describeGroupAccumulation(
        io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDescribeGroupAccumulationMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * List a group's connected clients.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.ListConsumerConnectionResponse> listConsumerConnection(
        io.apogee.proto.rocketmq.v2.ListConsumerConnectionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListConsumerConnectionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reset a group's offset to a timestamp.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.ResetGroupOffsetResponse> resetGroupOffset(
        io.apogee.proto.rocketmq.v2.ResetGroupOffsetRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getResetGroupOffsetMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Search messages (request/response are named ListMessage*).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.ListMessageResponse> queryMessage(
        io.apogee.proto.rocketmq.v2.ListMessageRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getQueryMessageMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Fetch a client's thread dump.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.PrintThreadStackTraceResponse> printThreadStackTrace(
        io.apogee.proto.rocketmq.v2.PrintThreadStackTraceRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getPrintThreadStackTraceMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Have a consumer client verify a message.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.VerifyMessageResponse> verifyMessage(
        io.apogee.proto.rocketmq.v2.VerifyMessageRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getVerifyMessageMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Send a message from the admin side.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.AdminSendMessageResponse> adminSendMessage(
        io.apogee.proto.rocketmq.v2.AdminSendMessageRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getAdminSendMessageMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Fetch a consumer's runtime snapshot.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoResponse> getConsumerRunningInfo(
        io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetConsumerRunningInfoMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Fetch a topic's internal route data.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.GetTopicRouteResponse> getTopicRoute(
        io.apogee.proto.rocketmq.v2.GetTopicRouteRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetTopicRouteMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Report per-queue stored time spans for a group.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.QueryTimeSpanResponse> queryTimeSpan(
        io.apogee.proto.rocketmq.v2.QueryTimeSpanRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getQueryTimeSpanMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Report server runtime statistics.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsResponse> getProxyRuntimeStats(
        io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetProxyRuntimeStatsMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CHANGE_LOG_LEVEL = 0;
  private static final int METHODID_DESCRIBE_TOPIC_STATUS = 1;
  private static final int METHODID_LIST_SUBSCRIPTION = 2;
  private static final int METHODID_DESCRIBE_SUBSCRIPTION = 3;
  private static final int METHODID_DELETE_SUBSCRIPTION = 4;
  private static final int METHODID_DESCRIBE_GROUP_ACCUMULATION = 5;
  private static final int METHODID_LIST_CONSUMER_CONNECTION = 6;
  private static final int METHODID_RESET_GROUP_OFFSET = 7;
  private static final int METHODID_QUERY_MESSAGE = 8;
  private static final int METHODID_PRINT_THREAD_STACK_TRACE = 9;
  private static final int METHODID_VERIFY_MESSAGE = 10;
  private static final int METHODID_ADMIN_SEND_MESSAGE = 11;
  private static final int METHODID_GET_CONSUMER_RUNNING_INFO = 12;
  private static final int METHODID_GET_TOPIC_ROUTE = 13;
  private static final int METHODID_QUERY_TIME_SPAN = 14;
  private static final int METHODID_GET_PROXY_RUNTIME_STATS = 15;

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
        case METHODID_CHANGE_LOG_LEVEL:
          serviceImpl.changeLogLevel((io.apogee.proto.rocketmq.v2.ChangeLogLevelRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ChangeLogLevelResponse>) responseObserver);
          break;
        case METHODID_DESCRIBE_TOPIC_STATUS:
          serviceImpl.describeTopicStatus((io.apogee.proto.rocketmq.v2.DescribeTopicStatusRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.DescribeTopicStatusResponse>) responseObserver);
          break;
        case METHODID_LIST_SUBSCRIPTION:
          serviceImpl.listSubscription((io.apogee.proto.rocketmq.v2.ListSubscriptionRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ListSubscriptionResponse>) responseObserver);
          break;
        case METHODID_DESCRIBE_SUBSCRIPTION:
          serviceImpl.describeSubscription((io.apogee.proto.rocketmq.v2.DescribeSubscriptionRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.DescribeSubscriptionResponse>) responseObserver);
          break;
        case METHODID_DELETE_SUBSCRIPTION:
          serviceImpl.deleteSubscription((io.apogee.proto.rocketmq.v2.DeleteSubscriptionRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.DeleteSubscriptionResponse>) responseObserver);
          break;
        case METHODID_DESCRIBE_GROUP_ACCUMULATION:
          serviceImpl.describeGroupAccumulation((io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationResponse>) responseObserver);
          break;
        case METHODID_LIST_CONSUMER_CONNECTION:
          serviceImpl.listConsumerConnection((io.apogee.proto.rocketmq.v2.ListConsumerConnectionRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ListConsumerConnectionResponse>) responseObserver);
          break;
        case METHODID_RESET_GROUP_OFFSET:
          serviceImpl.resetGroupOffset((io.apogee.proto.rocketmq.v2.ResetGroupOffsetRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ResetGroupOffsetResponse>) responseObserver);
          break;
        case METHODID_QUERY_MESSAGE:
          serviceImpl.queryMessage((io.apogee.proto.rocketmq.v2.ListMessageRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.ListMessageResponse>) responseObserver);
          break;
        case METHODID_PRINT_THREAD_STACK_TRACE:
          serviceImpl.printThreadStackTrace((io.apogee.proto.rocketmq.v2.PrintThreadStackTraceRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.PrintThreadStackTraceResponse>) responseObserver);
          break;
        case METHODID_VERIFY_MESSAGE:
          serviceImpl.verifyMessage((io.apogee.proto.rocketmq.v2.VerifyMessageRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.VerifyMessageResponse>) responseObserver);
          break;
        case METHODID_ADMIN_SEND_MESSAGE:
          serviceImpl.adminSendMessage((io.apogee.proto.rocketmq.v2.AdminSendMessageRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.AdminSendMessageResponse>) responseObserver);
          break;
        case METHODID_GET_CONSUMER_RUNNING_INFO:
          serviceImpl.getConsumerRunningInfo((io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoResponse>) responseObserver);
          break;
        case METHODID_GET_TOPIC_ROUTE:
          serviceImpl.getTopicRoute((io.apogee.proto.rocketmq.v2.GetTopicRouteRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.GetTopicRouteResponse>) responseObserver);
          break;
        case METHODID_QUERY_TIME_SPAN:
          serviceImpl.queryTimeSpan((io.apogee.proto.rocketmq.v2.QueryTimeSpanRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.QueryTimeSpanResponse>) responseObserver);
          break;
        case METHODID_GET_PROXY_RUNTIME_STATS:
          serviceImpl.getProxyRuntimeStats((io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsResponse>) responseObserver);
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
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getChangeLogLevelMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.ChangeLogLevelRequest,
              io.apogee.proto.rocketmq.v2.ChangeLogLevelResponse>(
                service, METHODID_CHANGE_LOG_LEVEL)))
        .addMethod(
          getDescribeTopicStatusMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.DescribeTopicStatusRequest,
              io.apogee.proto.rocketmq.v2.DescribeTopicStatusResponse>(
                service, METHODID_DESCRIBE_TOPIC_STATUS)))
        .addMethod(
          getListSubscriptionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.ListSubscriptionRequest,
              io.apogee.proto.rocketmq.v2.ListSubscriptionResponse>(
                service, METHODID_LIST_SUBSCRIPTION)))
        .addMethod(
          getDescribeSubscriptionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.DescribeSubscriptionRequest,
              io.apogee.proto.rocketmq.v2.DescribeSubscriptionResponse>(
                service, METHODID_DESCRIBE_SUBSCRIPTION)))
        .addMethod(
          getDeleteSubscriptionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.DeleteSubscriptionRequest,
              io.apogee.proto.rocketmq.v2.DeleteSubscriptionResponse>(
                service, METHODID_DELETE_SUBSCRIPTION)))
        .addMethod(
          getDescribeGroupAccumulationMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationRequest,
              io.apogee.proto.rocketmq.v2.DescribeGroupAccumulationResponse>(
                service, METHODID_DESCRIBE_GROUP_ACCUMULATION)))
        .addMethod(
          getListConsumerConnectionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.ListConsumerConnectionRequest,
              io.apogee.proto.rocketmq.v2.ListConsumerConnectionResponse>(
                service, METHODID_LIST_CONSUMER_CONNECTION)))
        .addMethod(
          getResetGroupOffsetMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.ResetGroupOffsetRequest,
              io.apogee.proto.rocketmq.v2.ResetGroupOffsetResponse>(
                service, METHODID_RESET_GROUP_OFFSET)))
        .addMethod(
          getQueryMessageMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.ListMessageRequest,
              io.apogee.proto.rocketmq.v2.ListMessageResponse>(
                service, METHODID_QUERY_MESSAGE)))
        .addMethod(
          getPrintThreadStackTraceMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.PrintThreadStackTraceRequest,
              io.apogee.proto.rocketmq.v2.PrintThreadStackTraceResponse>(
                service, METHODID_PRINT_THREAD_STACK_TRACE)))
        .addMethod(
          getVerifyMessageMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.VerifyMessageRequest,
              io.apogee.proto.rocketmq.v2.VerifyMessageResponse>(
                service, METHODID_VERIFY_MESSAGE)))
        .addMethod(
          getAdminSendMessageMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.AdminSendMessageRequest,
              io.apogee.proto.rocketmq.v2.AdminSendMessageResponse>(
                service, METHODID_ADMIN_SEND_MESSAGE)))
        .addMethod(
          getGetConsumerRunningInfoMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoRequest,
              io.apogee.proto.rocketmq.v2.GetConsumerRunningInfoResponse>(
                service, METHODID_GET_CONSUMER_RUNNING_INFO)))
        .addMethod(
          getGetTopicRouteMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.GetTopicRouteRequest,
              io.apogee.proto.rocketmq.v2.GetTopicRouteResponse>(
                service, METHODID_GET_TOPIC_ROUTE)))
        .addMethod(
          getQueryTimeSpanMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.QueryTimeSpanRequest,
              io.apogee.proto.rocketmq.v2.QueryTimeSpanResponse>(
                service, METHODID_QUERY_TIME_SPAN)))
        .addMethod(
          getGetProxyRuntimeStatsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsRequest,
              io.apogee.proto.rocketmq.v2.GetProxyRuntimeStatsResponse>(
                service, METHODID_GET_PROXY_RUNTIME_STATS)))
        .build();
  }

  private static abstract class AdminBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    AdminBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.apogee.proto.rocketmq.v2.AdminProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("Admin");
    }
  }

  private static final class AdminFileDescriptorSupplier
      extends AdminBaseDescriptorSupplier {
    AdminFileDescriptorSupplier() {}
  }

  private static final class AdminMethodDescriptorSupplier
      extends AdminBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    AdminMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (AdminGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new AdminFileDescriptorSupplier())
              .addMethod(getChangeLogLevelMethod())
              .addMethod(getDescribeTopicStatusMethod())
              .addMethod(getListSubscriptionMethod())
              .addMethod(getDescribeSubscriptionMethod())
              .addMethod(getDeleteSubscriptionMethod())
              .addMethod(getDescribeGroupAccumulationMethod())
              .addMethod(getListConsumerConnectionMethod())
              .addMethod(getResetGroupOffsetMethod())
              .addMethod(getQueryMessageMethod())
              .addMethod(getPrintThreadStackTraceMethod())
              .addMethod(getVerifyMessageMethod())
              .addMethod(getAdminSendMessageMethod())
              .addMethod(getGetConsumerRunningInfoMethod())
              .addMethod(getGetTopicRouteMethod())
              .addMethod(getQueryTimeSpanMethod())
              .addMethod(getGetProxyRuntimeStatsMethod())
              .build();
        }
      }
    }
    return result;
  }
}
