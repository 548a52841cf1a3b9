"""Queries (reads)."""
