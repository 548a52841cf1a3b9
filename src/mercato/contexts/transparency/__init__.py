"""Transparency: Mercato's append-only RFC 6962/9162 Merkle-tree log."""
