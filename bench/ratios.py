#!/usr/bin/env python3
"""Runs the issue's benchmark set with `apogee bench` and prints every figure beside its baseline.

    bench/ratios.py PATH_TO_APOGEE [--duration 8s] [--rounds 2] [--store-bench PATH]

Each pair (Apogee, then its baseline) runs back to back, `--rounds` times, and the best round of
each is kept, because a 2-core machine running client and server together is noisy. Baselines:
the bare tonic echo server (`--spawn-echo`, same request size and concurrency) for the gRPC
ceiling, async flush for sync flush, and the store's criterion bench (`--store-bench`, the
`append-*` binary that `cargo build --release --workspace --benches` leaves in target/release/deps)
for the store ceiling. Half-peak latency reruns the send bench at half the measured peak rate.
"""
import argparse
import json
import re
import subprocess
import sys


def bench(binary, kind, *args, duration):
    out = subprocess.run([binary, "bench", kind, "--json", "--duration", duration, *args],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def best(binary, kind, args, duration, rounds):
    runs = [bench(binary, kind, *args, duration=duration) for _ in range(rounds)]
    return max(runs, key=lambda r: r["msgs_per_s"])


def store_ceiling(path):
    """Best per-message rate of the store's criterion bench (elements/s lines)."""
    out = subprocess.run([path, "--bench"], check=True, capture_output=True, text=True).stdout
    rates = {}
    name = None
    for line in out.splitlines():
        if line and not line[0].isspace() and not line.startswith(("Benchmarking", "Found")):
            name = line.split()[0]  # "group/case", alone or before its "time:" on one line
        m = re.search(r"thrpt:\s+\[\S+ \S+ (\S+) (\S+)", line)
        if m and name:
            value, unit = float(m.group(1)), m.group(2)
            scale = {"Kelem/s": 1e3, "Melem/s": 1e6, "elem/s": 1.0}[unit]
            rates[name] = value * scale
    return rates


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("apogee")
    ap.add_argument("--duration", default="8s")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--store-bench", help="path of the criterion append bench binary")
    a = ap.parse_args()
    run = lambda kind, *args: best(a.apogee, kind, list(args), a.duration, a.rounds)  # noqa: E731

    rows = []
    echo = run("produce", "--spawn-echo", "--concurrency", "64")
    single = run("produce", "--spawn-server", "--concurrency", "64")
    rows.append(("single send, async flush, c64", single, echo, "gRPC echo c64", 0.60))
    sync = run("produce", "--spawn-server", "--flush", "sync", "--concurrency", "64")
    rows.append(("single send, sync flush, c64", sync, single, "async flush c64", 0.70))
    batch = run("produce", "--spawn-server", "--batch", "32", "--concurrency", "16")
    echo_batch = run("produce", "--spawn-echo", "--batch", "32", "--concurrency", "16")
    rows.append(("batch 32, async flush, c16", batch, echo_batch, "gRPC echo batch 32 c16", None))
    consume = run("consume", "--spawn-server", "--prefill", "300000", "--concurrency", "8")
    rows.append(("consume (prefilled), 8 receivers", consume, single, "single send c64", 1.0))
    half = int(single["msgs_per_s"] / 2)
    at_half = bench(a.apogee, "produce", "--spawn-server", "--concurrency", "64", "--rate", str(half),
                    duration=a.duration)

    print(f"{'figure':38} {'msgs/s':>10} {'baseline':>26} {'msgs/s':>10} {'ratio':>6}  target")
    for name, r, base, base_name, target in rows:
        ratio = r["msgs_per_s"] / base["msgs_per_s"]
        goal = f">= {target:.0%}" if target else ""
        print(f"{name:38} {r['msgs_per_s']:10.0f} {base_name:>26} {base['msgs_per_s']:10.0f} "
              f"{ratio:6.0%}  {goal}")
    if a.store_bench:
        rates = store_ceiling(a.store_bench)
        for name, rate in sorted(rates.items()):
            print(f"{'store ' + name:38} {rate:10.0f}")
        top = max(rates.values())
        print(f"{'batch 32 vs best store rate':38} {batch['msgs_per_s'] / top:49.0%}  >= 25%")
    lat = at_half["latency"]
    print(f"p99 send latency at half peak ({half} msgs/s, async flush): "
          f"p50 {lat['p50_us'] / 1000:.2f} ms, p99 {lat['p99_us'] / 1000:.2f} ms (target < 10 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
