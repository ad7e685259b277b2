"""Choose and open the configured store, or one named by a spec such as ``sqlite:PATH``."""

from __future__ import annotations

from pathlib import Path

from graph.core.errors import StoreUnavailableError
from graph.core.settings import Settings
from graph.reports.spanners import BetweennessSource
from graph.store.protocol import BetweennessBackend, GraphStore
from graph.store.sqlite_store import SQLiteStore


def open_store(settings: Settings | None = None, db: Path | None = None) -> GraphStore:
    settings = settings or Settings()
    if settings.backend == "neo4j":
        return open_spec(f"neo4j:{settings.neo4j_uri}", settings)
    return SQLiteStore(db or settings.db)


def betweenness_source(store: GraphStore) -> BetweennessSource | None:
    """Where a backend can compute betweenness itself (Neo4j with GDS), the hook for it."""
    return store.betweenness_source() if isinstance(store, BetweennessBackend) else None


def open_spec(spec: str, settings: Settings | None = None) -> GraphStore:
    """``sqlite:PATH`` or ``neo4j:URI`` (credentials from NEO4J_USER / NEO4J_PASSWORD)."""
    settings = settings or Settings()
    kind, _, where = spec.partition(":")
    if kind == "sqlite" and where:
        return SQLiteStore(Path(where))
    if kind == "neo4j" and where:
        from graph.store.neo4j_store import Neo4jSettings, Neo4jStore

        return Neo4jStore(
            Neo4jSettings(
                uri=where,
                user=settings.neo4j_user,
                password=settings.neo4j_password,
                database=settings.neo4j_database,
            )
        )
    raise StoreUnavailableError(
        f"unknown store {spec!r}: use sqlite:PATH or neo4j:URI (e.g. neo4j:bolt://localhost:7687)"
    )
