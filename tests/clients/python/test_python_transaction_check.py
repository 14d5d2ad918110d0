"""Transaction check-back with rocketmq-python-client: an unresolved transaction
is committed by the producer's TransactionChecker when the server asks."""
import time

import pytest
from apogee_e2e import shutdown_all, unique
from rocketmq import Producer, TransactionResolution
from test_python_scenarios import RecordingChecker, message, receive_and_ack, simple_consumer


@pytest.fixture(autouse=True)
def fast_transaction_checks(monkeypatch):
    # Autouse, so it runs before the server fixture reads the environment:
    # the server asks a producer of the topic to resolve open transactions every 1 s.
    monkeypatch.setenv("APOGEE_BROKER__TRANSACTION_CHECK_INTERVAL", "1s")


def test_transaction_check_back(client_config, admin):
    topic = unique("py-txcheck")
    admin.create_topic(topic, "transaction")
    consumer = simple_consumer(client_config, topic)
    checker = RecordingChecker(TransactionResolution.COMMIT)
    producer = Producer(client_config, (topic,), checker)
    producer.startup()
    try:
        tx = producer.begin_transaction()  # left unresolved on purpose
        receipt = producer.send(message(topic, "tx-check"), tx)
        got = receive_and_ack(consumer, 1)
        arrived = time.time()
        assert list(got) == [receipt.message_id]
        assert receipt.message_id in checker.checked, "delivered without a check-back"
        assert checker.checked[receipt.message_id] <= arrived, "delivered before the checker committed it"
    finally:
        shutdown_all(producer, consumer)
