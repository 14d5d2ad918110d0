"""Official rocketmq-python-client 5.1.2 PushConsumer against Apogee.

The Python PushConsumer stops reading its Telemetry stream when the server's
Settings say `metric {on: false}` (protocol digest section 7.6); Apogee answers
push consumers with `metric {on: true, endpoints: <itself>}`. Every test here
needs that stream to work: start-up waits for its Settings and the consumer
picks FIFO / back-off from them.
"""
import threading
import time

from apogee_e2e import (RecordingListener, client_metrics_on, shutdown_all,
                        stop_client_metrics, unique, wait_nothing_in_flight,
                        wait_until)
from rocketmq import (ConsumeResult, FilterExpression, Message, Producer,
                      PushConsumer)

DEADLINE_S = 60       # bound on waiting for the listener(s) to see everything


def make_message(topic, i):
    msg = Message()
    msg.topic = topic
    msg.body = f"push-body-{i}-\u00e9\x00".encode()  # non-ASCII and NUL on purpose
    msg.tag = f"tag{i % 3}"
    msg.keys = f"key-{i}"         # property setter: adds one key
    msg.keys = "shared-key"       # ... and a second one
    msg.add_property("index", str(i))
    msg.add_property("origin", "python-e2e-push")
    return msg


def start_push_consumer(client_config, group, topic, listener):
    consumer = PushConsumer(client_config, group, listener, {topic: FilterExpression()})
    consumer.startup()  # blocks until Telemetry delivered the server's Settings
    return consumer


def send_all(producer, topic, n, first=0):
    sent = {}
    for i in range(first, first + n):
        msg = make_message(topic, i)
        receipt = producer.send(msg)
        assert receipt.message_id == msg.message_id, "server must echo the client's id"
        sent[receipt.message_id] = msg
    assert len(sent) == n, "duplicate message ids across sends"
    return sent


def check_same_message(got, want, topic):
    assert got.topic == topic
    assert got.body == want.body
    assert got.tag == want.tag
    assert got.keys == want.keys
    assert got.properties == want.properties
    assert not got.corrupted, "body digest mismatch"
    assert got.receipt_handle


def test_push_consume(client_config, admin):
    n = 30
    topic, group = unique("py-push-topic"), unique("py-push-group")
    listener = RecordingListener()

    # A new group starts at "latest": subscribe before anything is sent.
    consumer = start_push_consumer(client_config, group, topic, listener)
    producer = None
    try:
        assert consumer.fifo is False, "a default group is not FIFO"
        assert consumer.long_polling_timeout > 0, "Settings must carry long_polling_timeout"
        producer = Producer(client_config, (topic,))
        producer.startup()
        sent = send_all(producer, topic, n)

        wait_until(lambda: listener.success_count() >= n, DEADLINE_S,
                   lambda: f"only {listener.success_count()}/{n} consumed")
        assert not listener.errors
        assert set(listener.succeeded) == set(sent), "unexpected or missing message ids"
        for mid, got in listener.succeeded.items():
            assert len(got) == 1, f"{mid} consumed {len(got)} times"
            check_same_message(got[0], sent[mid], topic)
            assert got[0].delivery_attempt == 1

        # The acks reached the server: nothing left to deliver or in flight.
        wait_nothing_in_flight(admin, group, topic)
        assert len(listener.calls) == n, f"redeliveries: {listener.calls}"

        # Settings said metric on, with Apogee as the OTLP endpoint; the
        # consumer's metrics (its consumption histograms) export there.
        assert client_metrics_on(consumer), "server Settings must turn metrics on"
        stopped, consumer = consumer, None   # finally: nothing left to shut down
        stopped.shutdown()
        failures = stop_client_metrics(stopped)
        assert not failures, [r.getMessage() for r in failures]
    finally:
        shutdown_all(producer, consumer)


def test_push_consume_retry(client_config, admin):
    n = 10
    topic, group = unique("py-push-retry-topic"), unique("py-push-retry-group")
    admin.create_group(group, retry_backoff="1s")   # quick retries
    failed_at = {}   # message id -> monotonic time of the failed first call
    retried_at = {}  # message id -> monotonic time of the second call
    times_lock = threading.Lock()

    def fail_first(message, attempt_no):
        with times_lock:
            (failed_at if attempt_no == 1 else retried_at).setdefault(
                message.message_id, time.monotonic())
        return ConsumeResult.FAILURE if attempt_no == 1 else ConsumeResult.SUCCESS

    listener = RecordingListener(decide=fail_first)
    consumer = start_push_consumer(client_config, group, topic, listener)
    producer = None
    try:
        producer = Producer(client_config, (topic,))
        producer.startup()
        sent = send_all(producer, topic, n)

        wait_until(lambda: listener.success_count() >= n, DEADLINE_S,
                   lambda: f"only {listener.success_count()}/{n} consumed after retry; "
                           f"calls: {listener.calls}")
        assert not listener.errors
        assert set(listener.succeeded) == set(sent)
        for mid, got in listener.succeeded.items():
            assert len(got) == 1, f"{mid} consumed {len(got)} times"
            check_same_message(got[0], sent[mid], topic)
            assert got[0].delivery_attempt == 2, (
                f"{mid}: retry came with delivery_attempt {got[0].delivery_attempt}")
            # The nack asked for the group's 1 s back-off (whole seconds).
            waited = retried_at[mid] - failed_at[mid]
            assert waited >= 0.9, f"{mid} redelivered {waited:.3f}s after the failure"

        wait_nothing_in_flight(admin, group, topic)
        for mid in sent:
            calls = [(a, r) for m, a, r in listener.calls if m == mid]
            assert calls == [(1, ConsumeResult.FAILURE), (2, ConsumeResult.SUCCESS)], (
                f"{mid}: (delivery_attempt, result) per call: {calls}")
        assert admin.dlq_list(group)["messages"] == [], "nothing should be dead-lettered"
    finally:
        shutdown_all(producer, consumer)


def test_two_push_consumers_share_group(client_config, admin):
    n = 40
    topic, group = unique("py-push-share-topic"), unique("py-push-share-group")
    listeners = [RecordingListener(name=f"consumer{i}") for i in range(2)]
    consumers = []
    producer = None

    def total():
        return sum(lst.success_count() for lst in listeners)

    def counts():
        return [lst.success_count() for lst in listeners]

    try:
        # Two client instances in one process (each has its own client id).
        for listener in listeners:
            consumers.append(start_push_consumer(client_config, group, topic, listener))
        assert consumers[0].client_id != consumers[1].client_id
        producer = Producer(client_config, (topic,))
        producer.startup()

        # A push consumer starts polling only after its first assignment scan
        # (about 1 s after startup); messages sent before both poll go to
        # whichever polls first, in batches of up to 32. So first send probes,
        # one at a time, until each consumer has consumed one: both are polling.
        sent = {}
        deadline = time.monotonic() + DEADLINE_S
        while not all(counts()):
            assert time.monotonic() < deadline, (
                f"probes not shared within {DEADLINE_S}s: {counts()}")
            sent.update(send_all(producer, topic, 1, first=1000 + len(sent)))
            wait_until(lambda: total() >= len(sent), DEADLINE_S,
                       lambda: f"probe not consumed: {counts()} of {len(sent)}")
        before = counts()

        sent.update(send_all(producer, topic, n))
        wait_until(lambda: total() >= len(sent), DEADLINE_S,
                   lambda: f"only {total()}/{len(sent)} consumed: {counts()}")
        wait_nothing_in_flight(admin, group, topic)

        for lst in listeners:
            assert not lst.errors
            for mid, got in lst.succeeded.items():
                assert len(got) == 1, f"{lst.name} consumed {mid} {len(got)} times"
                check_same_message(got[0], sent[mid], topic)
        ids = [set(lst.succeeded) for lst in listeners]
        assert not (ids[0] & ids[1]), f"consumed by both consumers: {ids[0] & ids[1]}"
        assert ids[0] | ids[1] == set(sent), f"lost: {set(sent) - (ids[0] | ids[1])}"
        assert sum(len(lst.calls) for lst in listeners) == len(sent), "unexpected redeliveries"
        split = [after - b for after, b in zip(counts(), before)]
        assert all(split), f"both consumers poll, yet the {n} messages split {split}"
    finally:
        shutdown_all(producer, *consumers)
