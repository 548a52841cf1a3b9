from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "mercato.contexts.identity"
    label = "identity"
    verbose_name = "Identity: accounts, tokens, addresses"
