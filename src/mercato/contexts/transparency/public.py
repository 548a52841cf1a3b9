"""The transparency door: other contexts queue facts, append, sign and read evidence through here."""

from .domain.proof_bundle import verify_bundle
from .evidence import evidence_bundle
from .services import EntryDraft, entries_record, entry_record, leaves_append, log_publish, tree_head_sign

__all__ = ["EntryDraft", "entries_record", "entry_record", "evidence_bundle", "leaves_append", "log_publish",
           "tree_head_sign", "verify_bundle"]
