"""The first projection from plain rows (graph.store.projection_rows, ProjectionCache).

The oracle is the projection of the document read the ordinary way: the same nodes, edges
and graph attributes, each with the same data, in the same order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from api.seed_data import seed_document
from graph.analysis.projection import collaboration_graph
from graph.model.generator import generate
from graph.model.schema import SECTIONS
from graph.reports.paths import path_index
from graph.store.projection_rows import PLAIN_SECTIONS, plain_type
from graph.store.sqlite_store import SQLiteStore


def _everything(G: nx.Graph) -> tuple[Any, ...]:
    """What a projection holds, order included (a pair's ties and forums are lists)."""
    return (list(G.nodes(data=True)), [(u, v, G[u][v]) for u, v in G.edges()], G.graph)


def _content(G: nx.Graph) -> tuple[Any, ...]:
    """What a projection holds, whatever order a patch added it in."""
    return (dict(G.nodes(data=True)),
            {tuple(sorted((u, v))): G[u][v] for u, v in G.edges()}, G.graph)


def _stored(tmp_path: Path, data: dict[str, Any]) -> SQLiteStore:
    store = SQLiteStore(tmp_path / "s.db")
    store.write(data)
    # Every optional field of a person and a tie set somewhere, and some left unset, so
    # each column's conversion and each default is read.
    person = data["people"][0]
    store.put("people", {"id": "x1", "name": "Xe", "organisation": person["organisation"],
                         "email": "x.e@kommun.se", "phone": "010-123 45 67",
                         "since": "2020-02-29", "until": "2030-01-01",
                         "contact_about": "bistånd", "title": "handläggare",
                         "profession": "socionom", "description": "arbetar med unga"})
    store.put("people", {"id": "x2", "name": "Yo", "organisation": person["organisation"],
                         "since": "2031-01-01"})
    store.put("ties", {"a": "x1", "b": person["id"], "kind": "handover", "strength": 4,
                       "last_contact": "2025-11-30", "since": "2024-01-01",
                       "until": "2027-06-30", "description": "överlämning av ärenden"})
    store.put("ties", {"a": "x2", "b": person["id"]})
    return store


@pytest.mark.parametrize("data", [seed_document(), generate(400, seed=3, national=True)],
                         ids=["seed", "generated"])
def test_plain_rows_hold_what_the_model_instances_hold(tmp_path: Path,
                                                       data: dict[str, Any]) -> None:
    store = _stored(tmp_path, data)
    revision, plain = SQLiteStore(store.path).projection_rows()
    doc = SQLiteStore(store.path).read()
    assert revision == store.revision()
    for section in SECTIONS:
        mine, theirs = getattr(plain, section), getattr(doc, section)
        assert len(mine) == len(theirs) > 0, section
        if section not in PLAIN_SECTIONS:
            assert mine == theirs, section
            continue
        fields = list(type(theirs[0]).model_fields)
        assert list(plain_type(section)._fields) == fields
        for a, b in zip(mine, theirs, strict=True):
            values = [getattr(b, f) for f in fields]
            assert list(a) == values
            assert [type(v) for v in a] == [type(v) for v in values]


@pytest.mark.parametrize("data", [seed_document(), generate(400, seed=3, national=True)],
                         ids=["seed", "generated"])
def test_the_first_projection_is_the_documents(tmp_path: Path, data: dict[str, Any]) -> None:
    store = _stored(tmp_path, data)
    fresh = SQLiteStore(store.path)
    first = fresh.collaboration_graph()
    assert fresh._cache._doc is None  # built from the plain rows, the document unread
    expected = collaboration_graph(SQLiteStore(store.path).read())
    assert _everything(first) == _everything(expected)
    assert fresh.collaboration_graph() is first


def test_reading_the_document_keeps_the_first_projection_and_its_index(
        tmp_path: Path) -> None:
    store = _stored(tmp_path, generate(400, seed=3, national=True))
    fresh = SQLiteStore(store.path)
    first = fresh.collaboration_graph()
    index = path_index(first)
    fresh.prepare_writes()  # reads the document, as a service does after its first answer
    assert fresh._cache._doc is not None
    assert fresh.collaboration_graph() is first
    assert path_index(first) is index
    assert fresh.projection_revision(first) == fresh.revision()


def test_a_write_before_the_document_is_read_is_in_the_next_projection(
        tmp_path: Path) -> None:
    store = _stored(tmp_path, generate(400, seed=3, national=True))
    fresh = SQLiteStore(store.path)
    first = fresh.collaboration_graph()
    someone = next(iter(first))
    store.delete("people", someone, cascade=True)  # another process's write
    after = fresh.collaboration_graph()
    assert after is not first
    assert someone not in after
    assert _everything(after) == _everything(collaboration_graph(store.read()))
    fresh.prepare_writes()  # the document of that revision: the projection is kept
    assert fresh.collaboration_graph() is after


def test_the_document_read_after_a_write_does_not_adopt_the_older_projection(
        tmp_path: Path) -> None:
    store = _stored(tmp_path, generate(400, seed=3, national=True))
    fresh = SQLiteStore(store.path)
    first = fresh.collaboration_graph()
    someone = next(iter(first))
    store.delete("people", someone, cascade=True)
    fresh.prepare_writes()  # the document of the new revision
    now = fresh.collaboration_graph()
    assert now is not first
    assert someone not in now
    assert _everything(now) == _everything(collaboration_graph(store.read()))


def test_the_first_write_patches_the_first_projection(tmp_path: Path) -> None:
    store = _stored(tmp_path, generate(400, seed=3, national=True))
    fresh = SQLiteStore(store.path)
    first = fresh.collaboration_graph()
    landmarks = path_index(first).landmarks
    a, b = sorted(first)[:2]
    fresh.put("ties", {"a": a, "b": b, "strength": 5})
    after = fresh.collaboration_graph()
    # Patched from the first projection, so its index shares that one's landmarks.
    assert path_index(after).landmarks is landmarks
    assert _content(after) == _content(collaboration_graph(store.read()))
