#!/usr/bin/env bash
# Quick start, command 1: build Apogee (release) and run `apogee standalone` in the
# foreground with its data in ./data. Extra arguments go to `apogee standalone`
# (e.g. --listen 0.0.0.0:8081 --flush sync --config apogee.toml). Ctrl-C stops it cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_build_deps
ensure_rust
log "building apogee (release; the first build compiles RocksDB and takes several minutes)"
cargo build --release --locked -p apogee-server --bin apogee
exec "$CARGO_TARGET_DIR/release/apogee" standalone "$@"
