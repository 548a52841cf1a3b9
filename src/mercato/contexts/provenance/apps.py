from django.apps import AppConfig


class ProvenanceConfig(AppConfig):
    name = "mercato.contexts.provenance"
    label = "provenance"
    verbose_name = "Provenance: EPCIS 2.0 events, parties, GS1 Digital Link, trace"
