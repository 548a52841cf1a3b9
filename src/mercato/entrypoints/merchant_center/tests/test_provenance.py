"""Provenance in the merchant center: parties with their key fingerprints, EPCIS uploads (a file or pasted text),
every issue of a refused document with its JSON pointer, and only the shop's own parties and uploads."""

import base64
import hashlib
import json
from urllib.parse import quote

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import shared_world
from conftest import register
from mercato.contexts.provenance.domain.event_hash import document_event_hash_ids
from mercato.contexts.provenance.models import Capture, Event, Party
from mercato.contexts.transparency.models import Entry
from mercato.entrypoints.storefront.tests.provenance_data import FARM, TEA, party_key, tea_chain

from .support import browser, field_errors, upload

module_world, world = shared_world.module_world, shared_world.world  # one world per module, not per test

pytestmark = pytest.mark.django_db
PAGE = "/merchant/provenance/"
PARTIES = "/merchant/provenance/parties/"
UPLOAD = "/merchant/provenance/captures/"
MAX_QUERIES = 15


def _party(name: str = "云雾茶园", **overrides: str) -> dict[str, str]:
    _key, public = party_key()
    return {"name": name, "role": "farm", "gln": FARM, "public_key": public, **overrides}


def _file(document: object, name: str = "tea.jsonld") -> object:
    return upload(name, json.dumps(document).encode(), "application/ld+json")


def _issues(response) -> list[tuple[str, str]]:
    return [(i["pointer"], i["message"]) for i in response.context["issues"]]


@pytest.mark.parametrize("path", [PAGE, PARTIES, UPLOAD, f"{UPLOAD}cap_01m8bcdcv378yd19er6hvfy8h3/"])
def test_anonymous_visitors_sign_in_and_shoppers_get_the_application(client, path):
    r = client.get(path)
    assert r.status_code == 302 and r.url.startswith("/accounts/login/?next=/merchant/provenance/")
    register("shopper@example.com")
    shopper = browser("shopper@example.com")
    assert shopper.get(path).url == "/merchant/apply/"
    assert shopper.post(UPLOAD, {"text": json.dumps(tea_chain()), "error_behaviour": "rollback"}).url == (
        "/merchant/apply/")
    assert not Capture.objects.exists()


def test_the_page_is_in_the_section_navigation_in_both_languages(world):
    page = browser("alpha@example.com").get(PAGE).content.decode()
    assert 'href="/merchant/provenance/" aria-current="page">Provenance</a>' in page
    page = browser("alpha@example.com", language="zh-hans").get(PAGE).content.decode()
    assert "溯源" in page and "上传 EPCIS 事件" in page and "登记参与方" in page


@pytest.mark.parametrize(("overrides", "field"), [
    ({"name": ""}, "name"),
    ({"name": "Bad\x00name"}, "name"),
    ({"role": "wizard"}, "role"),
    ({"gln": "690123400001"}, "gln"),  # 12 digits
    ({"gln": FARM[:-1] + str((int(FARM[-1]) + 1) % 10)}, "gln"),  # wrong check digit
    ({"public_key": "not base64!"}, "public_key"),
    ({"public_key": "AAAA"}, "public_key"),  # 3 bytes
    ({"public_key": ""}, "public_key"),
])
def test_party_fields_are_checked_inline(world, overrides, field):
    r = browser("alpha@example.com").post(PARTIES, _party(**overrides))
    assert r.status_code == 200 and field_errors(r, field), r.context["party_form"].errors
    assert not Party.objects.exists()


def test_a_party_is_registered_and_listed_with_its_key_fingerprint(world):
    me = browser("alpha@example.com")
    data = _party(gln="")
    r = me.post(PARTIES, data, follow=True)
    assert r.redirect_chain[-1][0] == PAGE
    party = Party.objects.get()
    assert (party.merchant_id, party.role, party.gln) == (world.a.merchant_id, "farm", "")
    expected = hashlib.sha256(base64.b64decode(data["public_key"])).hexdigest()[:16]
    page = r.content.decode()
    assert "云雾茶园 was registered." in page and expected in page and ">Farm<" in page
    assert [(p.name, p.fingerprint) for p, _role in r.context["parties"]] == [("云雾茶园", expected)]


def test_a_valid_file_is_captured_and_each_event_links_to_its_trace(world):
    me = browser("alpha@example.com")
    r = me.post(UPLOAD, {"document": _file(tea_chain()), "error_behaviour": "rollback"}, follow=True)
    capture = Capture.objects.get()
    assert r.redirect_chain[-1][0] == f"/merchant/provenance/captures/{capture.id}/"
    page = r.content.decode()
    assert "7 events captured, 0 already recorded." in page
    assert (capture.captured, capture.duplicates, capture.success) == (7, 0, True)
    assert Event.objects.filter(capture=capture).count() == 7
    assert Entry.objects.filter(kind="epcis.event", leaf_index__isnull=True).count() == 7  # queued for the log
    rows = r.context["events"]
    assert len(rows) == 7
    lot = f"https://id.gs1.org/01/{TEA}/10/L2604A"
    assert rows[2].traced == lot and rows[2].trace_url == f"/trace/?id={quote(lot, safe='')}"
    assert rows[4].trace_url == ""  # the pallet packed from a case: no lot or serial named
    assert rows[2].trace_url.replace("&", "&amp;") in page
    assert "Proof (JSON)" in page and rows[0].proof_url.startswith("/api/v1/provenance/events/evt_")
    trace = me.get(rows[2].trace_url)
    assert trace.status_code == 200 and "L2604A" in trace.content.decode()


def test_pasting_the_same_document_again_counts_duplicates(world):
    me = browser("alpha@example.com")
    text = json.dumps(tea_chain(), indent=2).replace("\n", "\r\n")
    me.post(UPLOAD, {"text": text, "error_behaviour": "rollback"})
    r = me.post(UPLOAD, {"text": text, "error_behaviour": "proceed"}, follow=True)
    assert "0 events captured, 7 already recorded." in r.content.decode()
    assert r.context["events"] == [] and "This upload stored no new events." in r.content.decode()
    listed = browser("alpha@example.com").get(PAGE).context["captures"]
    assert [(c.captured, c.duplicates) for c in listed] == [(0, 7), (7, 0)]


def test_an_invalid_document_is_refused_with_every_pointer_and_nothing_is_captured(world):
    doc = tea_chain()
    doc["epcisBody"]["eventList"][2]["bizStep"] = "tasting"
    del doc["epcisBody"]["eventList"][5]["eventTime"]
    me = browser("alpha@example.com")
    r = me.post(UPLOAD, {"document": _file(doc), "error_behaviour": "rollback"})
    assert r.status_code == 200
    pointers = [pointer for pointer, _message in _issues(r)]
    assert "/epcisBody/eventList/2/bizStep" in pointers and "/epcisBody/eventList/5/eventTime" in pointers
    page = r.content.decode()
    assert "nothing was captured" in page and "/epcisBody/eventList/2/bizStep" in page
    assert not Capture.objects.exists() and not Event.objects.exists()


def test_proceed_captures_the_valid_events_and_lists_the_others(world):
    doc = tea_chain()
    doc["epcisBody"]["eventList"][2]["bizStep"] = "tasting"
    r = browser("alpha@example.com").post(UPLOAD, {"text": json.dumps(doc), "error_behaviour": "proceed"},
                                          follow=True)
    page = r.content.decode()
    assert "6 events captured, 0 already recorded." in page and "1 invalid events were not captured" in page
    assert [pointer for pointer, _ in _issues(r)] == ["/epcisBody/eventList/2/bizStep"]
    assert "Invalid events skipped" in page and Event.objects.count() == 6


@pytest.mark.parametrize(("text", "expected"), [
    ("{not json", "This is not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)."),
    ('{"a": NaN}', "This is not valid JSON: NaN is not allowed in JSON."),
    ('{"a": "\\u0000"}', "The document must not contain NUL characters (\\u0000)."),
    ("[" * 100_000, "This JSON is nested too deeply."),
    ("   ", "Choose a file or paste a document."),
])
def test_unreadable_text_is_a_readable_field_error(world, text, expected):
    r = browser("alpha@example.com").post(UPLOAD, {"text": text, "error_behaviour": "rollback"})
    assert r.status_code == 200
    assert expected in field_errors(r, "text") + field_errors(r, "document")
    assert not Capture.objects.exists()


def test_unreadable_files_and_other_mistakes_are_field_errors(world):
    me = browser("alpha@example.com")
    cases = [
        ({"document": upload("x.json", b"\xff\xfe{}", "application/json")}, "document", "The file is not UTF-8 text."),
        ({"document": upload("x.json", b"{", "application/json")}, "document", "This is not valid JSON"),
        ({"document": _file(tea_chain()), "text": "{}"}, "text", "Upload a file or paste a document, not both."),
        ({"text": "{}", "error_behaviour": "sometimes"}, "error_behaviour", "Select a valid choice"),
        ({"text": "{}", "party": "pty_01m8bcdcv378yd19er6hvfy8h3", "signature": "AAAA"}, "party",
         "Select a valid choice"),
        ({"text": "{}", "signature": "AAAA"}, "signature", "Give both the signing party and its signature"),
    ]
    for data, field, expected in cases:
        r = me.post(UPLOAD, {"error_behaviour": "rollback", **data})
        assert r.status_code == 200 and any(expected in e for e in field_errors(r, field)), (data, r.context[
            "capture_form"].errors)
    r = me.post(UPLOAD, {"text": "[]", "error_behaviour": "rollback"})  # JSON, but not a capture
    assert r.status_code == 200 and [p for p, _ in _issues(r)] == ["/"]
    assert not Capture.objects.exists()


def test_a_signed_upload_names_its_party_and_a_forged_signature_is_refused(world):
    me = browser("alpha@example.com")
    key = Ed25519PrivateKey.generate()
    public = base64.b64encode(key.public_key().public_bytes_raw()).decode()
    me.post(PARTIES, _party(public_key=public))
    party = Party.objects.get()
    doc = tea_chain()
    message = "\n".join(document_event_hash_ids(doc)).encode()
    forged = base64.b64encode(Ed25519PrivateKey.generate().sign(message)).decode()
    r = me.post(UPLOAD, {"text": json.dumps(doc), "error_behaviour": "rollback", "party": party.id,
                         "signature": forged})
    assert r.status_code == 200 and field_errors(r, "signature") and not Capture.objects.exists()
    good = base64.b64encode(key.sign(message)).decode()
    r = me.post(UPLOAD, {"text": json.dumps(doc), "error_behaviour": "rollback", "party": party.id,
                         "signature": good}, follow=True)
    assert Capture.objects.get().party_id == party.id
    assert "云雾茶园" in r.content.decode().split("Signed by")[1]
    assert "云雾茶园" in me.get(PAGE).content.decode().split("Recent uploads")[1]


def test_a_shop_sees_only_its_own_parties_and_uploads(world):
    alpha, beta = browser("alpha@example.com"), browser("beta@example.com")
    alpha.post(PARTIES, _party("Alpha farm"))
    alpha.post(UPLOAD, {"text": json.dumps(tea_chain()), "error_behaviour": "rollback"})
    capture = Capture.objects.get()
    r = beta.get(PAGE)
    assert r.context["parties"] == [] and r.context["captures"] == []
    assert "Alpha farm" not in r.content.decode()
    assert beta.get(f"/merchant/provenance/captures/{capture.id}/").status_code == 404
    party = Party.objects.get()
    r = beta.post(UPLOAD, {"text": json.dumps(tea_chain()), "error_behaviour": "rollback", "party": party.id,
                           "signature": "AAAA"})
    assert field_errors(r, "party")  # another shop's party is not a choice
    assert alpha.get(f"/merchant/provenance/captures/{capture.id}/").status_code == 200


def test_a_colleagues_uploads_are_listed_too(world):
    """Uploads belong to the shop: any of its staff made them."""
    register("colleague@example.com")
    invited = world.a.api.post(f"/merchants/{world.a.merchant_id}/staff",
                               {"email": "colleague@example.com", "role": "staff"})
    assert invited.status_code == 201, invited.body
    browser("colleague@example.com").post(UPLOAD, {"text": json.dumps(tea_chain()), "error_behaviour": "rollback"})
    assert len(browser("alpha@example.com").get(PAGE).context["captures"]) == 1
    assert browser("beta@example.com").get(PAGE).context["captures"] == []


def test_pages_stay_within_the_query_budget(world, django_assert_max_num_queries):
    me = browser("alpha@example.com")
    for i in range(5):
        me.post(PARTIES, _party(f"Party {i}"))
        me.post(UPLOAD, {"text": json.dumps(tea_chain(lot=f"L260{i}A")), "error_behaviour": "rollback"})
    capture = Capture.objects.order_by("created_at").first()
    for path in (PAGE, f"/merchant/provenance/captures/{capture.id}/"):
        with django_assert_max_num_queries(MAX_QUERIES) as queries:
            assert me.get(path).status_code == 200
        print(f"{path}: {len(queries)} queries")
