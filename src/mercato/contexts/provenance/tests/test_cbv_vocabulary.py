"""The CBV 2.0 / GS1 Web Vocabulary code lists written down as Python data: they match the ratified schema shipped
with the package, GS1's JSON-LD contexts (when ../shared is present), and every accepted spelling of a standard
value canonicalises to its GS1 Web URI."""

from __future__ import annotations

import json
from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mercato.contexts.provenance.domain.cbv_vocabulary import (
    VOCABULARIES,
    CbvKind,
    canonical_cbv,
    in_standard_namespace,
    is_standard,
    standard_term,
)
from mercato.contexts.provenance.domain.epcis_schema import epcis_schema
from mercato.contexts.provenance.tests.conftest import gs1_data_or_skip

KINDS: tuple[CbvKind, ...] = get_args(CbvKind)
SCHEMA_ENUMS = {"bizStep": "bizStep", "disposition": "disposition", "bizTransactionType": "bizTransaction-type",
                "sourceDestType": "source-dest-type", "errorReason": "error-reason", "component": "component",
                "measurementType": "measurementType", "sensorAlertType": "sensorAlertType"}
SIZES = {"bizStep": 41, "disposition": 33, "bizTransactionType": 13, "sourceDestType": 3, "errorReason": 2,
         "component": 14, "measurementType": 72, "sensorAlertType": 2}
CONTEXT_FILES = {"bizStep": "cbv-context-bizstep.jsonld", "disposition": "cbv-context-disposition.jsonld",
                 "bizTransactionType": "cbv-context-biztransaction-type.jsonld",
                 "sourceDestType": "cbv-context-sourcedest-type.jsonld",
                 "errorReason": "cbv-context-error-reason.jsonld", "component": "cbv-context-component.jsonld",
                 "measurementType": "gs1-context-measurement-type.jsonld",
                 "sensorAlertType": "gs1-context-sensor-alert-type.jsonld"}


def test_every_kind_has_a_vocabulary_of_the_standard_size() -> None:
    assert set(VOCABULARIES) == set(KINDS)
    assert {kind: len(vocabulary.terms) for kind, vocabulary in VOCABULARIES.items()} == SIZES


@pytest.mark.parametrize("kind", KINDS)
def test_terms_are_exactly_the_enums_of_the_ratified_schema(kind: CbvKind) -> None:
    definition = epcis_schema()["definitions"][SCHEMA_ENUMS[kind]]
    enums = [branch["enum"] for branch in definition["anyOf"] if "enum" in branch]
    assert VOCABULARIES[kind].terms == frozenset(enums[0])


@pytest.mark.parametrize("kind", KINDS)
def test_terms_and_canonical_uris_match_the_gs1_json_ld_contexts(kind: CbvKind) -> None:
    path = gs1_data_or_skip("epcis-gs1-official", "jsonld-context", CONTEXT_FILES[kind])
    context = json.loads(path.read_text(encoding="utf-8"))["@context"]
    prefixes = {name: iri for name, iri in context.items() if name in ("cbv", "gs1")}
    terms = {name: value for name, value in context.items() if not name.startswith("@") and name not in prefixes}
    assert set(terms) == VOCABULARIES[kind].terms
    for term, curie in terms.items():
        prefix, _, rest = curie.partition(":")
        assert canonical_cbv(kind, term) == prefixes[prefix] + rest


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("bizStep", "shipping"),
        ("bizStep", "https://ref.gs1.org/cbv/BizStep-shipping"),
        ("bizStep", "cbv:BizStep-shipping"),
        ("bizStep", "urn:epcglobal:cbv:bizstep:shipping"),
        ("disposition", "urn:epcglobal:cbv:disp:in_transit"),
        ("bizTransactionType", "https://ref.gs1.org/cbv/BTT-po"),
        ("sourceDestType", "urn:epcglobal:cbv:sdt:owning_party"),
        ("errorReason", "cbv:ER-did_not_occur"),
        ("component", "https://ref.gs1.org/cbv/Comp-latitude"),
        ("measurementType", "gs1:Temperature"),
        ("sensorAlertType", "https://gs1.org/voc/ALARM_CONDITION"),
    ],
)
def test_every_spelling_of_a_standard_value_is_standard(kind: CbvKind, value: str) -> None:
    assert is_standard(kind, value)
    assert canonical_cbv(kind, value).startswith(("https://ref.gs1.org/cbv/", "https://gs1.org/voc/"))


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("bizStep", "transforming"),
        ("bizStep", "Shipping"),
        ("bizStep", "BizStep-shipping"),
        ("bizStep", "https://ref.gs1.org/cbv/BizStep-transforming"),
        ("bizStep", "https://ref.gs1.org/cbv/Disp-in_transit"),
        ("bizStep", "urn:epcglobal:cbv:disp:shipping"),
        ("disposition", "in_transport"),
        ("component", "urn:epcglobal:cbv:comp:x"),
        ("measurementType", "Molar_concentration"),
        ("sensorAlertType", "ALARM"),
        ("bizStep", ""),
    ],
)
def test_non_standard_values_are_not_standard(kind: CbvKind, value: str) -> None:
    assert not is_standard(kind, value)
    with pytest.raises(ValueError, match="is not a"):
        canonical_cbv(kind, value)


@pytest.mark.parametrize("kind", KINDS)
def test_all_spellings_of_every_term_canonicalise_to_the_web_uri(kind: CbvKind) -> None:
    vocabulary = VOCABULARIES[kind]
    for term in vocabulary.terms:
        forms = vocabulary.spellings(term)
        assert forms[0] == vocabulary.web_prefix + term
        assert {canonical_cbv(kind, form) for form in forms} == {forms[0]}
        assert {standard_term(kind, form) for form in forms} == {term}


def test_the_standard_namespace_is_recognised_even_for_unknown_terms() -> None:
    assert in_standard_namespace("bizStep", "https://ref.gs1.org/cbv/BizStep-transforming")
    assert in_standard_namespace("bizStep", "urn:epcglobal:cbv:bizstep:transforming")
    assert in_standard_namespace("measurementType", "https://gs1.org/voc/Foo")
    assert not in_standard_namespace("bizStep", "https://ref.gs1.org/cbv/my_own_step")
    assert not in_standard_namespace("sourceDestType", "https://example.com/SDT-place")


@given(st.sampled_from(KINDS), st.text(max_size=30))
def test_a_string_is_standard_exactly_when_it_spells_a_known_term(kind: CbvKind, value: str) -> None:
    vocabulary = VOCABULARIES[kind]
    spelled = {form for term in vocabulary.terms for form in vocabulary.spellings(term)}
    assert is_standard(kind, value) == (value in spelled)
