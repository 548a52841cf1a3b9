from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "mercato.entrypoints.web"
    label = "web"
    verbose_name = "Web pages: shared layout, styles, helpers"
