"""Latency floor: one official-Python-client thread doing synchronous sends.

Not a timed test: a benchmark to run by hand against a running server, e.g.

    scripts/standalone.sh &            # or any v2 endpoint
    ~/.cache/apogee/py-venv/bin/python bench/python_send_latency.py --endpoint 127.0.0.1:8081

It prints p50/p90/p99/max of `Producer.send` round trips. Without TCP_NODELAY on the server,
Nagle's algorithm and delayed ACKs push each send to about 40 ms; with it, p50 is well under
5 ms on loopback.
"""
import argparse
import json
import statistics
import time
import uuid

from rocketmq import ClientConfiguration, Credentials, Message, Producer


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", default="127.0.0.1:8081")
    p.add_argument("--count", type=int, default=2000)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--size", type=int, default=1024)
    p.add_argument("--json", action="store_true", help="print one JSON object (bench/ratios.py reads it)")
    args = p.parse_args()

    topic = f"bench-latency-{uuid.uuid4().hex[:8]}"
    producer = Producer(ClientConfiguration(args.endpoint, Credentials()), (topic,))
    producer.startup()
    body = b"x" * args.size
    samples = []
    try:
        for i in range(args.warmup + args.count):
            msg = Message()
            msg.topic = topic
            msg.body = body
            started = time.perf_counter()
            producer.send(msg)
            if i >= args.warmup:
                samples.append((time.perf_counter() - started) * 1000)
    finally:
        producer.shutdown()
    samples.sort()

    def pct(q):
        return samples[min(len(samples) - 1, int(q * len(samples)))]

    if args.json:
        print(json.dumps({"messages": len(samples), "size": args.size,
                          "msgs_per_s": 1000 / statistics.mean(samples),
                          "latency_of": "Producer.send round trip, one thread",
                          **{k: round(pct(q) * 1000) for k, q in (
                              ("p50_us", 0.50), ("p90_us", 0.90), ("p99_us", 0.99), ("p999_us", 0.999))},
                          "max_us": round(samples[-1] * 1000)}))
        return
    print(f"sends={len(samples)} size={args.size}B "
          f"p50={pct(0.50):.2f}ms p90={pct(0.90):.2f}ms p99={pct(0.99):.2f}ms "
          f"max={samples[-1]:.2f}ms mean={statistics.mean(samples):.2f}ms "
          f"rate={1000 / statistics.mean(samples):.0f}/s")


if __name__ == "__main__":
    main()
