"""A projection is freed once nothing but its derived indexes refers to it (issue 17, 5).

Indexes built from a projection are kept per projection with weak keys
(graph.analysis.per_projection); a kept value that refers to its own projection keeps the
key alive, and so itself, forever: a service would keep every projection since it
started, one per write. Each test builds what a path question builds, lets the store move
on as a write makes it, and checks the old projection is gone.
"""

from __future__ import annotations

import gc
import threading
import weakref
from datetime import date
from typing import Any

import networkx as nx

from api.usecases import reports
from graph.analysis.by_content import content_key
from graph.analysis.projection import organisation_tree, people_of
from graph.analysis.scope import in_scope
from graph.analysis.topics import topic_index
from graph.reports.contact_answer import federations
from graph.reports.guide import guide
from graph.reports.party_connectivity import party_kappa
from graph.reports.paths import k_best_paths, path_index, resolve
from graph.store.sqlite_store import SQLiteStore

DAY = date(2026, 6, 1)
ORGS = ("af", "fk", "lomma")
PEOPLE = [f"p{i}" for i in range(9)]
BASE: dict[str, Any] = {
    "organisations": [{"id": o, "name": o.upper()} for o in ORGS],
    "people": [{"id": p, "name": p, "organisation": ORGS[i % 3]}
               for i, p in enumerate(PEOPLE)],
    "groups": [{"id": "g", "name": "Styrgrupp"}],
    "memberships": [{"person": p, "group": "g"} for p in ("p0", "p4", "p8")],
    "ties": [{"a": f"p{i}", "b": f"p{i + 1}", "strength": 1 + i % 5} for i in range(8)],
}


def _asked(store: SQLiteStore) -> nx.Graph:
    """The store's projection, with what a path question builds and keeps for it: its
    index, its targets and its hops' words."""
    G = store.collaboration_graph(DAY)
    for ref in ("org:fk", "group:g", "p7"):
        assert k_best_paths(G, "p1", resolve(G, ref), k=3)
    return G


def _gone(ref: weakref.ref[nx.Graph]) -> bool:
    gc.collect()
    return ref() is None


def test_a_projection_and_its_path_index_are_freed_after_a_write(store: SQLiteStore) -> None:
    store.write(BASE)
    G = _asked(store)
    first, landmarks = weakref.ref(G), path_index(G).landmarks
    del G
    # A write: the store's next projection is patched from this one, and so is its path
    # index (it shares the earlier one's landmarks), not built from nothing.
    store.put("ties", {"a": "p0", "b": "p5", "strength": 4, "last_contact": "2026-05-01"})
    H = _asked(store)
    assert path_index(H).landmarks is landmarks
    second = weakref.ref(H)
    del H
    # The next write: the store keeps only the projection the current one was patched
    # from, so the first one, with everything derived from it, is gone.
    store.delete("people", "p3", cascade=True)
    assert path_index(_asked(store)).landmarks is landmarks
    assert _gone(first)
    store.put("ties", {"a": "p1", "b": "p6", "strength": 2})
    _asked(store)
    assert _gone(second)


def test_every_index_kept_per_projection_lets_it_go(store: SQLiteStore) -> None:
    store.write(BASE)
    G = _asked(store)
    organisation_tree(G)
    topic_index(G)
    federations(G)
    content_key(G)
    people_of(G, None)
    guide(G, "fk")
    party_kappa(G, 0)
    for scope in (None, "fk"):  # no scope is the projection itself
        in_scope(G, scope)
    reports.spanners(store, G)
    reports.risks(store, G)
    ref = weakref.ref(G)
    del G
    store.write(BASE, replace=True)  # a full reload: a projection built afresh
    store.collaboration_graph(DAY)
    assert _gone(ref)


def test_the_projection_an_erasure_was_patched_from_goes_without_another_write(
        store: SQLiteStore, monkeypatch: Any) -> None:
    """It still holds the erased person; the next write may never come."""
    from graph.store import protocol

    monkeypatch.setattr(protocol, "ERASED_BASE_GRACE_S", 0.05)
    store.write(BASE)
    G = _asked(store)
    assert G.nodes["p3"]["name"] == "p3"
    before = weakref.ref(G)
    del G
    store.delete("people", "p3", cascade=True)
    H = _asked(store)  # patched from the earlier projection, which is kept for that
    assert "p3" not in H
    for _ in range(100):  # the grace is 0.05 s; polled so that a loaded machine passes
        if _gone(before):
            break
        threading.Event().wait(0.05)
    assert _gone(before)


def test_a_write_that_erases_no_one_keeps_the_base_until_the_next_write(
        store: SQLiteStore, monkeypatch: Any) -> None:
    from graph.store import protocol

    monkeypatch.setattr(protocol, "ERASED_BASE_GRACE_S", 0.0)
    store.write(BASE)
    G = _asked(store)
    before = weakref.ref(G)
    del G
    # A person changed, nobody erased: the base stays for what patches itself from it.
    store.put("people", {"id": "p3", "name": "p3 ny", "organisation": "af"})
    _asked(store)
    threading.Event().wait(0.2)
    assert not _gone(before)  # kept for the indexes that patch themselves from it
