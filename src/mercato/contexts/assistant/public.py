"""Assistant's door. Other contexts import only from here, from contracts.py and from events.py."""

from .containment import containment_report
from .knowledge import knowledge_seed_defaults
from .selectors import assistant_export_for, escalation_detail, escalations_list
from .services import assistant_erase_for, escalation_resolve, escalation_take

__all__ = ["assistant_erase_for", "assistant_export_for", "containment_report", "escalation_detail",
           "escalation_resolve", "escalation_take", "escalations_list", "knowledge_seed_defaults"]
