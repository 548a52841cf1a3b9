from django.apps import AppConfig


class MerchantsConfig(AppConfig):
    name = "mercato.contexts.merchants"
    label = "merchants"
    verbose_name = "Merchants: onboarding, admission, staff, commission"
