"""One world per test module instead of one per test (beside the root conftest, for every test folder).

The world is built once, inside a transaction that is rolled back when the module's last test has run. Each test
still asks for pytest-django's `db`, which opens a savepoint inside that transaction and rolls it back afterwards,
so whatever a test changes in the database is gone before the next test starts: tests that write (cancel an order,
add a product, train) see the same fresh world as tests that only read. What lives outside the database is not
rolled back, so the handles a test gets are copies (a new API client per test, the shops' sku maps copied) and the
cache is emptied per test as before (the root conftest's `_fresh_cache`).

Events: the outbox delivers after each API request and on commit; nothing commits in either the old per-test
transaction or this one, so handlers run exactly as they did when each test built its own world.

A test module (or conftest) gets the root conftest's `world` this way by importing the two fixtures below.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from django.core.cache import cache
from django.db import transaction

from conftest import Api, Shop, World, build_world

T = TypeVar("T")


def world_for_module(django_db_blocker: Any, build: Callable[[], T]) -> Iterator[T]:
    """The body of a module-scoped fixture: yields `build()`'s world and rolls all of it back at the module's end."""
    with django_db_blocker.unblock():
        cache.clear()
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock():
            built = build()
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()


def fresh_api(api: Api) -> Api:
    """The same user (bearer token) on a new test client: no cookies carried over from another test."""
    return Api(api.token)


def fresh_shop(shop: Shop) -> Shop:
    return dataclasses.replace(shop, api=fresh_api(shop.api), variants=dict(shop.variants),
                               products=dict(shop.products))


def fresh_world(world: World) -> World:
    """A test's own handles on the shared world (its additions to a shop's sku maps stay with the test)."""
    return dataclasses.replace(world, operator=fresh_api(world.operator), a=fresh_shop(world.a), b=fresh_shop(world.b))


@pytest.fixture(scope="module")
def module_world(django_db_blocker: Any) -> Iterator[World]:
    yield from world_for_module(django_db_blocker, build_world)


@pytest.fixture
def world(db: Any, module_world: World) -> World:
    """The root conftest's world, built once per module; each test runs in its own savepoint inside it."""
    return fresh_world(module_world)
