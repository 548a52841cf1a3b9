"""Operator console pages, one module per topic."""
