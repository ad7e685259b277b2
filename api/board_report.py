"""The director's tables as files: the spanner, risk and connectivity tables as CSV, and
the board report (överblick, risk and a what-if) as a PDF, all through :mod:`api.exports`.

The rows are the same report functions' rows the JSON routes answer with, so a file and
the page beside it never disagree. Nothing here imports FastAPI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import networkx as nx

from api.exports import Column, PdfReport, csv_bytes
from api.usecases.analyses import pair_rows
from graph.analysis.connectivity import organisation_connectivity
from graph.model.schema import Document
from graph.reports.risk_scale import risk_scale
from graph.reports.spanners import organisation_at_level
from graph.reports.whatif import what_if
from graph.reports.whatif_words import names_list

__all__ = ["CONNECTIVITY", "RISK", "SPANNERS", "TABLES", "board_report", "connectivity_rows",
           "csv_of", "ranked"]

SPANNERS = [Column("rank", "Plats"), Column("name", "Person"),
            Column("organisation_name", "Organisation"), Column("score", "Poäng (0–1)"),
            Column("organisations_reached", "Organisationer i kontakt"),
            Column("explanation", "Varför")]
RISK = [Column("rank", "Plats"), Column("name", "Person"),
        Column("organisation_name", "Organisation"), Column("risk", "Risk"),
        Column("impact", "Påverkan (poäng)"), Column("exposure", "Exponering (0,2–1)"),
        Column("leaves", "Slutar"), Column("explanation", "Varför")]
CONNECTIVITY = [Column("party_a", "Part"), Column("party_b", "Part"),
                Column("connectivity", "Personer som håller ihop dem"),
                Column("cut_names", "Utan dem når parterna inte varandra")]
TOP = 10  # rows of each table in the board report


def ranked(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "rank": i + 1} for i, row in enumerate(rows)]


def connectivity_rows(G: nx.Graph) -> list[dict[str, Any]]:
    """Each pair of parties that reach each other, how many people hold it together and
    one smallest set of them (names, not ids), weakest pairs first."""
    rows = [{**row, "party_a": row["names"][0], "party_b": row["names"][1],
             "cut_names": sorted(str(G.nodes[v].get("name", v)) for v in row["cut"])}
            for row in pair_rows(G, organisation_connectivity(G, organisation_at_level(G, 0)))]
    return sorted(rows, key=lambda r: (r["connectivity"], r["party_a"], r["party_b"]))


TABLES = {"spanners": SPANNERS, "risk": RISK, "connectivity": CONNECTIVITY}


def csv_of(rows: Sequence[Mapping[str, Any]], table: str) -> bytes:
    """One of TABLES as a Swedish Excel CSV; ranked tables get their place as a column."""
    return csv_bytes(rows if table == "connectivity" else ranked(rows), TABLES[table])


def board_report(doc: Document, H: nx.Graph, spanners: Sequence[Mapping[str, Any]],
                 risk: Sequence[Mapping[str, Any]], *, today: date,
                 remove: Sequence[str] = (),
                 successors: Mapping[str, str] | None = None) -> bytes:
    """The board's report: överblick, risk and, when ``remove`` names anyone, a what-if.

    ``H`` is the projection cut to the scope the director chose (graph.analysis.scope),
    ``spanners`` and ``risk`` the rows of its kept reports (api.usecases).
    """
    orgs = H.graph.get("organisations", {})
    scope = H.graph.get("scope") or ()
    title = names_list([str(orgs.get(o, {}).get("name", o)) for o in scope]) if scope \
        else "hela nätverket"
    top_spanners = ranked([r for r in spanners if r["score"] > 0][:TOP])
    top_risk = ranked([r for r in risk if r["risk"] > 0][:TOP])
    pairs = connectivity_rows(H)
    single = [p for p in pairs if p["connectivity"] == 1]
    report = PdfReport(f"Samverkan i {title}", today)
    report.heading("Överblick").paragraph(
        f"Per {H.graph.get('as_of')}: {len(H)} personer och {H.number_of_edges()} "
        f"relationer mellan dem, {len({H.nodes[v].get('party') for v in H})} parter. "
        + (f"{len(single)} par av parter hålls ihop av en enda person: "
           f"{names_list([p['party_a'] + ' – ' + p['party_b'] for p in single])}."
           if single else "Inget par av parter hänger på en enda person."))
    if top_spanners:
        report.paragraph("Gränsöverskridare: de som håller ihop flest par av medarbetare i "
                         "olika organisationer (poäng 0–1).")
        report.table(top_spanners, SPANNERS)
    report.heading("Nyckelpersonsrisk").paragraph(risk_scale())
    if top_risk:
        report.table(top_risk, RISK)
    report.heading("Redundans mellan parterna").paragraph(
        "Hur många personer som måste sluta innan två parter inte längre når varandra.")
    report.table(pairs, CONNECTIVITY)
    if remove:
        result = what_if(doc, list(remove), dict(successors or {}),
                         as_of=date.fromisoformat(H.graph["as_of"]))
        report.heading("Tänk om").paragraph(" ".join(result["summary"]))
        changes = [{"pair": " – ".join(c["names"]), "before": c["before"], "after": c["after"]}
                   for c in result["connectivity_changes"]]
        if changes:
            report.table(changes, [Column("pair", "Parter"), Column("before", "Före"),
                                   Column("after", "Efter")])
    return report.bytes()
