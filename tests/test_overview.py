"""The map view and the person card (graph/reports/overview.py) and their routes."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.analysis.projection import collaboration_graph
from graph.core.access import ROLE_NAMES, AccessLog, Role
from graph.core.errors import NotFoundError
from graph.model.generator import generate
from graph.model.schema import Document
from graph.reports.overview import map_view, people_in, person_card
from graph.store.sqlite_store import SQLiteStore

EARLY = date(2017, 6, 1)  # Cia still works and the initiative runs; Anna has not started


def test_people_in_follows_units_forums_and_initiatives(small: dict[str, Any]) -> None:
    doc = Document.model_validate(small)
    G = collaboration_graph(doc)
    assert people_in(G, organisation="af") == {"anna"}  # af-lund is a unit of af
    assert people_in(G, organisation="lomma") == {"bo"}
    assert people_in(G, group="dua") == {"anna", "bo"}
    assert people_in(G, initiative="kartan") == set()  # ended
    assert people_in(collaboration_graph(doc, EARLY), initiative="kartan") == {"cia"}
    assert people_in(G, organisation="af", group="dua") == {"anna"}
    for kwargs in ({"organisation": "x"}, {"group": "kartan"}, {"initiative": "dua"}):
        with pytest.raises(NotFoundError):
            people_in(G, **kwargs)


def test_people_view_is_the_subgraph(small: dict[str, Any]) -> None:
    G = collaboration_graph(Document.model_validate(small))
    view = map_view(G, {"anna", "bo"}, spanners=["anna"], key_persons=["bo"])
    assert view["mode"] == "people"
    assert {n["id"]: (n["spanner"], n["key_person"]) for n in view["nodes"]} == {
        "anna": (True, False), "bo": (False, True)}
    (edge,) = view["edges"]
    assert {edge["source"], edge["target"]} == {"anna", "bo"}
    assert edge["kinds"] == ["tie", "group"]
    assert edge["weight"] == pytest.approx(G["anna"]["bo"]["weight"])


def test_aggregated_view_counts_people_and_links() -> None:
    doc = Document.model_validate(generate(600, seed=3))
    G = collaboration_graph(doc)
    view = map_view(G, aggregate_above=100)
    assert view["mode"] == "organisations"
    heads = {n["id"]: n["people"] for n in view["nodes"]}
    assert heads == dict(Counter(d["organisation"] for _, d in G.nodes(data=True)))
    # Independently: every person-person edge between two organisations, counted by pair.
    expected: Counter[frozenset[str]] = Counter()
    for u, v in G.edges():
        a, b = G.nodes[u]["organisation"], G.nodes[v]["organisation"]
        if a != b:
            expected[frozenset((a, b))] += 1
    assert {frozenset((e["source"], e["target"])): e["links"] for e in view["edges"]} == expected
    assert {p["id"] for p in view["parties"]} == {d["party"] for _, d in G.nodes(data=True)}


def test_person_card_lists_positions_relations_and_facts(small: dict[str, Any]) -> None:
    doc = Document.model_validate(small)
    G = collaboration_graph(doc)
    card = person_card(G, "anna", spanner={"score": 0.5, "explanation": "Förbinder"},
                       risk={"risk": 2.0, "explanation": "Enda länken"})
    assert card["organisation_name"] == "AF Lundaregionen"
    assert card["roles"] == ["Strategisk kontaktperson"]
    assert card["groups"] == [{"id": "dua", "name": "DUA Lomma", "seat": "chair"}]
    (tie,) = card["ties"]
    assert (tie["person"], tie["kinds"], tie["strength"], tie["shared"]) == (
        "bo", ["meeting"], 3, ["DUA Lomma"])
    assert card["spanner"]["explanation"] == "Förbinder"
    assert card["risk"]["explanation"] == "Enda länken"
    assert person_card(collaboration_graph(doc, EARLY), "cia")["initiatives"] == [{"id": "kartan",
                                                     "name": "Samverkanskartan steg 2"}]
    with pytest.raises(NotFoundError):
        person_card(G, "nobody")


def test_map_and_card_routes(store: SQLiteStore, seed: dict[str, Any]) -> None:
    store.write(seed)
    access = AccessLog(store.path)
    tokens = {role: access.add_user(f"{role}-u", role) for role in Role}
    client = TestClient(create_app(store, access))

    def get(path: str, role: Role) -> Any:
        return client.get(path, headers={"Authorization": f"Bearer {tokens[role]}"})

    for role in Role:
        assert get("/api/v1/me", role).json() == {"name": f"{role}-u", "role": str(role),
                                                  "role_name": ROLE_NAMES[role],
                                                  "person": None}
    view = get("/api/v1/map", Role.DIRECTOR).json()
    assert view["mode"] == "people"
    assert len(view["nodes"]) == store.collaboration_graph().number_of_nodes()
    assert any(n["spanner"] for n in view["nodes"]) and any(n["key_person"]
                                                            for n in view["nodes"])
    assert get("/api/v1/map", Role.STAFF).status_code == 403
    assert get("/api/v1/map?organisation=nope", Role.DIRECTOR).json()["error"] == "not_found"
    top = next(n for n in view["nodes"] if n["key_person"])
    card = get(f"/api/v1/people/{top['id']}/card", Role.DIRECTOR).json()
    assert card["risk"]["explanation"]
    assert get("/api/v1/people/nobody/card", Role.DIRECTOR).status_code == 404
    html = get("/api/v1/guide/fk/html", Role.STAFF)
    assert html.headers["content-type"].startswith("text/html")
    assert "Försäkringskassan" in html.text
    actions = [e.action for e in access.entries(limit=50)]
    assert {"map", "read_person_card", "guide"} <= set(actions)
    # The interface itself is public static files; the data behind it is not.
    assert client.get("/").status_code == 200 and "Samverkan" in client.get("/").text
    assert client.get("/ui/app.js").status_code == 200
