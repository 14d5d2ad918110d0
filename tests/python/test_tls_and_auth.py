"""Official rocketmq-python-client 5.1.2 with TLS on (verifying the server's certificate and
host name against a CA it is given) and with signed requests against a server that has
authentication on."""
import os
import pathlib
import shutil
import subprocess
import tempfile
import time
import uuid

import pytest
from apogee_e2e import Admin
from rocketmq import ClientConfiguration, Credentials, FilterExpression, Message, Producer, SimpleConsumer

REPO = pathlib.Path(__file__).resolve().parent.parent.parent
CERTS = pathlib.Path(tempfile.mkdtemp(prefix="apogee-py-certs-"))
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


def tls_env(name):
    return {
        "APOGEE_SERVER__TLS_MODE": "enforcing",
        "APOGEE_SERVER__TLS_CERT_PATH": str(CERTS / f"{name}.crt"),
        "APOGEE_SERVER__TLS_KEY_PATH": str(CERTS / f"{name}.key"),
    }


@pytest.fixture(scope="module", autouse=True)
def test_ca():
    """A throwaway CA and certificates signed by it (tests/clients/test-certs.sh), trusted by
    gRPC in this process. gRPC reads the roots file once, at the first TLS channel of the
    process: nothing else in this suite uses TLS."""
    subprocess.run([str(REPO / "tests/clients/test-certs.sh"), str(CERTS)], check=True,
                   capture_output=True, timeout=60)
    os.environ["GRPC_DEFAULT_SSL_ROOTS_FILE_PATH"] = str(CERTS / "ca.crt")
    yield
    shutil.rmtree(CERTS, ignore_errors=True)


@pytest.mark.apogee_env(**tls_env("server"))
def test_tls_verifying_a_ca_signed_certificate(apogee_endpoint):
    # The client checks the chain up to the test CA and that the certificate names 127.0.0.1.
    config = ClientConfiguration(apogee_endpoint, Credentials())
    assert round_trip(config, tls=True) == {b"m0", b"m1", b"m2"}


@pytest.mark.apogee_env(**tls_env("other-host"))
def test_tls_refuses_a_certificate_for_another_host(apogee_endpoint):
    # Signed by the same CA, but naming only other-host.invalid.
    refused_producer(ClientConfiguration(apogee_endpoint, Credentials()), tls=True)


def refused_producer(config, tls=False, prefix="py-sec-refused"):
    """A producer of a new topic whose first send must fail; returns the topic. The client
    reports any refusal of its route query as a generic route failure, so the test that
    passes with the same settings but other credentials or certificates shows the cause."""
    topic = unique(prefix)
    producer = Producer(config, (topic,), tls_enable=tls)
    with pytest.raises(Exception):
        producer.startup()
        producer.send(message(topic, b"x"))
    try:
        producer.shutdown()
    except Exception:  # a producer that failed to start may refuse to shut down
        pass
    return topic


@pytest.mark.apogee_env(
    APOGEE_AUTH__ENABLED="true",
    APOGEE_AUTH__ADMIN_ACCESS_KEY="py-admin",
    APOGEE_AUTH__ADMIN_SECRET_KEY="py-admin-secret",
)
def test_signed_requests_with_authentication_on(apogee_endpoint):
    admin = Admin(os.environ["APOGEE_BIN"], apogee_endpoint)
    su = ("--access-key", "py-admin", "--secret-key", "py-admin-secret")
    # A normal user allowed to publish and subscribe on its own topics and groups only.
    admin("user", "create", "py-app", "--secret", "py-app-secret", *su)
    admin("acl", "put", "py-app", "--resource", "Topic:py-sec-*", "--actions", "Pub,Sub,Create", *su)
    admin("acl", "put", "py-app", "--resource", "Group:py-sec-g-*", "--actions", "Sub,Create", *su)
    app = ClientConfiguration(apogee_endpoint, Credentials("py-app", "py-app-secret"))
    assert round_trip(app, tls=False) == {b"m0", b"m1", b"m2"}

    refused = [
        refused_producer(ClientConfiguration(apogee_endpoint, Credentials("py-app", "wrong-secret"))),
        # Python always signs: empty credentials name no user.
        refused_producer(ClientConfiguration(apogee_endpoint, Credentials())),
        # Signed correctly, but outside its ACL (the topic is not py-sec-*).
        refused_producer(app, prefix="py-other"),
    ]
    names = {t["name"] for t in admin("topic", "list", *su)}
    assert not names & set(refused), "a refused call created its topic"
