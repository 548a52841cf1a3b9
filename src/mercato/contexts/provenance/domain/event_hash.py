"""The GS1 CBV 2.0 "EPCIS Event Hash ID": one fingerprint per EPCIS event, whatever its serialisation.

Two captures of the same event — JSON key order, list order, namespace prefixes, EPC URN versus Digital Link,
time-zone offset, '1.0' versus '1' — must get the same id, and any change of content a different one. The event is
written as a canonical pre-hash string: standard fields in the CBV canonical property order as 'key=value' (parents
as their bare key), list items and extension fields sorted, values canonicalised (hash_canonical); the id is
ni:///sha-256;<hex>?ver=CBV2.0 (RFC 6920) over its UTF-8 bytes.

Not hashed: eventID and recordTime (assigned downstream; eventID may itself be this hash), errorDeclaration (added
later to the very event it corrects, whose id must not move), rdfs:comment (annotation, not content), and fields a
repository declares to ignore (see document_ignore_fields).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from typing import Any, Final

from mercato.contexts.provenance.domain.hash_canonical import (
    canonical_iri,
    canonical_number,
    canonical_number_text,
    canonical_timestamp,
    canonical_vocabulary,
    key_label,
)
from mercato.contexts.provenance.domain.hash_vocabulary import (
    BIZ_STEPS,
    BIZ_TRANSACTION_TYPES,
    COMPONENTS,
    DISPOSITIONS,
    MEASUREMENT_TYPES,
    SENSOR_ALERT_TYPES,
    SOURCE_DESTINATION_TYPES,
    context_prefixes,
    merge_namespaces,
)

HASH_VERSION: Final = "CBV2.0"
NOT_HASHED_EVENT_FIELDS: Final = frozenset({"type", "eventID", "recordTime", "errorDeclaration"})
"""Event fields left out of the pre-hash ('type' is written first, as eventType)."""

_COMMENT_KEYS: Final = ("rdfs:comment", "comment", "http://www.w3.org/2000/01/rdf-schema#comment")


class Kind(Enum):
    """How a standard field's value is canonicalised."""

    IRI = "iri"  # identifiers and URIs: CURIE / CBV URN / EPC URN / Digital Link normalisation
    TEXT = "text"  # literal, only trimmed
    TIME = "time"  # xsd:dateTimeStamp → UTC, milliseconds
    NUMBER = "number"  # xsd:double / decimal → no trailing zeros
    VOCAB = "vocab"  # CBV / GS1 vocabulary: bare term → Web URI, else as IRI


_NO_TERMS: Final[Mapping[str, str]] = MappingProxyType({})


@dataclass(frozen=True)
class Leaf:
    """A field holding a value (or a list of values, each written 'key=value', sorted)."""

    key: str
    kind: Kind = Kind.IRI
    terms: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Group:
    """A JSON object: its label, its standard fields in canonical order, then its extension fields sorted."""

    key: str
    fields: tuple[Spec, ...]
    label: str | None = None
    not_hashed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Items:
    """A JSON array: its label, then its items each rendered, sorted."""

    key: str
    item: Leaf | Group
    label: str | None = None


Spec = Leaf | Group | Items


def _label(spec: Group | Items) -> str:
    return spec.key if spec.label is None else spec.label


_EPC: Final = Leaf("epc")
_QUANTITY: Final = Group("quantityElement", (Leaf("epcClass"), Leaf("quantity", Kind.NUMBER), Leaf("uom", Kind.TEXT)))
_TIME = Leaf("time", Kind.TIME)
_NUM, _TEXT = Kind.NUMBER, Kind.TEXT
_SENSOR_METADATA: Final = Group(
    "sensorMetadata",
    (_TIME, Leaf("startTime", Kind.TIME), Leaf("endTime", Kind.TIME), Leaf("deviceID"), Leaf("deviceMetadata"),
     Leaf("rawData"), Leaf("dataProcessingMethod"), Leaf("bizRules")),
)  # fmt: skip
_SENSOR_REPORT: Final = Group(
    "sensorReport",
    (Leaf("type", Kind.VOCAB, MEASUREMENT_TYPES), Leaf("exception", Kind.VOCAB, SENSOR_ALERT_TYPES),
     Leaf("deviceID"), Leaf("deviceMetadata"), Leaf("rawData"), Leaf("dataProcessingMethod"), Leaf("bizRules"), _TIME,
     Leaf("microorganism"), Leaf("chemicalSubstance"), Leaf("value", _NUM),
     Leaf("component", Kind.VOCAB, COMPONENTS), Leaf("stringValue", _TEXT), Leaf("booleanValue", _TEXT),
     Leaf("hexBinaryValue", _TEXT), Leaf("uriValue"), Leaf("minValue", _NUM), Leaf("maxValue", _NUM),
     Leaf("meanValue", _NUM), Leaf("sDev", _NUM), Leaf("percRank", _NUM), Leaf("percValue", _NUM),
     Leaf("uom", _TEXT), Leaf("coordinateReferenceSystem")),
)  # fmt: skip
"""bizRules (EPCIS 2.0.1 allows it on a report too) sits after dataProcessingMethod, as in sensorMetadata."""


def _typed_list(key: str, item_key: str, types: Mapping[str, str]) -> Items:
    """bizTransactionList / sourceList / destinationList: items unlabelled, 'type=…' before the identifier."""
    return Items(key, Group(item_key, (Leaf("type", Kind.VOCAB, types), Leaf(item_key)), label=""))


EVENT_ORDER: Final = Group(
    "",
    (Leaf("eventTime", Kind.TIME), Leaf("eventTimeZoneOffset", Kind.TEXT), Leaf("certificationInfo"),
     Items("epcList", _EPC), Leaf("parentID"), Items("inputEPCList", _EPC), Items("childEPCs", _EPC),
     Items("quantityList", _QUANTITY), Items("childQuantityList", _QUANTITY), Items("inputQuantityList", _QUANTITY),
     Items("outputEPCList", _EPC), Items("outputQuantityList", _QUANTITY), Leaf("action", Kind.TEXT),
     Leaf("transformationID"), Leaf("bizStep", Kind.VOCAB, BIZ_STEPS),
     Leaf("disposition", Kind.VOCAB, DISPOSITIONS),
     Group("persistentDisposition",
           (Leaf("set", Kind.VOCAB, DISPOSITIONS), Leaf("unset", Kind.VOCAB, DISPOSITIONS))),
     Group("readPoint", (Leaf("id"),)), Group("bizLocation", (Leaf("id"),)),
     _typed_list("bizTransactionList", "bizTransaction", BIZ_TRANSACTION_TYPES),
     _typed_list("destinationList", "destination", SOURCE_DESTINATION_TYPES),
     _typed_list("sourceList", "source", SOURCE_DESTINATION_TYPES),
     Items("sensorElementList", Group("sensorElement", (_SENSOR_METADATA, Items("sensorReport", _SENSOR_REPORT, "")))),
     Group("ilmd", ())),
    not_hashed=NOT_HASHED_EVENT_FIELDS,
)  # fmt: skip
"""The CBV 2.0 canonical property order, with two placements taken from the authoritative reference vectors where
they differ from the standard's table: certificationInfo follows eventTimeZoneOffset, and destinationList precedes
sourceList. Event-level extension fields follow, sorted; ILMD holds nothing but extension fields."""


@dataclass(frozen=True)
class _Scope:
    """What a walk over one event needs: the namespace prefixes in force and the field labels not to hash."""

    namespaces: Mapping[str, str]
    ignored: frozenset[str]

    def hashes(self, key: str) -> bool:
        return not key.startswith("@") and key_label(key, self.namespaces) not in self.ignored


def _scalar(value: object, leaf: Leaf, scope: _Scope) -> str:
    if isinstance(value, Mapping):
        value = value.get("@value", value.get("@id"))
    if value is None or isinstance(value, (Mapping, list)):
        return ""
    if isinstance(value, (bool, int, float)):
        return canonical_number(value)
    text = str(value)
    if leaf.kind is Kind.TIME:
        return canonical_timestamp(text.strip())
    if leaf.kind is Kind.NUMBER:
        return canonical_number_text(text)
    if leaf.kind is Kind.TEXT:
        return text.strip()
    if leaf.kind is Kind.VOCAB:
        return canonical_vocabulary(text, leaf.terms or _NO_TERMS, scope.namespaces)
    return canonical_iri(text, scope.namespaces)


def _render(spec: Spec, value: object, scope: _Scope) -> str:
    """The pre-hash substring of one standard field ('' when it carries nothing)."""
    if isinstance(spec, Leaf):
        values = value if isinstance(value, list) else [value]
        return "".join(sorted(f"{spec.key}={text}" for v in values if (text := _scalar(v, spec, scope))))
    if isinstance(spec, Items):
        values = value if isinstance(value, list) else [value]
        items = sorted(text for v in values if (text := _render(spec.item, v, scope)))
        return _label(spec) + "".join(items) if items else ""
    if not isinstance(value, Mapping):
        return "".join(sorted(_extension_entries(_label(spec), value, scope)))
    known = {field.key for field in spec.fields} | spec.not_hashed
    body = "".join(_render(field, value[field.key], scope) for field in spec.fields if field.key in value)
    body += _extensions(value, scope, known)
    return _label(spec) + body if body else ""


def _extensions(obj: Mapping[str, Any], scope: _Scope, known: Iterable[str] = ()) -> str:
    """All non-standard fields of an object, each '{ns}name=value' (or '{ns}name' + its children), sorted."""
    skip = set(known)
    entries = [
        entry
        for key, value in obj.items()
        if key not in skip and scope.hashes(key)
        for entry in _extension_entries(key_label(key, scope.namespaces), value, scope)
    ]
    return "".join(sorted(entries))


def _extension_entries(label: str, value: object, scope: _Scope) -> list[str]:
    """Entries of one extension field: a list value gives one entry per item, sorted with its siblings."""
    if isinstance(value, list):
        return [entry for item in value for entry in _extension_entries(label, item, scope)]
    if isinstance(value, Mapping) and "@value" not in value and ("@id" not in value or _has_fields(value)):
        return [label + _extensions(value, scope)]
    text = _scalar(value, Leaf(label), scope)
    return [f"{label}={text}" if text else label]


def _has_fields(obj: Mapping[str, Any]) -> bool:
    return any(not key.startswith("@") for key in obj)


def event_prehash(
    event: Mapping[str, Any], *, context: Mapping[str, str] | None = None, ignore_fields: Iterable[str] = ()
) -> str:
    """The canonical pre-hash string of one EPCIS 2.0 event in JSON/JSON-LD form.

    `context` maps the document's namespace prefixes to IRIs (document_namespaces); the standard EPCIS prefixes
    (gs1, cbv, epcis, …) and the event's own @context apply without it. `ignore_fields` names extension fields
    (CURIE or IRI) a repository agreed to leave out; rdfs:comment is always left out.
    """
    namespaces = merge_namespaces(context, context_prefixes(event.get("@context")))
    ignored = frozenset(key_label(field, namespaces) for field in (*_COMMENT_KEYS, *ignore_fields))
    scope = _Scope(namespaces, ignored)
    event_type = event.get("type")
    head = f"eventType={canonical_iri(event_type, namespaces)}" if isinstance(event_type, str) else ""
    return head + _render(EVENT_ORDER, event, scope)


def hash_id_of_prehash(prehash: str) -> str:
    """The RFC 6920 'ni' URI of a pre-hash string: SHA-256 of its UTF-8 bytes, tagged with the CBV version."""
    return f"ni:///sha-256;{hashlib.sha256(prehash.encode('utf-8')).hexdigest()}?ver={HASH_VERSION}"


def event_hash_id(
    event: Mapping[str, Any], *, context: Mapping[str, str] | None = None, ignore_fields: Iterable[str] = ()
) -> str:
    """The EPCIS Event Hash ID of one event: ni:///sha-256;<hex>?ver=CBV2.0 (arguments as for event_prehash)."""
    return hash_id_of_prehash(event_prehash(event, context=context, ignore_fields=ignore_fields))


def document_namespaces(document: Mapping[str, Any]) -> dict[str, str]:
    """Prefix → IRI declarations of a document's (or an event's) @context, for expanding CURIE keys and values.

    Remote context URLs are not fetched; the EPCIS 2.0 context's own prefixes are built in (hash_vocabulary).
    """
    return context_prefixes(document.get("@context"))


def document_events(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The events of an EPCISDocument (epcisBody.eventList or .event) or EPCISQueryDocument, in document order."""
    body = document.get("epcisBody") or {}
    results = (body.get("queryResults") or {}).get("resultsBody") or {}
    for holder in (body, results):
        if isinstance(holder.get("eventList"), list):
            return list(holder["eventList"])
        if isinstance(holder.get("event"), Mapping):
            return [holder["event"]]
    return []


def document_ignore_fields(document: Mapping[str, Any]) -> tuple[str, ...]:
    """Fields a repository declared not to hash, via a '<prefix>:ignoreFields' list on the document, its body or
    its query results (the reference generator's convention: repository bookkeeping such as a stored hash)."""
    body = document.get("epcisBody") or {}
    holders = (document, body, body.get("queryResults") or {})
    return tuple(
        str(field)
        for holder in holders
        for key, value in holder.items()
        if (key == "ignoreFields" or key.endswith((":ignoreFields", "/ignoreFields"))) and isinstance(value, list)
        for field in value
    )


def document_event_hash_ids(document: Mapping[str, Any], *, honour_ignore_fields: bool = False) -> list[str]:
    """Hash ids of every event of a document, in document order, with the document's namespace prefixes.

    A document's own ignoreFields list is honoured only on request: otherwise a sender could exempt content from
    the fingerprint that is meant to pin it down.
    """
    namespaces = document_namespaces(document)
    ignored = document_ignore_fields(document) if honour_ignore_fields else ()
    return [event_hash_id(event, context=namespaces, ignore_fields=ignored) for event in document_events(document)]
