"""JSON-LD names in EPCIS documents: which prefixes a @context declares, and whether a name or IRI is namespaced.

EPCIS 2.0 lets users add fields and values of their own, but only under a namespace: a CURIE ("ex:foo") whose
prefix the @context declares, or an absolute IRI. A bare unknown name would silently vanish (or change meaning)
under JSON-LD expansion, so it is rejected. Remote contexts are never fetched: the GS1 EPCIS context is known
(its prefixes are listed below); any other remote context declares nothing we can see.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
_EPCIS_CONTEXT_URL = re.compile(
    r"https://ref\.gs1\.org/standards/epcis/(?:[0-9]+(?:\.[0-9]+)*/)?epcis-context\.jsonld"
    r"|https://gs1\.github\.io/EPCIS/epcis-context\.jsonld"
)
# The prefixes the GS1 EPCIS 2.0 JSON-LD context defines (it marks them @protected: no document may redefine them).
STANDARD_PREFIXES: Mapping[str, str] = {
    "epcis": "https://ref.gs1.org/epcis/",
    "cbv": "https://ref.gs1.org/cbv/",
    "cbvmda": "urn:epcglobal:cbv:mda:",
    "gs1": "https://gs1.org/voc/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
}
JSONLD_KEYWORDS = frozenset({
    "@base", "@container", "@context", "@direction", "@graph", "@id", "@import", "@included", "@index", "@json",
    "@language", "@list", "@nest", "@none", "@prefix", "@propagate", "@protected", "@reverse", "@set", "@type",
    "@value", "@version", "@vocab",
})
# Schemes a member name may use without a declared prefix (IANA-registered, seen in EPCIS data).
KNOWN_SCHEMES = frozenset({
    "http", "https", "urn", "tag", "ni", "nih", "geo", "mailto", "did", "ftp", "sftp", "file", "data", "tel", "info",
    "ldap", "dns", "ws", "wss", "coap", "coaps",
})
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")
_FORBIDDEN_IN_IRI = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f\x7f]")


def is_epcis_context(value: Any) -> bool:
    return isinstance(value, str) and _EPCIS_CONTEXT_URL.fullmatch(value) is not None


def _entries(context: Any) -> list[Any]:
    return list(context) if isinstance(context, list) else [context]


def references_epcis_context(context: Any) -> bool:
    """Does this @context (string, object or array) include the GS1 EPCIS 2.0 JSON-LD context?"""
    return any(is_epcis_context(entry) for entry in _entries(context))


def declared_namespaces(context: Any, inherited: Mapping[str, str] | None = None) -> dict[str, str]:
    """Term -> IRI for every term a @context declares (prefixes included), on top of `inherited`.

    Referencing the GS1 EPCIS context declares its standard prefixes (epcis, cbv, cbvmda, gs1, ...).
    """
    namespaces = dict(inherited or {})
    for entry in _entries(context):
        if is_epcis_context(entry):
            namespaces.update(STANDARD_PREFIXES)
        elif isinstance(entry, Mapping):
            for term, definition in entry.items():
                iri = definition.get("@id") if isinstance(definition, Mapping) else definition
                if isinstance(term, str) and not term.startswith("@") and isinstance(iri, str):
                    namespaces[term] = iri
    return namespaces


def _split(value: str) -> tuple[str, str] | None:
    scheme, colon, rest = value.partition(":")
    return (scheme, rest) if colon and _SCHEME.fullmatch(scheme) else None


def expand(value: str, namespaces: Mapping[str, str]) -> str | None:
    """The absolute IRI a CURIE or IRI stands for (a declared prefix is expanded); None for a bare term."""
    parts = _split(value)
    if parts is None:
        return None
    prefix, rest = parts
    return namespaces[prefix] + rest if prefix in namespaces and not rest.startswith("//") else value


def iri_problem(value: str) -> str | None:
    """Why `value` is no absolute IRI (RFC 3987 syntax; a CURIE has that shape too), or None when it is one.

    A value such as "example:x" is an IRI whatever its scheme (GS1's own examples use such values), so values,
    unlike member names, are not required to use a declared prefix; a declared one is expanded, though.
    """
    if not value:
        return "is empty"
    if _FORBIDDEN_IN_IRI.search(value):
        return "contains characters not allowed in an IRI (whitespace, quotes, <>, ...)"
    parts = _split(value)
    if parts is None:
        return "is not an absolute URI (it has no scheme) nor a CURIE"
    if not parts[1]:
        return "has nothing after its scheme"
    return None


def name_problem(name: str, namespaces: Mapping[str, str]) -> str | None:
    """Why an extension member name is not properly namespaced, or None when it is (or is a declared term).

    A name must be a declared term, a CURIE with a declared prefix, or an IRI of a well-known scheme: "ex:foo"
    with "ex" undeclared is almost always a forgotten @context entry, and would expand to the IRI "ex:foo".
    """
    if name.startswith("@"):
        return None if name in JSONLD_KEYWORDS else "is not a JSON-LD keyword"
    parts = _split(name)
    if parts is None:
        return None if name in namespaces else "has no namespace prefix declared in @context"
    prefix, rest = parts
    if prefix in namespaces or prefix.lower() in KNOWN_SCHEMES or rest.startswith("//"):
        return None
    return f"uses the prefix '{prefix}', which no @context declares"
