"""Which language a CV sentence is written in: Swedish or English.

Evidence is calibrated per language (:mod:`matching.background`), because a multilingual
encoder puts two sentences in the same language closer together than a sentence and its
translation. A sentence is read as English when English function words outnumber Swedish
ones; letters only Swedish has (å, ä, ö) count for Swedish. Everything else, including a
sentence with no function words at all, is Swedish, the language the service is for.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["LANGUAGES", "Language", "language_of"]

Language = Literal["sv", "en"]
LANGUAGES: tuple[Language, ...] = ("sv", "en")

_SWEDISH = frozenset(
    """
    och att det som är jag en ett på för med av till har har var inte om hos från inom där
    vi de den man kan ska sedan också mellan under efter vid mot så men eller när år mitt
    min mina dem deras varit arbetar arbetade jobbar
    """.split()
)
_ENGLISH = frozenset(
    """
    and the of to is i a an in for with at from have has had was were been my our we they
    that this which who as on by since during years year work worked working am are not
    """.split()
)
_WORDS = re.compile(r"[a-zåäöéü']+")


def language_of(sentence: str) -> Language:
    """The sentence's language.

    >>> language_of("I have worked at the Social Insurance Agency for five years.")
    'en'
    >>> language_of("Jag har arbetat på Försäkringskassan i fem år.")
    'sv'
    >>> language_of("Försäkringsmedicin")
    'sv'
    """
    words = _WORDS.findall(sentence.lower())
    english = sum(w in _ENGLISH for w in words)
    swedish = sum(w in _SWEDISH for w in words) + sum(ch in "åäö" for ch in sentence.lower())
    return "en" if english > swedish else "sv"
