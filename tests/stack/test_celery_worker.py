"""The production stack: a real Celery worker on the Redis broker runs a job against PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection

from conftest import build_world, buy, register
from mercato.contexts.orders.models import Order
from mercato.contexts.payments.models import Payment
from mercato.shared import clock

pytestmark = [pytest.mark.stack, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        pytest.skip("needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)")
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mercato.config.settings.production",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
           "CELERY_BROKER_URL": os.environ["REDIS_URL"], "MERCATO_SECRET_KEY": "stack-test-secret-key-0123456789abcdef"}
    celery = Path(sys.executable).parent / "celery"
    proc = subprocess.Popen([str(celery), "-A", "mercato.config.celery", "worker", "--pool", "solo", "--loglevel",
                             "warning"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    yield env
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_a_celery_worker_releases_expired_reservations(worker):
    from mercato.config.celery import app

    world = build_world()
    shopper = register("stack@example.com")
    result = buy(shopper, [(world.a.variants["A-CASE"], 2)], card=None)
    past = clock.now() - timedelta(minutes=1)
    Order.objects.filter(checkout_ref=result["checkout_id"]).update(reserved_until=past)
    Payment.objects.filter(pk=result["payment"]["id"]).update(expires_at=past)
    app.conf.broker_url = worker["CELERY_BROKER_URL"]
    app.conf.task_always_eager = False
    app.send_task("mercato.run_job", args=["release-expired-reservations"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if Order.objects.get(checkout_ref=result["checkout_id"]).status == "cancelled":
            break
        time.sleep(0.5)
    order = Order.objects.get(checkout_ref=result["checkout_id"])
    assert order.status == "cancelled"
    assert order.history.order_by("-at").first().actor == "job:release-expired-reservations"
    assert world.a.api.get(f"/variants/{world.a.variants['A-CASE']}/stock").body["available"] == 100
