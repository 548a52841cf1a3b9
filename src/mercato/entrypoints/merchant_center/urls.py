"""/merchant/…: the merchant center."""

from django.urls import URLPattern, path, re_path

from .views import apply, balance, dashboard, flash_sales, orders, products, provenance, returns, stock

ID = r"[a-z]{2,5}_[0-9a-z]{26}"  # our identifiers (prefix_ULID): anything else is a 404

app_name = "merchant_center"
urlpatterns: list[URLPattern] = [
    path("", dashboard.dashboard, name="dashboard"),
    path("apply/", apply.apply, name="apply"),
    path("products/", products.product_list, name="products"),
    path("products/new/", products.product_create, name="product_create"),
    re_path(rf"^products/(?P<product_id>{ID})/$", products.product_edit, name="product_edit"),
    re_path(rf"^products/(?P<product_id>{ID})/variants/$", products.variant_add, name="variant_add"),
    re_path(rf"^products/(?P<product_id>{ID})/images/$", products.image_add, name="image_add"),
    path("warehouses/", stock.warehouses, name="warehouses"),
    path("stock/", stock.stock_list, name="stock"),
    re_path(rf"^stock/(?P<variant_id>{ID})/$", stock.variant_stock, name="variant_stock"),
    path("orders/", orders.order_list, name="orders"),
    re_path(rf"^orders/(?P<order_id>{ID})/$", orders.order_detail, name="order_detail"),
    re_path(rf"^orders/(?P<order_id>{ID})/ship/$", orders.order_ship, name="order_ship"),
    re_path(rf"^orders/(?P<order_id>{ID})/deliver/$", orders.order_deliver, name="order_deliver"),
    re_path(rf"^orders/(?P<order_id>{ID})/cancel/$", orders.order_cancel, name="order_cancel"),
    re_path(rf"^orders/(?P<order_id>{ID})/refund/$", orders.order_refund, name="order_refund"),
    path("returns/", returns.return_list, name="returns"),
    re_path(rf"^returns/(?P<return_id>{ID})/(?P<decision>[a-z]+)/$", returns.return_decide, name="return_decide"),
    path("balance/", balance.balance, name="balance"),
    path("provenance/", provenance.provenance_page, name="provenance"),
    path("provenance/parties/", provenance.party_add, name="party_add"),
    path("provenance/captures/", provenance.capture_upload, name="capture_upload"),
    re_path(rf"^provenance/captures/(?P<capture_id>{ID})/$", provenance.capture_detail, name="capture_detail"),
    path("flash-sales/", flash_sales.sale_list, name="flash_sales"),
    re_path(rf"^flash-sales/(?P<sale_id>{ID})/$", flash_sales.sale_detail, name="flash_sale"),
    re_path(rf"^flash-sales/(?P<sale_id>{ID})/cancel/$", flash_sales.sale_cancel, name="flash_sale_cancel"),
]
