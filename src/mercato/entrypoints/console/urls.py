"""/console/…: the operator console."""

from django.urls import URLPattern, URLResolver, include, path, re_path

from .views import merchants, orders, overview, payments, transparency

ID = r"[a-z]{2,5}_[0-9a-z]{26}"  # our identifiers (prefix_ULID): anything else is a 404

app_name = "console"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", overview.overview, name="overview"),
    path("merchants/", merchants.merchant_list, name="merchants"),
    re_path(rf"^merchants/(?P<merchant_id>{ID})/status/$", merchants.merchant_decide, name="merchant_decide"),
    path("orders/", orders.order_list, name="orders"),
    re_path(rf"^orders/(?P<order_id>{ID})/$", orders.order_detail, name="order_detail"),
    path("payments/", payments.payment_list, name="payments"),
    path("refunds/", payments.refund_list, name="refunds"),
    path("transparency/", transparency.transparency_log, name="transparency"),
    path("transparency/publish/", transparency.transparency_publish, name="transparency_publish"),
    path("transparency/verify/", transparency.transparency_verify, name="transparency_verify"),
    path("assistant/", include("mercato.entrypoints.console.views.assistant_queue")),
]
