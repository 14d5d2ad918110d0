"""Helpers shared by the end-to-end tests: names, bounded waits, the admin CLI."""
import json
import logging
import os
import subprocess
import threading
import time
import uuid

from rocketmq import ConsumeResult, MessageListener
from rocketmq.grpc_protocol import Metric

POLL_S = 0.05          # poll interval of wait_until (not a readiness guess)
ADMIN_TIMEOUT_S = 30   # bound on one admin CLI call
SETTLE_S = 30          # bound on the server reporting nothing in flight
HARNESS_VARS = ("APOGEE_BIN", "APOGEE_PY_VENV", "APOGEE_TOPOLOGY")


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def wait_until(condition, timeout_s, describe):
    """Poll `condition()` until it is truthy; fail with `describe()` after timeout_s."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s}s: {describe()}")
        time.sleep(POLL_S)


class Admin:
    """`apogee admin --endpoint http://ENDPOINT ... --json` for one test's server."""

    def __init__(self, binary, endpoint):
        self.binary = binary
        self.endpoint = f"http://{endpoint}"

    def __call__(self, *args):
        """Run one admin command; return its parsed JSON output."""
        cmd = [self.binary, "admin", "--endpoint", self.endpoint, *args, "--json"]
        # APOGEE_* variables are configuration to apogee; keep ours out.
        env = {k: v for k, v in os.environ.items()
               if k not in HARNESS_VARS and k != "APOGEE_ENDPOINT"}
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env,
                              timeout=ADMIN_TIMEOUT_S)
        if proc.returncode != 0:
            raise AssertionError(
                f"{' '.join(cmd)} exited {proc.returncode}\n"
                f"stdout: {proc.stdout}\nstderr: {proc.stderr}")
        return json.loads(proc.stdout) if proc.stdout.strip() else None

    def create_topic(self, name, msg_type="normal", queues=None):
        args = ["topic", "create", name, "--type", msg_type]
        if queues is not None:
            args += ["--queues", str(queues)]
        return self(*args)

    def create_group(self, name, fifo=False, retry_backoff=None, max_attempts=None):
        args = ["group", "create", name]
        if fifo:
            args.append("--fifo")
        if retry_backoff is not None:
            args += ["--retry-backoff", retry_backoff]
        if max_attempts is not None:
            args += ["--max-delivery-attempts", str(max_attempts)]
        return self(*args)

    def group_offsets(self, group, topic):
        return self("group", "offsets", group, topic)

    def dlq_list(self, group):
        return self("dlq", "list", group)


def wait_nothing_in_flight(admin, group, topic, timeout_s=SETTLE_S):
    """Wait until the server shows the group done with the topic: everything acked.

    No lag and nothing in flight on any queue, and an empty retry backlog.
    """
    last = {}

    def settled():
        last["offsets"] = offsets = admin.group_offsets(group, topic)
        return (offsets["retry_backlog"] == 0 and
                all(q["in_flight"] == 0 and q["lag"] == 0 for q in offsets["queues"]))
    wait_until(settled, timeout_s, lambda: f"group offsets still show work: {last.get('offsets')}")


class RecordingListener(MessageListener):
    """Records every delivery; `decide(message, attempt_no)` picks the result.

    `attempt_no` counts this listener's own calls for the message id (1 for the
    first call), independently of the server's delivery_attempt.
    """

    def __init__(self, name="listener", decide=None):
        self.name = name
        self.decide = decide or (lambda message, attempt_no: ConsumeResult.SUCCESS)
        self.lock = threading.Lock()
        self.calls = []          # (message_id, delivery_attempt, result) in call order
        self.succeeded = {}      # message_id -> [Message, ...] (successful calls)
        self.errors = []         # exceptions raised by decide()

    def consume(self, message):
        with self.lock:
            attempt_no = 1 + sum(1 for c in self.calls if c[0] == message.message_id)
        try:
            result = self.decide(message, attempt_no)
        except Exception as e:  # keep the test's failure visible, not the client's log
            with self.lock:
                self.errors.append(e)
            result = ConsumeResult.FAILURE
        with self.lock:
            self.calls.append((message.message_id, message.delivery_attempt, result))
            if result == ConsumeResult.SUCCESS:
                self.succeeded.setdefault(message.message_id, []).append(message)
        return result

    def success_count(self):
        with self.lock:
            return len(self.succeeded)


class _ListHandler(logging.Handler):
    def __init__(self, records, level):
        super().__init__(level)
        self.records = records

    def emit(self, record):
        self.records.append(record)


def client_metrics_on(client):
    """Whether the client started its OTLP exporter (the server's Settings said metric on).

    Reads a private attribute of the pinned client (5.1.2 has no public getter).
    """
    return getattr(client.client_metrics, "_ClientMetrics__meter_provider", None) is not None


def stop_client_metrics(client):
    """Stop the client's OTLP metrics exporter now, exporting one last time.

    rocketmq-python-client 5.1.2 never stops the MeterProvider it starts when the
    server turns metrics on, so the OpenTelemetry SDK exports at interpreter exit
    to a server that is gone (noisy retries, seconds per client). Turning metrics
    off through the client's own ClientMetrics.reset_metrics does that last export
    while the server still runs. Returns the WARNING+ records the OpenTelemetry
    SDK/exporter logged meanwhile (a failed export logs one).
    """
    records = []
    handler = _ListHandler(records, logging.WARNING)
    otel = logging.getLogger("opentelemetry")
    otel.addHandler(handler)
    try:
        client.client_metrics.reset_metrics(Metric(on=False))
    finally:
        otel.removeHandler(handler)
    return records


def shutdown_all(*clients):
    """Shut every client down (then stop its metrics); re-raise the first error."""
    errors = []
    for client in clients:
        if client is None:
            continue
        for step in (client.shutdown, lambda: stop_client_metrics(client)):
            try:
                step()
            except Exception as e:  # shut the others down anyway
                errors.append(e)
    if errors:
        raise errors[0]
