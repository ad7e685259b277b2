"""What a service builds as it starts, in the order its users need it.

A path question is the one a person waits for, so the day's projection and its path
index come first (15 s at 200,000 people is the goal); then, once no request is being
answered (``quiet``: the first path question has its own work after the index, see
api.in_flight), the row indexes that let the first write patch the projection
instead of rebuilding it; then, where the settings ask
for them, the spanner and risk reports the map and the person cards read (minutes at
national scale). The first two run in one background thread, so requests are served
meanwhile: one that needs what is still being built waits for that build
(graph.analysis.per_projection), never for what comes after it. On a SQLite store the
reports are built in a child process (api.usecases.background_reports), so requests never
share the interpreter with them; elsewhere (Neo4j) in the same thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from api.usecases import background_reports, reports
from graph.core.gc_pause import gc_paused
from graph.reports.paths import path_index
from graph.store.protocol import GraphStore, PreparesWrites
from graph.store.sqlite_store import SQLiteStore

__all__ = ["start_warm_up", "warm_up"]

log = logging.getLogger(__name__)


def warm_up(store: GraphStore, *, with_reports: bool,
            quiet: Callable[[], None] | None = None) -> None:
    """Build today's projection, its path index, the write indexes and (``with_reports``)
    the default spanner and risk reports, in that order; ``quiet`` returns when the
    service answers no request (briefly), and the write indexes wait for it."""
    with gc_paused():  # some ten million objects: see graph.core.gc_pause
        G = store.collaboration_graph()
        path_index(G)
    if isinstance(store, PreparesWrites):
        if quiet is not None:
            quiet()
        store.prepare_writes()
    if with_reports and isinstance(store, SQLiteStore):
        background_reports.start(store)
    elif with_reports:
        reports.spanners(store, G)
        reports.risks(store, G)


def start_warm_up(store: GraphStore, *, with_reports: bool,
                  quiet: Callable[[], None] | None = None) -> threading.Thread:
    """:func:`warm_up` in a daemon thread; a failure is logged, and the request that
    needs the part that failed builds it again (and reports the error itself)."""

    def run() -> None:
        try:
            warm_up(store, with_reports=with_reports, quiet=quiet)
        except Exception:
            log.exception("start-up build failed; requests build what they need")

    thread = threading.Thread(target=run, name="warm-up", daemon=True)
    thread.start()
    return thread
