from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TopicEntry(_message.Message):
    __slots__ = ("name", "queues", "message_types")
    NAME_FIELD_NUMBER: _ClassVar[int]
    QUEUES_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_TYPES_FIELD_NUMBER: _ClassVar[int]
    name: str
    queues: int
    message_types: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., queues: _Optional[int] = ..., message_types: _Optional[_Iterable[str]] = ...) -> None: ...

class BrokerInfo(_message.Message):
    __slots__ = ("name", "cluster", "client_endpoint", "topics", "broker_id", "next_log_offset", "replicas", "acting_master")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CLUSTER_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ENDPOINT_FIELD_NUMBER: _ClassVar[int]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    BROKER_ID_FIELD_NUMBER: _ClassVar[int]
    NEXT_LOG_OFFSET_FIELD_NUMBER: _ClassVar[int]
    REPLICAS_FIELD_NUMBER: _ClassVar[int]
    ACTING_MASTER_FIELD_NUMBER: _ClassVar[int]
    name: str
    cluster: str
    client_endpoint: str
    topics: _containers.RepeatedCompositeFieldContainer[TopicEntry]
    broker_id: int
    next_log_offset: int
    replicas: _containers.RepeatedCompositeFieldContainer[ReplicaInfo]
    acting_master: bool
    def __init__(self, name: _Optional[str] = ..., cluster: _Optional[str] = ..., client_endpoint: _Optional[str] = ..., topics: _Optional[_Iterable[_Union[TopicEntry, _Mapping]]] = ..., broker_id: _Optional[int] = ..., next_log_offset: _Optional[int] = ..., replicas: _Optional[_Iterable[_Union[ReplicaInfo, _Mapping]]] = ..., acting_master: _Optional[bool] = ...) -> None: ...

class RegisterBrokerRequest(_message.Message):
    __slots__ = ("broker", "ttl_ms")
    BROKER_FIELD_NUMBER: _ClassVar[int]
    TTL_MS_FIELD_NUMBER: _ClassVar[int]
    broker: BrokerInfo
    ttl_ms: int
    def __init__(self, broker: _Optional[_Union[BrokerInfo, _Mapping]] = ..., ttl_ms: _Optional[int] = ...) -> None: ...

class RegisterBrokerResponse(_message.Message):
    __slots__ = ("expires_at_ms",)
    EXPIRES_AT_MS_FIELD_NUMBER: _ClassVar[int]
    expires_at_ms: int
    def __init__(self, expires_at_ms: _Optional[int] = ...) -> None: ...

class UnregisterBrokerRequest(_message.Message):
    __slots__ = ("name", "broker_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    BROKER_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    broker_id: int
    def __init__(self, name: _Optional[str] = ..., broker_id: _Optional[int] = ...) -> None: ...

class UnregisterBrokerResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetRouteRequest(_message.Message):
    __slots__ = ("topic",)
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    topic: str
    def __init__(self, topic: _Optional[str] = ...) -> None: ...

class BrokerRoute(_message.Message):
    __slots__ = ("broker_name", "client_endpoint", "queues", "message_types", "broker_id", "read_only")
    BROKER_NAME_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ENDPOINT_FIELD_NUMBER: _ClassVar[int]
    QUEUES_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_TYPES_FIELD_NUMBER: _ClassVar[int]
    BROKER_ID_FIELD_NUMBER: _ClassVar[int]
    READ_ONLY_FIELD_NUMBER: _ClassVar[int]
    broker_name: str
    client_endpoint: str
    queues: int
    message_types: _containers.RepeatedScalarFieldContainer[str]
    broker_id: int
    read_only: bool
    def __init__(self, broker_name: _Optional[str] = ..., client_endpoint: _Optional[str] = ..., queues: _Optional[int] = ..., message_types: _Optional[_Iterable[str]] = ..., broker_id: _Optional[int] = ..., read_only: _Optional[bool] = ...) -> None: ...

class GetRouteResponse(_message.Message):
    __slots__ = ("brokers",)
    BROKERS_FIELD_NUMBER: _ClassVar[int]
    brokers: _containers.RepeatedCompositeFieldContainer[BrokerRoute]
    def __init__(self, brokers: _Optional[_Iterable[_Union[BrokerRoute, _Mapping]]] = ...) -> None: ...

class ListBrokersRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListBrokersResponse(_message.Message):
    __slots__ = ("brokers",)
    BROKERS_FIELD_NUMBER: _ClassVar[int]
    brokers: _containers.RepeatedCompositeFieldContainer[BrokerInfo]
    def __init__(self, brokers: _Optional[_Iterable[_Union[BrokerInfo, _Mapping]]] = ...) -> None: ...

class GetClusterInfoRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ClusterMember(_message.Message):
    __slots__ = ("broker", "role", "last_heartbeat_ms", "expires_at_ms", "lag_messages", "lag_bytes")
    BROKER_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    LAST_HEARTBEAT_MS_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_MS_FIELD_NUMBER: _ClassVar[int]
    LAG_MESSAGES_FIELD_NUMBER: _ClassVar[int]
    LAG_BYTES_FIELD_NUMBER: _ClassVar[int]
    broker: BrokerInfo
    role: str
    last_heartbeat_ms: int
    expires_at_ms: int
    lag_messages: int
    lag_bytes: int
    def __init__(self, broker: _Optional[_Union[BrokerInfo, _Mapping]] = ..., role: _Optional[str] = ..., last_heartbeat_ms: _Optional[int] = ..., expires_at_ms: _Optional[int] = ..., lag_messages: _Optional[int] = ..., lag_bytes: _Optional[int] = ...) -> None: ...

class GetClusterInfoResponse(_message.Message):
    __slots__ = ("brokers", "broker_timeout_ms")
    BROKERS_FIELD_NUMBER: _ClassVar[int]
    BROKER_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    brokers: _containers.RepeatedCompositeFieldContainer[ClusterMember]
    broker_timeout_ms: int
    def __init__(self, brokers: _Optional[_Iterable[_Union[ClusterMember, _Mapping]]] = ..., broker_timeout_ms: _Optional[int] = ...) -> None: ...

class ReplicaInfo(_message.Message):
    __slots__ = ("broker_id", "confirmed_seq", "unconfirmed_bytes")
    BROKER_ID_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_SEQ_FIELD_NUMBER: _ClassVar[int]
    UNCONFIRMED_BYTES_FIELD_NUMBER: _ClassVar[int]
    broker_id: int
    confirmed_seq: int
    unconfirmed_bytes: int
    def __init__(self, broker_id: _Optional[int] = ..., confirmed_seq: _Optional[int] = ..., unconfirmed_bytes: _Optional[int] = ...) -> None: ...
