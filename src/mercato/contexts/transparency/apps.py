from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "mercato.contexts.transparency"
    label = "transparency"
    verbose_name = "Transparency: append-only Merkle log, signed tree heads, proofs"

    def ready(self) -> None:
        from mercato.shared import events

        from . import tasks  # noqa: F401  (registers the jobs)
        from .handlers import HANDLERS

        events.subscribe(HANDLERS)
