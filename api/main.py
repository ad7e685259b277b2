"""The app factory uvicorn imports when the service runs in several worker processes."""

from __future__ import annotations

from fastapi import FastAPI

from api.app import create_app
from graph.core import gc_pause
from graph.core.access import AccessLog
from graph.core.settings import Settings
from graph.store.open import open_store


def app_factory() -> FastAPI:
    """Each worker opens the store named by ``SAMVERKAN_DB`` (WAL lets them share it)."""
    gc_pause.serving()
    settings = Settings()
    return create_app(open_store(settings),
                      AccessLog(settings.db, token_days=settings.token_days), settings,
                      warm=True)
