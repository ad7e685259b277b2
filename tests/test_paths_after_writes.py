"""Contact paths after row writes: the patched path index answers as a fresh one does.

A worker's index follows each write (graph.reports.paths.PathIndex.patched): people who
left stay as vertices without edges, new people are added at the end, and untouched
components are reused. The oracle is a fresh store on the same file, whose index is built
from nothing. Costs must be equal; among paths of equal cost the order may differ (igraph's
edge order differs), so paths are compared as sets per cost.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.analysis.incremental import patch_of
from graph.core.errors import ConflictError, DocumentError, NotFoundError
from graph.reports.paths import PathIndex, k_best_paths, path_index, resolve
from graph.store.sqlite_store import SQLiteStore

DAY = date(2026, 6, 1)
PEOPLE = [f"p{i}" for i in range(12)]
ORGS = ("af", "fk", "lomma")

BASE: dict[str, Any] = {
    "organisations": [{"id": o, "name": o.upper()} for o in ORGS],
    "people": [{"id": p, "name": p, "organisation": ORGS[i % 3]} for i, p in enumerate(PEOPLE[:9])],
    "groups": [{"id": "g", "name": "Styrgrupp"}],
    "memberships": [{"person": p, "group": "g"} for p in ("p0", "p4", "p8")],
    "ties": [{"a": f"p{i}", "b": f"p{i + 1}", "strength": 1 + i % 5} for i in range(8)],
}

person = st.sampled_from(PEOPLE)
operation = st.one_of(
    st.tuples(st.just("tie"), person, person, st.integers(1, 5)),
    st.tuples(st.just("untie"), person, person),
    st.tuples(st.just("person"), person, st.sampled_from(ORGS), st.booleans()),
    st.tuples(st.just("erase"), person),
    st.tuples(st.just("member"), person),
)


def _apply(store: SQLiteStore, op: tuple[Any, ...]) -> None:
    try:
        if op[0] == "tie" and op[1] != op[2]:
            store.put("ties", {"a": op[1], "b": op[2], "strength": op[3],
                               "last_contact": "2026-05-01"})
        elif op[0] == "untie" and op[1] != op[2]:
            lo, hi = sorted(op[1:3])
            store.delete("ties", f"{lo}\x1f{hi}\x1fcollaboration")
        elif op[0] == "person":
            row = {"id": op[1], "name": op[1], "organisation": op[2]}
            store.put("people", row | ({"until": "2025-01-01"} if op[3] else {}))
        elif op[0] == "erase":
            store.delete("people", op[1], cascade=True)
        elif op[0] == "member":
            store.put("memberships", {"person": op[1], "group": "g"})
    except (DocumentError, NotFoundError, ConflictError):
        pass


def _answers(store: SQLiteStore) -> dict[tuple[str, str], Any]:
    G = store.collaboration_graph(DAY)
    out: dict[tuple[str, str], Any] = {}
    for source in sorted(G)[:6]:
        for ref in ("org:fk", "org:lomma", "p3"):
            try:
                rows = k_best_paths(G, source, resolve(G, ref), k=3)
            except NotFoundError as exc:
                out[(source, ref)] = str(exc)
                continue
            by_cost: dict[float, set[tuple[str, ...]]] = defaultdict(set)
            for r in rows:
                by_cost[r["cost"]].add(tuple(r["people"]))
            out[(source, ref)] = sorted(by_cost.items())
    return out


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operation, min_size=1, max_size=10))
def test_patched_index_answers_as_a_fresh_one(tmp_path: Path, ops: list[tuple[Any, ...]]) -> None:
    path = tmp_path / f"paths-{abs(hash(tuple(ops)))}.db"
    writer, worker = SQLiteStore(path), SQLiteStore(path)
    try:
        writer.write(BASE, replace=True)
        _answers(worker)  # the worker has an index to patch from
        for op in ops:
            _apply(writer, op)
            ours = _answers(worker)
            # The component holding every edge has its matrix patched: it must hold the
            # costs a fresh index gives, pair by pair (the fresh one numbers people anew).
            idx = path_index(worker.collaboration_graph(DAY))
            fresh = SQLiteStore(path)
            try:
                if idx.whole is not None:
                    assert _costs(idx) == _costs(path_index(fresh.collaboration_graph(DAY)))
                assert ours == _answers(fresh)
            finally:
                fresh.close()
    finally:
        writer.close()
        worker.close()


def _costs(idx: PathIndex) -> dict[tuple[Hashable, Hashable], float]:
    """Every entry of the index's matrices, by the two people it joins."""
    out: dict[tuple[Hashable, Hashable], float] = {}
    for c, matrix in idx.matrices.items():
        members = idx.parts[c][1]
        entries = matrix.tocoo()
        for a, b, cost in zip(entries.row, entries.col, entries.data, strict=True):
            out[(idx.nodes[members[a]], idx.nodes[members[b]])] = float(cost)
    return out


def test_an_erased_person_is_a_vertex_no_path_passes(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "a.db")
    store.write(BASE)
    G = store.collaboration_graph(DAY)
    assert [r["people"] for r in k_best_paths(G, "p1", resolve(G, "p3"), k=1)] == [
        ["p1", "p2", "p3"]]
    store.delete("people", "p2", cascade=True)
    H = store.collaboration_graph(DAY)
    assert patch_of(H) is not None
    idx = path_index(H)
    assert "p2" in idx.index and "p2" not in H  # kept as a vertex, without edges
    assert not any("p2" in pair for pair in _costs(idx))
    after = k_best_paths(H, "p1", resolve(H, "p3"), k=3)
    assert after and all("p2" not in r["people"] for r in after)


def test_a_hops_words_follow_a_write_to_its_tie(tmp_path: Path) -> None:
    """The words of each hop are kept per projection; a write to the hop's tie makes a
    new projection, whose answer words the tie as it now is."""
    store = SQLiteStore(tmp_path / "a.db")
    store.write(BASE)
    G = store.collaboration_graph(DAY)

    def words(H: Any) -> list[str]:
        rows = k_best_paths(H, "p1", resolve(H, "p3"), k=1)
        assert rows[0]["people"] == ["p1", "p2", "p3"]
        return [hop["explanation"] for hop in rows[0]["hops"]]

    assert words(G) == ["samarbetar", "samarbetar"]
    assert words(G) == ["samarbetar", "samarbetar"]  # the kept words, the same
    store.put("ties", {"a": "p1", "b": "p2", "strength": 5, "last_contact": "2026-05-01"})
    H = store.collaboration_graph(DAY)
    assert H is not G
    assert words(H) == ["samarbetar (senast 2026-05)", "samarbetar"]
    assert words(G) == ["samarbetar", "samarbetar"]  # the earlier projection's, unchanged


def test_the_earlier_projection_answers_as_before_after_an_erasure(tmp_path: Path) -> None:
    """A patch takes edges out of a copy: the earlier index's matrix, which queries on the
    earlier projection still read, keeps every entry (its index arrays were compacted in
    place once, and its paths went through people who were not its neighbours)."""
    store = SQLiteStore(tmp_path / "a.db")
    store.write(BASE)
    G = store.collaboration_graph(DAY)
    before = {(s, ref): k_best_paths(G, s, resolve(G, ref), k=3)
              for s in ("p0", "p5", "p7") for ref in ("p3", "org:fk")}
    matrix = path_index(G).matrices[path_index(G).whole or 0].copy()
    store.delete("people", "p4", cascade=True)
    H = store.collaboration_graph(DAY)
    assert path_index(H).matrices[path_index(H).whole or 0] is not None
    kept = path_index(G).matrices[path_index(G).whole or 0]
    assert (kept != matrix).nnz == 0 and (kept.indices == matrix.indices).all()
    assert {(s, ref): k_best_paths(G, s, resolve(G, ref), k=3) for s, ref in before} == before


def test_a_target_the_write_leaves_alone_is_carried_over(tmp_path: Path) -> None:
    """An organisation's people are a scan of the whole graph: a write that changes none
    of them (a title) keeps the earlier projection's target itself, and the index's parts
    for it are patched, not made again. A write that moves someone in makes a new one."""
    store = SQLiteStore(tmp_path / "a.db")
    store.write(BASE)
    G = store.collaboration_graph(DAY)
    before = resolve(G, "org:fk")
    k_best_paths(G, "p0", before, k=3)
    store.put("people", {"id": "p3", "name": "p3", "organisation": "af", "title": "chef"})
    H = store.collaboration_graph(DAY)
    assert resolve(H, "org:fk") is before
    assert path_index(H).inherited[("org", "fk")].target is before
    assert k_best_paths(H, "p0", resolve(H, "org:fk"), k=3) == k_best_paths(
        G, "p0", before, k=3)
    store.put("people", {"id": "p3", "name": "p3", "organisation": "fk"})
    J = store.collaboration_graph(DAY)
    moved = resolve(J, "org:fk")
    assert moved is not before and "p3" in moved.people
    store.delete("people", "p4", cascade=True)
    K = store.collaboration_graph(DAY)
    assert "p4" not in resolve(K, "org:fk").people and "p1" in resolve(K, "org:fk").people
