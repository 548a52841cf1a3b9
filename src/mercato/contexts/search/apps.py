from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "mercato.contexts.search"
    label = "search"
    verbose_name = "Search: the product index, queries, facets, autocomplete, synonyms"

    def ready(self) -> None:
        from mercato.shared import events

        from .handlers import HANDLERS

        events.subscribe(HANDLERS)
