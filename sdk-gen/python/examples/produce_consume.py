#!/usr/bin/env python3
"""Send one message to an Apogee (or RocketMQ 5 proxy) endpoint, receive it as a simple consumer
and acknowledge it, using only the generated stubs.

    python examples/produce_consume.py 127.0.0.1:8081 [--topic T] [--group G]
"""
import argparse
import socket
import sys
import uuid
from datetime import datetime, timezone

import grpc
from google.protobuf.duration_pb2 import Duration
from google.protobuf.timestamp_pb2 import Timestamp

from apogee_proto.apache.rocketmq.v2 import definition_pb2 as pb
from apogee_proto.apache.rocketmq.v2 import service_pb2 as svc
from apogee_proto.apache.rocketmq.v2 import service_pb2_grpc
from apogee_proto.apogee.admin.v1 import admin_pb2, admin_pb2_grpc


def check(what, status):
    if status.code != pb.OK:
        raise RuntimeError(f"{what}: {pb.Code.Name(status.code)} {status.message}")


def receive(mq, group, queue, md):
    """One long poll (batch 1, 30 s invisible, 5 s long polling); [] on MESSAGE_NOT_FOUND."""
    messages = []
    for resp in mq.ReceiveMessage(
            svc.ReceiveMessageRequest(
                group=pb.Resource(name=group), message_queue=queue,
                filter_expression=pb.FilterExpression(type=pb.TAG, expression="*"),
                batch_size=1, invisible_duration=Duration(seconds=30),
                long_polling_timeout=Duration(seconds=5)),
            metadata=md, timeout=20):
        kind = resp.WhichOneof("content")
        if kind == "status" and resp.status.code != pb.MESSAGE_NOT_FOUND:
            check("ReceiveMessage", resp.status)
        elif kind == "message":
            messages.append(resp.message)
    return messages


def run(endpoint, topic, group):
    host, port = endpoint.rsplit(":", 1)
    # RocketMQ 5 servers identify a client by this header on every call.
    md = (("x-mq-client-id", f"py-example-{uuid.uuid4().hex}"),)
    with grpc.insecure_channel(endpoint) as channel:
        mq = service_pb2_grpc.MessagingServiceStub(channel)

        # Create the topic with the admin API; an existing topic is fine.
        try:
            admin_pb2_grpc.AdminStub(channel).CreateTopic(
                admin_pb2.CreateTopicRequest(name=topic, message_types=[admin_pb2.NORMAL]),
                timeout=10)
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.ALREADY_EXISTS:
                raise

        route = mq.QueryRoute(
            svc.QueryRouteRequest(
                topic=pb.Resource(name=topic),
                endpoints=pb.Endpoints(scheme=pb.IPv4,
                                       addresses=[pb.Address(host=host, port=int(port))])),
            metadata=md, timeout=10)
        check("QueryRoute", route.status)
        queue = route.message_queues[0]

        # The heartbeat registers the group; a new group starts at the latest offset, so it
        # comes before the send.
        check("Heartbeat", mq.Heartbeat(
            svc.HeartbeatRequest(group=pb.Resource(name=group), client_type=pb.SIMPLE_CONSUMER),
            metadata=md, timeout=10).status)

        message_id = "01" + uuid.uuid4().hex.upper()
        born = Timestamp()
        born.GetCurrentTime()
        body = f"hello from Python at {datetime.now(timezone.utc).isoformat()}".encode()
        check("SendMessage", mq.SendMessage(
            svc.SendMessageRequest(messages=[pb.Message(
                topic=pb.Resource(name=topic),
                system_properties=pb.SystemProperties(
                    message_id=message_id, message_type=pb.NORMAL, body_encoding=pb.IDENTITY,
                    born_timestamp=born, born_host=socket.gethostname()),
                body=body)]),
            metadata=md, timeout=10).status)
        print(f"sent {message_id} to {topic}")

        # Receive until our message shows up; acknowledge whatever arrives (a reused group may
        # still hold messages from an earlier run).
        for _ in range(10):
            for m in receive(mq, group, queue, md):
                sp = m.system_properties
                check("AckMessage", mq.AckMessage(
                    svc.AckMessageRequest(
                        group=pb.Resource(name=group), topic=m.topic,
                        entries=[svc.AckMessageEntry(message_id=sp.message_id,
                                                     receipt_handle=sp.receipt_handle)]),
                    metadata=md, timeout=10).status)
                print(f"received and acked {sp.message_id}: {m.body.decode(errors='replace')}")
                if sp.message_id == message_id:
                    return
        raise RuntimeError(f"message {message_id} was not received")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("endpoint", help="HOST:PORT of the server")
    parser.add_argument("--topic", default="sdk-example-topic")
    parser.add_argument("--group", default="sdk-example-group")
    args = parser.parse_args(argv)
    run(args.endpoint, args.topic, args.group)


if __name__ == "__main__":
    sys.exit(main())
