"""Fixture: a fresh `apogee standalone` on an ephemeral port per test (APOGEE_BIN names it)."""
import os
import signal
import subprocess
import time

import pytest

READY_TIMEOUT_S = 30
STOP_TIMEOUT_S = 15
POLL_S = 0.05  # poll interval of the ready file, not a readiness guess


@pytest.fixture
def apogee_endpoint(tmp_path):
    """Start the server; yield "127.0.0.1:PORT"; stop it with SIGTERM and check it exits 0."""
    binary = os.environ.get("APOGEE_BIN")
    if not binary:
        pytest.fail("APOGEE_BIN is not set (run sdk-gen/check.sh PATH_TO_APOGEE)")
    ready_file = tmp_path / "ready"
    log_path = tmp_path / "apogee.log"
    # The server reads APOGEE_* variables as configuration and rejects unknown keys.
    env = {k: v for k, v in os.environ.items() if not k.startswith("APOGEE_")}
    env["NO_COLOR"] = "1"

    def server_log():
        return log_path.read_text(errors="replace") if log_path.exists() else "(no log)"

    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [binary, "standalone", "--listen", "127.0.0.1:0",
             "--data-dir", str(tmp_path / "data"), "--ready-file", str(ready_file)],
            stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + READY_TIMEOUT_S
            endpoint = ""
            while not endpoint:
                if proc.poll() is not None:
                    pytest.fail(f"apogee exited early with status {proc.returncode}\n{server_log()}")
                if time.monotonic() > deadline:
                    pytest.fail(f"apogee not ready after {READY_TIMEOUT_S}s\n{server_log()}")
                if ready_file.exists():
                    endpoint = ready_file.read_text().strip()
                if not endpoint:
                    time.sleep(POLL_S)
            yield endpoint
        finally:
            running = proc.poll() is None
            if running:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=STOP_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
                    pytest.fail(f"apogee did not exit within {STOP_TIMEOUT_S}s of SIGTERM\n{server_log()}")
    if not running:
        pytest.fail(f"apogee exited before the end of the test ({proc.returncode})\n{server_log()}")
    if proc.returncode != 0:
        pytest.fail(f"apogee exited with status {proc.returncode} after SIGTERM\n{server_log()}")
