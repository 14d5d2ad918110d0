"""Fixtures: a fresh `apogee standalone` server per test, plus client settings."""
import os
import pathlib
import signal
import subprocess
import time

import pytest
from apogee_e2e import Admin, wait_until
from rocketmq import ClientConfiguration, Credentials

READY_TIMEOUT_S = 30
STOP_TIMEOUT_S = 15
HARNESS_VARS = ("APOGEE_BIN", "APOGEE_PY_VENV", "APOGEE_TOPOLOGY")
CHROMIUM = "/usr/bin/chromium"            # Debian packages chromium and chromium-driver
CHROMEDRIVER = "/usr/bin/chromedriver"
PAGE_LOAD_TIMEOUT_S = 60  # generous: CI machines are loaded


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "apogee_env(**variables): extra environment for this test's `apogee standalone` "
        "(configuration such as APOGEE_BROKER__TRANSACTION_CHECK_INTERVAL='1s')")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Attach the server log to the report of any failing phase.
    report = (yield).get_result()
    setattr(item, f"rep_{report.when}", report)  # read by the browser fixture's teardown
    for log_path in getattr(item, "apogee_log_paths", []):
        if report.failed and os.path.exists(log_path):
            with open(log_path, errors="replace") as f:
                name = os.path.basename(log_path)
                report.sections.append((f"apogee server log ({name})", f.read()))


class _Process:
    """One `apogee` process started with `--listen 127.0.0.1:0 --ready-file`."""

    def __init__(self, binary, args, env, tmp_path, name):
        self.name = name
        self.ready_file = tmp_path / f"{name}.ready"
        self.log_path = tmp_path / f"{name}.log"
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [binary, *args, "--listen", "127.0.0.1:0", "--ready-file", str(self.ready_file)],
            stdout=self.log, stderr=subprocess.STDOUT, env=env,
        )
        # Readiness = the process wrote its bound address into the ready file.
        deadline = time.monotonic() + READY_TIMEOUT_S
        self.endpoint = ""
        while not self.endpoint:
            if self.proc.poll() is not None:
                pytest.fail(f"apogee {name} exited early with status {self.proc.returncode}")
            if time.monotonic() > deadline:
                pytest.fail(f"apogee {name} not ready after {READY_TIMEOUT_S}s")
            if self.ready_file.exists():
                self.endpoint = self.ready_file.read_text().strip()
            if not self.endpoint:
                time.sleep(0.05)  # poll interval, not a readiness guess

    def stop(self):
        """SIGTERM, then the exit status; a failure message or None."""
        running = self.proc.poll() is None
        killed = False
        if running:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                killed = True
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        if killed:
            return f"apogee {self.name} did not exit within {STOP_TIMEOUT_S}s of SIGTERM (killed)"
        if running and self.proc.returncode != 0:
            return f"apogee {self.name} exited with status {self.proc.returncode} after SIGTERM"
        return None


def _topology():
    topology = os.environ.get("APOGEE_TOPOLOGY", "standalone")
    if topology not in ("standalone", "cluster"):
        pytest.fail(f"APOGEE_TOPOLOGY={topology!r}: use standalone or cluster")
    return topology


@pytest.fixture
def apogee_endpoint(request, tmp_path):
    """Start Apogee on ephemeral ports; yield the client endpoint "127.0.0.1:PORT".

    By default that is one `apogee standalone`. With APOGEE_TOPOLOGY=cluster it is a
    cluster of separate processes: a nameserver, brokers broker-a and broker-b, and an
    `apogee proxy` in front of them, whose endpoint the clients get.

    A test marked `@pytest.mark.apogee_env(APOGEE_SECTION__KEY="value", ...)` starts
    its server (each broker, in a cluster) with those variables added (server
    configuration, e.g. a short transaction check interval); unmarked tests get the
    defaults. The web console is off, except where the test asks for `console_url`.
    """
    binary = os.environ.get("APOGEE_BIN")
    if not binary:
        pytest.fail("APOGEE_BIN is not set (run tests/python/run.sh PATH_TO_APOGEE)")
    # The server reads APOGEE_* variables as configuration and rejects unknown
    # keys, so keep this harness's own variables out of its environment.
    base = {k: v for k, v in os.environ.items() if k not in HARNESS_VARS}
    base.setdefault("RUST_LOG", "info")
    base.setdefault("NO_COLOR", "1")  # plain text in the captured log
    # Several servers share the host (a cluster is four processes): no /metrics port.
    base.setdefault("APOGEE_TELEMETRY__METRICS_LISTEN", "off")
    # The web console listens on 0.0.0.0:8080 by default: only the process the clients talk
    # to serves it, on an ephemeral port, and only for tests that ask for `console_url`.
    base["APOGEE_CONSOLE__ENABLED"] = "false"
    console = {}
    if "console_url" in request.fixturenames:
        console = {
            "APOGEE_CONSOLE__ENABLED": "true",
            "APOGEE_CONSOLE__LISTEN": "127.0.0.1:0",
            "APOGEE_CONSOLE__READY_FILE": str(tmp_path / "console.ready"),
            "APOGEE_CONSOLE__SAMPLE_INTERVAL": "1s",  # rates show within seconds
        }
    env = dict(base)
    marker = request.node.get_closest_marker("apogee_env")
    if marker is not None:
        if marker.args:
            pytest.fail("apogee_env takes keyword arguments only: NAME='value'")
        env.update({k: str(v) for k, v in marker.kwargs.items()})
    processes = []
    request.node.apogee_log_paths = []
    try:
        if _topology() == "standalone":
            processes.append(_Process(
                binary, ["standalone", "--data-dir", str(tmp_path / "data")],
                dict(env, **console), tmp_path, "standalone"))
        else:
            ns = _Process(binary, ["nameserver"], base, tmp_path, "nameserver")
            processes.append(ns)
            brokers = dict(env, APOGEE_CLUSTER__HEARTBEAT_INTERVAL="1s")
            for name in ("broker-a", "broker-b"):
                processes.append(_Process(
                    binary, ["broker", "--nameserver", ns.endpoint, "--broker-name", name,
                             "--broker-id", "0", "--data-dir", str(tmp_path / name)],
                    brokers, tmp_path, name))
            processes.append(_Process(
                binary, ["proxy", "--nameserver", ns.endpoint], dict(base, **console),
                tmp_path, "proxy"))
        request.node.apogee_log_paths = [str(p.log_path) for p in processes]
        if _topology() == "cluster":
            # Clients start once both brokers are registered (the proxy finds them there).
            names = Admin(binary, processes[0].endpoint)
            wait_until(lambda: len(names("cluster", "list")["brokers"]) == 2, READY_TIMEOUT_S,
                       lambda: f"brokers registered: {names('cluster', 'list')}")
        yield processes[-1].endpoint
    finally:
        # Clean shutdown on SIGTERM is part of what we test, proxy first; an early exit
        # was already reported above.
        failures = [f for f in (p.stop() for p in reversed(processes)) if f]
        if failures:
            pytest.fail("; ".join(failures))


@pytest.fixture
def client_config(apogee_endpoint):
    # Plaintext gRPC (tls_enable defaults to False); empty AK/SK = no auth.
    return ClientConfiguration(apogee_endpoint, Credentials())


@pytest.fixture
def admin(apogee_endpoint):
    """The admin CLI bound to this test's server: admin.create_group(...), etc."""
    return Admin(os.environ["APOGEE_BIN"], apogee_endpoint)


@pytest.fixture
def console_url(apogee_endpoint, tmp_path):
    """Base URL "http://127.0.0.1:PORT" of the web console of the process clients talk to.

    Asking for this fixture turns the console on there (see apogee_endpoint); it is ready
    once the server wrote its bound address into the ready file.
    """
    ready = tmp_path / "console.ready"
    address = wait_until(lambda: ready.exists() and ready.read_text().strip(), READY_TIMEOUT_S,
                         lambda: f"console ready file {ready} not written (enabled and listening?)")
    return f"http://{address}"


def _chrome_options():
    from selenium import webdriver  # only the console tests need selenium
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=1400,1000"):
        options.add_argument(arg)
    return options


@pytest.fixture
def browser(request, tmp_path):
    """Headless Debian Chromium through Debian's chromedriver (Selenium 4).

    Explicit binary paths and SE_OFFLINE keep Selenium Manager from downloading a browser
    or driver. After a failed test the last page's screenshot and HTML stay in tmp_path
    (their paths are added to the failure report).
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.path.exists(path):
            pytest.fail(f"{path} missing: apt-get install {package} (scripts/lib.sh does)")
    os.environ["SE_OFFLINE"] = "true"
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=_chrome_options())
    driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT_S)
    try:
        yield driver
    finally:
        try:
            failed = [r for r in (getattr(request.node, f"rep_{when}", None)
                                  for when in ("setup", "call")) if r is not None and r.failed]
            if failed:
                png, html = tmp_path / "browser-failure.png", tmp_path / "browser-failure.html"
                driver.save_screenshot(str(png))
                html.write_text(driver.page_source)
                failed[-1].sections.append(
                    ("browser", f"url: {driver.current_url}\nscreenshot: {png}\npage: {html}"))
        finally:
            driver.quit()


@pytest.fixture
def screenshots():
    """save(driver, name): a screenshot NAME.png into $APOGEE_CONSOLE_SCREENSHOTS, if set."""
    target = os.environ.get("APOGEE_CONSOLE_SCREENSHOTS")
    if target:
        pathlib.Path(target).mkdir(parents=True, exist_ok=True)

    def save(driver, name):
        if target:
            assert driver.save_screenshot(str(pathlib.Path(target) / f"{name}.png")), name
    return save
