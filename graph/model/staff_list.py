"""Keeping a party's people current from its HR system's staff export.

The export (CSV or the first sheet of an .xlsx) has one row per employee. A row is matched
to a person of the graph on its employee id, else its e-mail address (through
:class:`~graph.store.staff_links.StaffLinks`), else, the first time a party's list comes
in, on the exact name among the party's current people. Then:

* a row that matches no one is a new person (``since`` the day of the import);
* a changed name, title or unit is updated (an empty cell changes nothing);
* a current person of the party who is in no row is given ``until`` (never deleted: the
  as-of views and the history keep them), and someone who comes back loses it.

A list that would end more than half the party's current staff (a file of only the new
hires, one unit's list given for the whole party) is shown in the preview with how many
it ends of how many, and :func:`apply` writes it only with ``confirm_ends``.

:func:`plan` computes every change without writing; the caller shows it as a preview and
:func:`apply` writes exactly that plan in one transaction, refused if the graph moved since.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from graph.core.errors import ConflictError, DocumentError, Problem
from graph.core.progress import Progress
from graph.model.document import to_data
from graph.model.spreadsheet import csv_rows, csv_text
from graph.model.units import with_units
from graph.store.change_history import ChangeHistory
from graph.store.protocol import GraphStore
from graph.store.row_edits import record
from graph.store.staff_links import StaffLinks, key_digest

__all__ = ["StaffChange", "StaffPlan", "apply", "plan", "read_staff_export"]

# Accepted column names (lower case) per field: the English key or a usual Swedish header.
HEADERS = {
    "employee_id": ("employee_id", "anställningsnummer", "anstnr", "anst.nr", "personalnummer"),
    "email": ("email", "e-post", "epost", "e-postadress", "mail"),
    "name": ("name", "namn"),
    "title": ("title", "titel", "befattning"),
    "unit": ("unit", "enhet", "organisation"),
}


@dataclass(frozen=True)
class StaffRow:
    row: int  # the line (CSV) or row (xlsx) of the export
    name: str
    employee_id: str | None = None
    email: str | None = None
    title: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class StaffChange:
    action: str  # add, update, end, return
    person: str
    name: str
    row: int | None  # the export's row; None for a person the export no longer has
    before: dict[str, Any]
    after: dict[str, Any]
    matched_on: str | None = None  # employee_id, email, name

    def as_dict(self) -> dict[str, Any]:
        return {"action": self.action, "person": self.person, "name": self.name,
                "row": self.row, "before": self.before, "after": self.after,
                "matched_on": self.matched_on}


# A list that ends more than this share of the party's current staff needs confirm_ends.
END_CONFIRM_SHARE = 0.5


@dataclass
class StaffPlan:
    organisation: str
    day: date
    revision: int
    changes: list[StaffChange] = field(default_factory=list)
    unchanged: int = 0
    links: list[tuple[str, str]] = field(default_factory=list)
    current: int = 0  # the party's current staff before the list

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(("add", "update", "end", "return"), 0)
        for c in self.changes:
            out[c.action] += 1
        return {**out, "unchanged": self.unchanged}

    @property
    def ends_most(self) -> bool:
        """Whether the list ends more than END_CONFIRM_SHARE of the current staff."""
        return self.counts()["end"] > END_CONFIRM_SHARE * self.current

    def ends_warning(self) -> str | None:
        """The preview's Swedish warning when applying needs ``confirm_ends``."""
        if not self.ends_most:
            return None
        return (f"Listan avslutar {self.counts()['end']} av {self.current} nuvarande "
                f"anställda i {self.organisation} (mer än hälften). Innehåller filen bara "
                "nyanställda eller en enda enhet? Kontrollera listan; ska de verkligen "
                "avslutas, bekräfta det (confirm_ends).")

    def as_dict(self) -> dict[str, Any]:
        return {"organisation": self.organisation, "day": self.day.isoformat(),
                "revision": self.revision, "counts": self.counts(),
                "current": self.current, "confirm_ends_needed": self.ends_most,
                "warning": self.ends_warning(),
                "changes": [c.as_dict() for c in self.changes]}


def _table(data: bytes, name: str) -> Iterator[tuple[int, list[Any]]]:
    if data[:2] == b"PK":  # a zip: an .xlsx workbook; its first sheet is the list
        from python_calamine import CalamineError, CalamineWorkbook

        try:
            wb = CalamineWorkbook.from_object(io.BytesIO(data))
            rows = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except (CalamineError, IndexError, ValueError) as exc:
            raise DocumentError([Problem(name, f"kan inte läsa arbetsboken: {exc}")]) from None
        yield from enumerate((list(r) for r in rows), 1)
        return
    yield from enumerate(csv_rows(csv_text(data, name)), 1)


def read_staff_export(data: bytes, name: str | None = None) -> list[StaffRow]:
    """The export's rows; every problem names the file (``name``, else "personallista"),
    row and column, in Swedish."""
    name = name or "personallista"
    rows = _table(data, name)
    first = next(rows, None)
    if first is None:
        raise DocumentError([Problem(name, "filen är tom")])
    wanted = {alias: key for key, aliases in HEADERS.items() for alias in aliases}
    columns: dict[str, int] = {}
    for i, cell in enumerate(first[1]):
        key = wanted.get(str(cell or "").strip().lower())
        if key and key not in columns:
            columns[key] = i
    problems = []
    if "name" not in columns:
        problems.append(Problem(f"{name}, rad 1", "kolumnen namn (name) saknas"))
    if "employee_id" not in columns and "email" not in columns:
        problems.append(Problem(f"{name}, rad 1", "kolumnen anställningsnummer "
                                "(employee_id) eller e-post (email) behövs för matchningen"))
    if problems:
        raise DocumentError(problems)
    out: list[StaffRow] = []
    seen: dict[str, int] = {}
    for number, values in rows:
        cell = {k: _text(values[i]) if i < len(values) else None for k, i in columns.items()}
        if not any(cell.values()):
            continue
        if not cell.get("name"):
            problems.append(Problem(f"{name}, rad {number}, kolumn namn", "namn saknas"))
        if not cell.get("employee_id") and not cell.get("email"):
            problems.append(Problem(f"{name}, rad {number}",
                                    "varken anställningsnummer eller e-post"))
        for key in ("employee_id", "email"):
            value = (cell.get(key) or "").lower()
            if value:
                if f"{key}:{value}" in seen:
                    problems.append(Problem(f"{name}, rad {number}, kolumn {key}",
                                            f"samma som rad {seen[f'{key}:{value}']}"))
                seen[f"{key}:{value}"] = number
        out.append(StaffRow(row=number, name=cell.get("name") or "",
                            employee_id=cell.get("employee_id"), email=cell.get("email"),
                            title=cell.get("title"), unit=cell.get("unit")))
    if problems:
        raise DocumentError(problems)
    return out


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "person"


def _digests(organisation: str, row: StaffRow) -> list[tuple[str, str]]:
    out = []
    if row.employee_id:
        out.append(("employee_id", key_digest("employee_id", organisation, row.employee_id)))
    if row.email:
        out.append(("email", key_digest("email", organisation, row.email)))
    return out


def plan(store: GraphStore, links: StaffLinks, organisation: str, rows: list[StaffRow],
         day: date, progress: Progress | None = None) -> StaffPlan:
    """Every change the export implies for the party's people, written nowhere yet
    (``progress``: a step per row, a cancel stops between rows)."""
    progress = progress or Progress()
    revision = store.revision()
    doc = store.read()
    units = with_units(doc, [organisation])
    if organisation not in {o.id for o in doc.organisations}:
        raise DocumentError([Problem("organisation", f"okänd organisation {organisation!r}")])
    bad_units = [Problem(f"rad {r.row}, kolumn enhet", f"okänd enhet {r.unit!r} (ska vara "
                         f"{organisation!r} eller en enhet under den)")
                 for r in rows if r.unit and r.unit not in units]
    if bad_units:
        raise DocumentError(bad_units)
    people = {p.id: p for p in doc.people}
    data = {p["id"]: p for p in to_data(doc).get("people", [])}
    in_party = [p for p in doc.people if p.organisation in units]
    unlinked_by_name: dict[str, list[str]] = {}
    for p in in_party:
        if p.until is None or p.until > day:
            unlinked_by_name.setdefault(p.name.casefold(), []).append(p.id)
    result = StaffPlan(organisation=organisation, day=day, revision=revision,
                       current=sum(1 for p in in_party if p.until is None or p.until > day))
    taken: set[str] = set()
    used_ids = set(people) | {o.id for o in doc.organisations} | {g.id for g in doc.groups} \
        | {i.id for i in doc.initiatives} | {r.id for r in doc.roles}
    progress.start("jämför", len(rows))
    for row in rows:
        progress.step()
        digests = _digests(organisation, row)
        person_id = None
        matched_on = None
        for kind, digest in digests:
            found = links.person_for([digest])
            if found in people and found not in taken:
                person_id, matched_on = found, kind
                break
        if person_id is None:
            same_name = [p for p in unlinked_by_name.get(row.name.casefold(), [])
                         if p not in taken and links.count(p) == 0]
            if len(same_name) == 1:
                person_id, matched_on = same_name[0], "name"
        unit = row.unit or organisation
        if person_id is None:
            base = _slug(f"{organisation}-{row.name}")
            person_id, n = base, 2
            while person_id in used_ids:
                person_id, n = f"{base}-{n}", n + 1
            used_ids.add(person_id)
            after = {"id": person_id, "name": row.name, "organisation": unit,
                     **({"title": row.title} if row.title else {}), "since": day.isoformat()}
            result.changes.append(StaffChange("add", person_id, row.name, row.row, {}, after))
        else:
            before = data[person_id]
            after = dict(before)
            # No unit in the export: the person stays where the graph has them.
            after["name"], after["organisation"] = row.name, row.unit or before["organisation"]
            if row.title:
                after["title"] = row.title
            action = "update"
            if "until" in after and date.fromisoformat(after["until"]) <= day:
                del after["until"]
                action = "return"
            if after != before:
                result.changes.append(StaffChange(action, person_id, row.name, row.row,
                                                  _diff(before, after), _diff(after, before),
                                                  matched_on))
            else:
                result.unchanged += 1
        taken.add(person_id)
        result.links.extend((digest, person_id) for _, digest in digests)
    for p in in_party:
        if p.id in taken or (p.until is not None and p.until <= day):
            continue
        before = data[p.id]
        end = max(day, p.since) if p.since else day
        result.changes.append(StaffChange("end", p.id, p.name, None,
                                          {"until": before.get("until")},
                                          {"until": end.isoformat()}))
    return result


def _diff(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    return {k: a.get(k) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)}


def apply(store: GraphStore, links: StaffLinks, staff_plan: StaffPlan,
          history: ChangeHistory | None = None, *, user: str | None = None,
          progress: Progress | None = None, confirm_ends: bool = False) -> dict[str, int]:
    """Write the plan's changes as one merge; refused (409) if the graph changed since,
    and (422, field ``confirm_ends``) if it ends more than half the party's current staff
    without ``confirm_ends``. With ``history``, the rows before and after are recorded on
    the list's day, so that the as-of views of earlier days show the people (their units,
    their end) as they were.
    """
    if store.revision() != staff_plan.revision:
        raise ConflictError("grafen har ändrats sedan förhandsvisningen; förhandsvisa igen")
    if staff_plan.ends_most and not confirm_ends:
        raise DocumentError([Problem("confirm_ends", f"{staff_plan.ends_warning()} "
                                     "Ingenting skrevs.")])
    data = {p["id"]: p for p in to_data(store.read()).get("people", [])}
    rows = []
    for change in staff_plan.changes:
        row = dict(data.get(change.person, {}))
        for key, value in change.after.items():
            if value is None:
                row.pop(key, None)
            else:
                row[key] = value
        rows.append(row)
    progress = progress or Progress()
    # The last moment a cancel is heard: after it the one write runs, whole or not at all.
    progress.start("skriver", len(rows))
    if rows:
        result = store.write({"people": rows}, expect_revision=staff_plan.revision)
        if history is not None:
            before = [data[r["id"]] for r in rows if r["id"] in data]
            record(history, action="staff", section="people", key=staff_plan.organisation,
                   before={"people": before} if before else {}, after={"people": rows},
                   revision=result.revision, user=user,
                   at=datetime.now(UTC).isoformat(timespec="seconds"),
                   day=staff_plan.day.isoformat())
    links.link(staff_plan.links)
    progress.written(len(rows))
    return staff_plan.counts()
