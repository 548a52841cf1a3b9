"""Latency of the assistant's understand(): model build once per process, then per message p50/p95/p99.

Run: .venv/bin/python bench/assistant_understanding_bench.py [--rounds 3]
It prints numbers and never asserts timings. Messages are the project's development sets (both languages),
so the mix of short and long, Chinese and English, is that of shoppers.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

from mercato.contexts.assistant.understanding import shipped_model, understand
from mercato.contexts.assistant.understanding.corpus import OWN_DEV, own_utterances


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="passes over the messages")
    args = parser.parse_args()
    started = time.perf_counter()
    shipped_model()
    build_seconds = time.perf_counter() - started
    texts = [u.text for u in own_utterances(OWN_DEV)]
    products = ("小米 14 手机", "Sony WH-1000XM5", "美的空气炸锅")
    understand(texts[0])  # first call pays for jieba's dictionary
    timings: dict[str, list[float]] = {"en": [], "zh": [], "all": []}
    cpu_started = time.process_time()
    for _ in range(args.rounds):
        for text in texts:
            start = time.perf_counter()
            result = understand(text, products=products)
            elapsed = (time.perf_counter() - start) * 1000
            timings[result.lang].append(elapsed)
            timings["all"].append(elapsed)
    cpu_ms = (time.process_time() - cpu_started) * 1000 / len(timings["all"])
    print(f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"model build (train once per process): {build_seconds:.2f} s")
    print(f"{'messages':10} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
    for name, values in timings.items():
        print(f"{name:10} {len(values):6d} {percentile(values, 0.5):8.2f} {percentile(values, 0.95):8.2f} "
              f"{percentile(values, 0.99):8.2f} {statistics.fmean(values):8.2f}")
    print(f"process CPU time per message (mean, includes the timing loop): {cpu_ms:.2f} ms; wall-clock tails above "
          "that are waits for a CPU when the machine is shared")


if __name__ == "__main__":
    main()
