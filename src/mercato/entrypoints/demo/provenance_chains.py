"""The supply-chain histories of demo batches, as EPCIS 2.0 events grouped into the captures each party signs.

Three kinds, each worked backwards from the moment the batch reached the shop's warehouse (a receipt of the stock
replay), so every history ends where the inventory's own story begins:

- tea: harvest at the garden (one or two pickings) → leaf shipped to the factory → processing (a
  TransformationEvent from leaf lots to the shop's lot) → lab sampling and inspection with a certificate → cases →
  pallet → shipping → carrier → receiving → on sale;
- electronics: serialised units and their lot commissioned → line test → lab sampling and type test (CCC) →
  cartons → pallet → carrier → (a distribution centre, for warehouses outside Guangdong) → receiving → on sale;
- cold-chain fruit: harvest → packhouse grading and boxing (TransformationEvent) → pre-cooling → pallet →
  reefer transport with temperature and humidity readings (sensorElementList, now and then an alarm) →
  receiving with a core-temperature inspection → on sale.

A history is 8 to 20 events; the trace of the lot (or of a serial) finds all of them through its cases, pallet
and inputs.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any

from mercato.contexts.provenance.domain import epcis_builder as b

from .provenance_parties import CST, PARTY, Origin, PartySpec, hub

Event = dict[str, Any]
GUANGDONG = frozenset({"深圳市", "东莞市", "广州市", "佛山市"})


@dataclass(frozen=True)
class Receipt:
    """Goods reaching a shop's warehouse: the end of a traced history."""

    variant: int
    warehouse: int  # plan index
    city: str
    retailer: str  # party key
    site: int  # the warehouse's site number under the retailer's GLNs
    at: datetime
    quantity: int
    lot: str  # the inventory's lot code ("" for goods without one)
    gtin: str  # GTIN-14 of what is traced
    grams: int
    category: str


@dataclass
class CaptureGroup:
    """The events one party captures (and signs) together."""

    party: str
    events: list[Event] = field(default_factory=list)


@dataclass
class Batch:
    kind: str
    receipt: Receipt
    lot: str
    captures: list[CaptureGroup] = field(default_factory=list)

    @property
    def subject(self) -> str:
        """The Digital Link a shopper traces: the product's GTIN and lot."""
        return b.lot_id(self.receipt.gtin, self.lot)

    @property
    def events(self) -> list[Event]:
        return [event for group in self.captures for event in group.events]


def _hours(rng: random.Random, low: float, high: float) -> timedelta:
    """A random span between `low` and `high` hours, to the minute."""
    return timedelta(minutes=rng.randint(int(low * 60), int(high * 60)))


def _at_hour(moment: datetime, rng: random.Random, first: int, last: int, party: PartySpec) -> datetime:
    """The same local day at a random time between first:00 and last:59 (working hours, early picking...)."""
    local = moment.astimezone(party.tz)
    return local.replace(hour=rng.randint(first, last), minute=rng.randrange(60), second=0, microsecond=0)


def _btt(kind: str, party: PartySpec, number: str) -> dict[str, str]:
    return {"type": kind, "bizTransaction": f"urn:epcglobal:cbv:bt:{party.gln()}:{number}"}


def _route(source: PartySpec, source_site: int, destination: PartySpec, destination_site: int) -> Event:
    return {
        "sourceList": [{"type": "owning_party", "source": source.party_id},
                       {"type": "location", "source": b.location_id(source.gln(source_site))}],
        "destinationList": [{"type": "owning_party", "destination": destination.party_id},
                            {"type": "location", "destination": b.location_id(destination.gln(destination_site))}],
    }


def _observe(moment: datetime, party: PartySpec, site: int, biz_step: str, disposition: str | None, *,
             epcs: Sequence[str] = (), quantities: Sequence[Mapping[str, Any]] = (), in_transit: bool = False,
             action: str = "OBSERVE", place: str | None = None, extra: Mapping[str, Any] | None = None) -> Event:
    """An ObjectEvent at a party's site (or at `place`; "" for nowhere in particular), in the party's time zone.

    Goods on the move have a read point but no business location.
    """
    event = b.object_event(moment.astimezone(party.tz), action=action, biz_step=biz_step, epcs=epcs,
                           quantities=quantities, disposition=disposition)
    location = b.location_id(party.gln(site)) if place is None else place
    if location:
        event["readPoint"] = {"id": location}
        if not in_transit:
            event["bizLocation"] = {"id": location}
    event.update(extra or {})
    return event


def _aggregate(moment: datetime, party: PartySpec, site: int, action: str, parent: str, *,
               children: Sequence[str] = (), child_quantities: Sequence[Mapping[str, Any]] = (),
               biz_step: str = "packing") -> Event:
    return b.aggregation_event(moment.astimezone(party.tz), action=action, parent=b.sscc_id(parent),
                               children=children, child_quantities=child_quantities, biz_step=biz_step,
                               location=b.location_id(party.gln(site)))


def _readings(rng: random.Random, start: datetime, end: datetime, band: tuple[float, float], every_hours: float,
              device: str, excursion: bool, tz: tzinfo = CST) -> Event:
    """A logger's series over [start, end]: temperature every few hours, a humidity reading, a summary."""
    low, high = band
    start, end = start.astimezone(tz), end.astimezone(tz)
    setpoint = (low + high) / 2
    times: list[datetime] = []
    moment = start + timedelta(hours=every_hours)
    while moment <= end and len(times) < 16:
        times.append(moment)
        moment += timedelta(hours=every_hours)
    times = times or [end]
    values = [round(min(max(rng.gauss(setpoint, (high - low) / 6), low + 0.1), high - 0.1), 1) for _ in times]
    reports: list[Event] = []
    spike = rng.randrange(len(times)) if excursion else -1
    for k, (moment, value) in enumerate(zip(times, values, strict=True)):
        report: Event = {"type": "Temperature", "value": value, "uom": "CEL",
                         "time": moment.isoformat(timespec="seconds")}
        if k == spike:  # a door left open at a stop: brief, logged, still within what the receiver accepts
            report["value"] = values[k] = round(high + rng.uniform(0.4, 1.8), 1)
            report["exception"] = "ALARM_CONDITION"
        reports.append(report)
    reports.append({"type": "RelativeHumidity", "value": round(rng.uniform(85, 95), 1), "uom": "P1",
                    "time": times[-1].isoformat(timespec="seconds")})
    reports.append({"type": "Temperature", "minValue": min(values), "maxValue": max(values),
                    "meanValue": round(sum(values) / len(values), 2), "uom": "CEL"})
    metadata = {"startTime": start.isoformat(timespec="seconds"), "endTime": end.isoformat(timespec="seconds"),
                "deviceID": device}
    return {"sensorElementList": [{"sensorMetadata": metadata, "sensorReport": reports}]}


class ChainMaker:
    """Builds batches; numbers SSCCs, serials and business documents so that none repeats across the data set."""

    def __init__(self, rng: random.Random, reference: datetime) -> None:
        self.rng = rng
        self.reference = reference
        self._numbers: dict[str, int] = {}

    def next_number(self, scope: str) -> int:
        self._numbers[scope] = self._numbers.get(scope, 0) + 1
        return self._numbers[scope]

    def _sscc(self, party: PartySpec) -> str:
        return party.sscc(self.next_number(f"sscc:{party.key}"))

    def _after_receipt(self, receipt: Receipt, hours: float) -> datetime:
        """`hours` after the receipt, squeezed (order kept) when the reference is less than 3 hours away."""
        room = (self.reference - receipt.at).total_seconds() / 3600
        return receipt.at + timedelta(seconds=max(1, int(min(hours, hours * room / 3) * 3600)))

    def _carry(self, carrier: PartySpec, pallet: str, depart: datetime, arrive: datetime, origin_city: str,
               destination_city: str, prefix: str) -> CaptureGroup:
        waybill = f"{prefix}{self.next_number('waybill'):010d}"
        return CaptureGroup(carrier.key, [
            _observe(depart, carrier, hub(origin_city), "departing", "in_transit", epcs=[b.sscc_id(pallet)],
                     in_transit=True, extra={"bizTransactionList": [_btt("bol", carrier, waybill)]}),
            _observe(arrive, carrier, hub(destination_city), "arriving", "in_transit", epcs=[b.sscc_id(pallet)],
                     in_transit=True),
        ])

    def _shelve(self, receipt: Receipt, pallet: str, epcs: Sequence[str] = (), quantity: int | None = None,
                lot: str = "") -> CaptureGroup:
        """The shop receives the pallet at its warehouse and puts the goods on sale."""
        shop = PARTY[receipt.retailer]
        amount = receipt.quantity if quantity is None else quantity
        lot_class = b.lot_id(receipt.gtin, lot or receipt.lot)
        return CaptureGroup(shop.key, [
            _observe(receipt.at, shop, receipt.site, "receiving", "in_progress", epcs=[b.sscc_id(pallet)]),
            _observe(self._after_receipt(receipt, 2), shop, receipt.site, "stocking", "sellable_accessible",
                     epcs=epcs, quantities=[b.quantity(lot_class, amount)] if amount else ()),
        ])

    def tea(self, receipt: Receipt, origin: Origin) -> Batch:
        rng = self.rng
        farm, factory, lab, carrier = PARTY[origin.grower], PARTY[origin.maker], PARTY["huacha-lab"], PARTY["tongda"]
        shop = PARTY[receipt.retailer]
        batch = Batch("tea", receipt, receipt.lot)
        units = receipt.quantity + rng.randint(120, 600)
        product = b.quantity(batch.subject, units)
        leaf_kg = units * receipt.grams / 1000 * origin.yield_ratio * rng.uniform(0.95, 1.05)
        # backwards from the shop's receipt
        arrived = receipt.at - _hours(rng, 0.3, 1.5)
        depart = arrived - _hours(rng, 20, 60)
        shipped = depart - _hours(rng, 2, 5)
        packed = _at_hour(shipped - timedelta(days=rng.randint(1, 4)), rng, 8, 16, factory)
        inspected = _at_hour(packed - timedelta(days=rng.randint(1, 40)), rng, 9, 17, lab)
        sampled = _at_hour(inspected - timedelta(days=rng.randint(2, 4)), rng, 9, 12, lab)
        made = _at_hour(sampled - timedelta(days=1), rng, 14, 20, factory)
        harvested = _at_hour(made - timedelta(days=rng.randint(*origin.processing_days)), rng, 5, 9, farm)
        days = [harvested]
        if rng.random() < 0.4:  # two pickings a day apart go into one processing run
            days.insert(0, _at_hour(harvested - timedelta(days=1), rng, 5, 9, farm))
        shares = [0.45, 0.55] if len(days) == 2 else [1.0]
        leaves, harvest = [], []
        for day, share in zip(days, shares, strict=True):
            lot = f"H{day:%y%m%d}-{self.next_number('leaf:' + farm.key):04d}"
            leaves.append(b.quantity(b.lot_id(farm.gtin(1), lot), round(leaf_kg * share, 1), "KGM"))
            harvest.append(_observe(day, farm, 1, "commissioning", "active", quantities=[leaves[-1]], action="ADD",
                                    extra={"ilmd": {"cbvmda:countryOfOrigin": origin.country, "cbvmda:lotNumber": lot,
                                                    "cbvmda:harvestStartDate": f"{day:%Y-%m-%d}",
                                                    "rdfs:comment": origin.produce}}))
        batch.captures.append(CaptureGroup(farm.key, [
            *harvest,
            _observe(harvested + _hours(rng, 3, 6), farm, 1, "shipping", "in_transit", quantities=leaves,
                     in_transit=True, extra=_route(farm, 1, factory, 1)),
        ]))
        batch.captures.append(CaptureGroup(factory.key, [
            {**b.transformation_event(made, inputs=leaves, outputs=[product], location=b.location_id(factory.gln(1))),
             "ilmd": {"cbvmda:lotNumber": batch.lot,
                      "cbvmda:bestBeforeDate": f"{made + timedelta(days=540):%Y-%m-%d}"}},
        ]))
        report = f"HC{inspected:%y%m}{self.next_number('tea-report'):05d}"
        batch.captures.append(CaptureGroup(lab.key, [
            _observe(sampled, lab, 1, "sampling", None, quantities=[b.quantity(batch.subject, 3)],
                     place=b.location_id(factory.gln(1))),  # the lab's inspector draws samples at the factory
            _observe(inspected, lab, 1, "inspecting", "conformant", quantities=[product], extra={
                "certificationInfo": f"https://reports.huacha-lab.example/{inspected:%Y}/{report}",
                "bizTransactionList": [_btt("testres", lab, report)]}),
        ]))
        cases = [self._sscc(factory) for _ in range(1 if rng.random() < 0.7 or receipt.quantity < 2 else 2)]
        split = [receipt.quantity // len(cases) + (1 if k < receipt.quantity % len(cases) else 0)
                 for k in range(len(cases))]
        pallet = self._sscc(factory)
        order = f"PO{shipped:%y%m%d}{self.next_number('po'):04d}"
        batch.captures.append(CaptureGroup(factory.key, [
            *[_aggregate(packed + timedelta(minutes=12 * k), factory, 1, "ADD", case,
                         child_quantities=[b.quantity(batch.subject, n)])
              for k, (case, n) in enumerate(zip(cases, split, strict=True))],
            _aggregate(packed + _hours(rng, 1, 3), factory, 1, "ADD", pallet,
                       children=[b.sscc_id(case) for case in cases]),
            _observe(shipped, factory, 1, "shipping", "in_transit", epcs=[b.sscc_id(pallet)], in_transit=True,
                     extra={**_route(factory, 1, shop, receipt.site),
                            "bizTransactionList": [_btt("po", shop, order), _btt("desadv", factory, order)]}),
        ]))
        batch.captures.append(self._carry(carrier, pallet, depart, arrived, factory.city, receipt.city, "TD"))
        batch.captures.append(self._shelve(receipt, pallet))
        return batch

    def electronics(self, receipt: Receipt, maker_key: str) -> Batch:
        rng = self.rng
        factory, lab, dc, carrier = PARTY[maker_key], PARTY["pengcheng-lab"], PARTY["south-dc"], PARTY["xunfeng"]
        shop = PARTY[receipt.retailer]
        via_dc = factory.city in GUANGDONG and receipt.city not in GUANGDONG
        lot = f"{factory.key[:2].upper()}{receipt.at:%y%m}{self.next_number('e-lot:' + receipt.gtin):03d}"
        batch = Batch("electronics", receipt, lot)
        serials = [b.serial_id(receipt.gtin, f"{lot}{self.next_number('serial:' + lot):05d}")
                   for _ in range(min(rng.randint(3, 6), receipt.quantity - 1))]  # some units by lot alone
        rest = receipt.quantity - len(serials)
        lot_class = b.lot_id(receipt.gtin, lot)
        made_lot = b.quantity(lot_class, rest + rng.randint(300, 1800))
        # backwards from the shop's receipt
        end = receipt.at
        if via_dc:
            dc_out = receipt.at - _hours(rng, 5, 30)
            dc_in = _at_hour(dc_out - timedelta(days=rng.randint(1, 8)), rng, 7, 21, dc)
            end = dc_in
        arrived = end - _hours(rng, 0.3, 2)
        local = receipt.city in GUANGDONG and factory.city in GUANGDONG and not via_dc
        depart = arrived - (_hours(rng, 2, 6) if local else _hours(rng, 16, 44))
        shipped = depart - _hours(rng, 2, 5)
        palletised = _at_hour(shipped - timedelta(days=rng.randint(1, 3)), rng, 8, 18, factory)
        inspected = _at_hour(palletised - timedelta(days=rng.randint(1, 5)), rng, 9, 17, lab)
        sampled = _at_hour(inspected - timedelta(days=rng.randint(1, 2)), rng, 9, 12, lab)
        tested = _at_hour(sampled - timedelta(days=1), rng, 8, 20, factory)
        made = tested - _hours(rng, 2, 10)
        batch.captures.append(CaptureGroup(factory.key, [
            _observe(made, factory, 1, "commissioning", "active", epcs=serials, quantities=[made_lot], action="ADD",
                     extra={"ilmd": {"cbvmda:lotNumber": lot, "cbvmda:countryOfOrigin": "CN"}}),
            _observe(tested, factory, 1, "inspecting", "conformant", epcs=serials, quantities=[made_lot]),
        ]))
        certificate = f"CCC{inspected:%Y}{self.next_number('ccc'):07d}"
        batch.captures.append(CaptureGroup(lab.key, [
            _observe(sampled, lab, 1, "sampling", None, epcs=serials[:1], place=b.location_id(factory.gln(1))),
            _observe(inspected, lab, 1, "inspecting", "conformant", epcs=serials[:1], quantities=[made_lot], extra={
                "certificationInfo": f"https://certs.pengcheng-lab.example/ccc/{certificate}",
                "bizTransactionList": [_btt("testres", lab, certificate)]}),
        ]))
        cartons = [self._sscc(factory) for _ in range(1 if receipt.quantity <= 20 else 2)]
        pallet = self._sscc(factory)
        packing = []
        for k, carton in enumerate(cartons):
            loose = rest // len(cartons) + (rest % len(cartons) if k == 0 else 0)
            packing.append(_aggregate(palletised - timedelta(minutes=40 - 15 * k), factory, 1, "ADD", carton,
                                      children=serials[k::len(cartons)],
                                      child_quantities=[b.quantity(lot_class, loose)] if loose else ()))
        order = f"PO{shipped:%y%m%d}{self.next_number('po'):04d}"
        first_stop = (dc, 1) if via_dc else (shop, receipt.site)
        batch.captures.append(CaptureGroup(factory.key, [
            *packing,
            _aggregate(palletised, factory, 1, "ADD", pallet, children=[b.sscc_id(c) for c in cartons]),
            _observe(shipped, factory, 1, "shipping", "in_transit", epcs=[b.sscc_id(pallet)], in_transit=True,
                     extra={**_route(factory, 1, *first_stop), "bizTransactionList": [_btt("po", shop, order)]}),
        ]))
        batch.captures.append(self._carry(carrier, pallet, depart, arrived, factory.city,
                                          dc.city if via_dc else receipt.city, "XF"))
        if via_dc:
            batch.captures.append(CaptureGroup(dc.key, [
                _observe(dc_in, dc, 1, "receiving", "in_progress", epcs=[b.sscc_id(pallet)]),
                _observe(dc_out, dc, 1, "shipping", "in_transit", epcs=[b.sscc_id(pallet)], in_transit=True,
                         extra={**_route(dc, 1, shop, receipt.site),
                                "bizTransactionList": [_btt("desadv", dc, order)]}),
            ]))
        batch.captures.append(self._shelve(receipt, pallet, serials, rest, lot))
        return batch

    def fruit(self, receipt: Receipt, origin: Origin) -> Batch:
        rng = self.rng
        orchard, carrier, shop = PARTY[origin.grower], PARTY["binglian"], PARTY[receipt.retailer]
        batch = Batch("fruit", receipt, receipt.lot)
        boxes = receipt.quantity + rng.randint(20, 240)
        field_kg = round(boxes * receipt.grams / 1000 * origin.yield_ratio * rng.uniform(0.97, 1.05), 1)
        # backwards from the shop's receipt
        arrived = receipt.at - _hours(rng, 0.3, 1.5)
        depart = arrived - (_hours(rng, 50, 72) if orchard.tz is not CST else _hours(rng, 14, 40))
        shipped = depart - _hours(rng, 0.3, 1)
        harvested = _at_hour(shipped - timedelta(hours=23), rng, 6, 9, orchard)  # picked in the morning
        packed = harvested + _hours(rng, 2, 4)
        cooled = packed + _hours(rng, 1, 3)
        palletised = cooled + _hours(rng, 3, 6)
        local_harvest = harvested.astimezone(orchard.tz)
        field_lot = f"F{local_harvest:%y%m%d}-{self.next_number('field:' + orchard.key):04d}"
        field = b.quantity(b.lot_id(orchard.gtin(1), field_lot), field_kg, "KGM")
        product = b.quantity(batch.subject, boxes)
        packhouse = b.location_id(orchard.gln(2))
        pallet = self._sscc(orchard)
        order = f"PO{shipped:%y%m%d}{self.next_number('po'):04d}"
        batch.captures.append(CaptureGroup(orchard.key, [
            _observe(harvested, orchard, 1, "commissioning", "active", quantities=[field], action="ADD", extra={
                "ilmd": {"cbvmda:countryOfOrigin": origin.country, "cbvmda:lotNumber": field_lot,
                         "cbvmda:harvestStartDate": f"{local_harvest:%Y-%m-%d}", "rdfs:comment": origin.produce}}),
            {**b.transformation_event(packed.astimezone(orchard.tz), inputs=[field], outputs=[product],
                                      biz_step="creating_class_instance", location=packhouse),
             "ilmd": {"cbvmda:lotNumber": batch.lot,
                      "cbvmda:bestBeforeDate": f"{receipt.at + timedelta(days=14):%Y-%m-%d}"}},
            _observe(cooled, orchard, 2, "storing", "in_progress", quantities=[product], extra=_readings(
                rng, packed, cooled, origin.cold, 1.5, f"urn:epc:id:giai:{orchard.prefix}.PC{rng.randint(1, 6)}",
                False, orchard.tz)),
            _aggregate(palletised, orchard, 2, "ADD", pallet,
                       child_quantities=[b.quantity(batch.subject, receipt.quantity)]),
            _observe(shipped, orchard, 2, "shipping", "in_transit", epcs=[b.sscc_id(pallet)], in_transit=True,
                     extra={**_route(orchard, 2, shop, receipt.site), "bizTransactionList": [_btt("po", shop, order)]}),
        ]))
        reefer = f"urn:epc:id:giai:{carrier.prefix}.RF{rng.randint(1, 80):03d}"
        haul = self._carry(carrier, pallet, depart, arrived, orchard.city, receipt.city, "BL")
        haul.events[0]["readPoint"] = {"id": packhouse}  # the reefer is loaded at the packhouse
        excursion, start = rng.random() < 0.12, depart
        journey = arrived - timedelta(minutes=5) - depart
        legs = -(-journey // timedelta(hours=36))
        for leg in range(legs):  # the logger reports at the end of each leg (at most 36 hours)
            end = (depart + journey * (leg + 1) / legs).replace(second=0, microsecond=0)
            readings = _readings(rng, start, end, origin.cold, 3, reefer, excursion and start == depart)
            haul.events.insert(-1, _observe(end, carrier, 0, "transporting", "in_transit", epcs=[b.sscc_id(pallet)],
                                            in_transit=True, place="", extra=readings))
            start = end
        batch.captures.append(haul)
        shelve = self._shelve(receipt, pallet)
        inspect_at = self._after_receipt(receipt, 0.5)
        core = round(rng.uniform(origin.cold[0] + 0.3, origin.cold[1] - 0.2), 1)
        probe = {"sensorMetadata": {"deviceID": f"urn:epc:id:giai:{shop.prefix}.QC{receipt.site}"},
                 "sensorReport": [{"type": "Temperature", "value": core, "uom": "CEL",
                                   "time": inspect_at.isoformat(timespec="seconds")}]}
        shelve.events.insert(1, _observe(inspect_at, shop, receipt.site, "inspecting", "conformant",
                                         epcs=[b.sscc_id(pallet)], extra={"sensorElementList": [probe]}))
        batch.captures.append(shelve)
        return batch
