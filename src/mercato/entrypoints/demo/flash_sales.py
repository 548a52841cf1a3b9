"""Demo flash sales: one live now on two of the demo merchant's best-stocked products, one starting tomorrow
evening, scheduled through the same service a merchant uses, so the storefront shows countdowns at once."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal

from mercato.contexts.catalog.models import Variant
from mercato.contexts.flashsales.domain.campaign_rules import ItemDraft
from mercato.contexts.flashsales.services import sale_schedule
from mercato.contexts.identity import public as identity
from mercato.shared import clock
from mercato.shared.actor import Actor

from .world import DEMO_MERCHANT_EMAIL

LIVE_TITLE = {"zh-Hans": "双十一限时秒杀", "en": "Singles' Day flash sale"}
NEXT_TITLE = {"zh-Hans": "明晚八点秒杀", "en": "Tomorrow 8 pm flash sale"}


def _sale_price(price: Decimal, share: str) -> Decimal:
    return (price * Decimal(share)).quantize(Decimal("0.1"), rounding=ROUND_DOWN).quantize(Decimal("0.01"))


def seed_flash_sales(now: datetime | None = None) -> int:
    """Schedule the two demo sales; returns how many items they offer (0 without the demo merchant)."""
    user_id = identity.user_id_by_email(DEMO_MERCHANT_EMAIL)
    if user_id is None:
        return 0
    now = now or clock.now()
    variants = list(Variant.objects.filter(merchant__staff__user_id=user_id, is_active=True, available__gte=40,
                                           price_amount__gte=20).order_by("-available", "sku")[:3])
    if len(variants) < 3:
        return 0
    actor = Actor(user_id=user_id)
    sale_schedule(title=LIVE_TITLE, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(days=3),
                  payment_minutes=15, actor=actor, items=[
                      ItemDraft(v.id, _sale_price(v.price_amount, "0.6"), units=20, per_buyer_limit=1)
                      for v in variants[:2]])
    tomorrow = clock.local_date(now) + timedelta(days=1)
    starts = datetime.combine(tomorrow, time(20, 0), tzinfo=clock.platform_zone())
    sale_schedule(title=NEXT_TITLE, starts_at=starts, ends_at=starts + timedelta(hours=2), payment_minutes=10,
                  actor=actor, items=[ItemDraft(variants[2].id, _sale_price(variants[2].price_amount, "0.5"),
                                                units=30, per_buyer_limit=2)])
    return 3
