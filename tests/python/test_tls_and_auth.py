"""Official rocketmq-python-client 5.1.2 with TLS on (verifying the server's certificate and
host name against a CA it is given) and with signed requests against a server that has
authentication on."""
import os
import time
import uuid

import pytest
from rocketmq import ClientConfiguration, Credentials, FilterExpression, Message, Producer, SimpleConsumer

AWAIT_S = 3
DEADLINE_S = 60


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def message(topic, body):
    msg = Message()
    msg.topic = topic
    msg.body = body
    return msg


def round_trip(config, tls):
    """Sends three messages and receives and acks them; returns the bodies received."""
    topic, group = unique("py-sec"), unique("py-sec-g")
    consumer = SimpleConsumer(config, group, {topic: FilterExpression()},
                              await_duration=AWAIT_S, tls_enable=tls)
    consumer.startup()
    producer = Producer(config, (topic,), tls_enable=tls)
    producer.startup()
    try:
        for i in range(3):
            assert producer.send(message(topic, f"m{i}".encode())).message_id
        got = set()
        deadline = time.monotonic() + DEADLINE_S
        while len(got) < 3 and time.monotonic() < deadline:
            for m in consumer.receive(8, 15) or []:
                got.add(m.body)
                consumer.ack(m)
        return got
    finally:
        producer.shutdown()
        consumer.shutdown()


def test_tls_verifying_the_generated_certificate(apogee_endpoint, tmp_path):
    # The server made a self-signed certificate (naming 127.0.0.1) in its data dir at start.
    # gRPC reads the roots file once, at the first TLS channel in this process: nothing else
    # in this suite uses TLS.
    cert = tmp_path / "data" / "tls" / "server.crt"
    assert cert.exists(), "the server generated no certificate"
    os.environ["GRPC_DEFAULT_SSL_ROOTS_FILE_PATH"] = str(cert)
    config = ClientConfiguration(apogee_endpoint, Credentials())
    assert round_trip(config, tls=True) == {b"m0", b"m1", b"m2"}


@pytest.mark.apogee_env(
    APOGEE_AUTH__ENABLED="true",
    APOGEE_AUTH__ADMIN_ACCESS_KEY="py-admin",
    APOGEE_AUTH__ADMIN_SECRET_KEY="py-admin-secret",
)
def test_signed_requests_with_authentication_on(apogee_endpoint, request):
    good = ClientConfiguration(apogee_endpoint, Credentials("py-admin", "py-admin-secret"))
    assert round_trip(good, tls=False) == {b"m0", b"m1", b"m2"}
    bad = ClientConfiguration(apogee_endpoint, Credentials("py-admin", "wrong-secret"))
    bad_topic = unique("py-sec-bad")
    producer = Producer(bad, (bad_topic,))
    # The client turns the UNAUTHORIZED (40100) answer to its route query into a generic
    # route failure; the refusal itself shows in its log.
    with pytest.raises(Exception):
        producer.startup()
        producer.send(message(bad_topic, b"x"))
    try:
        producer.shutdown()
    except Exception:  # a producer that failed to start may refuse to shut down
        pass
    with open(request.node.apogee_log_path) as log:
        assert f"topic={bad_topic}" not in log.read(), "a refused call created its topic"
