from django.apps import AppConfig


class CheckoutConfig(AppConfig):
    name = "mercato.contexts.checkout"
    label = "checkout"
    verbose_name = "Checkout: carts, pricing, checkout sessions"

    def ready(self) -> None:
        from mercato.shared import events

        from .handlers import HANDLERS

        events.subscribe(HANDLERS)
