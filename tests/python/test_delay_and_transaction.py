"""Delay messages, recall, and transactional messages with rocketmq-python-client 5.1.2.

Client facts these tests rely on (read from the 5.1.2 source):
* `Message.delivery_timestamp` is documented in milliseconds, but the producer
  copies it into `system_properties.delivery_timestamp.seconds` as it is: the
  caller must give WHOLE SECONDS. A received message reports it in milliseconds.
* `SendReceipt.recall_handle` and `Producer.recall_message(topic, handle)` exist;
  the client treats a MESSAGE_NOT_FOUND answer as success, so recalling a message
  that is gone (delivered or already recalled) returns an empty message id.
* A transaction holds one half message: `producer.begin_transaction()`, then
  `producer.send(message, transaction=txn)`, then `txn.commit()` / `txn.rollback()`.
  The server's RecoverOrphanedTransactionCommand runs `TransactionChecker.check`
  on the producer's single checker thread, which answers with EndTransaction.
"""
import math
import threading
import time

import pytest
from apogee_e2e import shutdown_all, unique, wait_until
from rocketmq import (FilterExpression, Message, Producer, SimpleConsumer,
                      TransactionChecker, TransactionResolution)
from rocketmq.grpc_protocol import Code
from rocketmq.v5.exception import BadRequestException, ClientException

DELAY_TYPE = 3         # MessageType.DELAY as the client reports it
TRANSACTION_TYPE = 4   # MessageType.TRANSACTION
AWAIT_S = 1            # long polling of one receive: the resolution of arrival times
INVISIBLE_S = 30       # the client sends whole seconds
DELAY_S = 3            # how far ahead a delay message is scheduled
LATE_S = 3             # bound on delivering a due delay message (whole-second rounding)
QUIET_S = 3            # how long "nothing is delivered" is watched
DEADLINE_S = 30        # bound on anything expected to happen
CHECK_INTERVAL = "1s"  # broker.transaction_check_interval for the check-back test


def make_message(topic, label):
    msg = Message()
    msg.topic = topic
    msg.body = f"{label}-body-\u00e9\x00".encode()  # non-ASCII and NUL on purpose
    msg.tag = label
    msg.keys = f"key-{label}"
    msg.add_property("label", label)
    msg.add_property("origin", "python-e2e-delay-txn")
    return msg


def check_same_message(got, want, topic, msg_type):
    assert got.topic == topic
    assert got.body == want.body
    assert got.tag == want.tag
    assert got.keys == want.keys
    assert got.properties == want.properties
    assert got.message_type == msg_type, (
        f"message_type {got.message_type}, expected {msg_type}")
    assert not got.corrupted, "body digest mismatch"


def start_consumer(client_config, group, topic):
    # A new group starts at "latest": subscribe before anything is sent.
    consumer = SimpleConsumer(client_config, group, {topic: FilterExpression()},
                              await_duration=AWAIT_S)
    consumer.startup()
    return consumer


class Receiver:
    """Long-polls a SimpleConsumer, acking everything; records (wall time, Message).

    `polls` holds the wall time at which each receive returned (empty or not).
    """

    def __init__(self, consumer):
        self.consumer = consumer
        self.arrivals = []   # (time.time() when its receive returned, Message)
        self.polls = []

    def poll(self):
        got = self.consumer.receive(16, INVISIBLE_S)
        now = time.time()
        self.polls.append(now)
        for m in got:
            self.arrivals.append((now, m))
            self.consumer.ack(m)
        return got

    def ids(self):
        return [m.message_id for _, m in self.arrivals]

    def until(self, message_id, timeout_s=DEADLINE_S):
        """Poll until `message_id` arrived; return (arrival wall time, Message)."""
        deadline = time.monotonic() + timeout_s
        while True:
            for at, m in self.arrivals:
                if m.message_id == message_id:
                    return at, m
            assert time.monotonic() < deadline, (
                f"{message_id} not received within {timeout_s}s; got {self.ids()}")
            self.poll()

    def for_seconds(self, seconds):
        """Poll for at least `seconds`; return what arrived meanwhile."""
        first = len(self.arrivals)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.poll()
        return [m for _, m in self.arrivals[first:]]


class RecordingChecker(TransactionChecker):
    """Records every check-back; answers with `decide(message)`."""

    def __init__(self, decide):
        self.decide = decide
        self.lock = threading.Lock()
        self.calls = []    # (time.time(), Message) in call order
        self.errors = []   # exceptions raised by decide()

    def check(self, message):
        with self.lock:
            self.calls.append((time.time(), message))
        try:
            return self.decide(message)
        except Exception as e:  # keep the failure visible to the test
            with self.lock:
                self.errors.append(e)
            raise

    def calls_for(self, message_id):
        with self.lock:
            return [(at, m) for at, m in self.calls if m.message_id == message_id]


def send_marker(producer, topic):
    """Send a normal message as a fence: once it arrives, what was sent (or
    decided) before it had its chance to be delivered. Callers keep polling
    QUIET_S afterwards too, since the topic has several queues."""
    marker = make_message(topic, "marker")
    return producer.send(marker).message_id


def test_delay_message_arrives_when_due(client_config):
    topic, group = unique("py-delay-topic"), unique("py-delay-group")
    consumer = start_consumer(client_config, group, topic)
    producer = None
    try:
        producer = Producer(client_config, (topic,))
        producer.startup()
        receiver = Receiver(consumer)

        msg = make_message(topic, "delayed")
        deliver_at = math.ceil(time.time()) + DELAY_S   # whole seconds (client quirk)
        msg.delivery_timestamp = deliver_at
        receipt = producer.send(msg)
        assert receipt.message_id == msg.message_id, "server must echo the client's id"
        assert msg.message_type == DELAY_TYPE, "the client sends it as a DELAY message"
        assert receipt.recall_handle, "a delay message's receipt carries a recall handle"

        arrived, got = receiver.until(msg.message_id, DELAY_S + LATE_S + DEADLINE_S)
        early = [p for p in receiver.polls if p < deliver_at]
        assert early, "no receive returned before the delivery time: nothing was checked"
        assert arrived >= deliver_at, (
            f"delivered {deliver_at - arrived:.3f}s before its delivery time")
        assert arrived - deliver_at <= LATE_S, (
            f"delivered {arrived - deliver_at:.3f}s after its delivery time")
        assert receiver.ids() == [msg.message_id], f"unexpected deliveries: {receiver.ids()}"
        check_same_message(got, msg, topic, DELAY_TYPE)
        assert got.delivery_timestamp == deliver_at * 1000, (
            f"received delivery_timestamp {got.delivery_timestamp} ms, "
            f"sent {deliver_at} s")
        assert got.delivery_attempt == 1

        # Acked: one more long-polled receive is empty.
        assert receiver.poll() == []
    finally:
        shutdown_all(producer, consumer)


def test_delay_in_milliseconds_is_refused(client_config):
    """The documented (ms) usage puts ~57,000 years ahead on the wire: refused."""
    topic, group = unique("py-delay-ms-topic"), unique("py-delay-ms-group")
    consumer = start_consumer(client_config, group, topic)
    producer = None
    try:
        producer = Producer(client_config, (topic,))
        producer.startup()
        msg = make_message(topic, "millis")
        msg.delivery_timestamp = int(time.time() * 1000) + DELAY_S * 1000
        with pytest.raises(BadRequestException) as refused:
            producer.send(msg)
        assert refused.value.code == Code.ILLEGAL_DELIVERY_TIME, str(refused.value)
        assert "delivery time" in str(refused.value), str(refused.value)

        # Nothing was stored: the consumer gets only what is sent next.
        marker = send_marker(producer, topic)
        receiver = Receiver(consumer)
        receiver.until(marker)
        assert receiver.ids() == [marker], f"unexpected deliveries: {receiver.ids()}"
    finally:
        shutdown_all(producer, consumer)


def test_recall_delay_message(client_config):
    topic, group = unique("py-recall-topic"), unique("py-recall-group")
    consumer = start_consumer(client_config, group, topic)
    producer = None
    try:
        producer = Producer(client_config, (topic,))
        producer.startup()
        receiver = Receiver(consumer)

        deliver_at = math.ceil(time.time()) + DELAY_S   # whole seconds (client quirk)
        keep, recall = make_message(topic, "keep"), make_message(topic, "recall")
        receipts = {}
        for msg in (keep, recall):
            msg.delivery_timestamp = deliver_at
            receipts[msg.message_id] = producer.send(msg)
        keep_handle = receipts[keep.message_id].recall_handle
        recall_handle = receipts[recall.message_id].recall_handle
        assert keep_handle and recall_handle and keep_handle != recall_handle

        assert producer.recall_message(topic, recall_handle) == recall.message_id
        # Gone already: the server says MESSAGE_NOT_FOUND, which 5.1.2 maps to
        # success with an empty message id (it raises nothing).
        assert producer.recall_message(topic, recall_handle) == ""
        # A handle this server did not issue is BAD_REQUEST.
        with pytest.raises(BadRequestException) as bad:
            producer.recall_message(topic, "0123abcd")
        assert bad.value.code == Code.BAD_REQUEST, str(bad.value)

        arrived, got = receiver.until(keep.message_id, DELAY_S + LATE_S + DEADLINE_S)
        assert arrived >= deliver_at, (
            f"delivered {deliver_at - arrived:.3f}s before its delivery time")
        check_same_message(got, keep, topic, DELAY_TYPE)
        receiver.for_seconds(QUIET_S)   # the recalled one was due at the same time
        assert receiver.ids() == [keep.message_id], (
            f"recalled message delivered (or other surprises): {receiver.ids()}")

        # Delivered: too late to recall (again MESSAGE_NOT_FOUND -> empty id).
        assert producer.recall_message(topic, keep_handle) == ""
    finally:
        shutdown_all(producer, consumer)


def test_transaction_commit_and_rollback(client_config):
    topic, group = unique("py-txn-topic"), unique("py-txn-group")
    # The default check interval (60 s) is longer than this test: never asked.
    checker = RecordingChecker(lambda message: TransactionResolution.ROLLBACK)
    consumer = start_consumer(client_config, group, topic)
    producer = None
    try:
        producer = Producer(client_config, (topic,), checker=checker)
        producer.startup()
        receiver = Receiver(consumer)

        half = {}   # label -> (Transaction, Message, SendReceipt)
        for label in ("commit", "rollback"):
            txn = producer.begin_transaction()
            msg = make_message(topic, label)
            receipt = producer.send(msg, transaction=txn)
            assert msg.message_type == TRANSACTION_TYPE
            assert receipt.message_id == msg.message_id == txn.message_id
            assert receipt.transaction_id, "a half message's receipt carries a transaction id"
            half[label] = (txn, msg, receipt)
        assert half["commit"][2].transaction_id != half["rollback"][2].transaction_id

        # Half messages are invisible.
        assert receiver.for_seconds(2 * AWAIT_S) == [], "a half message was delivered"

        txn, msg, _ = half["commit"]
        committed_at = time.time()
        txn.commit()
        arrived, got = receiver.until(msg.message_id)
        assert arrived >= committed_at
        check_same_message(got, msg, topic, TRANSACTION_TYPE)
        assert got.delivery_attempt == 1
        # A transaction ends once.
        with pytest.raises(ClientException) as again:
            txn.rollback()
        assert again.value.code == Code.INVALID_TRANSACTION_ID, str(again.value)

        txn, rolled_back, _ = half["rollback"]
        txn.rollback()
        marker = send_marker(producer, topic)
        receiver.until(marker)
        receiver.for_seconds(QUIET_S)
        assert rolled_back.message_id not in receiver.ids(), "a rolled-back message was delivered"
        assert receiver.ids() == [msg.message_id, marker], f"deliveries: {receiver.ids()}"
        with pytest.raises(ClientException) as again:
            txn.commit()
        assert again.value.code == Code.INVALID_TRANSACTION_ID, str(again.value)

        assert checker.calls == [], "the server checked back a transaction the producer ended"
    finally:
        shutdown_all(producer, consumer)


@pytest.mark.apogee_env(APOGEE_BROKER__TRANSACTION_CHECK_INTERVAL=CHECK_INTERVAL)
def test_orphaned_transaction_check_back(client_config):
    topic, group = unique("py-txn-check-topic"), unique("py-txn-check-group")
    # The checker decides by the message's own "label" property.
    checker = RecordingChecker(
        lambda message: (TransactionResolution.COMMIT
                         if message.properties.get("label") == "commit"
                         else TransactionResolution.ROLLBACK))
    consumer = start_consumer(client_config, group, topic)
    producer = None
    try:
        producer = Producer(client_config, (topic,), checker=checker)
        producer.startup()
        receiver = Receiver(consumer)

        half = {}   # label -> Message; the transactions are left undecided
        for label in ("commit", "rollback"):
            txn = producer.begin_transaction()
            msg = make_message(topic, label)
            receipt = producer.send(msg, transaction=txn)
            assert receipt.transaction_id
            half[label] = msg

        # Check-backs come every second (the default is 60 s); poll meanwhile,
        # so that a too-early delivery would be seen.
        def both_checked():
            receiver.poll()
            return all(checker.calls_for(m.message_id) for m in half.values())
        wait_until(both_checked, DEADLINE_S,
                   lambda: f"check-backs so far: {[m.message_id for _, m in checker.calls]} "
                           f"(want {[m.message_id for m in half.values()]})")
        assert not checker.errors

        for want in half.values():
            _, checked = checker.calls_for(want.message_id)[0]
            # The server sent the whole stored half message.
            check_same_message(checked, want, topic, TRANSACTION_TYPE)
            assert checked.message_id == want.message_id

        committed = half["commit"]
        arrived, got = receiver.until(committed.message_id)
        checked_at, _ = checker.calls_for(committed.message_id)[0]
        assert arrived >= checked_at, "delivered before the checker decided"
        check_same_message(got, committed, topic, TRANSACTION_TYPE)

        marker = send_marker(producer, topic)
        receiver.until(marker)
        receiver.for_seconds(QUIET_S)   # three more check intervals
        assert half["rollback"].message_id not in receiver.ids(), (
            "the transaction the checker rolled back was delivered")
        assert receiver.ids() == [committed.message_id, marker], f"deliveries: {receiver.ids()}"
        # Each answer ended its transaction: no more check-backs for either.
        counts = {label: len(checker.calls_for(m.message_id)) for label, m in half.items()}
        assert counts == {"commit": 1, "rollback": 1}, f"check-backs per transaction: {counts}"
    finally:
        shutdown_all(producer, consumer)
