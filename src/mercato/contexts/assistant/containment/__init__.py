"""The containment suite: scripted multi-turn conversations over a real marketplace, scoring how many routine
requests the assistant settles without a person and whether it hands over every case that needs one."""

from .runner import ContainmentReport, ConversationResult, containment_report

__all__ = ["ContainmentReport", "ConversationResult", "containment_report"]
