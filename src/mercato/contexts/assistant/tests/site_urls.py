"""The site's URLs with the assistant's pages mounted at /assistant/, as config/urls.py is asked to mount them
(the site's own configuration is included by name, as Django's ROOT_URLCONF names it)."""

from django.urls import URLResolver, include, path

urlpatterns: list[URLResolver] = [
    path("assistant/", include("mercato.contexts.assistant.urls")),
    path("", include("mercato.config.urls")),
]
