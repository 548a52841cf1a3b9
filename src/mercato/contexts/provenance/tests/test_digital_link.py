"""GS1 Digital Link parsing and generation agree with every GS1 Syntax Engine vector (with each case's parser options),
round-trip for any valid GTIN/lot/serial, and reject any GTIN with one digit changed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mercato.contexts.provenance.domain.check_digits import CSET82, mod10_check_digit
from mercato.contexts.provenance.domain.digital_link import (
    DigitalLink,
    DigitalLinkError,
    digital_link_for,
    generate_digital_link,
    gtin14,
    parse_bracketed_ai,
    parse_digital_link,
    parse_element_string,
    uri_escape,
    uri_unescape,
)
from mercato.contexts.provenance.tests.conftest import GS1_DATA, gs1_data_or_skip

VECTORS = GS1_DATA / "digital-link" / "dl_uri_test_vectors.json"
EXPECTED_COUNTS = {"parse_dl_uri": 120, "generate_dl_uri": 25, "uri_unescape": 21}


def _cases(group: str) -> list[Any]:
    if not VECTORS.is_file():
        return [pytest.param(None, id="no-shared-data", marks=pytest.mark.skip(reason=f"{VECTORS} is absent"))]
    cases = json.loads(VECTORS.read_text())[group]
    return [pytest.param(case, id=f"{index}-{str(case.get('uri', case.get('in', '')))[:60]}") for index, case in
            enumerate(cases)]  # fmt: skip


def _parse_options(options: dict[str, bool]) -> dict[str, bool]:
    """The engine's non-default flags recorded per case, as parse_digital_link keywords."""
    known = {"permitConvenienceAlphas", "permitZeroSuppressedGTINinDLuris", "permitUnknownAIs",
             "validate_unknownAINotDLattr"}  # fmt: skip
    assert set(options) <= known, f"unmapped option in the vectors: {set(options) - known}"
    return {
        "permit_convenience_alphas": options.get("permitConvenienceAlphas", False),
        "permit_zero_suppressed_gtin": options.get("permitZeroSuppressedGTINinDLuris", False),
        "permit_unknown_ais": options.get("permitUnknownAIs", False),
        "permit_unknown_ai_attributes": not options.get("validate_unknownAINotDLattr", True),
    }


def test_every_vector_is_collected() -> None:
    vectors = json.loads(gs1_data_or_skip("digital-link", "dl_uri_test_vectors.json").read_text())
    assert {group: len(vectors[group]) for group in EXPECTED_COUNTS} == EXPECTED_COUNTS
    assert {group: len(_cases(group)) for group in EXPECTED_COUNTS} == EXPECTED_COUNTS


@pytest.mark.parametrize("case", _cases("parse_dl_uri"))
def test_parse_vectors(case: dict[str, Any]) -> None:
    options = _parse_options(case.get("options", {}))
    if not case["valid"]:
        with pytest.raises(DigitalLinkError):
            parse_digital_link(case["uri"], **options)
        return
    link = parse_digital_link(case["uri"], **options)
    assert link.element_string() == case["expected_element_string"]
    if not options["permit_unknown_ais"]:  # an element string cannot delimit an AI whose length nobody knows
        assert parse_element_string(link.element_string()) == link.elements


@pytest.mark.parametrize("case", _cases("generate_dl_uri"))
def test_generate_vectors(case: dict[str, Any]) -> None:
    options = _parse_options(case.get("options", {}))
    unknown = {key: options[key] for key in ("permit_unknown_ais", "permit_unknown_ai_attributes")}
    if "input_dl_uri" in case:
        ai_data: Any = parse_digital_link(case["input_dl_uri"])
    elif "ai_data_scan" in case:
        ai_data = parse_element_string(case["ai_data_scan"])
    else:
        ai_data = case["ai_data"]
    if not case["valid"]:
        with pytest.raises(DigitalLinkError):
            generate_digital_link(ai_data, stem=case["stem"], **unknown)
        return
    uri = generate_digital_link(ai_data, stem=case["stem"], **unknown)
    assert uri == case["expected_uri"]
    if uri.startswith("https://"):  # what we generate, we parse back to the same AI data
        again = parse_digital_link(uri, **options)
        given = ai_data.elements if isinstance(ai_data, DigitalLink) else ai_data
        if isinstance(given, str):
            given = parse_bracketed_ai(given, permit_unknown_ais=options["permit_unknown_ais"])
        assert set(again.elements) == set(given)


@pytest.mark.parametrize("case", _cases("uri_unescape"))
def test_uri_unescape_vectors(case: dict[str, str]) -> None:
    assert uri_unescape(case["in"]) == case["expected_path_component"]
    assert uri_unescape(case["in"], query=True) == case["expected_query_component"]


def test_percent_encoded_nul_is_refused() -> None:
    with pytest.raises(DigitalLinkError, match="NUL"):
        uri_unescape("A%00B")


def test_a_parsed_link_exposes_its_parts() -> None:
    link = parse_digital_link(
        "https://brand.example.com/some/stem/01/09520123456788/10/ABC%2F1/21/12345?17=251231&linkType=gs1:pip#x"
    )
    assert link.stem == "https://brand.example.com/some/stem"
    assert link.host == "brand.example.com"
    assert link.primary_key == ("01", "09520123456788")
    assert link.path == (("01", "09520123456788"), ("10", "ABC/1"), ("21", "12345"))
    assert link.attributes == (("17", "251231"),)
    assert link.other_query == ("linkType=gs1:pip",)
    assert (link.get("10"), link.get("17"), link.get("22")) == ("ABC/1", "251231", None)
    assert link.element_string() == "^010952012345678810ABC/1^2112345^17251231"
    assert {element.ai: element.value for element in link.attributes} == {"17": "251231"}
    assert DigitalLink("https://a", (("01", "09520123456788"),)).primary_key.value == "09520123456788"
    assert generate_digital_link(link, stem=link.stem) == (
        "https://brand.example.com/some/stem/01/09520123456788/10/ABC%2F1/21/12345?17=251231"
    )


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("https://id.gs1.org/01/12312312312334", r"^AI \(01\) check digit is wrong: expected 3$"),
        ("https://id.gs1.org/01/09520123456788/10/ABC?17=251301", r"AI \(17\) has an invalid month 13"),
        ("https://id.gs1.org/01/09520123456788?10=ABC", r"AI \(10\) belongs in the path"),
        ("https://id.gs1.org/01/09520123456788/235/X/21/Y", r"path /01/09520123456788/235/X/21/Y is not a valid"),
        ("https://id.gs1.org/01/09520123456788?21=X", r"AI \(21\) is not permitted as a Digital Link data attribute"),
        ("https://id.gs1.org/01/09520123456788/21/A?235=X", r"AI \(235\) is not permitted"),
        ("https://id.gs1.org/00/006141411234567890?10=ABC", r"AI \(10\) requires one of \(01\)"),
        ("https://id.gs1.org/01/09520123456788/10/A%20B", r"AI \(10\) has an invalid character ' '"),
        ("https://id.gs1.org/01/09520123456788/10/A%5EB", r"AI \(10\) value contains '\^'"),
        ("https://id.gs1.org/01/09520123456788?255=0952012345672", r"AI \(01\) may not be used together with"),
        ("https://shop.example/products/42", "no GS1 Digital Link primary key found in the path '/products/42'"),
        ("https://id.gs1.org/01/09520123456788 ", "illegal character ' ' at position 37"),
    ],
)
def test_errors_name_the_offending_part(uri: str, message: str) -> None:
    with pytest.raises(DigitalLinkError, match=message):
        parse_digital_link(uri)


def test_generation_orders_the_path_and_the_query() -> None:
    gtin = ("01", "09520123456788")
    pairs = [("17", "251231"), ("21", "S/1%2"), ("99", "A+B"), ("10", "L+1"), ("3103", "000195"), gtin]
    assert generate_digital_link(pairs) == (
        "https://id.gs1.org/01/09520123456788/10/L%2B1/21/S%2F1%252?17=251231&3103=000195&99=A%2BB"
    )
    assert generate_digital_link("(01)09520123456788(10)A\\(1)", stem="https://example.com/") == (
        "https://example.com/01/09520123456788/10/A%281%29"
    )
    with pytest.raises(DigitalLinkError, match=r"AI \(10\) is given twice with different values"):
        generate_digital_link([("01", "09520123456788"), ("10", "A"), ("10", "B")])
    with pytest.raises(DigitalLinkError, match=r"AI \(01\) check digit is wrong: expected 8"):
        generate_digital_link("(01)09520123456780")
    with pytest.raises(DigitalLinkError, match=r"unknown AI \(89\)"):
        generate_digital_link("(01)09520123456788(89)X")
    with pytest.raises(DigitalLinkError, match="expected '\\(AI\\)' at position 1"):
        generate_digital_link("01)09520123456788")


def test_gtin14_pads_and_checks() -> None:
    assert gtin14("02345673") == "00000002345673"
    assert gtin14("416000336108") == "00416000336108"
    assert gtin14("9520123456788") == "09520123456788"
    assert gtin14("09520123456788") == "09520123456788"
    with pytest.raises(DigitalLinkError, match="GTIN 9520123456781 check digit is wrong: expected 8"):
        gtin14("9520123456781")
    for bad in ("", "1234567", "123456789", "095201234567888", "952012345678８", " 9520123456788"):
        with pytest.raises(DigitalLinkError, match="must be 8, 12, 13 or 14 digits"):
            gtin14(bad)


def test_digital_link_for_the_platform() -> None:
    assert digital_link_for(host="shop.example", gtin="9520123456788") == "https://shop.example/01/09520123456788"
    assert digital_link_for(host="shop.example:8443", gtin="02345673", lot="L&1", serial="S/1") == (
        "https://shop.example:8443/01/00000002345673/10/L%261/21/S%2F1"
    )
    assert digital_link_for(host="shop.example", gtin="9520123456788", serial="7") == (
        "https://shop.example/01/09520123456788/21/7"
    )
    for host in ("", "https://shop.example", "shop.example/x", "shop_example", "shöp.example"):
        with pytest.raises(DigitalLinkError, match="is not a domain name"):
            digital_link_for(host=host, gtin="9520123456788")
    with pytest.raises(DigitalLinkError, match=r"AI \(10\) value is too long"):
        digital_link_for(host="shop.example", gtin="9520123456788", lot="L" * 21)
    with pytest.raises(DigitalLinkError, match=r"AI \(21\) value is empty"):
        digital_link_for(host="shop.example", gtin="9520123456788", serial="")


def test_opt_in_legacy_forms() -> None:
    uri = "https://a/gtin/9520123456788/lot/ABC"
    with pytest.raises(DigitalLinkError):
        parse_digital_link(uri, permit_convenience_alphas=True)  # GTIN-13 still needs the zero-suppression option
    link = parse_digital_link(uri, permit_convenience_alphas=True, permit_zero_suppressed_gtin=True)
    assert link.path == (("01", "09520123456788"), ("10", "ABC"))
    assert generate_digital_link(link, stem="https://a") == "https://a/01/09520123456788/10/ABC"


gtins = st.text(alphabet="0123456789", min_size=13, max_size=13).map(lambda body: body + mod10_check_digit(body))
cset82_values = st.text(alphabet=CSET82, min_size=1, max_size=20)


@given(gtin=gtins, lot=st.none() | cset82_values, serial=st.none() | cset82_values)
def test_generate_then_parse_round_trips(gtin: str, lot: str | None, serial: str | None) -> None:
    uri = digital_link_for(host="id.example.com", gtin=gtin, lot=lot, serial=serial)
    link = parse_digital_link(uri)
    expected = (("01", gtin),) + ((("10", lot),) if lot is not None else ()) + ((("21", serial),) if serial else ())
    assert link.path == expected and link.attributes == ()
    assert link.stem == "https://id.example.com"
    assert parse_element_string(link.element_string()) == expected
    assert generate_digital_link(link, stem=link.stem) == uri


@given(gtin=gtins, data=st.data())
def test_any_single_changed_gtin_digit_is_rejected(gtin: str, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, 13))
    digit = data.draw(st.sampled_from("0123456789").filter(lambda d: d != gtin[index]))
    broken = gtin[:index] + digit + gtin[index + 1 :]
    with pytest.raises(DigitalLinkError, match=r"AI \(01\) check digit is wrong"):
        parse_digital_link(f"https://id.gs1.org/01/{broken}")
    with pytest.raises(DigitalLinkError, match="check digit is wrong"):
        digital_link_for(host="id.gs1.org", gtin=broken)


@given(value=st.text(alphabet=CSET82 + " ", max_size=40), query=st.booleans())
def test_escape_then_unescape_round_trips(value: str, query: bool) -> None:
    escaped = uri_escape(value, query=query)
    assert set(escaped) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%+")
    assert uri_unescape(escaped, query=query) == value
