"""FIFO (message group) ordering with the official rocketmq-python-client 5.1.2.

A FIFO topic and a FIFO consumer group are created with the admin CLI; the
producer sets `Message.message_group` (which makes the client send a FIFO
message to the queue chosen by a hash of the group). In a FIFO group the
server delivers the messages of one message group one at a time, in send
order: the next only after the previous one is acked.
"""
import threading
import time

from apogee_e2e import (RecordingListener, shutdown_all, unique,
                        wait_nothing_in_flight, wait_until)
from rocketmq import (ConsumeResult, FilterExpression, Message, Producer,
                      PushConsumer, SimpleConsumer)

GROUPS = 3
PER_GROUP = 10
N = GROUPS * PER_GROUP
QUEUES = 4
FIFO_TYPE = 2         # MessageType.FIFO as the client reports it
INVISIBLE_S = 30      # the client sends whole seconds
AWAIT_S = 3           # long-polling time of one SimpleConsumer receive
DEADLINE_S = 60       # bound on consuming everything


def setup_fifo(admin, prefix):
    topic, group = unique(f"{prefix}-topic"), unique(f"{prefix}-group")
    admin.create_topic(topic, "fifo", queues=QUEUES)
    created = admin.create_group(group, fifo=True)
    assert created[0]["fifo"] is True, created
    return topic, group


def message_groups(topic):
    return [f"{topic}-mg{g}" for g in range(GROUPS)]


def parse(message):
    """body "<message group>:<sequence>" -> (message group, sequence)."""
    mg, seq = message.body.decode().rsplit(":", 1)
    return mg, int(seq)


def send_interleaved(producer, topic):
    """Send PER_GROUP messages for each of GROUPS message groups, interleaved.

    Returns {message group: [message id in send order]} and {message id: Message}.
    """
    order = {mg: [] for mg in message_groups(topic)}
    sent = {}
    for seq in range(PER_GROUP):
        for mg in order:
            msg = Message()
            msg.topic = topic
            msg.body = f"{mg}:{seq}".encode()
            msg.message_group = mg
            msg.tag = "fifo"
            msg.add_property("seq", str(seq))
            receipt = producer.send(msg)
            assert receipt.message_id == msg.message_id
            order[mg].append(receipt.message_id)
            sent[receipt.message_id] = msg
    assert len(sent) == N, "duplicate message ids across sends"
    return order, sent


def check_fifo_message(got, sent, topic):
    want = sent.get(got.message_id)
    assert want is not None, f"unexpected message id {got.message_id!r}"
    assert got.topic == topic
    assert got.body == want.body
    assert got.message_group == want.message_group
    assert got.message_type == FIFO_TYPE
    assert got.tag == "fifo"
    assert got.properties == want.properties
    assert not got.corrupted
    assert got.delivery_attempt == 1


def test_fifo_simple_consumer(client_config, admin):
    topic, group = setup_fifo(admin, "py-fifo-simple")
    consumer = SimpleConsumer(client_config, group, {topic: FilterExpression()},
                              await_duration=AWAIT_S)
    consumer.startup()
    producer = None
    try:
        producer = Producer(client_config, (topic,))
        producer.startup()
        order, sent = send_interleaved(producer, topic)

        received = {mg: [] for mg in order}   # message ids in receive order
        outstanding = {}                      # message group -> Message not yet acked

        def receive_and_check():
            got = consumer.receive(32, INVISIBLE_S)
            for m in got:
                check_fifo_message(m, sent, topic)
                mg, seq = parse(m)
                assert mg not in outstanding, (
                    f"got {mg}:{seq} while {mg}:{parse(outstanding[mg])[1]} is not acked")
                assert seq == len(received[mg]), (
                    f"{mg}: got seq {seq}, expected {len(received[mg])}")
                assert m.message_id == order[mg][seq]
                received[mg].append(m.message_id)
                outstanding[mg] = m
            return got

        deadline = time.monotonic() + DEADLINE_S

        def check_deadline():
            assert time.monotonic() < deadline, (
                f"not done within {DEADLINE_S}s: received "
                f"{ {mg: len(ids) for mg, ids in received.items()} }")

        # The head of every message group becomes deliverable; nothing more.
        while len(outstanding) < GROUPS:
            check_deadline()
            receive_and_check()
        # Every group has one message in flight: a long-polled receive is empty.
        assert receive_and_check() == [], "delivered past an unacked message of its group"

        # Ack the oldest in-flight message, then receive; the acked group's
        # next message (and nothing of the other groups) may come.
        acked = 0
        while acked < N:
            check_deadline()
            if outstanding:
                mg = next(iter(outstanding))
                consumer.ack(outstanding.pop(mg))
                acked += 1
            waiting = [g for g in order if g not in outstanding and len(received[g]) < PER_GROUP]
            if waiting:
                receive_and_check()

        assert received == order, "per-group order differs from send order"
        # Everything is acked: one more long-polled receive is empty.
        assert consumer.receive(32, INVISIBLE_S) == []
        wait_nothing_in_flight(admin, group, topic)
    finally:
        shutdown_all(producer, consumer)


def test_fifo_push_consumer(client_config, admin):
    topic, group = setup_fifo(admin, "py-fifo-push")
    lock = threading.Lock()
    active = set()        # message groups whose listener call is running
    overlaps = []         # (message group, seq) started while the group was active
    consumed = {}         # message group -> [seq in listener call order]

    def in_order(message, attempt_no):
        mg, seq = parse(message)
        with lock:
            if mg in active:
                overlaps.append((mg, seq))
            active.add(mg)
            consumed.setdefault(mg, []).append(seq)
        try:
            time.sleep(0.01)  # simulated work: widens the window for overlaps
        finally:
            with lock:
                active.discard(mg)
        return ConsumeResult.SUCCESS

    listener = RecordingListener(decide=in_order)
    consumer = PushConsumer(client_config, group, listener, {topic: FilterExpression()})
    consumer.startup()
    producer = None
    try:
        assert consumer.fifo is True, "Settings must say subscription.fifo for a FIFO group"
        producer = Producer(client_config, (topic,))
        producer.startup()
        order, sent = send_interleaved(producer, topic)

        wait_until(lambda: listener.success_count() >= N, DEADLINE_S,
                   lambda: f"only {listener.success_count()}/{N} consumed: {consumed}")
        assert not listener.errors
        for mid, got in listener.succeeded.items():
            assert len(got) == 1, f"{mid} consumed {len(got)} times"
            check_fifo_message(got[0], sent, topic)
        assert set(listener.succeeded) == set(sent)
        with lock:
            assert consumed == {mg: list(range(PER_GROUP)) for mg in order}, (
                f"per-group consumption order: {consumed}")
            assert not overlaps, f"listener ran twice at once for a group: {overlaps}"
        wait_nothing_in_flight(admin, group, topic)
        assert len(listener.calls) == N, "unexpected redeliveries"
    finally:
        shutdown_all(producer, consumer)
