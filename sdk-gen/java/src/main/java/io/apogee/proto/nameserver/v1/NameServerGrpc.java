package io.apogee.proto.nameserver.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class NameServerGrpc {

  private NameServerGrpc() {}

  public static final java.lang.String SERVICE_NAME = "apogee.nameserver.v1.NameServer";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.nameserver.v1.RegisterBrokerRequest,
      io.apogee.proto.nameserver.v1.RegisterBrokerResponse> getRegisterBrokerMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RegisterBroker",
      requestType = io.apogee.proto.nameserver.v1.RegisterBrokerRequest.class,
      responseType = io.apogee.proto.nameserver.v1.RegisterBrokerResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.nameserver.v1.RegisterBrokerRequest,
      io.apogee.proto.nameserver.v1.RegisterBrokerResponse> getRegisterBrokerMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.nameserver.v1.RegisterBrokerRequest, io.apogee.proto.nameserver.v1.RegisterBrokerResponse> getRegisterBrokerMethod;
    if ((getRegisterBrokerMethod = NameServerGrpc.getRegisterBrokerMethod) == null) {
      synchronized (NameServerGrpc.class) {
        if ((getRegisterBrokerMethod = NameServerGrpc.getRegisterBrokerMethod) == null) {
          NameServerGrpc.getRegisterBrokerMethod = getRegisterBrokerMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.nameserver.v1.RegisterBrokerRequest, io.apogee.proto.nameserver.v1.RegisterBrokerResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RegisterBroker"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.nameserver.v1.RegisterBrokerRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.nameserver.v1.RegisterBrokerResponse.getDefaultInstance()))
              .setSchemaDescriptor(new NameServerMethodDescriptorSupplier("RegisterBroker"))
              .build();
        }
      }
    }
    return getRegisterBrokerMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.nameserver.v1.UnregisterBrokerRequest,
      io.apogee.proto.nameserver.v1.UnregisterBrokerResponse> getUnregisterBrokerMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UnregisterBroker",
      requestType = io.apogee.proto.nameserver.v1.UnregisterBrokerRequest.class,
      responseType = io.apogee.proto.nameserver.v1.UnregisterBrokerResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.nameserver.v1.UnregisterBrokerRequest,
      io.apogee.proto.nameserver.v1.UnregisterBrokerResponse> getUnregisterBrokerMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.nameserver.v1.UnregisterBrokerRequest, io.apogee.proto.nameserver.v1.UnregisterBrokerResponse> getUnregisterBrokerMethod;
    if ((getUnregisterBrokerMethod = NameServerGrpc.getUnregisterBrokerMethod) == null) {
      synchronized (NameServerGrpc.class) {
        if ((getUnregisterBrokerMethod = NameServerGrpc.getUnregisterBrokerMethod) == null) {
          NameServerGrpc.getUnregisterBrokerMethod = getUnregisterBrokerMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.nameserver.v1.UnregisterBrokerRequest, io.apogee.proto.nameserver.v1.UnregisterBrokerResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UnregisterBroker"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.nameserver.v1.UnregisterBrokerRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.nameserver.v1.UnregisterBrokerResponse.getDefaultInstance()))
              .setSchemaDescriptor(new NameServerMethodDescriptorSupplier("UnregisterBroker"))
              .build();
        }
      }
    }
    return getUnregisterBrokerMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.nameserver.v1.GetRouteRequest,
      io.apogee.proto.nameserver.v1.GetRouteResponse> getGetRouteMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetRoute",
      requestType = io.apogee.proto.nameserver.v1.GetRouteRequest.class,
      responseType = io.apogee.proto.nameserver.v1.GetRouteResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.nameserver.v1.GetRouteRequest,
      io.apogee.proto.nameserver.v1.GetRouteResponse> getGetRouteMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.nameserver.v1.GetRouteRequest, io.apogee.proto.nameserver.v1.GetRouteResponse> getGetRouteMethod;
    if ((getGetRouteMethod = NameServerGrpc.getGetRouteMethod) == null) {
      synchronized (NameServerGrpc.class) {
        if ((getGetRouteMethod = NameServerGrpc.getGetRouteMethod) == null) {
          NameServerGrpc.getGetRouteMethod = getGetRouteMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.nameserver.v1.GetRouteRequest, io.apogee.proto.nameserver.v1.GetRouteResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetRoute"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.nameserver.v1.GetRouteRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.nameserver.v1.GetRouteResponse.getDefaultInstance()))
              .setSchemaDescriptor(new NameServerMethodDescriptorSupplier("GetRoute"))
              .build();
        }
      }
    }
    return getGetRouteMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.nameserver.v1.ListBrokersRequest,
      io.apogee.proto.nameserver.v1.ListBrokersResponse> getListBrokersMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListBrokers",
      requestType = io.apogee.proto.nameserver.v1.ListBrokersRequest.class,
      responseType = io.apogee.proto.nameserver.v1.ListBrokersResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.nameserver.v1.ListBrokersRequest,
      io.apogee.proto.nameserver.v1.ListBrokersResponse> getListBrokersMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.nameserver.v1.ListBrokersRequest, io.apogee.proto.nameserver.v1.ListBrokersResponse> getListBrokersMethod;
    if ((getListBrokersMethod = NameServerGrpc.getListBrokersMethod) == null) {
      synchronized (NameServerGrpc.class) {
        if ((getListBrokersMethod = NameServerGrpc.getListBrokersMethod) == null) {
          NameServerGrpc.getListBrokersMethod = getListBrokersMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.nameserver.v1.ListBrokersRequest, io.apogee.proto.nameserver.v1.ListBrokersResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListBrokers"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.nameserver.v1.ListBrokersRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.nameserver.v1.ListBrokersResponse.getDefaultInstance()))
              .setSchemaDescriptor(new NameServerMethodDescriptorSupplier("ListBrokers"))
              .build();
        }
      }
    }
    return getListBrokersMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.nameserver.v1.GetClusterInfoRequest,
      io.apogee.proto.nameserver.v1.GetClusterInfoResponse> getGetClusterInfoMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetClusterInfo",
      requestType = io.apogee.proto.nameserver.v1.GetClusterInfoRequest.class,
      responseType = io.apogee.proto.nameserver.v1.GetClusterInfoResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.nameserver.v1.GetClusterInfoRequest,
      io.apogee.proto.nameserver.v1.GetClusterInfoResponse> getGetClusterInfoMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.nameserver.v1.GetClusterInfoRequest, io.apogee.proto.nameserver.v1.GetClusterInfoResponse> getGetClusterInfoMethod;
    if ((getGetClusterInfoMethod = NameServerGrpc.getGetClusterInfoMethod) == null) {
      synchronized (NameServerGrpc.class) {
        if ((getGetClusterInfoMethod = NameServerGrpc.getGetClusterInfoMethod) == null) {
          NameServerGrpc.getGetClusterInfoMethod = getGetClusterInfoMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.nameserver.v1.GetClusterInfoRequest, io.apogee.proto.nameserver.v1.GetClusterInfoResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetClusterInfo"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.nameserver.v1.GetClusterInfoRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.nameserver.v1.GetClusterInfoResponse.getDefaultInstance()))
              .setSchemaDescriptor(new NameServerMethodDescriptorSupplier("GetClusterInfo"))
              .build();
        }
      }
    }
    return getGetClusterInfoMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static NameServerStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<NameServerStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<NameServerStub>() {
        @java.lang.Override
        public NameServerStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new NameServerStub(channel, callOptions);
        }
      };
    return NameServerStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static NameServerBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<NameServerBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<NameServerBlockingV2Stub>() {
        @java.lang.Override
        public NameServerBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new NameServerBlockingV2Stub(channel, callOptions);
        }
      };
    return NameServerBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static NameServerBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<NameServerBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<NameServerBlockingStub>() {
        @java.lang.Override
        public NameServerBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new NameServerBlockingStub(channel, callOptions);
        }
      };
    return NameServerBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static NameServerFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<NameServerFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<NameServerFutureStub>() {
        @java.lang.Override
        public NameServerFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new NameServerFutureStub(channel, callOptions);
        }
      };
    return NameServerFutureStub.newStub(factory, channel);
  }

  /**
   */
  public interface AsyncService {

    /**
     * <pre>
     * Registers a broker and its topics, or refreshes a registration (heartbeat).
     * </pre>
     */
    default void registerBroker(io.apogee.proto.nameserver.v1.RegisterBrokerRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.nameserver.v1.RegisterBrokerResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRegisterBrokerMethod(), responseObserver);
    }

    /**
     * <pre>
     * Removes a broker at once (clean shutdown).
     * </pre>
     */
    default void unregisterBroker(io.apogee.proto.nameserver.v1.UnregisterBrokerRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.nameserver.v1.UnregisterBrokerResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUnregisterBrokerMethod(), responseObserver);
    }

    /**
     * <pre>
     * Which live brokers hold a topic, and how many queues each has.
     * </pre>
     */
    default void getRoute(io.apogee.proto.nameserver.v1.GetRouteRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.nameserver.v1.GetRouteResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetRouteMethod(), responseObserver);
    }

    /**
     * <pre>
     * Every live broker.
     * </pre>
     */
    default void listBrokers(io.apogee.proto.nameserver.v1.ListBrokersRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.nameserver.v1.ListBrokersResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListBrokersMethod(), responseObserver);
    }

    /**
     * <pre>
     * Every live broker with its role and when it was last heard from.
     * </pre>
     */
    default void getClusterInfo(io.apogee.proto.nameserver.v1.GetClusterInfoRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.nameserver.v1.GetClusterInfoResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetClusterInfoMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service NameServer.
   */
  public static abstract class NameServerImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return NameServerGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service NameServer.
   */
  public static final class NameServerStub
      extends io.grpc.stub.AbstractAsyncStub<NameServerStub> {
    private NameServerStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected NameServerStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new NameServerStub(channel, callOptions);
    }

    /**
     * <pre>
     * Registers a broker and its topics, or refreshes a registration (heartbeat).
     * </pre>
     */
    public void registerBroker(io.apogee.proto.nameserver.v1.RegisterBrokerRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.nameserver.v1.RegisterBrokerResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRegisterBrokerMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Removes a broker at once (clean shutdown).
     * </pre>
     */
    public void unregisterBroker(io.apogee.proto.nameserver.v1.UnregisterBrokerRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.nameserver.v1.UnregisterBrokerResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUnregisterBrokerMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Which live brokers hold a topic, and how many queues each has.
     * </pre>
     */
    public void getRoute(io.apogee.proto.nameserver.v1.GetRouteRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.nameserver.v1.GetRouteResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetRouteMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Every live broker.
     * </pre>
     */
    public void listBrokers(io.apogee.proto.nameserver.v1.ListBrokersRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.nameserver.v1.ListBrokersResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListBrokersMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Every live broker with its role and when it was last heard from.
     * </pre>
     */
    public void getClusterInfo(io.apogee.proto.nameserver.v1.GetClusterInfoRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.nameserver.v1.GetClusterInfoResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetClusterInfoMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service NameServer.
   */
  public static final class NameServerBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<NameServerBlockingV2Stub> {
    private NameServerBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected NameServerBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new NameServerBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Registers a broker and its topics, or refreshes a registration (heartbeat).
     * </pre>
     */
    public io.apogee.proto.nameserver.v1.RegisterBrokerResponse registerBroker(io.apogee.proto.nameserver.v1.RegisterBrokerRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRegisterBrokerMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes a broker at once (clean shutdown).
     * </pre>
     */
    public io.apogee.proto.nameserver.v1.UnregisterBrokerResponse unregisterBroker(io.apogee.proto.nameserver.v1.UnregisterBrokerRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUnregisterBrokerMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Which live brokers hold a topic, and how many queues each has.
     * </pre>
     */
    public io.apogee.proto.nameserver.v1.GetRouteResponse getRoute(io.apogee.proto.nameserver.v1.GetRouteRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetRouteMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Every live broker.
     * </pre>
     */
    public io.apogee.proto.nameserver.v1.ListBrokersResponse listBrokers(io.apogee.proto.nameserver.v1.ListBrokersRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListBrokersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Every live broker with its role and when it was last heard from.
     * </pre>
     */
    public io.apogee.proto.nameserver.v1.GetClusterInfoResponse getClusterInfo(io.apogee.proto.nameserver.v1.GetClusterInfoRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetClusterInfoMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service NameServer.
   */
  public static final class NameServerBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<NameServerBlockingStub> {
    private NameServerBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected NameServerBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new NameServerBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Registers a broker and its topics, or refreshes a registration (heartbeat).
     * </pre>
     */
    public io.apogee.proto.nameserver.v1.RegisterBrokerResponse registerBroker(io.apogee.proto.nameserver.v1.RegisterBrokerRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRegisterBrokerMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes a broker at once (clean shutdown).
     * </pre>
     */
    public io.apogee.proto.nameserver.v1.UnregisterBrokerResponse unregisterBroker(io.apogee.proto.nameserver.v1.UnregisterBrokerRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUnregisterBrokerMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Which live brokers hold a topic, and how many queues each has.
     * </pre>
     */
    public io.apogee.proto.nameserver.v1.GetRouteResponse getRoute(io.apogee.proto.nameserver.v1.GetRouteRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetRouteMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Every live broker.
     * </pre>
     */
    public io.apogee.proto.nameserver.v1.ListBrokersResponse listBrokers(io.apogee.proto.nameserver.v1.ListBrokersRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListBrokersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Every live broker with its role and when it was last heard from.
     * </pre>
     */
    public io.apogee.proto.nameserver.v1.GetClusterInfoResponse getClusterInfo(io.apogee.proto.nameserver.v1.GetClusterInfoRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetClusterInfoMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service NameServer.
   */
  public static final class NameServerFutureStub
      extends io.grpc.stub.AbstractFutureStub<NameServerFutureStub> {
    private NameServerFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected NameServerFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new NameServerFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Registers a broker and its topics, or refreshes a registration (heartbeat).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.nameserver.v1.RegisterBrokerResponse> registerBroker(
        io.apogee.proto.nameserver.v1.RegisterBrokerRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRegisterBrokerMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Removes a broker at once (clean shutdown).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.nameserver.v1.UnregisterBrokerResponse> unregisterBroker(
        io.apogee.proto.nameserver.v1.UnregisterBrokerRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUnregisterBrokerMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Which live brokers hold a topic, and how many queues each has.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.nameserver.v1.GetRouteResponse> getRoute(
        io.apogee.proto.nameserver.v1.GetRouteRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetRouteMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Every live broker.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.nameserver.v1.ListBrokersResponse> listBrokers(
        io.apogee.proto.nameserver.v1.ListBrokersRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListBrokersMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Every live broker with its role and when it was last heard from.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.nameserver.v1.GetClusterInfoResponse> getClusterInfo(
        io.apogee.proto.nameserver.v1.GetClusterInfoRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetClusterInfoMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_REGISTER_BROKER = 0;
  private static final int METHODID_UNREGISTER_BROKER = 1;
  private static final int METHODID_GET_ROUTE = 2;
  private static final int METHODID_LIST_BROKERS = 3;
  private static final int METHODID_GET_CLUSTER_INFO = 4;

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
        case METHODID_REGISTER_BROKER:
          serviceImpl.registerBroker((io.apogee.proto.nameserver.v1.RegisterBrokerRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.nameserver.v1.RegisterBrokerResponse>) responseObserver);
          break;
        case METHODID_UNREGISTER_BROKER:
          serviceImpl.unregisterBroker((io.apogee.proto.nameserver.v1.UnregisterBrokerRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.nameserver.v1.UnregisterBrokerResponse>) responseObserver);
          break;
        case METHODID_GET_ROUTE:
          serviceImpl.getRoute((io.apogee.proto.nameserver.v1.GetRouteRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.nameserver.v1.GetRouteResponse>) responseObserver);
          break;
        case METHODID_LIST_BROKERS:
          serviceImpl.listBrokers((io.apogee.proto.nameserver.v1.ListBrokersRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.nameserver.v1.ListBrokersResponse>) responseObserver);
          break;
        case METHODID_GET_CLUSTER_INFO:
          serviceImpl.getClusterInfo((io.apogee.proto.nameserver.v1.GetClusterInfoRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.nameserver.v1.GetClusterInfoResponse>) responseObserver);
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
          getRegisterBrokerMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.nameserver.v1.RegisterBrokerRequest,
              io.apogee.proto.nameserver.v1.RegisterBrokerResponse>(
                service, METHODID_REGISTER_BROKER)))
        .addMethod(
          getUnregisterBrokerMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.nameserver.v1.UnregisterBrokerRequest,
              io.apogee.proto.nameserver.v1.UnregisterBrokerResponse>(
                service, METHODID_UNREGISTER_BROKER)))
        .addMethod(
          getGetRouteMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.nameserver.v1.GetRouteRequest,
              io.apogee.proto.nameserver.v1.GetRouteResponse>(
                service, METHODID_GET_ROUTE)))
        .addMethod(
          getListBrokersMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.nameserver.v1.ListBrokersRequest,
              io.apogee.proto.nameserver.v1.ListBrokersResponse>(
                service, METHODID_LIST_BROKERS)))
        .addMethod(
          getGetClusterInfoMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.nameserver.v1.GetClusterInfoRequest,
              io.apogee.proto.nameserver.v1.GetClusterInfoResponse>(
                service, METHODID_GET_CLUSTER_INFO)))
        .build();
  }

  private static abstract class NameServerBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    NameServerBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.apogee.proto.nameserver.v1.NameserverProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("NameServer");
    }
  }

  private static final class NameServerFileDescriptorSupplier
      extends NameServerBaseDescriptorSupplier {
    NameServerFileDescriptorSupplier() {}
  }

  private static final class NameServerMethodDescriptorSupplier
      extends NameServerBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    NameServerMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (NameServerGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new NameServerFileDescriptorSupplier())
              .addMethod(getRegisterBrokerMethod())
              .addMethod(getUnregisterBrokerMethod())
              .addMethod(getGetRouteMethod())
              .addMethod(getListBrokersMethod())
              .addMethod(getGetClusterInfoMethod())
              .build();
        }
      }
    }
    return result;
  }
}
