"""The transparency door: other contexts append facts and sign heads through here."""

from .services import leaves_append, tree_head_sign

__all__ = ["leaves_append", "tree_head_sign"]
