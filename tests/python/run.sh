#!/usr/bin/env bash
# End-to-end test of Apogee with the official RocketMQ 5 Python client.
# Usage: tests/python/run.sh PATH_TO_APOGEE_BINARY [EXTRA_PYTEST_ARGS...]
# (extra arguments go to pytest after tests/python; tests/clients/run.sh uses them)
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 PATH_TO_APOGEE_BINARY [EXTRA_PYTEST_ARGS...]" >&2
  exit 2
fi
[[ -f "$1" && -x "$1" ]] || { echo "not an executable file: $1" >&2; exit 2; }
APOGEE_BIN="$(realpath "$1")"  # pytest runs from the repository root
shift

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${APOGEE_PY_VENV:-$HOME/.cache/apogee/py-venv}"
REQ="$HERE/requirements.txt"

if [[ ! -x "$VENV/bin/python" ]]; then
  mkdir -p "$(dirname "$VENV")"
  if ! python3 -m venv "$VENV"; then
    # Debian splits venv/ensurepip out of python3; install it only as root.
    if [[ "$(id -u)" -eq 0 ]]; then
      rm -rf "$VENV"
      apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
      python3 -m venv "$VENV"
    else
      echo "python3 -m venv failed and we are not root to install python3-venv" >&2
      exit 1
    fi
  fi
fi

# Reinstall only when requirements.txt changed (a stamp holds its hash).
STAMP="$VENV/.apogee-requirements.sha256"
WANT="$(sha256sum "$REQ" | cut -d' ' -f1)"
if [[ "$(cat "$STAMP" 2>/dev/null || true)" != "$WANT" ]]; then
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$REQ"
  echo "$WANT" > "$STAMP"
fi

export APOGEE_BIN
export PYTHONDONTWRITEBYTECODE=1
cd "$HERE/../.."
set +e
"$VENV/bin/python" -m pytest -q tests/python "$@"
rc=$?
set -e
exit "$rc"
