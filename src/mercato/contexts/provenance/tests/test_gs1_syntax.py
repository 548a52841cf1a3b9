"""The shipped GS1 Barcode Syntax Dictionary is the team's copy, parses completely, and drives the Digital Link rules
(primary keys, qualifier paths, data attributes), value formats, linters and AI pairings."""

from __future__ import annotations

import itertools
import json
import re
from importlib import resources

import pytest

from mercato.contexts.provenance.domain import gs1_syntax
from mercato.contexts.provenance.domain.gs1_syntax import (
    LINTERS,
    UNENFORCED_LINTERS,
    AIValueError,
    check_associations,
    parse_syntax_dictionary,
    syntax_dictionary,
    validate_value,
)
from mercato.contexts.provenance.tests.conftest import GS1_DATA, gs1_data_or_skip

SHIPPED = resources.files(gs1_syntax.__package__ or "").joinpath("data")
VECTORS = GS1_DATA / "digital-link" / "dl_uri_test_vectors.json"


def _valid_sequences() -> list[tuple[str, ...]]:
    if not VECTORS.is_file():
        return []
    vectors = json.loads(VECTORS.read_text())
    return [tuple(sequence) for sequence in vectors["valid_primary_key_qualifier_path_sequences"]]


def _sequence_params() -> list[object]:
    if not VECTORS.is_file():
        return [pytest.param(None, id="no-shared-data", marks=pytest.mark.skip(reason=f"{VECTORS} is absent"))]
    return [pytest.param(sequence, id="/".join(sequence)) for sequence in _valid_sequences()]


@pytest.mark.parametrize("name", ["gs1-syntax-dictionary.txt", "LICENSE-Apache-2.0.txt"])
def test_shipped_copy_is_byte_identical_to_the_team_copy(name: str) -> None:
    team_copy = gs1_data_or_skip("digital-link", name)
    assert SHIPPED.joinpath(name).read_bytes() == team_copy.read_bytes()


def test_shipped_dictionary_loads_without_the_team_copy() -> None:
    text = SHIPPED.joinpath("gs1-syntax-dictionary.txt").read_text(encoding="utf-8")
    assert "Licensed under the Apache License, Version 2.0" in text
    assert syntax_dictionary() is syntax_dictionary()  # parsed once
    assert syntax_dictionary().definitions == parse_syntax_dictionary(text).definitions


def test_every_entry_line_is_parsed() -> None:
    text = SHIPPED.joinpath("gs1-syntax-dictionary.txt").read_text(encoding="utf-8")
    expected = 0
    for line in text.splitlines():
        match = re.match(r"^(\d+)(?:-(\d+))?\s", line)
        if match:
            expected += int(match[2] or match[1]) - int(match[1]) + 1
    assert len(syntax_dictionary().definitions) == expected == 541


def test_entries_carry_format_flags_and_attributes() -> None:
    rules = syntax_dictionary().definitions
    gtin = rules["01"]
    assert (gtin.title, gtin.fnc1_required, gtin.dl_data_attribute) == ("GTIN", False, True)
    assert [(c.charset, c.min_length, c.max_length, c.linters) for c in gtin.components] == [
        ("N", 14, 14, ("csum", "gcppos2"))
    ]
    assert gtin.dl_qualifiers == (("22", "10", "21"), ("235",))
    assert gtin.excludes == ("255", "37")
    lot = rules["10"]
    assert (lot.fnc1_required, lot.min_length, lot.max_length, lot.dl_qualifiers) == (True, 1, 20, None)
    assert lot.requires == ((("01",), ("02",), ("03",), ("8006",), ("8026",)),)
    grai = rules["8003"]
    assert [(c.charset, c.optional, c.linters) for c in grai.components] == [
        ("N", False, ("zero",)),
        ("N", False, ("csum", "gcppos1")),
        ("X", True, ()),
    ]
    assert (grai.min_length, grai.max_length, grai.dl_qualifiers) == (14, 30, ((),))
    assert rules["8010"].components[0].charset == "Y"
    assert rules["8030"].components[0].charset == "Z"
    assert rules["250"].requires == ((("01", "21"), ("03", "21"), ("8006", "21")),)
    assert [ai for ai in rules if ai.startswith("310")] == [f"310{n}" for n in range(6)]
    assert all(rules[f"9{n}"].title == "INTERNAL" for n in range(1, 10))
    assert not rules["21"].dl_data_attribute and not rules["7040"].dl_data_attribute  # qualifiers, no '?' flag


def test_every_linter_named_in_the_dictionary_is_enforced_or_deliberately_not() -> None:
    named = {name for entry in syntax_dictionary().definitions.values() for c in entry.components for name in c.linters}
    assert named - LINTERS.keys() <= UNENFORCED_LINTERS
    assert not UNENFORCED_LINTERS & LINTERS.keys()


def test_primary_keys_come_from_dlpkey_attributes() -> None:
    keys = {ai for ai, entry in syntax_dictionary().definitions.items() if entry.is_dl_primary_key}
    assert keys == {"00", "01", "253", "255", "401", "402", "414", "415", "417", "8003", "8004", "8006", "8010",
                    "8013", "8017", "8018"}  # fmt: skip
    assert all(syntax_dictionary().is_dl_primary_key(ai) for ai in keys)
    assert not syntax_dictionary().is_dl_primary_key("10")


def test_every_vector_sequence_is_collected() -> None:
    vectors = json.loads(gs1_data_or_skip("digital-link", "dl_uri_test_vectors.json").read_text())
    assert len(vectors["valid_primary_key_qualifier_path_sequences"]) == len(_sequence_params()) == 37


@pytest.mark.parametrize("sequence", _sequence_params())
def test_valid_key_qualifier_sequences(sequence: tuple[str, ...]) -> None:
    rules = syntax_dictionary()
    assert rules.is_valid_dl_path(sequence)
    for other_order in set(itertools.permutations(sequence[1:])) - {sequence[1:]}:
        assert not rules.is_valid_dl_path((sequence[0], *other_order)), other_order  # qualifier order is fixed


def test_dictionary_paths_are_the_vector_paths_plus_pay_to() -> None:
    """The engine's unit test predates (415) PAY TO with qualifier (8020); the dictionary adds exactly those."""
    valid = set(_valid_sequences()) or pytest.skip(f"{VECTORS} is absent")
    assert syntax_dictionary().dl_path_sequences - valid == {("415",), ("415", "8020")}


@pytest.mark.parametrize(
    "sequence",
    [(), ("10",), ("21",), ("01", "01"), ("01", "10", "22"), ("01", "21", "10"), ("01", "22", "235"),
     ("01", "235", "10"), ("01", "235", "21"), ("00", "21"), ("8006", "235"), ("414", "254", "7040"),
     ("8010", "8011", "8011"), ("8018", "8017"), ("253", "21"), ("01", "99")],
)  # fmt: skip
def test_invalid_key_qualifier_sequences(sequence: tuple[str, ...]) -> None:
    assert not syntax_dictionary().is_valid_dl_path(sequence)


def test_lookup_of_unknown_ais() -> None:
    rules = syntax_dictionary()
    assert rules.lookup("89") is None and rules.lookup("0") is None and rules.lookup("12345") is None
    unknown = rules.lookup("89", permit_unknown=True)
    assert unknown is not None and (unknown.known, unknown.fnc1_required, unknown.dl_data_attribute) == (
        False, True, False
    )  # fmt: skip
    assert rules.lookup("999", permit_unknown=True) is None  # (99) is known: no AI may extend it
    assert rules.lookup("310", permit_unknown=True) is None  # prefix of known AIs
    assert rules.lookup("891", permit_unknown=True) is not None
    assert rules.lookup("419", permit_unknown=True) is not None
    assert rules.lookup("41", permit_unknown=True) is None  # AIs starting 41 have three digits
    fixed = rules.lookup("3106", permit_unknown=True)  # every (31nn) is predefined N6
    assert fixed is not None and (fixed.fnc1_required, fixed.max_length) == (False, 6)
    gtin = rules.match_prefix("0109520123456788")
    assert gtin is not None and gtin.ai == "01"
    assert rules.match_prefix("8901") is None


@pytest.mark.parametrize(
    ("ai", "value", "message"),
    [
        ("01", "09520123456781", r"AI \(01\) check digit is wrong: expected 8"),
        ("01", "0952012345678", r"AI \(01\) value is too short"),
        ("01", "095201234567888", r"AI \(01\) value is too long"),
        ("01", "0952012345678A", r"AI \(01\) has an invalid character 'A' at position 14"),
        ("10", "", r"AI \(10\) value is empty"),
        ("10", "AB C", r"AI \(10\) has an invalid character ' '"),
        ("17", "251301", r"AI \(17\) has an invalid month 13"),
        ("17", "250230", r"AI \(17\) has an invalid day 30"),
        ("8013", "1987654Ad4X4bL5ttr2310cXK", r"AI \(8013\) check pair is wrong: expected 2K"),
        ("8003", "1952012345678", r"AI \(8003\) value is too short"),
        ("8003", "19520123456788", r"AI \(8003\) '1' is not a valid zero digit"),
        ("8006", "095201234567880302", r"AI \(8006\) piece 3 of 2 is invalid"),
        ("8007", "GB82WEST12345698765433", r"AI \(8007\) IBAN check digits are wrong"),
        ("8010", "ab", r"AI \(8010\) has an invalid character 'a'"),
        ("4300", "ACME%2", r"AI \(4300\) has an invalid percent-encoding at position 5"),
        ("8011", "012", r"AI \(8011\) must not start with 0"),
        ("8030", "YW=Jj", r"AI \(8030\) has an invalid character '=' at position 3"),
    ],
)
def test_values_breaking_the_format_are_named(ai: str, value: str, message: str) -> None:
    with pytest.raises(AIValueError, match=message):
        validate_value(syntax_dictionary().definitions[ai], value)


@pytest.mark.parametrize(
    ("ai", "value"),
    [("01", "09520123456788"), ("17", "240229"), ("17", "250200"), ("8013", "1987654Ad4X4bL5ttr2310c2K"),
     ("8003", "09520123456788ABC"), ("253", "9520123456788"), ("8006", "095201234567880102"),
     ("8007", "GB82WEST12345698765432"), ("4300", "ACME%20Ltd"), ("8011", "0"), ("7003", "2501312359"),
     ("8008", "25013123"), ("4330", "001234-"), ("8030", "YWJj_-A=")],
)  # fmt: skip
def test_values_within_the_format_pass(ai: str, value: str) -> None:
    validate_value(syntax_dictionary().definitions[ai], value)


def test_ai_pairing_rules() -> None:
    check_associations(["01", "10", "21", "17"])
    check_associations(["01", "3103", "3922"])  # (3922) needs (01) with a (31nn)
    check_associations(["3103", "3103", "01"])  # an AI never excludes itself
    with pytest.raises(AIValueError, match=r"AI \(10\) requires one of \(01\), \(02\)"):
        check_associations(["10"])
    with pytest.raises(AIValueError, match=r"AI \(3922\) requires one of \(01\)\+\(30\)"):
        check_associations(["01", "3922"])
    with pytest.raises(AIValueError, match=r"AI \(21\) may not be used together with AI \(235\)"):
        check_associations(["01", "21", "235"])
    with pytest.raises(AIValueError, match=r"AI \(3103\) may not be used together with AI \(3102\)"):
        check_associations(["01", "3103", "3102"])


def test_broken_dictionaries_are_refused() -> None:
    with pytest.raises(ValueError, match="different lengths"):
        parse_syntax_dictionary("10  X..20  # BATCH\n101  X..20  # NOT GS1\n")
    with pytest.raises(ValueError, match="twice"):
        parse_syntax_dictionary("10  X..20  # BATCH\n10  X..20  # BATCH\n")
    with pytest.raises(ValueError, match="no format"):
        parse_syntax_dictionary("10  ?  req=01  # BATCH\n")
