"""Issue 18: one scale for Swedish and English, facts from prose, traps, the 0-100 scale,
control characters, and one "hitta rätt" preference for scoring and re-ranking."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from matching.cleaning import clean_text
from matching.encoders import CachedEncoder
from matching.evaluation import read_devset
from matching.facts import Party, extract_facts
from matching.profile import Target, get_profile
from matching.rerank import ScoreTable, retarget
from matching.scoring import Candidate, CandidateScore, score_candidates

TODAY = date(2026, 11, 1)
YEAR = TODAY.year


def _score(encoder: Any, texts: dict[str, str], **kw: Any) -> dict[str, CandidateScore]:
    results = score_candidates(
        [Candidate(k, t) for k, t in texts.items()],
        get_profile("handbok"),
        encoder,
        today=TODAY,
        **kw,
    )
    return {r.candidate: r for r in results}


@pytest.fixture
def devset(devset_evaluation: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return devset_evaluation["matcher"]


# --- one scale for every language ---------------------------------------------------------


def test_an_english_translation_scores_as_its_swedish_original(
    devset: dict[str, Any],
) -> None:
    graded = {g.id: g for g in read_devset()}
    scores = devset["scores"]
    # Every pair whose Swedish text scores at least 15 points (below that a ratio divides by
    # almost nothing: e21 and p2e, grade 1, score about 0 in Swedish).
    # Grade-0 pairs are left out, as the evaluation leaves them out: q06, an irrelevant
    # career, scores 17 and 23 points, and their ratio measures noise.
    pairs = [
        g
        for g in graded.values()
        if g.lang == "en" and g.pair and scores[g.pair] >= 0.15 and graded[g.pair].grade > 0
    ]
    assert len(pairs) >= 9
    ratios = {e.id: scores[e.id] / scores[e.pair] for e in pairs}
    # No translation scores more than 1.25 times its original: the English lean (up to 2.1
    # times on the second held-out set) came from English sentences' general closeness to
    # every behaviour, which the scorer now takes off (scoring._specific_z). p5 and p6 are
    # written naturally in each language, the style that leaned: without the correction
    # p6e (grade 1) scored 1.8 times p6s.
    # Known: e01 (1.29). Its Swedish original s01 leaned on "Teamet har personal från
    # Arbetsförmedlingen, Försäkringskassan, …", a description of the team that is no longer
    # evidence (cue "others"), while e01's own sentences meet the behaviours more closely in
    # English ("I meet participants myself every week" 0.54 against 0.36).
    # Known too: u03e (1.29, grade 1, 35 against 27 points), interview notes whose last
    # clause joins the candidate's own cases to the colleagues' contacts ("and that my
    # colleagues in the team handle the contacts with the other agencies"): the encoder
    # ties the English clause closer to the contact item.
    # Known since the learned combination (matching.calibration): r01e (1.26, grade 2, 47
    # against 38 points), whose English estimate is 0.21 grade above its Swedish one.
    assert {k for k, r in ratios.items() if r > 1.25} <= {"e01", "u03e", "r01e"}, ratios
    assert max(ratios.values()) <= 1.35, ratios
    # Three keep 0.67-0.80, each on one Swedish sentence the encoder ties closer to a
    # behaviour than its English translation: "avstämningsmöten med Försäkringskassan"
    # (an FK term) against "reconciliation meetings" (p3e), "Jag leder veckovisa möten där
    # handläggare från …" against "I lead weekly meetings where case officers …" (p1e), and
    # e14's project sentence. Named here so that any other shortfall fails.
    # Known since the whole text is read (matching.calibration.pooled_vector): p5e (0.71,
    # grade 2, 56 against 79 points), whose pooled English embedding the regression puts
    # 0.74 grade below its Swedish original's; over the 128 translated pairs of the spent
    # sets left out in turn, 18 fell below 0.8 with the whole text read and 22 without.
    known = {"e14", "p1e", "p3e", "p5e"}
    assert {k for k, r in ratios.items() if r < 0.8} <= known, ratios
    assert min(ratios.values()) >= 0.65, ratios


def test_closeness_to_the_whole_profile_is_no_evidence() -> None:
    import numpy as np

    from matching.scoring import _specific_z

    # Two sentences against four behaviours of their language (background mean 0.8, std
    # 0.02): the first is close to all four alike, as an English sentence in the field is;
    # the second stands out for one behaviour only.
    sims = np.asarray([[0.86, 0.86, 0.86, 0.86], [0.80, 0.80, 0.80, 0.88]], dtype=np.float32)
    mean = np.full(4, 0.8, dtype=np.float32)
    std = np.full(4, 0.02, dtype=np.float32)
    own = np.ones((1, 4), dtype=bool)
    z = _specific_z(sims, mean, std, own)
    assert np.allclose(z[0], 0.0, atol=1e-4)  # 3 standard deviations everywhere: nothing
    assert z[1, 3] == pytest.approx(3.0, abs=1e-3) and z[1, :3] == pytest.approx([-1.0] * 3)
    # Behaviours of the other language do not count towards a sentence's centre.
    other = np.asarray([[True, True, False, False]])
    assert _specific_z(sims[1:], mean, std, other)[0, 3] == pytest.approx(4.0, abs=1e-3)


def test_one_scale_for_both_languages(devset: dict[str, Any]) -> None:
    # The same grade gets the same mean total in Swedish and in English (within 0.8-1.25).
    means = {lang: devset["languages"][lang]["mean_by_grade"] for lang in ("sv", "en")}
    for grade in (2, 3):
        assert 0.8 <= means["en"][grade] / means["sv"][grade] <= 1.25, means


def test_no_good_text_ranks_below_a_weak_one_because_of_its_language(
    devset: dict[str, Any],
) -> None:
    graded = {g.id: g for g in read_devset()}
    flips = [
        (a, b)
        for a, b in devset["languages"]["cross_language_flips"]
        if graded[a].grade >= 2 and graded[b].grade <= 1
    ]
    # Known: w07, a mixed grade-1 text, earns its points from true facts (an occupational
    # therapist working in the region today, a fact the handbook credits) while its
    # denials and wishes earn nothing; it ties with the weakest grade-2 texts, which have
    # no current employment at a party.
    # Known since the sixth round: p3e, the weakest grade-2 text (25 points; its only
    # collaboration is taking part in FK's meetings, which weighs 0.75: matching.initiative),
    # sits 2 points below three grade-1 Swedish texts (s24, q04, u03s, 27 points each).
    assert [(a, b) for a, b in flips if "w07" not in (a, b) and a != "p3e"] == []
    assert {b for a, b in flips if a == "p3e"} <= {"s24", "q04", "u03s"}


def test_stark_means_the_top_grade_and_no_weak_text_is_stark(devset: dict[str, Any]) -> None:
    # "stark" needs points and breadth (matching.scale.total_band). One grade-3 text, s10,
    # shows one dimension only (its background facts are thin) and is "delvis" at 71; the
    # fifth round's grade-3 pair r10s/r10e (a negation in a scene-setting first clause) is
    # "stark" in both languages.
    # Of the sixth round's seven grade-3 texts, three were "delvis" before the learned
    # combination (matching.calibration): u01s (59 points) and u07e (82), terse texts that
    # show one dimension only, and u06e (59); with it, three of 29.
    assert devset["bands"][3] == {"stark": 26, "delvis": 3, "ingen evidens": 0}
    # Grade 2 is mostly "delvis": 9 of 31 reach "stark" (9 of 28 before the sixth round's
    # texts, 8 of 21 before the fifth round's; r08 is a strong grade-2 text), all on two or
    # more dimensions (on the spent third held-out set the rule took grade-2 "stark" from 9
    # of 16 to 4).
    assert devset["bands"][2]["stark"] <= 9
    assert devset["bands"][1]["stark"] == devset["bands"][0]["stark"] == 0
    assert devset["bands"][0]["delvis"] == 0


# --- facts from prose -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "party", "years", "current", "profession"),
    [
        (
            "Jag har varit handläggare på Försäkringskassan i sju år.",
            Party.FK,
            7,
            True,
            "handläggare",
        ),
        (
            "Sedan 2014 arbetar jag som socialsekreterare i kommunens socialtjänst.",
            Party.KOMMUN,
            YEAR - 2014,
            True,
            "socialsekreterare",
        ),
        (
            "Mellan 2019 och 2022 var jag arbetsförmedlare på AF i Hässleholm.",
            Party.AF,
            3,
            False,
            "arbetsförmedlare",
        ),
        (
            "Under fyra år arbetade jag på vårdcentralen som rehabkoordinator.",
            Party.REGION,
            4,
            False,
            "rehabkoordinator",
        ),
        (
            "I have worked as a case officer at the Social Insurance Agency for five years.",
            Party.FK,
            5,
            True,
            "handläggare",
        ),
        (
            "2015–idag Region Skåne, arbetsterapeut.",
            Party.REGION,
            YEAR - 2015,
            True,
            "arbetsterapeut",
        ),
        (
            "I worked for the Public Employment Service between 2010 and 2016.",
            Party.AF,
            6,
            False,
            None,
        ),
        (
            "Tidigare arbetade jag åtta år på Försäkringskassans lokalkontor.",
            Party.FK,
            8,
            False,
            None,
        ),
        # Swedish inverts after an adverbial where English does not (issue 18, third round).
        (
            "Innan dess var jag sex år handläggare på Försäkringskassan med sjukpenning.",
            Party.FK,
            6,
            False,
            "handläggare",
        ),
        (
            "Before this I spent six years as a case officer at the Social Insurance Agency.",
            Party.FK,
            6,
            False,
            "handläggare",
        ),
        # Only Arbetsförmedlingen employs arbetsförmedlare.
        ("Innan dess var jag arbetsförmedlare i sex år.", Party.AF, 6, False, None),
        ("Before that I was an employment officer for six years.", Party.AF, 6, False, None),
        ("Jag är psykolog i primärvården.", Party.REGION, 1, True, None),
        ("I am a psychologist in primary care.", Party.REGION, 1, True, None),
    ],
)
def test_employment_in_plain_prose_is_read(
    sentence: str, party: Party, years: int, current: bool, profession: str | None
) -> None:
    facts = extract_facts(sentence, this_year=YEAR)
    assert facts.parties == {party}
    assert facts.years_experience == years
    assert (party in facts.current_parties) is current
    if profession is not None:
        assert profession in facts.professions


def test_a_denied_or_listed_employer_is_no_employment(encoder: CachedEncoder) -> None:
    (result,) = _score(
        encoder,
        {
            "c": "Jag har aldrig arbetat på Försäkringskassan. Nyckelord: processledare, FINSAM, "
            "samverkan, försäkringsmedicin, Arbetsförmedlingen, styrgrupp",
        },
    ).values()
    assert result.facts["parties"] == []
    assert "processledare" not in result.facts["professions"]


@pytest.mark.parametrize(
    "sentence",
    [
        # Colleagues, not the candidate (a team description names their employers).
        "The team brings together an employment officer, a Social Insurance Agency case "
        "officer and an occupational therapist employed by Region Skåne.",
        "I teamet sitter en arbetsförmedlare, en handläggare från Försäkringskassan och en "
        "arbetsterapeut anställd av Region Skåne.",
        # A student's placement.
        "Jag gjorde min praktik på socialtjänstens mottagning för ekonomiskt bistånd.",
        "I did my placement at the social services' reception for financial assistance.",
    ],
)
def test_colleagues_and_placements_are_no_employment(sentence: str) -> None:
    facts = extract_facts([sentence], this_year=YEAR)
    assert facts.employments == () and facts.parties == frozenset()


def test_a_prose_sentence_with_a_date_does_not_borrow_the_next_ones_parties() -> None:
    facts = extract_facts(
        ["Sedan 2020 leder jag insatsen Vägen framåt, som samordningsförbundet finansierar.",
         "I teamet finns personal från Försäkringskassan, kommunen och regionen."],
        this_year=YEAR,
    )
    assert facts.parties == frozenset()
    # A heading line still does: "2015–2019" above its employer.
    heading = extract_facts(["2015–2019", "Försäkringskassan, handläggare."], this_year=YEAR)
    assert heading.parties == {Party.FK}


@pytest.mark.parametrize(
    "sentences",
    [
        # The parties of a team the candidate leads, named in an apposition and a relative
        # clause (Swedish), or with the date in a sentence of its own that points back
        # (English, the same facts): neither is employed by them, and both lead a
        # collaboration initiative since 2018. Read as employment, the Swedish version of
        # such a text was employed today by all four parties and its English one by none.
        [
            "Sedan 2018 leder jag Vägen vidare, en insats som samordningsförbundet "
            "finansierar och där Arbetsförmedlingen, Försäkringskassan och kommunen har "
            "personal i samma team."
        ],
        [
            "I lead Vägen vidare, an initiative funded by the coordination federation in "
            "which the Public Employment Service, the Social Insurance Agency and the "
            "municipality have staff in one team.",
            "I have held this role since 2018.",
        ],
    ],
)
def test_a_teams_parties_are_not_the_candidates_employer(sentences: list[str]) -> None:
    facts = extract_facts(sentences, this_year=YEAR)
    assert facts.parties == frozenset()
    assert facts.collaboration_years == YEAR - 2018


@pytest.mark.parametrize(
    "sentence",
    [
        # Clients' cases, not the candidate's employer.
        "Många av mina klienter har ett ärende hos Försäkringskassan, så jag träffar deras "
        "handläggare varje månad.",
        # A hotel career is no hospital.
        "I have worked in hospitality since 2015.",
    ],
)
def test_clients_cases_and_hospitality_are_no_employment(sentence: str) -> None:
    assert extract_facts([sentence], this_year=YEAR).parties == frozenset()


def test_a_dated_sentence_that_points_back_dates_the_employment_before_it() -> None:
    facts = extract_facts(
        ["Jag arbetar som socialsekreterare i Östra Göinge kommun", "där jag varit sedan 2020."],
        this_year=YEAR,
    )
    dated = [e for e in facts.employments if e.dated]
    assert [(e.parties, e.start, e.current) for e in dated] == [((Party.KOMMUN,), 2020, True)]
    assert facts.years_experience == YEAR - 2020


@pytest.mark.parametrize(
    ("sentence", "years"),
    [
        ("Jag är sedan 2017 administratör på samordningsförbundets kansli.", 0),
        ("Since 2017 I have been the receptionist of the collaboration team.", 0),
        ("Jag är sedan 2017 processledare på samordningsförbundet.", YEAR - 2017),
    ],
)
def test_a_clerical_post_is_no_collaboration_assignment(sentence: str, years: int) -> None:
    assert extract_facts([sentence], this_year=YEAR).collaboration_years == years


def test_someone_elses_employer_is_not_the_candidates(encoder: CachedEncoder) -> None:
    results = _score(
        encoder,
        {
            "sv": "Jag är snickare. Min fru har jobbat på Försäkringskassan i tio år och "
            "sitter i ett samverkansteam med Arbetsförmedlingen.",
            "en": "I am a carpenter. My wife has worked at the Social Insurance Agency for ten "
            "years and sits in a collaboration team with the Public Employment Service.",
        },
    )
    for result in results.values():
        assert result.facts["parties"] == [] and result.facts["collaboration_years"] == 0
        assert result.band == "ingen evidens"
        assert "others" in {d["reason"] for d in result.discounted}


@pytest.mark.parametrize(
    ("sentence", "degree"),
    [
        ("I qualified as a social worker in 2019.", "socionom"),
        ("Jag är utbildad personal- och arbetslivsvetare.", "personalvetare"),
        ("Processledare | socionom | Hässleholm", "socionom"),
        ("Process lead · social worker (socionom) · Hässleholm", "socionom"),
        ("Behavioural scientist from Mälardalen University.", "beteendevetare"),
        ("Beteendevetare från Mälardalens universitet.", "beteendevetare"),
        ("Jag läser sista terminen på socionomprogrammet i Kristianstad.", None),
        ("I am in my final term of the social work programme in Kristianstad.", None),
    ],
)
def test_degrees_in_headers_count_and_degrees_being_studied_do_not(
    sentence: str, degree: str | None
) -> None:
    best = extract_facts([sentence], this_year=YEAR).best_degree
    assert (best[0] if best else None) == degree


# --- traps ------------------------------------------------------------------------------


def test_a_forms_questions_are_no_evidence(encoder: CachedEncoder) -> None:
    # A questionnaire asks what the post needs; the answers below are "Nej" / "No".
    form = {
        "sv": "Har du erfarenhet av samverkan med Försäkringskassan, kommunen eller regionen?\n"
        "Nej.\nHar du lett grupper eller projekt?\nNej, inte ännu.",
        "en": "Have you worked with the Social Insurance Agency, the municipality or the "
        "region?\nNo.\nHave you led a group or a project?\nNo, not yet.",
    }
    for result in _score(encoder, form).values():
        assert result.score == 0.0
        assert result.facts["parties"] == []
        assert {d["reason"] for d in result.discounted} >= {"question"}


def test_keyword_stuffing_is_never_evidence(encoder: CachedEncoder) -> None:
    stuffing = (
        "Samverkan samordning processledare FINSAM försäkringsmedicin rehabilitering "
        "styrgrupp kontaktnät tillit förankring gränsöverskridande motiverande samtal"
    )
    english = "Skills: collaboration, coordination, process leadership, insurance medicine"
    results = _score(encoder, {"sv": stuffing, "en": english})
    for result in results.values():
        assert result.score == 0.0
        assert all(not i.evidence for d in result.dimensions for i in d.items)
        assert {d["reason"] for d in result.discounted} == {"keywords"}
    # Beside a real sentence, the block is still never evidence, and the payload gives its
    # span under ``discounted`` so the page can leave exactly that text unmarked.
    real = "Jag ledde samverkansteamet med Arbetsförmedlingen och kommunen i fyra år."
    text = f"{real}\n\n{stuffing}\n"
    mixed = _score(encoder, {"m": text})["m"]
    spans = [(e.start, e.end) for d in mixed.dimensions for i in d.items for e in i.evidence]
    assert spans and all(end <= len(real) for _, end in spans)
    (block,) = [d for d in mixed.discounted if d["reason"] == "keywords"]
    assert text[block["start"]:block["end"]] == stuffing


def test_a_denial_in_one_clause_leaves_the_other_clause(encoder: CachedEncoder) -> None:
    both = (
        "Jag har aldrig varit chef för någon av myndigheterna, men jag har samordnat "
        "flerpartsmöten med personal från kommunen, Arbetsförmedlingen och Försäkringskassan."
    )
    denial = "Jag har aldrig samordnat flerpartsmöten med personal från flera myndigheter."
    results = _score(encoder, {"both": both, "denial": denial})
    bridge = {
        r: next(i for d in results[r].dimensions for i in d.items if i.id == "bygga-broar")
        for r in results
    }
    assert bridge["both"].score > 0.3
    assert bridge["both"].evidence[0].sentence.startswith("men jag har samordnat")
    assert bridge["denial"].score == 0.0


# --- control characters -----------------------------------------------------------------


def test_control_characters_are_removed_before_scoring(encoder: CachedEncoder) -> None:
    clean = "Anna Lindqvist. Jag har lett styrgruppen för samverkansteamet i fem år."
    dirty = (
        "Anna\u202e Lind\u200bqvist\x00. Jag har lett styrgruppen\u2066 för "
        "samverkansteamet i fem år."
    )
    assert Candidate("x", dirty).text == clean_text(dirty) == clean
    results = _score(encoder, {"clean": clean, "dirty": dirty})
    assert results["clean"].score == results["dirty"].score
    shown = [e.sentence for d in results["dirty"].dimensions for i in d.items for e in i.evidence]
    assert all("Anna" not in s and "\u202e" not in s for s in shown)


# --- one "hitta rätt" preference ---------------------------------------------------------

# Targets on which the two former copies disagreed: the named organisation's place appears
# in an employment at another party, or in the text of a different employment.
_DISAGREED = [
    (
        "2010–2016 Arbetsförmedlingen Malmö, arbetsförmedlare.\n"
        "2016–idag Kristianstads kommun, socialsekreterare i samverkansteamet.",
        Target(party=Party.AF, names=("Arbetsförmedlingen Kristianstad", "Kristianstad")),
        0.7,
    ),
    (
        "2012–2018 Försäkringskassan, handläggare.\n2018–idag Region Skåne i Lund, koordinator.",
        Target(party=Party.FK, names=("Lund",)),
        0.7,
    ),
    (
        "2012–2020 Arbetsförmedlingen i Kristianstad, arbetsförmedlare.",
        Target(party=Party.AF, names=("Arbetsförmedlingen Kristianstad", "Kristianstad")),
        1.0,
    ),
]


@pytest.mark.parametrize(("text", "target", "expected"), _DISAGREED)
def test_scoring_and_reranking_share_one_preference(
    encoder: CachedEncoder, text: str, target: Target, expected: float
) -> None:
    base = get_profile("handbok")
    (scored,) = score_candidates([Candidate("c", text)], base, encoder, target=target, today=TODAY)
    assert scored.preference == expected
    untargeted = score_candidates([Candidate("c", text)], base, encoder, today=TODAY)
    ((_, reranked),) = ScoreTable.from_scores(untargeted).rerank(base, target).rows()
    assert reranked == pytest.approx(scored.score, abs=1e-4)
    (row,) = retarget([r.to_dict() for r in untargeted], base, target)
    assert (row["score"], row["preference"]) == (scored.score, scored.preference)
    assert row["preference_reasons"] == scored.preference_reasons


def test_seven_years_at_fk_or_af_swap_places_with_the_target(encoder: CachedEncoder) -> None:
    text = (
        "Jag har varit handläggare på {org} i sju år och har lett gemensamma möten med de "
        "andra myndigheterna."
    )
    texts = {
        "fk": text.format(org="Försäkringskassan"),
        "af": text.format(org="Arbetsförmedlingen"),
    }
    for party, first in ((Party.FK, "fk"), (Party.AF, "af")):
        ranked = score_candidates(
            [Candidate(k, t) for k, t in texts.items()],
            get_profile("handbok"),
            encoder,
            target=Target(party=party),
            today=TODAY,
        )
        assert ranked[0].candidate == first
        assert ranked[0].facts["years_experience"] == 7


def test_stark_needs_two_dimensions_one_of_them_shown_by_own_work() -> None:
    from matching.scale import dimensions_shown, total_band

    empty: list[list[float]] = [[], [], [], []]
    # Degree, employer and years only (the background dimension at 0.9): never "stark",
    # however many points the facts give.
    facts_only = [(0.0, empty)] * 4 + [(0.9, empty)]
    assert dimensions_shown(facts_only) == (1, 0)
    assert total_band(1.0, dimensions_shown(facts_only)) == "delvis"
    # Facts and one described behaviour: two dimensions, one of them the candidate's own.
    with_work = [(0.2, [[0.45], [], [], []])] + [(0.0, empty)] * 3 + [(0.9, empty)]
    assert total_band(0.7, dimensions_shown(with_work)) == "stark"
    # Described work in one dimension only, without facts: a strong but narrow text.
    narrow = [(0.3, [[0.9, 0.5], [0.4], [], []])] + [(0.0, empty)] * 4
    assert total_band(0.7, dimensions_shown(narrow)) == "delvis"
    # Weak sentences everywhere do not show a dimension.
    weak = [(0.1, [[0.2, 0.1], [0.25], [], []])] * 5
    assert dimensions_shown(weak) == (0, 0)
