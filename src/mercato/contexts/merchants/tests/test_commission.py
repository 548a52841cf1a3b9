"""The most specific commission rate wins."""

from decimal import Decimal

from mercato.contexts.merchants.domain.commission import resolve_rate

D = Decimal
TABLE = {("m1", "phones"): D("0.02"), ("m1", None): D("0.04"), (None, "electronics"): D("0.03"),
         (None, None): D("0.06")}


def test_merchant_and_category_beats_merchant_beats_category_beats_default():
    chain = ("phones", "electronics")
    assert resolve_rate(TABLE, merchant_id="m1", category_chain=chain, default=D("0.05")) == D("0.02")
    assert resolve_rate(TABLE, merchant_id="m1", category_chain=("books",), default=D("0.05")) == D("0.04")
    assert resolve_rate(TABLE, merchant_id="m2", category_chain=chain, default=D("0.05")) == D("0.03")
    assert resolve_rate(TABLE, merchant_id="m2", category_chain=("books",), default=D("0.05")) == D("0.06")
    assert resolve_rate({}, merchant_id="m2", category_chain=("books",), default=D("0.05")) == D("0.05")
