"""GraphStore on Neo4j, through the official driver.

Same contract as :class:`graph.store.sqlite_store.SQLiteStore`: a write is validated completely
against what the database holds and is committed whole or not at all (one managed
transaction, which the driver retries on transient errors; every statement is an idempotent
MERGE or SET, so a retry is safe). Analyses run on the same networkx projection, built
from the document this store reads.

No Neo4j server can be installed on the development machines of this project; the contract
tests run against a server when ``NEO4J_URI`` is set (see README, "Run with Neo4j").
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import networkx as nx

from graph.analysis.betweenness import Method
from graph.analysis.projection import DEFAULT_MAX_FORUM_SIZE
from graph.core.access import AuditRecord
from graph.core.errors import ConflictError, DocumentError, NotFoundError, StoreUnavailableError
from graph.model.document import Known, check_references, validate_row, validate_shape
from graph.model.schema import ENTITY_SECTIONS, REFERENCES, SECTIONS, Document, Reference, Row
from graph.reports.spanners import BetweennessSource
from graph.store.change_history import ChangeHistory, Recording
from graph.store.cypher import LABELS, RELATIONSHIPS, STATEMENTS, statement
from graph.store.erasure import ErasureCleanup, Removal, plan_removal
from graph.store.gds_analyses import (
    ARTICULATION_SIZES,
    BRIDGE_SIZES,
    GDS_THRESHOLD,
    gds_version_at_least,
    in_database,
)
from graph.store.import_counts import counted
from graph.store.protocol import BetweennessBackend, ImportResult, ProjectionCache

__all__ = ["Neo4jSettings", "Neo4jStore", "row_parameters"]

T = TypeVar("T")
BATCH = 5_000
GDS_SAMPLE = 2_000

_DRIVERS: dict[tuple[str, str], Any] = {}
_DRIVERS_LOCK = threading.Lock()


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str
    user: str = "neo4j"
    password: str = ""
    database: str | None = None


def _driver(settings: Neo4jSettings) -> Any:
    """One driver per process and server: drivers own connection pools."""
    import neo4j

    key = (settings.uri, settings.user)
    with _DRIVERS_LOCK:
        driver = _DRIVERS.get(key)
        if driver is None:
            driver = neo4j.GraphDatabase.driver(
                settings.uri, auth=(settings.user, settings.password)
            )
            _DRIVERS[key] = driver
        return driver


@contextmanager
def _unavailable_on_error(uri: str) -> Iterator[None]:
    from neo4j import exceptions as ne

    try:
        yield
    except ne.AuthError:
        raise StoreUnavailableError(
            f"Neo4j at {uri} refused the credentials (check NEO4J_USER / NEO4J_PASSWORD)"
        ) from None
    except (ne.ServiceUnavailable, ne.SessionExpired, OSError) as exc:
        raise StoreUnavailableError(f"Neo4j på {uri} kan inte nås: {exc}") from None
    except ne.Neo4jError as exc:
        raise StoreUnavailableError(
            f"Neo4j på {uri} svarade med ett fel: {exc.code}: {exc.message}") from None


def _props(row: Row) -> dict[str, Any]:
    """The fields a row set, as Neo4j property values (dates as ISO strings, lists kept)."""
    data: dict[str, Any] = row.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return {k: v for k, v in data.items() if v is not None}


def row_parameters(section: str, rows: list[Row], first_seq: int) -> list[dict[str, Any]]:
    """Query parameters for one section's upsert: every value is data, never Cypher."""
    return [
        {"key": row.key(), "seq": first_seq + i, "props": _props(row)} for i, row in enumerate(rows)
    ]


def _no_audit_log(audit: AuditRecord | None,
                  recording: Recording | ErasureCleanup | None = None) -> None:
    # The audit log and the edit history live in the API's SQLite file, not in Neo4j: the
    # caller writes them after the write (api.deps.audited, graph.store.row_edits); an
    # entry handed here would be lost.
    if audit is not None:
        raise ValueError("Neo4jStore keeps no audit log; audit after the write")
    if recording is not None:
        raise ValueError("Neo4jStore keeps no edit history; record after the write")


def _stored(props: Any) -> dict[str, Any]:
    """A node's properties as the row's plain data (without the store's own keys)."""
    row = dict(props)
    row.pop("_key", None)
    row.pop("_seq", None)
    return row


def _link_parameters(section: str, field: str, rows: list[Row]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        value = getattr(row, field)
        targets = list(value) if isinstance(value, list) else [value] if value else []
        out.append({"key": row.key(), "targets": targets})
    return out


class Neo4jStore(BetweennessBackend):
    """GraphStore on a Neo4j 5 server."""

    def __init__(self, settings: Neo4jSettings) -> None:
        self.settings = settings
        self.path = settings.uri
        with _unavailable_on_error(settings.uri):
            self._driver = _driver(settings)
            self._driver.verify_connectivity()
            self._create_schema()
        self._cache = ProjectionCache(self.revision, self._read_uncached)
        # The GDS projection in use ((revision, day), name) and the last structure results.
        self._gds_lock = threading.Lock()
        self._gds: tuple[tuple[int, str], str] | None = None
        self._gds_results: tuple[tuple[int, str, int], dict[str, Any]] | None = None

    # -- plumbing ---------------------------------------------------------------------

    def _session(self) -> Any:
        return self._driver.session(database=self.settings.database)

    def _run_read(self, work: Callable[[Any], T]) -> T:
        with _unavailable_on_error(self.settings.uri), self._session() as session:
            return session.execute_read(work)  # type: ignore[no-any-return]

    def _create_schema(self) -> None:
        # Idempotent (IF NOT EXISTS): every process runs it at start-up.
        with self._session() as session:
            for name, text in STATEMENTS.items():
                if name.startswith(("constraint:", "index_id:")):
                    session.run(text).consume()

    # -- writes -----------------------------------------------------------------------

    def write(
        self, data: Any, *, replace: bool = False, expect_revision: int | None = None,
        audit: AuditRecord | None = None, recording: Recording | None = None,
        count_changes: bool = False,
    ) -> ImportResult:
        _no_audit_log(audit, recording)
        doc = validate_shape(data)

        def work(tx: Any) -> ImportResult:
            meta = tx.run(statement("lock_meta")).single()
            next_seq = int(meta["next_seq"])
            if expect_revision is not None and int(meta["revision"]) != expect_revision:
                raise ConflictError(
                    f"grafen har ändrats (revision {meta['revision']}, väntad "
                    f"{expect_revision}); läs om den och försök igen"
                )
            known = Known() if replace else self._known_tx(tx)
            problems = check_references(doc, known)
            if problems:
                raise DocumentError(problems)
            # In the write's transaction, against the rows it replaces (import_counts).
            changes = counted(doc, lambda s, keys: self._rows_tx(tx, s, keys),
                              lambda s: int(tx.run(statement(f"count:{s}")).single()["n"]),
                              replace=replace) if count_changes else None
            if replace:
                for section in SECTIONS:
                    tx.run(statement(f"delete:{section}")).consume()
            rows = {s: len(getattr(doc, s)) for s in SECTIONS}
            next_seq = self._upsert_tx(tx, {s: getattr(doc, s) for s in SECTIONS}, next_seq)
            revision = tx.run(statement("bump_meta"), next_seq=next_seq).single()["revision"]
            return ImportResult(rows=rows, revision=int(revision), replaced=replace,
                                changes=changes)

        with _unavailable_on_error(self.settings.uri), self._session() as session:
            result: ImportResult = session.execute_write(work)
            return result

    @staticmethod
    def _upsert_tx(tx: Any, by_section: dict[str, list[Row]], next_seq: int) -> int:
        for section in SECTIONS:
            section_rows = by_section.get(section, [])
            for start in range(0, len(section_rows), BATCH):
                chunk = section_rows[start : start + BATCH]
                params = row_parameters(section, chunk, next_seq)
                next_seq += len(chunk)
                tx.run(statement(f"upsert:{section}"), rows=params).consume()
        # Links after all nodes exist, so a row may name one written in the same import.
        for ref in REFERENCES:
            section_rows = by_section.get(ref.section, [])
            for start in range(0, len(section_rows), BATCH):
                chunk = section_rows[start : start + BATCH]
                params = _link_parameters(ref.section, ref.field, chunk)
                tx.run(statement(f"link:{ref.section}.{ref.field}"), rows=params).consume()
        return next_seq

    def put(self, section: str, row: Row | dict[str, Any], *,
            expect_revision: int | None = None,
            audit: AuditRecord | None = None,
            recording: Recording | None = None) -> ImportResult:
        _no_audit_log(audit, recording)
        valid = validate_row(section, row)
        return self.write({section: [valid.model_dump(by_alias=True, exclude_unset=True)]},
                          expect_revision=expect_revision)

    def delete(self, section: str, key: str, *, cascade: bool = False,
               expect_revision: int | None = None,
               audit: AuditRecord | None = None,
               recording: Recording | ErasureCleanup | None = None) -> Removal:
        _no_audit_log(audit, recording)
        if section not in SECTIONS:
            raise NotFoundError(f"okänt avsnitt {section!r}")

        def work(tx: Any) -> Removal:
            meta = tx.run(statement("lock_meta")).single()
            if expect_revision is not None and int(meta["revision"]) != expect_revision:
                raise ConflictError(
                    f"grafen har ändrats (revision {meta['revision']}, väntad "
                    f"{expect_revision}); läs om den och försök igen")
            if tx.run(statement(f"get:{section}"), key=key).single() is None:
                raise NotFoundError(f"ingen rad {key!r} i {section}")

            def referrers(ref: Reference, k: str) -> list[Row]:
                model = SECTIONS[ref.section]
                return [model.model_validate(_stored(record["row"])) for record in tx.run(
                    statement(f"referrers:{ref.section}.{ref.field}"), key=k)]

            removal = plan_removal(section, key, referrers, cascade=cascade)
            for sec, k in removal.deleted:
                tx.run(statement(f"delete_row:{sec}"), key=k).consume()
            updated: dict[str, list[Row]] = {}
            for sec, r in removal.updated:
                updated.setdefault(sec, []).append(r)
            next_seq = self._upsert_tx(tx, updated, int(meta["next_seq"]))
            removal.revision = int(
                tx.run(statement("bump_meta"), next_seq=next_seq).single()["revision"])
            return removal

        with _unavailable_on_error(self.settings.uri), self._session() as session:
            done: Removal = session.execute_write(work)
            return done

    # -- reads ------------------------------------------------------------------------

    @staticmethod
    def _rows_tx(tx: Any, section: str, keys: list[str]) -> dict[str, Row]:
        """The stored rows of a section among ``keys``, read in ``tx`` (one read of the
        section: a key at a time would be a round trip per row of a staff list)."""
        wanted = set(keys)
        model = SECTIONS[section]
        rows = (model.model_validate(_stored(record["row"]))
                for record in tx.run(statement(f"read:{section}")))
        return {row.key(): row for row in rows if row.key() in wanted}

    @staticmethod
    def _known_tx(tx: Any) -> Known:
        known = Known()
        for section in ENTITY_SECTIONS:
            for record in tx.run(statement(f"known:{section}")):
                known.sections[record["id"]] = section
                if section in ("organisations", "groups"):
                    known.parents[record["id"]] = record["parent"]
        return known

    def known(self) -> Known:
        return self._run_read(self._known_tx)

    def read(self) -> Document:
        return self._cache.document()

    def _read_uncached(self) -> Document:
        def work(tx: Any) -> dict[str, list[dict[str, Any]]]:
            data: dict[str, list[dict[str, Any]]] = {}
            for section in SECTIONS:
                rows: list[dict[str, Any]] = []
                rows.extend(_stored(record["row"])
                            for record in tx.run(statement(f"read:{section}")))
                data[section] = rows
            return data

        return Document.model_validate(self._run_read(work))

    def get(self, section: str, key: str) -> Row:
        if section not in SECTIONS:
            raise NotFoundError(f"okänt avsnitt {section!r}")
        record = self._run_read(
            lambda tx: tx.run(statement(f"get:{section}"), key=key).single())
        if record is None:
            raise NotFoundError(f"ingen rad {key!r} i {section}")
        return SECTIONS[section].model_validate(_stored(record["row"]))

    def counts(self) -> dict[str, int]:
        def work(tx: Any) -> dict[str, int]:
            return {s: int(tx.run(statement(f"count:{s}")).single()["n"]) for s in SECTIONS}

        return self._run_read(work)

    def revision(self) -> int:
        return self._run_read(lambda tx: int(tx.run(statement("revision")).single()["revision"]))

    def collaboration_graph(self, as_of: date | None = None) -> nx.Graph:
        return self._cache.graph(as_of)

    def follow_history(self, history: ChangeHistory) -> None:
        self._cache.history = history

    def close(self) -> None:
        """Drivers are shared per process; they close at exit."""

    def gds_version(self) -> str | None:
        """The GDS plugin's version, or ``None`` when the server has no GDS."""
        from neo4j import exceptions as ne

        try:
            with self._session() as session:
                record = session.run(statement("gds_version")).single()
        except ne.ClientError:
            return None
        return None if record is None else str(record["version"])

    def _gds_graph(self, session: Any, as_of: date) -> str:
        """The name of the projection of the current revision on ``as_of``, projected on
        first use and kept until a write or another day replaces it (one at a time)."""
        key = (self.revision(), as_of.isoformat())
        with self._gds_lock:
            if self._gds is not None and self._gds[0] == key:
                return self._gds[1]
            if self._gds is not None:
                session.run(statement("gds_drop"), name=self._gds[1]).consume()
                self._gds = None
            name = f"samverkan-{uuid.uuid4().hex[:12]}"
            session.run(statement("gds_project"), name=name, as_of=key[1],
                        max_forum=DEFAULT_MAX_FORUM_SIZE).consume()
            self._gds = (key, name)
            return name

    def gds_structure(self, as_of: date, sample: int = GDS_SAMPLE) -> dict[str, Any] | None:
        """Sampled betweenness, articulation points and bridges computed inside Neo4j,
        once per revision and day, as plain records (``None`` without GDS).

        Articulation points come only from GDS 2.15 on, bridges from 2.14 on (before,
        their records lack the piece sizes the reports need): below those versions their
        records are ``None`` and the reports compute them embedded
        (:mod:`graph.store.gds_analyses`). Betweenness is rescaled to networkx's
        normalisation for undirected graphs, ``2 / ((n - 1)(n - 2))``, so it reads like
        the embedded figures.
        """
        version = self.gds_version()
        if version is None:
            return None
        key = (self.revision(), as_of.isoformat(), sample)
        if self._gds_results is not None and self._gds_results[0] == key:
            return self._gds_results[1]
        at_least = gds_version_at_least(version)
        with _unavailable_on_error(self.settings.uri), self._session() as session:
            name = self._gds_graph(session, as_of)
            raw = {r["person"]: float(r["score"]) for r in session.run(
                statement("gds_betweenness"), name=name, sample=sample)}
            points = ([r.data() for r in session.run(statement("gds_articulation_points"),
                                                   name=name)]
                      if at_least(ARTICULATION_SIZES) else None)
            bridges = ([r.data() for r in session.run(statement("gds_bridges"), name=name)]
                       if at_least(BRIDGE_SIZES) else None)
        n = len(raw)
        scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
        result = {
            "version": version,
            "betweenness": {k: v * scale for k, v in raw.items()},
            "method": Method("sampled", f"Neo4j GDS {version} betweenness", sources=sample),
            "articulation_points": points,
            "bridges": bridges,
        }
        self._gds_results = (key, result)
        return result

    def gds_paths(self, as_of: date, source: str, target: str, k: int
                  ) -> tuple[str, list[dict[str, Any]]] | None:
        """Yen's ``k`` cheapest paths from person ``source`` to person ``target`` in
        Neo4j, weighted by the embedded hop cost, as the GDS version and plain records
        (``None`` without GDS)."""
        version = self.gds_version()
        if version is None:
            return None
        with _unavailable_on_error(self.settings.uri), self._session() as session:
            name = self._gds_graph(session, as_of)
            return version, [r.data() for r in session.run(
                statement("gds_yens"), name=name, source=source, target=target, k=k)]

    def betweenness_source(self, threshold: int = GDS_THRESHOLD) -> BetweennessSource:
        """For :func:`graph.reports.spanners.spanner_report`: GDS above ``threshold`` people."""

        def source(G: nx.Graph) -> tuple[dict[Hashable, float], Method] | None:
            if not in_database(self, G, threshold):
                return None
            result = self.gds_structure(date.fromisoformat(G.graph["as_of"]))
            if result is None:
                return None
            scores = {v: result["betweenness"].get(v, 0.0) for v in G.nodes}
            return scores, result["method"]

        return source


def labels_and_types() -> tuple[set[str], set[str]]:
    """Every label and relationship type the backend can ever write (for tests)."""
    return set(LABELS.values()), set(RELATIONSHIPS.values())
