from django.apps import AppConfig


class SharedConfig(AppConfig):
    name = "mercato.shared"
    label = "shared"
    verbose_name = "Shared kernel (outbox, idempotency)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from datetime import datetime

        from . import events, jobs

        @jobs.register("dispatch-outbox", every_seconds=5,
                       description="deliver domain events left pending (e.g. after a crash)")
        def dispatch_outbox(as_of: datetime) -> int:
            return events.dispatch_pending()
