"""Merchant-center pages, one module per topic; each parses input, calls a service or selector, renders."""
