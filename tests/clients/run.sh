#!/usr/bin/env bash
# Official RocketMQ 5 clients (Java, Go, Node.js, Python) against Apogee.
# Usage: tests/clients/run.sh PATH_TO_APOGEE_BINARY
#
# Installs what each suite needs (Maven dependencies, Go modules, `npm ci`, the
# Python venv of tests/python), runs the suites, and has each write its own
# results/<client>.json (scenario -> pass | fail | unsupported). Exits non-zero
# if any scenario failed or did not report. Server and client logs go to
# results/logs/<client>/ (RUST_LOG=debug for a verbose server log).
# Environment: CLIENTS="java go node python" picks the suites to run.
# Afterwards, tests/clients/matrix.py rewrites the table in README.md.
set -uo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 PATH_TO_APOGEE_BINARY" >&2
  exit 2
fi
[[ -f "$1" && -x "$1" ]] || { echo "not an executable file: $1" >&2; exit 2; }
BIN="$(realpath "$1")"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RESULTS="$HERE/results"
CLIENTS="${CLIENTS:-java go node python}"

for tool in mvn go npm python3; do
  command -v "$tool" >/dev/null || echo "warning: $tool not found; its suite will fail" >&2
done

# The harnesses pass the binary and output paths to the tests in APOGEE_*
# variables and keep every APOGEE_* variable out of the servers they start.
export APOGEE_BIN="$BIN"

run_java() {
  cd "$HERE/java" && mvn -B -ntp -Dstyle.color=never test -Dapogee.bin="$BIN" \
    -Dapogee.results="$RESULTS/java.json" -Dapogee.logs="$RESULTS/logs/java"
}

run_go() {
  cd "$HERE/go" && go mod download &&
    APOGEE_RESULTS="$RESULTS/go.json" APOGEE_LOGS="$RESULTS/logs/go" \
      go test -count=1 -v -timeout 20m ./...
}

# npm test runs node --test with --test-force-exit: the client's push consume
# service opens its own egg-logger (ignoring the logger option) and never closes
# it, so the test process would not exit. Its reporter writes results/node.json.
run_node() {
  cd "$HERE/node" && npm ci --no-audit --no-fund &&
    APOGEE_RESULTS="$RESULTS/node.json" APOGEE_LOGS="$RESULTS/logs/node" npm test
}

# tests/python plus the scenarios it lacks (tests/clients/python), through
# tests/python/run.sh; the plugin maps test names to scenarios. Its server
# fixture keeps only APOGEE_BIN and APOGEE_PY_VENV out of the server, so the
# results path travels as a pytest option, not an APOGEE_* variable.
run_python() {
  PYTHONPATH="$HERE/python${PYTHONPATH:+:$PYTHONPATH}" bash "$ROOT/tests/python/run.sh" "$BIN" \
    -c "$ROOT/tests/python/pytest.ini" -p apogee_results_plugin \
    --apogee-results="$RESULTS/python.json" "$HERE/python"
}

declare -A took
for client in $CLIENTS; do
  rm -rf "$RESULTS/$client.json" "$RESULTS/logs/$client"
  mkdir -p "$RESULTS/logs/$client"
  printf '\n=== %s\n' "$client"
  start=$SECONDS
  ( "run_$client" ) || echo "=== $client: runner exited with $? (scenarios it did not report count as failed)"
  took[$client]=$((SECONDS - start))
done

printf '\n=== results\n'
rc=0
for client in $CLIENTS; do
  echo "$client: ${took[$client]}s"
  [[ -f "$RESULTS/$client.json" ]] || { echo "$client: no results file: failed"; rc=1; }
done
python3 "$HERE/matrix.py" --summary || rc=1
python3 "$HERE/matrix.py" --check >/dev/null 2>&1 ||
  echo "note: README.md's compatibility table differs from these results; run tests/clients/matrix.py"
exit "$rc"
