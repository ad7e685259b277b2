"""What an import did to the rows it names: added, changed, unchanged and, for a replacing
import, removed, by natural key. A store counts them inside the import's own transaction
(``write(count_changes=True)``), against the rows the import replaces; counted against a
read made before it, a write of someone else's in between would be counted as the import's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from graph.model.schema import SECTIONS, Document, Row

__all__ = ["counted"]

# The stored rows of a section among these keys, by key; and how many rows it holds.
Stored = Callable[[str, list[str]], Mapping[str, Row]]
Held = Callable[[str], int]


def counted(imported: Document, stored: Stored, held: Held, *,
            replace: bool) -> dict[str, int]:
    """How the rows of ``imported`` compare with the stored ones: added, changed (any
    field differs: a write sets every column), unchanged, and, for a replacing import,
    removed (stored, not in the import). Only the sections the import names are looked
    at (a staff list touches one of a national store's eight), and only the rows it
    names, except that a replacing import counts every stored row it leaves out."""
    out = {"added": 0, "changed": 0, "unchanged": 0, "removed": 0}
    for section in SECTIONS:
        incoming = getattr(imported, section)
        if not incoming and not replace:
            continue
        new = {r.key(): r for r in incoming}
        old = stored(section, list(new))
        for key, row in new.items():
            was = old.get(key)
            kind = ("added" if was is None else "unchanged"
                    if was.model_dump(mode="json") == row.model_dump(mode="json") else "changed")
            out[kind] += 1
        if replace:
            out["removed"] += held(section) - len(old)
    return out
