"""The transparency log seen from outside a running `mercato serve`: an order's evidence verifies offline with the
published key; a third-party auditor follows the log; when the operator rebuilds history (as the database owner,
re-signing with the real key) the log still verifies on its own, and only the auditor's remembered head exposes it.

Runs last among the e2e journeys (file order): it rewrites the server's log.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from .conftest import World
from .live_server import LiveServer, is_postgres, mercato_script

pytestmark = pytest.mark.e2e

LOG_TABLES = ("transparency_leaf", "transparency_perfectsubtree", "transparency_signedtreehead")


def _mercato(server: LiveServer, *args: str) -> subprocess.CompletedProcess[str]:
    """A `mercato` command as an operator or an auditor runs it (exit status is the caller's to check)."""
    return subprocess.run([str(mercato_script()), *args], env=server.env, cwd=server.home, capture_output=True,
                          text=True, timeout=300, check=False)


def _rebuild_history_as_owner(server: LiveServer) -> None:
    """Switch the guards off, empty the log, alter the first queued fact: the next publish re-signs a new past."""
    statements = [
        "DELETE FROM transparency_signedtreehead", "DELETE FROM transparency_perfectsubtree",
        "DELETE FROM transparency_leaf", "UPDATE transparency_loghead SET size = 0",
        "UPDATE transparency_entry SET leaf_index = NULL",
    ]
    forge = "UPDATE transparency_entry SET leaf_input = {} WHERE id = (SELECT min(id) FROM transparency_entry)"
    forged = b'{"fact":"order.placed","forged":true}'
    if is_postgres(server.database_url):
        import psycopg

        with psycopg.connect(server.database_url.replace("postgres://", "postgresql://", 1)) as conn:
            for table in LOG_TABLES:
                conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
            for statement in statements:
                conn.execute(statement)
            conn.execute(forge.format("%s"), [forged])
            for table in LOG_TABLES:
                conn.execute(f"ALTER TABLE {table} ENABLE TRIGGER ALL")
        return
    conn = sqlite3.connect(urlsplit(server.database_url).path)
    try:
        names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                                                f"tbl_name IN {LOG_TABLES}")]
        for name in names:
            conn.execute(f"DROP TRIGGER {name}")
        for statement in statements:
            conn.execute(statement)
        conn.execute(forge.format("?"), [forged])
        conn.commit()
    finally:
        conn.close()


def test_evidence_verifies_offline_and_the_auditor_catches_a_rebuilt_history(world: World, tmp_path: Path) -> None:
    server = world.server
    a = world.merchant_a
    tea = world.new_variant(a, "58.00", stock=5, title="Audit Tea")
    shopper = world.new_shopper()
    checkout = shopper.checkout(shopper.new_cart([(tea.id, 1)])["id"])
    assert shopper.pay(checkout["payment"]["id"])["status"] == "succeeded"
    order_id = checkout["orders"][0]["id"]
    a.staff.ship(order_id)

    published = _mercato(server, "transparency", "publish")
    assert published.returncode == 0, published.stderr
    bundle = shopper.call("GET", f"/orders/{order_id}/evidence")
    assert [e["kind"] for e in bundle["entries"]] == ["order.placed", "order.paid", "order.shipped"]
    assert {e["status"] for e in bundle["entries"]} == {"proven"}
    key = httpx.get(f"{server.base_url}/api/v1/transparency/public-key").json()["public_key"]
    bundle_file = tmp_path / "evidence.json"
    bundle_file.write_text(json.dumps(bundle))
    checked = _mercato(server, "transparency", "verify-bundle", str(bundle_file), "--public-key", key)
    assert checked.returncode == 0 and "3 entries proven" in checked.stdout, checked.stdout

    state = tmp_path / "auditor" / "head.json"
    first = _mercato(server, "transparency", "audit", "--url", server.base_url, "--state", str(state))
    assert first.returncode == 0, first.stdout + first.stderr
    remembered = json.loads(state.read_text())["head"]

    a.staff.deliver(order_id)  # more facts, another head: the log grows honestly
    shopper.confirm_receipt(order_id)
    assert _mercato(server, "transparency", "publish").returncode == 0
    second = _mercato(server, "transparency", "audit", "--url", server.base_url, "--state", str(state))
    assert second.returncode == 0 and "extends the remembered head" in second.stdout, second.stdout
    remembered = json.loads(state.read_text())["head"]

    _rebuild_history_as_owner(server)
    assert _mercato(server, "transparency", "publish").returncode == 0
    own_check = _mercato(server, "transparency", "verify")
    assert own_check.returncode == 0, own_check.stdout  # self-consistent: only an outside memory can tell
    audit = _mercato(server, "transparency", "audit", "--url", server.base_url, "--state", str(state))
    assert audit.returncode == 1, audit.stdout
    assert f"does not extend the head at {remembered['tree_size']}" in audit.stdout, audit.stdout
    assert json.loads(state.read_text())["head"] == remembered  # the evidence is kept
    old_bundle = _mercato(server, "transparency", "verify-bundle", str(bundle_file), "--public-key", key)
    assert old_bundle.returncode == 0  # what the shopper downloaded still proves what was signed back then
