"""The audit log as a person reads it: Swedish action names, Swedish local time, and the
CSV file a data-protection officer files (through :mod:`api.exports`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
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
_PSEUDONYM = re.compile(r"person~[0-9a-f]{24}")

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


def audit_row(entry: AuditEntry, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """An entry with what a person reads beside the stored codes; ``names`` (pseudonym ->
    name, of the people the viewer may see) names the people in the target."""
    role = ROLE_NAMES[Role(entry.role)] if entry.role in ROLE_CODES else entry.role
    target = entry.target
    if target and names:
        target = _PSEUDONYM.sub(lambda m: names.get(m.group(0), m.group(0)), target)
    return {**entry.as_dict(), "action_name": action_name(entry.action),
            "local_time": swedish_time(entry.at), "role_name": role, "target_name": target}


def audit_csv(entries: Iterable[AuditEntry], names: Mapping[str, str] | None = None) -> bytes:
    rows = [{**row, "role": row["role_name"], "target": row["target_name"]}
            for row in (audit_row(e, names) for e in entries)]
    return csv_bytes(rows, AUDIT_COLUMNS)
