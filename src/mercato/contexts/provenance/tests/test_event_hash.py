"""The CBV 2.0 EPCIS Event Hash ID: every event of the reference vectors gets exactly its published hash (and, where
the published pre-hash string is sound, exactly that string); the hash ignores what a serialisation may vary (key
order, list order, extension order, namespace prefixes, time-zone offset, identifier syntax, number spelling) and
moves with any change of content."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mercato.contexts.provenance.domain.event_hash import (
    document_event_hash_ids,
    document_events,
    document_ignore_fields,
    document_namespaces,
    event_hash_id,
    event_prehash,
    hash_id_of_prehash,
)
from mercato.contexts.provenance.domain.hash_canonical import canonical_number, canonical_timestamp
from mercato.contexts.provenance.domain.hash_vocabulary import (
    BIZ_STEPS,
    BIZ_TRANSACTION_TYPES,
    COMPONENTS,
    DEFAULT_NAMESPACES,
    DISPOSITIONS,
    ERROR_REASONS,
    MEASUREMENT_TYPES,
    SENSOR_ALERT_TYPES,
    SOURCE_DESTINATION_TYPES,
)
from mercato.contexts.provenance.tests.conftest import GS1_DATA, gs1_data_or_skip

VECTORS = ("epcis-event-hash-vectors", "examples")
VECTOR_FILES, VECTOR_EVENTS = 22, 43

KNOWN_BAD_PREHASH_LINES = {
    ("epcisDocWithAllGS1Keys", 0): "garbled upstream: URI fragments interleave ('epc=httpspc=…', 'htt402/4012ps://…')",
    ("epcisDocWithCustomSchemaInContext", 1): "describes the document's first event (shipping, two EPCs), not its "
    "second (receiving, one EPC, two bizTransactions, example:myField2)",
    ("epcisDocWithDefaultSchemaInContext", 1): "truncated upstream: the desadv id is cut to 'urn:epcglobal:cbv:bt:"
    "06141410734' and the 'po' transaction is missing",
}
"""Pre-hash lines of the vector set that do not SHA-256 to their own .hashes line; the .hashes are authoritative."""


def _vector_dir() -> Path:
    return gs1_data_or_skip(*VECTORS)


def _document(stem: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((_vector_dir() / f"{stem}.jsonld").read_text(encoding="utf-8"))
    return loaded


def _lines(stem: str, suffix: str) -> list[str]:
    path = _vector_dir() / f"{stem}{suffix}"
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line] if path.exists() else []


def _event_params(with_prehash: bool) -> list[Any]:
    """(file stem, event index) of every vector event; a lone skipped case on a clone without ../shared."""
    directory = GS1_DATA.joinpath(*VECTORS)
    if not directory.is_dir():
        return [pytest.param("absent", 0, id="vectors-absent")]
    params = []
    for path in sorted(directory.glob("*.jsonld")):
        if with_prehash and not path.with_suffix(".prehashes").exists():
            continue
        events = document_events(json.loads(path.read_text(encoding="utf-8")))
        params += [pytest.param(path.stem, index, id=f"{path.stem}[{index}]") for index in range(len(events))]
    return params


def _prehash_of_vector(stem: str, index: int) -> str:
    document = _document(stem)
    event = document_events(document)[index]
    return event_prehash(event, context=document_namespaces(document), ignore_fields=document_ignore_fields(document))


@pytest.mark.parametrize(("stem", "index"), _event_params(with_prehash=False))
def test_every_vector_event_gets_its_published_hash(stem: str, index: int) -> None:
    assert hash_id_of_prehash(_prehash_of_vector(stem, index)) == _lines(stem, ".hashes")[index]


@pytest.mark.parametrize(("stem", "index"), _event_params(with_prehash=True))
def test_every_sound_published_prehash_is_reproduced(stem: str, index: int) -> None:
    published, expected_hash = _lines(stem, ".prehashes")[index], _lines(stem, ".hashes")[index]
    if (stem, index) in KNOWN_BAD_PREHASH_LINES:
        # Excluded on purpose (see KNOWN_BAD_PREHASH_LINES): the published line is not the string behind the
        # published hash, so only the hash can be checked — and the line is shown to be unsound.
        assert hash_id_of_prehash(published) != expected_hash, KNOWN_BAD_PREHASH_LINES[(stem, index)]
        assert hash_id_of_prehash(_prehash_of_vector(stem, index)) == expected_hash
    else:
        assert _prehash_of_vector(stem, index) == published


def test_the_vector_set_is_complete() -> None:
    directory = _vector_dir()
    stems = sorted(path.stem for path in directory.glob("*.jsonld"))
    assert len(stems) == VECTOR_FILES
    counts = [(len(document_events(_document(stem))), len(_lines(stem, ".hashes"))) for stem in stems]
    assert all(events == hashes for events, hashes in counts)
    assert sum(events for events, _ in counts) == VECTOR_EVENTS


def test_document_helpers_reproduce_the_hashes_of_a_document() -> None:
    assert document_event_hash_ids(_document("epcisDocWithVariousEventTypes")) == _lines(
        "epcisDocWithVariousEventTypes", ".hashes"
    )


def test_the_two_serialisations_of_the_reference_event_hash_alike() -> None:
    document = json.loads((_vector_dir() / "expected_equal_ReferenceEventHashAlgorithm.json").read_text())
    assert set(document_event_hash_ids(document)) == set(_lines("ReferenceEventHashAlgorithm", ".hashes"))


@pytest.mark.parametrize("stem", ["epcisDocHavingEventWithIgnoreFields", "epcisQueryDocHavingEventWithIgnoreFields"])
def test_repository_ignore_fields_are_honoured_only_on_request(stem: str) -> None:
    document = _document(stem)
    assert document_ignore_fields(document) == ("repository-x:hash", "example:captureID")
    assert document_event_hash_ids(document, honour_ignore_fields=True) == _lines(stem, ".hashes")
    with_bookkeeping, without = document_event_hash_ids(document)
    assert with_bookkeeping != without


@pytest.mark.parametrize(
    ("context_file", "terms"),
    [
        ("cbv-context-bizstep.jsonld", BIZ_STEPS),
        ("cbv-context-disposition.jsonld", DISPOSITIONS),
        ("cbv-context-biztransaction-type.jsonld", BIZ_TRANSACTION_TYPES),
        ("cbv-context-sourcedest-type.jsonld", SOURCE_DESTINATION_TYPES),
        ("cbv-context-error-reason.jsonld", ERROR_REASONS),
        ("cbv-context-component.jsonld", COMPONENTS),
        ("gs1-context-measurement-type.jsonld", MEASUREMENT_TYPES),
        ("gs1-context-sensor-alert-type.jsonld", SENSOR_ALERT_TYPES),
    ],
)
def test_vocabulary_tables_match_the_standard_contexts(context_file: str, terms: dict[str, str]) -> None:
    context = json.loads(gs1_data_or_skip("epcis-gs1-official", "jsonld-context", context_file).read_text())["@context"]
    expected = {
        term: DEFAULT_NAMESPACES[value.split(":", 1)[0]] + value.split(":", 1)[1]
        for term, value in context.items()
        if not term.startswith("@") and term not in DEFAULT_NAMESPACES
    }
    assert dict(terms) == expected


# --- rules, independent of the shared vectors -------------------------------------------------------------------

BASE_EVENT: dict[str, Any] = {
    "type": "ObjectEvent",
    "eventTime": "2020-03-04T11:00:30.000+01:00",
    "eventTimeZoneOffset": "+01:00",
    "epcList": ["urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:0614141.107346.2018"],
    "action": "OBSERVE",
    "bizStep": "shipping",
    "disposition": "in_transit",
    "readPoint": {"id": "urn:epc:id:sgln:0614141.07346.1234"},
    "bizTransactionList": [{"type": "po", "bizTransaction": "http://transaction.acme.com/po/12345678"}],
}
EXAMPLE = {"example": "https://ns.example.com/epcis/"}


def test_prehash_of_a_plain_event() -> None:
    assert event_prehash(BASE_EVENT) == (
        "eventType=ObjectEventeventTime=2020-03-04T10:00:30.000ZeventTimeZoneOffset=+01:00"
        "epcListepc=https://id.gs1.org/01/10614141073464/21/2017epc=https://id.gs1.org/01/10614141073464/21/2018"
        "action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-shippingdisposition=https://ref.gs1.org/cbv/"
        "Disp-in_transitreadPointid=https://id.gs1.org/414/0614141073467/254/1234bizTransactionListtype="
        "https://ref.gs1.org/cbv/BTT-pobizTransaction=http://transaction.acme.com/po/12345678"
    )
    assert event_hash_id(BASE_EVENT).startswith("ni:///sha-256;")
    assert event_hash_id(BASE_EVENT).endswith("?ver=CBV2.0")


@pytest.mark.parametrize(
    "extra",
    [
        {"eventID": "urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8"},
        {"recordTime": "2024-01-01T00:00:00Z"},
        {"errorDeclaration": {"declarationTime": "2024-01-01T00:00:00Z", "reason": "incorrect_data"}},
        {"rdfs:comment": "a note for humans"},
        {"@context": {"example": "https://ns.example.com/epcis/"}},
    ],
)
def test_fields_outside_the_fingerprint(extra: dict[str, Any]) -> None:
    assert event_hash_id({**BASE_EVENT, **extra}) == event_hash_id(BASE_EVENT)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ({"bizStep": "shipping"}, {"bizStep": "urn:epcglobal:cbv:bizstep:shipping"}),
        ({"bizStep": "shipping"}, {"bizStep": "cbv:BizStep-shipping"}),
        ({"bizStep": "shipping"}, {"bizStep": "https://ref.gs1.org/cbv/BizStep-shipping"}),
        ({"disposition": "in_transit"}, {"disposition": "urn:epcglobal:cbv:disp:in_transit"}),
        (
            {"epcList": ["https://brand.example/gtin/10614141073464/ser/2017?x=1"]},
            {"epcList": ["urn:epc:id:sgtin:0614141.107346.2017"]},
        ),
        ({"action": "OBSERVE"}, {"action": "  OBSERVE  "}),
        ({"eventTime": "2020-03-04T10:00:30Z"}, {"eventTime": "2020-03-04T05:00:30.0000-05:00"}),
    ],
)
def test_spellings_of_the_same_value_hash_alike(left: dict[str, Any], right: dict[str, Any]) -> None:
    assert event_hash_id({**BASE_EVENT, **left}) == event_hash_id({**BASE_EVENT, **right})


def test_the_prefix_chosen_for_an_extension_does_not_count() -> None:
    one = {**BASE_EVENT, "example:lot": "A1"}
    other = {**BASE_EVENT, "ex2:lot": "A1"}
    full = {**BASE_EVENT, "https://ns.example.com/epcis/lot": "A1"}
    expected = event_hash_id(one, context=EXAMPLE)
    assert event_hash_id(other, context={"ex2": EXAMPLE["example"]}) == expected
    assert event_hash_id(full) == expected
    assert event_hash_id(one, context={"example": "https://other.example/"}) != expected


@pytest.mark.parametrize(
    ("given_time", "expected"),
    [
        ("2023-02-02T11:04:03.1415Z", "2023-02-02T11:04:03.142Z"),
        ("2023-02-02T11:04:03.1414Z", "2023-02-02T11:04:03.141Z"),
        ("2023-02-02T11:04:03.1425Z", "2023-02-02T11:04:03.143Z"),
        ("2023-12-31T23:59:59.9996+00:00", "2024-01-01T00:00:00.000Z"),
        ("2005-04-03T20:33:31.116000-06:00", "2005-04-04T02:33:31.116Z"),
        ("2020-03-04T11:00:30+01:00", "2020-03-04T10:00:30.000Z"),
        ("2020-03-04T11:00:30", "2020-03-04T11:00:30.000Z"),
        ("not a time", "not a time"),
    ],
)
def test_timestamps_are_utc_milliseconds(given_time: str, expected: str) -> None:
    assert canonical_timestamp(given_time) == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "1"), (1.0, "1"), (452.0, "452"), (0.3434, "0.3434"), (0.1, "0.1"), (1e-7, "0.0000001"), (-0.0, "0"),
     (12.10, "12.1"), (1e20, "100000000000000000000"), (True, "true")],
)  # fmt: skip
def test_numbers_lose_trailing_zeros(number: float, expected: str) -> None:
    assert canonical_number(number) == expected


def test_quantities_as_text_or_number_hash_alike() -> None:
    def event(quantity: object) -> dict[str, Any]:
        element = {"epcClass": "urn:epc:class:lgtin:4012345.012345.998877", "quantity": quantity, "uom": "KGM"}
        return {**BASE_EVENT, "quantityList": [element]}

    assert len({event_hash_id(event(q)) for q in (200, 200.0, "200.00", " 2E2 ")}) == 1
    assert event_hash_id(event(200)) != event_hash_id(event(200.5))


def test_extension_strings_are_kept_verbatim() -> None:
    # Only standard numeric fields are numbers; an extension's '007' may be an identifier, not the number 7.
    assert event_hash_id({**BASE_EVENT, "example:code": "007"}, context=EXAMPLE) != event_hash_id(
        {**BASE_EVENT, "example:code": "7"}, context=EXAMPLE
    )


# --- properties -------------------------------------------------------------------------------------------------

_DIGITS = st.from_regex(r"[0-9]{13}", fullmatch=True)
_SERIAL = st.from_regex(r"[A-Za-z0-9]{1,8}", fullmatch=True)
_EPC = st.builds(lambda d, s: f"urn:epc:id:sgtin:{d[:7]}.{d[7:]}.{s}", _DIGITS, _SERIAL)
_MOMENT = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC))
_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Z")), min_size=1, max_size=8)


def _iso(moment: datetime, offset_minutes: int = 0) -> str:
    local = moment.astimezone(timezone(timedelta(minutes=offset_minutes)))
    return local.isoformat(timespec="milliseconds").replace("+00:00", "Z")


@st.composite
def _events(draw: st.DrawFn) -> dict[str, Any]:
    """An ObjectEvent using every kind of value: lists, vocabularies, quantities, sensor data, ILMD, extensions."""
    lgtin = st.builds(lambda d, s: f"urn:epc:class:lgtin:{d[:7]}.{d[7:]}.{s}", _DIGITS, _SERIAL)
    quantity = st.fixed_dictionaries(
        {"epcClass": lgtin, "quantity": st.integers(1, 10_000), "uom": st.sampled_from(["KGM", "LTR"])}
    )
    biz_transaction = st.fixed_dictionaries(
        {
            "type": st.sampled_from(sorted(BIZ_TRANSACTION_TYPES)),
            "bizTransaction": st.builds("urn:epcglobal:cbv:bt:{}".format, _SERIAL),
        }
    )
    measurement = st.floats(-50, 50).map(lambda v: round(v, 2))
    report = st.fixed_dictionaries(
        {"type": st.sampled_from(["Temperature", "RelativeHumidity"]), "value": measurement, "uom": st.just("CEL")}
    )
    transactions = st.lists(biz_transaction, min_size=1, max_size=3, unique_by=lambda b: b["bizTransaction"])
    reports = draw(st.lists(report, min_size=1, max_size=3))
    sensor_element = {"sensorMetadata": {"time": _iso(draw(_MOMENT))}, "sensorReport": reports}
    return {
        "type": "ObjectEvent",
        "eventTime": _iso(draw(_MOMENT)),
        "eventTimeZoneOffset": "+02:00",
        "epcList": draw(st.lists(_EPC, min_size=1, max_size=4, unique=True)),
        "quantityList": draw(st.lists(quantity, max_size=3, unique_by=lambda q: q["epcClass"])),
        "action": "ADD",
        "bizStep": draw(st.sampled_from(sorted(BIZ_STEPS))),
        "disposition": draw(st.sampled_from(sorted(DISPOSITIONS))),
        "readPoint": {"id": "urn:epc:id:sgln:4012345.00011.987", "example:dock": draw(_TEXT)},
        "bizTransactionList": draw(transactions),
        "sensorElementList": [sensor_element],
        "ilmd": {"example:lot": draw(_TEXT), "example:grades": draw(st.lists(_TEXT, min_size=1, max_size=3))},
        "example:note": draw(_TEXT),
        "example:nested": {"example:a": draw(_TEXT), "example:b": draw(st.lists(_TEXT, min_size=1, max_size=3))},
    }  # fmt: skip


def _reordered(value: Any, rnd: random.Random) -> Any:
    """The same JSON with every object's keys and every list's items in a random order (all EPCIS lists are sets)."""
    if isinstance(value, dict):
        keys = list(value)
        rnd.shuffle(keys)
        return {key: _reordered(value[key], rnd) for key in keys}
    if isinstance(value, list):
        items = [_reordered(item, rnd) for item in value]
        rnd.shuffle(items)
        return items
    return value


@settings(max_examples=60, deadline=None)
@given(event=_events(), rnd=st.randoms(use_true_random=False))
def test_hash_ignores_key_order_list_order_and_extension_order(event: dict[str, Any], rnd: random.Random) -> None:
    assert event_hash_id(_reordered(event, rnd), context=EXAMPLE) == event_hash_id(event, context=EXAMPLE)


def _leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _leaf_paths(item, (*path, key))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _leaf_paths(item, (*path, index))]
    return [path]


def _changed(event: dict[str, Any], path: tuple[Any, ...], change: Callable[[Any], Any]) -> dict[str, Any]:
    changed = copy.deepcopy(event)
    holder: Any = changed
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = change(holder[path[-1]])
    return changed


def _different(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    return f"{value}9"


@settings(max_examples=60, deadline=None)
@given(event=_events(), data=st.data())
def test_any_change_of_content_changes_the_hash(event: dict[str, Any], data: st.DataObject) -> None:
    original = event_hash_id(event, context=EXAMPLE)
    path = data.draw(st.sampled_from(_leaf_paths(event)))
    assert event_hash_id(_changed(event, path, _different), context=EXAMPLE) != original, path
    assert event_hash_id({**event, "epcList": event["epcList"][1:]}, context=EXAMPLE) != original
    assert event_hash_id({**event, "example:added": "x"}, context=EXAMPLE) != original


@given(moment=_MOMENT, offset=st.integers(-14 * 4, 14 * 4).map(lambda quarter_hours: quarter_hours * 15))
def test_the_same_instant_at_any_offset_hashes_alike(moment: datetime, offset: int) -> None:
    utc_event = {**BASE_EVENT, "eventTime": _iso(moment)}
    local_event = {**BASE_EVENT, "eventTime": _iso(moment, offset)}
    assert event_hash_id(local_event) == event_hash_id(utc_event)
    later = {**BASE_EVENT, "eventTime": _iso(moment + timedelta(milliseconds=1), offset)}
    assert event_hash_id(later) != event_hash_id(utc_event)
