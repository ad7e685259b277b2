"""Mask protected attributes before a CV is scored.

What a score may not depend on is removed, not down-weighted: names, personnummer, birth
years and ages, gender words and pronouns, street addresses, e-mail addresses and phone
numbers all become the same neutral placeholder whoever the candidate is. Two CVs that differ
only in those attributes therefore mask to the same text and get the same score.

Names are recognised from lists of common first names and surnames in Sweden, from a
``Namn:`` line, from the name the caller already knows, from capitalised words following
a recognised first name, and from the places where a text gives its writer's name ("Jag
heter …", "My name is …", the line under "Med vänliga hälsningar" / "Best regards"):
:func:`names_in`. The lists cannot be complete, which is why the recruiter is also asked
to pass the candidate's name when it is known.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from matching.facts import party_of
from matching.language import language_of

__all__ = ["is_greeting", "mask", "names_in"]

NAME = "[namn]"

_FIRST_NAMES = frozenset(
    """
    anna eva maria karin sara kristina lena emma kerstin marie malin ingrid jenny hanna linda
    annika susanne elin monica birgitta sofia johanna carina elisabeth ulla katarina linnea
    marianne cecilia helena åsa camilla ida julia amanda frida therese louise agneta gunilla
    josefin ebba elsa alice maja wilma klara moa matilda ellen lisa anneli lotta petra ylva
    erik lars karl anders johan per nils carl mikael hans peter olof lennart gunnar sven
    fredrik daniel bengt alexander gustav göran magnus thomas stefan mattias oskar henrik
    jonas martin andreas leif johannes niklas david viktor jakob björn mats ulf christer kent
    patrik marcus emil axel robert william hugo liam lucas oliver elias adam filip isak noah
    linus kalle sebastian tobias rasmus simon joakim kristoffer roger tommy kjell rolf arne
    mohammed mohamed muhammad ahmed ahmad ali hassan hussein omar yusuf ibrahim mustafa abdi
    fatima amina aisha leila mariam zahra yasmin nour samira hiba rana layla
    nikola dragan zoran goran ana jovana milica elena irina olga natalia katarzyna
    piotr tomasz jose juan carlos luis lucia sofía mehmet ayşe elif emre deniz
    john james michael robert mary patricia jennifer linda elizabeth susan jessica sarah
    """.split()
)
_SURNAMES = frozenset(
    """
    andersson johansson karlsson nilsson eriksson larsson olsson persson svensson gustafsson
    pettersson jonsson jansson hansson bengtsson jönsson lindberg jakobsson magnusson
    olofsson lindström lindqvist lindgren berg axelsson bergström lundberg lundgren lind
    lundqvist mattsson berglund fredriksson sandberg henriksson forsberg sjöberg ali wallin
    mohamed engström eklund danielsson lundin håkansson björk bergman gunnarsson holm wikström
    samuelsson isaksson fransson bergqvist nyström holmberg arvidsson löfgren söderberg
    nyberg blomqvist claesson nordström mårtensson lundström ahmed hassan ibrahim hussein
    abdullahi yilmaz kaya nowak kowalski petrović jovanović nguyen smith jones brown
    """.split()
)
_SURNAME_ENDINGS = ("sson", "son", "berg", "ström", "qvist", "kvist", "gren", "lund", "dahl")

_WORD = r"[A-ZÅÄÖÉÜ][a-zåäöéüßçşğıñ'-]+"
_FIELD_NAME = re.compile(r"(?im)^(\s*(?:namn|name|sökande|candidate)\s*[:：]\s*)(.+)$")
_PERSONNUMMER = re.compile(r"\b(?:19|20)?\d{6}[-+ ]?\d{4}\b")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_PHONE = re.compile(r"(?<![\w-])(?:\+46|0046|0)[\d\s-]{7,14}\d\b")
_BIRTH = re.compile(
    r"(?i)\b(född|f\.|born|b\.|födelseår|year of birth)(\s*:?\s*(?:den\s+)?)"
    r"(?:\d{1,2}\s+\w+\s+)?(?:19|20)\d{2}\b"
)
_AGE = re.compile(
    r"(?i)\b(?:\d{2}\s*-?\s*år(?:ig|iga|ing)?\b(?:\s+gammal)?(?=\W|$)(?!\s+(?:i|på|som|inom|av|hos|med))"
    r"|\d{2}\s*years?\s*old\b|ålder\s*:?\s*\d{2}\b|age\s*:?\s*\d{2}\b|\d{2}-year-old\b)"
)
_AGE_CONTEXT = re.compile(r"(?i)\b(jag är|är|i am|aged?|ålder|,)\s*$")
_ADDRESS = re.compile(
    rf"\b{_WORD}(?:gatan|vägen|gränd|stigen|allén|torget|backen|plan|street|road)\s+\d+[A-Za-z]?"
    r"(?:\s*,?\s*\d{3}\s?\d{2}\s+" + _WORD + r")?"
)
_POSTCODE = re.compile(rf"\b\d{{3}}\s\d{{2}}\s+{_WORD}\b")

# Gendered words become one neutral form; "man" alone is also Swedish for "one" and is
# masked only where it means a person.
_GENDER_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in (
        (r"\b(han|hon|hen)\b", "hen"),
        (r"\b(honom|henne)\b", "hen"),
        (r"\b(hans|hennes)\b", "hens"),
        (r"\b(en|som|ung|äldre|yngre)\s+(man|kvinna|tjej|kille|flicka|pojke)\b", r"\1 person"),
        (r"\b(kvinna|kvinnor|män|tjej|kille|flicka|pojke)\b", "person"),
        (r"\b(kvinnlig|manlig|kvinnliga|manliga)\s+", ""),
        # "far" and "make" are also English words ("far from the labour market", "make
        # plans"): see _SWEDISH_ONLY.
        (r"\b(mamma|pappa|mor|moder|fader)\b", "förälder"),
        (r"\b(mammaledig|pappaledig)\w*", "föräldraledig"),
        (r"\b(fru|maka|man och barn|hustru|sambo|pojkvän|flickvän)\b", "partner"),
        # "son" is an English word too: see _SWEDISH_ONLY and _ENGLISH_ONLY.
        (r"\ben\s+dotter\b", "ett barn"),
        (r"\b([mds])in\s+dotter\b", r"\1itt barn"),
        (r"\b(dotter|söner|döttrar)\b", "barn"),
        (r"\b(he|she)\b", "they"),
        (r"\b(him|her)\b", "them"),
        (r"\b(his|hers)\b", "their"),
        (r"\b(a|as|young|older)\s+(man|woman|girl|boy)\b", r"\1 person"),
        # "men" is also the Swedish "but": see _ENGLISH_ONLY.
        (r"\b(woman|women)\b", "person"),
        (r"\b(mother|father|mom|dad)\b", "parent"),
        (r"\b(husband|wife|boyfriend|girlfriend)\b", "partner"),
        (r"\b(mr|mrs|ms|miss|herr|fru)\.?\s+(?=[A-ZÅÄÖ])", ""),
    )
)


# English words that are Swedish words too ("men" is "but", "son" a son), masked in English
# sentences only: the Swedish mask turned "my son" into "my barn", which no English
# sentence says and which read differently from "my daughter".
_ENGLISH_ONLY: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)\bmen\b"), "person"),
    (re.compile(r"(?i)\b(son|daughter)\b"), "child"),
    (re.compile(r"(?i)\b(sons|daughters)\b"), "children"),
)
# Swedish family words that are English words too, masked in Swedish sentences only.
_SWEDISH_ONLY: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)\bfar\b"), "förälder"),
    (re.compile(r"(?i)\bmake\b"), "partner"),
    (re.compile(r"(?i)\ben\s+son\b"), "ett barn"),
    (re.compile(r"(?i)\b([mds])in\s+son\b"), r"\1itt barn"),
    (re.compile(r"(?i)\bson\b"), "barn"),
    # "man" alone is also "one"; after a possessive it is a husband ("min man", "hens man").
    (re.compile(r"(?i)\b(min|din|sin|hens|vår|er)\s+(f\.\s?d\.\s+)?man\b"), r"\1 \2partner"),
)


# Where a text gives its writer's own name. The name part is case-sensitive (capitalised
# words), the cue is not.
_PARTICLES = ("van", "von", "de", "af", "al", "bin", "da", "di", "del", "la", "le")
# Wider than _WORD: names the lists do not know are as often "Siobhán" or "Kowalczyk-Ng".
_LOWER = r"a-zß-öø-ÿčćšžłńśźżőűşğıñ'’"
_NAME_WORD = rf"[A-ZÀ-ÖØ-ÞČĆŠŽŁ][{_LOWER}]+(?:-[A-ZÀ-ÖØ-Þ]?[{_LOWER}]+)*"
_NAME_WORDS = (rf"{_NAME_WORD}(?:[ \t]+(?:(?:{'|'.join(_PARTICLES)})[ \t]+)?{_NAME_WORD})"
               r"{0,3}")
_INTRODUCED = re.compile(
    rf"(?:(?i:\bjag\s+heter|\bmitt\s+namn\s+är|\bmy\s+name\s+is|\bi\s+am\s+called)"
    rf"\s+)({_NAME_WORDS})"
)
_GREETING = (r"(?i:(?:med\s+)?(?:vänliga|vänlig|bästa|varma)\s+hälsningar|mvh|hälsningar"
             r"|(?:best|kind|warm|with\s+kind)\s+regards|regards|(?:yours\s+)?sincerely"
             r"|yours\s+faithfully|best\s+wishes)")
# The name on the greeting's line ("Best regards, Wim Oort") or on the next non-empty one.
_SIGNATURE = re.compile(
    rf"(?m)^[ \t]*{_GREETING}[ \t]*[,.!:]?[ \t]*(?:\n[ \t]*)*?({_NAME_WORDS})[ \t]*(?:[,|–—-].*)?$"
)
_FIELD_VALUE = re.compile(rf"^[ \t]*({_NAME_WORDS})[ \t]*(?:[,|–—-].*)?$")


_GREETING_LINE = re.compile(rf"[ \t]*{_GREETING}[ \t]*[,.!:]?[ \t]*")


def is_greeting(text: str) -> bool:
    """Whether ``text`` is a closing greeting and nothing else.

    >>> is_greeting("Med vänliga hälsningar"), is_greeting("Best regards,"), is_greeting("Hej")
    (True, True, False)
    """
    return _GREETING_LINE.fullmatch(text) is not None


def _personal(name: str, signature: bool) -> bool:
    """Whether words found where a name is expected are a person's name: not an
    organisation ("Försäkringskassan" signing a letter), and, on a signature line, not a
    lone word the first-name list does not know ("Malmö, 2 januari")."""
    words = name.split()
    if party_of(name) or any(w.isupper() for w in words):
        return False
    return not (signature and len(words) == 1 and words[0].lower() not in _FIRST_NAMES)


def names_in(text: str) -> tuple[str, ...]:
    """The names ``text`` itself gives as its writer's: after "Jag heter" / "Mitt namn är"
    / "My name is", on a ``Namn:``/``Name:`` line, and the signature under a closing
    greeting. Masking passes them for every sentence of the text, so a name the lists do
    not know is masked wherever the text repeats it.

    >>> names_in("Jag heter Zlatko Quist och söker tjänsten.\\n\\nMed vänliga hälsningar\\nZ. Q.")
    ('Zlatko Quist',)
    >>> names_in("I worked in Malmö.\\n\\nBest regards,\\nWim Oort\\nCase officer, Malmö")
    ('Wim Oort',)
    >>> names_in("Med vänliga hälsningar\\nFörsäkringskassan Malmö")
    ()
    """
    found = [(m.group(1), False) for m in _INTRODUCED.finditer(text)]
    found += [(m.group(1), True) for m in _SIGNATURE.finditer(text)]
    for field in _FIELD_NAME.finditer(text):
        if value := _FIELD_VALUE.match(field.group(2)):
            found.append((value.group(1), False))
    out: list[str] = []
    for name, signature in found:
        if _personal(name, signature) and name not in out:
            out.append(name)
    return tuple(out)


def _is_surname(word: str) -> bool:
    lower = word.lower()
    return lower in _SURNAMES or lower.endswith(_SURNAME_ENDINGS)


def _genitive_of_name(lower: str) -> str | None:
    """The genitive ending of a listed first name ("aminas" → "s", "amina's" → "'s"), or
    None.

    >>> _genitive_of_name("aminas"), _genitive_of_name("amina's"), _genitive_of_name("chefs")
    ('s', "'s", None)
    """
    for ending in ("'s", "’s", "'", "’", "s"):
        if lower.endswith(ending) and lower[: -len(ending)] in _FIRST_NAMES:
            return ending
    return None


def _mask_names(text: str, known: Iterable[str]) -> str:
    for name in sorted({n.strip() for n in known if n and n.strip()}, key=len, reverse=True):
        for part in [name, *name.split()]:
            # Not "van" of "Wim van Oort" alone: masked everywhere, it hid "van vid att".
            if len(part) > 1 and part.lower() not in _PARTICLES:
                # With its genitive ("Mohammeds chef", "Mohammed's manager").
                text = re.sub(
                    rf"\b{re.escape(part)}((?:'|’)s?\b|s\b|\b)",
                    lambda m: NAME + m.group(1),
                    text,
                    flags=re.IGNORECASE,
                )
    text = _FIELD_NAME.sub(lambda m: m.group(1) + NAME, text)

    def replace(match: re.Match[str]) -> str:
        words = match.group(0).split()
        out: list[str] = []
        in_name = False
        for word in words:
            lower = word.lower()
            if lower in _FIRST_NAMES or (in_name and _is_surname(word)) or lower in _SURNAMES:
                out.append(NAME)
                in_name = True
            elif genitive := _genitive_of_name(lower):
                # "Aminas chef", "Amina's line manager": the name in the genitive is the
                # same name, and left as written it told one candidate from another (a
                # reference letter scored up to 0.10 apart under a name swap).
                out.append(NAME + genitive)
                in_name = False
            else:
                out.append(word)
                in_name = False
        return " ".join(out)

    # A first name from the list and the capitalised surname-like words after it ("Anna
    # Lindqvist Holm"), or a word from the surname list.
    text = re.sub(rf"\b{_WORD}(?:[ \t]+{_WORD})*\b", replace, text)
    # Collapse "[namn] [namn]" so that one- and two-part names mask identically.
    return re.sub(rf"{re.escape(NAME)}(?:[\s-]+{re.escape(NAME)})+", NAME, text)


def _mask_ages(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        found = match.group(0).lower()
        explicit = any(k in found for k in ("gammal", "årig", "ålder", "old", "age"))
        if explicit or _AGE_CONTEXT.search(text[: match.start()]):
            return "[ålder]"
        return match.group(0)

    return _AGE.sub(replace, text)


def mask(text: str, names: Iterable[str] = ()) -> str:
    """Replace protected attributes in ``text`` with neutral placeholders.

    Parameters
    ----------
    text : str
        The candidate's text.
    names : iterable of str
        Names the caller already knows belong to the candidate.

    Examples
    --------
    >>> mask("Jag heter Anna Lindqvist, är 45 år och hon har arbetat på FK i 12 år.")
    'Jag heter [namn], är [ålder] och hen har arbetat på FK i 12 år.'
    >>> mask("Ring 070-123 45 67 eller mejla a.b@kommun.se. Född 1979.")
    'Ring [telefon] eller mejla [e-post]. Född [födelseår].'
    """
    text = _EMAIL.sub("[e-post]", text)
    text = _PERSONNUMMER.sub("[personnummer]", text)
    text = _PHONE.sub("[telefon]", text)
    text = _BIRTH.sub(lambda m: m.group(1) + m.group(2) + "[födelseår]", text)
    text = _ADDRESS.sub("[adress]", text)
    text = _POSTCODE.sub("[adress]", text)
    # Gender words go before ages so that "en 52-årig man" is still seen as "en ... man".
    for pattern, replacement in _GENDER_WORDS:
        text = pattern.sub(replacement, text)
    for pattern, replacement in _ENGLISH_ONLY if language_of(text) == "en" else _SWEDISH_ONLY:
        text = pattern.sub(replacement, text)
    text = re.sub(r"(?i)\b(en|som)\s+(\d{2}\s*-?\s*årig)\s+(man|kvinna)\b", r"\1 \2 person", text)
    text = _mask_ages(text)
    # A sentence that gives its writer's name ("Jag heter Zlatko Quist och …") masks it
    # even when no one passed it; across sentences, callers pass names_in(whole text).
    return _mask_names(text, [*names, *names_in(text)])
