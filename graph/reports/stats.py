"""Summary figures of a store and its collaboration graph."""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from graph.model.schema import Document


def graph_stats(doc: Document, G: nx.Graph) -> dict[str, Any]:
    parties = Counter(party for _, party in G.nodes(data="party"))
    org_names = G.graph.get("organisations", {})
    components = [len(c) for c in nx.connected_components(G)]
    return {
        "as_of": G.graph.get("as_of"),
        "rows": doc.count(),
        "graph": {
            "people": G.number_of_nodes(),
            "edges": G.number_of_edges(),
            "components": len(components),
            "largest_component": max(components, default=0),
            "isolated": sum(1 for c in components if c == 1),
        },
        "people_per_party": [
            {"organisation": p, "name": org_names.get(p, {}).get("name", p), "people": n}
            for p, n in parties.most_common()
        ],
    }
