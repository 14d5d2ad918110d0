#!/usr/bin/env python3
"""Every benchmark table in README.md, generated from the JSON the benchmark scripts write, so
that no figure in them is typed by hand. Runs no benchmark.

    bench/readme_tables.py            rewrite the README sections
    bench/readme_tables.py --check    exit 1 if any section differs from its JSON

README section (markers)   JSON                       written by
ratios                     bench/ratios.json          bench/ratios.py
ab-receive-path            bench/ab-receive-path.json bench/ab.py --json
ab-telemetry               bench/ab-telemetry.json    bench/ab.py --json
ab-console                 bench/ab-console.json      bench/ab.py --json
cluster-costs              bench/cluster_costs.json   bench/cluster_costs.py --json
compare                    bench/compare.json         bench/compare.sh (table: compare_table.py)
"""
import json
import pathlib
import statistics
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "scripts"))
sys.path.insert(0, str(HERE))
from readme_section import sync  # noqa: E402
import compare_table  # noqa: E402
from provenance import describe  # noqa: E402


def load(name):
    path = HERE / name
    if not path.exists():
        sys.exit(f"{path} is missing: the README's benchmark tables are generated from it")
    return json.loads(path.read_text())


def ms(us):
    return "" if us is None else f"{us / 1000:.2f} ms"


def spread(rounds):
    """How far the worst round fell below the best: the noise a figure carries."""
    return "—" if not rounds or len(rounds) < 2 else f"{1 - min(rounds) / max(rounds):.0%}"


def ratios(doc):
    s = doc["settings"]
    lines = [
        f"Generated from `bench/ratios.json` (`bench/ratios.py`): {describe(doc)}; release build at "
        f"`{doc['binary']['path']}` ({doc['binary']['size']:,} bytes, built {doc['binary']['built']}); "
        f"client and server share the cores; {s['size']} B bodies, {s['queues']} queues; "
        f"each figure and its baseline is the best of {s['rounds']} rounds of {s['duration']} "
        f"(every round is in the JSON; the last column: how far the worst round fell below the "
        f"best, figure / baseline).",
        "",
        "| figure | msgs/s | baseline | msgs/s | ratio | target | spread of rounds |",
        "|---|---:|---|---:|---:|---|---:|",
    ]
    for f in doc["figures"]:
        t = f["target_min_ratio"]
        goal = "" if t is None else f"≥ {t:.0%} " + ("✅" if f["met"] else "❌ missed")
        lines.append(f"| {f['name']} | {f['msgs_per_s']:,.0f} | {f['baseline']['name']} | "
                     f"{f['baseline']['msgs_per_s']:,.0f} | {f['ratio']:.0%} | {goal} | "
                     f"{spread(f.get('rounds_msgs_per_s'))} / {spread(f['baseline'].get('rounds_msgs_per_s'))} |")
    lines += ["", "| latency | p50 | p99 | p99.9 | max | target |", "|---|---:|---:|---:|---:|---|"]
    for x in doc["latency"]:
        t = x["target_p99_max_us"]
        goal = "" if t is None else f"p99 < {t / 1000:.0f} ms " + ("✅" if x["met"] else "❌ missed")
        lines.append(f"| {x['name']} | {ms(x['p50_us'])} | {ms(x['p99_us'])} | {ms(x['p999_us'])} | "
                     f"{ms(x['max_us'])} | {goal} |")
    store = doc.get("store_bench")
    lines.append("")
    if store:
        rates = ", ".join(f"`{k}` {v:,.0f}/s" for k, v in sorted(store["elements_per_s"].items()))
        lines.append(f"The store's own ceiling (criterion, 1 KiB appends through the group-commit writer): {rates}.")
    else:
        lines.append("This run had no `--store-bench`, so the store's criterion ceiling is not in it.")
    if doc["missed"]:
        lines.append("Targets missed in this run: " + "; ".join(doc["missed"]) + ".")
    return "\n".join(lines)


def medians(runs, server, kind, key):
    vals = [r[key] for r in runs if r["server"] == server and r["bench"] == kind and r[key] is not None]
    return statistics.median(vals) if vals else float("nan")


def where(doc):
    return describe(doc) if "machine" in doc else "a run from before the JSON recorded its commit and machine"


AB_LOADS = {"produce": "produce, 64 in flight", "consume": "consume, {k}k prefilled, 8 × batch 32",
            "e2e": "e2e (send, receive, ack each)"}


def ab_table(name):
    """The table of one `bench/ab.py --json` file: a baseline build against a candidate."""
    return lambda doc: ab_render(name, doc)


def ab_render(name, doc):
    runs = doc["runs"]
    m = lambda *a: medians(runs, *a)  # noqa: E731
    echo_cpu = m("echo", "produce", "server_cpu_us_per_msg")
    lines = [
        f"Generated from `bench/{name}` (`bench/ab.py`): {where(doc)}; medians of "
        f"{doc['rounds']} rounds of {doc['duration']}; the bare echo made "
        f"{m('echo', 'produce', 'msgs_per_s') / 1000:.1f}k msgs/s at {echo_cpu:.1f} µs of server CPU.",
        "",
        "| bench | before msgs/s | after msgs/s | ratio | before µs/msg | after µs/msg | ratio | after ÷ echo CPU | after p99 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, label in AB_LOADS.items():
        b, c = m("baseline", kind, "msgs_per_s"), m("candidate", kind, "msgs_per_s")
        bc, cc = m("baseline", kind, "server_cpu_us_per_msg"), m("candidate", kind, "server_cpu_us_per_msg")
        lines.append(f"| {label.format(k=doc['prefill'] // 1000)} | {b:,.0f} | {c:,.0f} | {c / b:.2f} | "
                     f"{bc:.1f} | {cc:.1f} | {cc / bc:.2f} | {cc / echo_cpu:.2f}× | "
                     f"{ms(m('candidate', kind, 'p99_us'))} |")
    return "\n".join(lines)


TOPOLOGIES = {"standalone": "standalone", "proxy": "nameserver + broker + proxy",
              "proxy base": "nameserver + broker + proxy, `--baseline` build",
              "no slave": "master, no slave", "async": "master + slave, `async`",
              "sync": "master + slave, `sync`"}
# Comparisons in table order: (first topology = the "vs first row" base, the others), loads.
GROUPS = [(["standalone", "proxy base", "proxy"], ["produce", "consume", "e2e"]),
          (["no slave", "async", "sync"], ["produce"])]


def cluster_costs(doc):
    runs = doc["runs"]
    present = {(r["server"], r["bench"]) for r in runs}
    lines = [
        f"Generated from `bench/cluster_costs.json` (`bench/cluster_costs.py`): {where(doc)}; medians of "
        f"{doc['rounds']} rounds of {doc['duration']}, client and every server sharing the cores "
        f"(the last column: how far the worst round's msgs/s fell below the best).",
        "",
        "| topology | load | msgs/s | vs first row | server CPU µs/msg | vs first row | p99 | spread of rounds |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for topologies, loads in GROUPS:
        for kind in loads:
            names = [t for t in topologies if (t, kind) in present]
            if not names:
                continue
            base_rate = medians(runs, names[0], kind, "msgs_per_s")
            base_cpu = medians(runs, names[0], kind, "server_cpu_us_per_msg")
            for t in names:
                rate, cpu = medians(runs, t, kind, "msgs_per_s"), medians(runs, t, kind, "server_cpu_us_per_msg")
                lines.append(f"| {TOPOLOGIES[t]} | {kind} | {rate:,.0f} | {rate / base_rate:.2f} | {cpu:.1f} | "
                             f"{cpu / base_cpu:.2f} | {ms(medians(runs, t, kind, 'p99_us'))} | "
                             f"{spread([r['msgs_per_s'] for r in runs if r['server'] == t and r['bench'] == kind])} |")
    return "\n".join(lines)


SECTIONS = [
    ("ratios", "ratios.json", ratios),
    ("ab-receive-path", "ab-receive-path.json", ab_table("ab-receive-path.json")),
    ("ab-telemetry", "ab-telemetry.json", ab_table("ab-telemetry.json")),
    ("ab-console", "ab-console.json", ab_table("ab-console.json")),
    ("cluster-costs", "cluster_costs.json", cluster_costs),
    ("compare", "compare.json", compare_table.table),
]


def main():
    check = "--check" in sys.argv[1:]
    status = 0
    for section, name, render in SECTIONS:
        status |= sync(section, render(load(name)), check=check, how="bench/readme_tables.py")
    return status


if __name__ == "__main__":
    sys.exit(main())
