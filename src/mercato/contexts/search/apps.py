from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "mercato.contexts.search"
    label = "search"
    verbose_name = "Search: the product index, queries, facets, autocomplete, synonyms"
