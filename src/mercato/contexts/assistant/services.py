"""Commands (writes)."""
