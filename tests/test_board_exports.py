"""The director's downloads over HTTP on the seed data: CSV that Excel reads as a table,
the board report's text (read back with pypdf), the förbund scope (graph.analysis.scope),
audit and roles."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from api.app import create_app
from api.seed_data import seed_document
from graph.analysis.scope import scope_people
from graph.core.access import AccessLog, Role
from graph.store.sqlite_store import SQLiteStore


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root: Path = tmp_path_factory.mktemp("exports")
    store = SQLiteStore(root / "samverkan.db")
    store.write(seed_document())
    access = AccessLog(root / "samverkan.db")
    tokens = {role: access.add_user(f"{role.value}-x", role) for role in Role}
    client = TestClient(create_app(store, access))
    yield {"client": client, "store": store,
           "as": {r: {"Authorization": f"Bearer {t}"} for r, t in tokens.items()}}
    store.close()
    access.close()


def _get(seeded: dict[str, Any], path: str, role: Role = Role.DIRECTOR) -> Any:
    return seeded["client"].get(path, headers=seeded["as"][role])


def _rows(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())  # Excel's cue for UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_spanner_csv_is_the_ranked_table(seeded: dict[str, Any]) -> None:
    r = _get(seeded, "/api/v1/exports/spanners.csv")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "gransoverskridare.csv" in r.headers["content-disposition"]
    rows = _rows(r.content)
    assert rows[0] == ["Plats", "Person", "Organisation", "Poäng (0–1)",
                       "Organisationer i kontakt", "Varför"]
    top = _get(seeded, "/api/v1/analyses/spanners?top=3").json()
    assert [row[1] for row in rows[1:4]] == [t["name"] for t in top]
    assert rows[1][0] == "1" and "," in rows[1][3]  # decimal comma
    assert len(rows) - 1 == seeded["store"].collaboration_graph().number_of_nodes()


def test_a_federation_keeps_its_own_people_and_parties(seeded: dict[str, Any]) -> None:
    G = seeded["store"].collaboration_graph()
    kl = scope_people(G, ["kl"])
    risk = _rows(_get(seeded, "/api/v1/exports/risk.csv?scope=kl").content)
    names = {G.nodes[v]["name"] for v in kl}
    assert len(risk) - 1 == len(kl) and {row[1] for row in risk[1:]} <= names
    pairs = _rows(_get(seeded, "/api/v1/exports/connectivity.csv?scope=kl").content)
    parties = {row[0] for row in pairs[1:]} | {row[1] for row in pairs[1:]}
    assert "Lomma kommun" in parties and "Osby kommun" not in parties
    # Weakest pairs first; a pair held by one person names that person.
    kappa = [int(row[2]) for row in pairs[1:]]
    assert kappa == sorted(kappa)
    assert all(row[3] for row in pairs[1:] if row[2] == "1")
    json_pairs = _get(seeded, "/api/v1/analyses/connectivity?scope=kl").json()
    assert sorted(p["connectivity"] for p in json_pairs) == kappa


def test_each_seed_förbund_scope_lies_in_its_own_part() -> None:
    from graph.analysis.projection import collaboration_graph
    from graph.model.schema import Document
    G = collaboration_graph(Document.model_validate(seed_document()))
    scopes = {f: scope_people(G, [f]) for f in ("sn", "kl", "ab")}
    # The seed's förbund share no ties: each förbund's people sit in one connected part,
    # and no one is in two förbund.
    parts = list(nx.connected_components(G))
    assert all(sum(people <= part for part in parts) == 1 for people in scopes.values())
    assert sum(map(len, scopes.values())) == len(set().union(*scopes.values()))


def test_board_report_has_overview_risk_and_what_if(seeded: dict[str, Any]) -> None:
    r = _get(seeded, "/api/v1/exports/board-report.pdf?scope=kl&remove=kl-af-foretag")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
    text = " ".join(text.split())
    assert "Samverkan i Finsam Kävlinge–Lomma" in text
    for heading in ("Överblick", "Nyckelpersonsrisk", "Redundans mellan parterna", "Tänk om"):
        assert heading in text
    top = _rows(_get(seeded, "/api/v1/exports/spanners.csv?scope=kl").content)[1][1]
    assert top in text
    assert "Om Maria Lindqvist slutar" in text
    assert "Risk = påverkan × exponering" in text
    assert "Utskriven 2026-01-01" in text  # the frozen day, never the wall clock


def test_board_report_without_what_if_and_bad_input(seeded: dict[str, Any]) -> None:
    r = _get(seeded, "/api/v1/exports/board-report.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert "hela nätverket" in text and "Tänk om" not in text
    bad = _get(seeded, "/api/v1/exports/board-report.pdf?remove=kl-af-foretag&successors=x")
    assert bad.status_code == 422
    assert "efterträdaren" in bad.text
    unknown_scope = _get(seeded, "/api/v1/exports/risk.csv?scope=nej")
    assert unknown_scope.status_code == 422 and "scope" in unknown_scope.text
    unknown = _get(seeded, "/api/v1/exports/board-report.pdf?remove=ingen-alls")
    assert unknown.status_code == 404


def test_exports_are_the_directors_and_audited(seeded: dict[str, Any]) -> None:
    for path in ("spanners.csv", "risk.csv", "connectivity.csv", "board-report.pdf"):
        assert _get(seeded, f"/api/v1/exports/{path}", Role.STAFF).status_code == 403
    _get(seeded, "/api/v1/exports/board-report.pdf?remove=kl-af-foretag")
    log = _get(seeded, "/api/v1/audit?limit=200", Role.ADMIN).json()
    actions = {e["action"] for e in log}
    assert {"export_spanners", "export_risk", "export_connectivity",
            "export_board_report"} <= actions
    # People are named in the audit log by pseudonym, never by id.
    assert all("kl-af-foretag" not in (e.get("target") or "") for e in log)


def test_risk_scale_is_explained(seeded: dict[str, Any]) -> None:
    words = _get(seeded, "/api/v1/analyses/risk/scale").json()["explanation"]
    assert "Risk = påverkan × exponering" in words and "risk 10,5" in words


def test_map_and_connectivity_keep_one_federation(seeded: dict[str, Any]) -> None:
    G = seeded["store"].collaboration_graph()
    view = _get(seeded, "/api/v1/map?scope=ab").json()
    assert {n["id"] for n in view["nodes"]} == scope_people(G, ["ab"])
    # Every person comes with a position, so the browser draws without a layout of its own.
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in view["nodes"])
    assert view == _get(seeded, "/api/v1/map?scope=ab").json()  # the same drawing
    missing = _get(seeded, "/api/v1/map?scope=nej")
    assert missing.status_code == 422 and "okänd organisation" in missing.text
    pairs = _get(seeded, "/api/v1/analyses/connectivity?scope=ab").json()
    parties = {G.nodes[v]["party"] for v in scope_people(G, ["ab"])}
    assert pairs and all(set(p["organisations"]) <= parties for p in pairs)
