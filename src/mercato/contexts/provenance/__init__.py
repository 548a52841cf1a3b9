"""Provenance: GS1 EPCIS 2.0 supply-chain events, GS1 Digital Link, trace pages; every event is logged."""
