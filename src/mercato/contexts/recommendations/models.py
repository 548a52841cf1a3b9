"""Persistence only."""
