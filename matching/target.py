"""The post's target ("hitta rätt") from an organisation in the graph."""

from __future__ import annotations

from collections.abc import Iterable

from graph.core.errors import NotFoundError
from graph.model.schema import Organisation, OrgKind
from matching.facts import PARTY_NAMES, Party, party_of
from matching.profile import Target

__all__ = ["target_for"]


def _party(chain: list[Organisation]) -> Party | None:
    for org in chain:
        named = [p for p in party_of(org.name) if p in (Party.AF, Party.FK)]
        if named:
            return named[0]
        if org.kind is OrgKind.MUNICIPALITY:
            return Party.KOMMUN
        if org.kind in (OrgKind.REGION, OrgKind.CARE_PROVIDER):
            return Party.REGION
    return None


def target_for(
    organisations: Iterable[Organisation], organisation: str, profession: str | None = None
) -> Target:
    """The target of a post at ``organisation``: its party and the names a CV would use.

    A unit such as "Arbetsförmedlingen Kristianstad" also contributes its place name, since
    a CV more often says "Arbetsförmedlingen i Kristianstad".

    >>> orgs = [Organisation(id="af", name="Arbetsförmedlingen", kind="agency"),
    ...         Organisation(id="af-k", name="Arbetsförmedlingen Kristianstad", kind="unit",
    ...                      parent="af")]
    >>> t = target_for(orgs, "af-k")
    >>> str(t.party), t.names
    ('af', ('Arbetsförmedlingen Kristianstad', 'Kristianstad'))
    """
    by_id = {o.id: o for o in organisations}
    if organisation not in by_id:
        raise NotFoundError(f"okänd organisation {organisation!r}")
    chain = [by_id[organisation]]
    while chain[-1].parent and chain[-1].parent in by_id and len(chain) < 20:
        chain.append(by_id[chain[-1].parent])
    party = _party(chain)
    names: list[str] = []
    own = chain[0].name
    if party is None or own.lower() not in (PARTY_NAMES[party].lower(),):
        names.append(own)
    for agency in ("Arbetsförmedlingen", "Försäkringskassan"):
        if own.startswith(agency + " "):
            names.append(own[len(agency) + 1 :])
    return Target(party=party, names=tuple(names), profession=profession)
