"""The use-case layer (api/usecases/): one assembly of each report, kept per projection."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.usecases import analyses, graph_data, reports
from api.usecases import matching as usecase_matching
from graph.analysis.betweenness import Method
from graph.core.access import AccessLog, Role
from graph.core.errors import ConflictError, DocumentError, NotFoundError
from graph.model.schema import SECTIONS
from graph.model.spreadsheet import write_csv, write_workbook
from graph.reports.key_persons import risk_report
from graph.reports.spanners import BetweennessSource, spanner_report
from graph.store.open import betweenness_source
from graph.store.protocol import BetweennessBackend
from graph.store.sqlite_store import SQLiteStore
from matching.profile import get_profile
from matching.recruitments import Recruitment, RecruitmentStore
from matching.scoring import Candidate, score_candidates


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """Count the real report's runs: the wrapper calls it unchanged."""
    calls: list[int] = []
    real: Callable[..., Any] = getattr(reports, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(reports, name, counted)
    return calls


def test_map_and_cards_read_one_report_per_projection(
        store: SQLiteStore, seed: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    store.write(seed)
    access = AccessLog(store.path)
    token = access.add_user("chef", Role.DIRECTOR)
    client = TestClient(create_app(store, access))
    spanner_runs = _counting(monkeypatch, "spanner_report")
    risk_runs = _counting(monkeypatch, "risk_report")

    def get(path: str) -> Any:
        response = client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.text
        return response.json()

    view = get("/api/v1/map")
    person = next(n["id"] for n in view["nodes"] if n["spanner"])
    other = next(n["id"] for n in view["nodes"] if n["id"] != person)
    first, second = get(f"/api/v1/people/{person}/card"), get(f"/api/v1/people/{other}/card")
    assert get(f"/api/v1/people/{person}/card") == first
    assert (len(spanner_runs), len(risk_runs)) == (1, 1)

    # What the card shows is the report's row for the person, computed here afresh.
    G = store.collaboration_graph()
    fresh = next(r for r in spanner_report(G).rows if r["person"] == person)
    assert first["spanner"] == {k: fresh[k] for k in first["spanner"]}
    fresh_risk = {r["person"]: r for r in risk_report(store.read(), G, path_lengths_for=0)}
    assert second["risk"] == {k: fresh_risk[other][k] for k in second["risk"]}

    # A write makes a new projection, and the next card a new report.
    changed = copy.deepcopy(seed)
    row = next(p for p in changed["people"] if p["id"] == person)
    row["name"] = row["name"] + " Ny"
    store.write({"people": [row]})
    assert get(f"/api/v1/people/{person}/card")["name"].endswith(" Ny")
    assert (len(spanner_runs), len(risk_runs)) == (2, 2)


def test_the_route_and_the_command_share_the_kept_report(
        store: SQLiteStore, seed: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    store.write(seed)
    runs = _counting(monkeypatch, "spanner_report")
    top = analyses.top_spanners(store, top=5)
    pairs = analyses.spanner_report_of(store).organisation_pairs
    assert len(runs) == 1 and len(top) == 5 and pairs
    # Callers get copies of the rows: changing one leaves the kept report as it was.
    top[0]["score"] = -1.0
    assert analyses.top_spanners(store, top=1)[0]["score"] > 0
    # Another level is another report.
    analyses.spanner_report_of(store, level=None)
    assert len(runs) == 2


def test_requests_at_once_on_a_new_projection_build_the_report_once(
        store: SQLiteStore, seed: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    store.write(seed)
    runs = _counting(monkeypatch, "spanner_report")
    people = list(store.collaboration_graph())[:4]
    start = threading.Barrier(len(people))
    cards: dict[str, dict[str, Any]] = {}

    def open_card(person: str) -> None:
        start.wait()
        cards[person] = analyses.card(store, person)

    threads = [threading.Thread(target=open_card, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(cards) == set(people) and len(runs) == 1


class _ComputingStore(SQLiteStore, BetweennessBackend):
    """A real SQLite store that also offers betweenness of its own, as Neo4j with GDS
    does: the spanner report must take its figures and say whose they are."""

    def betweenness_source(self) -> BetweennessSource:
        def source(G: nx.Graph) -> tuple[dict[Hashable, float], Method] | None:
            return {v: 0.5 for v in G}, Method("sampled", "egen beräkning", sources=7)

        return source


def test_a_store_with_its_own_betweenness_feeds_the_spanner_report(
        tmp_path: Path, small: dict[str, Any]) -> None:
    plain, computing = SQLiteStore(tmp_path / "a.db"), _ComputingStore(tmp_path / "b.db")
    for s in (plain, computing):
        s.write(small)
    assert betweenness_source(plain) is None
    report = reports.spanners(computing, computing.collaboration_graph()).report
    assert report.method["betweenness"]["algorithm"] == "egen beräkning"
    assert {row["person"]: row["betweenness"] for row in report.rows} == {"anna": 0.5,
                                                                         "bo": 0.5}
    own = reports.spanners(plain, plain.collaboration_graph()).report
    assert own.method["betweenness"]["algorithm"] != "egen beräkning"


def test_import_reads_each_kind_of_file_and_export_gives_it_back(
        tmp_path: Path, store: SQLiteStore, small: dict[str, Any]) -> None:
    json_file = tmp_path / "graf.json"
    json_file.write_text(json.dumps(small), encoding="utf-8")
    result = graph_data.import_file(store, json_file)
    assert graph_data.summary(result) == {
        "rows": {k: len(v) for k, v in small.items()}, "total": 13,
        "revision": result.revision, "replaced": False}
    exported = graph_data.export_data(store)

    # The export, as a workbook and as one section's CSV, imports into an empty store
    # as the same graph.
    workbook = tmp_path / "graf.xlsx"
    write_workbook(exported, workbook)
    again = SQLiteStore(tmp_path / "igen.db")
    assert graph_data.import_file(again, workbook).total == 13
    assert graph_data.export_data(again) == exported
    with (tmp_path / "personer.csv").open("w", encoding="utf-8", newline="") as out:
        write_csv([{**p, "title": "utredare"} for p in exported["people"]], "people", out)
    graph_data.import_spreadsheet(again, (tmp_path / "personer.csv").read_bytes(),
                                  section="people")
    assert {p["title"] for p in graph_data.export_data(again)["people"]} == {"utredare"}
    with pytest.raises(DocumentError) as refused:
        graph_data.import_file(again, tmp_path / "personer.csv")
    assert refused.value.problems[0].path == "section"


def test_one_row_is_put_and_deleted_and_a_person_only_erased(
        store: SQLiteStore, small: dict[str, Any]) -> None:
    store.write(small)
    unit = SECTIONS["organisations"].model_validate(
        {"id": "fk-lund", "name": "FK Lund", "kind": "agency"})
    with pytest.raises(DocumentError):
        graph_data.put_row(store, "organisations", unit, key="fk-malmo")
    assert graph_data.put_row(store, "organisations", unit, key="fk-lund")["name"] == "FK Lund"
    assert store.get("organisations", "fk-lund").name == "FK Lund"  # type: ignore[attr-defined]
    assert graph_data.delete_row(store, "organisations", "fk-lund").changed == {
        "organisations": 1}
    with pytest.raises(NotFoundError):
        store.get("organisations", "fk-lund")
    with pytest.raises(ConflictError):  # anna still works at af-lund
        graph_data.delete_row(store, "organisations", "af-lund")
    with pytest.raises(DocumentError):
        graph_data.delete_row(store, "people", "anna")
    assert store.get("people", "anna").id == "anna"  # type: ignore[attr-defined]
    graph_data.delete_row(store, "ties", "anna\x1fbo\x1fmeeting")
    assert graph_data.export_data(store).get("ties", []) == []


def test_erasing_a_person_takes_their_rows_and_what_the_hooks_hold(
        store: SQLiteStore, small: dict[str, Any]) -> None:
    store.write(small)
    held = graph_data.export_person(store, "anna")
    assert set(held) == {"people", "roles", "memberships", "ties"}
    assert held["ties"] == [small["ties"][0]]
    forgotten: list[str] = []
    with pytest.raises(NotFoundError):
        graph_data.erase_person(store, "ingen", [forgotten.append])
    assert forgotten == []  # a refused erasure tells no other module to forget
    removal = graph_data.erase_person(store, "anna", [forgotten.append, forgotten.append])
    assert forgotten == ["anna", "anna"]
    assert removal.changed["people"] == 1 and removal.changed["ties"] == 1
    data = graph_data.export_data(store)
    assert "anna" not in json.dumps(data)
    assert [m["person"] for m in data["memberships"]] == ["bo"]
    with pytest.raises(NotFoundError):
        graph_data.export_person(store, "anna")


_CVS = [Candidate("stark", "Jag har arbetat åtta år på Försäkringskassan med sjukpenning. Sedan "
                  "2019 leder jag samverkansteamet i Lomma med Arbetsförmedlingen och "
                  "kommunen, och jag visade ledningsgruppen vad samverkan gav deltagarna."),
        Candidate("svag", "Jag har kört lastbil i femton år och tycker om att laga mat.")]


def test_match_scores_for_the_target_and_rank_reads_or_rescores_the_recruitment(
        tmp_path: Path, store: SQLiteStore, small: dict[str, Any], encoder: Any) -> None:
    store.write(small)
    profile = get_profile("handbok")

    def unopened() -> SQLiteStore:
        raise AssertionError("the store is opened only for a target organisation")

    assert usecase_matching.target_of(unopened, profile) == profile.target
    lomma = usecase_matching.target_of(lambda: store, profile, "lomma")
    assert lomma != profile.target and lomma.profession == profile.target.profession

    result = usecase_matching.match(_CVS, profile, encoder, target=lomma)
    assert [c["candidate"] for c in result["candidates"]] == ["stark", "svag"]
    assert result["target"] == lomma.model_dump(mode="json")
    assert (result["profile"], result["profile_version"]) == ("handbok", profile.version)

    recruitments = RecruitmentStore(tmp_path / "rekrytering.db")
    recruitment = recruitments.create_recruitment(Recruitment(
        "r1", "Processledare", "handbok", None, None, False, ()))
    recruitments.add_candidates("r1", _CVS, score_candidates(_CVS, profile, encoder))
    opened: list[int] = []

    def counted() -> Any:
        opened.append(1)
        return encoder

    stored = usecase_matching.rank(recruitments, recruitment, store=store, encoder=counted)
    assert stored.stored and stored.profile == "handbok" and opened == []
    assert [r["label"] for r in stored.rows] == ["stark", "svag"]
    assert stored.as_dict()["ranking"] == recruitments.ranking("r1")
    with pytest.raises(TypeError):
        usecase_matching.rank(recruitments, recruitment, target_organisation="lomma")
    again = usecase_matching.rank(recruitments, recruitment, store=store, encoder=counted,
                                  target_organisation="lomma")
    assert not again.stored and opened == [1]
    assert [r["label"] for r in again.rows] == ["stark", "svag"]
    assert recruitments.ranking("r1") == stored.rows  # scoring again stores nothing
