"""Official rocketmq-python-client 5.1.2 against Apogee: send, receive, ack."""
import time
import uuid

from rocketmq import FilterExpression, Message, Producer, SimpleConsumer

N = 20
INVISIBLE_S = 15      # the client sends whole seconds
AWAIT_S = 5           # long-polling time of one receive
DEADLINE_S = 60       # bound on the whole receive loop


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def make_message(topic, i):
    msg = Message()
    msg.topic = topic
    msg.body = f"body-{i}-\u00e9\x00".encode()  # non-ASCII and NUL on purpose
    msg.tag = f"tag{i % 3}"
    msg.keys = f"key-{i}"         # property setter: adds one key
    msg.keys = "shared-key"       # ... and a second one
    msg.add_property("index", str(i))
    msg.add_property("origin", "python-e2e")
    return msg


def test_send_receive_ack(client_config):
    topic, group = unique("py-topic"), unique("py-group")

    # A new group starts at "latest": subscribe before anything is sent.
    consumer = SimpleConsumer(client_config, group, {topic: FilterExpression()},
                              await_duration=AWAIT_S)
    consumer.startup()
    producer = Producer(client_config, (topic,))
    producer.startup()
    try:
        # (a) send N messages; every send returns a receipt with the id.
        sent = {}
        for i in range(N):
            msg = make_message(topic, i)
            receipt = producer.send(msg)
            assert receipt.message_id, f"send {i}: receipt without message id"
            assert receipt.message_id == msg.message_id, "server must echo the client's id"
            sent[receipt.message_id] = msg
        assert len(sent) == N, "duplicate message ids across sends"

        # (b) receive until all N arrived, acking each; no duplicates.
        received = {}
        deadline = time.monotonic() + DEADLINE_S
        while len(received) < N:
            assert time.monotonic() < deadline, (
                f"only {len(received)}/{N} received within {DEADLINE_S}s")
            for got in consumer.receive(16, INVISIBLE_S):
                mid = got.message_id
                assert mid in sent, f"unexpected message id {mid!r}"
                assert mid not in received, f"duplicate delivery of {mid}"
                want = sent[mid]
                assert got.topic == topic
                assert got.body == want.body
                assert got.tag == want.tag
                assert got.keys == want.keys
                assert got.properties == want.properties
                assert not got.corrupted, "body digest mismatch"
                assert got.delivery_attempt == 1
                assert got.receipt_handle
                consumer.ack(got)
                received[mid] = got
        assert set(received) == set(sent)

        # (c) everything is acked: one more long-polled receive is empty.
        assert consumer.receive(16, INVISIBLE_S) == []
    finally:
        producer.shutdown()
        consumer.shutdown()
