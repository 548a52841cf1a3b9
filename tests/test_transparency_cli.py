"""`mercato transparency verify` catches tampering as the database owner; `audit --url` watches a live server and
fails loudly when the log forks, rolls back or changes key; `verify-bundle` checks a downloaded bundle offline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection

from conftest import Api, buy, log_guards_off, register
from mercato.contexts.transparency import services
from mercato.contexts.transparency.auditor import audit
from mercato.contexts.transparency.domain import leaf_hash
from mercato.contexts.transparency.models import LogHead
from mercato.contexts.transparency.services import leaves_append, tree_head_sign
from mercato.contexts.transparency.verification import log_verify
from mercato.entrypoints.cli import main


@pytest.fixture(autouse=True)
def _log_key_in_tmp(settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test signs with a fresh key file under its own HOME, never the developer's."""
    monkeypatch.delenv("MERCATO_TRANSPARENCY_KEY", raising=False)
    settings.HOME = tmp_path


DATA = [f"fact-{i}".encode() for i in range(13)]


def _as_owner(*statements: tuple[str, list[object]]) -> None:
    """A malicious operator: guards off, rows rewritten (the triggers are what honest code meets)."""
    with connection.cursor() as cursor:
        log_guards_off(cursor)
        for sql, params in statements:
            cursor.execute(sql, params)


@pytest.mark.django_db
def test_verify_passes_on_an_honest_log_and_names_the_first_rewritten_leaf(capsys: pytest.CaptureFixture[str]) -> None:
    leaves_append(inputs=DATA[:5])
    tree_head_sign(at_ms=1_000)
    leaves_append(inputs=DATA[5:])
    tree_head_sign(at_ms=2_000)
    assert log_verify().ok
    assert main(["transparency", "verify"]) == 0
    assert "OK" in capsys.readouterr().out

    forged = b"fact-7 (rewritten)"
    _as_owner(("UPDATE transparency_leaf SET leaf_input = %s, leaf_hash = %s WHERE leaf_index = 7",
               [forged, leaf_hash(forged)]))
    result = log_verify()
    assert not result.ok and result.first_tampered_leaf == 6  # subtree 1/3 holds leaves 6 and 7
    assert main(["transparency", "verify"]) == 1
    out = capsys.readouterr().out
    assert "TAMPERED" in out and "first tampered leaf index: 6" in out


@pytest.mark.django_db
def test_verify_catches_a_re_signed_rewrite_only_through_the_older_heads(capsys: pytest.CaptureFixture[str]) -> None:
    """The operator holds the key: a fully re-built log with fresh heads verifies on its own, so the stored older
    heads — which the rewrite left — must stop matching."""
    leaves_append(inputs=DATA)
    tree_head_sign(at_ms=1_000)
    _as_owner(("DELETE FROM transparency_perfectsubtree", []), ("DELETE FROM transparency_leaf", []))
    LogHead.objects.filter(pk=1).update(size=0)
    leaves_append(inputs=[b"other"] + DATA[1:] + [b"more"])
    tree_head_sign(at_ms=2_000)
    result = log_verify()
    assert not result.ok and result.first_tampered_leaf == 0
    assert any("13 and 14 are not consistent" in f.reason for f in result.findings)


@pytest.mark.django_db(transaction=True)
def test_the_auditor_follows_a_live_log_and_fails_loudly_on_a_fork(live_server, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    state = tmp_path / "auditor" / "head.json"
    leaves_append(inputs=DATA[:6])
    tree_head_sign(at_ms=1_000)
    first = audit(live_server.url, state, samples=4)
    assert first.ok, first.failures
    assert json.loads(state.read_text())["head"]["tree_size"] == 6

    leaves_append(inputs=DATA[6:])
    tree_head_sign(at_ms=2_000)
    assert main(["transparency", "audit", "--url", live_server.url, "--state", str(state)]) == 0
    assert "head 13 extends the remembered head 6" in capsys.readouterr().out
    remembered = state.read_text()

    # the operator rebuilds history with a changed leaf 2 and signs it with the real key
    _as_owner(("DELETE FROM transparency_signedtreehead", []), ("DELETE FROM transparency_perfectsubtree", []),
              ("DELETE FROM transparency_leaf", []))
    LogHead.objects.filter(pk=1).update(size=0)
    leaves_append(inputs=DATA[:2] + [b"fact-2 (rewritten)"] + DATA[3:] + [b"fact-13"])
    tree_head_sign(at_ms=3_000)
    assert main(["transparency", "audit", "--url", live_server.url, "--state", str(state)]) == 1
    out = capsys.readouterr().out
    assert "FORK: the head at 14 does not extend the head at 13" in out and "AUDIT FAILED" in out
    assert state.read_text() == remembered  # the evidence is kept


@pytest.mark.django_db(transaction=True)
def test_the_auditor_catches_a_rollback_and_a_changed_key(live_server, tmp_path: Path, monkeypatch) -> None:
    state = tmp_path / "head.json"
    leaves_append(inputs=DATA)
    tree_head_sign(at_ms=1_000)
    assert audit(live_server.url, state).ok
    _as_owner(("DELETE FROM transparency_signedtreehead", []), ("DELETE FROM transparency_perfectsubtree", []),
              ("DELETE FROM transparency_leaf WHERE leaf_index >= 8", []))
    LogHead.objects.filter(pk=1).update(size=8)
    from mercato.contexts.transparency.domain import node_hash
    from mercato.contexts.transparency.models import PerfectSubtree  # rebuild the subtrees of the first 8 leaves
    hashes = [leaf_hash(d) for d in DATA[:8]]
    level = 1
    while len(hashes) > 1:
        hashes = [node_hash(hashes[i], hashes[i + 1]) for i in range(0, len(hashes), 2)]
        PerfectSubtree.objects.bulk_create([PerfectSubtree(level=level, index=i, hash=h) for i, h in enumerate(hashes)])
        level += 1
    tree_head_sign(at_ms=2_000)
    report = audit(live_server.url, state)
    assert not report.ok and report.failures[0].startswith("ROLLBACK: the log shrank from 13 to 8")

    monkeypatch.setenv("MERCATO_TRANSPARENCY_KEY", "A" * 43 + "=")
    changed = audit(live_server.url, state)
    assert changed.failures == ["the log's public key changed since the last audit"]


def test_the_auditor_reports_an_unreachable_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["transparency", "audit", "--url", "http://127.0.0.1:9", "--state", str(tmp_path / "s")]) == 2
    assert "cannot audit" in capsys.readouterr().err


def test_verify_bundle_command_checks_a_downloaded_bundle_offline(world, tmp_path, capsys) -> None:
    shopper = register("bundle@example.com")
    order = buy(shopper, [(world.a.variants["A-CASE"], 2)])["orders"][0]
    services.log_publish()
    bundle = shopper.get(f"/orders/{order['id']}/evidence").body
    key = Api().get("/transparency/public-key").body["public_key"]
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle))
    assert main(["transparency", "verify-bundle", str(path), "--public-key", key]) == 0
    assert "2 entries proven" in capsys.readouterr().out

    other_key = "A" * 43 + "="
    assert main(["transparency", "verify-bundle", str(path), "--public-key", other_key]) == 1
    assert "not signed by this key" in capsys.readouterr().out
    bundle["entries"][0]["inclusion"][0] = "00" * 32
    path.write_text(json.dumps(bundle))
    assert main(["transparency", "verify-bundle", str(path)]) == 1
    assert "does not lead to the signed root" in capsys.readouterr().out
    path.write_text("not json")
    assert main(["transparency", "verify-bundle", str(path)]) == 2
