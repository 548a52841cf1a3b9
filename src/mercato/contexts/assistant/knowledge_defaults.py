# ruff: noqa: E501  (Chinese characters count double; these are prose rows)
"""The platform's default help articles in English and Chinese (operators edit them in Django admin afterwards;
merchants add their shop's own). Each row: intent, (title, ways of asking, answer) in en, then in zh."""

from __future__ import annotations

from typing import Final

Article = tuple[str, tuple[str, str, str], tuple[str, str, str]]

DEFAULT_ARTICLES: Final[tuple[Article, ...]] = (
    ("check_refund_policy",
     ("Returns: 7 days without a reason",
      "return policy; can I return an item; how do returns work; no reason return; send it back; refund policy",
      "Most items can be returned within 7 days of delivery without giving a reason: open the order under My "
      "orders and choose Return, or ask me. Fresh food and custom-made goods are excluded. The merchant refunds "
      "you once the goods arrive back."),
     ("七天无理由退货", "退货政策；可以退货吗；怎么退货；七天无理由；退换货规则；退款政策",
      "大部分商品签收后 7 天内支持无理由退货：在“我的订单”中选择退货，或直接告诉我。生鲜和定制商品除外。商家收到退回的商品后为您退款。")),
    ("check_refund_policy",
     ("How long a refund takes", "how long does a refund take; when will I get my money back; refund time",
      "Refunds go back to the original payment method. Card refunds usually arrive within 1–5 working days "
      "after the merchant issues them; cash-on-delivery orders are refunded to your account balance."),
     ("退款多久到账", "退款多久到账；钱什么时候退回；退款时间",
      "退款将原路退回。银行卡退款一般在商家处理后 1–5 个工作日内到账；货到付款订单退至账户余额。")),
    ("delivery_period",
     ("Delivery times", "how long does delivery take; when will it arrive; delivery time; how many days shipping",
      "Merchants ship paid orders within 48 hours. Standard delivery takes 2–5 days in mainland China, express "
      "1–2 days; remote areas may take 2–3 days longer. Once shipped, I can tell you the carrier and tracking "
      "number."),
     ("配送时效", "多久能到；几天送到；什么时候发货；配送要多久；物流时效",
      "商家在付款后 48 小时内发货。中国大陆普通快递 2–5 天送达，特快 1–2 天；偏远地区可能多 2–3 天。发货后我可以告诉您承运商和运单号。")),
    ("delivery_options",
     ("Delivery options", "delivery options; shipping methods; express shipping; do you offer express; "
      "shipping cost",
      "At checkout you choose standard delivery (free over the shop's threshold) or express delivery (a surcharge "
      "shown before you pay). Each shop ships its part of a checkout separately."),
     ("配送方式", "有哪些配送方式；可以发顺丰吗；有没有加急；运费多少；快递方式",
      "结算时可选择普通快递（满店铺包邮门槛免运费）或特快（付款前显示加价）。一次结算中各店铺的商品分别发货。")),
    ("check_payment_methods",
     ("Payment methods", "payment methods; how can I pay; do you accept cards; cash on delivery; pay options",
      "You can pay by bank card (Visa, Mastercard, UnionPay) or cash on delivery. Your card number is never "
      "stored; the money is held in escrow until you confirm receipt."),
     ("支付方式", "支持哪些支付方式；怎么付款；可以刷卡吗；货到付款；付款方式",
      "支持银行卡（Visa、万事达、银联）和货到付款。平台不保存卡号；货款由平台托管，确认收货后才结算给商家。")),
    ("payment_issue",
     ("Payment failed", "payment failed; card declined; I can't pay; payment error; charged twice",
      "If a card payment fails, the order stays open: you can try again or use another card before the "
      "reservation ends (15 minutes after checkout). A declined card is never charged. If you were charged but "
      "the order still says unpaid, ask me to hand you over to a colleague."),
     ("支付失败", "支付失败；银行卡被拒；付不了款；付款出错；重复扣款",
      "银行卡支付失败时订单仍然保留：在库存保留期（结算后 15 分钟）内可重试或换卡支付。被拒的卡不会扣款。如已扣款但订单仍显示未付款，请让我为您转接人工客服。")),
    ("check_cancellation_fee",
     ("Cancellation fee", "is there a cancellation fee; does it cost to cancel; cancel charge; penalty",
      "Cancelling before the order ships is free and anything you paid is refunded in full. After shipment an "
      "order cannot be cancelled; you can return it after delivery instead."),
     ("取消订单费用", "取消订单要收费吗；取消有手续费吗；违约金",
      "发货前取消订单免费，已付款项全额退回。发货后无法取消，可在签收后申请退货。")),
    ("get_invoice",
     ("Invoices", "invoice; receipt; where is my invoice; VAT invoice; fapiao",
      "Every paid order has an invoice on its order page (My orders → the order → Invoice). I can also send you "
      "the invoice of an order again here."),
     ("发票", "发票；开发票；怎么开票；收据；增值税发票",
      "已付款订单都可在订单页查看发票（我的订单 → 订单详情 → 发票）。我也可以在这里为您重新发送某个订单的发票。")),
    ("change_order",
     ("Changing an order", "change my order; modify order; change the size; add an item to my order",
      "An order cannot be edited after checkout. Before it ships you can cancel it for free and order again; "
      "its delivery address can still be changed until it ships."),
     ("修改订单", "修改订单；换尺码；订单加商品；改订单",
      "下单后订单内容无法修改。发货前可免费取消后重新下单；发货前也可以修改收货地址。")),
    ("place_order",
     ("How to order", "how do I order; how to buy; place an order; buy from several shops",
      "Add items from any shops to your cart and check out once: each shop gets its own order, paid together "
      "in one payment."),
     ("如何下单", "怎么下单；怎么购买；如何买东西；多个店铺一起买",
      "把不同店铺的商品加入购物车后一次结算：每个店铺生成各自的订单，一次付款。")),
    ("create_account",
     ("Creating an account", "create an account; sign up; register; open an account",
      "Choose Register at the top of any page, enter your email, a password and your name."),
     ("注册账户", "注册账号；创建账户；怎么注册；开户",
      "点击页面顶部的“注册”，填写邮箱、密码和姓名即可。")),
    ("delete_account",
     ("Deleting an account", "delete my account; close my account; remove my data",
      "To close your account and erase your personal data, ask me to hand you over to a colleague, who "
      "confirms your identity first. Orders are kept as long as the law requires, without your contact details."),
     ("注销账户", "注销账号；删除账户；删除我的数据",
      "如需注销账户并删除个人数据，请让我为您转接人工客服，核实身份后处理。订单记录按法律要求保留，但不含您的联系信息。")),
    ("edit_account",
     ("Editing your account", "edit my account; change my name; update profile; change email",
      "Open Account at the top of the page to change your name, your addresses or your password."),
     ("修改账户信息", "修改账户信息；改名字；更新资料；修改邮箱",
      "点击页面顶部的“账户”，可修改姓名、收货地址和密码。")),
    ("recover_password",
     ("Forgotten password", "forgot my password; reset password; can't log in; recover password",
      "If you forgot your password, ask me to hand you over to a colleague, who can reset it after checking "
      "your identity. When signed in you can change it under Account → Password."),
     ("忘记密码", "忘记密码；重置密码；登录不了；找回密码",
      "忘记密码时请让我为您转接人工客服，核实身份后为您重置。登录后也可在“账户 → 密码”中修改。")),
    ("registration_problems",
     ("Problems registering", "can't register; registration error; sign up not working; email already used",
      "Each email can hold one account; if it is taken, sign in instead. Passwords need at least 10 characters."),
     ("注册问题", "注册不了；注册报错；邮箱已被使用；无法注册",
      "每个邮箱只能注册一个账户；如提示已被使用，请直接登录。密码至少需要 10 个字符。")),
    ("switch_account",
     ("Switching accounts", "switch account; log in with another account; change user",
      "Log out at the top of the page, then sign in with the other account."),
     ("切换账户", "切换账号；换个账号登录；换用户",
      "点击页面顶部的“退出”，再用另一个账户登录。")),
    ("newsletter_subscription",
     ("Newsletter", "newsletter; subscribe; unsubscribe; marketing emails",
      "We do not send a newsletter yet, so there is nothing to subscribe to or to cancel."),
     ("订阅资讯", "订阅；退订；营销邮件；资讯推送",
      "平台暂未发送资讯邮件，无需订阅或退订。")),
    ("review",
     ("Reviews and feedback", "leave a review; give feedback; rate the seller; comment",
      "After you confirm receipt you can rate the order on its page; your feedback helps other shoppers and "
      "the platform's merchant ratings."),
     ("评价与反馈", "评价；反馈意见；给卖家打分；写评论",
      "确认收货后可在订单页评价，您的反馈会帮助其他买家，并计入商家评分。")),
    ("contact_customer_service",
     ("Contacting customer service", "contact customer service; customer service hours; phone number; "
      "how to reach you",
      "I answer around the clock. Colleagues from customer service work 9:00–21:00 (Beijing time) every day; "
      "ask me for a person and I hand the conversation over."),
     ("联系客服", "联系客服；客服电话；客服时间；怎么找客服",
      "我全天在线。人工客服每天 9:00–21:00（北京时间）服务；告诉我“转人工”即可转接。")),
    ("set_up_shipping_address",
     ("Saving a delivery address", "add an address; set up shipping address; save my address",
      "Add addresses under Account → Addresses; at checkout you pick one or enter a new one."),
     ("设置收货地址", "添加收货地址；设置地址；保存地址",
      "在“账户 → 收货地址”中添加地址，结算时选择或填写新地址即可。")),
    ("escrow",
     ("Money held in escrow", "escrow; when does the seller get paid; confirm receipt; is my money safe",
      "Your payment is held in escrow until you confirm receipt (automatically 10 days after delivery), so a "
      "merchant is paid only for goods that arrived."),
     ("资金托管", "资金托管；卖家什么时候收到钱；确认收货；钱安全吗",
      "货款由平台托管，直到您确认收货（签收 10 天后自动确认）才结算给商家，只有送达的商品才会付款给商家。")),
    ("product_question",
     ("Questions about a product", "product details; is it genuine; size; material; where does it come from; "
      "in stock",
      "Each product page shows its description, variants and stock. Products with a barcode show a QR code: "
      "scan it to see the batch's supply-chain history. For anything else, the shop's own articles or a "
      "colleague can help."),
     ("商品咨询", "商品详情；是正品吗；尺码；材质；产地；有货吗",
      "商品页展示描述、规格和库存。带条码的商品有二维码，扫码可查看批次的供应链溯源记录。其他问题可查看店铺说明或咨询人工客服。")),
    ("check_refund_policy",
     ("Fresh and custom-made goods", "fresh food return; perishable; custom made return; personalised item",
      "Fresh food and custom-made goods cannot be returned without a reason. If they arrive damaged or wrong, "
      "ask me for a colleague and we sort it out with the merchant."),
     ("生鲜与定制商品", "生鲜退货；水果坏了；定制商品退货；个性化商品",
      "生鲜和定制商品不支持七天无理由退货。如收到时损坏或发错，请转人工客服，我们会与商家协商处理。")),
)


def missing_articles(existing: set[tuple[str, str]]) -> list[dict[str, str]]:
    """The default articles not yet present (by language and title), as field values of a knowledge entry."""
    return [{"lang": lang, "intent": intent, "title": title, "question": question, "answer": answer}
            for intent, en, zh in DEFAULT_ARTICLES
            for lang, (title, question, answer) in (("en", en), ("zh", zh)) if (lang, title) not in existing]
