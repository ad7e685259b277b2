"""The audit log as a person reads it: Swedish action names, Swedish local time, and the
CSV file a data-protection officer files (through :mod:`api.exports`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from api.exports import Column, csv_bytes
from graph.core.access import ROLE_NAMES, AuditEntry, Role
from graph.core.audit_actions import action_name

__all__ = ["AUDIT_COLUMNS", "audit_csv", "audit_row", "swedish_time"]

# The service stores UTC; Swedish readers expect the time on their own clock.
SWEDEN = ZoneInfo("Europe/Stockholm")
ROLE_CODES = {str(r) for r in Role}

AUDIT_COLUMNS = (Column("local_time", "Tid (svensk tid)"), Column("user", "Vem"),
                 Column("role", "Roll"), Column("action_name", "Vad"),
                 Column("action", "Händelsekod"), Column("target", "Mål"),
                 Column("purpose", "Syfte"))


def swedish_time(iso: str | None) -> str:
    """An ISO timestamp (UTC) as Swedish local time, "2026-01-01 13:05"; "" for None."""
    if not iso:
        return ""
    at = datetime.fromisoformat(iso)
    if at.tzinfo is None:  # stored by the service, always UTC
        at = at.replace(tzinfo=ZoneInfo("UTC"))
    return at.astimezone(SWEDEN).strftime("%Y-%m-%d %H:%M")


def audit_row(entry: AuditEntry) -> dict[str, Any]:
    """An entry with what a person reads beside the stored codes."""
    role = ROLE_NAMES[Role(entry.role)] if entry.role in ROLE_CODES else entry.role
    return {**entry.as_dict(), "action_name": action_name(entry.action),
            "local_time": swedish_time(entry.at), "role_name": role}


def audit_csv(entries: Iterable[AuditEntry]) -> bytes:
    rows = [{**row, "role": row["role_name"]} for row in map(audit_row, entries)]
    return csv_bytes(rows, AUDIT_COLUMNS)
