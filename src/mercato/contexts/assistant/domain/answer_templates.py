"""Every sentence the assistant says, in English and Simplified Chinese. Replies are composed from these and
from facts the services looked up; nothing about an order is ever made up."""

from __future__ import annotations

from typing import Final

Lang = str  # "en" | "zh"

TEMPLATES: Final[dict[str, tuple[str, str]]] = {
    "greeting": ("Hello! I can track your orders, cancel or return them, change a delivery address, resend an "
                 "invoice, and answer questions about delivery, payment and returns.",
                 "您好！我可以帮您查询订单和物流、取消订单、申请退货、修改收货地址、补发发票，也可以解答配送、支付和退货方面的问题。"),
    "thanks": ("You're welcome. Anything else I can help with?", "不客气，还有什么可以帮您？"),
    "ok": ("All right. Anything else I can help with?", "好的，还有什么可以帮您？"),
    "clarify": ("Sorry, I did not quite get that. You can ask me e.g. \"where is my order\", \"cancel my "
                "order\", \"I want to return an item\" or \"how long does delivery take\".",
                "抱歉，我没有完全理解。您可以这样问我：“我的订单到哪了”“取消订单”“我要退货”“多久能送到”。"),
    "ask_login": ("Please log in first, so that I can look up your orders. Questions about delivery, payment "
                  "or returns I can answer right away.",
                  "请先登录，我才能查询您的订单。配送、支付或退货方面的问题可以直接问我。"),
    "ask_which_order": ("Which order do you mean? Reply with its number or its position in this list:",
                        "请问是哪一个订单？请回复订单号或序号（如“第二个”）："),
    "candidate": ("{position}. {number} · {status} · {items} · {placed}",
                  "{position}. {number} · {status} · {items} · {placed}"),
    "order_not_found": ("I cannot find an order {number} on your account. Please check the number.",
                        "您的账户下没有订单号为 {number} 的订单，请核对后再试。"),
    "no_orders": ("I cannot find any orders on your account yet.", "您的账户下暂时没有订单。"),
    "escalated": ("I am handing this conversation over to a colleague from customer service, who can see "
                  "everything we discussed and will get back to you here shortly.",
                  "我已将本次对话转给人工客服，客服同事可以看到我们的全部对话，会尽快在这里回复您。"),
    "status_pending_payment": ("Order {number} is waiting for payment (pay by {deadline}).",
                               "订单 {number} 待付款（请在 {deadline} 前完成支付）。"),
    "status_paid": ("Order {number} is paid and is being prepared for shipment.",
                    "订单 {number} 已付款，商家正在备货发货。"),
    "status_shipped": ("Order {number} has shipped.", "订单 {number} 已发货。"),
    "status_delivered": ("Order {number} was delivered on {date}.", "订单 {number} 已于 {date} 送达。"),
    "status_completed": ("Order {number} is complete (delivered on {date}).", "订单 {number} 已完成（{date} 送达）。"),
    "status_cancelled": ("Order {number} was cancelled.", "订单 {number} 已取消。"),
    "status_refunded": ("Order {number} was refunded.", "订单 {number} 已退款。"),
    "shipment": ("Carrier: {carrier}, tracking number {tracking} (shipped {date}).",
                 "承运商：{carrier}，运单号 {tracking}（{date} 发出）。"),
    "return_open_until": ("You can return it without giving a reason until {date}.", "{date} 前可申请七天无理由退货。"),
    "refund_none": ("No refund has been made for order {number}.", "订单 {number} 暂无退款记录。"),
    "refund_line": ("Refund of {amount} issued on {date}.", "{date} 已退款 {amount}。"),
    "refund_total": ("In total {amount} has been refunded for order {number}; it reaches your original payment "
                     "method within 1–5 working days.",
                     "订单 {number} 共退款 {amount}，款项将在 1–5 个工作日内原路退回。"),
    "return_line": ("Return {status}: {amount}.", "退货申请{status}：{amount}。"),
    "propose_cancel_order": ("Shall I cancel order {number} ({items}, {total})? Anything paid is refunded "
                             "in full. Reply \"yes\" to confirm or \"no\" to keep it.",
                             "要取消订单 {number}（{items}，{total}）吗？已付款项将全额退回。"
                             "回复“确认”取消，回复“不用”保留订单。"),
    "propose_start_return": ("Shall I request a return of {items} from order {number} (refund {amount} once the "
                             "merchant receives the goods)? Reply \"yes\" to confirm or \"no\".",
                             "要为订单 {number} 申请退货（{items}，商家收货后退款 {amount}）吗？回复“确认”或“不用”。"),
    "propose_change_shipping_address": ("Shall I change the delivery address of order {number} to: {address}? "
                                        "Reply \"yes\" to confirm or \"no\".",
                                        "要把订单 {number} 的收货地址改为：{address} 吗？回复“确认”或“不用”。"),
    "propose_send_invoice": ("Shall I send you the invoice of order {number} again? Reply \"yes\" or \"no\".",
                             "需要为您重新发送订单 {number} 的发票吗？回复“确认”或“不用”。"),
    "ask_address": ("Please send the new address of order {number} as: name, phone, province, city, district, "
                    "street, postal code (separated by commas).",
                    "请按以下格式发送订单 {number} 的新地址："
                    "姓名，电话，省份，城市，区县，详细地址，邮编（用逗号分隔）。"),
    "ask_address_again": ("That does not look like a complete address. Please write: name, phone, province, city, "
                          "district, street, postal code.",
                          "地址似乎不完整，请按格式发送：姓名，电话，省份，城市，区县，详细地址，邮编。"),
    "done_cancel_order": ("Done: order {number} is cancelled.", "已为您取消订单 {number}。"),
    "done_cancel_refund": ("{amount} will be refunded to your original payment method within 1–5 working days.",
                           "{amount} 将在 1–5 个工作日内原路退回。"),
    "done_start_return": ("Done: return requested for order {number}. Please send the goods back to the merchant; "
                          "{amount} is refunded once they arrive.",
                          "已为订单 {number} 提交退货申请。请将商品寄回商家，商家收货后退款 {amount}。"),
    "done_change_shipping_address": ("Done: order {number} will be delivered to {address}.",
                                     "已修改：订单 {number} 将寄往 {address}。"),
    "done_send_invoice": ("Here is the invoice of order {number}: {url}", "订单 {number} 的发票：{url}"),
    "declined": ("All right, I have left order {number} as it is.", "好的，订单 {number} 保持不变。"),
    "already_cancelled": ("Order {number} is already cancelled.", "订单 {number} 已经取消了。"),
    "already_refunded": ("Order {number} has already been refunded in full.", "订单 {number} 已全额退款。"),
    "cancel_after_shipment": ("Order {number} has already shipped, so it can no longer be cancelled. Once it is "
                              "delivered you can return it within 7 days.",
                              "订单 {number} 已发货，无法取消。收货后 7 天内可申请退货。"),
    "cancel_after_delivery": ("Order {number} was already delivered, so it cannot be cancelled, but you can "
                              "request a return instead.", "订单 {number} 已送达，无法取消，但可以申请退货。"),
    "nothing_paid": ("Order {number} has not been paid, so there is nothing to refund. You can cancel it instead.",
                     "订单 {number} 尚未付款，无需退款，可以直接取消订单。"),
    "return_after_delivery": ("Order {number} is on its way. Once it is delivered you can return it within 7 "
                              "days.", "订单 {number} 正在配送中，签收后 7 天内可申请退货。"),
    "return_already_open": ("A return for order {number} is already in progress.",
                            "订单 {number} 已有进行中的退货申请。"),
    "return_window_closed": ("The 7-day return window of order {number} has closed, so I cannot request a "
                             "no-reason return. If the goods are faulty, a colleague can help.",
                             "订单 {number} 的七天无理由退货期已过。如商品有质量问题，可联系人工客服处理。"),
    "nothing_returnable": ("The items of order {number} (fresh or custom-made goods) cannot be returned without "
                           "a reason.", "订单 {number} 中的商品（生鲜或定制商品）不支持七天无理由退货。"),
    "address_after_shipment": ("Order {number} has already shipped, so its address can no longer be changed. "
                               "Please contact the carrier with tracking number {tracking}.",
                               "订单 {number} 已发货，无法修改地址。请凭运单号 {tracking} 联系承运商。"),
    "invoice_unpaid": ("Order {number} is not paid yet; its invoice is issued once it is paid.",
                       "订单 {number} 尚未付款，付款后才能开具发票。"),
    "action_failed": ("I could not do that: {detail}", "操作未能完成：{detail}"),
    "knowledge_source": ("(Source: {title})", "（来源：{title}）"),
    "knowledge_none": ("I do not have an answer to that in our help articles. Could you rephrase it, or shall I "
                       "pass you to a colleague?",
                       "帮助中心里没有找到相关答案。您可以换个说法，或者让我为您转接人工客服。"),
}

STATUS_NAMES: Final[dict[str, tuple[str, str]]] = {
    "pending_payment": ("awaiting payment", "待付款"), "paid": ("paid", "已付款"), "shipped": ("shipped", "已发货"),
    "delivered": ("delivered", "已送达"), "completed": ("completed", "已完成"), "cancelled": ("cancelled", "已取消"),
    "refunded": ("refunded", "已退款"), "requested": ("requested", "已提交"), "approved": ("approved", "已同意"),
    "rejected": ("rejected", "已拒绝"), "received": ("received, refunded", "已收货并退款"),
}


def say(key: str, lang: Lang, **facts: object) -> str:
    en, zh = TEMPLATES[key]
    return (zh if lang == "zh" else en).format(**facts)


def status_name(status: str, lang: Lang) -> str:
    en, zh = STATUS_NAMES.get(status, (status, status))
    return zh if lang == "zh" else en
