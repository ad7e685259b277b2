"""Walking the organisation tree: ancestors, the party at the top, descendants.

Organisations form a forest through ``parent`` (a unit under its agency). Import refuses
cycles, but a graph read from elsewhere (a projection's ``G.graph["organisations"]``, a
document being validated) may still hold one, so every walk here stops at a repeat.

Examples
--------
>>> tree = OrganisationTree({"af": None, "af-lund": "af", "af-lund-2": "af-lund", "fk": None})
>>> tree.ancestors("af-lund-2")
['af-lund-2', 'af-lund', 'af']
>>> tree.root("af-lund-2"), tree.at_level("af-lund-2", 1)
('af', 'af-lund')
>>> sorted(tree.descendants("af-lund"))
['af-lund', 'af-lund-2']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

__all__ = ["OrganisationTree"]


class OrganisationTree:
    """The organisation forest from a mapping of id to parent id (``None`` at the top)."""

    def __init__(self, parents: Mapping[str, str | None]) -> None:
        self.parents = dict(parents)
        self._children: dict[str, list[str]] = defaultdict(list)
        for org, parent in self.parents.items():
            if parent is not None:
                self._children[parent].append(org)

    @classmethod
    def of_projection(cls, organisations: Mapping[str, Mapping[str, Any]]) -> OrganisationTree:
        """From a projection's ``G.graph["organisations"]`` (each entry has ``parent``)."""
        return cls({o: info.get("parent") for o, info in organisations.items()})

    def ancestors(self, org: str) -> list[str]:
        """``org`` and the organisations above it, nearest first."""
        chain = [org]
        seen = {org}
        while (parent := self.parents.get(chain[-1])) is not None and parent not in seen:
            chain.append(parent)
            seen.add(parent)
        return chain

    def root(self, org: str) -> str:
        """The top-level organisation (the party) above ``org``."""
        return self.ancestors(org)[-1]

    def at_level(self, org: str, level: int) -> str:
        """The ancestor at depth ``level`` (0: the party); a shallower ``org`` stays."""
        chain = self.ancestors(org)
        return chain[max(len(chain) - 1 - level, 0)]

    def descendants(self, org: str) -> set[str]:
        """``org`` and every organisation below it."""
        inside = {org}
        stack = [org]
        while stack:
            for child in self._children.get(stack.pop(), ()):
                if child not in inside:
                    inside.add(child)
                    stack.append(child)
        return inside
