"""Scenarios tests/python does not cover, with rocketmq-python-client: delay,
transaction commit, and a simple consumer's nack (change invisible duration)."""
import time

from apogee_e2e import shutdown_all, unique
from rocketmq import (FilterExpression, Message, Producer, SimpleConsumer,
                      TransactionChecker, TransactionResolution)

AWAIT_S = 2           # long polling of one receive (whole seconds)
INVISIBLE_S = 15
DEADLINE_S = 60       # bound on any wait for messages


def message(topic, body):
    msg = Message()
    msg.topic = topic
    msg.body = body.encode()
    return msg


def receive_and_ack(consumer, n, check=lambda m: None):
    """Receives (acking in arrival order) until n distinct messages arrived."""
    got = {}
    deadline = time.monotonic() + DEADLINE_S
    while len(got) < n:
        assert time.monotonic() < deadline, f"only {len(got)}/{n} received within {DEADLINE_S}s"
        for m in consumer.receive(16, INVISIBLE_S):
            assert m.message_id not in got, f"duplicate delivery of {m.message_id}"
            check(m)
            consumer.ack(m)
            got[m.message_id] = m
    return got


class RecordingChecker(TransactionChecker):
    """Answers `resolution` and records which message ids were checked, when."""

    def __init__(self, resolution):
        self.resolution = resolution
        self.checked = {}

    def check(self, message):
        self.checked.setdefault(message.message_id, time.time())
        return self.resolution


def simple_consumer(config, topic):
    # A new group starts at "latest": consumers are started before sending.
    consumer = SimpleConsumer(config, unique("py-group"), {topic: FilterExpression()},
                              await_duration=AWAIT_S)
    consumer.startup()
    return consumer


def test_delay(client_config, admin):
    topic = unique("py-delay")
    admin.create_topic(topic, "delay")
    consumer = simple_consumer(client_config, topic)
    producer = Producer(client_config, (topic,))
    producer.startup()
    try:
        # 5.1.2 copies delivery_timestamp into whole seconds on the wire.
        deliver_at = int(time.time()) + 4
        sent = set()
        for i in range(3):
            msg = message(topic, f"delay-{i}")
            msg.delivery_timestamp = deliver_at
            sent.add(producer.send(msg).message_id)

        def not_early(m):
            now = time.time()
            assert now >= deliver_at, f"{m.message_id} delivered {deliver_at - now:.3f}s early"
            assert m.delivery_timestamp == deliver_at * 1000  # the client reports ms
        assert set(receive_and_ack(consumer, len(sent), not_early)) == sent
    finally:
        shutdown_all(producer, consumer)


def test_transaction_commit(client_config, admin):
    topic = unique("py-tx")
    admin.create_topic(topic, "transaction")
    consumer = simple_consumer(client_config, topic)
    checker = RecordingChecker(TransactionResolution.TRANSACTION_RESOLUTION_UNSPECIFIED)
    producer = Producer(client_config, (topic,), checker)
    producer.startup()
    try:
        tx = producer.begin_transaction()
        receipt = producer.send(message(topic, "tx-commit"), tx)
        # A half message is invisible until committed: one long-polled receive sees nothing.
        assert consumer.receive(16, INVISIBLE_S) == [], "half message delivered before commit"
        tx.commit()
        got = receive_and_ack(consumer, 1)
        assert list(got) == [receipt.message_id]
        assert got[receipt.message_id].body == b"tx-commit"
        assert checker.checked == {}, "no check-back expected for a committed transaction"
    finally:
        shutdown_all(producer, consumer)


def test_simple_consumer_nack(client_config):
    topic = unique("py-nack")
    consumer = simple_consumer(client_config, topic)
    producer = Producer(client_config, (topic,))
    producer.startup()
    try:
        ids = {producer.send(message(topic, f"simple-{i}")).message_id for i in range(5)}
        # Ack all but the first delivery, which is nacked (invisible for 1 s): it must come back, attempt 2.
        acked, nacked = set(), None
        deadline = time.monotonic() + DEADLINE_S
        while len(acked) < len(ids):
            assert time.monotonic() < deadline, f"only {len(acked)}/{len(ids)} acked within {DEADLINE_S}s"
            for m in consumer.receive(16, INVISIBLE_S):
                assert m.message_id in ids, f"unexpected message {m.message_id}"
                if nacked is None:
                    nacked = m.message_id
                    assert m.delivery_attempt == 1
                    consumer.change_invisible_duration(m, 1)
                    continue
                assert m.delivery_attempt == (2 if m.message_id == nacked else 1), m.message_id
                assert m.message_id not in acked, f"acked message delivered again: {m.message_id}"
                consumer.ack(m)
                acked.add(m.message_id)
        # Everything is acked now: a long-polled receive is empty.
        assert consumer.receive(16, INVISIBLE_S) == [], "acked message delivered again"
    finally:
        shutdown_all(producer, consumer)
