"""Every reference capture document goes through the real endpoint: accepted ones are stored, hashed exactly as the
offline algorithm hashes them, queued for the log and findable by query; invalid ones store nothing and name the
offending field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import Api, make_operator
from mercato.contexts.provenance.domain.event_hash import document_namespaces, event_hash_id
from mercato.contexts.provenance.models import Event
from mercato.contexts.provenance.tests.conftest import GS1_DATA
from mercato.contexts.transparency.public import log_publish

pytestmark = pytest.mark.django_db
OPENEPCIS = GS1_DATA / "epcis-openepcis-test-resources" / "Capture"
OFFICIAL = GS1_DATA / "epcis-gs1-official" / "examples"
NOT_CAPTURE = {"EPCISQueryDocument.jsonld"}


def _files(folder: Path, pattern: str) -> list[Any]:
    if not folder.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{folder} is absent (no ../shared)"))]
    return [pytest.param(p, id=p.name) for p in sorted(folder.rglob(pattern)) if p.name not in NOT_CAPTURE]


def _expected_hashes(doc: dict[str, Any]) -> list[str]:
    namespaces = document_namespaces(doc)
    if doc.get("type") == "EPCISDocument":
        return [event_hash_id(e, context=namespaces) for e in doc["epcisBody"]["eventList"]]
    return [event_hash_id(doc, context=namespaces)]


@pytest.mark.parametrize("path", _files(OPENEPCIS / "Documents", "*.json") + _files(OPENEPCIS / "Events", "*.json")
                         + _files(OFFICIAL, "*.jsonld"))
def test_valid_reference_documents_are_captured_hashed_and_logged(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    r = make_operator().post("/epcis/capture", doc)
    assert r.status_code == 202, r.body
    expected = _expected_hashes(doc)
    assert r.body["eventIDs"] == expected
    stored = set(Event.objects.values_list("hash_id", flat=True))
    assert stored == set(expected) and r.body["captured"] == len(stored)
    assert log_publish() == len(stored)
    first = Api().get(f"/provenance/events/{Event.objects.order_by('id').first().id}/proof").body
    assert first["entries"][0]["status"] == "proven"


@pytest.mark.parametrize("path", _files(OPENEPCIS / "Invalid", "*.json"))
def test_invalid_reference_documents_store_nothing_and_name_the_field(path: Path) -> None:
    r = make_operator().post("/epcis/capture", json.loads(path.read_text(encoding="utf-8")))
    assert r.status_code == 422, r.body
    assert r.body["errors"] and all(e["field"].startswith("/") for e in r.body["errors"])
    assert Event.objects.count() == 0 and log_publish() == 0
