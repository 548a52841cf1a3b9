"""Behaviour capture with consent, purchases from order events, the switch deleting profiling data, training."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import buy
from mercato.contexts.catalog import public as catalog
from mercato.contexts.recommendations import public as recommendations
from mercato.contexts.recommendations.models import BehaviourEvent, Candidate, TrainingRun
from mercato.contexts.recommendations.training import recommendations_train
from mercato.shared import clock, events, jobs

from .conftest import Market

pytestmark = pytest.mark.django_db


def for_user(user_id: str) -> recommendations.Viewer:
    return recommendations.Viewer(user_id=user_id)


def test_views_are_kept_for_a_consenting_shopper_and_an_anonymous_session_but_not_for_nobody(market: Market):
    phone = market.variants["A-PHONE"]
    assert recommendations.behaviour_record(kind="view", viewer=for_user(market.heavy_id), variant_id=phone)
    anonymous = recommendations.Viewer(session=recommendations.session_digest("browser-session-1"))
    assert recommendations.behaviour_record(kind="cart", viewer=anonymous, variant_id=phone)
    assert not recommendations.behaviour_record(kind="view", viewer=recommendations.Viewer(), variant_id=phone)
    kept = list(BehaviourEvent.objects.filter(variant_id=phone, kind__in=["view", "cart"])
                .values_list("kind", "user_id", "session_key"))
    assert sorted(kept, key=str) == sorted([("view", market.heavy_id, ""), ("cart", None, anonymous.session)],
                                           key=str)
    assert "browser-session-1" not in str(kept)  # only a digest of the session key is stored


def test_a_placed_order_of_a_signed_in_buyer_is_a_purchase_event_and_a_cancelled_one_is_forgotten(market: Market):
    case = market.variants["A-CASE"]
    assert BehaviourEvent.objects.filter(user_id=market.heavy_id, kind="purchase", variant_id=case).exists()
    unpaid = buy(market.newcomer, [(market.variants["B-LAMP"], 1)], card=None)
    order_id = unpaid["orders"][0]["id"]
    assert BehaviourEvent.objects.filter(order_id=order_id, kind="purchase").count() == 1
    assert jobs.run_job("release-expired-reservations", as_of=clock.now() + timedelta(hours=2)) == 1  # unpaid
    events.dispatch_published()  # in a test's transaction nothing commits: deliver what the job published
    assert not BehaviourEvent.objects.filter(order_id=order_id).exists()


def test_switching_off_deletes_events_own_lists_and_daily_picks_and_records_nothing_more(trained: Market):
    me = for_user(trained.heavy_id)
    recommendations.behaviour_record(kind="view", viewer=me, variant_id=trained.variants["B-LAMP"])
    recommendations.recommend([recommendations.PlacementRequest("daily-picks")], me)
    assert Candidate.objects.filter(kind="daily", key__endswith=f"|{trained.heavy_id}").exists()
    assert Candidate.objects.filter(kind="user", key=trained.heavy_id).exists()

    state = recommendations.personalisation_set(user_id=trained.heavy_id, enabled=False)

    assert state.deleted_events >= 3  # the view and the purchases
    assert not BehaviourEvent.objects.filter(user_id=trained.heavy_id).exists()
    assert not Candidate.objects.filter(kind="user", key=trained.heavy_id).exists()
    assert not Candidate.objects.filter(kind="daily", key__endswith=f"|{trained.heavy_id}").exists()
    assert not recommendations.behaviour_record(kind="view", viewer=me, variant_id=trained.variants["A-CASE"])
    buy(trained.heavy, [(trained.variants["A-CASE"], 1)])
    assert not BehaviourEvent.objects.filter(user_id=trained.heavy_id).exists()


def test_training_leaves_out_shoppers_who_switched_off(market: Market):
    recommendations.personalisation_set(user_id=market.heavy_id, enabled=False)
    run = recommendations_train()
    assert run.users == 3  # the three other buyers; the heavy buyer's orders teach nothing
    assert not Candidate.objects.filter(kind="user", key=market.heavy_id).exists()
    assert Candidate.objects.filter(kind="user").count() == 3
    recommendations.personalisation_set(user_id=market.heavy_id, enabled=True)
    assert recommendations_train().users == 4


def test_training_replaces_the_lists_and_keeps_only_items_on_sale(trained: Market):
    first = TrainingRun.objects.get()
    assert first.candidate_rows == Candidate.objects.count() > 0
    stored = {row[0] for items in Candidate.objects.values_list("items", flat=True) for row in items}
    on_sale = set(catalog.item_summaries.sellable_variant_ids())
    assert stored and stored <= on_sale
    second = recommendations_train()
    assert set(Candidate.objects.exclude(kind="daily").values_list("run_id", flat=True)) == {second.id}
    popular = Candidate.objects.get(kind="popular").items
    assert popular and all(row[2] in ("popular",) for row in popular)


def test_searches_are_remembered_through_the_search_event_with_consent(market: Market):
    from mercato.contexts.recommendations.handlers import remember_search
    from mercato.contexts.search.events import SearchPerformed

    remember_search(SearchPerformed(query=" 绿茶 ", result_count=3, shopper_id=market.heavy_id, session_digest="",
                                    at=clock.now().isoformat()))
    remember_search(SearchPerformed(query="lamp", result_count=1, shopper_id=None,
                                    session_digest=recommendations.session_digest("raw-session-key"),
                                    at=clock.now().isoformat()))
    recommendations.personalisation_set(user_id=market.newcomer_id, enabled=False)
    remember_search(SearchPerformed(query="tea", result_count=3, shopper_id=market.newcomer_id, session_digest="",
                                    at=clock.now().isoformat()))
    searches = set(BehaviourEvent.objects.filter(kind="search").values_list("query", "user_id", "session_key"))
    assert searches == {("绿茶", market.heavy_id, ""),
                        ("lamp", None, recommendations.session_digest("raw-session-key"))}
