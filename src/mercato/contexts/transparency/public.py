"""The transparency door: other contexts queue facts, append, sign and read evidence through here."""

from .domain.proof_bundle import verify_bundle
from .evidence import EvidenceSummary, FactStatus, evidence_bundle, evidence_summary
from .services import EntryDraft, entries_record, entry_record, leaves_append, log_publish, tree_head_sign

__all__ = [
    "EntryDraft", "EvidenceSummary", "FactStatus", "entries_record", "entry_record", "evidence_bundle",
    "evidence_summary", "leaves_append", "log_publish", "tree_head_sign", "verify_bundle",
]
