#!/usr/bin/env python3
"""Runs the issue's benchmark set with `apogee bench`, writes every figure beside its baseline and
target to JSON, and exits 1 when a target is missed.

    bench/ratios.py PATH_TO_APOGEE [--duration 8s] [--rounds 2] [--store-bench PATH]
                    [--python PY] [--json bench/ratios.json] [--readme]

Each pair (Apogee, then its baseline) runs back to back, `--rounds` times, and the best round of
each is kept, because a 2-core machine running client and server together is noisy (every round
is in the JSON). Baselines: the bare tonic echo server (`--spawn-echo`, same request size and
concurrency) for the gRPC ceiling, async flush for sync flush, and the store's criterion bench
(`--store-bench`, the `append-*` binary that `cargo build --release --workspace --benches` leaves
in target/release/deps) for the store ceiling. Half-peak latency reruns the send bench at half
the measured peak rate. `--python PY` (an interpreter with the official client, e.g.
~/.cache/apogee/py-venv/bin/python) adds bench/python_send_latency.py against a standalone
server of the same binary. `--readme` then rewrites the README's table from the JSON
(bench/readme_tables.py; `--check` there compares without running anything).
"""
import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

from ab import spawn
from provenance import provenance

HERE = pathlib.Path(__file__).resolve().parent


def bench(binary, kind, *args, duration=None):
    cmd = [binary, "bench", kind, "--json", *(["--duration", duration] if duration else []), *args]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def best(binary, kind, args, duration, rounds):
    """The best of `rounds` runs, with every round's rate kept beside it."""
    runs = [bench(binary, kind, *args, duration=duration) for _ in range(rounds)]
    top = max(runs, key=lambda r: r["msgs_per_s"])
    return {**top, "rounds_msgs_per_s": [r["msgs_per_s"] for r in runs]}


def store_ceiling(path):
    """Best per-message rate of each case of the store's criterion bench (elements/s lines)."""
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


def python_latency(binary, python, count=2000):
    """bench/python_send_latency.py (one official-client thread, sync sends) against a standalone."""
    with tempfile.TemporaryDirectory() as work:
        proc, endpoint = spawn(binary, ["standalone", "--data-dir", os.path.join(work, "data")],
                               work, "standalone")
        try:
            out = subprocess.run([python, str(HERE / "python_send_latency.py"), "--endpoint", endpoint,
                                  "--count", str(count), "--json"],
                                 check=True, capture_output=True, text=True).stdout
        finally:
            proc.terminate()
            proc.wait()
    return json.loads(out.strip().splitlines()[-1])  # the client may log above its JSON line


def figure(name, r, base_name, base, target):
    ratio = r["msgs_per_s"] / base["msgs_per_s"]
    return {"name": name, "msgs_per_s": r["msgs_per_s"], "rounds_msgs_per_s": r.get("rounds_msgs_per_s"),
            "settings": r.get("settings"), "errors": r.get("errors"),
            "baseline": {"name": base_name, "msgs_per_s": base["msgs_per_s"],
                         "rounds_msgs_per_s": base.get("rounds_msgs_per_s")},
            "ratio": ratio, "target_min_ratio": target,
            "met": None if target is None else ratio >= target}


def latency(name, r, target_p99_us=None, **extra):
    lat = r["latency"]
    return {"name": name, "msgs_per_s": r.get("msgs_per_s"), "settings": r.get("settings"),
            "messages": r.get("messages"), "errors": r.get("errors"), "latency_of": r.get("latency_of"),
            **{k: lat.get(k) for k in ("p50_us", "p99_us", "p999_us", "max_us")}, **extra,
            "target_p99_max_us": target_p99_us,
            "met": None if target_p99_us is None else lat["p99_us"] < target_p99_us}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("apogee")
    ap.add_argument("--duration", default="8s")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--store-bench", help="path of the criterion append bench binary")
    ap.add_argument("--python", help="Python with the official RocketMQ client, for the client-latency row")
    ap.add_argument("--json", default=str(HERE / "ratios.json"), help="where to write the figures")
    ap.add_argument("--readme", action="store_true", help="rewrite README.md's table from the JSON")
    a = ap.parse_args()
    run = lambda kind, *args: best(a.apogee, kind, list(args), a.duration, a.rounds)  # noqa: E731
    # The spawned servers keep their data in the temporary directory: its filesystem is recorded.
    doc = {**provenance(a.apogee, tempfile.gettempdir()),
           "settings": {"duration": a.duration, "rounds": a.rounds, "size": 1024, "queues": 8,
                        "kept": "best round of each figure and of its baseline"}}

    figures = []
    echo = run("produce", "--spawn-echo", "--concurrency", "64")
    single = run("produce", "--spawn-server", "--concurrency", "64")
    figures.append(figure("single sends, async flush, 64 in flight", single,
                          "gRPC echo, 64 in flight", echo, 0.60))
    sync = run("produce", "--spawn-server", "--flush", "sync", "--concurrency", "64")
    figures.append(figure("single sends, sync flush (fsync per group commit), 64 in flight", sync,
                          "async flush, same", single, 0.70))
    batch = run("produce", "--spawn-server", "--batch", "32", "--concurrency", "16")
    echo_batch = run("produce", "--spawn-echo", "--batch", "32", "--concurrency", "16")
    figures.append(figure("batch sends, 32 × 1 KiB, 16 in flight", batch,
                          "gRPC echo, 32 × 1 KiB, 16 in flight", echo_batch, None))
    if a.store_bench:
        rates = store_ceiling(a.store_bench)
        doc["store_bench"] = {"path": a.store_bench, "elements_per_s": rates}
        case = max(rates, key=rates.get)
        figures.append(figure("batch sends, 32 × 1 KiB, 16 in flight", batch,
                              f"store ceiling (criterion `{case}`)", {"msgs_per_s": rates[case]}, 0.25))
    consume = run("consume", "--spawn-server", "--prefill", "300000", "--concurrency", "8")
    figures.append(figure("consume, prefilled topic, 8 receivers × batch 32, batched acks", consume,
                          "single sends, 64 in flight", single, 1.0))
    doc["figures"] = figures

    half = int(single["msgs_per_s"] / 2)
    lats = [latency(f"send, async flush, at half of peak ({half:,} msgs/s)",
                    bench(a.apogee, "produce", "--spawn-server", "--concurrency", "64", "--rate", str(half),
                          duration=a.duration), 10_000)]
    e2e = bench(a.apogee, "e2e", "--spawn-server", duration=a.duration)
    lats.append(latency(f"send to receipt by a consumer (`bench e2e`, {e2e['msgs_per_s'] / 1000:.1f}k msgs/s)", e2e))
    delay = bench(a.apogee, "delay", "--spawn-server", "--messages", "5000", "--rate", "1000")
    lats.append(latency("lateness of 2 s delay messages after their due time (5,000 at 1,000/s)", delay))
    if a.python:
        py = python_latency(a.apogee, a.python)
        lats.append(latency("one official-Python-client thread, sync sends", {"latency": py, **py}))
    doc["latency"] = lats

    missed = [f["name"] + f": {f['ratio']:.0%} of {f['baseline']['name']}, target >= {f['target_min_ratio']:.0%}"
              for f in figures if f["met"] is False]
    missed += [f"{x['name']}: p99 {x['p99_us'] / 1000:.2f} ms, target < {x['target_p99_max_us'] / 1000:.0f} ms"
               for x in lats if x["met"] is False]
    doc["missed"] = missed
    doc["machine"]["load_avg_at_end"] = list(os.getloadavg())  # other work on the machine = noise
    pathlib.Path(a.json).write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")

    print(f"{'figure':64} {'msgs/s':>9} {'baseline msgs/s':>16} {'ratio':>6}  target")
    for f in figures:
        goal = f">= {f['target_min_ratio']:.0%}" if f["target_min_ratio"] else ""
        print(f"{f['name']:64} {f['msgs_per_s']:9.0f} {f['baseline']['msgs_per_s']:16.0f} {f['ratio']:6.0%}  {goal}")
    for x in lats:
        print(f"{x['name']:64} p50 {x['p50_us'] / 1000:.2f} ms  p99 {x['p99_us'] / 1000:.2f} ms")
    print(f"wrote {a.json}")
    if a.readme:
        subprocess.run([sys.executable, str(HERE / "readme_tables.py")], check=True)
    for m in missed:
        print(f"target missed: {m}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
