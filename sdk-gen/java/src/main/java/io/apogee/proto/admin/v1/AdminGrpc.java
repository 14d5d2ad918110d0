package io.apogee.proto.admin.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class AdminGrpc {

  private AdminGrpc() {}

  public static final java.lang.String SERVICE_NAME = "apogee.admin.v1.Admin";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.CreateTopicRequest,
      io.apogee.proto.admin.v1.CreateTopicResponse> getCreateTopicMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateTopic",
      requestType = io.apogee.proto.admin.v1.CreateTopicRequest.class,
      responseType = io.apogee.proto.admin.v1.CreateTopicResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.CreateTopicRequest,
      io.apogee.proto.admin.v1.CreateTopicResponse> getCreateTopicMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.CreateTopicRequest, io.apogee.proto.admin.v1.CreateTopicResponse> getCreateTopicMethod;
    if ((getCreateTopicMethod = AdminGrpc.getCreateTopicMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getCreateTopicMethod = AdminGrpc.getCreateTopicMethod) == null) {
          AdminGrpc.getCreateTopicMethod = getCreateTopicMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.CreateTopicRequest, io.apogee.proto.admin.v1.CreateTopicResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateTopic"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.CreateTopicRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.CreateTopicResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("CreateTopic"))
              .build();
        }
      }
    }
    return getCreateTopicMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ListTopicsRequest,
      io.apogee.proto.admin.v1.ListTopicsResponse> getListTopicsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListTopics",
      requestType = io.apogee.proto.admin.v1.ListTopicsRequest.class,
      responseType = io.apogee.proto.admin.v1.ListTopicsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ListTopicsRequest,
      io.apogee.proto.admin.v1.ListTopicsResponse> getListTopicsMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ListTopicsRequest, io.apogee.proto.admin.v1.ListTopicsResponse> getListTopicsMethod;
    if ((getListTopicsMethod = AdminGrpc.getListTopicsMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getListTopicsMethod = AdminGrpc.getListTopicsMethod) == null) {
          AdminGrpc.getListTopicsMethod = getListTopicsMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.ListTopicsRequest, io.apogee.proto.admin.v1.ListTopicsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListTopics"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.ListTopicsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.ListTopicsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("ListTopics"))
              .build();
        }
      }
    }
    return getListTopicsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.DescribeTopicRequest,
      io.apogee.proto.admin.v1.DescribeTopicResponse> getDescribeTopicMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DescribeTopic",
      requestType = io.apogee.proto.admin.v1.DescribeTopicRequest.class,
      responseType = io.apogee.proto.admin.v1.DescribeTopicResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.DescribeTopicRequest,
      io.apogee.proto.admin.v1.DescribeTopicResponse> getDescribeTopicMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.DescribeTopicRequest, io.apogee.proto.admin.v1.DescribeTopicResponse> getDescribeTopicMethod;
    if ((getDescribeTopicMethod = AdminGrpc.getDescribeTopicMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getDescribeTopicMethod = AdminGrpc.getDescribeTopicMethod) == null) {
          AdminGrpc.getDescribeTopicMethod = getDescribeTopicMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.DescribeTopicRequest, io.apogee.proto.admin.v1.DescribeTopicResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DescribeTopic"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.DescribeTopicRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.DescribeTopicResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("DescribeTopic"))
              .build();
        }
      }
    }
    return getDescribeTopicMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.CreateGroupRequest,
      io.apogee.proto.admin.v1.CreateGroupResponse> getCreateGroupMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateGroup",
      requestType = io.apogee.proto.admin.v1.CreateGroupRequest.class,
      responseType = io.apogee.proto.admin.v1.CreateGroupResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.CreateGroupRequest,
      io.apogee.proto.admin.v1.CreateGroupResponse> getCreateGroupMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.CreateGroupRequest, io.apogee.proto.admin.v1.CreateGroupResponse> getCreateGroupMethod;
    if ((getCreateGroupMethod = AdminGrpc.getCreateGroupMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getCreateGroupMethod = AdminGrpc.getCreateGroupMethod) == null) {
          AdminGrpc.getCreateGroupMethod = getCreateGroupMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.CreateGroupRequest, io.apogee.proto.admin.v1.CreateGroupResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateGroup"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.CreateGroupRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.CreateGroupResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("CreateGroup"))
              .build();
        }
      }
    }
    return getCreateGroupMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ListGroupsRequest,
      io.apogee.proto.admin.v1.ListGroupsResponse> getListGroupsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListGroups",
      requestType = io.apogee.proto.admin.v1.ListGroupsRequest.class,
      responseType = io.apogee.proto.admin.v1.ListGroupsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ListGroupsRequest,
      io.apogee.proto.admin.v1.ListGroupsResponse> getListGroupsMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ListGroupsRequest, io.apogee.proto.admin.v1.ListGroupsResponse> getListGroupsMethod;
    if ((getListGroupsMethod = AdminGrpc.getListGroupsMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getListGroupsMethod = AdminGrpc.getListGroupsMethod) == null) {
          AdminGrpc.getListGroupsMethod = getListGroupsMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.ListGroupsRequest, io.apogee.proto.admin.v1.ListGroupsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListGroups"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.ListGroupsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.ListGroupsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("ListGroups"))
              .build();
        }
      }
    }
    return getListGroupsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.UpdateGroupRequest,
      io.apogee.proto.admin.v1.UpdateGroupResponse> getUpdateGroupMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateGroup",
      requestType = io.apogee.proto.admin.v1.UpdateGroupRequest.class,
      responseType = io.apogee.proto.admin.v1.UpdateGroupResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.UpdateGroupRequest,
      io.apogee.proto.admin.v1.UpdateGroupResponse> getUpdateGroupMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.UpdateGroupRequest, io.apogee.proto.admin.v1.UpdateGroupResponse> getUpdateGroupMethod;
    if ((getUpdateGroupMethod = AdminGrpc.getUpdateGroupMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getUpdateGroupMethod = AdminGrpc.getUpdateGroupMethod) == null) {
          AdminGrpc.getUpdateGroupMethod = getUpdateGroupMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.UpdateGroupRequest, io.apogee.proto.admin.v1.UpdateGroupResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateGroup"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.UpdateGroupRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.UpdateGroupResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("UpdateGroup"))
              .build();
        }
      }
    }
    return getUpdateGroupMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.DescribeGroupOffsetsRequest,
      io.apogee.proto.admin.v1.DescribeGroupOffsetsResponse> getDescribeGroupOffsetsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DescribeGroupOffsets",
      requestType = io.apogee.proto.admin.v1.DescribeGroupOffsetsRequest.class,
      responseType = io.apogee.proto.admin.v1.DescribeGroupOffsetsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.DescribeGroupOffsetsRequest,
      io.apogee.proto.admin.v1.DescribeGroupOffsetsResponse> getDescribeGroupOffsetsMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.DescribeGroupOffsetsRequest, io.apogee.proto.admin.v1.DescribeGroupOffsetsResponse> getDescribeGroupOffsetsMethod;
    if ((getDescribeGroupOffsetsMethod = AdminGrpc.getDescribeGroupOffsetsMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getDescribeGroupOffsetsMethod = AdminGrpc.getDescribeGroupOffsetsMethod) == null) {
          AdminGrpc.getDescribeGroupOffsetsMethod = getDescribeGroupOffsetsMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.DescribeGroupOffsetsRequest, io.apogee.proto.admin.v1.DescribeGroupOffsetsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DescribeGroupOffsets"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.DescribeGroupOffsetsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.DescribeGroupOffsetsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("DescribeGroupOffsets"))
              .build();
        }
      }
    }
    return getDescribeGroupOffsetsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ResetOffsetRequest,
      io.apogee.proto.admin.v1.ResetOffsetResponse> getResetOffsetMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ResetOffset",
      requestType = io.apogee.proto.admin.v1.ResetOffsetRequest.class,
      responseType = io.apogee.proto.admin.v1.ResetOffsetResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ResetOffsetRequest,
      io.apogee.proto.admin.v1.ResetOffsetResponse> getResetOffsetMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ResetOffsetRequest, io.apogee.proto.admin.v1.ResetOffsetResponse> getResetOffsetMethod;
    if ((getResetOffsetMethod = AdminGrpc.getResetOffsetMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getResetOffsetMethod = AdminGrpc.getResetOffsetMethod) == null) {
          AdminGrpc.getResetOffsetMethod = getResetOffsetMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.ResetOffsetRequest, io.apogee.proto.admin.v1.ResetOffsetResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ResetOffset"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.ResetOffsetRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.ResetOffsetResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("ResetOffset"))
              .build();
        }
      }
    }
    return getResetOffsetMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ListDlqMessagesRequest,
      io.apogee.proto.admin.v1.ListDlqMessagesResponse> getListDlqMessagesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListDlqMessages",
      requestType = io.apogee.proto.admin.v1.ListDlqMessagesRequest.class,
      responseType = io.apogee.proto.admin.v1.ListDlqMessagesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ListDlqMessagesRequest,
      io.apogee.proto.admin.v1.ListDlqMessagesResponse> getListDlqMessagesMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ListDlqMessagesRequest, io.apogee.proto.admin.v1.ListDlqMessagesResponse> getListDlqMessagesMethod;
    if ((getListDlqMessagesMethod = AdminGrpc.getListDlqMessagesMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getListDlqMessagesMethod = AdminGrpc.getListDlqMessagesMethod) == null) {
          AdminGrpc.getListDlqMessagesMethod = getListDlqMessagesMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.ListDlqMessagesRequest, io.apogee.proto.admin.v1.ListDlqMessagesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListDlqMessages"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.ListDlqMessagesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.ListDlqMessagesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("ListDlqMessages"))
              .build();
        }
      }
    }
    return getListDlqMessagesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ResendDlqMessagesRequest,
      io.apogee.proto.admin.v1.ResendDlqMessagesResponse> getResendDlqMessagesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ResendDlqMessages",
      requestType = io.apogee.proto.admin.v1.ResendDlqMessagesRequest.class,
      responseType = io.apogee.proto.admin.v1.ResendDlqMessagesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ResendDlqMessagesRequest,
      io.apogee.proto.admin.v1.ResendDlqMessagesResponse> getResendDlqMessagesMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ResendDlqMessagesRequest, io.apogee.proto.admin.v1.ResendDlqMessagesResponse> getResendDlqMessagesMethod;
    if ((getResendDlqMessagesMethod = AdminGrpc.getResendDlqMessagesMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getResendDlqMessagesMethod = AdminGrpc.getResendDlqMessagesMethod) == null) {
          AdminGrpc.getResendDlqMessagesMethod = getResendDlqMessagesMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.ResendDlqMessagesRequest, io.apogee.proto.admin.v1.ResendDlqMessagesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ResendDlqMessages"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.ResendDlqMessagesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.ResendDlqMessagesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("ResendDlqMessages"))
              .build();
        }
      }
    }
    return getResendDlqMessagesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.QueryMessageRequest,
      io.apogee.proto.admin.v1.QueryMessageResponse> getQueryMessageMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "QueryMessage",
      requestType = io.apogee.proto.admin.v1.QueryMessageRequest.class,
      responseType = io.apogee.proto.admin.v1.QueryMessageResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.QueryMessageRequest,
      io.apogee.proto.admin.v1.QueryMessageResponse> getQueryMessageMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.QueryMessageRequest, io.apogee.proto.admin.v1.QueryMessageResponse> getQueryMessageMethod;
    if ((getQueryMessageMethod = AdminGrpc.getQueryMessageMethod) == null) {
      synchronized (AdminGrpc.class) {
        if ((getQueryMessageMethod = AdminGrpc.getQueryMessageMethod) == null) {
          AdminGrpc.getQueryMessageMethod = getQueryMessageMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.QueryMessageRequest, io.apogee.proto.admin.v1.QueryMessageResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "QueryMessage"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.QueryMessageRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.QueryMessageResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminMethodDescriptorSupplier("QueryMessage"))
              .build();
        }
      }
    }
    return getQueryMessageMethod;
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
   */
  public interface AsyncService {

    /**
     * <pre>
     * Creates a topic with a queue count and the message types it accepts.
     * </pre>
     */
    default void createTopic(io.apogee.proto.admin.v1.CreateTopicRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.CreateTopicResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateTopicMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists every topic (system topics only when asked).
     * </pre>
     */
    default void listTopics(io.apogee.proto.admin.v1.ListTopicsRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ListTopicsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListTopicsMethod(), responseObserver);
    }

    /**
     * <pre>
     * One topic with the oldest and next offset of each queue.
     * </pre>
     */
    default void describeTopic(io.apogee.proto.admin.v1.DescribeTopicRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.DescribeTopicResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDescribeTopicMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates a consumer group with its start position.
     * </pre>
     */
    default void createGroup(io.apogee.proto.admin.v1.CreateGroupRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.CreateGroupResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateGroupMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists every consumer group.
     * </pre>
     */
    default void listGroups(io.apogee.proto.admin.v1.ListGroupsRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ListGroupsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListGroupsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Changes a group's ordering, broadcasting or retry policy.
     * </pre>
     */
    default void updateGroup(io.apogee.proto.admin.v1.UpdateGroupRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.UpdateGroupResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateGroupMethod(), responseObserver);
    }

    /**
     * <pre>
     * A group's progress on each queue of a topic: offsets, lag, messages in flight.
     * </pre>
     */
    default void describeGroupOffsets(io.apogee.proto.admin.v1.DescribeGroupOffsetsRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.DescribeGroupOffsetsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDescribeGroupOffsetsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Moves a group on every queue of a topic to a time, or to the oldest or newest message.
     * </pre>
     */
    default void resetOffset(io.apogee.proto.admin.v1.ResetOffsetRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ResetOffsetResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getResetOffsetMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists messages in a group's dead-letter queue.
     * </pre>
     */
    default void listDlqMessages(io.apogee.proto.admin.v1.ListDlqMessagesRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ListDlqMessagesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListDlqMessagesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Sends dead-lettered messages again to their original topic.
     * </pre>
     */
    default void resendDlqMessages(io.apogee.proto.admin.v1.ResendDlqMessagesRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ResendDlqMessagesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getResendDlqMessagesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Finds messages by id, or by key within a time range, with their delivery state per group.
     * </pre>
     */
    default void queryMessage(io.apogee.proto.admin.v1.QueryMessageRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.QueryMessageResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getQueryMessageMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service Admin.
   */
  public static abstract class AdminImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return AdminGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service Admin.
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
     * Creates a topic with a queue count and the message types it accepts.
     * </pre>
     */
    public void createTopic(io.apogee.proto.admin.v1.CreateTopicRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.CreateTopicResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateTopicMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists every topic (system topics only when asked).
     * </pre>
     */
    public void listTopics(io.apogee.proto.admin.v1.ListTopicsRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ListTopicsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListTopicsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * One topic with the oldest and next offset of each queue.
     * </pre>
     */
    public void describeTopic(io.apogee.proto.admin.v1.DescribeTopicRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.DescribeTopicResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDescribeTopicMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates a consumer group with its start position.
     * </pre>
     */
    public void createGroup(io.apogee.proto.admin.v1.CreateGroupRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.CreateGroupResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateGroupMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists every consumer group.
     * </pre>
     */
    public void listGroups(io.apogee.proto.admin.v1.ListGroupsRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ListGroupsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListGroupsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Changes a group's ordering, broadcasting or retry policy.
     * </pre>
     */
    public void updateGroup(io.apogee.proto.admin.v1.UpdateGroupRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.UpdateGroupResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateGroupMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * A group's progress on each queue of a topic: offsets, lag, messages in flight.
     * </pre>
     */
    public void describeGroupOffsets(io.apogee.proto.admin.v1.DescribeGroupOffsetsRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.DescribeGroupOffsetsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDescribeGroupOffsetsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Moves a group on every queue of a topic to a time, or to the oldest or newest message.
     * </pre>
     */
    public void resetOffset(io.apogee.proto.admin.v1.ResetOffsetRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ResetOffsetResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getResetOffsetMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists messages in a group's dead-letter queue.
     * </pre>
     */
    public void listDlqMessages(io.apogee.proto.admin.v1.ListDlqMessagesRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ListDlqMessagesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListDlqMessagesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Sends dead-lettered messages again to their original topic.
     * </pre>
     */
    public void resendDlqMessages(io.apogee.proto.admin.v1.ResendDlqMessagesRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ResendDlqMessagesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getResendDlqMessagesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Finds messages by id, or by key within a time range, with their delivery state per group.
     * </pre>
     */
    public void queryMessage(io.apogee.proto.admin.v1.QueryMessageRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.QueryMessageResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getQueryMessageMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service Admin.
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
     * Creates a topic with a queue count and the message types it accepts.
     * </pre>
     */
    public io.apogee.proto.admin.v1.CreateTopicResponse createTopic(io.apogee.proto.admin.v1.CreateTopicRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateTopicMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists every topic (system topics only when asked).
     * </pre>
     */
    public io.apogee.proto.admin.v1.ListTopicsResponse listTopics(io.apogee.proto.admin.v1.ListTopicsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListTopicsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * One topic with the oldest and next offset of each queue.
     * </pre>
     */
    public io.apogee.proto.admin.v1.DescribeTopicResponse describeTopic(io.apogee.proto.admin.v1.DescribeTopicRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDescribeTopicMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a consumer group with its start position.
     * </pre>
     */
    public io.apogee.proto.admin.v1.CreateGroupResponse createGroup(io.apogee.proto.admin.v1.CreateGroupRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateGroupMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists every consumer group.
     * </pre>
     */
    public io.apogee.proto.admin.v1.ListGroupsResponse listGroups(io.apogee.proto.admin.v1.ListGroupsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListGroupsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes a group's ordering, broadcasting or retry policy.
     * </pre>
     */
    public io.apogee.proto.admin.v1.UpdateGroupResponse updateGroup(io.apogee.proto.admin.v1.UpdateGroupRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateGroupMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * A group's progress on each queue of a topic: offsets, lag, messages in flight.
     * </pre>
     */
    public io.apogee.proto.admin.v1.DescribeGroupOffsetsResponse describeGroupOffsets(io.apogee.proto.admin.v1.DescribeGroupOffsetsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDescribeGroupOffsetsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Moves a group on every queue of a topic to a time, or to the oldest or newest message.
     * </pre>
     */
    public io.apogee.proto.admin.v1.ResetOffsetResponse resetOffset(io.apogee.proto.admin.v1.ResetOffsetRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getResetOffsetMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists messages in a group's dead-letter queue.
     * </pre>
     */
    public io.apogee.proto.admin.v1.ListDlqMessagesResponse listDlqMessages(io.apogee.proto.admin.v1.ListDlqMessagesRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListDlqMessagesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sends dead-lettered messages again to their original topic.
     * </pre>
     */
    public io.apogee.proto.admin.v1.ResendDlqMessagesResponse resendDlqMessages(io.apogee.proto.admin.v1.ResendDlqMessagesRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getResendDlqMessagesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Finds messages by id, or by key within a time range, with their delivery state per group.
     * </pre>
     */
    public io.apogee.proto.admin.v1.QueryMessageResponse queryMessage(io.apogee.proto.admin.v1.QueryMessageRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getQueryMessageMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service Admin.
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
     * Creates a topic with a queue count and the message types it accepts.
     * </pre>
     */
    public io.apogee.proto.admin.v1.CreateTopicResponse createTopic(io.apogee.proto.admin.v1.CreateTopicRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateTopicMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists every topic (system topics only when asked).
     * </pre>
     */
    public io.apogee.proto.admin.v1.ListTopicsResponse listTopics(io.apogee.proto.admin.v1.ListTopicsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListTopicsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * One topic with the oldest and next offset of each queue.
     * </pre>
     */
    public io.apogee.proto.admin.v1.DescribeTopicResponse describeTopic(io.apogee.proto.admin.v1.DescribeTopicRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDescribeTopicMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a consumer group with its start position.
     * </pre>
     */
    public io.apogee.proto.admin.v1.CreateGroupResponse createGroup(io.apogee.proto.admin.v1.CreateGroupRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateGroupMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists every consumer group.
     * </pre>
     */
    public io.apogee.proto.admin.v1.ListGroupsResponse listGroups(io.apogee.proto.admin.v1.ListGroupsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListGroupsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes a group's ordering, broadcasting or retry policy.
     * </pre>
     */
    public io.apogee.proto.admin.v1.UpdateGroupResponse updateGroup(io.apogee.proto.admin.v1.UpdateGroupRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateGroupMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * A group's progress on each queue of a topic: offsets, lag, messages in flight.
     * </pre>
     */
    public io.apogee.proto.admin.v1.DescribeGroupOffsetsResponse describeGroupOffsets(io.apogee.proto.admin.v1.DescribeGroupOffsetsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDescribeGroupOffsetsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Moves a group on every queue of a topic to a time, or to the oldest or newest message.
     * </pre>
     */
    public io.apogee.proto.admin.v1.ResetOffsetResponse resetOffset(io.apogee.proto.admin.v1.ResetOffsetRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getResetOffsetMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists messages in a group's dead-letter queue.
     * </pre>
     */
    public io.apogee.proto.admin.v1.ListDlqMessagesResponse listDlqMessages(io.apogee.proto.admin.v1.ListDlqMessagesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListDlqMessagesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sends dead-lettered messages again to their original topic.
     * </pre>
     */
    public io.apogee.proto.admin.v1.ResendDlqMessagesResponse resendDlqMessages(io.apogee.proto.admin.v1.ResendDlqMessagesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getResendDlqMessagesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Finds messages by id, or by key within a time range, with their delivery state per group.
     * </pre>
     */
    public io.apogee.proto.admin.v1.QueryMessageResponse queryMessage(io.apogee.proto.admin.v1.QueryMessageRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getQueryMessageMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service Admin.
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
     * Creates a topic with a queue count and the message types it accepts.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.CreateTopicResponse> createTopic(
        io.apogee.proto.admin.v1.CreateTopicRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateTopicMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists every topic (system topics only when asked).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.ListTopicsResponse> listTopics(
        io.apogee.proto.admin.v1.ListTopicsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListTopicsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * One topic with the oldest and next offset of each queue.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.DescribeTopicResponse> describeTopic(
        io.apogee.proto.admin.v1.DescribeTopicRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDescribeTopicMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates a consumer group with its start position.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.CreateGroupResponse> createGroup(
        io.apogee.proto.admin.v1.CreateGroupRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateGroupMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists every consumer group.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.ListGroupsResponse> listGroups(
        io.apogee.proto.admin.v1.ListGroupsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListGroupsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Changes a group's ordering, broadcasting or retry policy.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.UpdateGroupResponse> updateGroup(
        io.apogee.proto.admin.v1.UpdateGroupRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateGroupMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * A group's progress on each queue of a topic: offsets, lag, messages in flight.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.DescribeGroupOffsetsResponse> describeGroupOffsets(
        io.apogee.proto.admin.v1.DescribeGroupOffsetsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDescribeGroupOffsetsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Moves a group on every queue of a topic to a time, or to the oldest or newest message.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.ResetOffsetResponse> resetOffset(
        io.apogee.proto.admin.v1.ResetOffsetRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getResetOffsetMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists messages in a group's dead-letter queue.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.ListDlqMessagesResponse> listDlqMessages(
        io.apogee.proto.admin.v1.ListDlqMessagesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListDlqMessagesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Sends dead-lettered messages again to their original topic.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.ResendDlqMessagesResponse> resendDlqMessages(
        io.apogee.proto.admin.v1.ResendDlqMessagesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getResendDlqMessagesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Finds messages by id, or by key within a time range, with their delivery state per group.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.QueryMessageResponse> queryMessage(
        io.apogee.proto.admin.v1.QueryMessageRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getQueryMessageMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_TOPIC = 0;
  private static final int METHODID_LIST_TOPICS = 1;
  private static final int METHODID_DESCRIBE_TOPIC = 2;
  private static final int METHODID_CREATE_GROUP = 3;
  private static final int METHODID_LIST_GROUPS = 4;
  private static final int METHODID_UPDATE_GROUP = 5;
  private static final int METHODID_DESCRIBE_GROUP_OFFSETS = 6;
  private static final int METHODID_RESET_OFFSET = 7;
  private static final int METHODID_LIST_DLQ_MESSAGES = 8;
  private static final int METHODID_RESEND_DLQ_MESSAGES = 9;
  private static final int METHODID_QUERY_MESSAGE = 10;

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
        case METHODID_CREATE_TOPIC:
          serviceImpl.createTopic((io.apogee.proto.admin.v1.CreateTopicRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.CreateTopicResponse>) responseObserver);
          break;
        case METHODID_LIST_TOPICS:
          serviceImpl.listTopics((io.apogee.proto.admin.v1.ListTopicsRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ListTopicsResponse>) responseObserver);
          break;
        case METHODID_DESCRIBE_TOPIC:
          serviceImpl.describeTopic((io.apogee.proto.admin.v1.DescribeTopicRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.DescribeTopicResponse>) responseObserver);
          break;
        case METHODID_CREATE_GROUP:
          serviceImpl.createGroup((io.apogee.proto.admin.v1.CreateGroupRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.CreateGroupResponse>) responseObserver);
          break;
        case METHODID_LIST_GROUPS:
          serviceImpl.listGroups((io.apogee.proto.admin.v1.ListGroupsRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ListGroupsResponse>) responseObserver);
          break;
        case METHODID_UPDATE_GROUP:
          serviceImpl.updateGroup((io.apogee.proto.admin.v1.UpdateGroupRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.UpdateGroupResponse>) responseObserver);
          break;
        case METHODID_DESCRIBE_GROUP_OFFSETS:
          serviceImpl.describeGroupOffsets((io.apogee.proto.admin.v1.DescribeGroupOffsetsRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.DescribeGroupOffsetsResponse>) responseObserver);
          break;
        case METHODID_RESET_OFFSET:
          serviceImpl.resetOffset((io.apogee.proto.admin.v1.ResetOffsetRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ResetOffsetResponse>) responseObserver);
          break;
        case METHODID_LIST_DLQ_MESSAGES:
          serviceImpl.listDlqMessages((io.apogee.proto.admin.v1.ListDlqMessagesRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ListDlqMessagesResponse>) responseObserver);
          break;
        case METHODID_RESEND_DLQ_MESSAGES:
          serviceImpl.resendDlqMessages((io.apogee.proto.admin.v1.ResendDlqMessagesRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ResendDlqMessagesResponse>) responseObserver);
          break;
        case METHODID_QUERY_MESSAGE:
          serviceImpl.queryMessage((io.apogee.proto.admin.v1.QueryMessageRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.QueryMessageResponse>) responseObserver);
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
          getCreateTopicMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.CreateTopicRequest,
              io.apogee.proto.admin.v1.CreateTopicResponse>(
                service, METHODID_CREATE_TOPIC)))
        .addMethod(
          getListTopicsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.ListTopicsRequest,
              io.apogee.proto.admin.v1.ListTopicsResponse>(
                service, METHODID_LIST_TOPICS)))
        .addMethod(
          getDescribeTopicMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.DescribeTopicRequest,
              io.apogee.proto.admin.v1.DescribeTopicResponse>(
                service, METHODID_DESCRIBE_TOPIC)))
        .addMethod(
          getCreateGroupMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.CreateGroupRequest,
              io.apogee.proto.admin.v1.CreateGroupResponse>(
                service, METHODID_CREATE_GROUP)))
        .addMethod(
          getListGroupsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.ListGroupsRequest,
              io.apogee.proto.admin.v1.ListGroupsResponse>(
                service, METHODID_LIST_GROUPS)))
        .addMethod(
          getUpdateGroupMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.UpdateGroupRequest,
              io.apogee.proto.admin.v1.UpdateGroupResponse>(
                service, METHODID_UPDATE_GROUP)))
        .addMethod(
          getDescribeGroupOffsetsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.DescribeGroupOffsetsRequest,
              io.apogee.proto.admin.v1.DescribeGroupOffsetsResponse>(
                service, METHODID_DESCRIBE_GROUP_OFFSETS)))
        .addMethod(
          getResetOffsetMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.ResetOffsetRequest,
              io.apogee.proto.admin.v1.ResetOffsetResponse>(
                service, METHODID_RESET_OFFSET)))
        .addMethod(
          getListDlqMessagesMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.ListDlqMessagesRequest,
              io.apogee.proto.admin.v1.ListDlqMessagesResponse>(
                service, METHODID_LIST_DLQ_MESSAGES)))
        .addMethod(
          getResendDlqMessagesMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.ResendDlqMessagesRequest,
              io.apogee.proto.admin.v1.ResendDlqMessagesResponse>(
                service, METHODID_RESEND_DLQ_MESSAGES)))
        .addMethod(
          getQueryMessageMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.QueryMessageRequest,
              io.apogee.proto.admin.v1.QueryMessageResponse>(
                service, METHODID_QUERY_MESSAGE)))
        .build();
  }

  private static abstract class AdminBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    AdminBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.apogee.proto.admin.v1.AdminProto.getDescriptor();
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
              .addMethod(getCreateTopicMethod())
              .addMethod(getListTopicsMethod())
              .addMethod(getDescribeTopicMethod())
              .addMethod(getCreateGroupMethod())
              .addMethod(getListGroupsMethod())
              .addMethod(getUpdateGroupMethod())
              .addMethod(getDescribeGroupOffsetsMethod())
              .addMethod(getResetOffsetMethod())
              .addMethod(getListDlqMessagesMethod())
              .addMethod(getResendDlqMessagesMethod())
              .addMethod(getQueryMessageMethod())
              .build();
        }
      }
    }
    return result;
  }
}
