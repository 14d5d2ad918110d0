#!/usr/bin/env bash
# Quick start, command 2: run every test. Installs what is missing, builds once (dev profile),
# runs the Rust unit, crate and end-to-end tests (each starts its own servers on loopback),
# then the official-client tests and the generated-stub tests against the built binary.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_build_deps
ensure_rust
# The tests start many servers side by side: none takes the default /metrics port (9464);
# tests of /metrics pass --metrics-listen 127.0.0.1:0.
export APOGEE_TELEMETRY__METRICS_LISTEN=off
# Nor the web console's default port (8080); the console tests pass --console-listen 127.0.0.1:0.
export APOGEE_CONSOLE__ENABLED=false
log "building the workspace and its tests"
cargo build --locked --workspace --all-targets
log "Rust tests"
cargo test --locked --workspace
log "differential tests against Apache RocketMQ 5 (tests/reference starts it from Maven Central's jars)"
differential="$(cargo test --locked --workspace --no-run --message-format=json 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "differential" and m.get("executable"):
        print(m["executable"])')"
[[ -x "$differential" ]] || { log "no differential test binary"; exit 1; }
REFERENCE_TIMEOUT=600 tests/reference/reference.sh run -- "$differential"
python3 tests/differential/table.py --check
log "official RocketMQ 5 clients: Java, Go, Node.js, Python (tests/python included)"
bash tests/clients/run.sh "$CARGO_TARGET_DIR/debug/apogee"
log "official Python client through apogee proxy over two brokers (APOGEE_TOPOLOGY=cluster)"
APOGEE_TOPOLOGY=cluster bash tests/python/run.sh "$CARGO_TARGET_DIR/debug/apogee" \
  --ignore tests/python/test_tls_and_auth.py
log "README compatibility table matches the results just written"
python3 tests/clients/matrix.py --check
python3 bench/readme_tables.py --check  # benchmark tables = committed bench/*.json (runs no benchmark)
python3 scripts/check-docs.py "$CARGO_TARGET_DIR/debug/apogee"  # doc commands exist, links stay in the repo
log "generated Go/Java/Python stubs (drift check and tests)"
bash sdk-gen/check.sh "$CARGO_TARGET_DIR/debug/apogee"
log "OCI image: build it from scratch, run it (podman), send and receive through it"; bash scripts/image-check.sh "$CARGO_TARGET_DIR/debug/apogee"
log "Helm chart: lint, render, strict validation"; bash scripts/chart-check.sh
log "all tests passed"
