"""How upset the shopper sounds, -1 (furious) .. 1 (delighted), from a small bilingual lexicon.

It is a signal for handing over to a person, not a review classifier: strong words, insults, repeated "!"
and shouting in capitals push the score down; thanks and praise push it up; "not" flips an English word.
"""

from __future__ import annotations

import math
import re
from typing import Final

_NEGATIVE: Final[dict[str, float]] = {
    # zh
    "垃圾": 2.0, "骗子": 2.5, "骗人": 2.0, "坑人": 2.0, "气死": 2.5, "恶心": 2.0, "滚": 2.0, "太差": 2.0,
    "差劲": 2.0, "无语": 1.5, "离谱": 1.5, "过分": 1.5, "投诉": 1.5, "差评": 1.5, "失望": 1.5, "生气": 2.0,
    "愤怒": 2.5, "烂": 1.5, "什么破": 1.5, "假货": 2.0, "坑": 1.0, "什么鬼": 1.5, "搞什么": 1.5, "凭什么": 1.5,
    "不满意": 1.5, "退钱": 1.0, "举报": 1.5, "态度差": 2.0, "太慢": 1.0, "崩溃": 2.0, "服了": 1.0, "妈的": 2.5,
    "tmd": 2.5, "sb": 2.5, "傻": 2.0, "黑店": 2.5, "忽悠": 1.5, "受够": 2.0, "着急": 1.0, "急死": 2.0,
    "欺骗": 2.0, "坑爹": 2.0, "不负责任": 2.0, "耍人": 2.0, "糊弄": 1.5, "火大": 2.0,
    # en
    "terrible": 2.0, "awful": 2.0, "worst": 2.5, "horrible": 2.0, "ridiculous": 2.0, "unacceptable": 2.0,
    "scam": 2.5, "fraud": 2.5, "garbage": 2.0, "trash": 2.0, "useless": 2.0, "angry": 2.0, "furious": 2.5,
    "upset": 1.5, "disappointed": 1.5, "annoyed": 1.5, "pathetic": 2.0, "rude": 1.5, "hate": 2.0,
    "complaint": 1.0, "complain": 1.0, "sucks": 2.0, "suck": 2.0, "wtf": 2.5, "damn": 1.5, "bloody": 1.0,
    "shit": 2.5, "crap": 2.0, "fuck": 3.0, "fucking": 3.0, "joke": 1.0, "broken": 0.5, "never": 0.5,
    "lawyer": 2.0, "sue": 2.0, "done with": 1.5, "fed up": 2.0, "still not": 1.0, "nobody": 0.5,
    "fake": 1.5, "lied": 2.0, "liar": 2.5, "liars": 2.5, "cheated": 2.0, "outrageous": 2.0, "disgrace": 2.0,
    "unhappy": 1.5, "annoying": 1.5, "incompetent": 2.0, "stupid": 2.0, "idiots": 2.5, "ripped off": 2.0,
}
_POSITIVE: Final[dict[str, float]] = {
    "谢谢": 1.5, "感谢": 1.5, "多谢": 1.5, "好评": 1.5, "满意": 1.5, "很好": 1.5, "太好了": 2.0, "喜欢": 1.0,
    "棒": 1.5, "赞": 1.5, "给力": 1.5, "辛苦": 1.0, "不错": 1.0,
    "thanks": 1.5, "thank": 1.5, "thx": 1.5, "great": 1.5, "awesome": 2.0, "perfect": 2.0, "love": 1.5,
    "excellent": 2.0, "good": 1.0, "happy": 1.5, "nice": 1.0, "helpful": 1.5, "appreciate": 1.5, "cheers": 1.0,
}
_NEGATORS: Final[frozenset[str]] = frozenset({"not", "no", "never", "isnt", "wasnt", "dont", "didnt", "arent"})
_ZH_NEGATORS: Final[tuple[str, ...]] = ("不", "没", "别")
_WORD_RE = re.compile(r"[a-z']+")


def sentiment(text: str) -> float:
    """A squashed sum of lexicon weights; 0.0 when nothing in the message carries feeling."""
    lowered = text.lower()
    score = _english_score(lowered) + _chinese_score(lowered)
    score -= 0.5 * min(text.count("!") + text.count("！"), 6) if score < 0 or "?!" in text else 0.0
    shouted = [w for w in re.findall(r"[A-Za-z]{3,}", text) if w.isupper()]
    if len(shouted) >= 2:
        score -= 1.0
    return round(math.tanh(score / 3.0), 3)


def _english_score(lowered: str) -> float:
    words = [w.replace("'", "") for w in _WORD_RE.findall(lowered)]
    score = 0.0
    for index, word in enumerate(words):
        weight = _POSITIVE.get(word, 0.0) - _NEGATIVE.get(word, 0.0)
        if weight and index > 0 and words[index - 1] in _NEGATORS:
            weight = -weight * 0.5
        score += weight
    joined = " ".join(words)
    return score - sum(w for phrase, w in _NEGATIVE.items() if " " in phrase and phrase in joined)


def _chinese_score(lowered: str) -> float:
    score = 0.0
    for lexicon, sign in ((_NEGATIVE, -1.0), (_POSITIVE, 1.0)):
        for word, weight in lexicon.items():
            if word.isascii():
                continue
            start = lowered.find(word)
            while start >= 0:
                negated = start > 0 and lowered[start - 1] in _ZH_NEGATORS and not word.startswith("不")
                score += sign * weight * (-0.5 if negated else 1.0)
                start = lowered.find(word, start + len(word))
    return score
