from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "mercato.contexts.recommendations"
    label = "recommendations"
    verbose_name = "Recommendations: behaviour, models, placements, personalisation switch"
