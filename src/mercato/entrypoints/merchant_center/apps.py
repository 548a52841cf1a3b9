from django.apps import AppConfig


class MerchantCenterConfig(AppConfig):
    name = "mercato.entrypoints.merchant_center"
    label = "merchant_center"
    verbose_name = "Merchant center pages"
