"""Entities in both languages: order numbers in Mercato's format, products, dates, amounts, emails, phones."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from mercato.contexts.assistant.understanding import Entity, amount_value
from mercato.contexts.assistant.understanding.entities import find_entities

WEDNESDAY = date(2026, 3, 11)


def found(text: str, products: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    """(kind, value, the text covered) for every entity."""
    return [(s.kind, s.value, text[s.start:s.end]) for s in find_entities(text, today=WEDNESDAY, products=products)]


def test_a_mercato_order_number_is_found_and_the_phone_shaped_digits_inside_it_are_not():
    assert found("订单号202603061234567890，帮我查下") == [("order_number", "202603061234567890", "202603061234567890")]


def test_a_shorter_number_counts_as_an_order_number_only_after_an_order_word():
    assert found("order #8842113 is late") == [("order_number", "8842113", "8842113")]
    assert found("I have 8842113 points") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("昨天下的单", ("2026-03-10", "昨天")),
    ("大前天付的款", ("2026-03-08", "大前天")),
    ("上周五买的", ("2026-03-06", "上周五")),
    ("下周三能到吗", ("2026-03-18", "下周三")),
    ("3月5日到货了", ("2026-03-05", "3月5日")),
    ("2025年12月31号下单", ("2025-12-31", "2025年12月31号")),
    ("5号下的单", ("2026-03-05", "5号")),
    ("I ordered it last Friday", ("2026-03-06", "last Friday")),
    ("will it come next monday?", ("2026-03-16", "next monday")),
    ("it arrived yesterday", ("2026-03-10", "yesterday")),
    ("delivered on March 5th", ("2026-03-05", "March 5th")),
    ("bought on the 2nd of February", ("2026-02-02", "2nd of February")),
    ("paid 2026-01-20", ("2026-01-20", "2026-01-20")),
])
def test_dates_resolve_against_today(text, expected):
    assert found(text) == [("date", *expected)]


def test_an_impossible_calendar_date_is_not_a_date():
    assert found("2月30日") == []


def test_numbered_buildings_and_metro_lines_are_not_days_of_the_month():
    assert found("送到3号楼，我坐5号线") == []


@pytest.mark.parametrize(("text", "value", "covered"), [
    ("退我1,299.50元", "1299.50 CNY", "1,299.50元"),
    ("才¥99", "99 CNY", "¥99"),
    ("RMB 300 please", "300 CNY", "RMB 300"),
    ("两百块钱", "200 CNY", "两百块钱"),
    ("一千五百元", "1500 CNY", "一千五百元"),
    ("I paid $25.99", "25.99 USD", "$25.99"),
    ("about 40 bucks", "40 USD", "40 bucks"),
])
def test_amounts_keep_their_exact_decimal_and_currency(text, value, covered):
    assert found(text) == [("amount", value, covered)]


def test_amount_value_gives_a_decimal_never_a_float():
    number, currency = amount_value("1299.50 CNY")
    assert number == Decimal("1299.50") and isinstance(number, Decimal) and currency == "CNY"


def test_emails_and_phones_in_both_styles():
    assert found("mail li.wei+shop@example.com or call 138-1234-5678") == [
        ("email", "li.wei+shop@example.com", "li.wei+shop@example.com"),
        ("phone", "13812345678", "138-1234-5678"),
    ]
    assert found("call +1 415 555 0134") == [("phone", "+14155550134", "+1 415 555 0134")]
    assert found("电话010-62345678") == [("phone", "01062345678", "010-62345678")]


def test_caller_names_beat_generic_product_words():
    assert found("my Sony WH-1000XM5 headphones are broken", products=("Sony WH-1000XM5",)) == [
        ("product", "Sony WH-1000XM5", "Sony WH-1000XM5"), ("product", "headphones", "headphones")]


def test_a_brand_and_the_noun_after_it_are_one_product():
    assert found("小米手机和dyson vacuum") == [("product", "小米手机", "小米手机"),
                                              ("product", "dyson vacuum", "dyson vacuum")]


def test_product_words_match_whole_english_words_only():
    assert found("the service is fantastic") == []


def test_entities_come_back_as_the_public_dataclass_in_reading_order():
    from mercato.contexts.assistant.understanding import understand

    result = understand("上周五买的耳机，订单202603061234567890，退我299元", today=WEDNESDAY)
    assert [e.kind for e in result.entities] == ["date", "product", "order_number", "amount"]
    assert all(isinstance(e, Entity) for e in result.entities)
