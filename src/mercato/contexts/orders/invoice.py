"""The order's invoice as a small, printable HTML page (escaped; no personal data beyond the buyer's own)."""

from __future__ import annotations

from django.utils.html import escape

from mercato.contexts.identity.contracts import AddressData

from .models import Order


def render_invoice(order: Order, address: AddressData) -> str:
    rows = "".join(
        f"<tr><td>{escape(ln.sku)}</td><td>{escape(ln.title.get('zh-Hans', ''))} / {escape(ln.title.get('en', ''))}"
        f"</td><td>{ln.quantity}</td><td>{ln.unit_price:.2f}</td><td>{ln.amount_paid:.2f}</td></tr>"
        for ln in order.lines.all()
    )
    where = ", ".join(escape(p) for p in (address.line1, address.district, address.city, address.region,
                                          address.postal_code, address.country) if p)
    return (
        "<!doctype html><html lang='zh-Hans'><meta charset='utf-8'><title>Invoice "
        f"{escape(order.number)}</title><body><h1>发票 Invoice {escape(order.number)}</h1>"
        f"<p>{escape(address.name)} · {where}</p><p>Placed {order.placed_at:%Y-%m-%d %H:%M} UTC · "
        f"status {escape(order.status)}</p><table border='1' cellpadding='4'><tr><th>SKU</th><th>Item</th>"
        f"<th>Qty</th><th>Unit</th><th>Paid</th></tr>{rows}</table>"
        f"<p>Shipping {order.shipping:.2f} · Tax {order.tax:.2f} · Total <b>{order.total:.2f} {order.currency}</b>"
        f" · Refunded {order.refunded_total:.2f}</p></body></html>"
    )
