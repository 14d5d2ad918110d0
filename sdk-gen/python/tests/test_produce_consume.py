"""End-to-end test of the generated Python stubs against a real server: admin CreateTopic and
ListTopics, then QueryRoute, Heartbeat, SendMessage, ReceiveMessage and AckMessage."""
import socket
import uuid

import grpc
from google.protobuf.duration_pb2 import Duration
from google.protobuf.timestamp_pb2 import Timestamp

from apogee_proto.apache.rocketmq.v2 import definition_pb2 as pb
from apogee_proto.apache.rocketmq.v2 import service_pb2 as svc
from apogee_proto.apache.rocketmq.v2 import service_pb2_grpc
from apogee_proto.apogee.admin.v1 import admin_pb2, admin_pb2_grpc

CALL_TIMEOUT_S = 10
RECEIVE_TIMEOUT_S = 20  # the receive long-polls up to 5 s; the deadline leaves room for the reply


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def assert_ok(what, status):
    assert status.code == pb.OK, (
        f"{what}: status {pb.Code.Name(status.code)} ({status.code}) {status.message!r}")


def test_send_receive_ack(apogee_endpoint):
    host, port = apogee_endpoint.rsplit(":", 1)
    topic, group = unique("py-topic"), unique("py-group")
    body = b"hello from the generated Python stubs"
    # Every RocketMQ call carries the client id header.
    md = (("x-mq-client-id", unique("py-sdk-test")),)

    with grpc.insecure_channel(apogee_endpoint) as channel:
        admin = admin_pb2_grpc.AdminStub(channel)
        mq = service_pb2_grpc.MessagingServiceStub(channel)

        # Admin API: create the topic, then see it listed.
        created = admin.CreateTopic(
            admin_pb2.CreateTopicRequest(name=topic, message_types=[admin_pb2.NORMAL]),
            timeout=CALL_TIMEOUT_S)
        assert created.topic.name == topic
        listed = admin.ListTopics(admin_pb2.ListTopicsRequest(), timeout=CALL_TIMEOUT_S)
        assert topic in [t.name for t in listed.topics]

        # QueryRoute: at least one queue, queue 0 readable and writable.
        route = mq.QueryRoute(
            svc.QueryRouteRequest(
                topic=pb.Resource(name=topic),
                endpoints=pb.Endpoints(scheme=pb.IPv4,
                                       addresses=[pb.Address(host=host, port=int(port))])),
            metadata=md, timeout=CALL_TIMEOUT_S)
        assert_ok("QueryRoute", route.status)
        assert route.message_queues, "QueryRoute returned no queues"
        queue = route.message_queues[0]
        assert queue.id == 0 and queue.permission == pb.READ_WRITE

        # Heartbeat creates the group before the send: a new group starts at the latest offset.
        hb = mq.Heartbeat(
            svc.HeartbeatRequest(group=pb.Resource(name=group), client_type=pb.SIMPLE_CONSUMER),
            metadata=md, timeout=CALL_TIMEOUT_S)
        assert_ok("Heartbeat", hb.status)

        # SendMessage: one NORMAL message.
        message_id = "01" + uuid.uuid4().hex.upper()
        born = Timestamp()
        born.GetCurrentTime()
        sent = mq.SendMessage(
            svc.SendMessageRequest(messages=[pb.Message(
                topic=pb.Resource(name=topic),
                system_properties=pb.SystemProperties(
                    message_id=message_id, message_type=pb.NORMAL, body_encoding=pb.IDENTITY,
                    born_timestamp=born, born_host=socket.gethostname()),
                body=body)]),
            metadata=md, timeout=CALL_TIMEOUT_S)
        assert_ok("SendMessage", sent.status)
        assert len(sent.entries) == 1
        assert_ok("SendMessage entry", sent.entries[0].status)
        assert sent.entries[0].message_id == message_id

        # ReceiveMessage: a server stream of status, the message, then the delivery timestamp.
        status, messages, saw_delivery = None, [], False
        for resp in mq.ReceiveMessage(
                svc.ReceiveMessageRequest(
                    group=pb.Resource(name=group), message_queue=queue,
                    filter_expression=pb.FilterExpression(type=pb.TAG, expression="*"),
                    batch_size=1,
                    invisible_duration=Duration(seconds=30),
                    long_polling_timeout=Duration(seconds=5)),
                metadata=md, timeout=RECEIVE_TIMEOUT_S):
            kind = resp.WhichOneof("content")
            if kind == "status":
                status = resp.status
            elif kind == "message":
                messages.append(resp.message)
            elif kind == "delivery_timestamp":
                saw_delivery = True
        assert status is not None, "ReceiveMessage stream had no status"
        assert_ok("ReceiveMessage", status)  # an empty receive is MESSAGE_NOT_FOUND (40401)
        assert len(messages) == 1
        assert saw_delivery, "ReceiveMessage stream had no delivery_timestamp"
        received = messages[0]
        assert received.body == body
        assert received.system_properties.message_id == message_id
        receipt = received.system_properties.receipt_handle
        assert receipt, "received message has no receipt handle"

        # AckMessage with the receipt handle.
        acked = mq.AckMessage(
            svc.AckMessageRequest(
                group=pb.Resource(name=group), topic=pb.Resource(name=topic),
                entries=[svc.AckMessageEntry(message_id=message_id, receipt_handle=receipt)]),
            metadata=md, timeout=CALL_TIMEOUT_S)
        assert_ok("AckMessage", acked.status)
        for entry in acked.entries:
            assert_ok("AckMessage entry", entry.status)
