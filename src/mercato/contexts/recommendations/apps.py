from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "mercato.contexts.recommendations"
    label = "recommendations"
    verbose_name = "Recommendations: behaviour, models, placements, personalisation switch"

    def ready(self) -> None:
        from mercato.shared import events

        from . import tasks  # noqa: F401  (registers the jobs)
        from .handlers import HANDLERS

        events.subscribe(HANDLERS)
