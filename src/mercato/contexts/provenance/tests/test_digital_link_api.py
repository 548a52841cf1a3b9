"""Every variant with a GTIN has a Digital Link on this host and a QR code; the catalogue finds it by GTIN-14."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from conftest import Api
from mercato.contexts.catalog import public as catalog

pytestmark = pytest.mark.django_db


def test_a_variant_with_a_gtin_has_a_digital_link_and_a_qr_code(world) -> None:
    tea = world.a.add_product("A-TEA", "68.00", 10, category=world.category, gtin="6901234567892")
    api = Api()
    r = api.get(f"/provenance/variants/{tea}/digital-link?lot=L2604A")
    assert r.status_code == 200, r.body
    assert r.body["gtin"] == "06901234567892"
    assert r.body["digital_link"] == "https://testserver/01/06901234567892/10/L2604A"
    svg = ET.fromstring(r.body["qr_svg"])
    assert svg.tag.endswith("svg") and svg.get("viewBox")
    assert api.get(f"/provenance/variants/{tea}/digital-link").body["digital_link"].endswith("/01/06901234567892")
    assert catalog.variants_by_gtin(["06901234567892"])["06901234567892"].variant_id == tea

    assert api.get(f"/provenance/variants/{world.a.variants['A-PHONE']}/digital-link").status_code == 404
    assert api.get("/provenance/variants/var_nope/digital-link").status_code == 404
    bad = api.get(f"/provenance/variants/{tea}/digital-link?lot=" + "x" * 21)
    assert bad.status_code == 422 and bad.body["errors"][0]["field"] == "lot"
    bad = api.get(f"/provenance/variants/{tea}/digital-link?serial=%E2%82%AC")  # € is outside AI 21's set
    assert bad.status_code == 422 and bad.body["errors"][0]["field"] == "serial"
