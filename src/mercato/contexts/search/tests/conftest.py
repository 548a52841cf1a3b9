"""Search's tests share one catalogue world per module (see shared_world): building it through the API, with every
edit indexed, was most of each test's time."""

from shared_world import module_world, world  # noqa: F401 (fixtures)
