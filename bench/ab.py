#!/usr/bin/env python3
"""Two Apogee builds side by side: the same `apogee bench` loads against a standalone server of
each, in alternating rounds, with server CPU per message (the bench's `--server-pid`), and a
bare tonic echo as the ceiling.

    bench/ab.py BASELINE_APOGEE CANDIDATE_APOGEE [--rounds 3] [--duration 8s] [--prefill 150000]

The candidate binary drives every bench, so only the server differs. Prints a table of
medians (and the ratio candidate/baseline) and, with --json FILE, writes every round.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from provenance import provenance


_METRICS_FLAG = {}


def metrics_off(binary, role):
    """`--metrics-listen off` for builds that serve /metrics (older builds have no such flag,
    and refuse the setting): a bench's servers must not take the host's metrics port."""
    key = (binary, role)
    if key not in _METRICS_FLAG:
        out = subprocess.run([binary, role, "--help"], capture_output=True, text=True).stdout
        _METRICS_FLAG[key] = ["--metrics-listen", "off"] if "--metrics-listen" in out else []
    return _METRICS_FLAG[key]


def spawn(binary, args, workdir, name):
    """Starts `apogee ARGS` on an ephemeral port; returns the process and its address."""
    ready = os.path.join(workdir, f"{name}.ready")
    proc = subprocess.Popen(
        [binary, *args, *metrics_off(binary, args[0]), "--listen", "127.0.0.1:0",
         "--ready-file", ready],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "RUST_LOG": "warn"})
    deadline = time.time() + 60
    while not os.path.exists(ready):
        if proc.poll() is not None or time.time() > deadline:
            raise SystemExit(f"{binary} {name} did not start")
        time.sleep(0.05)
    with open(ready) as f:
        return proc, f.read().strip()


def start(binary, workdir):
    return spawn(binary, ["standalone", "--data-dir", os.path.join(workdir, "data")], workdir,
                 "standalone")


def bench(driver, kind, endpoint, pid, *args):
    cmd = [driver, "bench", kind, "--json", "--endpoint", endpoint, "--server-pid", str(pid), *args]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


LOADS = {
    "produce": lambda a: ["--concurrency", "64", "--duration", a.duration],
    "consume": lambda a: ["--prefill", str(a.prefill), "--concurrency", "8", "--batch", "32"],
    "e2e": lambda a: ["--duration", a.duration],
}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("baseline")
    p.add_argument("candidate")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--duration", default="8s")
    p.add_argument("--prefill", type=int, default=150000)
    p.add_argument("--json")
    a = p.parse_args()
    prov = provenance(a.candidate, tempfile.gettempdir())  # before the load runs: its load average
    runs = []
    for r in range(a.rounds):
        for name, binary in (("baseline", a.baseline), ("candidate", a.candidate)):
            for kind, load in LOADS.items():
                with tempfile.TemporaryDirectory() as work:
                    proc, endpoint = start(binary, work)
                    try:
                        rep = bench(a.candidate, kind, endpoint, proc.pid, *load(a))
                    finally:
                        proc.terminate()
                        proc.wait()
                runs.append({"round": r, "server": name, "bench": kind, **{k: rep.get(k) for k in (
                    "msgs_per_s", "server_cpu_us_per_msg", "errors")}, "p99_us": rep["latency"]["p99_us"]})
                print(f"round {r} {name:9} {kind:8} {rep['msgs_per_s']:>9.0f} msgs/s "
                      f"{rep.get('server_cpu_us_per_msg') or 0:6.1f} µs/msg p99 {rep['latency']['p99_us']} µs",
                      file=sys.stderr)
        echo = json.loads(subprocess.run(
            [a.candidate, "bench", "produce", "--json", "--spawn-echo", "--concurrency", "64",
             "--duration", a.duration], check=True, capture_output=True, text=True).stdout)
        runs.append({"round": r, "server": "echo", "bench": "produce", "msgs_per_s": echo["msgs_per_s"],
                     "server_cpu_us_per_msg": echo.get("server_cpu_us_per_msg"), "errors": echo["errors"],
                     "p99_us": echo["latency"]["p99_us"]})
    if a.json:
        with open(a.json, "w") as f:
            prov["machine"]["load_avg_at_end"] = list(os.getloadavg())
            json.dump({**prov, "rounds": a.rounds,
                       "duration": a.duration, "prefill": a.prefill, "runs": runs}, f, indent=2)

    def med(server, kind, key):
        vals = [x[key] for x in runs if x["server"] == server and x["bench"] == kind and x[key] is not None]
        return statistics.median(vals) if vals else float("nan")

    echo_cpu = med("echo", "produce", "server_cpu_us_per_msg")
    print(f"medians of {a.rounds} rounds; echo: {med('echo', 'produce', 'msgs_per_s'):,.0f} msgs/s at {echo_cpu:.1f} µs/msg")
    print("| bench | baseline msgs/s | candidate msgs/s | ratio | baseline µs/msg | candidate µs/msg | ratio | candidate / echo CPU | candidate p99 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind in LOADS:
        b, c = med("baseline", kind, "msgs_per_s"), med("candidate", kind, "msgs_per_s")
        bc, cc = med("baseline", kind, "server_cpu_us_per_msg"), med("candidate", kind, "server_cpu_us_per_msg")
        p99 = med("candidate", kind, "p99_us")
        print(f"| {kind} | {b:,.0f} | {c:,.0f} | {c / b:.2f} | {bc:.1f} | {cc:.1f} | {cc / bc:.2f} | {cc / echo_cpu:.2f}× | {p99 / 1000:.2f} ms |")


if __name__ == "__main__":
    main()
