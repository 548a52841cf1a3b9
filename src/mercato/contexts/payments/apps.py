from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "mercato.contexts.payments"
    label = "payments"
    verbose_name = "Payments: providers, escrow, refunds, journal, payouts"
