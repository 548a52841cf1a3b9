"""Actions through the real orders services, each confirmed first and logged; and attempts to learn about or act
on another customer's order, which must come back empty-handed."""

from __future__ import annotations

from mercato.contexts.assistant.models import ActionLog, ActionProposal

from .conftest import Chat, Orders


def _order(orders: Orders, role: str, api=None) -> dict:
    r = (api or orders.shopper).get(f"/orders/{orders.ids[role]}")
    assert r.status_code == 200
    return dict(r.body)


def test_cancel_is_proposed_then_executed_only_after_yes_and_logged(orders: Orders, chat: Chat):
    number = orders.numbers["paid"]
    reply = chat.say(f"please cancel order {number}")
    assert reply["actions_proposed"][0]["kind"] == "cancel_order"
    assert reply["pending_confirmation"] == reply["actions_proposed"][0]["id"]
    assert _order(orders, "paid")["status"] == "paid"  # nothing happens before the shopper confirms
    reply = chat.say("yes please")
    assert _order(orders, "paid")["status"] == "cancelled"
    assert "cancelled" in reply["text"] and "¥1999.00" in reply["text"]  # the refund, from the order's figures
    log = ActionLog.objects.get(order_id=orders.ids["paid"])
    assert (log.kind, log.outcome, log.conversation_id) == ("cancel_order", "executed", chat.id)


def test_no_keeps_the_order(orders: Orders, chat: Chat):
    chat.say(f"cancel {orders.numbers['paid']}")
    reply = chat.say("no, keep it")
    assert _order(orders, "paid")["status"] == "paid" and orders.numbers["paid"] in reply["text"]
    assert ActionProposal.objects.get(conversation_id=chat.id).status == "declined"
    assert not ActionLog.objects.exists()


def test_multi_turn_where_is_it_then_cancel_it_is_refused_for_a_shipped_order_with_a_reason(orders, chat):
    chat.say(f"where is my order {orders.numbers['shipped']}")
    reply = chat.say("cancel it")
    assert reply["actions_proposed"] == [] and "already shipped" in reply["text"]
    assert ActionLog.objects.get().outcome == "refused"
    assert _order(orders, "shipped")["status"] == "shipped"


def test_which_order_then_the_second_one_in_chinese(orders, chat):
    reply = chat.say("我要取消订单")
    assert orders.numbers["paid"] in reply["text"] and orders.numbers["unpaid"] in reply["text"]
    assert orders.numbers["shipped"] not in reply["text"]  # a shipped order cannot be cancelled: not offered
    listed = [line for line in reply["text"].splitlines() if line[:1].isdigit()]
    second = listed[1].split(" · ")[0].split(". ")[1]
    reply = chat.say("第二个")
    assert reply["actions_proposed"][0]["order_number"] == second
    chat.say("确认")
    assert ActionLog.objects.get().order_number == second


def test_a_return_within_the_window_is_requested_through_the_returns_service(orders, chat):
    reply = chat.say(f"I want to return order {orders.numbers['delivered']}")
    assert reply["actions_proposed"][0]["kind"] == "start_return"
    chat.say("yes")
    returns = _order(orders, "delivered")["returns"]
    assert len(returns) == 1 and returns[0]["status"] == "requested"
    assert chat.say(f"return {orders.numbers['perishable']}")["actions_proposed"] == []
    assert "cannot be returned" in chat.replies[-1]["text"]


def test_the_address_changes_before_shipment_after_confirmation(orders, chat):
    chat.say(f"I need to change the shipping address of {orders.numbers['paid']}")
    reply = chat.say("Wang Wu, 13900001111, Zhejiang, Hangzhou, Xihu, 90 Wensan Road, 310012")
    assert reply["actions_proposed"][0]["kind"] == "change_shipping_address" and "Hangzhou" in reply["text"]
    chat.say("yes")
    invoice = orders.shopper.client.get(f"/api/v1/orders/{orders.ids['paid']}/invoice",
                                        headers={"Authorization": f"Bearer {orders.shopper.token}"})
    assert "Hangzhou" in invoice.content.decode() and "310012" in invoice.content.decode()


def test_the_invoice_is_sent_again_as_a_link_to_the_shoppers_own_invoice(orders, chat):
    chat.say(f"can I get the invoice for {orders.numbers['delivered']}")
    reply = chat.say("yes")
    assert f"/orders/{orders.ids['delivered']}/invoice" in reply["text"]
    assert ActionLog.objects.get().kind == "send_invoice"


def test_another_customers_order_number_reveals_nothing(orders, chat):
    theirs = orders.numbers["others"]
    other_order = _order(orders, "others", orders.other)
    for text in (f"where is my order {theirs}", f"cancel order {theirs}", f"refund status of {theirs}",
                 f"I want to return {theirs}", f"invoice for {theirs}", f"我的订单{theirs}到哪了"):
        reply = chat.say(text)
        assert reply["actions_proposed"] == [] and reply["pending_confirmation"] is None
        assert other_order["id"] not in reply["text"]
        assert "1999" not in reply["text"] and "paid" not in reply["text"].replace(theirs, "")
    chat.say("yes")
    assert _order(orders, "others", orders.other)["status"] == "paid"
    assert not ActionLog.objects.exists()


def test_the_second_customer_cannot_reach_the_first_ones_orders_through_context(orders):
    mine = Chat(orders.shopper).start()
    mine.say(f"where is my order {orders.numbers['shipped']}")
    intruder = Chat(orders.other).start()
    reply = intruder.say("where is my order?")
    assert orders.numbers["shipped"] not in reply["text"] and "SF1234567890" not in reply["text"]
    assert orders.numbers["others"] in reply["text"]  # their own single order, answered directly
