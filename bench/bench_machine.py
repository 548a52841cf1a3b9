"""What the benches say about the machine they ran on: CPU, memory, PostgreSQL, commit, and CPU-seconds used."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, total) CPU-seconds since boot: busy excludes idle and iowait."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    hz = os.sysconf("SC_CLK_TCK")
    return (sum(values) - values[3] - values[4]) / hz, sum(values) / hz


def git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine(pg_admin_url: str) -> dict[str, str]:
    """CPUs, RAM, PostgreSQL and Python versions, the date, the commit (and whether it has local changes), load."""
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor() or "unknown")
    mem_kb = next((int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines()
                   if ln.startswith("MemTotal:")), 0)
    with psycopg.connect(pg_admin_url, autocommit=True) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    commit = git("rev-parse", "--short", "HEAD")
    dirty = " + uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    return {"cpus": str(len(os.sched_getaffinity(0))), "cpu": cpu, "ram": f"{mem_kb / 1024 / 1024:.1f} GiB",
            "postgres": str(row[0]).split()[0] if row else "?", "python": platform.python_version(),
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "commit": f"{commit}{dirty}",
            "load": Path("/proc/loadavg").read_text().split()[0]}
