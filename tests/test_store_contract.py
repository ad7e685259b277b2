"""One backend contract, run against every store.

The embedded leg always runs. The Neo4j leg runs when ``NEO4J_URI`` is set (with
``NEO4J_USER`` / ``NEO4J_PASSWORD``) and is skipped otherwise: no Neo4j server can be
installed on this project's development machines. It empties that database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graph.core.errors import DocumentError, NotFoundError
from graph.model.document import to_data
from graph.store.open import open_spec
from graph.store.protocol import GraphStore

NEO4J = os.environ.get("NEO4J_URI")
BACKENDS = [
    "sqlite",
    pytest.param(
        "neo4j",
        marks=pytest.mark.skipif(
            not NEO4J,
            reason="NEO4J_URI is not set: no Neo4j server on this machine (README: Run with Neo4j)",
        ),
    ),
]


@pytest.fixture(params=BACKENDS)
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    if request.param == "sqlite":
        store = open_spec(f"sqlite:{tmp_path / 'contract.db'}")
    else:
        store = open_spec(f"neo4j:{NEO4J}")
        store.write({}, replace=True)
    yield store
    store.close()


def test_seed_round_trips_exactly(any_store: GraphStore, seed: dict[str, Any]) -> None:
    result = any_store.write(seed)
    assert result.total == sum(len(v) for v in seed.values())
    # Against the input itself: a shared serialiser on both sides would hide its own loss.
    assert to_data(any_store.read()) == seed
    assert any_store.counts() == {k: len(v) for k, v in seed.items()}


def test_projection_holds_the_current_people_and_their_ties(
    any_store: GraphStore, small: dict[str, Any]
) -> None:
    """The projection against facts read off the fixture by hand, not against another run
    of the projection function."""
    any_store.write(small)
    G = any_store.collaboration_graph()  # the day is 2026-01-01 (tests/conftest.py)
    assert set(G) == {"anna", "bo"}  # Cia left on 2019-05-31
    assert {k: G.nodes["anna"][k] for k in ("name", "organisation", "title")} == {
        "name": "Anna Ek", "organisation": "af-lund", "title": "sektionschef"}
    assert [tuple(sorted(e)) for e in G.edges()] == [("anna", "bo")]
    edge = G["anna"]["bo"]
    assert [t[:2] for t in edge["ties"]] == [("meeting", 3)] and edge["groups"] == ["dua"]
    early = any_store.collaboration_graph(date(2018, 1, 1))
    assert set(early) == {"bo", "cia"}  # Anna started 2019-09-01


def test_known_names_every_id_and_parent(any_store: GraphStore, small: dict[str, Any]) -> None:
    any_store.write(small)
    known = any_store.known()
    assert known.sections["anna"] == "people" and known.sections["dua"] == "groups"
    assert known.sections["kartan"] == "initiatives" and "nobody" not in known.sections
    assert known.parents["af-lund"] == "af" and known.parents["af"] is None


def test_every_protocol_member_is_driven_here() -> None:
    """Conformance is behaviour: each member of GraphStore must be called on a store by a
    test of this contract (``isinstance`` against a Protocol checks only names)."""
    members = {name for name in vars(GraphStore) if not name.startswith("_")}
    source = Path(__file__).read_text(encoding="utf-8")
    undriven = sorted(m for m in members if f"any_store.{m}(" not in source
                      and f"store.{m}()" not in source)
    assert members >= {"write", "read", "get", "put", "delete", "known", "close"}
    assert not undriven, f"GraphStore members no contract test calls: {undriven}"


def test_merge_by_natural_key_replaces_the_row(
    any_store: GraphStore, small: dict[str, Any]
) -> None:
    any_store.write(small)
    rev = any_store.revision()
    update = {"people": [{"id": "anna", "name": "Anna Ek", "organisation": "lomma"}]}
    any_store.write(update)
    assert any_store.revision() > rev
    anna = next(p for p in any_store.read().people if p.id == "anna")
    assert anna.organisation == "lomma"
    assert anna.title is None  # a merged row is the new row, not a patch
    assert any_store.counts()["people"] == len(small["people"])
    # First-write order is kept.
    assert [p.id for p in any_store.read().people] == [p["id"] for p in small["people"]]


def test_a_bad_reference_writes_nothing(any_store: GraphStore, small: dict[str, Any]) -> None:
    any_store.write(small)
    before, rev = to_data(any_store.read()), any_store.revision()
    bad = {
        "people": [{"id": "new", "name": "Ny Person", "organisation": "lomma"}],
        "memberships": [{"person": "new", "group": "no-such-group"}],
    }
    with pytest.raises(DocumentError, match=r"memberships\[0\]\.group"):
        any_store.write(bad)
    assert to_data(any_store.read()) == before
    assert any_store.revision() == rev


def test_replace_empties_first(any_store: GraphStore, small: dict[str, Any]) -> None:
    any_store.write(small)
    only = {"organisations": [{"id": "fk", "name": "Försäkringskassan", "kind": "agency"}]}
    result = any_store.write(only, replace=True)
    assert result.replaced
    assert to_data(any_store.read()) == only


def test_injection_attempts_stay_plain_data(any_store: GraphStore) -> None:
    hostile = "x'}) MATCH (n) DETACH DELETE n //\"; DROP TABLE people; --"
    doc = {
        "organisations": [{"id": "org", "name": hostile, "kind": "agency"}],
        "people": [
            {"id": "p1", "name": hostile, "organisation": "org", "description": "`Person` {"},
            {"id": "p2", "name": "$rows", "organisation": "org", "title": "') RETURN 1 //"},
        ],
        "ties": [{"a": "p1", "b": "p2", "description": hostile}],
    }
    any_store.write(doc)
    any_store.write(doc)  # again, through the merge path
    assert to_data(any_store.read()) == doc
    assert any_store.counts()["people"] == 2


def _erased_by_hand(data: dict[str, Any], person: str) -> dict[str, Any]:
    """The oracle: the document without every row and list entry that names ``person``."""
    out: dict[str, Any] = {}
    for section, rows in data.items():
        kept = []
        for row in rows:
            if person in (row.get("id") if section == "people" else None,
                          row.get("person"), row.get("a"), row.get("b")):
                continue
            kept.append({k: [x for x in v if x != person] if k in ("holders", "deputies") else v
                         for k, v in row.items()})
        if kept:
            out[section] = kept
    return out


def test_erasing_a_person_removes_every_trace(any_store: GraphStore, seed: dict[str, Any]) -> None:
    any_store.write(seed)
    person = "kl-af-foretag"
    before = to_data(any_store.read())
    removal = any_store.delete("people", person, cascade=True)
    assert removal.changed["people"] == 1 and removal.changed.get("ties", 0) > 0
    assert to_data(any_store.read()) == _erased_by_hand(before, person)
    with pytest.raises(NotFoundError):
        any_store.get("people", person)


def test_one_row_get_put_delete(any_store: GraphStore, small: dict[str, Any]) -> None:
    any_store.write(small)
    rev = any_store.revision()
    anna = any_store.get("people", "anna")
    assert anna.name == "Anna Ek"
    any_store.put("people", {"id": "anna", "name": "Anna Ek", "organisation": "lomma",
                             "title": "samordnare"})
    assert any_store.revision() > rev
    assert any_store.get("people", "anna").title == "samordnare"
    assert next(p for p in any_store.read().people if p.id == "anna").title == "samordnare"
    with pytest.raises(DocumentError, match="organisation"):
        any_store.put("people", {"id": "anna", "name": "Anna", "organisation": "nowhere"})
    assert any_store.get("people", "anna").organisation == "lomma"
    with pytest.raises(NotFoundError):
        any_store.delete("people", "nobody")
    with pytest.raises(NotFoundError):
        any_store.get("people", "nobody")


def test_deleting_a_referenced_organisation_is_refused(
    any_store: GraphStore, small: dict[str, Any]
) -> None:
    from graph.core.errors import ConflictError

    any_store.write(small)
    before, rev = to_data(any_store.read()), any_store.revision()
    with pytest.raises(ConflictError, match="används fortfarande av people anna"):
        any_store.delete("organisations", "af-lund", cascade=True)
    assert to_data(any_store.read()) == before
    assert any_store.revision() == rev


def test_a_stale_read_modify_write_is_refused(any_store: GraphStore, small: dict[str, Any]) -> None:
    from graph.core.errors import ConflictError

    any_store.write(small)
    stale = any_store.revision()
    any_store.write({"organisations": [{"id": "fk", "name": "Försäkringskassan"}]})
    with pytest.raises(ConflictError, match="grafen har ändrats"):
        any_store.write({}, replace=True, expect_revision=stale)
    assert any_store.counts()["organisations"] == len(small["organisations"]) + 1


def test_a_followed_history_rewinds_the_projections_of_earlier_days(
        any_store: GraphStore, small: dict[str, Any], tmp_path: Path) -> None:
    """Either backend: a move recorded in the editor from a day on is undone in the
    projections of the days before (graph.store.as_of), and in no later one."""
    from graph.store import row_edits
    from graph.store.change_history import ChangeHistory

    any_store.write(small)
    history = ChangeHistory(tmp_path / "history.db")
    any_store.follow_history(history)
    anna = to_data(any_store.read())["people"][0]
    assert anna["id"] == "anna" and anna["organisation"] == "af-lund"
    row_edits.put(any_store, history, "people", anna | {"organisation": "lomma"}, user="t",
                  at="x", day="2025-03-01")
    assert any_store.collaboration_graph(date(2025, 2, 28)).nodes["anna"]["organisation"] \
        == "af-lund"
    assert any_store.collaboration_graph(date(2025, 3, 1)).nodes["anna"]["organisation"] \
        == "lomma"
    history.close()
