"""EPC URNs and GS1 Digital Link URIs reduce to the constrained canonical Digital Link the CBV 2.0 event hash uses:
every EPC scheme with a GS1 key, custom domains, short names, query strings and surplus qualifiers; anything else is
left alone."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mercato.contexts.provenance.domain.epc_identifiers import (
    _gs1_check_digit,
    canonical_gs1_identifier,
    constrain_digital_link,
    epc_urn_to_digital_link,
)
from mercato.contexts.provenance.tests.conftest import gs1_data_or_skip

URN_TO_DIGITAL_LINK = [
    ("urn:epc:id:sgtin:0614141.107346.2017", "https://id.gs1.org/01/10614141073464/21/2017"),
    ("urn:epc:id:sgtin:415056789012.0.987654", "https://id.gs1.org/01/04150567890128/21/987654"),
    ("urn:epc:id:sgtin:4012345.011111.98%22", "https://id.gs1.org/01/04012345111118/21/98%22"),
    (
        "urn:epc:id:sgtin:0614141.812345.6789%2F%26%25%22!%3F()",
        "https://id.gs1.org/01/80614141123458/21/6789%2F%26%25%22%21%3F%28%29",
    ),
    ("urn:epc:id:sscc:4012345.0000000333", "https://id.gs1.org/00/040123450000003338"),
    ("urn:epc:id:sgln:4012345.00011.987", "https://id.gs1.org/414/4012345000115/254/987"),
    ("urn:epc:id:sgln:4012345.00005.0", "https://id.gs1.org/414/4012345000054"),
    ("urn:epc:id:grai:4012345.00022.334455", "https://id.gs1.org/8003/04012345000221334455"),
    ("urn:epc:id:giai:4000001.111", "https://id.gs1.org/8004/4000001111"),
    ("urn:epc:id:gsrn:4012345.0000006765", "https://id.gs1.org/8018/401234500000067657"),
    ("urn:epc:id:gsrnp:4012345.0000000007", "https://id.gs1.org/8017/401234500000000074"),
    ("urn:epc:id:gdti:4012345.00009.PO-4711", "https://id.gs1.org/253/4012345000092PO-4711"),
    ("urn:epc:id:gdti:987659999999..9", "https://id.gs1.org/253/98765999999929"),
    (
        "urn:epc:id:cpi:0614141.11111111111111-A%23%2F.1234",
        "https://id.gs1.org/8010/061414111111111111111-A%23%2F/8011/1234",
    ),
    ("urn:epc:id:sgcn:4012345.99999.44", "https://id.gs1.org/255/401234599999044"),
    ("urn:epc:id:ginc:0614141.xyz47%2F11", "https://id.gs1.org/401/0614141xyz47%2F11"),
    ("urn:epc:id:gsin:4012345.222333444", "https://id.gs1.org/402/40123452223334442"),
    ("urn:epc:id:itip:4012345.011111.01.02.987", "https://id.gs1.org/8006/040123451111180102/21/987"),
    (
        "urn:epc:id:upui:1234567.098765.51qIgY)%3C%26Jp3*j7'SDB",
        "https://id.gs1.org/01/01234567987651/235/51qIgY%29%3C%26Jp3%2Aj7'SDB",
    ),
    ("urn:epc:id:pgln:4000001.00000", "https://id.gs1.org/417/4000001000005"),
    ("urn:epc:id:pgln:999999999999.", "https://id.gs1.org/417/9999999999994"),
    ("urn:epc:class:lgtin:4012345.012345.Lot987", "https://id.gs1.org/01/04012345123456/10/Lot987"),
    ("urn:epc:idpat:sgtin:4054739.099914.*", "https://id.gs1.org/01/04054739999148"),
    ("urn:epc:idpat:grai:4012345.66666.*", "https://id.gs1.org/8003/04012345666663"),
    ("urn:epc:idpat:gdti:4012345.55555.*", "https://id.gs1.org/253/4012345555554"),
    ("urn:epc:idpat:sgcn:4012345.99999.*", "https://id.gs1.org/255/4012345999990"),
    ("urn:epc:idpat:cpi:4012345.ABC.*", "https://id.gs1.org/8010/4012345ABC"),
    ("urn:epc:idpat:itip:4012345.012345.01.02.*", "https://id.gs1.org/8006/040123451234560102"),
]


@pytest.mark.parametrize(("urn", "digital_link"), URN_TO_DIGITAL_LINK)
def test_epc_urns_become_canonical_digital_links(urn: str, digital_link: str) -> None:
    assert epc_urn_to_digital_link(urn) == digital_link
    assert canonical_gs1_identifier(urn) == digital_link
    assert constrain_digital_link(digital_link) == digital_link  # already canonical: a fixed point


@pytest.mark.parametrize(
    "urn",
    [
        "urn:epc:id:gid:95100000.12345.400",  # no GS1 key behind it
        "urn:epc:id:sgtin:0614141.10734.2017",  # 12 digits of company prefix + item reference, not 13
        "urn:epc:id:sgtin:0614141.107346.",  # no serial
        "urn:epc:id:sscc:4012345.00000003A3",
        "urn:epc:idpat:sgtin:4054739.*.*",  # pattern wider than one GTIN
        "urn:epc:id:sgtin:0614141.107346",
        "urn:epcglobal:cbv:bt:4012345000009:ASN1099",
        "urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8",
    ],
)
def test_urns_without_a_gs1_key_form_are_left_alone(urn: str) -> None:
    assert epc_urn_to_digital_link(urn) is None
    assert canonical_gs1_identifier(urn) == urn


@pytest.mark.parametrize(
    ("uri", "canonical"),
    [
        ("https://id.gs1.de/414/4012345000115", "https://id.gs1.org/414/4012345000115"),
        (
            "https://example.com/gtin/09780345418913/21/765tz?abc=211121",
            "https://id.gs1.org/01/09780345418913/21/765tz",
        ),
        (
            "HTTP://Brand.Example/shop/01/09506000134352/22/2A/10/ABC/21/XYZ#top",
            "https://id.gs1.org/01/09506000134352/21/XYZ",
        ),
        ("https://brand.example/01/09506000134352/10/ABC123/", "https://id.gs1.org/01/09506000134352/10/ABC123"),
        ("https://brand.example/01/09506000134352/22/2A", "https://id.gs1.org/01/09506000134352"),
        ("https://brand.example/01/9506000134352", "https://id.gs1.org/01/09506000134352"),  # GTIN-13 padded
        ("https://brand.example/gln/4012345000115/glnx/7", "https://id.gs1.org/414/4012345000115/254/7"),
        ("https://brand.example/8006/040123451111180102/10/L1", "https://id.gs1.org/8006/040123451111180102/10/L1"),
        ("https://brand.example/8018/401234500000067657/8019/12", "https://id.gs1.org/8018/401234500000067657"),
        ("https://brand.example/01/04012345111118/21/a%2Fb!c", "https://id.gs1.org/01/04012345111118/21/a%2Fb%21c"),
    ],
)
def test_digital_links_are_constrained(uri: str, canonical: str) -> None:
    assert constrain_digital_link(uri) == canonical


@pytest.mark.parametrize(
    "uri",
    [
        "http://www.opengis.net/def/crs/EPSG/0/27700",
        "https://www.ncbi.nlm.nih.gov/taxonomy/1126011",
        "https://accreditation-council.example.org/certificate/ABC12345",
        "https://id.gs1.org",
        "https://brand.example/01/123",  # no GTIN
        "https://brand.example/01/09506000134352/99/x",  # 99 qualifies no GTIN
        "https://brand.example/8013/1987654Ad4X4bL5ttr2310c2K",  # GMN: not among the keys the hash accepts
        "geo:47.506694,11.104301",
    ],
)
def test_other_uris_are_no_digital_links(uri: str) -> None:
    assert constrain_digital_link(uri) is None
    assert canonical_gs1_identifier(uri) == uri


def test_check_digit_agrees_with_the_gs1_syntax_dictionary_vectors() -> None:
    vectors = json.loads(gs1_data_or_skip("digital-link", "gs1_check_digit_vectors.json").read_text())
    valid = [case["data"] for case in vectors["mod10"] if case["valid"]]
    assert valid
    for data in valid:
        assert _gs1_check_digit(data[:-1]) == data[-1], data


_SERIALS = st.text(alphabet="ABCXYZabcxyz0123456789!\"%&'()*+,-./:;<=>?_", min_size=1, max_size=20)


@given(
    item=st.from_regex(r"[0-9]{13}", fullmatch=True),
    company_length=st.integers(min_value=6, max_value=12),
    serial=_SERIALS,
)
def test_an_sgtin_urn_and_any_digital_link_of_it_agree(item: str, company_length: int, serial: str) -> None:
    gtin = item + _gs1_check_digit(item)
    company, reference = gtin[1 : 1 + company_length], gtin[0] + gtin[1 + company_length : 13]
    urn = f"urn:epc:id:sgtin:{company}.{reference}.{quote(serial, safe='')}"
    custom_domain = f"https://brand.example/p/gtin/{gtin}/ser/{quote(serial, safe='')}?linkType=all"
    expected = f"https://id.gs1.org/01/{gtin}/21/{quote(serial, safe=chr(39))}"
    assert epc_urn_to_digital_link(urn) == expected
    assert constrain_digital_link(custom_domain) == expected
