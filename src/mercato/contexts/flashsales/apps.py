from django.apps import AppConfig


class FlashSalesConfig(AppConfig):
    name = "mercato.contexts.flashsales"
    label = "flashsales"
    verbose_name = "Flash sales: campaigns, the admission gate, purchases"

    def ready(self) -> None:
        from mercato.shared import events

        from . import tasks  # noqa: F401  (registers the jobs)
        from .handlers import HANDLERS

        events.subscribe(HANDLERS)
