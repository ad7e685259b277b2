"""A recruitment's ranking with its evidence, as CSV and PDF for the diarium.

The file records what the recruiter saw: every candidate's total on the 0-100 scale and its
band, each requirement's score and the CV sentences that evidence it, the gaps, and who
reviewed the score. Keyword lists never count as evidence (the matcher gives them no
weight), and the file says so, as it says that the scores support a human decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from api.audit_report import swedish_time
from api.exports import Column, PdfReport, csv_bytes

__all__ = ["BAND_NAMES", "SCALE", "ranking_csv", "ranking_pdf", "ranking_rows"]

BAND_NAMES = {"stark": "stark evidens", "delvis": "delvis evidens",
              "ingen evidens": "ingen evidens"}
# The same words as the Rekrytering page's explanation of the scale.
SCALE = ("Poängen 0–100 visar hur mycket av profilens krav som CV:t beskriver med exempel på "
         "vad kandidaten gjort. Stark evidens från 60, när texten visar minst två av "
         "profilens fem dimensioner och minst en av dem med något kandidaten själv gjort "
         "(examen och anställningar räcker inte ensamma): beskrivet arbete över parterna "
         "inom flera dimensioner. Delvis evidens från 25, eller 60 och mer på en enda "
         "dimension: relevant arbete med tydliga luckor. Ingen evidens under 25: texten "
         "visar lite av det profilen efterfrågar. Uppräkningar av nyckelord och "
         "beskrivningar av andras arbete räknas aldrig som evidens. Poängen är ett stöd för "
         "en människas bedömning; ingen kandidat sorteras bort automatiskt.")

_SUMMARY = (Column("rank", "Rang"), Column("label", "Kandidat"), Column("points", "Poäng 0–100"),
            Column("band", "Nivå"), Column("missing", "Saknade ska-krav"),
            Column("reviewed_by", "Granskad av"))
_EVIDENCE = (Column("rank", "Rang"), Column("label", "Kandidat"), Column("points", "Poäng 0–100"),
             Column("band", "Nivå"), Column("dimension", "Dimension"),
             Column("requirement", "Krav"), Column("item_points", "Kravets poäng 0–100"),
             Column("evidence", "Evidens ur CV:t"), Column("reviewed_by", "Granskad av"))


def _points(score: float | None) -> int:
    return round(100 * (score or 0.0))


def evidence_sentences(item: dict[str, Any]) -> list[str]:
    """The sentences shown as an item's evidence, each with its note (a role that ended
    long ago counts less: "avslutat 2002: räknas till 9 %"): never a keyword list."""
    return [f"{e['sentence']} ({e['note']})" if e.get("note") else e["sentence"]
            for e in item.get("evidence", []) if e.get("cue") != "keywords"]


def ranking_rows(ranking: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per candidate and requirement, best candidate first."""
    rows = []
    for rank, candidate in enumerate(ranking, start=1):
        head = {"rank": rank, "label": candidate["label"], "points": _points(candidate["score"]),
                "band": BAND_NAMES.get(candidate["band"], candidate["band"]),
                "reviewed_by": candidate.get("reviewed_by") or ""}
        for dimension in candidate["dimensions"].values():
            for item in dimension["items"]:
                rows.append({**head, "dimension": dimension["label"], "requirement": item["label"],
                             "item_points": _points(item["score"]),
                             "evidence": " | ".join(filter(None, [
                                 *evidence_sentences(item), item.get("fact")]))})
    return rows


def _summary(ranking: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"rank": rank, "label": c["label"], "points": _points(c["score"]),
             "band": BAND_NAMES.get(c["band"], c["band"]),
             "missing": "; ".join(g.removeprefix("ska-krav: ") for g in c["gaps"]
                                  if g.startswith("ska-krav")),
             "reviewed_by": c.get("reviewed_by") or ""}
            for rank, c in enumerate(ranking, start=1)]


def ranking_csv(ranking: Sequence[dict[str, Any]]) -> bytes:
    return csv_bytes(ranking_rows(ranking), _EVIDENCE)


def ranking_pdf(recruitment: dict[str, Any], ranking: Sequence[dict[str, Any]],
                printed: date, reviews: dict[str, dict[str, Any]] | None = None) -> bytes:
    """The ranking as a report: the scale, the summary table, then each candidate's
    evidence per requirement and any review (``reviews`` by candidate id)."""
    report = PdfReport(f"Rankning: {recruitment['title']}", printed)
    report.paragraph(f"Rekrytering {recruitment['id']}, profil {recruitment['profile']}. "
                     f"{len(ranking)} kandidater.")
    report.heading("Skalan").paragraph(SCALE)
    report.heading("Sammanställning").table(_summary(ranking), _SUMMARY)
    for rank, candidate in enumerate(ranking, start=1):
        report.heading(f"{rank}. {candidate['label']}: {_points(candidate['score'])} "
                       f"({BAND_NAMES.get(candidate['band'], candidate['band'])})")
        rows = [row for row in ranking_rows([candidate]) if row["evidence"]]
        if rows:
            report.table(rows, (_EVIDENCE[4], _EVIDENCE[5], _EVIDENCE[6], _EVIDENCE[7]))
        else:
            report.paragraph("Ingen mening i CV:t räknas som evidens för något krav.")
        review = (reviews or {}).get(candidate["candidate_id"])
        if review:
            report.paragraph(f"Granskad av {review['by']} {swedish_time(review['at'])}: "
                             f"{review['note']}")
    return report.bytes()
