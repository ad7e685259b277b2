"""Searching names as a person types them: case, accents and spacing ignored.

"anna berg" finds "Anna  Berg", "jose" finds "José" and "ostlund" finds "Östlund": a search
box is typed on any keyboard, often without the letters of another language. One fold for
every search that matches typed text against names (the people pickers, the editor's rows,
the survey's search), so that each finds what the others find.
"""

from __future__ import annotations

import unicodedata

__all__ = ["fold"]


# The combining accents of Latin letters (U+0300-U+036F), which NFKD splits off "é" and
# "ö"; deleted by str.translate, in C, since a search folds every row of a section.
_ACCENTS = dict.fromkeys(range(0x300, 0x370))


def fold(text: str) -> str:
    """``text`` without case, accents (å becomes a, as ö becomes o) or repeated spaces; a
    search folds both the typed text and what it looks in, and asks ``fold(q) in fold(name)``.

    >>> fold("  Östlund,  JOSÉ ")
    'ostlund, jose'
    """
    text = text.casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).translate(_ACCENTS)
    return " ".join(text.split())
