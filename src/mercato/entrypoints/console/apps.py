from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "mercato.entrypoints.console"
    label = "console"
    verbose_name = "Operator console pages"
