"""Reads the merchant-center pages need beyond the contexts' own selectors; each one scoped to one merchant."""
