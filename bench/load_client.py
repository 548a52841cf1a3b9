"""A load client fast enough to saturate `mercato serve` on the same 2-core machine without being the bottleneck.

A thread pool of httpx clients spends more CPU per request than the server's trivial endpoint does, so it would
measure itself. Here each of a few processes runs one asyncio loop over persistent HTTP/1.1 keep-alive connections
(one per simulated client), writes request bytes built beforehand and reads only the status line, the headers it
needs (Content-Length, Transfer-Encoding, Connection) and the body. Every loop is bounded twice, by a request
count and by a deadline, and the target is always a loopback address.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing as mp
import re
import resource
import time
from collections import Counter
from dataclasses import dataclass, field
from queue import Empty
from typing import Any

from api_bench import percentile

Group = tuple[int, str]  # (HTTP status or 0 for a transport error, tag: problem type slug or "ok:false")
PROBLEM_TYPE = re.compile(rb'"type"\s*:\s*"([^"]*)"')
LOOPBACK = ("127.", "localhost", "::1")
RESULT_GRACE_SECONDS = 120.0


@dataclass(frozen=True)
class Phase:
    """One measured run: each client goes through its own list of prepared requests, round and round if cycle."""

    name: str
    host: str
    port: int
    requests: list[list[bytes]]  # one list per client (its own token, its own buyers)
    seconds: float
    max_requests: int  # over all clients
    warmup: list[bytes] = field(default_factory=list)  # cycled by every client before the clock starts
    warmup_seconds: float = 1.0
    stop_on_tag: str | None = None  # a client stops after an answer with this tag (e.g. "sold-out")
    cycle: bool = True  # False: a client stops at the end of its list (each buyer tries once)
    processes: int = 2


@dataclass
class Outcome:
    """What a phase answered: counts and latencies (seconds) per (status, tag), wall time, CPU used."""

    name: str
    counts: Counter[Group] = field(default_factory=Counter)
    latencies: dict[Group, list[float]] = field(default_factory=dict)
    samples: dict[Group, bytes] = field(default_factory=dict)
    started: float = float("inf")
    ended: float = float("-inf")
    reconnects: int = 0
    warmed: int = 0  # warm-up requests, not in counts (the server's CPU covers them too)
    client_cpu: float = 0.0  # CPU-seconds of the load processes; the caller adds the server's and the machine's
    server_cpu: float = float("nan")
    machine_cpu: float = float("nan")

    @property
    def wall(self) -> float:
        return max(0.0, self.ended - self.started)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, status: int | None = None, tag: str | None = None) -> int:
        return sum(n for (s, t), n in self.counts.items()
                   if (status is None or s == status) and (tag is None or t == tag))

    def rate(self, n: int) -> float:
        return n / self.wall if self.wall > 0 else float("nan")

    def latencies_of(self, status: int | None = None, tag: str | None = None) -> list[float]:
        return sorted(x for (s, t), xs in self.latencies.items()
                      if (status is None or s == status) and (tag is None or t == tag) for x in xs)

    def cells(self, n: int, latencies: list[float], unit: str) -> str:
        """Markdown cells: answers, p50/p95/p99 in ms, throughput over the phase's wall time."""
        rate = self.rate(n)
        return (f"{n} | {_ms(latencies, 50)} | {_ms(latencies, 95)} | {_ms(latencies, 99)} | "
                f"{'–' if math.isnan(rate) else f'{rate:,.0f}'} {unit}")

    def cost(self) -> str:
        per_request = self.server_cpu / (self.total + self.warmed) * 1000 if self.total + self.warmed else math.nan
        return " / ".join(f"{x:.1f}" for x in (self.client_cpu, self.server_cpu, self.machine_cpu)) + \
            f" | {per_request:.2f}"

    def mix(self) -> str:
        return ", ".join(f"{n} × {s or 'error'}{f' {t}' if t else ''}" for (s, t), n in self.counts.most_common())

    def merge(self, other: Outcome) -> None:
        self.counts.update(other.counts)
        for group, xs in other.latencies.items():
            self.latencies.setdefault(group, []).extend(xs)
        for group, body in other.samples.items():
            self.samples.setdefault(group, body)
        self.started, self.ended = min(self.started, other.started), max(self.ended, other.ended)
        self.client_cpu += other.client_cpu
        self.reconnects += other.reconnects
        self.warmed += other.warmed


def _ms(sorted_values: list[float], q: float) -> str:
    return "–" if not sorted_values else f"{percentile(sorted_values, q) * 1000:.1f}"


def http_request(method: str, path: str, *, port: int, token: str | None = None, body: bytes | None = None) -> bytes:
    """The bytes of one HTTP/1.1 keep-alive request to 127.0.0.1:port."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Accept: application/json"]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    if body is not None:
        lines.append("Content-Type: application/json")
    if body is not None or method in ("POST", "PUT", "PATCH"):
        lines.append(f"Content-Length: {len(body or b'')}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b"")


def run_phase(phase: Phase) -> Outcome:
    """Run the phase on `phase.processes` processes (clients dealt round-robin) and merge what they saw."""
    if not phase.host.startswith(LOOPBACK):
        raise ValueError(f"the load client targets loopback addresses only, not {phase.host}")
    processes = max(1, min(phase.processes, len(phase.requests)))
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(processes), ctx.Queue()
    per_client = max(1, phase.max_requests // max(1, len(phase.requests)))
    workers = [ctx.Process(target=_process_main, daemon=True,
                           args=(phase, phase.requests[i::processes], per_client, barrier, results))
               for i in range(processes)]
    for w in workers:
        w.start()
    outcome, reported = Outcome(phase.name), 0
    deadline = time.monotonic() + phase.warmup_seconds + phase.seconds + RESULT_GRACE_SECONDS
    try:
        while reported < processes:
            try:
                outcome.merge(results.get(timeout=1.0))
                reported += 1
            except Empty:
                dead = [w.exitcode for w in workers if w.exitcode not in (None, 0)]
                if dead or time.monotonic() > deadline:
                    raise RuntimeError(f"{phase.name}: a load process failed (exit codes {dead}) or did not "
                                       "report within the phase's bounds") from None
    finally:
        for w in workers:
            w.join(timeout=10)
            if w.is_alive():
                w.kill()
    return outcome


def _process_main(phase: Phase, requests: list[list[bytes]], per_client: int, barrier: Any, results: Any) -> None:
    cpu = _cpu_seconds()
    try:
        outcome = asyncio.run(_run(phase, requests, per_client, barrier))
    except KeyboardInterrupt:  # Ctrl-C reaches the whole terminal group; the parent reports and cleans up
        return
    outcome.client_cpu = _cpu_seconds() - cpu
    results.put(outcome)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class _Connection:
    """One keep-alive connection, reopened when the server closes it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.opened = 0

    async def open(self) -> None:
        self.close()
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.opened += 1

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def exchange(self, request: bytes) -> tuple[int, bytes]:
        """Send one request, read its answer: (status, body). A connection the server dropped while idle
        (keep-alive timeout) is reopened once and the request sent again."""
        for attempt in (0, 1):
            if self.writer is None:
                await self.open()
            assert self.reader is not None and self.writer is not None
            try:
                self.writer.write(request)
                return await self._read()
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    async def _read(self) -> tuple[int, bytes]:
        assert self.reader is not None
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        lower = head.lower()
        at = lower.find(b"\r\ncontent-length:")
        if at >= 0:
            length = int(lower[at + 17:lower.index(b"\r\n", at + 2)])
            body = await self.reader.readexactly(length) if length else b""
        elif b"\r\ntransfer-encoding: chunked" in lower:
            body = await self._chunks()
        else:
            body = await self.reader.read()  # no length: the body ends with the connection
            self.close()
        if b"\r\nconnection: close" in lower:
            self.close()
        return status, body

    async def _chunks(self) -> bytes:
        assert self.reader is not None
        parts: list[bytes] = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";", 1)[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")  # no trailers are expected
                return b"".join(parts)
            parts.append((await self.reader.readexactly(size + 2))[:-2])


def tag_of(status: int, body: bytes) -> str:
    """What kind of answer this was beyond its status: the last segment of a problem's type, or ok:false."""
    if status >= 400:
        found = PROBLEM_TYPE.search(body)
        return found.group(1).rsplit(b"/", 1)[-1].decode(errors="replace") if found else ""
    if b'"ok": false' in body or b'"ok":false' in body:
        return "ok:false"
    return ""


async def _run(phase: Phase, requests: list[list[bytes]], per_client: int, barrier: Any) -> Outcome:
    connections = [_Connection(phase.host, phase.port) for _ in requests]
    await asyncio.gather(*(c.open() for c in connections))
    await asyncio.get_running_loop().run_in_executor(None, barrier.wait)  # every process starts together
    warm_until = time.monotonic() + phase.warmup_seconds
    warmed = await asyncio.gather(*(_warm(c, phase.warmup, warm_until) for c in connections if phase.warmup))
    outcome = Outcome(phase.name, warmed=sum(warmed))
    deadline = time.monotonic() + phase.seconds
    outcome.started = time.monotonic()
    try:
        await asyncio.wait_for(asyncio.gather(*(_client(c, reqs, per_client, deadline, phase, outcome)
                                                for c, reqs in zip(connections, requests, strict=True))),
                               timeout=phase.seconds + 60)
    except TimeoutError:
        outcome.counts[(0, "phase timeout")] += 1
    outcome.ended = max(outcome.ended, outcome.started)
    outcome.reconnects = sum(c.opened - 1 for c in connections)
    for c in connections:
        c.close()
    return outcome


async def _warm(conn: _Connection, warmup: list[bytes], until: float) -> int:
    i = 0
    while time.monotonic() < until:
        try:
            await conn.exchange(warmup[i % len(warmup)])
        except (OSError, asyncio.IncompleteReadError, ValueError):
            conn.close()
        i += 1
    return i


async def _client(conn: _Connection, requests: list[bytes], limit: int, deadline: float, phase: Phase,
                  outcome: Outcome) -> None:
    clock, counts, latencies, samples = time.monotonic, outcome.counts, outcome.latencies, outcome.samples
    stop_on = phase.stop_on_tag
    for i in range(limit if phase.cycle else min(limit, len(requests))):
        started = clock()
        if started >= deadline:
            return
        try:
            status, body = await conn.exchange(requests[i % len(requests)])
            tag = tag_of(status, body)
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            status, tag, body = 0, type(exc).__name__, repr(exc).encode()
            conn.close()
        ended = clock()
        group = (status, tag)
        counts[group] += 1
        latencies.setdefault(group, []).append(ended - started)
        if group not in samples:
            samples[group] = body[:2000]
        outcome.ended = max(outcome.ended, ended)
        if stop_on is not None and tag == stop_on:
            return
