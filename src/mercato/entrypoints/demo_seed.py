"""Placeholder replaced by the demo data generator."""

DEMO_LOGINS = {"operator": ("ops@mercato.demo", "mercato-ops")}


def seeded() -> bool:
    return False


def seed(*, small: bool = False, verbose: bool = False) -> None:
    raise NotImplementedError
