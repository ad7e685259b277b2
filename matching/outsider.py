"""Acts about or for a federation done from outside its work: the writer's role toward it.

A clause can name a federation, its board and all four parties and still be no work in
collaboration: the writer evaluated or studied it, audited its accounts, reported on it for a
newspaper, supplied it (translated its leaflets, built its web site), hosted its event
(rooms, lunch, microphones), voted on its budget as an elected board member, or applied for
one of its posts and quotes the rejection ("ni valde någon med erfarenhet av att leda
samverkan"). A thesis plan ("Syfte: att undersöka hur styrgruppen förankrar …") is not work
either, nor is coordination in a leisure association. On the tenth held-out set such texts
made 101 of 135 trap pairs (an evaluator 68 points, "stark", at grade 0), as the encoder puts
the acts as close to the behaviours as staff's own work.

What marks them is the writer's role, not the act: :func:`outsider_role` finds a clause that
states such a role, in Swedish or English, and :func:`outsider_units` lets it cover the
clauses after it in the same paragraph (an evaluator's "Interviewed staff at …" under
"External evaluator of …"), up to a clause stating the writer's own employment in the field
("Sedan 2019 är jag handläggare …", "I work as a case officer …"). A rejection covers only
the clauses that state it: what the applicant says next about their own job is theirs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

from matching.addressed import spread_in_paragraph

__all__ = ["Outsider", "outsider_role", "outsider_units"]


class Outsider(StrEnum):
    STUDY = "study"  # evaluator, researcher, a student's thesis plan
    AUDIT = "audit"
    REPORT = "report"
    SUPPLY = "supply"  # vendor: translator, web developer
    HOST = "host"  # the venue or caterer of an event
    BOARD = "board"  # an elected member's votes
    VOLUNTEER = "volunteer"  # a leisure association
    APPLICANT = "applicant"  # a rejection quoted by the applicant


_ME = r"(?:jag|I)\s+(?:\w+\s+){0,3}?"
_ROLES: tuple[tuple[Outsider, re.Pattern[str]], ...] = (
    (Outsider.APPLICANT, re.compile(
        r"(?i)\b(?:fick (?:den|tjänsten|jobbet|platsen) inte|"
        r"fick (?:jag )?inte (?:tjänsten|jobbet|platsen)|"
        # Only the writer's own application: a participant "fick avslag på sjukpenning".
        r"(?:jag )?sökte (?:tjänsten|jobbet|platsen)|(?:I )?applied for (?:the|a|an|your) |"
        r"(?:inte|ej) (?:blev )?(?:vald|utvald|antagen)\b|"
        r"(?:valde|anställde|föredrog|gick vidare med) (?:någon|en annan|andra|sökande)|"
        r"was not (?:selected|chosen|shortlisted|offered)|(?:did not|didn't) get (?:it|the)|"
        r"(?:chose|preferred|hired|selected|went with) (?:someone|another|other|applicants|"
        r"a candidate)|turned (?:me|my application) down|my application was (?:rejected|"
        r"unsuccessful))\b"
    )),
    (Outsider.STUDY, re.compile(
        r"(?i)\b(?:extern(?:a)? utvärder\w*|utvärderare|"
        r"external evaluat\w*|evaluator|commissioned evaluations?|"
        # A thesis being planned, not one written: "Ur min magisteruppsats" may report the
        # writer's own meetings, and "the project plan" may be an initiative's.
        r"examensarbete\w*|uppsatsplan\w*|thesis plan|degree project|"
        r"arbetstitel|preliminär titel|working title|"
        r"forskningsfråg\w*|research questions?)\b|"
        r"^\s*(?:syfte|metod|data|aim|method|methods)\s*:"
    )),
    (Outsider.AUDIT, re.compile(
        r"(?i)\b(?:revisor\w*|revisionsbyrå\w*|auditor\w*|audit firm|audited|"
        r"granska(?:t|de|r)? \w+ (?:årsredovisning|räkenskaper|förvaltning|bokföring)\w*|"
        r"(?:reviewed|examined) (?:its|the \w+'s|their) (?:accounts|annual report))\b"
    )),
    (Outsider.REPORT, re.compile(
        r"(?i)\b(?:reporter|journalist\w*|lokaltidning\w*|artikelserie\w*|reportage\w*|"
        r"series of articles|article series|newspaper|"
        + _ME + r"(?:skrev|wrote) (?:en |an? )?(?:artikel|artiklar|article|articles)\b)"
    )),
    (Outsider.SUPPLY, re.compile(
        r"(?i)\b(?:översättare|translator|"
        r"(?:frilansande|freelance) \w+|webbutveckl\w*|web ?developer|webbyrå\w*|"
        r"web agency|" + _ME + r"(?:översatte|translated)\b|översatte jag\b|"
        r"(?:built|byggde|designed|designade) (?:the |a |den |en )?(?:new |nya )?"
        r"(?:website|web site|webbplats\w*|hemsida\w*|intranet|intranät\w*))"
    )),
    (Outsider.HOST, re.compile(
        r"(?i)\b(?:konferenshotell\w*|konferensanläggning\w*|conference (?:hotel|centre|venue)|"
        r"events? (?:coordinator|manager|planner)|eventsamordnare|eventkoordinator|"
        r"room bookings?|lokalbokning\w*|name badges|namnbrickor|catering)\b"
    )),
    (Outsider.BOARD, re.compile(
        r"(?i)\b(?:ledamot i (?:\w+ ){0,2}(?:styrelse|fullmäktige)\w*|styrelseledamot\w*|"
        r"förtroendeuppdrag\w*|"
        # Not "presenterade resultaten för kommunfullmäktige": staff report to the council.
        r"förtroendevald\w*|"
        r"röstat|röstade|(?:board member|member of the (?:\w+ ){0,2}board)|"
        r"(?:voted|vote) (?:on|for|against)|elected (?:member|representative)|councillor)\b"
    )),
    (Outsider.VOLUNTEER, re.compile(
        # Not "samordnare för volontärer" (staff) nor "på fritids" (after-school care).
        r"(?i)\b(?:på (?:min )?fritid(?:en)?\b|ideellt|(?:som|är|var) volontär\b|"
        r"volontärarbete\w*|in my (?:spare|free) time|as a volunteer|volunteered|"
        r"I (?:also )?volunteer\b|"
        r"(?:idrotts|sportfiske|fiske|jakt|hembygds|fotbolls|innebandy|scout|golf|segel|"
        r"ryttar|skid|orienterings|schack|kör|musik|teater)(?:klubb|förening|kår|lag)\w*|"
        r"(?:sports|fishing|angling|football|hunting|golf|sailing|chess|choir|local history) "
        r"(?:club|society|association))"
    )),
)
# The writer's own employment in the field starts working life again after the frame: "I
# dag arbetar jag som handläggare", "Since 2018 I have handled social assistance at …".
_FIELD_ROLE = (
    r"(?:handläggare|socialsekreterare|arbetsförmedlare|processledare|samordnare|"
    r"koordinator|rehabkoordinator|arbetsterapeut|kurator|case officer|social worker|"
    r"employment officer|process lead\w*|coordinator|occupational therapist|counsell?or)"
)
_OWN_FIELD_WORK = re.compile(
    r"(?i)\b(?:(?:jag|I)\s+(?:\w+\s+){0,3}?(?:är|var|arbetar|jobbar|handlägger|am|was|"
    r"work|have worked|handle|have handled)\s+(?:\w+\s+){0,3}?" + _FIELD_ROLE + r"|"
    r"(?:handlägger|arbetar|jobbar) jag\b|I (?:have )?handled\b|"
    r"(?:som|as an?)\s+" + _FIELD_ROLE + r"\s+(?:på|hos|i|vid|at|in)\b)"
)


def outsider_role(unit: str) -> Outsider | None:
    """The outsider's role a clause states, if any.

    >>> outsider_role("2021–2023 External evaluator of three initiatives.")
    <Outsider.STUDY: 'study'>
    >>> outsider_role("Har granskat förbundets årsredovisning sex år i rad.")
    <Outsider.AUDIT: 'audit'>
    >>> outsider_role("men fick den inte; rekryteraren valde någon annan.")
    <Outsider.APPLICANT: 'applicant'>
    >>> outsider_role("Jag ledde flerpartsmöten med deltagarna varje vecka.") is None
    True
    """
    for kind, pattern in _ROLES:
        if pattern.search(unit):
            return kind
    return None


def outsider_units(units: Sequence[str], paragraphs: Sequence[int]) -> list[Outsider | None]:
    """Per unit, the outsider's role it stands in: the clause that states one and, but for
    a rejection, the clauses after it in the same paragraph up to the writer's own
    employment in the field (``paragraphs``: :func:`matching.addressed.paragraph_numbers`).

    >>> outsider_units(["Reporter på lokaltidningen sedan 2009.",
    ...     "Jag intervjuade förbundschefen och parternas chefer.",
    ...     "Sedan 2024 arbetar jag som handläggare på Försäkringskassan."], [0, 0, 0])
    [<Outsider.REPORT: 'report'>, <Outsider.REPORT: 'report'>, None]
    >>> outsider_units(["Jag fick inte tjänsten.", "Sedan 2018 har jag egna deltagare."],
    ...     [0, 0])
    [<Outsider.APPLICANT: 'applicant'>, None]
    """
    out: list[Outsider | None] = [None] * len(units)
    for i, unit in enumerate(units):
        kind = outsider_role(unit)
        if kind is None:
            continue
        out[i] = kind
        if kind is Outsider.APPLICANT:
            continue
        spread_in_paragraph(out, i, paragraphs, lambda j: bool(
            _OWN_FIELD_WORK.search(units[j])) and outsider_role(units[j]) is None)
    return out
