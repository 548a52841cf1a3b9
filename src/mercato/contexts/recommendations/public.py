"""Recommendations's door. Other contexts import only from here, from contracts.py and from events.py."""

__all__: list[str] = []
