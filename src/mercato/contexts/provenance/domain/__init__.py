"""Pure provenance rules: EPCIS validation, CBV 2.0 event hash ids, GS1 Digital Link. No Django, no I/O beyond
reading the reference files shipped with the package."""
