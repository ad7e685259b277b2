"""Topic search: who is best placed to answer a question, from what the graph knows.

Each current person is a document of their title, profession, description, what to
contact them about, organisation (and its parents), the roles they hold, and the forums
and initiatives they sit in (with their descriptions), ranked with BM25 (bm25s).

Swedish words inflect and compound: "försäkringsmedicin" must find a
"försäkringsmedicinsk rådgivare" and "sjukpenningärenden" a "handläggare sjukpenning".
Words are cut to their stem by Snowball's Swedish stemmer (snowballstemmer), then each
query stem is matched against the graph's own vocabulary (see :func:`expand`): the stem
itself, words it is most of the start of or the head of (a compound's last part), and,
for a compound the graph does not hold, the known words it is built from. The vocabulary
is the graph's, so the splitting needs no dictionary and never invents a word.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Hashable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import bm25s
import networkx as nx
import numpy as np
import snowballstemmer

from graph.analysis.per_projection import PerProjection
from graph.analysis.projection import organisation_tree

_WORD = re.compile(r"[0-9a-zåäöéü]+")
_STOP = set("och i att det som en på är av för med till den har de inte om ett han hon "
            "hen men var sig så kan vem vilka vad hur fråga frågor the of and to in for"
            .split())
# Shorter stems are too common inside other words ("läk", "ung") to match as a part.
MIN_PART = 4
# A compound's head is matched from this length: "ning" or "ande" end too many words.
MIN_HEAD = 5
# A stem matches a longer word it starts only when it is most of that word:
# "försäkringsmedicin" finds "försäkringsmedicinsk", "arbet" not every "arbetsförmedl".
MIN_PREFIX_SHARE = 0.7
_stemmer = snowballstemmer.stemmer("swedish")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


def tokens(text: str) -> list[str]:
    """The stems of ``text``'s words, without stop words."""
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP]


# The known parts of a compound must be most of it: "sjukpenning" is most of
# "sjukpenningärend", "arbet" is not "arbetsterapi".
MIN_COVER = 0.6


def _begins(stem: str, word: str) -> bool:
    """One begins the other and is most of it: the same word, inflected or derived."""
    short, long = sorted((stem, word), key=len)
    return long.startswith(short) and len(short) >= MIN_PREFIX_SHARE * len(long)


def expand(stem: str, vocabulary: frozenset[str]) -> set[str]:
    """The words of ``vocabulary`` a query stem stands for (empty when none).

    * the stem itself;
    * words that begin with it or that it begins, the shorter most of the longer: an
      inflection or derivation the stemmer left ("försäkringsmedicin" finds
      "försäkringsmedicinsk", "kuratorer" finds "kurator");
    * words it ends, when it is at least :data:`MIN_HEAD` long: a compound's head names
      the kind of thing ("rådgiv" finds "företagsrådgiv");
    * for a compound the vocabulary lacks, the known words it is made of, with or without
      a linking "s" ("sjukpenningärend" finds "sjukpenning"; "rådgivning" finds "rådgiv"
      and drops the suffix "ning", which is no word).
    """
    found = {w for w in vocabulary if w == stem or _begins(stem, w)
             or (len(stem) >= MIN_HEAD and w.endswith(stem))}
    return found or _parts(stem, vocabulary)


def _known(stem: str, vocabulary: frozenset[str]) -> set[str]:
    return {w for w in vocabulary if w == stem or _begins(stem, w)}


def _parts(stem: str, vocabulary: frozenset[str]) -> set[str]:
    """Known words a compound is built from: the longest known start, then the same for
    the rest; parts that are no known word are dropped."""
    for cut in range(len(stem) - MIN_PART, MIN_PART - 1, -1):
        head, rest = stem[:cut], stem[cut:]
        known = _known(head, vocabulary)
        if not known:
            continue
        if rest.startswith("s") and len(rest) > MIN_PART:  # the linking s: "försäkrings-"
            rest = rest[1:]
        tail = _known(rest, vocabulary) or _parts(rest, vocabulary)
        if (cut + (len(rest) if tail else 0)) < MIN_COVER * len(stem):
            return set()
        return known | tail
    return set()


@dataclass
class TopicIndex:
    people: list[Hashable]
    texts: list[str]
    retriever: bm25s.BM25
    stems: list[frozenset[str]]
    vocabulary: frozenset[str]

    def query(self, topic: str) -> list[str]:
        """The topic's words as the vocabulary's words they stand for, each once."""
        out: dict[str, None] = {}
        for stem in tokens(topic):
            out.update(dict.fromkeys(sorted(expand(stem, self.vocabulary))))
        return list(out)


def person_text(G: nx.Graph, person: Hashable) -> str:
    data = G.nodes[person]
    orgs = G.graph.get("organisations", {})
    parts = [data.get(k, "") for k in ("title", "profession", "description", "contact_about")]
    org = data.get("organisation")
    if org is not None:
        parts += [orgs[o]["name"] for o in organisation_tree(G).ancestors(org) if o in orgs]
    for role in G.graph.get("roles", {}).values():
        if person in role["holders"] or person in role["deputies"]:
            parts.append(role["name"])
    forums = G.graph.get("forums", {})
    about_forum = G.graph.get("descriptions", {})
    for group, seats in G.graph.get("seats", {}).items():
        if person in seats:
            parts += [forums.get(group, group), about_forum.get(group, "")]
    # Once per initiative, not once per fellow participant: else a large initiative's
    # words outweigh the person's own title.
    initiatives = dict.fromkeys(i for nbr in G[person]
                                for i in G[person][nbr].get("initiatives", []))
    for initiative in initiatives:
        parts += [forums.get(initiative, initiative), about_forum.get(initiative, "")]
    return " ".join(p for p in parts if p)


def _topic_index(G: nx.Graph) -> TopicIndex:
    people = list(G)
    texts = [person_text(G, p) for p in people]
    stemmed = [tokens(t) for t in texts]
    retriever = bm25s.BM25()
    retriever.index([t or ["\x00"] for t in stemmed], show_progress=False)
    stems = [frozenset(t) for t in stemmed]
    return TopicIndex(people, texts, retriever, stems, frozenset().union(*stems))


topic_index = PerProjection(_topic_index)


def find_people(G: nx.Graph, topic: str, *, top: int = 5,
                among: Collection[Hashable] | None = None) -> list[dict[str, Any]]:
    """People ranked by how well what we know of them matches ``topic``.

    ``among`` (a scope's people): only they are ranked, on the whole network's index, so
    a scoped answer is the unscoped ranking with the others left out (same scores), and a
    scope costs no index of its own.
    """
    if len(G) == 0:
        return []
    index = topic_index(G)
    query = index.query(topic)
    if not query:
        return []
    scores = np.asarray(index.retriever.get_scores(query))
    order = np.argsort(-scores, kind="stable")
    order = order[scores[order] > 0]  # only matches: a scope filters few, not everyone
    if among is not None:
        wanted = among if isinstance(among, (set, frozenset)) else set(among)
        order = order[[index.people[int(i)] in wanted for i in order]]
    best = [int(i) for i in order[:top]]
    return [about(G, index.people[i]) | {"score": round(float(scores[i]), 4),
                                          "matched": sorted(set(query) & index.stems[i])}
            for i in best]


def about(G: nx.Graph, person: Hashable) -> dict[str, Any]:
    """Who someone is, as a search hit or a path's end shows them: name, title, their
    organisation (id and name) and party, the roles they hold, their contact details."""
    data = G.nodes[person]
    orgs = G.graph.get("organisations", {})
    org = data.get("organisation")
    return {"person": person, "name": data.get("name"), "title": data.get("title"),
            "organisation": org, "organisation_name": orgs.get(org, {}).get("name", org),
            "party": data.get("party"),
            "roles": [r["name"] for r in G.graph.get("roles", {}).values()
                      if person in r["holders"]],
            **{k: data.get(k) for k in ("email", "phone", "contact_about")}}
