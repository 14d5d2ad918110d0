"""Reuses the fixtures of tests/python (a fresh server per test, client settings, admin CLI)."""
import importlib.util
import pathlib
import sys

_PY = pathlib.Path(__file__).resolve().parents[2] / "python"
sys.path.insert(0, str(_PY))  # for apogee_e2e, imported by that conftest
_spec = importlib.util.spec_from_file_location("apogee_python_conftest", _PY / "conftest.py")
_base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_base)

apogee_endpoint = _base.apogee_endpoint
client_config = _base.client_config
admin = _base.admin
pytest_runtest_makereport = _base.pytest_runtest_makereport  # server log on failure
