"""The Swedish names a workbook may use for its sheets and columns, beside the interchange
keys (``Personer`` for ``people``, ``E-post`` for ``email``).

Defined once, next to the schema: the spreadsheet reader accepts either name (case and
surrounding spaces ignored), the workbook's guide sheet lists them, and the export and the
template keep the interchange keys, so that a workbook read and written back is the same.
"""

from __future__ import annotations

from graph.model.schema import SECTIONS

__all__ = ["COLUMN_NAMES", "SHEET_NAMES", "column_key", "section_of_sheet"]

SHEET_NAMES = {"organisations": "Organisationer", "people": "Personer", "groups": "Grupper",
               "initiatives": "Insatser", "roles": "Roller", "memberships": "Medlemskap",
               "participations": "Deltaganden", "ties": "Kontakter"}

# One Swedish header per interchange key; a key means the same in every section it is in.
COLUMN_NAMES = {
    "id": "Id", "name": "Namn", "kind": "Typ", "parent": "Överordnad",
    "organisation": "Organisation", "title": "Titel", "profession": "Yrke",
    "email": "E-post", "phone": "Telefon", "since": "Från", "until": "Till",
    "description": "Beskrivning", "contact_about": "Kontakta om", "level": "Nivå",
    "owner": "Ägare", "parties": "Parter", "start": "Start", "end": "Slut",
    "governed_by": "Styrs av", "scope": "Omfattning", "holders": "Innehavare",
    "deputies": "Ersättare", "person": "Person", "group": "Grupp", "as": "Som",
    "represents": "Representerar", "mandate": "Mandat", "initiative": "Insats",
    "role": "Roll", "a": "A", "b": "B", "strength": "Styrka",
    "last_contact": "Senaste kontakt",
}

_SECTION_BY_NAME = {name.casefold(): section for section in SECTIONS
                    for name in (section, SHEET_NAMES[section])}


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def section_of_sheet(name: str) -> str | None:
    """The section a sheet holds, by its English or Swedish name; None for another sheet."""
    return _SECTION_BY_NAME.get(_fold(name))


def column_key(keys: list[str], header: str) -> str | None:
    """The interchange key among ``keys`` (a section's) that a header cell names, by the key
    itself or its Swedish name; None for a header that names none of them."""
    folded = _fold(header)
    return next((k for k in keys if folded in (k.casefold(), _fold(COLUMN_NAMES[k]))), None)
