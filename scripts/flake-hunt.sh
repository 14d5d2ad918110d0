#!/usr/bin/env bash
# Flake hunt: runs the workspace's Rust test binaries N times while busy loops keep every core
# loaded, and reports every failure with the test that failed (or the signal that killed the
# process, such as an abort at exit).
#
#   scripts/flake-hunt.sh N [NAME_FILTER]
#
#   N            runs of each test binary (30 before resolving a flake; CI runs 3)
#   NAME_FILTER  only binaries whose name contains it (e.g. `e2e`, `apogee_store`)
#
# Environment: LOAD (busy loops, default: number of cores + 1), LOAD_SECONDS (the loops stop
# after this long whatever happens, default 3600), FLAKE_LOG_DIR (logs of failed runs, default
# a temporary directory). Exit status 1 when any run failed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

runs="${1:?usage: scripts/flake-hunt.sh N [NAME_FILTER]}"
filter="${2:-}"
load="${LOAD:-$(($(nproc) + 1))}"
load_seconds="${LOAD_SECONDS:-3600}"
log_dir="${FLAKE_LOG_DIR:-$(mktemp -d -t apogee-flakes.XXXXXX)}"
mkdir -p "$log_dir"

ensure_build_deps
ensure_rust
log "building the test binaries"
mapfile -t binaries < <(
  cargo test --locked --workspace --no-run --message-format=json 2>/dev/null |
    python3 -c '
import json, sys
for line in sys.stdin:
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("reason") == "compiler-artifact" and m.get("profile", {}).get("test") and m.get("executable"):
        # The binary and its crate directory, where `cargo test` runs it.
        print(m["executable"] + "\t" + m["manifest_path"].rsplit("/", 1)[0])
' | sort -u
)
if [[ -n "$filter" ]]; then
  mapfile -t binaries < <(printf '%s\n' "${binaries[@]}" | awk -F'\t' -v f="$filter" 'index($1, f)' || true)
fi
((${#binaries[@]})) || { log "no test binary matches '$filter'"; exit 2; }

loaders=()
stop_load() {
  for pid in "${loaders[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait "${loaders[@]}" 2>/dev/null || true
}
trap stop_load EXIT
for _ in $(seq "$load"); do
  timeout "$load_seconds" sh -c 'while :; do :; done' &
  loaders+=("$!")
done
log "$load busy loops for at most ${load_seconds}s; ${#binaries[@]} binaries x $runs runs; logs of failures in $log_dir"

declare -A failed_runs=()
declare -A failures=()
total_failed=0
for run in $(seq "$runs"); do
  for entry in "${binaries[@]}"; do
    bin="${entry%%$'\t'*}"
    name="$(basename "$bin" | sed 's/-[0-9a-f]\{16\}$//')"
    out="$log_dir/$name.run$run.log"
    status=0
    (cd "${entry#*$'\t'}" && "$bin" >"$out" 2>&1) || status=$?
    if ((status == 0)); then
      rm -f "$out"
      continue
    fi
    total_failed=$((total_failed + 1))
    failed_runs[$name]=$((${failed_runs[$name]:-0} + 1))
    mapfile -t tests < <(grep -E '^test .* \.\.\. FAILED$' "$out" | awk '{print $2}' || true)
    if ((status > 128)); then
      passed="$(grep -cE '^test .* \.\.\. ok$' "$out" || true)"
      tests+=("<killed by signal $((status - 128)) after $passed passing tests>")
    elif ((${#tests[@]} == 0)); then
      tests+=("<exit status $status, no failing test named>")
    fi
    for t in "${tests[@]}"; do failures["$name :: $t"]=$((${failures["$name :: $t"]:-0} + 1)); done
    printf 'run %d: %s FAILED (status %d): %s\n' "$run" "$name" "$status" "${tests[*]}" >&2
  done
  log "run $run/$runs done ($total_failed failed so far)"
done

echo "== flake hunt: ${#binaries[@]} binaries x $runs runs under $load busy loops"
for entry in "${binaries[@]}"; do
  name="$(basename "${entry%%$'\t'*}" | sed 's/-[0-9a-f]\{16\}$//')"
  printf '%-40s %3d/%d runs failed\n' "$name" "${failed_runs[$name]:-0}" "$runs"
done
if ((total_failed)); then
  echo "== failures (test: count)"
  for k in "${!failures[@]}"; do printf '%s: %d\n' "$k" "${failures[$k]}"; done | sort
  echo "logs: $log_dir"
  exit 1
fi
echo "no failure"
