"""The fast path (fastjsonschema) and jsonschema agree on validity, so skipping jsonschema for valid instances
never hides an error: checked on every reference event and on random mutations of valid ones."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mercato.contexts.provenance.domain.epcis_schema import _passes_quickly, event_validator
from mercato.contexts.provenance.tests.conftest import GS1_DATA

FOLDERS = [GS1_DATA / "epcis-openepcis-test-resources" / "Capture", GS1_DATA / "epcis-gs1-official" / "examples"]


def _reference_events() -> list[Any]:
    events: list[Any] = []
    for folder in FOLDERS:
        for path in sorted(folder.rglob("*.json*")) if folder.is_dir() else []:
            doc = json.loads(path.read_text(encoding="utf-8"))
            body = doc.get("epcisBody", {}) if isinstance(doc, dict) else {}
            listed = body.get("eventList") or ((body.get("queryResults") or {}).get("resultsBody") or {}).get(
                "eventList") or ([doc] if isinstance(doc, dict) and "eventTime" in doc else [])
            events += [pytest.param(e, id=f"{path.name}#{i}") for i, e in enumerate(listed)]
    return events or [pytest.param(None, marks=pytest.mark.skip(reason="../shared/data/gs1 is absent"))]


def _agree(event: Any) -> None:
    validator = event_validator()
    assert _passes_quickly(event, validator) == (not list(validator.iter_errors(event)))


@pytest.mark.parametrize("event", _reference_events())
def test_both_validators_agree_on_every_reference_event(event: Any) -> None:
    _agree(event)


VALID = {"type": "ObjectEvent", "action": "OBSERVE", "eventTime": "2026-11-01T08:00:00+08:00",
         "eventTimeZoneOffset": "+08:00", "epcList": ["https://id.gs1.org/01/09520123456788/21/12"],
         "bizStep": "shipping", "disposition": "in_transit", "readPoint": {"id": "https://id.gs1.org/414/9520123456788"},
         "quantityList": [{"epcClass": "https://id.gs1.org/01/09520123456788/10/L1", "quantity": 2, "uom": "KGM"}]}
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                        max_size=3), max_leaves=6)


@settings(max_examples=150, deadline=None)
@given(key=st.sampled_from([*VALID, "parentID", "childEPCs", "ilmd", "sensorElementList", "bizTransactionList"]),
       value=json_values, delete=st.booleans())
def test_both_validators_agree_on_mutated_events(key: str, value: Any, delete: bool) -> None:
    event = copy.deepcopy(VALID)
    if delete:
        event.pop(key, None)
    else:
        event[key] = value
    _agree(event)
