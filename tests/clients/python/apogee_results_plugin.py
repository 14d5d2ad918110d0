"""pytest plugin: maps the Python client tests to compatibility scenarios.

Loaded by tests/clients/run.sh (`-p apogee_results_plugin --apogee-results=FILE`)
when it runs tests/python (plus tests/clients/python) through tests/python/run.sh.
A scenario passes when every test mapped to it passed, fails when any failed
(setup, call or teardown), and is "unsupported" when a test skipped itself with
a reason starting "unsupported by client". Unmapped tests are ignored; a
scenario whose tests did not run is left out (run.sh counts that as a failure).
"""
import json
from importlib.metadata import version

# scenario -> tests ("file::function", matched against the end of the node id)
SCENARIOS = {
    "normal": ["test_official_client.py::test_send_receive_ack"],
    "fifo": ["test_fifo.py::test_fifo_simple_consumer", "test_fifo.py::test_fifo_push_consumer"],
    "delay": ["test_python_scenarios.py::test_delay"],
    "transaction": ["test_python_scenarios.py::test_transaction_commit"],
    "transaction_check": ["test_python_transaction_check.py::test_transaction_check_back"],
    "simple_consumer": ["test_official_client.py::test_send_receive_ack",
                        "test_python_scenarios.py::test_simple_consumer_nack"],
    "push_consumer": ["test_push_consumer.py::test_push_consume",
                      "test_push_consumer.py::test_push_consume_retry"],
    "tls": ["test_tls_and_auth.py::test_tls_verifying_a_ca_signed_certificate",
            "test_tls_and_auth.py::test_tls_refuses_a_certificate_for_another_host"],
    "auth": ["test_tls_and_auth.py::test_signed_requests_with_authentication_on"],
}


def pytest_addoption(parser):
    parser.addoption("--apogee-results", metavar="FILE",
                     help="write the scenario results of the Python client to FILE (JSON)")


def pytest_configure(config):
    path = config.getoption("--apogee-results")
    if path:
        config.pluginmanager.register(_Recorder(path), "apogee_results_recorder")


class _Recorder:
    def __init__(self, path):
        self.path = path
        self.outcome = {}   # test key -> "pass" | "fail" | "unsupported"
        self.detail = {}

    def pytest_runtest_logreport(self, report):
        key = report.nodeid.rsplit("/", 1)[-1]
        if not any(key in tests for tests in SCENARIOS.values()):
            return
        if report.failed:
            self.outcome[key] = "fail"
            self.detail[key] = f"{key} failed in {report.when}"
        elif report.skipped:
            reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else ""
            reason = reason.removeprefix("Skipped: ")
            if reason.startswith("unsupported by client"):
                self.outcome.setdefault(key, "unsupported")
                self.detail[key] = reason
        elif report.when == "call":
            self.outcome.setdefault(key, "pass")

    def pytest_sessionfinish(self, session):
        scenarios, details = {}, {}
        for name, tests in SCENARIOS.items():
            got = [self.outcome.get(t) for t in tests]
            if "fail" in got:
                scenarios[name] = "fail"
                details[name] = "; ".join(self.detail[t] for t in tests if self.outcome.get(t) == "fail")
            elif "unsupported" in got:
                scenarios[name] = "unsupported"
                details[name] = "; ".join(self.detail[t] for t in tests if t in self.detail)
            elif got and all(g == "pass" for g in got):
                scenarios[name] = "pass"
        with open(self.path, "w") as f:
            json.dump({"client": "python", "library": "rocketmq-python-client",
                       "version": version("rocketmq-python-client"),
                       "scenarios": scenarios, "details": details}, f, indent=2)
            f.write("\n")
