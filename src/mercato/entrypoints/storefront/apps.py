from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "mercato.entrypoints.storefront"
    label = "storefront"
    verbose_name = "Storefront pages (shoppers)"
