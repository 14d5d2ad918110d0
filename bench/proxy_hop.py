#!/usr/bin/env python3
"""What the proxy hop costs: the same `apogee bench` loads against `apogee standalone` and
against a cluster of one nameserver, one broker and one `apogee proxy` (clients on the proxy),
in alternating rounds, on the same machine, with the server CPU per message (broker and proxy
together for the cluster).

    bench/proxy_hop.py APOGEE [--rounds 3] [--duration 8s] [--prefill 150000] [--json FILE]

Prints the medians and the ratios cluster/standalone.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from ab import LOADS, bench


def spawn(binary, args, workdir, name):
    ready = os.path.join(workdir, f"{name}.ready")
    proc = subprocess.Popen(
        [binary, *args, "--listen", "127.0.0.1:0", "--ready-file", ready],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "RUST_LOG": "warn"})
    deadline = time.time() + 60
    while not os.path.exists(ready):
        if proc.poll() is not None or time.time() > deadline:
            raise SystemExit(f"apogee {name} did not start")
        time.sleep(0.05)
    with open(ready) as f:
        return proc, f.read().strip()


def standalone(binary, work):
    proc, endpoint = spawn(binary, ["standalone", "--data-dir", os.path.join(work, "data")], work,
                           "standalone")
    return [proc], endpoint, str(proc.pid)


def cluster(binary, work):
    ns, ns_addr = spawn(binary, ["nameserver"], work, "nameserver")
    broker, _ = spawn(binary, ["broker", "--nameserver", ns_addr, "--broker-name", "broker-a",
                               "--broker-id", "0", "--data-dir", os.path.join(work, "data")],
                      work, "broker")
    proxy, endpoint = spawn(binary, ["proxy", "--nameserver", ns_addr], work, "proxy")
    # The proxy finds the broker through the nameserver: wait for the registration.
    deadline = time.time() + 60
    while True:
        out = subprocess.run([binary, "admin", "--endpoint", f"http://{ns_addr}", "cluster", "list",
                              "--json"], capture_output=True, text=True)
        if out.returncode == 0 and json.loads(out.stdout)["brokers"]:
            break
        if time.time() > deadline:
            raise SystemExit("the broker did not register")
        time.sleep(0.05)
    return [proxy, broker, ns], endpoint, f"{broker.pid},{proxy.pid}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("apogee")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--duration", default="8s")
    p.add_argument("--prefill", type=int, default=150000)
    p.add_argument("--json")
    a = p.parse_args()
    runs = []
    for r in range(a.rounds):
        for name, start in (("standalone", standalone), ("cluster", cluster)):
            for kind, load in LOADS.items():
                with tempfile.TemporaryDirectory() as work:
                    procs, endpoint, pids = start(a.apogee, work)
                    try:
                        rep = bench(a.apogee, kind, endpoint, pids, *load(a))
                    finally:
                        for proc in procs:
                            proc.terminate()
                            proc.wait()
                runs.append({"round": r, "server": name, "bench": kind, **{k: rep.get(k) for k in (
                    "msgs_per_s", "server_cpu_us_per_msg", "errors")},
                    "p99_us": rep["latency"]["p99_us"]})
                print(f"round {r} {name:10} {kind:8} {rep['msgs_per_s']:>9.0f} msgs/s "
                      f"{rep.get('server_cpu_us_per_msg') or 0:6.1f} µs/msg "
                      f"p99 {rep['latency']['p99_us']} µs", file=sys.stderr)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"rounds": a.rounds, "duration": a.duration, "prefill": a.prefill,
                       "runs": runs}, f, indent=2)
    print(f"{'bench':8} {'standalone msgs/s':>18} {'cluster msgs/s':>15} {'ratio':>6} "
          f"{'standalone µs/msg':>18} {'cluster µs/msg':>15} {'ratio':>6}")
    for kind in LOADS:
        def med(server, key):
            return statistics.median(x[key] for x in runs if x["server"] == server
                                     and x["bench"] == kind and x[key] is not None)
        s_rate, c_rate = med("standalone", "msgs_per_s"), med("cluster", "msgs_per_s")
        s_cpu, c_cpu = med("standalone", "server_cpu_us_per_msg"), med("cluster", "server_cpu_us_per_msg")
        print(f"{kind:8} {s_rate:>18.0f} {c_rate:>15.0f} {c_rate / s_rate:>6.2f} "
              f"{s_cpu:>18.1f} {c_cpu:>15.1f} {c_cpu / s_cpu:>6.2f}")


if __name__ == "__main__":
    main()
