from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "mercato.contexts.transparency"
    label = "transparency"
    verbose_name = "Transparency: append-only Merkle log, signed tree heads, proofs"
