"""/assistant/…: the storefront chat (mounted by the site's URL configuration)."""

from django.urls import URLPattern, path

from . import views

app_name = "assistant"
urlpatterns: list[URLPattern] = [
    path("", views.chat_page, name="chat"),
    path("messages", views.chat_message, name="message"),
]
