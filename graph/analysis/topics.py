"""Topic search: who is best placed to answer a question, from what the graph knows.

Each current person is a document of their title, profession, description, organisation
(and its parents), the roles they hold, and the forums and initiatives they sit in (with
their descriptions),
ranked with BM25 (bm25s). Swedish words are cut to a crude stem so that "unga" finds
"ungas" and "ersättningen" finds "ersättning"; the multilingual encoder of the matching
work will replace this lexical ranking.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import bm25s
import networkx as nx
import numpy as np

from graph.analysis.per_projection import PerProjection
from graph.analysis.projection import organisation_tree

_WORD = re.compile(r"[0-9a-zåäöéü]+")
_STOP = set("och i att det som en på är av för med till den har de inte om ett han hon "
            "hen men var sig så kan vem vilka vad hur the of and to in for".split())
_SUFFIXES = sorted(("arna", "erna", "orna", "ande", "ende", "heten", "het", "ens", "ets",
                    "en", "et", "er", "ar", "or", "na", "s", "a", "e"), key=len, reverse=True)


def tokens(text: str) -> list[str]:
    out = []
    for word in _WORD.findall(text.lower()):
        if word in _STOP:
            continue
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        out.append(word)
    return out


@dataclass
class TopicIndex:
    people: list[Hashable]
    texts: list[str]
    retriever: bm25s.BM25


def person_text(G: nx.Graph, person: Hashable) -> str:
    data = G.nodes[person]
    orgs = G.graph.get("organisations", {})
    parts = [data.get("title", ""), data.get("profession", ""), data.get("description", "")]
    org = data.get("organisation")
    if org is not None:
        parts += [orgs[o]["name"] for o in organisation_tree(G).ancestors(org) if o in orgs]
    for role in G.graph.get("roles", {}).values():
        if person in role["holders"] or person in role["deputies"]:
            parts.append(role["name"])
    forums = G.graph.get("forums", {})
    about = G.graph.get("descriptions", {})
    for group, seats in G.graph.get("seats", {}).items():
        if person in seats:
            parts += [forums.get(group, group), about.get(group, "")]
    for nbr in G[person]:
        for initiative in G[person][nbr].get("initiatives", []):
            parts += [forums.get(initiative, initiative), about.get(initiative, "")]
    return " ".join(p for p in parts if p)


def _topic_index(G: nx.Graph) -> TopicIndex:
    people = list(G)
    texts = [person_text(G, p) for p in people]
    retriever = bm25s.BM25()
    retriever.index([tokens(t) or ["\x00"] for t in texts], show_progress=False)
    return TopicIndex(people, texts, retriever)


topic_index = PerProjection(_topic_index)


def find_people(G: nx.Graph, topic: str, *, top: int = 5) -> list[dict[str, Any]]:
    """People ranked by how well what we know of them matches ``topic``."""
    query = tokens(topic)
    if not query or len(G) == 0:
        return []
    index = topic_index(G)
    scores = np.asarray(index.retriever.get_scores(query))
    best = [int(i) for i in np.argsort(-scores, kind="stable")[:top] if scores[i] > 0]
    roles = G.graph.get("roles", {})
    return [{"person": index.people[i], "name": G.nodes[index.people[i]].get("name"),
             "title": G.nodes[index.people[i]].get("title"),
             "organisation": G.nodes[index.people[i]].get("organisation"),
             "score": round(float(scores[i]), 4),
             "roles": [r["name"] for r in roles.values()
                       if index.people[i] in r["holders"]],
             "matched": sorted(set(query) & set(tokens(index.texts[i])))}
            for i in best]
