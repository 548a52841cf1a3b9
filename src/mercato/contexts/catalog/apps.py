from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "mercato.contexts.catalog"
    label = "catalog"
    verbose_name = "Catalog: categories, products, variants"

    def ready(self) -> None:
        from mercato.shared import events

        from .handlers import HANDLERS

        events.subscribe(HANDLERS)
