"""The request-time re-ranker, daily draw, reasons and fairness rules: pure, no database."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from mercato.contexts.recommendations.domain.daily import daily_draw
from mercato.contexts.recommendations.domain.fairness import without_personal_signals
from mercato.contexts.recommendations.domain.placements import Placement, placement_named
from mercato.contexts.recommendations.domain.reasons import Reason, ReasonCode, reason_from_model, stored_reason
from mercato.contexts.recommendations.domain.reranking import ItemFacts, Pick, Source, blend, diversify, rerank
from mercato.contexts.recommendations.domain.viewers import session_digest, valid_session_header

POPULAR = Reason(ReasonCode.POPULAR)


def picks(*ids: str, reason: Reason = POPULAR) -> list[Pick]:
    return [Pick(item, float(len(ids) - i), reason) for i, item in enumerate(ids)]


def test_blend_scales_each_source_to_its_best_and_keeps_the_stronger_reason():
    viewed = Reason(ReasonCode.VIEWED, "v0")
    session = Source([Pick("a", 10.0, viewed), Pick("b", 5.0, viewed)], weight=1.2)
    user = Source([Pick("b", 0.9, Reason(ReasonCode.SIMILAR_SHOPPERS)), Pick("c", 0.3, POPULAR)], weight=1.0)
    blended = blend([session, user])
    assert [p.item_id for p in blended] == ["a", "b", "c"]
    # b: 0.6 from the session (5/10 × 1.2) against 1.0 from the user list → the user list's reason wins.
    assert blended[1].reason.code is ReasonCode.SIMILAR_SHOPPERS


def test_blend_keeps_a_source_order_when_all_scores_are_zero():
    assert [p.item_id for p in blend([Source([Pick(i, 0.0, POPULAR) for i in "xyz"], 1.0)])] == list("xyz")


def test_out_of_stock_unknown_and_excluded_items_are_dropped():
    facts = {i: ItemFacts("m", "c", in_stock=i != "b") for i in "abcd"}
    chosen = rerank([Source(picks("a", "b", "c", "e", "d"), 1.0)], facts, n=10, exclude={"d"})
    assert [p.item_id for p in chosen] == ["a", "c"]


def test_a_row_shows_each_product_once_in_its_best_placed_variant():
    facts = {"big": ItemFacts("m1", "c1", True, product_id="wok"),
             "small": ItemFacts("m1", "c1", True, product_id="wok"),
             "mat": ItemFacts("m2", "c2", True, product_id="mat"),
             "gone": ItemFacts("m3", "c3", False, product_id="mug"),
             "mug": ItemFacts("m3", "c3", True, product_id="mug")}
    chosen = rerank([Source(picks("big", "mat", "small", "gone", "mug"), 1.0)], facts, n=10)
    assert [p.item_id for p in chosen] == ["big", "mat", "mug"]  # an out-of-stock variant does not hide its sibling


def test_never_more_than_two_in_a_row_from_one_merchant():
    facts = {"a1": ItemFacts("A", "c1", True), "a2": ItemFacts("A", "c2", True), "a3": ItemFacts("A", "c3", True),
             "b1": ItemFacts("B", "c4", True)}
    chosen = diversify(picks("a1", "a2", "a3", "b1"), facts, n=4)
    assert [p.item_id for p in chosen] == ["a1", "a2", "b1", "a3"]


def test_never_more_than_two_in_a_row_from_one_category_and_the_row_ends_rather_than_break_it():
    facts = {f"t{i}": ItemFacts(f"m{i}", "tea", True) for i in range(4)}
    assert [p.item_id for p in diversify(picks("t0", "t1", "t2", "t3"), facts, n=4)] == ["t0", "t1"]


@given(st.lists(st.tuples(st.sampled_from("ABC"), st.sampled_from("xyz")), min_size=1, max_size=30))
def test_no_run_of_three_whatever_the_input(kinds):
    facts = {f"i{n}": ItemFacts(m, c, True) for n, (m, c) in enumerate(kinds)}
    chosen = diversify(picks(*facts), facts, n=len(facts))
    for first, second, third in zip(chosen, chosen[1:], chosen[2:], strict=False):
        trio = [facts[p.item_id] for p in (first, second, third)]
        assert len({f.merchant_id for f in trio}) > 1 and len({f.category_id for f in trio}) > 1


def test_daily_draw_is_stable_for_a_shopper_and_a_day_and_changes_with_either():
    pool = picks(*(f"i{n}" for n in range(60)))
    today = daily_draw(pool, owner_key="usr_1", day=date(2026, 12, 7), n=10)
    assert today == daily_draw(list(pool), owner_key="usr_1", day=date(2026, 12, 7), n=10)
    assert len({p.item_id for p in today}) == 10
    assert today != daily_draw(pool, owner_key="usr_1", day=date(2026, 12, 8), n=10)
    assert today != daily_draw(pool, owner_key="usr_2", day=date(2026, 12, 7), n=10)


def test_model_reasons_map_to_true_codes():
    assert reason_from_model("bought_together", "v1", baskets=True) == Reason(ReasonCode.BOUGHT_TOGETHER, "v1")
    # Co-occurrence of any engagement (views too) is not "bought with".
    assert reason_from_model("bought_together", "v1") == Reason(ReasonCode.ALSO_CHOSEN, "v1")
    assert reason_from_model("popular", "v1") == Reason(ReasonCode.POPULAR, None)
    assert reason_from_model("something_new", None).code is ReasonCode.POPULAR
    assert stored_reason("viewed", "v2") == Reason(ReasonCode.VIEWED, "v2")
    assert stored_reason("nonsense", "v2") == Reason(ReasonCode.POPULAR)


def test_non_personalised_lists_drop_every_personal_reason():
    mixed = [Pick("a", 1, Reason(ReasonCode.BOUGHT_BEFORE)), Pick("b", 1, Reason(ReasonCode.VIEWED, "x")),
             Pick("c", 1, Reason(ReasonCode.SIMILAR_SHOPPERS)), Pick("d", 1, POPULAR),
             Pick("e", 1, Reason(ReasonCode.BOUGHT_TOGETHER, "x"))]
    assert [p.item_id for p in without_personal_signals(mixed)] == ["d", "e"]


def test_placements_and_session_keys():
    assert placement_named("for-you") is Placement.FOR_YOU
    assert placement_named("for-me") is None
    assert session_digest("") == ""
    assert session_digest("abc") != "abc" and len(session_digest("abc")) == 40
    assert valid_session_header("a" * 16) and not valid_session_header("short") and not valid_session_header("é" * 20)
