#!/usr/bin/env bash
# Bounded soak: measures the peak of `apogee bench e2e` against a fresh release server, then
# runs producers and acking consumers at a fraction of that peak for a while, sampling the
# server's RSS and CPU every 10 s. Prints the samples and a summary; exits non-zero when the
# bench saw errors.
#
#   scripts/soak.sh [SECONDS (600)] [FRACTION (0.7)]
#
# Environment: APOGEE_BIN (default: builds the release binary), SOAK_LOG_DIR (default: a
# temporary directory; holds server.log, samples.csv, peak.json, soak.json).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

seconds="${1:-600}"
fraction="${2:-0.7}"
logs="${SOAK_LOG_DIR:-$(mktemp -d -t apogee-soak.XXXXXX)}"
mkdir -p "$logs"
if [[ -z "${APOGEE_BIN:-}" ]]; then
  ensure_build_deps
  ensure_rust
  cargo build --release --locked -p apogee-server --bin apogee
  APOGEE_BIN="$CARGO_TARGET_DIR/release/apogee"
fi

data="$(mktemp -d -t apogee-soak-data.XXXXXX)"
ready="$data/ready"
APOGEE_TELEMETRY__METRICS_LISTEN=off APOGEE_CONSOLE__ENABLED=false "$APOGEE_BIN" standalone --listen 127.0.0.1:0 --data-dir "$data/data" --ready-file "$ready" \
  >"$logs/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 600); do [[ -s "$ready" ]] && break; sleep 0.1; done
[[ -s "$ready" ]] || { log "the server did not start"; exit 1; }
endpoint="$(cat "$ready")"

log "peak: bench e2e for 20 s against $endpoint"
"$APOGEE_BIN" bench e2e --endpoint "$endpoint" --duration 20s --json >"$logs/peak.json"
peak="$(python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["msgs_per_s"]))' "$logs/peak.json")"
rate="$(python3 -c "print(int($peak * $fraction))")"
log "peak $peak msgs/s; soaking at $rate msgs/s for $seconds s; samples in $logs/samples.csv"

ticks="$(getconf CLK_TCK)"
echo "t_s,rss_mb,cpu_s" >"$logs/samples.csv"
sample() {
  local t="$1" rss cpu
  rss="$(awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$server/status")"
  cpu="$(awk -v hz="$ticks" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$server/stat")"
  echo "$t,$rss,$cpu" >>"$logs/samples.csv"
}
"$APOGEE_BIN" bench e2e --endpoint "$endpoint" --duration "${seconds}s" --rate "$rate" --json \
  >"$logs/soak.json" &
bench=$!
start=$SECONDS
while kill -0 "$bench" 2>/dev/null; do
  sample $((SECONDS - start))
  sleep 10
done
wait "$bench"
sample $((SECONDS - start))

python3 - "$logs" "$peak" "$rate" <<'PY'
import csv, json, sys
logs, peak, rate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
soak = json.load(open(f"{logs}/soak.json"))
rows = list(csv.DictReader(open(f"{logs}/samples.csv")))
rss = [float(r["rss_mb"]) for r in rows]
cpu = [float(r["cpu_s"]) for r in rows]
for r in rows:
    print(f'{r["t_s"]:>5} s  RSS {r["rss_mb"]:>7} MB  CPU {r["cpu_s"]:>7} s')
late = soak["latency"]
sent = soak["settings"].get("sent", 0)
received = soak["messages"]
print(f"peak {peak} msgs/s; soak at {rate} msgs/s for {soak['elapsed_s']:.0f} s: "
      f"{sent} sent, {received} received, {soak['errors']} errors, "
      f"{soak['msgs_per_s']:.0f} msgs/s")
print(f"send-to-receipt latency p50 {late['p50_us']} us, p99 {late['p99_us']} us, max {late['max_us']} us")
half = len(rss) // 2
print(f"RSS first {rss[0]:.0f} MB, at half time {rss[half]:.0f} MB, last {rss[-1]:.0f} MB, max {max(rss):.0f} MB")
if received:
    print(f"server CPU {1e6 * (cpu[-1] - cpu[0]) / received:.1f} us per message (sent and received)")
sys.exit(1 if soak["errors"] else 0)
PY
