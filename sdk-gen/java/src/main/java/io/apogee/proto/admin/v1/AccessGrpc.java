package io.apogee.proto.admin.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class AccessGrpc {

  private AccessGrpc() {}

  public static final java.lang.String SERVICE_NAME = "apogee.admin.v1.Access";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.CreateUserRequest,
      io.apogee.proto.admin.v1.UserResponse> getCreateUserMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateUser",
      requestType = io.apogee.proto.admin.v1.CreateUserRequest.class,
      responseType = io.apogee.proto.admin.v1.UserResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.CreateUserRequest,
      io.apogee.proto.admin.v1.UserResponse> getCreateUserMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.CreateUserRequest, io.apogee.proto.admin.v1.UserResponse> getCreateUserMethod;
    if ((getCreateUserMethod = AccessGrpc.getCreateUserMethod) == null) {
      synchronized (AccessGrpc.class) {
        if ((getCreateUserMethod = AccessGrpc.getCreateUserMethod) == null) {
          AccessGrpc.getCreateUserMethod = getCreateUserMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.CreateUserRequest, io.apogee.proto.admin.v1.UserResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateUser"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.CreateUserRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.UserResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessMethodDescriptorSupplier("CreateUser"))
              .build();
        }
      }
    }
    return getCreateUserMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.UpdateUserRequest,
      io.apogee.proto.admin.v1.UserResponse> getUpdateUserMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateUser",
      requestType = io.apogee.proto.admin.v1.UpdateUserRequest.class,
      responseType = io.apogee.proto.admin.v1.UserResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.UpdateUserRequest,
      io.apogee.proto.admin.v1.UserResponse> getUpdateUserMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.UpdateUserRequest, io.apogee.proto.admin.v1.UserResponse> getUpdateUserMethod;
    if ((getUpdateUserMethod = AccessGrpc.getUpdateUserMethod) == null) {
      synchronized (AccessGrpc.class) {
        if ((getUpdateUserMethod = AccessGrpc.getUpdateUserMethod) == null) {
          AccessGrpc.getUpdateUserMethod = getUpdateUserMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.UpdateUserRequest, io.apogee.proto.admin.v1.UserResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateUser"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.UpdateUserRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.UserResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessMethodDescriptorSupplier("UpdateUser"))
              .build();
        }
      }
    }
    return getUpdateUserMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.DeleteUserRequest,
      io.apogee.proto.admin.v1.DeleteUserResponse> getDeleteUserMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteUser",
      requestType = io.apogee.proto.admin.v1.DeleteUserRequest.class,
      responseType = io.apogee.proto.admin.v1.DeleteUserResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.DeleteUserRequest,
      io.apogee.proto.admin.v1.DeleteUserResponse> getDeleteUserMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.DeleteUserRequest, io.apogee.proto.admin.v1.DeleteUserResponse> getDeleteUserMethod;
    if ((getDeleteUserMethod = AccessGrpc.getDeleteUserMethod) == null) {
      synchronized (AccessGrpc.class) {
        if ((getDeleteUserMethod = AccessGrpc.getDeleteUserMethod) == null) {
          AccessGrpc.getDeleteUserMethod = getDeleteUserMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.DeleteUserRequest, io.apogee.proto.admin.v1.DeleteUserResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteUser"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.DeleteUserRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.DeleteUserResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessMethodDescriptorSupplier("DeleteUser"))
              .build();
        }
      }
    }
    return getDeleteUserMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.GetUserRequest,
      io.apogee.proto.admin.v1.UserResponse> getGetUserMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetUser",
      requestType = io.apogee.proto.admin.v1.GetUserRequest.class,
      responseType = io.apogee.proto.admin.v1.UserResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.GetUserRequest,
      io.apogee.proto.admin.v1.UserResponse> getGetUserMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.GetUserRequest, io.apogee.proto.admin.v1.UserResponse> getGetUserMethod;
    if ((getGetUserMethod = AccessGrpc.getGetUserMethod) == null) {
      synchronized (AccessGrpc.class) {
        if ((getGetUserMethod = AccessGrpc.getGetUserMethod) == null) {
          AccessGrpc.getGetUserMethod = getGetUserMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.GetUserRequest, io.apogee.proto.admin.v1.UserResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetUser"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.GetUserRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.UserResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessMethodDescriptorSupplier("GetUser"))
              .build();
        }
      }
    }
    return getGetUserMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ListUsersRequest,
      io.apogee.proto.admin.v1.ListUsersResponse> getListUsersMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListUsers",
      requestType = io.apogee.proto.admin.v1.ListUsersRequest.class,
      responseType = io.apogee.proto.admin.v1.ListUsersResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ListUsersRequest,
      io.apogee.proto.admin.v1.ListUsersResponse> getListUsersMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ListUsersRequest, io.apogee.proto.admin.v1.ListUsersResponse> getListUsersMethod;
    if ((getListUsersMethod = AccessGrpc.getListUsersMethod) == null) {
      synchronized (AccessGrpc.class) {
        if ((getListUsersMethod = AccessGrpc.getListUsersMethod) == null) {
          AccessGrpc.getListUsersMethod = getListUsersMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.ListUsersRequest, io.apogee.proto.admin.v1.ListUsersResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListUsers"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.ListUsersRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.ListUsersResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessMethodDescriptorSupplier("ListUsers"))
              .build();
        }
      }
    }
    return getListUsersMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.PutAclRequest,
      io.apogee.proto.admin.v1.AclResponse> getPutAclMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "PutAcl",
      requestType = io.apogee.proto.admin.v1.PutAclRequest.class,
      responseType = io.apogee.proto.admin.v1.AclResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.PutAclRequest,
      io.apogee.proto.admin.v1.AclResponse> getPutAclMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.PutAclRequest, io.apogee.proto.admin.v1.AclResponse> getPutAclMethod;
    if ((getPutAclMethod = AccessGrpc.getPutAclMethod) == null) {
      synchronized (AccessGrpc.class) {
        if ((getPutAclMethod = AccessGrpc.getPutAclMethod) == null) {
          AccessGrpc.getPutAclMethod = getPutAclMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.PutAclRequest, io.apogee.proto.admin.v1.AclResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "PutAcl"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.PutAclRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.AclResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessMethodDescriptorSupplier("PutAcl"))
              .build();
        }
      }
    }
    return getPutAclMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.DeleteAclRequest,
      io.apogee.proto.admin.v1.DeleteAclResponse> getDeleteAclMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteAcl",
      requestType = io.apogee.proto.admin.v1.DeleteAclRequest.class,
      responseType = io.apogee.proto.admin.v1.DeleteAclResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.DeleteAclRequest,
      io.apogee.proto.admin.v1.DeleteAclResponse> getDeleteAclMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.DeleteAclRequest, io.apogee.proto.admin.v1.DeleteAclResponse> getDeleteAclMethod;
    if ((getDeleteAclMethod = AccessGrpc.getDeleteAclMethod) == null) {
      synchronized (AccessGrpc.class) {
        if ((getDeleteAclMethod = AccessGrpc.getDeleteAclMethod) == null) {
          AccessGrpc.getDeleteAclMethod = getDeleteAclMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.DeleteAclRequest, io.apogee.proto.admin.v1.DeleteAclResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteAcl"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.DeleteAclRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.DeleteAclResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessMethodDescriptorSupplier("DeleteAcl"))
              .build();
        }
      }
    }
    return getDeleteAclMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.GetAclRequest,
      io.apogee.proto.admin.v1.AclResponse> getGetAclMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetAcl",
      requestType = io.apogee.proto.admin.v1.GetAclRequest.class,
      responseType = io.apogee.proto.admin.v1.AclResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.GetAclRequest,
      io.apogee.proto.admin.v1.AclResponse> getGetAclMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.GetAclRequest, io.apogee.proto.admin.v1.AclResponse> getGetAclMethod;
    if ((getGetAclMethod = AccessGrpc.getGetAclMethod) == null) {
      synchronized (AccessGrpc.class) {
        if ((getGetAclMethod = AccessGrpc.getGetAclMethod) == null) {
          AccessGrpc.getGetAclMethod = getGetAclMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.GetAclRequest, io.apogee.proto.admin.v1.AclResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetAcl"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.GetAclRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.AclResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessMethodDescriptorSupplier("GetAcl"))
              .build();
        }
      }
    }
    return getGetAclMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ListAclsRequest,
      io.apogee.proto.admin.v1.ListAclsResponse> getListAclsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListAcls",
      requestType = io.apogee.proto.admin.v1.ListAclsRequest.class,
      responseType = io.apogee.proto.admin.v1.ListAclsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ListAclsRequest,
      io.apogee.proto.admin.v1.ListAclsResponse> getListAclsMethod() {
    io.grpc.MethodDescriptor<io.apogee.proto.admin.v1.ListAclsRequest, io.apogee.proto.admin.v1.ListAclsResponse> getListAclsMethod;
    if ((getListAclsMethod = AccessGrpc.getListAclsMethod) == null) {
      synchronized (AccessGrpc.class) {
        if ((getListAclsMethod = AccessGrpc.getListAclsMethod) == null) {
          AccessGrpc.getListAclsMethod = getListAclsMethod =
              io.grpc.MethodDescriptor.<io.apogee.proto.admin.v1.ListAclsRequest, io.apogee.proto.admin.v1.ListAclsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListAcls"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.ListAclsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.apogee.proto.admin.v1.ListAclsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessMethodDescriptorSupplier("ListAcls"))
              .build();
        }
      }
    }
    return getListAclsMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static AccessStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AccessStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AccessStub>() {
        @java.lang.Override
        public AccessStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AccessStub(channel, callOptions);
        }
      };
    return AccessStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static AccessBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AccessBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AccessBlockingV2Stub>() {
        @java.lang.Override
        public AccessBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AccessBlockingV2Stub(channel, callOptions);
        }
      };
    return AccessBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static AccessBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AccessBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AccessBlockingStub>() {
        @java.lang.Override
        public AccessBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AccessBlockingStub(channel, callOptions);
        }
      };
    return AccessBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static AccessFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AccessFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AccessFutureStub>() {
        @java.lang.Override
        public AccessFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AccessFutureStub(channel, callOptions);
        }
      };
    return AccessFutureStub.newStub(factory, channel);
  }

  /**
   */
  public interface AsyncService {

    /**
     * <pre>
     * Creates a user (an access key with its secret).
     * </pre>
     */
    default void createUser(io.apogee.proto.admin.v1.CreateUserRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.UserResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateUserMethod(), responseObserver);
    }

    /**
     * <pre>
     * Changes a user's secret, type or status; unset fields keep their value.
     * </pre>
     */
    default void updateUser(io.apogee.proto.admin.v1.UpdateUserRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.UserResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateUserMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes a user and its ACL.
     * </pre>
     */
    default void deleteUser(io.apogee.proto.admin.v1.DeleteUserRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.DeleteUserResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteUserMethod(), responseObserver);
    }

    /**
     * <pre>
     * One user (without its secret).
     * </pre>
     */
    default void getUser(io.apogee.proto.admin.v1.GetUserRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.UserResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetUserMethod(), responseObserver);
    }

    /**
     * <pre>
     * Every user (without secrets).
     * </pre>
     */
    default void listUsers(io.apogee.proto.admin.v1.ListUsersRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ListUsersResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListUsersMethod(), responseObserver);
    }

    /**
     * <pre>
     * Adds entries to a user's ACL; an entry for a resource the ACL already has replaces it.
     * </pre>
     */
    default void putAcl(io.apogee.proto.admin.v1.PutAclRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.AclResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getPutAclMethod(), responseObserver);
    }

    /**
     * <pre>
     * Removes one resource's entry from a user's ACL, or the whole ACL.
     * </pre>
     */
    default void deleteAcl(io.apogee.proto.admin.v1.DeleteAclRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.DeleteAclResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteAclMethod(), responseObserver);
    }

    /**
     * <pre>
     * One user's ACL.
     * </pre>
     */
    default void getAcl(io.apogee.proto.admin.v1.GetAclRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.AclResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetAclMethod(), responseObserver);
    }

    /**
     * <pre>
     * Every ACL.
     * </pre>
     */
    default void listAcls(io.apogee.proto.admin.v1.ListAclsRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ListAclsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListAclsMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service Access.
   */
  public static abstract class AccessImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return AccessGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service Access.
   */
  public static final class AccessStub
      extends io.grpc.stub.AbstractAsyncStub<AccessStub> {
    private AccessStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AccessStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AccessStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a user (an access key with its secret).
     * </pre>
     */
    public void createUser(io.apogee.proto.admin.v1.CreateUserRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.UserResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateUserMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Changes a user's secret, type or status; unset fields keep their value.
     * </pre>
     */
    public void updateUser(io.apogee.proto.admin.v1.UpdateUserRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.UserResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateUserMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes a user and its ACL.
     * </pre>
     */
    public void deleteUser(io.apogee.proto.admin.v1.DeleteUserRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.DeleteUserResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteUserMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * One user (without its secret).
     * </pre>
     */
    public void getUser(io.apogee.proto.admin.v1.GetUserRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.UserResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetUserMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Every user (without secrets).
     * </pre>
     */
    public void listUsers(io.apogee.proto.admin.v1.ListUsersRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ListUsersResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListUsersMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Adds entries to a user's ACL; an entry for a resource the ACL already has replaces it.
     * </pre>
     */
    public void putAcl(io.apogee.proto.admin.v1.PutAclRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.AclResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getPutAclMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Removes one resource's entry from a user's ACL, or the whole ACL.
     * </pre>
     */
    public void deleteAcl(io.apogee.proto.admin.v1.DeleteAclRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.DeleteAclResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteAclMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * One user's ACL.
     * </pre>
     */
    public void getAcl(io.apogee.proto.admin.v1.GetAclRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.AclResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetAclMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Every ACL.
     * </pre>
     */
    public void listAcls(io.apogee.proto.admin.v1.ListAclsRequest request,
        io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ListAclsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListAclsMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service Access.
   */
  public static final class AccessBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<AccessBlockingV2Stub> {
    private AccessBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AccessBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AccessBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a user (an access key with its secret).
     * </pre>
     */
    public io.apogee.proto.admin.v1.UserResponse createUser(io.apogee.proto.admin.v1.CreateUserRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes a user's secret, type or status; unset fields keep their value.
     * </pre>
     */
    public io.apogee.proto.admin.v1.UserResponse updateUser(io.apogee.proto.admin.v1.UpdateUserRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a user and its ACL.
     * </pre>
     */
    public io.apogee.proto.admin.v1.DeleteUserResponse deleteUser(io.apogee.proto.admin.v1.DeleteUserRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * One user (without its secret).
     * </pre>
     */
    public io.apogee.proto.admin.v1.UserResponse getUser(io.apogee.proto.admin.v1.GetUserRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Every user (without secrets).
     * </pre>
     */
    public io.apogee.proto.admin.v1.ListUsersResponse listUsers(io.apogee.proto.admin.v1.ListUsersRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListUsersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Adds entries to a user's ACL; an entry for a resource the ACL already has replaces it.
     * </pre>
     */
    public io.apogee.proto.admin.v1.AclResponse putAcl(io.apogee.proto.admin.v1.PutAclRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getPutAclMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes one resource's entry from a user's ACL, or the whole ACL.
     * </pre>
     */
    public io.apogee.proto.admin.v1.DeleteAclResponse deleteAcl(io.apogee.proto.admin.v1.DeleteAclRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteAclMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * One user's ACL.
     * </pre>
     */
    public io.apogee.proto.admin.v1.AclResponse getAcl(io.apogee.proto.admin.v1.GetAclRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetAclMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Every ACL.
     * </pre>
     */
    public io.apogee.proto.admin.v1.ListAclsResponse listAcls(io.apogee.proto.admin.v1.ListAclsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListAclsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service Access.
   */
  public static final class AccessBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<AccessBlockingStub> {
    private AccessBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AccessBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AccessBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a user (an access key with its secret).
     * </pre>
     */
    public io.apogee.proto.admin.v1.UserResponse createUser(io.apogee.proto.admin.v1.CreateUserRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes a user's secret, type or status; unset fields keep their value.
     * </pre>
     */
    public io.apogee.proto.admin.v1.UserResponse updateUser(io.apogee.proto.admin.v1.UpdateUserRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a user and its ACL.
     * </pre>
     */
    public io.apogee.proto.admin.v1.DeleteUserResponse deleteUser(io.apogee.proto.admin.v1.DeleteUserRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * One user (without its secret).
     * </pre>
     */
    public io.apogee.proto.admin.v1.UserResponse getUser(io.apogee.proto.admin.v1.GetUserRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Every user (without secrets).
     * </pre>
     */
    public io.apogee.proto.admin.v1.ListUsersResponse listUsers(io.apogee.proto.admin.v1.ListUsersRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListUsersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Adds entries to a user's ACL; an entry for a resource the ACL already has replaces it.
     * </pre>
     */
    public io.apogee.proto.admin.v1.AclResponse putAcl(io.apogee.proto.admin.v1.PutAclRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getPutAclMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes one resource's entry from a user's ACL, or the whole ACL.
     * </pre>
     */
    public io.apogee.proto.admin.v1.DeleteAclResponse deleteAcl(io.apogee.proto.admin.v1.DeleteAclRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteAclMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * One user's ACL.
     * </pre>
     */
    public io.apogee.proto.admin.v1.AclResponse getAcl(io.apogee.proto.admin.v1.GetAclRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetAclMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Every ACL.
     * </pre>
     */
    public io.apogee.proto.admin.v1.ListAclsResponse listAcls(io.apogee.proto.admin.v1.ListAclsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListAclsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service Access.
   */
  public static final class AccessFutureStub
      extends io.grpc.stub.AbstractFutureStub<AccessFutureStub> {
    private AccessFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AccessFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AccessFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a user (an access key with its secret).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.UserResponse> createUser(
        io.apogee.proto.admin.v1.CreateUserRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateUserMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Changes a user's secret, type or status; unset fields keep their value.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.UserResponse> updateUser(
        io.apogee.proto.admin.v1.UpdateUserRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateUserMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes a user and its ACL.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.DeleteUserResponse> deleteUser(
        io.apogee.proto.admin.v1.DeleteUserRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteUserMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * One user (without its secret).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.UserResponse> getUser(
        io.apogee.proto.admin.v1.GetUserRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetUserMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Every user (without secrets).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.ListUsersResponse> listUsers(
        io.apogee.proto.admin.v1.ListUsersRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListUsersMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Adds entries to a user's ACL; an entry for a resource the ACL already has replaces it.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.AclResponse> putAcl(
        io.apogee.proto.admin.v1.PutAclRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getPutAclMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Removes one resource's entry from a user's ACL, or the whole ACL.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.DeleteAclResponse> deleteAcl(
        io.apogee.proto.admin.v1.DeleteAclRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteAclMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * One user's ACL.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.AclResponse> getAcl(
        io.apogee.proto.admin.v1.GetAclRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetAclMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Every ACL.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.apogee.proto.admin.v1.ListAclsResponse> listAcls(
        io.apogee.proto.admin.v1.ListAclsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListAclsMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_USER = 0;
  private static final int METHODID_UPDATE_USER = 1;
  private static final int METHODID_DELETE_USER = 2;
  private static final int METHODID_GET_USER = 3;
  private static final int METHODID_LIST_USERS = 4;
  private static final int METHODID_PUT_ACL = 5;
  private static final int METHODID_DELETE_ACL = 6;
  private static final int METHODID_GET_ACL = 7;
  private static final int METHODID_LIST_ACLS = 8;

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
        case METHODID_CREATE_USER:
          serviceImpl.createUser((io.apogee.proto.admin.v1.CreateUserRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.UserResponse>) responseObserver);
          break;
        case METHODID_UPDATE_USER:
          serviceImpl.updateUser((io.apogee.proto.admin.v1.UpdateUserRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.UserResponse>) responseObserver);
          break;
        case METHODID_DELETE_USER:
          serviceImpl.deleteUser((io.apogee.proto.admin.v1.DeleteUserRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.DeleteUserResponse>) responseObserver);
          break;
        case METHODID_GET_USER:
          serviceImpl.getUser((io.apogee.proto.admin.v1.GetUserRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.UserResponse>) responseObserver);
          break;
        case METHODID_LIST_USERS:
          serviceImpl.listUsers((io.apogee.proto.admin.v1.ListUsersRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ListUsersResponse>) responseObserver);
          break;
        case METHODID_PUT_ACL:
          serviceImpl.putAcl((io.apogee.proto.admin.v1.PutAclRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.AclResponse>) responseObserver);
          break;
        case METHODID_DELETE_ACL:
          serviceImpl.deleteAcl((io.apogee.proto.admin.v1.DeleteAclRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.DeleteAclResponse>) responseObserver);
          break;
        case METHODID_GET_ACL:
          serviceImpl.getAcl((io.apogee.proto.admin.v1.GetAclRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.AclResponse>) responseObserver);
          break;
        case METHODID_LIST_ACLS:
          serviceImpl.listAcls((io.apogee.proto.admin.v1.ListAclsRequest) request,
              (io.grpc.stub.StreamObserver<io.apogee.proto.admin.v1.ListAclsResponse>) responseObserver);
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
          getCreateUserMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.CreateUserRequest,
              io.apogee.proto.admin.v1.UserResponse>(
                service, METHODID_CREATE_USER)))
        .addMethod(
          getUpdateUserMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.UpdateUserRequest,
              io.apogee.proto.admin.v1.UserResponse>(
                service, METHODID_UPDATE_USER)))
        .addMethod(
          getDeleteUserMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.DeleteUserRequest,
              io.apogee.proto.admin.v1.DeleteUserResponse>(
                service, METHODID_DELETE_USER)))
        .addMethod(
          getGetUserMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.GetUserRequest,
              io.apogee.proto.admin.v1.UserResponse>(
                service, METHODID_GET_USER)))
        .addMethod(
          getListUsersMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.ListUsersRequest,
              io.apogee.proto.admin.v1.ListUsersResponse>(
                service, METHODID_LIST_USERS)))
        .addMethod(
          getPutAclMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.PutAclRequest,
              io.apogee.proto.admin.v1.AclResponse>(
                service, METHODID_PUT_ACL)))
        .addMethod(
          getDeleteAclMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.DeleteAclRequest,
              io.apogee.proto.admin.v1.DeleteAclResponse>(
                service, METHODID_DELETE_ACL)))
        .addMethod(
          getGetAclMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.GetAclRequest,
              io.apogee.proto.admin.v1.AclResponse>(
                service, METHODID_GET_ACL)))
        .addMethod(
          getListAclsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.apogee.proto.admin.v1.ListAclsRequest,
              io.apogee.proto.admin.v1.ListAclsResponse>(
                service, METHODID_LIST_ACLS)))
        .build();
  }

  private static abstract class AccessBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    AccessBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.apogee.proto.admin.v1.AccessProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("Access");
    }
  }

  private static final class AccessFileDescriptorSupplier
      extends AccessBaseDescriptorSupplier {
    AccessFileDescriptorSupplier() {}
  }

  private static final class AccessMethodDescriptorSupplier
      extends AccessBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    AccessMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (AccessGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new AccessFileDescriptorSupplier())
              .addMethod(getCreateUserMethod())
              .addMethod(getUpdateUserMethod())
              .addMethod(getDeleteUserMethod())
              .addMethod(getGetUserMethod())
              .addMethod(getListUsersMethod())
              .addMethod(getPutAclMethod())
              .addMethod(getDeleteAclMethod())
              .addMethod(getGetAclMethod())
              .addMethod(getListAclsMethod())
              .build();
        }
      }
    }
    return result;
  }
}
