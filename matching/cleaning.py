"""Remove control characters from CV text before anything reads it.

A NUL byte, a bidirectional override (U+202E turns "Anna" into what a screen shows as
"annA") or a zero-width space inside a word can hide a name from masking, make the text a
recruiter sees differ from the text that was scored, or break a SQLite or JSON consumer.
They carry no meaning in a CV, so they are removed; tabs and line breaks stay, since the
sentence splitter reads them. Removing (not replacing) keeps "Lind\\u200bqvist" one word.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_text"]

# Cc (controls other than tab and line breaks), bidirectional embeddings, overrides and
# isolates, zero-width characters, the byte order mark and the line/paragraph separators
# (U+2028/9, which str.splitlines treats as line breaks but editors do not).
_UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb]"
)


def clean_text(text: str) -> str:
    """``text`` in NFC form without control or invisible formatting characters.

    >>> clean_text("Anna\\u202e Lind\\u200bqvist\\x00, socionom\\r\\n")
    'Anna Lindqvist, socionom\\r\\n'
    """
    text = unicodedata.normalize("NFC", text).replace("\u2028", "\n").replace("\u2029", "\n")
    return _UNWANTED.sub("", text)
