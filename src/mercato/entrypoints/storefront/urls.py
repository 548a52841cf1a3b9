"""Storefront routes: browse, cart, checkout, pay, orders, account."""

from django.urls import URLPattern, path, re_path, register_converter

from . import (
    views_account,
    views_cart,
    views_catalog,
    views_checkout,
    views_flash_sales,
    views_orders,
    views_provenance,
)


class MercatoId:
    """A prefixed ULID such as ``ord_01j...``: anything else is a 404 before a view runs."""

    regex = r"[a-z]{2,5}_[0-9a-z]{26}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(MercatoId, "mid")

app_name = "storefront"

urlpatterns: list[URLPattern] = [
    path("", views_catalog.home, name="home"),
    path("search", views_catalog.search, name="search"),
    re_path(r"^c/(?P<slug>[a-z0-9-]{1,80})$", views_catalog.category, name="category"),
    re_path(r"^p/(?P<slug>[a-z0-9-]{0,200})-(?P<product_id>prd_[0-9a-z]{26})$", views_catalog.product,
            name="product"),
    path("p/<mid:product_id>/image.svg", views_catalog.placeholder_image, name="product-image"),
    path("cart", views_cart.cart, name="cart"),
    path("cart/lines/<mid:line_id>", views_cart.line_change, name="cart-line"),
    path("checkout", views_checkout.checkout_page, name="checkout"),
    path("checkout/<mid:checkout_id>/done", views_checkout.done, name="checkout-done"),
    path("pay/<mid:payment_id>", views_checkout.pay, name="pay"),
    path("pay/<mid:payment_id>/authenticate", views_checkout.authenticate, name="pay-authenticate"),
    path("orders", views_orders.order_list, name="orders"),
    path("orders/<mid:order_id>", views_orders.order_detail, name="order"),
    path("orders/<mid:order_id>/cancel", views_orders.cancel, name="order-cancel"),
    path("orders/<mid:order_id>/confirm-receipt", views_orders.confirm_receipt, name="order-confirm"),
    path("orders/<mid:order_id>/return", views_orders.return_request, name="order-return"),
    path("orders/<mid:order_id>/address", views_orders.change_address, name="order-address"),
    path("orders/<mid:order_id>/invoice", views_orders.invoice, name="order-invoice"),
    path("orders/<mid:order_id>/evidence.json", views_orders.evidence, name="order-evidence"),
    path("flash-sales/", views_flash_sales.sale_list, name="flash-sales"),
    path("flash-sales/<mid:sale_id>/", views_flash_sales.sale_page, name="flash-sale"),
    path("trace/", views_provenance.trace, name="trace"),
    # GS1 Digital Link resolver: a path starting with a primary-key AI (/01/<gtin>/10/<lot>, /00/<sscc>...)
    re_path(r"^(?P<dl_path>[0-9]{2,4}/.+)$", views_provenance.resolve, name="digital-link"),
    path("accounts/", views_account.profile, name="account"),
    path("accounts/register/", views_account.register, name="register"),
    path("accounts/login/", views_account.login_view, name="login"),
    path("accounts/logout/", views_account.logout_view, name="logout"),
    path("accounts/addresses", views_account.address_add, name="account-address"),
    path("accounts/password", views_account.password_change, name="account-password"),
]
