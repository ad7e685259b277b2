"""The graph as it was on a day: the rows, with the recorded changes of later days undone.

A row's ``since``/``until`` say when what it states was true, and the projection of a day
already reads them. What the rows cannot say is what was overwritten or removed: a tie
deleted in the editor has no row left to carry its period, and a person has one
``organisation``, so a move to another unit leaves no trace in the row. The change history
(:mod:`graph.store.change_history`) keeps every edit's rows before and after with the day
it took effect; the view of day ``D`` is the graph built from only the changes of days up
to ``D``: each row a later change touched is what the last change up to ``D`` made it, or,
when every change to it came later, what it was before the first of them.

Each change states whole rows, so this is exact when the changes to one row were made in
the order of their days (an edit backdated before a later-dated one of the same row
states that row as the later one left it). Changes the history never saw (imports,
erasures) are in the rows as they are now.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from graph.model.schema import SECTIONS, Document, Row
from graph.store.change_history import Change, ChangeHistory

__all__ = ["dumped_key", "moves", "on_day", "recorded_after", "rewound", "row_key", "state_after"]


def row_key(section: str, row: dict[str, Any]) -> str:
    """The key :meth:`Row.key` gives, from a row's plain data."""
    return "\x1f".join(str(row.get(f) or "") for f in SECTIONS[section].natural_key)


def dumped_key(row: Row) -> str:
    """:func:`row_key` of the row's plain data (:func:`graph.model.document.to_data`),
    without dumping it: a key field the row left unset is empty there, where
    :meth:`Row.key` gives its default (a tie's kind), so the history's rows and the
    store's match only this way."""
    return "\x1f".join(str(getattr(row, f) or "") if f in row.model_fields_set else ""
                        for f in row.natural_key)


def recorded_after(history: ChangeHistory, day: date) -> bool:
    """Whether a change in effect was recorded for a day after ``day`` (one cheap query):
    if not, the rows as they are are the rows of the day."""
    return state_after(history.state(), day)


def state_after(state: tuple[int, int, str | None], day: date) -> bool:
    """:func:`recorded_after`, from a :meth:`ChangeHistory.state` the caller has read."""
    latest = state[2]
    return latest is not None and latest > day.isoformat()


def on_day(doc: Document, history: ChangeHistory, day: date) -> Document:
    """``doc`` as it was on ``day`` by the history (``doc`` itself when nothing later)."""
    return rewound(doc, history.in_effect(), day) if recorded_after(history, day) else doc


def rewound(doc: Document, changes: list[Change], day: date) -> Document:
    """``doc`` as the changes of days up to ``day`` left it (``changes`` oldest first)."""
    when = day.isoformat()
    # Per row: what it was before the first change, then after each change up to the day.
    state: dict[tuple[str, str], dict[str, Any] | None] = {}
    later: set[tuple[str, str]] = set()
    for change in changes:
        before, after = _rows(change.before), _rows(change.after)
        for ref in before.keys() | after.keys():
            if ref not in state:
                state[ref] = before.get(ref)
            if change.day <= when:
                state[ref] = after.get(ref)
            else:
                later.add(ref)
    if not later:
        return doc
    # Rows no change after the day touched are the rows as they are: kept as validated,
    # so the cost is the history and the rewound rows, not a whole document's dump and
    # validation again (seconds at 20,000 people, once per day asked).
    sections: dict[str, list[Row]] = {}
    for section, model in SECTIONS.items():
        rows: list[Row] = []
        for row in getattr(doc, section):
            ref = (section, dumped_key(row))
            if ref not in later:
                rows.append(row)
            elif (then := state.pop(ref)) is not None:
                rows.append(model.model_validate(then))
        # Rows that were there on the day and are gone now come back, at the end.
        rows += [model.model_validate(r) for (s, k), r in state.items()
                 if s == section and r is not None and (s, k) in later]
        sections[section] = rows
    return Document.model_validate(sections)


def moves(changes: Iterable[Change], first: date, last: date) -> dict[str, tuple[str, str,
                                                                                 str]]:
    """People whose organisation a change after ``first`` and up to ``last`` set to
    another: person → (day, organisation before, organisation after), the last move."""
    out: dict[str, tuple[str, str, str]] = {}
    for change in changes:
        if not first.isoformat() < change.day <= last.isoformat():
            continue
        before = {r["id"]: r for r in change.before.get("people", [])}
        for row in change.after.get("people", []):
            was = before.get(row["id"])
            if was is not None and was.get("organisation") != row.get("organisation"):
                out[row["id"]] = (change.day, str(was.get("organisation")),
                                  str(row.get("organisation")))
    return out


def _rows(rows: dict[str, list[dict[str, Any]]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(section, row_key(section, r)): r for section, items in rows.items()
            for r in items}
