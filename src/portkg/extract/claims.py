"""Innovation claims (全国首例, 全省率先 …) with their scope."""
from __future__ import annotations

import re

from .model import Claim
from .text import clause

CLAIM = re.compile(r"(全国首例|全国首个|全国首创|全国首批|全国首条|全国首票|全国首家|全国唯一|全国率先|国内首[个创例家]|"
                   r"全球首[个创例]|[\u4e00-\u9fa5]{2,3}省首[创个票条家例]|全省首[创个票条家例]|省内首[个创家条]|全省率先|"
                   r"省内率先|全省唯一|[\u4e00-\u9fa5]{0,4}关区(?:率先|唯一|首[个创例家])|全国[\u4e00-\u9fa5]{2,8}首例|首创|率先)")


def claim_scope(word: str) -> str:
    if word.startswith(("全国", "国内", "全球")):
        return "sector" if ("机关" in word or "港航" in word) and "首例" in word else "national"
    if word.startswith(("全省", "省内")) or re.match(r"[\u4e00-\u9fa5]{2,3}省首", word):
        return "provincial"
    if "关区" in word:
        return "customs-district"
    return "sector"


def claims(text: str, a: int, b: int) -> list[Claim]:
    out = []
    for m in CLAIM.finditer(text, a, b):
        s, e = clause(text, m.start(), m.end(), a, b)
        while e < b and text[e] not in "，。；！？\n":
            e += 1
        word = m.group(0)
        if word == "率先" and text[max(a, m.start() - 2):m.start()] in ("全省", "省内", "全国"):
            continue
        out.append(Claim(text[s:e].strip(), s, e, claim_scope(word)))
    return out
