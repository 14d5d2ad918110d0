from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Permission(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PERMISSION_UNSPECIFIED: _ClassVar[Permission]
    NONE: _ClassVar[Permission]
    READ: _ClassVar[Permission]
    WRITE: _ClassVar[Permission]
    READ_WRITE: _ClassVar[Permission]

class MessageType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MESSAGE_TYPE_UNSPECIFIED: _ClassVar[MessageType]
    NORMAL: _ClassVar[MessageType]
    FIFO: _ClassVar[MessageType]
    DELAY: _ClassVar[MessageType]
    TRANSACTION: _ClassVar[MessageType]

class StartPolicy(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    START_POLICY_UNSPECIFIED: _ClassVar[StartPolicy]
    EARLIEST: _ClassVar[StartPolicy]
    LATEST: _ClassVar[StartPolicy]
PERMISSION_UNSPECIFIED: Permission
NONE: Permission
READ: Permission
WRITE: Permission
READ_WRITE: Permission
MESSAGE_TYPE_UNSPECIFIED: MessageType
NORMAL: MessageType
FIFO: MessageType
DELAY: MessageType
TRANSACTION: MessageType
START_POLICY_UNSPECIFIED: StartPolicy
EARLIEST: StartPolicy
LATEST: StartPolicy

class GetTrafficRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class TopicTraffic(_message.Message):
    __slots__ = ("topic", "messages_in", "messages_out", "broker")
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_IN_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_OUT_FIELD_NUMBER: _ClassVar[int]
    BROKER_FIELD_NUMBER: _ClassVar[int]
    topic: str
    messages_in: int
    messages_out: int
    broker: str
    def __init__(self, topic: _Optional[str] = ..., messages_in: _Optional[int] = ..., messages_out: _Optional[int] = ..., broker: _Optional[str] = ...) -> None: ...

class GetTrafficResponse(_message.Message):
    __slots__ = ("topics", "missing_brokers")
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    MISSING_BROKERS_FIELD_NUMBER: _ClassVar[int]
    topics: _containers.RepeatedCompositeFieldContainer[TopicTraffic]
    missing_brokers: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, topics: _Optional[_Iterable[_Union[TopicTraffic, _Mapping]]] = ..., missing_brokers: _Optional[_Iterable[str]] = ...) -> None: ...

class UpdateTopicRequest(_message.Message):
    __slots__ = ("name", "queues", "permission", "retention_ms", "message_types")
    NAME_FIELD_NUMBER: _ClassVar[int]
    QUEUES_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    RETENTION_MS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_TYPES_FIELD_NUMBER: _ClassVar[int]
    name: str
    queues: int
    permission: Permission
    retention_ms: int
    message_types: _containers.RepeatedScalarFieldContainer[MessageType]
    def __init__(self, name: _Optional[str] = ..., queues: _Optional[int] = ..., permission: _Optional[_Union[Permission, str]] = ..., retention_ms: _Optional[int] = ..., message_types: _Optional[_Iterable[_Union[MessageType, str]]] = ...) -> None: ...

class UpdateTopicResponse(_message.Message):
    __slots__ = ("topic",)
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    topic: TopicInfo
    def __init__(self, topic: _Optional[_Union[TopicInfo, _Mapping]] = ...) -> None: ...

class DeleteTopicRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteTopicResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeleteGroupRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteGroupResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListConsumerConnectionsRequest(_message.Message):
    __slots__ = ("group",)
    GROUP_FIELD_NUMBER: _ClassVar[int]
    group: str
    def __init__(self, group: _Optional[str] = ...) -> None: ...

class ListProducerConnectionsRequest(_message.Message):
    __slots__ = ("topic",)
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    topic: str
    def __init__(self, topic: _Optional[str] = ...) -> None: ...

class Connection(_message.Message):
    __slots__ = ("client_id", "language", "version", "address", "client_type", "group", "topics", "hostname", "connected_at_ms", "server")
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    CLIENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    GROUP_FIELD_NUMBER: _ClassVar[int]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    HOSTNAME_FIELD_NUMBER: _ClassVar[int]
    CONNECTED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    SERVER_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    language: str
    version: str
    address: str
    client_type: str
    group: str
    topics: _containers.RepeatedScalarFieldContainer[str]
    hostname: str
    connected_at_ms: int
    server: str
    def __init__(self, client_id: _Optional[str] = ..., language: _Optional[str] = ..., version: _Optional[str] = ..., address: _Optional[str] = ..., client_type: _Optional[str] = ..., group: _Optional[str] = ..., topics: _Optional[_Iterable[str]] = ..., hostname: _Optional[str] = ..., connected_at_ms: _Optional[int] = ..., server: _Optional[str] = ...) -> None: ...

class ListConnectionsResponse(_message.Message):
    __slots__ = ("connections",)
    CONNECTIONS_FIELD_NUMBER: _ClassVar[int]
    connections: _containers.RepeatedCompositeFieldContainer[Connection]
    def __init__(self, connections: _Optional[_Iterable[_Union[Connection, _Mapping]]] = ...) -> None: ...

class SetLogLevelRequest(_message.Message):
    __slots__ = ("filter",)
    FILTER_FIELD_NUMBER: _ClassVar[int]
    filter: str
    def __init__(self, filter: _Optional[str] = ...) -> None: ...

class GetLogLevelRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class LogLevelResponse(_message.Message):
    __slots__ = ("filter",)
    FILTER_FIELD_NUMBER: _ClassVar[int]
    filter: str
    def __init__(self, filter: _Optional[str] = ...) -> None: ...

class TopicInfo(_message.Message):
    __slots__ = ("name", "id", "queues", "message_types", "auto_created", "system", "created_at_ms", "permission", "retention_ms")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    QUEUES_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_TYPES_FIELD_NUMBER: _ClassVar[int]
    AUTO_CREATED_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    RETENTION_MS_FIELD_NUMBER: _ClassVar[int]
    name: str
    id: int
    queues: int
    message_types: _containers.RepeatedScalarFieldContainer[MessageType]
    auto_created: bool
    system: bool
    created_at_ms: int
    permission: Permission
    retention_ms: int
    def __init__(self, name: _Optional[str] = ..., id: _Optional[int] = ..., queues: _Optional[int] = ..., message_types: _Optional[_Iterable[_Union[MessageType, str]]] = ..., auto_created: _Optional[bool] = ..., system: _Optional[bool] = ..., created_at_ms: _Optional[int] = ..., permission: _Optional[_Union[Permission, str]] = ..., retention_ms: _Optional[int] = ...) -> None: ...

class CreateTopicRequest(_message.Message):
    __slots__ = ("name", "queues", "message_types", "brokers")
    NAME_FIELD_NUMBER: _ClassVar[int]
    QUEUES_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_TYPES_FIELD_NUMBER: _ClassVar[int]
    BROKERS_FIELD_NUMBER: _ClassVar[int]
    name: str
    queues: int
    message_types: _containers.RepeatedScalarFieldContainer[MessageType]
    brokers: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., queues: _Optional[int] = ..., message_types: _Optional[_Iterable[_Union[MessageType, str]]] = ..., brokers: _Optional[_Iterable[str]] = ...) -> None: ...

class CreateTopicResponse(_message.Message):
    __slots__ = ("topic",)
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    topic: TopicInfo
    def __init__(self, topic: _Optional[_Union[TopicInfo, _Mapping]] = ...) -> None: ...

class ListTopicsRequest(_message.Message):
    __slots__ = ("include_system",)
    INCLUDE_SYSTEM_FIELD_NUMBER: _ClassVar[int]
    include_system: bool
    def __init__(self, include_system: _Optional[bool] = ...) -> None: ...

class ListTopicsResponse(_message.Message):
    __slots__ = ("topics",)
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    topics: _containers.RepeatedCompositeFieldContainer[TopicInfo]
    def __init__(self, topics: _Optional[_Iterable[_Union[TopicInfo, _Mapping]]] = ...) -> None: ...

class DescribeTopicRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class QueueInfo(_message.Message):
    __slots__ = ("queue_id", "min_offset", "max_offset", "broker")
    QUEUE_ID_FIELD_NUMBER: _ClassVar[int]
    MIN_OFFSET_FIELD_NUMBER: _ClassVar[int]
    MAX_OFFSET_FIELD_NUMBER: _ClassVar[int]
    BROKER_FIELD_NUMBER: _ClassVar[int]
    queue_id: int
    min_offset: int
    max_offset: int
    broker: str
    def __init__(self, queue_id: _Optional[int] = ..., min_offset: _Optional[int] = ..., max_offset: _Optional[int] = ..., broker: _Optional[str] = ...) -> None: ...

class DescribeTopicResponse(_message.Message):
    __slots__ = ("topic", "queues")
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    QUEUES_FIELD_NUMBER: _ClassVar[int]
    topic: TopicInfo
    queues: _containers.RepeatedCompositeFieldContainer[QueueInfo]
    def __init__(self, topic: _Optional[_Union[TopicInfo, _Mapping]] = ..., queues: _Optional[_Iterable[_Union[QueueInfo, _Mapping]]] = ...) -> None: ...

class CreateGroupRequest(_message.Message):
    __slots__ = ("name", "fifo", "policy", "start_timestamp_ms", "max_delivery_attempts", "broadcast", "retry_backoff_ms")
    NAME_FIELD_NUMBER: _ClassVar[int]
    FIFO_FIELD_NUMBER: _ClassVar[int]
    POLICY_FIELD_NUMBER: _ClassVar[int]
    START_TIMESTAMP_MS_FIELD_NUMBER: _ClassVar[int]
    MAX_DELIVERY_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    BROADCAST_FIELD_NUMBER: _ClassVar[int]
    RETRY_BACKOFF_MS_FIELD_NUMBER: _ClassVar[int]
    name: str
    fifo: bool
    policy: StartPolicy
    start_timestamp_ms: int
    max_delivery_attempts: int
    broadcast: bool
    retry_backoff_ms: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, name: _Optional[str] = ..., fifo: _Optional[bool] = ..., policy: _Optional[_Union[StartPolicy, str]] = ..., start_timestamp_ms: _Optional[int] = ..., max_delivery_attempts: _Optional[int] = ..., broadcast: _Optional[bool] = ..., retry_backoff_ms: _Optional[_Iterable[int]] = ...) -> None: ...

class UpdateGroupRequest(_message.Message):
    __slots__ = ("name", "fifo", "broadcast", "max_delivery_attempts", "retry_backoff")
    NAME_FIELD_NUMBER: _ClassVar[int]
    FIFO_FIELD_NUMBER: _ClassVar[int]
    BROADCAST_FIELD_NUMBER: _ClassVar[int]
    MAX_DELIVERY_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    RETRY_BACKOFF_FIELD_NUMBER: _ClassVar[int]
    name: str
    fifo: bool
    broadcast: bool
    max_delivery_attempts: int
    retry_backoff: RetryBackoff
    def __init__(self, name: _Optional[str] = ..., fifo: _Optional[bool] = ..., broadcast: _Optional[bool] = ..., max_delivery_attempts: _Optional[int] = ..., retry_backoff: _Optional[_Union[RetryBackoff, _Mapping]] = ...) -> None: ...

class RetryBackoff(_message.Message):
    __slots__ = ("levels_ms",)
    LEVELS_MS_FIELD_NUMBER: _ClassVar[int]
    levels_ms: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, levels_ms: _Optional[_Iterable[int]] = ...) -> None: ...

class UpdateGroupResponse(_message.Message):
    __slots__ = ("group",)
    GROUP_FIELD_NUMBER: _ClassVar[int]
    group: GroupInfo
    def __init__(self, group: _Optional[_Union[GroupInfo, _Mapping]] = ...) -> None: ...

class DescribeGroupOffsetsRequest(_message.Message):
    __slots__ = ("group", "topic")
    GROUP_FIELD_NUMBER: _ClassVar[int]
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    group: str
    topic: str
    def __init__(self, group: _Optional[str] = ..., topic: _Optional[str] = ...) -> None: ...

class GroupQueueOffset(_message.Message):
    __slots__ = ("queue_id", "min_offset", "max_offset", "group_offset", "lag", "in_flight", "broker")
    QUEUE_ID_FIELD_NUMBER: _ClassVar[int]
    MIN_OFFSET_FIELD_NUMBER: _ClassVar[int]
    MAX_OFFSET_FIELD_NUMBER: _ClassVar[int]
    GROUP_OFFSET_FIELD_NUMBER: _ClassVar[int]
    LAG_FIELD_NUMBER: _ClassVar[int]
    IN_FLIGHT_FIELD_NUMBER: _ClassVar[int]
    BROKER_FIELD_NUMBER: _ClassVar[int]
    queue_id: int
    min_offset: int
    max_offset: int
    group_offset: int
    lag: int
    in_flight: int
    broker: str
    def __init__(self, queue_id: _Optional[int] = ..., min_offset: _Optional[int] = ..., max_offset: _Optional[int] = ..., group_offset: _Optional[int] = ..., lag: _Optional[int] = ..., in_flight: _Optional[int] = ..., broker: _Optional[str] = ...) -> None: ...

class DescribeGroupOffsetsResponse(_message.Message):
    __slots__ = ("queues", "retry_backlog")
    QUEUES_FIELD_NUMBER: _ClassVar[int]
    RETRY_BACKLOG_FIELD_NUMBER: _ClassVar[int]
    queues: _containers.RepeatedCompositeFieldContainer[GroupQueueOffset]
    retry_backlog: int
    def __init__(self, queues: _Optional[_Iterable[_Union[GroupQueueOffset, _Mapping]]] = ..., retry_backlog: _Optional[int] = ...) -> None: ...

class ResetOffsetRequest(_message.Message):
    __slots__ = ("group", "topic", "timestamp_ms", "earliest", "latest")
    GROUP_FIELD_NUMBER: _ClassVar[int]
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_MS_FIELD_NUMBER: _ClassVar[int]
    EARLIEST_FIELD_NUMBER: _ClassVar[int]
    LATEST_FIELD_NUMBER: _ClassVar[int]
    group: str
    topic: str
    timestamp_ms: int
    earliest: bool
    latest: bool
    def __init__(self, group: _Optional[str] = ..., topic: _Optional[str] = ..., timestamp_ms: _Optional[int] = ..., earliest: _Optional[bool] = ..., latest: _Optional[bool] = ...) -> None: ...

class QueueResetInfo(_message.Message):
    __slots__ = ("queue_id", "from_offset", "to_offset", "broker")
    QUEUE_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_OFFSET_FIELD_NUMBER: _ClassVar[int]
    TO_OFFSET_FIELD_NUMBER: _ClassVar[int]
    BROKER_FIELD_NUMBER: _ClassVar[int]
    queue_id: int
    from_offset: int
    to_offset: int
    broker: str
    def __init__(self, queue_id: _Optional[int] = ..., from_offset: _Optional[int] = ..., to_offset: _Optional[int] = ..., broker: _Optional[str] = ...) -> None: ...

class ResetOffsetResponse(_message.Message):
    __slots__ = ("queues",)
    QUEUES_FIELD_NUMBER: _ClassVar[int]
    queues: _containers.RepeatedCompositeFieldContainer[QueueResetInfo]
    def __init__(self, queues: _Optional[_Iterable[_Union[QueueResetInfo, _Mapping]]] = ...) -> None: ...

class ListDlqMessagesRequest(_message.Message):
    __slots__ = ("group", "from_offset", "limit", "broker")
    GROUP_FIELD_NUMBER: _ClassVar[int]
    FROM_OFFSET_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    BROKER_FIELD_NUMBER: _ClassVar[int]
    group: str
    from_offset: int
    limit: int
    broker: str
    def __init__(self, group: _Optional[str] = ..., from_offset: _Optional[int] = ..., limit: _Optional[int] = ..., broker: _Optional[str] = ...) -> None: ...

class DlqMessage(_message.Message):
    __slots__ = ("offset", "message_id", "original_topic", "tag", "keys", "properties", "body_size", "store_time_ms", "dead_lettered_ms", "message_group", "broker")
    class PropertiesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_TOPIC_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    KEYS_FIELD_NUMBER: _ClassVar[int]
    PROPERTIES_FIELD_NUMBER: _ClassVar[int]
    BODY_SIZE_FIELD_NUMBER: _ClassVar[int]
    STORE_TIME_MS_FIELD_NUMBER: _ClassVar[int]
    DEAD_LETTERED_MS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_GROUP_FIELD_NUMBER: _ClassVar[int]
    BROKER_FIELD_NUMBER: _ClassVar[int]
    offset: int
    message_id: str
    original_topic: str
    tag: str
    keys: _containers.RepeatedScalarFieldContainer[str]
    properties: _containers.ScalarMap[str, str]
    body_size: int
    store_time_ms: int
    dead_lettered_ms: int
    message_group: str
    broker: str
    def __init__(self, offset: _Optional[int] = ..., message_id: _Optional[str] = ..., original_topic: _Optional[str] = ..., tag: _Optional[str] = ..., keys: _Optional[_Iterable[str]] = ..., properties: _Optional[_Mapping[str, str]] = ..., body_size: _Optional[int] = ..., store_time_ms: _Optional[int] = ..., dead_lettered_ms: _Optional[int] = ..., message_group: _Optional[str] = ..., broker: _Optional[str] = ...) -> None: ...

class ListDlqMessagesResponse(_message.Message):
    __slots__ = ("messages", "next_offset")
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    NEXT_OFFSET_FIELD_NUMBER: _ClassVar[int]
    messages: _containers.RepeatedCompositeFieldContainer[DlqMessage]
    next_offset: int
    def __init__(self, messages: _Optional[_Iterable[_Union[DlqMessage, _Mapping]]] = ..., next_offset: _Optional[int] = ...) -> None: ...

class ResendDlqMessagesRequest(_message.Message):
    __slots__ = ("group", "message_ids", "all")
    GROUP_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_IDS_FIELD_NUMBER: _ClassVar[int]
    ALL_FIELD_NUMBER: _ClassVar[int]
    group: str
    message_ids: _containers.RepeatedScalarFieldContainer[str]
    all: bool
    def __init__(self, group: _Optional[str] = ..., message_ids: _Optional[_Iterable[str]] = ..., all: _Optional[bool] = ...) -> None: ...

class ResendDlqMessagesResponse(_message.Message):
    __slots__ = ("resent",)
    RESENT_FIELD_NUMBER: _ClassVar[int]
    resent: int
    def __init__(self, resent: _Optional[int] = ...) -> None: ...

class GroupInfo(_message.Message):
    __slots__ = ("name", "id", "fifo", "start_policy", "start_ms", "max_delivery_attempts", "created_at_ms", "in_flight", "broadcast", "retry_backoff_ms")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    FIFO_FIELD_NUMBER: _ClassVar[int]
    START_POLICY_FIELD_NUMBER: _ClassVar[int]
    START_MS_FIELD_NUMBER: _ClassVar[int]
    MAX_DELIVERY_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    IN_FLIGHT_FIELD_NUMBER: _ClassVar[int]
    BROADCAST_FIELD_NUMBER: _ClassVar[int]
    RETRY_BACKOFF_MS_FIELD_NUMBER: _ClassVar[int]
    name: str
    id: int
    fifo: bool
    start_policy: str
    start_ms: int
    max_delivery_attempts: int
    created_at_ms: int
    in_flight: int
    broadcast: bool
    retry_backoff_ms: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, name: _Optional[str] = ..., id: _Optional[int] = ..., fifo: _Optional[bool] = ..., start_policy: _Optional[str] = ..., start_ms: _Optional[int] = ..., max_delivery_attempts: _Optional[int] = ..., created_at_ms: _Optional[int] = ..., in_flight: _Optional[int] = ..., broadcast: _Optional[bool] = ..., retry_backoff_ms: _Optional[_Iterable[int]] = ...) -> None: ...

class CreateGroupResponse(_message.Message):
    __slots__ = ("group",)
    GROUP_FIELD_NUMBER: _ClassVar[int]
    group: GroupInfo
    def __init__(self, group: _Optional[_Union[GroupInfo, _Mapping]] = ...) -> None: ...

class ListGroupsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListGroupsResponse(_message.Message):
    __slots__ = ("groups",)
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    groups: _containers.RepeatedCompositeFieldContainer[GroupInfo]
    def __init__(self, groups: _Optional[_Iterable[_Union[GroupInfo, _Mapping]]] = ...) -> None: ...

class QueryMessageRequest(_message.Message):
    __slots__ = ("message_id", "key", "include_body")
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_BODY_FIELD_NUMBER: _ClassVar[int]
    message_id: str
    key: KeyQuery
    include_body: bool
    def __init__(self, message_id: _Optional[str] = ..., key: _Optional[_Union[KeyQuery, _Mapping]] = ..., include_body: _Optional[bool] = ...) -> None: ...

class KeyQuery(_message.Message):
    __slots__ = ("topic", "key", "from_ms", "to_ms", "limit")
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    FROM_MS_FIELD_NUMBER: _ClassVar[int]
    TO_MS_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    topic: str
    key: str
    from_ms: int
    to_ms: int
    limit: int
    def __init__(self, topic: _Optional[str] = ..., key: _Optional[str] = ..., from_ms: _Optional[int] = ..., to_ms: _Optional[int] = ..., limit: _Optional[int] = ...) -> None: ...

class GroupDelivery(_message.Message):
    __slots__ = ("group", "state", "attempt", "consumed_instances", "instances")
    GROUP_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    CONSUMED_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    INSTANCES_FIELD_NUMBER: _ClassVar[int]
    group: str
    state: str
    attempt: int
    consumed_instances: int
    instances: int
    def __init__(self, group: _Optional[str] = ..., state: _Optional[str] = ..., attempt: _Optional[int] = ..., consumed_instances: _Optional[int] = ..., instances: _Optional[int] = ...) -> None: ...

class MessageView(_message.Message):
    __slots__ = ("topic", "queue_id", "queue_offset", "log_offset", "message_id", "tag", "keys", "properties", "body_size", "body_md5", "body", "born_ms", "born_host", "store_ms", "message_type", "delivery_ms", "message_group", "status", "groups", "broker")
    class PropertiesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    QUEUE_ID_FIELD_NUMBER: _ClassVar[int]
    QUEUE_OFFSET_FIELD_NUMBER: _ClassVar[int]
    LOG_OFFSET_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    KEYS_FIELD_NUMBER: _ClassVar[int]
    PROPERTIES_FIELD_NUMBER: _ClassVar[int]
    BODY_SIZE_FIELD_NUMBER: _ClassVar[int]
    BODY_MD5_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    BORN_MS_FIELD_NUMBER: _ClassVar[int]
    BORN_HOST_FIELD_NUMBER: _ClassVar[int]
    STORE_MS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_TYPE_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_MS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_GROUP_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    BROKER_FIELD_NUMBER: _ClassVar[int]
    topic: str
    queue_id: int
    queue_offset: int
    log_offset: int
    message_id: str
    tag: str
    keys: _containers.RepeatedScalarFieldContainer[str]
    properties: _containers.ScalarMap[str, str]
    body_size: int
    body_md5: str
    body: bytes
    born_ms: int
    born_host: str
    store_ms: int
    message_type: MessageType
    delivery_ms: int
    message_group: str
    status: str
    groups: _containers.RepeatedCompositeFieldContainer[GroupDelivery]
    broker: str
    def __init__(self, topic: _Optional[str] = ..., queue_id: _Optional[int] = ..., queue_offset: _Optional[int] = ..., log_offset: _Optional[int] = ..., message_id: _Optional[str] = ..., tag: _Optional[str] = ..., keys: _Optional[_Iterable[str]] = ..., properties: _Optional[_Mapping[str, str]] = ..., body_size: _Optional[int] = ..., body_md5: _Optional[str] = ..., body: _Optional[bytes] = ..., born_ms: _Optional[int] = ..., born_host: _Optional[str] = ..., store_ms: _Optional[int] = ..., message_type: _Optional[_Union[MessageType, str]] = ..., delivery_ms: _Optional[int] = ..., message_group: _Optional[str] = ..., status: _Optional[str] = ..., groups: _Optional[_Iterable[_Union[GroupDelivery, _Mapping]]] = ..., broker: _Optional[str] = ...) -> None: ...

class QueryMessageResponse(_message.Message):
    __slots__ = ("messages",)
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    messages: _containers.RepeatedCompositeFieldContainer[MessageView]
    def __init__(self, messages: _Optional[_Iterable[_Union[MessageView, _Mapping]]] = ...) -> None: ...
