from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "mercato.contexts.orders"
    label = "orders"
    verbose_name = "Orders: lifecycle, shipments, returns"

    def ready(self) -> None:
        from mercato.shared import events

        from . import tasks  # noqa: F401  (registers the jobs)
        from .handlers import HANDLERS

        events.subscribe(HANDLERS)
