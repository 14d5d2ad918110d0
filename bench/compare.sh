#!/usr/bin/env bash
# Side-by-side: the same `apogee bench produce` load against Apogee standalone and against Apache
# RocketMQ 5 (tests/reference/reference.sh: NameServer + Local-mode proxy), alternating rounds in
# one run on the same machine. Reports throughput, p50/p99 send latency and server CPU per
# message (utime + stime from /proc/PID/stat of each server's processes over the round), writes
# JSON, and with --readme rewrites the README table from it.
#
#   bench/compare.sh [--readme] [ROUNDS (3)] [SECONDS (10)]
#
# Environment: APOGEE_BIN (default: builds the release binary), CONCURRENCY (64), SIZE (1024),
# WARMUP (seconds of load on the reference before the first round, 40), REFERENCE_VERSION
# (5.5.0), COMPARE_JSON (default bench/compare.json).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

readme=""
if [[ "${1:-}" == "--readme" ]]; then readme=1; shift; fi
rounds="${1:-3}"
seconds="${2:-10}"
concurrency="${CONCURRENCY:-64}"
size="${SIZE:-1024}"
warmup="${WARMUP:-40}"
out="${COMPARE_JSON:-bench/compare.json}"
if [[ -z "${APOGEE_BIN:-}" ]]; then
  ensure_build_deps
  ensure_rust
  cargo build --release --locked -p apogee-server --bin apogee
  APOGEE_BIN="$CARGO_TARGET_DIR/release/apogee"
fi

work="$(mktemp -d -t apogee-compare.XXXXXX)"
apogee_pid=""
cleanup() {
  [[ -n "$apogee_pid" ]] && kill "$apogee_pid" 2>/dev/null && wait "$apogee_pid" 2>/dev/null
  tests/reference/reference.sh stop "$work/reference" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

APOGEE_TELEMETRY__METRICS_LISTEN=off APOGEE_CONSOLE__ENABLED=false "$APOGEE_BIN" standalone --listen 127.0.0.1:0 --data-dir "$work/apogee" --ready-file "$work/ready" \
  >"$work/apogee.log" 2>&1 &
apogee_pid=$!
for _ in $(seq 1 600); do [[ -s "$work/ready" ]] && break; sleep 0.1; done
[[ -s "$work/ready" ]] || { log "Apogee did not start"; exit 1; }
apogee_endpoint="$(cat "$work/ready")"

# The reference with the JVM's default compilers and G1 and a 2 GB heap, as it would be run
# for speed (the test defaults favour a quick start).
REFERENCE_JAVA_OPTS="${REFERENCE_JAVA_OPTS:--XX:+UseG1GC}" REFERENCE_PROXY_HEAP="${REFERENCE_PROXY_HEAP:-2g}" \
  tests/reference/reference.sh start "$work/reference"
reference_endpoint="$(sed -n 's/^REFERENCE_ENDPOINT=//p' "$work/reference/env")"
reference_version="$(sed -n 's/^REFERENCE_VERSION=//p' "$work/reference/env")"
topic="compare-$(date +%s)"
tests/reference/reference.sh topic "$work/reference" "$topic"

# CPU seconds (user + system) of the given processes and their threads.
cpu_s() {
  local total=0 pid ticks
  ticks="$(getconf CLK_TCK)"
  for pid in "$@"; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  python3 -c "print($total / $ticks)"
}

round() { # name endpoint pids...
  local name="$1" endpoint="$2"; shift 2
  local before after
  before="$(cpu_s "$@")"
  "$APOGEE_BIN" bench produce --endpoint "$endpoint" --topic "$topic" --concurrency "$concurrency" \
    --size "$size" --duration "${seconds}s" --json >"$work/$name.json"
  after="$(cpu_s "$@")"
  python3 - "$work/$name.json" "$name" "$before" "$after" >>"$work/rounds.jsonl" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
cpu = float(sys.argv[4]) - float(sys.argv[3])
n = r["messages"]
print(json.dumps({"server": sys.argv[2], "msgs_per_s": r["msgs_per_s"], "messages": n,
                  "errors": r["errors"], "p50_us": r["latency"]["p50_us"], "p99_us": r["latency"]["p99_us"],
                  "server_cpu_s": round(cpu, 3), "cpu_us_per_msg": round(1e6 * cpu / n, 1) if n else None}))
PY
  log "$name: $(tail -1 "$work/rounds.jsonl")"
}

reference_pids=("$(cat "$work/reference/namesrv.pid")" "$(cat "$work/reference/proxy.pid")")
# One warm-up round each, not reported: the reference's JIT needs tens of seconds of load.
"$APOGEE_BIN" bench produce --endpoint "$reference_endpoint" --topic "$topic" \
  --concurrency "$concurrency" --duration "${warmup}s" >/dev/null
"$APOGEE_BIN" bench produce --endpoint "$apogee_endpoint" --topic "$topic" \
  --concurrency "$concurrency" --duration 5s >/dev/null
for r in $(seq 1 "$rounds"); do
  log "round $r of $rounds"
  round apogee "$apogee_endpoint" "$apogee_pid"
  round reference "$reference_endpoint" "${reference_pids[@]}"
done

python3 - "$work/rounds.jsonl" "$out" "$reference_version" "$concurrency" "$size" "$seconds" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
summary = {}
for name in ("apogee", "reference"):
    mine = [r for r in rows if r["server"] == name]
    summary[name] = {
        "msgs_per_s_median": statistics.median(r["msgs_per_s"] for r in mine),
        "p50_us_median": statistics.median(r["p50_us"] for r in mine),
        "p99_us_median": statistics.median(r["p99_us"] for r in mine),
        "cpu_us_per_msg_median": statistics.median(r["cpu_us_per_msg"] for r in mine),
        "errors": sum(r["errors"] for r in mine),
    }
doc = {"reference": f"Apache RocketMQ {sys.argv[3]} (proxy, Local mode)", "load": {
    "bench": "produce", "concurrency": int(sys.argv[4]), "size": int(sys.argv[5]),
    "seconds_per_round": int(sys.argv[6]), "rounds": len(rows) // 2}, "rounds": rows, "summary": summary}
open(sys.argv[2], "w").write(json.dumps(doc, indent=2) + "\n")
print(json.dumps(summary, indent=2))
PY
[[ -n "$readme" ]] && python3 bench/compare_table.py "$out"
log "wrote $out"
