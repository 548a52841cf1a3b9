"""The admission gate in Redis: one atomic Lua script per attempt (ADR 0010).

Per item the gate keeps `left` (units it may still admit), `buyers` (units admitted per buyer), and the
tokens in flight (admitted, order not yet committed) with their deadline. The database stays the source of
truth: the gate is a fast, conservative copy of it that `reconcile` rebuilds at any time. Any Redis failure
trips a short per-process breaker and the caller falls back to the database path.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import redis
from django.conf import settings

log = logging.getLogger(__name__)

TOKEN_SECONDS = 30  # an admission not turned into an order by then is dead; reconcile frees its units
IDEMPOTENCY_SECONDS = 24 * 3600
BREAKER_SECONDS = 1.0

_ADMIT = """
if ARGV[13] == '1' and redis.call('EXISTS', KEYS[8]) == 1 then return {'revoked'} end
if ARGV[12] == '1' then
  local ip = redis.call('INCR', KEYS[6])
  if ip == 1 then redis.call('EXPIRE', KEYS[6], ARGV[10]) end
  local acct = redis.call('INCR', KEYS[7])
  if acct == 1 then redis.call('EXPIRE', KEYS[7], ARGV[10]) end
  if ip > tonumber(ARGV[8]) or acct > tonumber(ARGV[9]) then
    return {'rate', tostring(math.max(redis.call('TTL', KEYS[6]), redis.call('TTL', KEYS[7]), 1))}
  end
end
if ARGV[11] == '1' then
  local prior = redis.call('GET', KEYS[5])
  if prior then return {'repeat', prior} end
end
local left = redis.call('GET', KEYS[1])
if not left then return {'unloaded'} end
local q = tonumber(ARGV[2])
if tonumber(left) < q then return {'sold_out'} end
local held = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if held + q > tonumber(ARGV[3]) then return {'limit'} end
redis.call('DECRBY', KEYS[1], q)
redis.call('HINCRBY', KEYS[2], ARGV[1], q)
redis.call('ZADD', KEYS[3], tonumber(ARGV[5]) + tonumber(ARGV[6]), ARGV[4])
redis.call('HSET', KEYS[4], ARGV[4], ARGV[1] .. '|' .. ARGV[2])
if ARGV[11] == '1' then redis.call('SET', KEYS[5], ARGV[4], 'EX', ARGV[7]) end
return {'admitted', ARGV[4]}
"""

_SETTLE = """
redis.call('ZREM', KEYS[1], unpack(ARGV))
return redis.call('HDEL', KEYS[2], unpack(ARGV))
"""

_GIVE_BACK = """
local entry = redis.call('HGET', KEYS[4], ARGV[1])
if not entry then return 0 end
local sep = string.find(entry, '|', 1, true)
local buyer = string.sub(entry, 1, sep - 1)
local q = tonumber(string.sub(entry, sep + 1))
redis.call('HDEL', KEYS[4], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if ARGV[2] == '1' and redis.call('EXISTS', KEYS[1]) == 1 then redis.call('INCRBY', KEYS[1], q) end
if ARGV[3] == '1' then
  local held = redis.call('HINCRBY', KEYS[2], buyer, -q)
  if held <= 0 then redis.call('HDEL', KEYS[2], buyer) end
end
if ARGV[4] ~= '' then redis.call('DEL', ARGV[4]) end
return q
"""

_UNITS_RETURNED = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('INCRBY', KEYS[1], ARGV[2])
local held = redis.call('HINCRBY', KEYS[2], ARGV[1], -tonumber(ARGV[2]))
if held <= 0 then redis.call('HDEL', KEYS[2], ARGV[1]) end
return 1
"""

_STATE = """
local live = redis.call('HVALS', KEYS[2])
local inflight = 0
for _, entry in ipairs(live) do
  inflight = inflight + tonumber(string.sub(entry, string.find(entry, '|', 1, true) + 1))
end
return {tonumber(redis.call('GET', KEYS[1]) or '-1'), inflight}
"""

_LOAD = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
redis.call('SET', KEYS[1], ARGV[1])
for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
return 1
"""

_RECONCILE = """
local dead = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[2])
for _, t in ipairs(dead) do redis.call('HDEL', KEYS[4], t) end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[2])
local live = redis.call('HGETALL', KEYS[4])
local inflight = 0
local extra = {}
for i = 1, #live, 2 do
  local sep = string.find(live[i + 1], '|', 1, true)
  local buyer = string.sub(live[i + 1], 1, sep - 1)
  local q = tonumber(string.sub(live[i + 1], sep + 1))
  inflight = inflight + q
  extra[buyer] = (extra[buyer] or 0) + q
end
local before = redis.call('GET', KEYS[1]) or '-1'
local left = tonumber(ARGV[1]) - inflight
if left < 0 then left = 0 end
redis.call('SET', KEYS[1], left)
redis.call('DEL', KEYS[2])
for i = 3, #ARGV, 2 do
  local n = tonumber(ARGV[i + 1]) + (extra[ARGV[i]] or 0)
  extra[ARGV[i]] = nil
  if n > 0 then redis.call('HSET', KEYS[2], ARGV[i], n) end
end
for buyer, n in pairs(extra) do redis.call('HSET', KEYS[2], buyer, n) end
return {tonumber(before), left, inflight, #dead}
"""


@dataclass(frozen=True)
class Verdict:
    outcome: str  # admitted | repeat | sold_out | limit | rate | unloaded
    token: str = ""
    retry_after: int = 0  # seconds, when the outcome is "rate"


@dataclass(frozen=True)
class Repair:
    before: int | None  # the gate's count before (None: it had none, e.g. Redis restarted)
    after: int
    in_flight: int
    dead_tokens: int


class GateUnavailable(Exception):
    """Redis cannot be reached (or the breaker is open): use the database path."""


def _keys(item_id: str) -> list[str]:
    base = f"fs:{{{item_id}}}"
    return [f"{base}:left", f"{base}:buyers", f"{base}:inflight", f"{base}:tokens"]


class Gate:
    def __init__(self, url: str) -> None:
        self._client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5,
                                            health_check_interval=0)
        self._admit = self._client.register_script(_ADMIT)
        self._settle = self._client.register_script(_SETTLE)
        self._give_back = self._client.register_script(_GIVE_BACK)
        self._returned = self._client.register_script(_UNITS_RETURNED)
        self._load = self._client.register_script(_LOAD)
        self._reconcile = self._client.register_script(_RECONCILE)
        self._state = self._client.register_script(_STATE)
        self._down_until = 0.0

    def _call(self, fn: Any, keys: list[str], args: list[Any]) -> Any:
        if time.monotonic() < self._down_until:
            raise GateUnavailable("the gate is resting after a failure")
        try:
            return fn(keys=keys, args=args)
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            self._down_until = time.monotonic() + BREAKER_SECONDS
            log.warning("flash-sale gate unavailable, using the database path: %s", exc)
            raise GateUnavailable(str(exc)) from exc

    def admit(self, *, item_id: str, buyer: str, quantity: int, limit: int, token: str,
              idempotency_key: str, ip: str, ip_limit: int, account_limit: int, window: int,
              count_attempt: bool = True, revocation_key: str = "") -> Verdict:
        """``count_attempt`` is False when asking again for the same attempt (after loading an empty gate);
        ``revocation_key``, the cache key that would mark the buyer's token revoked, is checked first."""
        idem = f"fs:{{{item_id}}}:idem:{buyer}:{idempotency_key}"
        rate_keys = [f"fs:rate:ip:{ip}", f"fs:rate:acct:{buyer}"]  # each window starts at the key's first attempt
        result = self._call(self._admit, [*_keys(item_id), idem, *rate_keys, revocation_key or idem], [
            buyer, quantity, limit, token, int(time.time() * 1000), TOKEN_SECONDS * 1000, IDEMPOTENCY_SECONDS,
            ip_limit, account_limit, window, "1" if idempotency_key else "0", "1" if count_attempt else "0",
            "1" if revocation_key else "0"])
        outcome = result[0].decode()
        if outcome == "rate":
            return Verdict(outcome, retry_after=int(result[1]))
        return Verdict(outcome, result[1].decode() if len(result) > 1 else "")

    def settle(self, *, item_id: str, tokens: list[str]) -> None:
        """The orders of these admissions are committed: they no longer count as in flight."""
        if tokens:
            keys = _keys(item_id)
            self._call(self._settle, [keys[2], keys[3]], tokens)

    def give_back(self, *, item_id: str, buyer: str, token: str, idempotency_key: str, units_exist: bool,
                  buyer_may_retry: bool) -> None:
        idem = f"fs:{{{item_id}}}:idem:{buyer}:{idempotency_key}" if idempotency_key else ""
        self._call(self._give_back, _keys(item_id),
                   [token, "1" if units_exist else "0", "1" if buyer_may_retry else "0", idem])

    def units_returned(self, *, item_id: str, buyer: str, quantity: int) -> None:
        keys = _keys(item_id)
        self._call(self._returned, [keys[0], keys[1]], [buyer, quantity])

    def load(self, *, item_id: str, left: int, tallies: dict[str, int]) -> bool:
        """Fill an empty gate from the database (a no-op when another process was first)."""
        args: list[Any] = [left]
        for buyer, units in tallies.items():
            args += [buyer, units]
        return bool(self._call(self._load, _keys(item_id), args))

    def reconcile(self, *, item_id: str, free_in_database: int, tallies: dict[str, int]) -> Repair:
        args: list[Any] = [free_in_database, int(time.time() * 1000)]
        for buyer, units in tallies.items():
            args += [buyer, units]
        before, after, in_flight, dead = self._call(self._reconcile, _keys(item_id), args)
        return Repair(None if before < 0 else int(before), int(after), int(in_flight), int(dead))

    def state(self, item_id: str) -> tuple[int | None, int]:
        """(units the gate may still admit or None if it holds nothing, units admitted but not yet ordered)."""
        keys = _keys(item_id)
        left, in_flight = self._call(self._state, [keys[0], keys[3]], [])
        return (None if left < 0 else int(left)), int(in_flight)

    def close(self, item_id: str) -> None:
        """The sale ended: nothing is admitted any more (the key is kept at 0 until it expires)."""
        self._call(lambda keys, args: self._client.set(keys[0], 0, ex=86400), _keys(item_id), [])


_gate: Gate | None = None
_gate_lock = threading.Lock()


def gate() -> Gate | None:
    """This process's gate, or None when no Redis is configured (the embedded profile: database path)."""
    global _gate
    url = settings.MERCATO_FLASH_GATE_URL
    if not url:
        return None
    with _gate_lock:
        if _gate is None:
            _gate = Gate(url)
        return _gate


def reset_for_tests() -> None:
    global _gate
    with _gate_lock:
        _gate = None
