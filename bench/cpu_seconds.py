"""CPU-seconds of the whole machine from /proc/stat, shared by the benches' "other load" lines."""

from __future__ import annotations

import os
from pathlib import Path


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, total) CPU-seconds since boot: busy excludes idle and iowait."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    hz = os.sysconf("SC_CLK_TCK")
    return (sum(values) - values[3] - values[4]) / hz, sum(values) / hz
