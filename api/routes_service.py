"""Liveness, readiness and row counts: the service routes that hold no personal data."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import Store

__all__ = ["router"]


def router() -> APIRouter:
    r = APIRouter()

    @r.get("/health", tags=["service"])
    def health() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}


    @r.get("/ready", tags=["service"])
    def ready(store: Store) -> dict[str, Any]:
        """The store answers; returns its revision (503 when it does not)."""
        return {"status": "ready", "revision": store.revision()}


    @r.get("/api/v1/stats", tags=["graph"])
    def stats(store: Store) -> dict[str, int]:
        """Row counts per section (no personal data)."""
        return store.counts()


    return r
