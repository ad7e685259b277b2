"""The kontaktenkät: asking people whom at the other parties they actually work with.

An admin opens a round for a förbund or a set of organisations, with a purpose, a legal
basis and a closing day; every current person in scope gets a personal link (a one-use
token that stops working when they answer or the round closes; nothing else to sign in
with). The form shows the person what the graph already says (their ties to people at other
parties) and takes their answers, stored only when they submit. Closing the round turns the
answers into ties of the graph, in one write that can be followed and cancelled like an
import, each tie saying where it came from (the round, the day, who answered) and whether
only one side named it.

The day is always passed in (``today``): expiry and every date recorded follow it.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.analysis.projection import is_current, organisation_roots
from graph.core.errors import ConflictError, DocumentError, NotFoundError, Problem
from graph.core.progress import Progress
from graph.model.document import to_data
from graph.model.name_search import fold
from graph.model.schema import Document, TieKind
from graph.model.units import with_units
from graph.store.protocol import GraphStore
from graph.survey.rounds import Answer, Round, SurveyRecords, token_digest

__all__ = ["Invitee", "close", "compare", "form", "open_round", "remind", "search",
           "status", "submit"]

SOURCE_PREFIX = "Kontaktenkät"
ONE_SIDED = "angiven av en sida"
BOTH_SIDES = "angiven av båda"
MAX_ANSWERS = 100


@dataclass(frozen=True)
class Invitee:
    person: str
    name: str
    organisation: str
    token: str  # shown to the admin once; only its digest is kept

    def as_dict(self) -> dict[str, str]:
        return {"person": self.person, "name": self.name, "organisation": self.organisation,
                "token": self.token}


def _current(doc: Document, today: date) -> dict[str, Any]:
    return {p.id: p for p in doc.people if is_current(p.since, p.until, today)}


def invitees(doc: Document, organisations: list[str], today: date) -> list[str]:
    """Current people of the organisations and their units; for a förbund (federation),
    also everyone in its forums and the initiatives they govern."""
    known = {o.id: o for o in doc.organisations}
    unknown = [o for o in organisations if o not in known]
    if unknown:
        raise DocumentError([Problem("organisations", f"okänd organisation {o!r}")
                             for o in unknown])
    scope = with_units(doc, organisations)
    current = _current(doc, today)
    people = {p for p, row in current.items() if row.organisation in scope}
    forums = {g.id for g in doc.groups if g.organisation in scope}
    initiatives = {i.id for i in doc.initiatives if i.governed_by in forums}
    people |= {m.person for m in doc.memberships
               if m.group in forums and is_current(m.since, m.until, today)}
    people |= {p.person for p in doc.participations
               if p.initiative in initiatives and is_current(p.since, p.until, today)}
    return sorted(p for p in people if p in current)


def open_round(store: GraphStore, records: SurveyRecords, *, round_id: str, title: str,
               purpose: str, legal_basis: str, organisations: list[str], closes: date,
               today: date, created_by: str | None) -> list[Invitee]:
    if closes < today:
        raise DocumentError([Problem("closes", "sista svarsdag har redan passerat")])
    doc = store.read()
    people = invitees(doc, organisations, today)
    if not people:
        raise DocumentError([Problem("organisations", "ingen nuvarande person att fråga")])
    rows = {p.id: p for p in doc.people}
    orgs = {o.id: o.name for o in doc.organisations}
    tokens = {p: secrets.token_urlsafe(24) for p in people}
    records.add_round(Round(id=round_id, title=title, purpose=purpose,
                            legal_basis=legal_basis, organisations=tuple(organisations),
                            opened=today.isoformat(), closes=closes.isoformat(),
                            created_by=created_by, closed=None),
                      {p: token_digest(t) for p, t in tokens.items()})
    return [Invitee(p, rows[p].name, orgs.get(rows[p].organisation, rows[p].organisation),
                    tokens[p]) for p in people]


def _invitation(records: SurveyRecords, token: str, today: date) -> tuple[Round, str]:
    """The round and person of a valid token; anything else is one answer: not found."""
    invitation = records.invitation_for(token_digest(token)) if token else None
    r = records.round(invitation.round) if invitation else None
    if invitation is None or r is None or r.closed or today > date.fromisoformat(r.closes):
        raise NotFoundError("länken är okänd, redan använd eller har gått ut")
    return r, invitation.person


def form(store: GraphStore, records: SurveyRecords, token: str, today: date) -> dict[str, Any]:
    """What the invited person sees: purpose and legal basis first, then their own ties."""
    r, person = _invitation(records, token, today)
    doc = store.read()
    party = organisation_roots(doc)
    current = _current(doc, today)
    orgs = {o.id: o.name for o in doc.organisations}
    me = current.get(person)
    if me is None:
        raise NotFoundError("länken är okänd, redan använd eller har gått ut")
    known = []
    for t in doc.ties:
        if person not in (t.a, t.b) or not is_current(t.since, t.until, today):
            continue
        other = current.get(t.b if t.a == person else t.a)
        if other is None or party.get(other.organisation) == party.get(me.organisation):
            continue
        known.append({"contact": other.id, "name": other.name,
                      "organisation": orgs.get(other.organisation, other.organisation),
                      "kind": str(t.kind), "strength": t.strength,
                      "last_contact": t.last_contact.isoformat() if t.last_contact else None})
    return {"round": {"id": r.id, "title": r.title, "purpose": r.purpose,
                      "legal_basis": r.legal_basis, "closes": r.closes},
            "person": {"id": me.id, "name": me.name,
                       "organisation": orgs.get(me.organisation, me.organisation)},
            "known": known, "kinds": [k.value for k in TieKind]}


def search(store: GraphStore, records: SurveyRecords, token: str, query: str, today: date,
           limit: int = 10) -> list[dict[str, str]]:
    """People at other parties whose name contains the query (search as you type)."""
    _, person = _invitation(records, token, today)
    needle = fold(query)
    if len(needle) < 2:
        return []
    doc = store.read()
    party = organisation_roots(doc)
    orgs = {o.id: o.name for o in doc.organisations}
    current = _current(doc, today)
    mine = party.get(current[person].organisation) if person in current else None
    out = []
    for p in current.values():
        if needle in fold(p.name) and party.get(p.organisation) != mine:
            out.append({"id": p.id, "name": p.name,
                        "organisation": orgs.get(p.organisation, p.organisation)})
            if len(out) >= limit:
                break
    return out


def submit(store: GraphStore, records: SurveyRecords, token: str, answers: list[dict[str, Any]],
           today: date) -> int:
    """Check every answer, then store them all and use up the token; nothing before."""
    r, person = _invitation(records, token, today)
    current = _current(store.read(), today)
    problems: list[Problem] = []
    if len(answers) > MAX_ANSWERS:
        problems.append(Problem("svar", f"högst {MAX_ANSWERS} kontakter"))
    kinds = {k.value for k in TieKind}
    stored: dict[tuple[str, str], Answer] = {}
    for i, a in enumerate(answers[:MAX_ANSWERS]):
        where = f"svar {i + 1}"
        contact, kind = a.get("contact"), a.get("kind", "collaboration")
        strength, last = a.get("strength"), a.get("last_contact")
        if not isinstance(contact, str) or contact not in current or contact == person:
            problems.append(Problem(f"{where}, kontakt", f"okänd person {contact!r}"))
            continue
        if kind not in kinds:
            problems.append(Problem(f"{where}, typ", f"måste vara ett av {sorted(kinds)}"))
        if not isinstance(strength, int) or isinstance(strength, bool) \
                or not 1 <= strength <= 5:
            problems.append(Problem(f"{where}, hur ofta", "ska vara ett heltal 1–5"))
        if last is not None:
            try:
                last_day = date.fromisoformat(last) if isinstance(last, str) else None
            except ValueError:
                last_day = None
            if last_day is None or last_day > today:
                problems.append(Problem(f"{where}, senaste kontakt",
                                        "ska vara ett datum ÅÅÅÅ-MM-DD, inte i framtiden"))
        if (contact, str(kind)) in stored:
            problems.append(Problem(where, "samma kontakt och typ finns redan"))
        stored[(contact, str(kind))] = Answer(
            r.id, person, contact, str(kind), strength if isinstance(strength, int) else 0,
            last, bool(a.get("confirmed", False)), today.isoformat())
    if problems:
        raise DocumentError(problems)
    records.submit(r.id, person, list(stored.values()), today.isoformat())
    return len(stored)


def status(store: GraphStore, records: SurveyRecords, round_id: str) -> dict[str, Any]:
    """The response rate per organisation, and who has been reminded how often."""
    r = _round(records, round_id)
    doc = store.read()
    org_of = {p.id: p.organisation for p in doc.people}
    names = {o.id: o.name for o in doc.organisations}
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    invitations = records.invitations(round_id)
    for inv in invitations:
        org = org_of.get(inv.person, "")
        per[org][0] += 1
        per[org][1] += inv.answered is not None
    rows = [{"organisation": org, "name": names.get(org, org), "invited": n, "answered": a,
             "rate": a / n if n else 0.0} for org, (n, a) in sorted(per.items())]
    answered = sum(inv.answered is not None for inv in invitations)
    return {"round": r.as_dict(), "invited": len(invitations), "answered": answered,
            "rate": answered / len(invitations) if invitations else 0.0,
            "reminders": sum(inv.reminders for inv in invitations),
            "organisations": rows}


def _round(records: SurveyRecords, round_id: str) -> Round:
    r = records.round(round_id)
    if r is None:
        raise NotFoundError(f"ingen enkätomgång {round_id!r}")
    return r


def remind(store: GraphStore, records: SurveyRecords, round_id: str,
           today: date) -> list[Invitee]:
    """A fresh link for everyone who has not answered, and the reminder recorded.

    The service sends no e-mail: the admin gets the list of names and links to send.
    The old link of each reminded person stops working (only digests are kept, so a lost
    link cannot be shown again; a new one is made instead).
    """
    r = _round(records, round_id)
    if r.closed:
        raise ConflictError(f"enkätomgången {round_id!r} är stängd")
    doc = store.read()
    rows = {p.id: p for p in doc.people}
    orgs = {o.id: o.name for o in doc.organisations}
    waiting = [inv.person for inv in records.invitations(round_id)
               if inv.answered is None and inv.person in rows]
    tokens = {p: secrets.token_urlsafe(24) for p in waiting}
    records.remind(round_id, {p: token_digest(t) for p, t in tokens.items()},
                   today.isoformat())
    return [Invitee(p, rows[p].name, orgs.get(rows[p].organisation, rows[p].organisation),
                    tokens[p]) for p in waiting]


def _pairs(answers: list[Answer]) -> dict[tuple[str, str, str], list[Answer]]:
    out: dict[tuple[str, str, str], list[Answer]] = defaultdict(list)
    for a in answers:
        lo, hi = sorted((a.respondent, a.contact))
        out[(lo, hi, a.kind)].append(a)
    return out


def close(store: GraphStore, records: SurveyRecords, round_id: str, today: date,
          progress: Progress | None = None) -> dict[str, Any]:
    """Close the round and write its answers as ties, in one write; cancellable before it.

    A tie both people named is marked as such, one named by only one of them too; its
    strength is the higher answer and its last contact the later. An existing tie of the
    same pair and kind is updated (its period kept).
    """
    progress = progress or Progress()
    r = _round(records, round_id)
    if r.closed:
        raise ConflictError(f"enkätomgången {round_id!r} är redan stängd")
    pairs = _pairs(records.answers(round_id))
    progress.start("bearbetar svar", len(pairs))
    revision = store.revision()
    existing = {}
    for row in to_data(store.read()).get("ties", []):
        lo, hi = sorted((row["a"], row["b"]))
        existing[(lo, hi, row.get("kind", "collaboration"))] = row
    ties = []
    one_sided = 0
    for n, ((lo, hi, kind), given) in enumerate(sorted(pairs.items()), 1):
        by = sorted({a.respondent for a in given})
        both = len(by) == 2
        one_sided += not both
        lasts = [a.last_contact for a in given if a.last_contact]
        tie = dict(existing.get((lo, hi, kind), {"a": lo, "b": hi, "kind": kind}))
        tie["strength"] = max(a.strength for a in given)
        if lasts:
            tie["last_contact"] = max([*lasts, tie.get("last_contact") or ""])
        tie["description"] = (f"{SOURCE_PREFIX} {r.id} ({today.isoformat()}): svar från "
                              f"{' och '.join(by)}; {BOTH_SIDES if both else ONE_SIDED}")
        ties.append(tie)
        if n % 100 == 0:
            progress.step(100)
    progress.check()  # the last moment to cancel: nothing is written before this
    result = store.write({"ties": ties}, expect_revision=revision) if ties else None
    records.close_round(round_id, today.isoformat())
    progress.written(len(pairs) % 100)
    return {"round": round_id, "ties": len(ties), "one_sided": one_sided,
            "revision": result.revision if result else revision}


def compare(records: SurveyRecords, round_id: str,
            previous_id: str | None = None) -> dict[str, Any]:
    """What changed from the previous closed round: contacts new, gone and re-weighted."""
    r = _round(records, round_id)
    if not r.closed:
        raise ConflictError("bara en stängd enkätomgång kan jämföras")
    if previous_id is None:
        earlier = [x for x in records.rounds() if x.closed and x.id != r.id
                   and (x.opened, x.id) < (r.opened, r.id)]
        if not earlier:
            raise NotFoundError("det finns ingen tidigare stängd enkätomgång att jämföra med")
        previous_id = earlier[-1].id
    prev = _round(records, previous_id)

    def strengths(rid: str) -> dict[tuple[str, str, str], int]:
        return {k: max(a.strength for a in v) for k, v in _pairs(records.answers(rid)).items()}

    now, before = strengths(r.id), strengths(prev.id)

    def rows(keys: set[tuple[str, str, str]]) -> list[dict[str, Any]]:
        return [{"a": a, "b": b, "kind": k, "before": before.get((a, b, k)),
                 "after": now.get((a, b, k))} for a, b, k in sorted(keys)]

    return {"round": r.id, "previous": prev.id,
            "respondents": {"round": len({a.respondent for a in records.answers(r.id)}),
                            "previous": len({a.respondent for a in records.answers(prev.id)})},
            "new": rows(set(now) - set(before)), "gone": rows(set(before) - set(now)),
            "changed": rows({k for k in set(now) & set(before) if now[k] != before[k]})}
