"""A tea batch's journey in EPCIS 2.0 (farm → factory → QC → case → pallet → cold chain → warehouse), captured by
three parties, each signing its own events. Pure data: the page tests and the browser test post it to the API."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta, timezone
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from mercato.contexts.provenance.domain import epcis_builder as b
from mercato.contexts.provenance.domain.check_digits import mod10_check_digit
from mercato.contexts.provenance.domain.event_hash import document_event_hash_ids

CST = timezone(timedelta(hours=8))
T0 = datetime(2026, 4, 2, 9, 30, tzinfo=CST)


def gs1(body: str) -> str:
    return body + mod10_check_digit(body)


TEA, LEAF = gs1("0690123456789"), gs1("0690123456780")
FARM, FACTORY, WAREHOUSE = gs1("690123400001"), gs1("690123400002"), gs1("690123400003")
CASE, PALLET = gs1("06901234000000001"), gs1("06901234000000002")
LOT = "L2604A"
STEPS = 7


def _cold_chain() -> dict[str, Any]:
    return {"sensorElementList": [{"sensorMetadata": {"deviceID": "urn:epc:id:giai:6901234.T1"}, "sensorReport": [
        {"type": "gs1:Temperature", "value": 4.5, "uom": "CEL"},
        {"type": "gs1:Temperature", "minValue": 2.1, "maxValue": 6.4, "uom": "CEL"},
    ]}]}


def tea_chain(lot: str = LOT, start: datetime = T0) -> dict[str, Any]:
    """Seven events about the batch `lot` of TEA (and the leaf lot it was made from, its case and its pallet)."""
    tea, leaf = b.lot_id(TEA, lot), b.lot_id(LEAF, "H" + lot[1:5])
    events = [
        b.object_event(start, action="ADD", biz_step="commissioning", location=b.location_id(FARM),
                       quantities=[b.quantity(leaf, 120, "KGM")], disposition="active"),
        b.transformation_event(start + timedelta(days=1), location=b.location_id(FACTORY),
                               inputs=[b.quantity(leaf, 120, "KGM")], outputs=[b.quantity(tea, 400)]),
        b.object_event(start + timedelta(days=2), action="OBSERVE", biz_step="inspecting",
                       location=b.location_id(FACTORY), quantities=[b.quantity(tea, 400)], disposition="conformant"),
        b.aggregation_event(start + timedelta(days=3), action="ADD", parent=b.sscc_id(CASE),
                            child_quantities=[b.quantity(tea, 40)], location=b.location_id(FACTORY)),
        b.aggregation_event(start + timedelta(days=3, hours=2), action="ADD", parent=b.sscc_id(PALLET),
                            children=[b.sscc_id(CASE)], location=b.location_id(FACTORY)),
        b.object_event(start + timedelta(days=4), action="OBSERVE", biz_step="shipping", epcs=[b.sscc_id(PALLET)],
                       disposition="in_transit", location=b.location_id(FACTORY), extra=_cold_chain()),
        b.object_event(start + timedelta(days=6), action="OBSERVE", biz_step="receiving", epcs=[b.sscc_id(PALLET)],
                       disposition="in_progress", location=b.location_id(WAREHOUSE)),
    ]
    return b.document(events, created=start + timedelta(days=7))


PARTIES = (  # name, role, GLN, which events of tea_chain() it captures
    ("云雾茶园 Cloud Mist Tea Garden", "farm", FARM, slice(0, 1)),
    ("明前茶厂 Mingqian Tea Factory", "factory", FACTORY, slice(1, 6)),
    ("华东冷链仓 East China Cold Store", "distributor", WAREHOUSE, slice(6, 7)),
)


def captures(lot: str = LOT, start: datetime = T0) -> list[tuple[tuple[str, str, str], dict[str, Any]]]:
    """((name, role, GLN), document) per party: the tea chain cut into what each party attests."""
    whole = tea_chain(lot, start)
    events = whole["epcisBody"]["eventList"]
    return [((name, role, gln), b.document(events[part], created=start + timedelta(days=7)))
            for name, role, gln, part in PARTIES]


def party_key() -> tuple[Ed25519PrivateKey, str]:
    """A fresh Ed25519 key and its public half in base64, as POST /provenance/parties takes it."""
    key = Ed25519PrivateKey.generate()
    return key, base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def signature_header(key: Ed25519PrivateKey, party_id: str, document: dict[str, Any]) -> str:
    """`Mercato-Signature` for a capture: the party's signature over the document's event hash ids."""
    signature = key.sign("\n".join(document_event_hash_ids(document)).encode())
    return f'keyId="{party_id}", signature="{base64.b64encode(signature).decode()}"'
