"""Django admin: operators can open every registered model's list and a record; money records are read-only."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from conftest import buy, register
from mercato.contexts.identity.models import User


@pytest.fixture
def operator_client(world):
    buy(register("adm@example.com"), [(world.a.variants["A-CASE"], 1)])
    from datetime import timedelta

    from mercato.shared import clock

    starts = clock.now()
    r = world.a.api.post("/flash-sales", {"title": "秒杀", "starts_at": starts.isoformat(),
                                          "ends_at": (starts + timedelta(days=1)).isoformat(),
                                          "items": [{"variant_id": world.a.variants["A-CASE"], "sale_price": "9.90",
                                                     "units": 2}]})
    assert r.status_code == 201, r.body  # a live sale: its records open in admin too
    client = Client()
    client.force_login(User.objects.get(email="ops@example.com"))
    return client


def test_every_admin_list_and_first_record_opens(operator_client):
    for model in admin.site._registry:
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert operator_client.get(url).status_code == 200, url
        first = model.objects.first()
        if first is not None:
            detail = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            assert operator_client.get(detail).status_code == 200, detail


def test_journal_and_payments_cannot_be_edited_in_admin(operator_client):
    from mercato.contexts.payments.models import JournalEntry, Payment

    for model in (JournalEntry, Payment):
        meta = model._meta
        assert operator_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403
        first = model.objects.first()
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
        assert operator_client.post(url, {}).status_code == 403
