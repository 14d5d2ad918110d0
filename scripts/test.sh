#!/usr/bin/env bash
# Quick start, command 2: run every test. Installs what is missing, builds once (dev profile),
# runs the Rust unit, crate and end-to-end tests (each starts its own servers on loopback),
# then the official-client tests against the built `apogee` binary.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_build_deps
ensure_rust
log "building the workspace and its tests"
cargo build --locked --workspace --all-targets
log "Rust tests"
cargo test --locked --workspace
log "official RocketMQ 5 Python client"
tests/python/run.sh "$CARGO_TARGET_DIR/debug/apogee"
log "all tests passed"
