"""The FastAPI application: thin routes over the domain functions in ``graph/``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request

from api import errors
from graph.store import GraphStore


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


Store = Annotated[GraphStore, Depends(get_store)]


def create_app(store: GraphStore) -> FastAPI:
    app = FastAPI(title="Samverkan", version="0.1.0",
                  description="Kunskapsgraf och kompetensmatchning för finansiell samordning "
                              "(FINSAM).")
    app.state.store = store
    errors.install(app)

    @app.get("/health", tags=["service"])
    def health() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @app.get("/ready", tags=["service"])
    def ready(store: Store) -> dict[str, Any]:
        """The store answers; returns its revision (503 when it does not)."""
        return {"status": "ready", "revision": store.revision()}

    @app.get("/api/v1/stats", tags=["graph"])
    def stats(store: Store) -> dict[str, int]:
        """Row counts per section (no personal data)."""
        return store.counts()

    return app
