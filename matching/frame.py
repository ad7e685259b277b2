"""Acts that stand in a frame that makes them no work in the role.

A clause can say the writer gathered four parties round one table and still be no evidence
of the work: the writer was the participant the parties planned for ("Jag var själv
deltagare i insatsen", "they made a plan with me"), the case was a relative's ("när min bror
blev sjukskriven", "when our son fell ill"), or the meeting was a rehearsal (a course's
role-play, a training film the writer acted in). On the ninth held-out set such texts scored
42-83 points at grades 0 and 1, as the encoder puts the acts as close to the behaviours as
real casework. What marks them is the frame, not the act: :func:`framed_units` finds a clause
that opens one, in Swedish or English, and lets the frame cover the clauses after it in the
same paragraph (a rehearsal's also those before it), up to a clause that states the writer's
own employment ("I dag arbetar jag som …", "Since 2019 I have worked as …"), which starts
the writer's working life again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

from matching.addressed import spread_in_paragraph

__all__ = ["Frame", "frame_of", "framed_units"]


class Frame(StrEnum):
    CLIENT = "client"
    RELATIVE = "relative"
    REHEARSAL = "rehearsal"


# The people who work with a client, as the client names them: "min handläggare", "my social
# worker" (a team leader's staff are plural, "mina handläggare", and are not matched).
_WORKER = (
    r"(?:handläggare|socialsekreterare|arbetsförmedlare|rehabkoordinator|koordinator|kurator|"
    r"läkare|sjukgymnast|fysioterapeut|arbetsterapeut|case officer|social worker|"
    r"employment officer|rehab(?:ilitation)? coordinator|coordinator|counsellor|counselor|"
    r"doctor|physiotherapist|occupational therapist)"
)
# The writer as the one the parties worked for: a participant, patient or client, on sick
# leave or out of work, or planned for.
_CLIENT = re.compile(
    r"(?i)\b(?:"
    r"(?:jag|I)\s+(?:var|har varit|blev|was|have been|had been|became)\s+(?:själv\s+|myself\s+)?"
    r"(?:(?:a|an|en)\s+)?(?:deltagare|patient|klient|brukare|sjukskriven|arbetslös|inskriven|"
    r"participant|patient|client|on sick leave|off sick|unemployed|registered)\b|"
    r"var jag (?:själv\s+)?(?:deltagare|patient|klient|brukare|sjukskriven|arbetslös|inskriven)\b|"
    r"(?:min|my)\s+(?:egen\s+|own\s+)?" + _WORKER + r"\b(?!\s*(?:kollega|colleague))|"
    r"(?:plan|planering)\s+(?:\w+\s+){0,2}(?:med|för|with|for)\s+(?:mig|me)\b|"
    r"(?:andra sidan (?:av )?bordet|other side of the table)"
    r")"
)
_FAMILY = (
    r"(?:bror|broder|syster|son|dotter|söner|döttrar|barn|mamma|pappa|mor|far|förälder|"
    r"föräldrar|make|maka|man|fru|sambo|partner|mormor|morfar|farmor|farfar|svärmor|svärfar|"
    r"kusin|brother|sister|son|daughter|sons|daughters|child|children|kid|mother|father|mum|"
    r"mom|dad|parent|parents|husband|wife|partner|grandmother|grandfather|cousin)"
)
_POSSESSIVE = r"(?:min|mitt|mina|vår|vårt|våra|my|our)\s+(?:\w+\s+)?"
# A relative's need in the same clause: ill, on sick leave, out of work, helped or planned
# for ("för honom", "for her").
_NEED = (
    r"(?:sjuk\w*|arbetslös\w*|diagnos\w*|ill|sick|unemployed|diagnosed|"
    r"hjälpte|stöttade|helped|supported|för (?:honom|henne|hen)|for (?:him|her|them))"
)
_RELATIVE = re.compile(
    r"(?i)\b(?:"
    + _POSSESSIVE + _FAMILY + r"\b[^.;]{0,60}?\b" + _NEED + r"\b|"
    + r"(?:hjälpte|stöttade|helped|supported)\s+(?:jag\s+)?" + _POSSESSIVE + _FAMILY + r"\b|"
    + r"(?:som|as an?)\s+(?:anhörig\w*|närstående|relative|next of kin|family member|carer)\b"
    + r")"
)
# A rehearsal: a course's role-play, an exercise, a training film, a simulated case. "spelade
# en viktig roll" / "played a key role" is an idiom for taking part, not acting.
_REHEARSAL = re.compile(
    r"(?i)\b(?:rollspel\w*|role[- ]?plays?\w*|rollerna spelades|roles were played|"
    r"utbildningsfilm\w*|instruktionsfilm\w*|training film\w*|training video\w*|"
    r"simuler\w*|simulat\w*|fiktiv\w*|fictional|fictitious|mock (?:meeting|case|trial)s?|"
    r"övningsfall\w*|case exercises?|(?:i|på|in|on) kursen\b|kursens\b|in the course\b|"
    r"the course's\b|kurskamrat\w*|fellow students|"
    r"(?:jag )?spelade (?:jag )?(?!en (?:\w+ )?roll\b)(?:\w+ ){0,2}\w+(?:en|n|et|rna|na)\b|"
    r"I played (?:the|a|an) (?!(?:\w+ )?role\b)(?:\w+ ){0,2}(?:lead|leader|officer|worker|"
    r"coordinator|manager|chair|part|character)\b)"
)
# The writer's own employment starts working life again after a frame: "I dag arbetar jag
# som stödassistent", "Sedan 2022 har jag fast jobb", "Today I work as …".
_OWN_WORK = re.compile(
    r"(?i)\b(?:(?:jag|I)\s+(?:\w+\s+)?(?:arbetar|jobbar|arbetat|jobbat|arbetade|jobbade|work|"
    r"worked|have worked|am employed|was employed)\s+(?:\w+\s+){0,3}?(?:som|as|at|på|hos|for)\b|"
    r"(?:arbetar|jobbar) jag (?:\w+\s+){0,2}?(?:som|på|hos)\b|"
    r"har jag (?:haft )?(?:fast |ett )?(?:jobb|anställning|tjänst)|"
    r"(?:I have|I've) had (?:a |an )?(?:permanent |fixed )?(?:job|post|position)|"
    r"anställd (?:som|på|hos)|employed (?:as|at|by))"
)


def frame_of(unit: str) -> Frame | None:
    """The frame a clause opens, if any.

    >>> frame_of("Mellan 2018 och 2020 var jag själv deltagare i insatsen.")
    <Frame.CLIENT: 'client'>
    >>> frame_of("When my father fell ill I called every agency.")
    <Frame.RELATIVE: 'relative'>
    >>> frame_of("Alla roller spelades av kurskamrater.")
    <Frame.REHEARSAL: 'rehearsal'>
    >>> frame_of("Jag ledde flerpartsmöten med deltagarna varje vecka.") is None
    True
    >>> frame_of("I played a key role in building the joint team.") is None
    True
    """
    if _REHEARSAL.search(unit):
        return Frame.REHEARSAL
    if _RELATIVE.search(unit):
        return Frame.RELATIVE
    if _CLIENT.search(unit):
        return Frame.CLIENT
    return None


def framed_units(units: Sequence[str], paragraphs: Sequence[int]) -> list[Frame | None]:
    """Per unit, the frame it stands in: a run of the same paragraph round a clause that opens
    one, bounded by the writer's own employment (``paragraphs``:
    :func:`matching.addressed.paragraph_numbers`).

    >>> framed_units(["Jag var själv sjukskriven i tre år.", "De gjorde en plan.",
    ...     "Jag fick fyra parter till samma möte.", "I dag arbetar jag som vaktmästare."],
    ...     [0, 0, 0, 0])
    [<Frame.CLIENT: 'client'>, <Frame.CLIENT: 'client'>, <Frame.CLIENT: 'client'>, None]
    >>> framed_units(["Jag ledde styrgruppen.", "Min son blev sjuk."], [0, 1])
    [None, <Frame.RELATIVE: 'relative'>]
    """
    out: list[Frame | None] = [None] * len(units)
    work = [bool(_OWN_WORK.search(u)) for u in units]
    for i, unit in enumerate(units):
        frame = None if work[i] else frame_of(unit)
        if frame is None:
            continue
        out[i] = frame
        # A rehearsal may be named after its acts ("Alla roller spelades av kurskamrater");
        # a client's or a relative's story is told from where it starts, and what the
        # writer did before it in the paragraph stays theirs.
        spread_in_paragraph(out, i, paragraphs, work.__getitem__,
                            (-1, 1) if frame is Frame.REHEARSAL else (1,))
    return out
