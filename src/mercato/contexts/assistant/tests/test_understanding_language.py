"""Language by script, and the sentiment signal used for handing over."""

from __future__ import annotations

import pytest

from mercato.contexts.assistant.understanding import detect_language
from mercato.contexts.assistant.understanding.sentiment import sentiment


@pytest.mark.parametrize(("text", "lang"), [
    ("我的订单到哪了", "zh"),
    ("where is my order", "en"),
    ("我的order到哪了", "zh"),
    ("iPhone 15 能用吗", "zh"),
    ("好", "zh"),
    ("ok", "en"),
    ("202603061234567890", "en"),
    ("can I pay with WeChat 支付 please, I am in a hurry", "zh"),
    ("is the 小 size ok for someone who is quite tall and slim", "en"),
])
def test_language_follows_the_script_that_carries_the_message(text, lang):
    assert detect_language(text) == lang


def test_anger_is_negative_and_thanks_positive_in_both_languages():
    assert sentiment("THIS IS THE WORST SERVICE EVER!!! scam") < -0.8
    assert sentiment("什么垃圾东西，气死我了，我要投诉") < -0.8
    assert sentiment("thanks, that was really helpful") > 0.5
    assert sentiment("太感谢了") > 0.3
    assert sentiment("you sent me a fake product, I'm furious") < -0.6
    assert sentiment("where is my order") == 0.0
    assert sentiment("the blender is broken") > -0.6  # a fault is not anger: no hand-over for it alone


def test_negation_softens_and_flips_english_words():
    assert sentiment("not happy") < 0 < sentiment("happy")
    assert sentiment("I'm not angry") > sentiment("I'm angry")
