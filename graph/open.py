"""Choose and open the configured store."""

from __future__ import annotations

from pathlib import Path

from graph.config import Settings
from graph.sqlite_store import SQLiteStore
from graph.store import GraphStore


def open_store(settings: Settings | None = None, db: Path | None = None) -> GraphStore:
    settings = settings or Settings()
    return SQLiteStore(db or settings.db)
