#!/usr/bin/env python3
"""What the cluster roles cost, on one machine, in alternating rounds, with the server CPU per
message (every server process of the topology together):

- `proxy`: the same `apogee bench` loads (produce, consume, e2e) against `apogee standalone` and
  against one nameserver, one broker and one `apogee proxy` (clients on the proxy): the hop.
- `replication`: sends to a master with a slave, `async` and `sync` replication, against the
  same master without a slave.

- `proxy-ab` (with `--baseline OLD_APOGEE`): the proxied topology of an older build against
  this one's, in alternating rounds (a change to the proxy's or broker's hot paths).

    bench/cluster_costs.py APOGEE [--what proxy,replication,proxy-ab] [--rounds 3]
                                  [--duration 8s] [--prefill 150000] [--baseline OLD] [--json FILE]

Prints the medians and the ratios to the first topology of each comparison.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from ab import LOADS, bench, spawn, start
from provenance import provenance


def standalone(binary, work):
    proc, endpoint = start(binary, work)
    return [proc], endpoint, str(proc.pid)


def registered(binary, ns_addr, want):
    """Waits until the nameserver lists `want` brokers."""
    deadline = time.time() + 60
    while True:
        out = subprocess.run([binary, "admin", "--endpoint", f"http://{ns_addr}", "cluster", "list",
                              "--json"], capture_output=True, text=True)
        if out.returncode == 0 and len(json.loads(out.stdout)["brokers"]) >= want:
            return
        if time.time() > deadline:
            raise SystemExit("the brokers did not register")
        time.sleep(0.05)


def broker(binary, work, ns_addr, broker_id, *extra):
    return spawn(binary, ["broker", "--nameserver", ns_addr, "--broker-name", "broker-a",
                          "--broker-id", str(broker_id),
                          "--data-dir", os.path.join(work, f"data-{broker_id}"), *extra],
                 work, f"broker-{broker_id}")


def proxied(binary, work):
    ns, ns_addr = spawn(binary, ["nameserver"], work, "nameserver")
    master, _ = broker(binary, work, ns_addr, 0)
    proxy, endpoint = spawn(binary, ["proxy", "--nameserver", ns_addr], work, "proxy")
    # The proxy finds the broker through the nameserver.
    registered(binary, ns_addr, 1)
    return [proxy, master, ns], endpoint, f"{master.pid},{proxy.pid}"


def replicated(mode):
    def start(binary, work):
        ns, ns_addr = spawn(binary, ["nameserver"], work, "nameserver")
        master, endpoint = broker(binary, work, ns_addr, 0, "--replication", mode)
        slave, _ = broker(binary, work, ns_addr, 1)
        registered(binary, ns_addr, 2)
        # A sync master answers HA_NOT_AVAILABLE until its slave is connected.
        deadline = time.time() + 60
        while mode == "sync":
            out = subprocess.run([binary, "bench", "produce", "--json", "--endpoint", endpoint,
                                  "--count", "1", "--concurrency", "1"], capture_output=True,
                                 text=True)
            if out.returncode == 0 and json.loads(out.stdout)["errors"] == 0:
                break
            if time.time() > deadline:
                raise SystemExit("the slave did not connect")
            time.sleep(0.1)
        return [slave, master, ns], endpoint, f"{master.pid},{slave.pid}"
    return start


def unreplicated(binary, work):
    ns, ns_addr = spawn(binary, ["nameserver"], work, "nameserver")
    master, endpoint = broker(binary, work, ns_addr, 0)
    registered(binary, ns_addr, 1)
    return [master, ns], endpoint, str(master.pid)


COMPARISONS = {
    "proxy": ([("standalone", standalone), ("proxy", proxied)], ["produce", "consume", "e2e"]),
    "replication": ([("no slave", unreplicated), ("async", replicated("async")),
                     ("sync", replicated("sync"))], ["produce"]),
}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("apogee")
    p.add_argument("--what", default="proxy,replication")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--duration", default="8s")
    p.add_argument("--prefill", type=int, default=150000)
    p.add_argument("--baseline")
    p.add_argument("--json")
    a = p.parse_args()
    if a.baseline:
        COMPARISONS["proxy-ab"] = (
            [("proxy base", lambda _binary, work: proxied(a.baseline, work)),
             ("proxy", proxied)],
            ["produce", "consume", "e2e"])
    elif "proxy-ab" in a.what:
        raise SystemExit("--what proxy-ab needs --baseline OLD_APOGEE")
    prov = provenance(a.apogee, tempfile.gettempdir())  # before the load runs: its load average
    runs = []
    chosen = [COMPARISONS[w] for w in a.what.split(",")]
    for r in range(a.rounds):
        for topologies, loads in chosen:
            for name, start in topologies:
                for kind in loads:
                    with tempfile.TemporaryDirectory() as work:
                        procs, endpoint, pids = start(a.apogee, work)
                        try:
                            rep = bench(a.apogee, kind, endpoint, pids, *LOADS[kind](a))
                        finally:
                            for proc in procs:
                                proc.terminate()
                                proc.wait()
                    runs.append({"round": r, "server": name, "bench": kind, **{
                        k: rep.get(k) for k in ("msgs_per_s", "server_cpu_us_per_msg", "errors")},
                        "p99_us": rep["latency"]["p99_us"]})
                    print(f"round {r} {name:10} {kind:8} {rep['msgs_per_s']:>9.0f} msgs/s "
                          f"{rep.get('server_cpu_us_per_msg') or 0:6.1f} µs/msg "
                          f"p99 {rep['latency']['p99_us']} µs errors {rep['errors']}",
                          file=sys.stderr)
    if a.json:
        with open(a.json, "w") as f:
            prov["machine"]["load_avg_at_end"] = list(os.getloadavg())
            json.dump({**prov, "rounds": a.rounds,
                       "duration": a.duration, "prefill": a.prefill,
                       "runs": runs}, f, indent=2)
    print(f"{'topology':12} {'bench':8} {'msgs/s':>9} {'ratio':>6} {'µs/msg':>8} {'ratio':>6} "
          f"{'p99 µs':>8}")
    for topologies, loads in chosen:
        for kind in loads:
            def med(server, key):
                return statistics.median(x[key] for x in runs if x["server"] == server
                                         and x["bench"] == kind and x[key] is not None)
            base = topologies[0][0]
            for name, _ in topologies:
                rate, cpu = med(name, "msgs_per_s"), med(name, "server_cpu_us_per_msg")
                print(f"{name:12} {kind:8} {rate:>9.0f} {rate / med(base, 'msgs_per_s'):>6.2f} "
                      f"{cpu:>8.1f} {cpu / med(base, 'server_cpu_us_per_msg'):>6.2f} "
                      f"{med(name, 'p99_us'):>8.0f}")


if __name__ == "__main__":
    main()
