"""The provenance door: capture EPCIS events, register parties, read traces."""

from .services import epcis_capture, party_register, signed_message
from .trace import trace_bundle, trace_of

__all__ = ["epcis_capture", "party_register", "signed_message", "trace_bundle", "trace_of"]
