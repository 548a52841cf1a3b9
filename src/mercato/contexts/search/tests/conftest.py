"""Search's tests share one catalogue world per module (see shared_world): building it through the API, with every
edit indexed, was most of each test's time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import World, build_world

from .shared_world import fresh_world, world_for_module


@pytest.fixture(scope="module")
def module_world(django_db_blocker: Any) -> Iterator[World]:
    yield from world_for_module(django_db_blocker, build_world)


@pytest.fixture
def world(db: Any, module_world: World) -> World:
    """The root conftest's world, built once per module; each test runs in its own savepoint inside it."""
    return fresh_world(module_world)
