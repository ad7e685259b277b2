"""What the key-person risk report reads of the document beside the projection.

At 200,000 people the document is about 1 GiB of row objects, nearly all of it people
(200,000) and ties (620,000); of those the risk report reads only who leaves on which day
and the handover ties. :class:`RiskInputs` keeps the small sections as they are and those
two cut to what is read, so a process that builds the report on a projection it already
holds (:mod:`api.usecases.background_reports`) can let the document go first: what it
keeps grows with the leavers, the handover ties and the formal positions (memberships,
participations, roles), not with every person and tie.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from graph.model.schema import (
    Document,
    Group,
    Initiative,
    Membership,
    Organisation,
    Participation,
    Role,
    Tie,
    TieKind,
)

__all__ = ["RiskInputs", "risk_inputs"]


@dataclass(frozen=True)
class RiskInputs:
    """The rows the risk report reads, in the document's order (its sorts break ties by
    that order, so the same rows in another order could name another row first)."""

    organisations: list[Organisation]
    groups: list[Group]
    initiatives: list[Initiative]
    participations: list[Participation]
    roles: list[Role]
    memberships: list[Membership]
    handovers: list[Tie]  # the ties of kind handover, current or not
    leaves: dict[str, date]  # each person with an end date: that date


def risk_inputs(doc: Document | RiskInputs) -> RiskInputs:
    """The risk report's inputs from the whole document (given inputs: those)."""
    if isinstance(doc, RiskInputs):
        return doc
    return RiskInputs(
        organisations=doc.organisations, groups=doc.groups, initiatives=doc.initiatives,
        participations=doc.participations, roles=doc.roles, memberships=doc.memberships,
        handovers=[t for t in doc.ties if t.kind == TieKind.HANDOVER],
        leaves={p.id: p.until for p in doc.people if p.until is not None})
