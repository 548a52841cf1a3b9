"""Identifiers: prefix, a millisecond stamp and 80 random bits in lower-case Crockford base32."""

from __future__ import annotations

import re
import time

from mercato.shared import ids

SHAPE = re.compile(r"^ord_[0-9a-hjkmnp-tv-z]{26}$")


def test_an_id_is_the_prefix_a_time_stamp_and_sixteen_random_characters() -> None:
    value = ids.new_id("ord", at_ms=1_700_000_000_123)
    assert SHAPE.match(value)
    assert value[4:14] == ids._encode(1_700_000_000_123, 10)
    assert ids.has_prefix(value, "ord")


def test_ids_sort_by_time_and_repeat_no_random_part() -> None:
    first = ids.new_id("ord", at_ms=1_700_000_000_000)
    later = [ids.new_id("ord", at_ms=1_700_000_000_001) for _ in range(2000)]
    assert all(first < value for value in later)
    assert len({v[14:] for v in later}) == len(later)
    assert {v[4:14] for v in later} == {ids._encode(1_700_000_000_001, 10)}  # the kept stamp is the right one


def test_the_stamp_follows_the_clock() -> None:
    before = int(time.time() * 1000)
    value = ids.new_id("pay")
    after = int(time.time() * 1000)
    stamps = {ids._encode(ms, 10) for ms in range(before, after + 1)}
    assert value[4:14] in stamps


def test_the_random_part_uses_every_character_of_the_alphabet() -> None:
    seen = set("".join(ids.new_id("x")[12:] for _ in range(500)))
    assert seen == set(ids._ALPHABET)
