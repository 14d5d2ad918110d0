"""Fixtures: a fresh `apogee standalone` server per test, plus client settings."""
import os
import signal
import subprocess
import time

import pytest
from apogee_e2e import Admin
from rocketmq import ClientConfiguration, Credentials

READY_TIMEOUT_S = 30
STOP_TIMEOUT_S = 15
HARNESS_VARS = ("APOGEE_BIN", "APOGEE_PY_VENV")


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "apogee_env(**variables): extra environment for this test's `apogee standalone` "
        "(configuration such as APOGEE_BROKER__TRANSACTION_CHECK_INTERVAL='1s')")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Attach the server log to the report of any failing phase.
    report = (yield).get_result()
    log_path = getattr(item, "apogee_log_path", None)
    if report.failed and log_path and os.path.exists(log_path):
        with open(log_path, errors="replace") as f:
            report.sections.append(("apogee server log", f.read()))


@pytest.fixture
def apogee_endpoint(request, tmp_path):
    """Start `apogee standalone` on an ephemeral port; yield "127.0.0.1:PORT".

    A test marked `@pytest.mark.apogee_env(APOGEE_SECTION__KEY="value", ...)` starts
    its server with those variables added (server configuration, e.g. a short
    transaction check interval); unmarked tests get the defaults.
    """
    binary = os.environ.get("APOGEE_BIN")
    if not binary:
        pytest.fail("APOGEE_BIN is not set (run tests/python/run.sh PATH_TO_APOGEE)")
    ready_file = tmp_path / "ready"
    log_path = tmp_path / "apogee.log"
    request.node.apogee_log_path = str(log_path)
    # The server reads APOGEE_* variables as configuration and rejects unknown
    # keys, so keep this harness's own variables out of its environment.
    env = {k: v for k, v in os.environ.items() if k not in HARNESS_VARS}
    marker = request.node.get_closest_marker("apogee_env")
    if marker is not None:
        if marker.args:
            pytest.fail("apogee_env takes keyword arguments only: NAME='value'")
        env.update({k: str(v) for k, v in marker.kwargs.items()})
    env.setdefault("RUST_LOG", "info")
    env.setdefault("NO_COLOR", "1")  # plain text in the captured log
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [binary, "standalone", "--listen", "127.0.0.1:0",
         "--data-dir", str(tmp_path / "data"), "--ready-file", str(ready_file)],
        stdout=log, stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        # Readiness = the server wrote its bound address into the ready file.
        deadline = time.monotonic() + READY_TIMEOUT_S
        endpoint = ""
        while not endpoint:
            if proc.poll() is not None:
                pytest.fail(f"apogee exited early with status {proc.returncode}")
            if time.monotonic() > deadline:
                pytest.fail(f"apogee not ready after {READY_TIMEOUT_S}s")
            if ready_file.exists():
                endpoint = ready_file.read_text().strip()
            if not endpoint:
                time.sleep(0.05)  # poll interval, not a readiness guess
        yield endpoint
    finally:
        # Clean shutdown on SIGTERM is part of what we test; an early exit
        # was already reported above.
        running = proc.poll() is None
        killed = False
        if running:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                killed = True
                proc.kill()
                proc.wait()
        log.close()
        if killed:
            pytest.fail(f"apogee did not exit within {STOP_TIMEOUT_S}s of SIGTERM (killed)")
        if running and proc.returncode != 0:
            pytest.fail(f"apogee exited with status {proc.returncode} after SIGTERM")


@pytest.fixture
def client_config(apogee_endpoint):
    # Plaintext gRPC (tls_enable defaults to False); empty AK/SK = no auth.
    return ClientConfiguration(apogee_endpoint, Credentials())


@pytest.fixture
def admin(apogee_endpoint):
    """The admin CLI bound to this test's server: admin.create_group(...), etc."""
    return Admin(os.environ["APOGEE_BIN"], apogee_endpoint)
