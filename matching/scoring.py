"""Score candidates against a profile from the sentences that show each item.

The pipeline for one CV:

0. remove control characters (:mod:`matching.cleaning`) when the :class:`Candidate` is made;
1. split into sentences, and long sentences into clauses, keeping each one's span
   (:mod:`matching.sentences`);
2. mask protected attributes in each sentence (:mod:`matching.masking`) and note its
   language (:mod:`matching.language`);
3. classify each sentence: behaviour, negation, wish, keyword list, adjectives
   (:mod:`matching.cues`), which sets how much it can count;
4. embed the sentences once; each item's behaviours, in Swedish and English, are embedded
   as queries;
5. a sentence's evidence for an item is its best cosine to one of the item's behaviours,
   in standard deviations above that behaviour's similarity to ordinary CV sentences in the
   sentence's own language (:mod:`matching.background`), less the sentence's mean over all
   the behaviours of its language (:func:`_specific_z`), mapped to 0..1 and multiplied by
   the cue's weight, the recency weight and the act's weight (:mod:`matching.act_weight`:
   whose act, whether it has happened, what kind); so an English sentence is on the same
   scale as a Swedish one;
6. an item scores its best sentence plus a quarter of the second best; hard facts
   (:mod:`matching.facts`) can stand as evidence for background items;
7. dimensions are weighted means of items, the profile score a weighted mean of dimensions,
   and the total puts it on the 0-100 scale (:mod:`matching.scale`) and mixes in the
   "hitta rätt" preference (:mod:`matching.preference`).

Every number is returned with what produced it. Scores support a recruiter's judgement;
nothing here rejects anyone.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from matching.act_weight import act_weights, discount_note
from matching.addressed import addressed_to_reader, paragraph_numbers
from matching.agency import writer_clauses
from matching.background import BACKGROUNDS
from matching.calibration import Signals, act_counts, calibration, evidence_value, pooled_vector
from matching.cleaning import clean_text
from matching.compounds import join_compounds
from matching.cues import EXPLANATIONS, Cue, classify, denies_collaboration, is_stuffing
from matching.cues import WEIGHTS as CUE_WEIGHTS
from matching.encoders import Encoder, content_key
from matching.facts import PARTY_NAMES, Employment, Facts, extract_facts
from matching.frame import framed_units
from matching.happened import called_off
from matching.initiative import brevity_factor, initiative_weights
from matching.language import LANGUAGES, languages_of, switched
from matching.masking import is_greeting, mask
from matching.outsider import outsider_units
from matching.preference import PreferenceFacts, preference, reasons
from matching.profile import Fact, Item, Profile, Requirement, Target
from matching.recency import Ended, ended_roles, recency
from matching.reported import as_own, is_third_person
from matching.scale import (
    BAND_NAMES,
    SHOWN_OWN,
    denied_ceiling,
    dimensions_shown,
    item_evidence,
    total,
    total_band,
)
from matching.sentences import Sentence, split_clauses, split_sentences
from matching.work_kind import non_client_work

__all__ = [
    "BAND_NAMES",
    "DECISION_SUPPORT",
    "Candidate",
    "CandidateScore",
    "ProfileIndex",
    "band",
    "prepare",
    "prepare_sentences",
    "profile_index",
    "score_candidates",
]

# Evidence strength: z below Z_NONE is no evidence, z at Z_FULL or above is full evidence
# (z after the sentence's own closeness to every behaviour is taken off: _specific_z).
Z_NONE = 1.25
Z_FULL = 4.25
# Texts with more units of evidence than this have their evidence floor raised by the
# expected gain of the maximum (_length_shift): the longest text of the development set has
# 10 units, so no development text is shifted and nothing here was tuned.
LENGTH_REFERENCE = 10
# Bands on 0..1 item and dimension scores: "most of full evidence" and "some". The total has
# its own scale and bands (matching.scale).
ITEM_BANDS = (0.5, 0.15)
# Sentences longer than this are cut before embedding: the model reads 512 tokens at most,
# and a sentence that long is usually a paragraph the splitter could not break.
MAX_SENTENCE_CHARS = 600
DECISION_SUPPORT = (
    "Poängen är ett beslutsstöd för den som rekryterar, inte ett beslut. Ingen kandidat "
    "sorteras bort automatiskt; läs evidensen och luckorna och gör en egen bedömning."
)


def band(score: float, thresholds: tuple[float, float] = ITEM_BANDS) -> str:
    """The Swedish band for a 0..1 score.

    >>> band(0.7), band(0.2), band(0.0)
    ('stark', 'delvis', 'ingen evidens')
    """
    strong, partial = thresholds
    if score >= strong:
        return BAND_NAMES[0]
    return BAND_NAMES[1] if score >= partial else BAND_NAMES[2]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A text to score; ``names`` are the candidate's own names, masked wherever they occur.

    Control characters are removed from the text on construction, so the text that is
    stored, scored and highlighted is one and the same.
    """

    id: str
    text: str
    names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", clean_text(self.text))
        object.__setattr__(self, "names", tuple(clean_text(n) for n in self.names))


@dataclass(frozen=True, slots=True)
class Evidence:
    sentence: str
    start: int
    end: int
    strength: float
    cue: str
    similarity: float
    # Why the sentence counts for less than its match, in Swedish ("avslutat 2002: räknas
    # till 9 %"): the role it describes ended long ago (matching.recency).
    note: str | None = None


@dataclass(slots=True)
class ItemScore:
    id: str
    label: str
    requirement: str
    score: float
    band: str
    evidence: list[Evidence]
    fact: str | None = None


@dataclass(slots=True)
class DimensionScore:
    id: str
    label: str
    weight: float
    score: float
    band: str
    items: list[ItemScore]


@dataclass(slots=True)
class CandidateScore:
    candidate: str
    score: float
    band: str
    profile_score: float
    preference: float | None
    preference_reasons: list[str]
    dimensions: list[DimensionScore]
    gaps: list[str]
    facts: dict[str, Any]
    profile: str
    profile_version: int
    profile_digest: str
    encoder: str
    encoder_version: str
    points: int = 0
    # The text denies collaboration itself and shows none by its own work: its profile score
    # is kept in "ingen evidens" (_collaboration_refuted), and re-ranking does the same.
    collaboration_denied: bool = False
    # The factor a brief text's profile score was raised by (matching.initiative
    # .brevity_factor), kept so that re-ranking under another profile applies it too.
    brevity: float = 1.0
    # The grade (0-3) the learned combination estimates (matching.calibration), None where
    # the profile has no calibration; shown and stored (retargeting recomputes it from the
    # stored item scores, as re-ranking does).
    estimate: float | None = None
    # How many of the units that count are the candidate's own initiative and how many
    # taking part (matching.calibration.act_counts): read by the learned combination,
    # stored for re-ranking.
    acts: dict[str, int] = field(default_factory=dict)
    # The grade the text as a whole suggests (matching.calibration.text_estimate), from its
    # units' embeddings: stored, since re-ranking has no embeddings; None where the
    # calibration does not read this encoder or profile.
    text_estimate: float | None = None
    # The units that pull it up and down most (_text_reasons): sentence, span, effect.
    text_reasons: list[dict[str, Any]] = field(default_factory=list)
    languages: dict[str, int] = field(default_factory=dict)
    discounted: list[dict[str, Any]] = field(default_factory=list)
    note: str = DECISION_SUPPORT
    # Cache keys of the embedded sentences, so storage can record them for erasure without
    # splitting the CV again; not part of the result a person reads.
    sentence_keys: tuple[bytes, ...] = field(default=(), repr=False)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        del out["sentence_keys"]
        out["dimensions"] = {d["id"]: d for d in out["dimensions"]}
        return out


@dataclass(frozen=True, slots=True)
class ProfileIndex:
    """A profile's behaviours embedded once, with their background statistics."""

    profile: Profile
    behaviours: NDArray[np.float32]
    mean: NDArray[np.float32]  # language x behaviour: similarity to that language's background
    std: NDArray[np.float32]
    owner: NDArray[np.intp]  # item position of each behaviour row
    language: NDArray[np.intp]  # index into LANGUAGES of each behaviour row
    z_scale: NDArray[np.float32]  # per language: brings its z to the Swedish scale
    encoder: str
    encoder_version: str


_INDEXES: dict[tuple[str, str, str], ProfileIndex] = {}
_INDEX_LOCK = threading.Lock()


def profile_index(profile: Profile, encoder: Encoder) -> ProfileIndex:
    """Embed a profile's behaviours (memoised per profile content and encoder)."""
    key = (profile.digest, encoder.name, encoder.version)
    with _INDEX_LOCK:
        if key in _INDEXES:
            return _INDEXES[key]
    texts: list[str] = []
    owner: list[int] = []
    language: list[int] = []
    for position, (_, item) in enumerate(profile.items):
        # An item without English behaviours is matched from its Swedish ones in both.
        english = item.behaviours_en or item.behaviours
        for lang, rows in (("sv", item.behaviours), ("en", english)):
            texts.extend(rows)
            owner.extend([position] * len(rows))
            language.extend([LANGUAGES.index(lang)] * len(rows))
    behaviours = encoder.encode(texts, "query")
    sims = [encoder.encode(list(BACKGROUNDS[lang]), "passage") @ behaviours.T for lang in LANGUAGES]
    mean = np.stack([s.mean(axis=0) for s in sims]).astype(np.float32)
    std = np.stack([np.maximum(s.std(axis=0, ddof=1), 1e-3) for s in sims]).astype(np.float32)
    owners, languages = np.asarray(owner, dtype=np.intp), np.asarray(language, dtype=np.intp)
    index = ProfileIndex(
        profile=profile,
        behaviours=behaviours,
        mean=mean,
        std=std,
        owner=owners,
        language=languages,
        z_scale=_z_scale(
            encoder.encode(texts, "passage") @ behaviours.T, mean, std, owners, languages
        ),
        encoder=encoder.name,
        encoder_version=encoder.version,
    )
    with _INDEX_LOCK:
        _INDEXES[key] = index
    return index


def _length_shift(units: int) -> float:
    """How much higher, in standard deviations, the best of ``units`` unrelated sentences
    reaches by chance than the best of :data:`LENGTH_REFERENCE` (0 for shorter texts).

    An item scores its best sentence, and the expected maximum of n draws of noise grows as
    about sqrt(2 ln n): a 600-word letter of jargon or of an unrelated career (40 or more
    units) met most items weakly by chance and reached "stark" on the third held-out set,
    without one sentence close to a behaviour. Evidence is read above this raised floor.

    >>> _length_shift(5), _length_shift(10), round(_length_shift(40), 2)
    (0.0, 0.0, 0.57)
    """
    if units <= LENGTH_REFERENCE:
        return 0.0
    return math.sqrt(2 * math.log(units)) - math.sqrt(2 * math.log(LENGTH_REFERENCE))


def _specific_z(
    sims: NDArray[np.float32],
    mean: NDArray[np.float32],
    std: NDArray[np.float32],
    own: NDArray[np.bool_],
) -> NDArray[np.float32]:
    """Each sentence's z for each behaviour, less its mean z over the behaviours of its
    language (``own``: sentences x behaviours, or one row for all).

    A sentence in the field (any CV sentence about clients, case officers or agencies) is
    closer to every behaviour than the background is, and in English much more so: an
    English sentence's z for behaviours it does not show averaged about one standard
    deviation above a Swedish one's, so it met many items weakly and English CVs scored up
    to twice their Swedish versions. What counts is how much closer a sentence is to one
    behaviour than to the profile as a whole (the hubness correction of cross-lingual
    retrieval, CSLS). Background sentences keep a mean of 0, so the scale stays anchored.
    """
    z = (sims - mean) / std
    mask = np.broadcast_to(own, z.shape)
    centre = np.where(mask, z, 0.0).sum(axis=1, keepdims=True)
    centre /= np.maximum(mask.sum(axis=1, keepdims=True), 1)
    return np.asarray(z - centre, dtype=np.float32)


def _z_scale(
    sims: NDArray[np.float32],
    mean: NDArray[np.float32],
    std: NDArray[np.float32],
    owner: NDArray[np.intp],
    language: NDArray[np.intp],
) -> NDArray[np.float32]:
    """Per language, the factor that puts a true match at the z it has in Swedish.

    The same background statistics do not make languages equal: the encoder separates
    English sentences more sharply, so a translated CV would score higher in English (about
    1.5 times the centred z for the same content with multilingual-e5-small). A true match is known
    without any graded CV: another behaviour of the same item, written as a CV sentence. Its
    median z in each language fixes the factor, so no constant is tuned per language.
    """
    level = np.ones(len(LANGUAGES), dtype=np.float32)
    for lang in range(len(LANGUAGES)):
        z = _specific_z(sims, mean[lang], std[lang], (language == lang)[None, :])
        best = [
            z[(owner == owner[b]) & (language == lang) & (np.arange(len(owner)) != b), b].max()
            for b in np.flatnonzero(language == lang)
            if ((owner == owner[b]) & (language == lang)).sum() > 1
        ]
        level[lang] = float(np.median(best)) if best else 1.0
    return np.asarray(level[0] / np.maximum(level, 1e-3), dtype=np.float32)


@dataclass(frozen=True, slots=True)
class Sentences:
    """A CV's units of evidence, prepared once: spans, masked text, cue, language."""

    sentences: list[Sentence]
    masked: list[str]  # as written, masked: what the evidence rows show
    # What is read (cues, facts, embedding): the masked text, or in a text written about the
    # candidate in the third person, each unit as the candidate's own (matching.reported).
    read: list[str]
    cues: list[Cue]
    cue_weights: NDArray[np.float32]
    language: NDArray[np.intp]  # index into LANGUAGES
    # Units with words of both languages (matching.language.switched): met by the
    # behaviours of both.
    switched: NDArray[np.bool_]
    factual: list[str]  # masked units facts may be read from: no denial, wish or keyword block
    denies: NDArray[np.bool_]  # units that deny collaboration itself (cues.denies_collaboration)


def prepare_sentences(candidate: Candidate) -> Sentences:
    """Split, mask and classify a CV; done once per CV, and storage reuses the result
    through :attr:`CandidateScore.sentence_keys` (no copy of the text is kept anywhere)."""
    sentences = [c for s in split_sentences(candidate.text) for c in split_clauses(s)]
    masked = [mask(s.text, candidate.names)[:MAX_SENTENCE_CHARS] for s in sentences]
    languages = languages_of(masked)
    third_person = is_third_person(masked)
    read = (
        [as_own(m, lang) for m, lang in zip(masked, languages, strict=True)]
        if third_person
        else masked
    )
    # Compounds that speech-to-text wrote apart name their party again (matching.compounds).
    read = [join_compounds(r) for r in read]
    # In a text about the candidate, "jag"/"I" is its writer (a manager's reference, a
    # recruiter's note): the writer's acts are someone else's (matching.agency).
    writer = writer_clauses(masked, third_person)
    # A pasted advertisement or competence profile speaks to the reader, as written
    # (matching.addressed): none of it is the candidate's evidence or facts.
    paragraphs = paragraph_numbers(candidate.text, [s.start for s in sentences])
    addressed = addressed_to_reader(masked, paragraphs)
    cues = _results_of_own(
        _carry_others(
            [
                Cue.ADDRESSED if a else Cue.OTHERS if w else classify(m).cue
                for m, w, a in zip(read, writer, addressed, strict=True)
            ],
            read,
        ),
        read,
        writer,
    )
    # An act in the writer's time as a participant, in a relative's case or in a rehearsal
    # is no work in the role (matching.frame); a denial or a wish keeps its own cue.
    cues = [
        Cue.FRAMED if f is not None and c in (Cue.BEHAVIOUR, Cue.ADJECTIVES) else c
        for c, f in zip(cues, framed_units(read, paragraphs), strict=True)
    ]
    # An act about or for a federation from outside its work (an evaluator's, an auditor's,
    # a supplier's, a quoted rejection) is no collaboration work (matching.outsider).
    cues = [
        Cue.OUTSIDER if o is not None and c in (Cue.BEHAVIOUR, Cue.ADJECTIVES) else c
        for c, o in zip(cues, outsider_units(read, paragraphs), strict=True)
    ]
    return Sentences(
        sentences=sentences,
        masked=masked,
        read=read,
        cues=cues,
        cue_weights=np.asarray([CUE_WEIGHTS[c] for c in cues], dtype=np.float32),
        language=np.asarray([LANGUAGES.index(lang) for lang in languages], dtype=np.intp),
        switched=np.asarray([switched(m) for m in masked], dtype=np.bool_),
        denies=np.asarray(
            [
                c is Cue.NEGATED and denies_collaboration(
                    m, read[i - 1] if i and cues[i - 1] is Cue.QUESTION else None
                )
                for i, (m, c) in enumerate(zip(read, cues, strict=True))
            ],
            dtype=np.bool_,
        ),
        factual=[
            m
            for m, c in zip(read, cues, strict=True)
            # A wish names an employer it does not have: "Jag hoppas få arbeta på
            # Försäkringskassan" is no employment, and neither is a partner's or a
            # colleague's ("Min partner har jobbat på Försäkringskassan i tio år").
            if c not in (
                Cue.NEGATED, Cue.ASPIRATION, Cue.QUESTION, Cue.OTHERS, Cue.ADDRESSED,
                Cue.FRAMED, Cue.OUTSIDER,
            )
            and not is_stuffing(m)
        ],
    )


# A clause cut off after "och"/"and" with no subject of its own ("… och leder dess
# styrgrupp", "… and chairs its steering group") has the subject of the clause before it.
_SUBJECTLESS = re.compile(r"(?i)^(?:och|samt|and)\s+(?!(?:jag|vi|I|we|min|mitt|mina|my|our)\b)")


def _carry_others(cues: list[Cue], units: Sequence[str]) -> list[Cue]:
    """Someone else's work stays theirs in the clause that continues it without a subject."""
    out = list(cues)
    for i in range(1, len(out)):
        # "och leder jag …" names its own subject; a bare verb goes on with the one before.
        if (
            out[i - 1] is Cue.OTHERS
            and out[i] is Cue.BEHAVIOUR
            and _SUBJECTLESS.match(units[i])
            and not re.match(r"(?i)^(?:och|samt|and)\s+\S+\s+(?:jag|I)\b", units[i])
        ):
            out[i] = Cue.OTHERS
    return out


# Others taking up what the candidate just did, named by a pronoun or by "my": "Wrote its
# agreement | the board made it permanent in 2023", "… the managers of all four signed it",
# "The board made the way of working permanent after my follow-ups". English makes the board
# or the managers the subject where Swedish often does not ("Förbundets styrelse gjorde
# arbetssättet permanent …" was never someone else's work), and a terse English grade-3
# text lost its result.
_TAKEN_UP = re.compile(
    r"(?i)\b(?:adopted|approved|signed|funded|granted|renewed|extended|antog|godkände|"
    r"skrev under|finansierade|beviljade|förlängde|made (?:\w+ ){0,4}?permanent|"
    r"gjorde (?:\w+ ){0,3}?permanent)\b"
)
_TAKEN_UP_OBJECT = re.compile(r"(?i)\b(?:it|them|den|det|dem|my|min|mitt|mina)\b")
_OWN_SUBJECT = re.compile(r"(?i)^(?:(?:och|and)\s+)?(?:my|min|mitt|mina)\b")


def _results_of_own(cues: list[Cue], units: Sequence[str], writer: Sequence[bool]) -> list[Cue]:
    """Others adopting, signing or funding the candidate's act of the unit before are that
    act's result, not someone else's work (a reference's writer stays the writer)."""
    out = list(cues)
    for i in range(1, len(out)):
        if (
            out[i] is Cue.OTHERS
            and out[i - 1] is Cue.BEHAVIOUR
            and not writer[i]
            and _TAKEN_UP.search(units[i])
            and _TAKEN_UP_OBJECT.search(units[i])
            and not _OWN_SUBJECT.match(units[i])
        ):
            out[i] = Cue.BEHAVIOUR
    return out


@dataclass(frozen=True, slots=True)
class Prepared:
    candidate: Candidate
    units: Sentences
    facts: Facts
    # Per unit, when the role it describes ended (None: current or not known), and the
    # weight that gives its evidence (matching.recency).
    ended: list[Ended | None]
    recency: NDArray[np.float32]
    this_year: int
    # Per unit, the weight of whose act it is, whether it has happened and what kind it is
    # (matching.act_weight; own initiative with a result weighs most, matching.initiative),
    # and why it counts less, in Swedish, where it does.
    act: NDArray[np.float32]
    act_notes: list[str | None]

    @property
    def read(self) -> list[str]:
        """The units as embedded (:attr:`Sentences.read`)."""
        return self.units.read


def prepare(candidate: Candidate, this_year: int) -> Prepared:
    units = prepare_sentences(candidate)
    ended = ended_roles(units.read, this_year)
    others = [c is Cue.OTHERS for c in units.cues]
    own = [
        r for r, c in zip(units.read, units.cues, strict=True)
        if c not in (
            Cue.OTHERS, Cue.NEGATED, Cue.QUESTION, Cue.ASPIRATION, Cue.ADDRESSED, Cue.FRAMED,
            Cue.OUTSIDER,
        )
    ]
    non_client = non_client_work(own)
    acts = act_weights(units.read, others, initiative_weights(units.read), non_client=non_client)
    # A role that was planned and called off was never held: no profession, employer or
    # years from it ("Jag var tillfrågad att bli projektledare … projektet blev aldrig av").
    cancelled = {r for r, off in zip(units.read, called_off(units.read), strict=True) if off}
    facts = extract_facts([m for m in units.factual if m not in cancelled], this_year=this_year)
    if non_client:
        facts = _employment_only(facts)
    return Prepared(
        candidate,
        units,
        facts,
        ended,
        np.asarray([recency(e, this_year) for e in ended], dtype=np.float32),
        this_year,
        np.asarray(acts.weights, dtype=np.float32),
        acts.notes,
    )


def _employment_only(facts: Facts) -> Facts:
    """The facts of a text whose work serves the organisation, not its clients
    (matching.work_kind): its years at a party are employment, not collaboration."""
    return replace(
        facts,
        employments=tuple(replace(e, collaboration=False) for e in facts.employments),
        collaboration_years=0,
    )


def _fact_score(fact: Fact, facts: Facts, this_year: int) -> tuple[float, str | None]:
    """A hard fact as evidence for an item, with the Swedish reason."""
    if fact is Fact.DEGREE and facts.best_degree:
        name, weight, _ = facts.best_degree
        return weight, f"examen: {name}"
    if fact is Fact.PARTY_TODAY and facts.current_parties:
        names = ", ".join(PARTY_NAMES[p] for p in sorted(facts.current_parties))
        return 1.0, f"arbetar idag hos: {names}"
    if fact is Fact.COLLABORATION_YEARS and facts.collaboration_years:
        years = facts.collaboration_years
        # Years that ended long ago count as the sentences about them do (matching.recency).
        ended = _last_ended([e for e in facts.employments if e.collaboration])
        weight = recency(ended, this_year)
        return min(1.0, years / 3) * weight, _with_note(
            f"{years} år i uppdrag med samverkan", ended, weight)
    if fact is Fact.SEVERAL_PARTIES and len(facts.parties) >= 2:
        names = ", ".join(PARTY_NAMES[p] for p in sorted(facts.parties))
        # As recent as the second most recent party: two parties from a project that ended
        # in 2002 are old experience (matching.recency).
        ended = sorted(
            (_last_ended([e for e in facts.employments if p in e.parties])
             for p in facts.parties),
            key=lambda e: float("inf") if e is None else e.year,
            reverse=True,
        )[1]
        weight = recency(ended, this_year)
        return weight, _with_note(f"erfarenhet från flera parter: {names}", ended, weight)
    return 0.0, None


def _last_ended(spans: Sequence[Employment]) -> Ended | None:
    """When the latest of these employments ended (None: one is current, or none given)."""
    if not spans or any(e.current for e in spans):
        return None
    return Ended(max(e.end for e in spans))


def _recency_note_of(ended: Ended | None, weight: float) -> str | None:
    """What the evidence says of an old role's discount: "avslutat 2002: räknas till 9 %"."""
    if ended is None or weight >= 1.0:
        return None
    return discount_note(ended.note, weight)


def _with_note(reason: str, ended: Ended | None, weight: float) -> str:
    note = _recency_note_of(ended, weight)
    return f"{reason}, {note}" if note else reason


def _item_evidence(
    strengths: NDArray[np.float32], sims: NDArray[np.float32], prepared: Prepared, keep: int = 3
) -> tuple[float, list[Evidence]]:
    order = np.argsort(-strengths, kind="stable")[:keep]
    score = item_evidence([float(strengths[i]) for i in order])
    units = prepared.units
    evidence = [
        Evidence(
            sentence=units.masked[i],
            start=units.sentences[i].start,
            end=units.sentences[i].end,
            strength=round(float(strengths[i]), 3),
            cue=units.cues[i].value,
            similarity=round(float(sims[i]), 4),
            note=_recency_note(prepared, i),
        )
        for i in order
        if strengths[i] > 0
    ]
    return score, evidence


def _recency_note(prepared: Prepared, unit: int) -> str | None:
    """Why a unit counts less: an old role, and whose act or what kind of act it is."""
    notes = [
        _recency_note_of(prepared.ended[unit], float(prepared.recency[unit])),
        prepared.act_notes[unit],
    ]
    return "; ".join(n for n in notes if n) or None


def _score_one(
    prepared: Prepared,
    vectors: NDArray[np.float32],
    index: ProfileIndex,
    target: Target,
) -> tuple[CandidateScore, NDArray[np.float32] | None]:
    """The text's score and its pooled embedding (matching.calibration.pooled_vector)."""
    profile = index.profile
    n_items = len(profile.items)
    units = prepared.units
    n = len(units.masked)
    if n:
        sims = vectors @ index.behaviours.T  # sentences x behaviours
        # Each sentence meets the behaviours written in its own language, measured against
        # the background in that language: both sides of every comparison share a language.
        other = units.language[:, None] != index.language[None, :]
        z = _specific_z(sims, index.mean[units.language], index.std[units.language], ~other)
        z *= index.z_scale[units.language][:, None]
        if units.switched.any():
            # A code-switched unit ("Sent the draft samverkansöverenskommelse to all three
            # chefer") is also met by the other language's behaviours, each side measured
            # against its own language's background, as a unit of that language would be.
            alt = 1 - units.language
            z_alt = _specific_z(sims, index.mean[alt], index.std[alt], other)
            z_alt *= index.z_scale[alt][:, None]
            use = other & units.switched[:, None]
            z[use] = z_alt[use]
            other = other & ~units.switched[:, None]
        z[other] = -np.inf
        item_z = np.full((n, n_items), -np.inf, dtype=np.float32)
        item_sim = np.zeros((n, n_items), dtype=np.float32)
        for b, position in enumerate(index.owner):
            better = z[:, b] > item_z[:, position]
            item_z[better, position] = z[better, b]
            item_sim[better, position] = sims[better, b]
        shift = _length_shift(int((units.cue_weights > 0).sum()))
        unweighted = np.clip((item_z - Z_NONE - shift) / (Z_FULL - Z_NONE), 0.0, 1.0)
        # A role that ended long ago counts for less (matching.recency), in any language.
        # Whose act, whether it has happened and what kind (matching.act_weight): own
        # initiative with a result counts more than taking part, a manager's act or an
        # announced one less; never above full evidence.
        weights = units.cue_weights * prepared.recency * prepared.act
        strength = np.minimum(unweighted * weights[:, None], 1.0)
        refuted = _collaboration_refuted(item_z, unweighted, strength, units.denies)
        # The whole text's embedding (matching.calibration.pooled_vector): the units that
        # say something, weighted by whose act each is and how long ago its role ended;
        # not keyword lists, nor acts the rules say are not the candidate's work (someone
        # else's, an outsider's, in a framed setting, a pasted advertisement's): there the
        # embedding alone cannot tell (a called-off plan scored above the same plan led).
        # Denials, wishes and opinions stay: what a text says it has not done is part of
        # it, and leaving them out cost 0.02 nDCG@10 left-one-set-out.
        counts = np.asarray(
            [c not in _NOT_THE_CANDIDATES and _says_something(r, c)
             for r, c in zip(units.read, units.cues, strict=True)],
            dtype=np.float32,
        )
        pool_w = prepared.act * counts * prepared.recency
        pooled = pooled_vector(vectors, pool_w)
    else:
        pool_w = np.zeros(0, dtype=np.float32)
        pooled = None
        strength = np.zeros((0, n_items), dtype=np.float32)
        item_sim = strength
        refuted = False
    acts = act_counts(prepared.act[units.cue_weights > 0])

    dimensions: list[DimensionScore] = []
    dimension_values: list[float] = []
    gaps: list[tuple[bool, str]] = []
    position = 0
    for dimension in profile.dimensions:
        items: list[ItemScore] = []
        for item in dimension.items:
            score, evidence = _item_evidence(strength[:, position], item_sim[:, position], prepared)
            fact_note = None
            if item.fact is not None:
                fact_value, fact_note = _fact_score(item.fact, prepared.facts, prepared.this_year)
                score = max(score, fact_value)
            items.append(_item_score(item, score, evidence, fact_note))
            if items[-1].band == BAND_NAMES[2]:
                gaps.append((item.requirement is Requirement.MUST, item.gap_text))
            position += 1
        total_weight = sum(i.weight for i in dimension.items)
        value = sum(s.score * i.weight for s, i in zip(items, dimension.items, strict=True))
        value /= total_weight
        dimension_values.append(value)
        dimensions.append(
            DimensionScore(
                dimension.id, dimension.label, dimension.weight, round(value, 4), band(value), items
            )
        )
    # The total is computed from the stored (rounded) profile score, as re-ranking and
    # retargeting compute it, so all three give the same number.
    profile_score = round(
        sum(v * d.weight for v, d in zip(dimension_values, dimensions, strict=True))
        / sum(d.weight for d in dimensions),
        4,
    )
    # A brief text with an own act that has a result is not punished for its brevity
    # (matching.initiative.brevity_factor).
    brevity = round(
        brevity_factor(prepared.act.tolist(), int((units.cue_weights > 0).sum())), 6
    )
    profile_score = round(profile_score * brevity, 4)
    if refuted:
        # Stored capped, so re-ranking and retargeting (which recompute the total from the
        # stored profile score) give the same total and band.
        profile_score = float(denied_ceiling(np.asarray([profile_score]), np.asarray([True]))[0])
    facts = _facts_summary(prepared.facts)
    pref = preference(PreferenceFacts.of([facts]), target)
    # The page marks only ``evidence`` spans; these spans say what it must leave unmarked
    # (a keyword block is reason "keywords") and why, in the recruiter's words
    # (``cue_reason``), so no page keeps a list of its own that can fall behind Cue.
    discounted: list[dict[str, Any]] = [
        {"sentence": units.masked[i], "reason": units.cues[i].value,
         "cue_reason": EXPLANATIONS[units.cues[i]],
         "start": units.sentences[i].start, "end": units.sentences[i].end}
        for i in range(n)
        if units.cues[i] not in (Cue.BEHAVIOUR, Cue.HEADING)
    ]
    scored = CandidateScore(
        candidate=prepared.candidate.id,
        score=0.0,
        band=BAND_NAMES[2],
        profile_score=round(profile_score, 4),
        preference=None if pref is None else round(float(pref.value[0]), 4),
        preference_reasons=[] if pref is None else reasons(pref, 0, target),
        dimensions=dimensions,
        gaps=[DENIED_GAP] * refuted
        + [("ska-krav: " if must else "") + gap for must, gap in sorted(gaps, key=_must_first)],
        facts=facts,
        collaboration_denied=refuted,
        brevity=brevity,
        acts=acts,
        sentence_keys=tuple(content_key(m, "passage") for m in units.read),
        languages={lang: int((units.language == i).sum()) for i, lang in enumerate(LANGUAGES)},
        profile=profile.id,
        profile_version=profile.version,
        profile_digest=profile.digest,
        encoder=index.encoder,
        encoder_version=index.encoder_version,
        discounted=discounted,
        text_estimate=_text_estimate(index, pooled),
    )
    if scored.text_estimate is not None:
        scored.text_reasons = _text_reasons(prepared, vectors, pool_w)
    # The total is computed from what is stored (item scores, evidence rows, facts), as
    # re-ranking and retargeting compute it, so all three give the same number.
    evidence_values, estimate = evidence_value(Signals.of_results([scored.to_dict()]), profile)
    value = float(
        total(evidence_values, None if pref is None else pref.value, profile.preference_weight)[0]
    )
    return replace(
        scored,
        score=round(value, 4),
        points=round(100 * value),
        estimate=None if estimate is None else float(estimate[0]),
        band=total_band(
            value,
            dimensions_shown(
                [(d.score, [[e.strength for e in i.evidence] for i in d.items]) for d in dimensions]
            ),
        ),
    ), pooled


# How many units a result names as pulling the whole text's estimate up, and down.
TEXT_REASONS_UP, TEXT_REASONS_DOWN = 3, 2


def _text_reasons(
    prepared: Prepared, vectors: NDArray[np.float32], weights: NDArray[np.float32]
) -> list[dict[str, Any]]:
    """The units that move the whole text's estimate most, up first, each with its
    ``effect`` in grades against a unit at the text's mean (Calibration.text_effects). A
    recruiter reads them beside the evidence rows, since that estimate is tied to no one
    requirement."""
    fitted = calibration()
    assert fitted is not None  # only called where the whole-text estimate was computed
    effect = fitted.text_effects(vectors, weights)
    up = [int(i) for i in np.argsort(-effect, kind="stable") if effect[i] >= 0.005]
    down = [int(i) for i in np.argsort(effect, kind="stable") if effect[i] <= -0.005]
    units = prepared.units
    return [
        {"sentence": units.masked[i], "start": units.sentences[i].start,
         "end": units.sentences[i].end, "effect": round(float(effect[i]), 2),
         "direction": direction}
        for chosen, direction in ((up[:TEXT_REASONS_UP], "up"), (down[:TEXT_REASONS_DOWN], "down"))
        for i in chosen
    ]


_NOT_THE_CANDIDATES = frozenset(
    {Cue.KEYWORDS, Cue.FRAMED, Cue.OUTSIDER, Cue.OTHERS, Cue.ADDRESSED}
)
_PLACEHOLDER = re.compile(r"\[[^\]]*\]")
_WORDS = re.compile(r"[^\W\d_]{2,}")


def _says_something(unit: str, cue: Cue) -> bool:
    """Whether a unit says something of the candidate's work: not a heading, nor a line of
    fewer than three words once the masked parts are gone (a name line, "Född [födelseår].",
    a closing greeting), whose presence differs between otherwise equal texts."""
    return (
        cue is not Cue.HEADING
        and not is_greeting(unit)
        and len(_WORDS.findall(_PLACEHOLDER.sub(" ", unit))) >= 3
    )


def _text_estimate(index: ProfileIndex, pooled: NDArray[np.float32] | None) -> float | None:
    """The whole text's estimated grade, where the shipped calibration applies to the
    profile and was trained on this encoder's embeddings."""
    fitted = calibration()
    profile = index.profile
    if fitted is None or not fitted.reads_text(f"{index.encoder}@{index.encoder_version}"):
        return None
    if not fitted.applies([i.id for _, i in profile.items], [d.id for d in profile.dimensions]):
        return None
    return fitted.text_estimate(pooled)


DENIED_GAP = (
    "texten säger att kandidaten inte har samverkat med andra parter och beskriver ingen "
    "egen samverkan"
)


def _collaboration_refuted(
    item_z: NDArray[np.float32],
    unweighted: NDArray[np.float32],
    strength: NDArray[np.float32],
    denies: NDArray[np.bool_],
) -> bool:
    """True when the text denies collaboration itself and shows none by its own work.

    "Jag har arbetat på Försäkringskassan i elva år men aldrig samverkat med andra
    myndigheter": the employment, the degree and the casework are true and stay in the
    facts, but the text states that it lacks what the profile is about, and the graders
    read it as grade 1. Its true facts and casework alone reached 35-70 points and ranked
    above grade-2 texts that do collaborate (dev r03-r05). The denial is about the items it
    would have evidenced had it not been a denial (``unweighted``: evidence before the cue
    weight; its closest item when it meets none); when no sentence of the candidate's own
    shows one of those items (evidence of ``SHOWN_OWN``, the band rule's own-work
    threshold), the total stays in "ingen evidens" (at most ``DENIED_TOTAL``), the band the
    docs give for "a text that denies any collaboration". A denied role ("Någon formell roll
    i samverkan har jag inte") is a stated gap and is not read so.
    """
    if not denies.any():
        return False
    about: NDArray[np.bool_] = np.asarray((unweighted[denies] > 0).any(axis=0), dtype=np.bool_)
    about[item_z[denies].argmax(axis=1)] = True
    return not bool((strength[:, about] >= SHOWN_OWN).any())


def _must_first(gap: tuple[bool, str]) -> bool:
    return not gap[0]


def _item_score(item: Item, score: float, evidence: list[Evidence], fact: str | None) -> ItemScore:
    return ItemScore(
        id=item.id,
        label=item.label,
        requirement=item.requirement.value,
        score=round(score, 4),
        band=band(score),
        evidence=evidence,
        fact=fact,
    )


def _facts_summary(facts: Facts) -> dict[str, Any]:
    best = facts.best_degree
    return {
        "degree": best[0] if best else None,
        "parties": sorted(p.value for p in facts.parties),
        "current_parties": sorted(p.value for p in facts.current_parties),
        "professions": sorted(facts.professions),
        "years_experience": facts.years_experience,
        "collaboration_years": facts.collaboration_years,
        "employments": [
            {
                "parties": [p.value for p in e.parties],
                "start": e.start,
                "end": None if e.current else e.end,
                "current": e.current,
                "dated": e.dated,
                "sentence": e.sentence,
            }
            for e in facts.employments
        ],
    }


def score_candidates(
    candidates: Sequence[Candidate],
    profile: Profile,
    encoder: Encoder,
    *,
    target: Target | None = None,
    today: date | None = None,
    batch_sentences: int = 512,
    progress: Callable[[int], None] | None = None,
    pooled: dict[str, NDArray[np.float32] | None] | None = None,
) -> list[CandidateScore]:
    """Score and rank candidates, best first (ties keep input order).

    Sentences of all candidates are embedded together in batches, so scoring many CVs costs
    about what encoding their sentences costs. ``progress`` is called with the number of
    candidates finished after each batch. ``pooled``, where given, receives each
    candidate's pooled embedding (matching.calibration.pooled_vector), for training.
    """
    index = profile_index(profile, encoder)
    target = target if target is not None else profile.target
    this_year = (today or date.today()).year
    results: list[CandidateScore] = []
    pending: list[Prepared] = []
    pending_sentences = 0

    def flush() -> None:
        nonlocal pending_sentences
        texts = [m for p in pending for m in p.read]
        vectors = encoder.encode(texts, "passage") if texts else np.zeros((0, 1), np.float32)
        offset = 0
        for p in pending:
            count = len(p.read)
            scored, mean = _score_one(p, vectors[offset : offset + count], index, target)
            if pooled is not None:
                pooled[p.candidate.id] = mean
            results.append(scored)
            offset += count
        if progress is not None:
            progress(len(pending))
        pending.clear()
        pending_sentences = 0

    for candidate in candidates:
        prepared = prepare(candidate, this_year)
        pending.append(prepared)
        pending_sentences += len(prepared.read)
        if pending_sentences >= batch_sentences:
            flush()
    if pending:
        flush()
    order = sorted(range(len(results)), key=lambda i: -results[i].score)
    return [results[i] for i in order]
