"""The answer to "how do I reach …?": paths when there are any, and why when there are not.

Staff type a name, pick a role or organisation, or ask about a topic. The answer names the
person the paths end at (role, organisation, contact details) and, when it is empty, a
reason the interface can show as it is: a code, a Swedish sentence saying why, and the
next step. Reasons:

* ``unknown_source`` / ``source_left``: "Jag är" names nobody (or several people: the
  sentence then says how many share the name), or someone not current;
* ``unknown_target`` / ``target_left`` / ``nobody_there``: the target names nobody, someone
  who has left, or a role, organisation or group with nobody current in it;
* ``no_match``: no one's known work matches the topic;
* ``outside_scope``: the search is limited to a förbund (or other organisations) and the
  asker or every person of the target is outside it;
* ``other_federation``: the target is in another förbund, which no known tie reaches;
* ``no_tie``: the same förbund (or none known) and still no chain of contacts.

A topic answer goes to the best-ranked person the asker can reach, not to the best-ranked
person: five people may know about "sjukpenning" while only the third and fourth are in
the asker's part of the network.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx

from graph.analysis.scope import scoped
from graph.analysis.topics import about, find_people
from graph.core.errors import NotFoundError
from graph.reports.paths import Target, k_best_paths, path_index, resolve
from graph.reports.presence import absence

KINDS = {"person": "person", "role": "roll", "org": "organisation", "group": "grupp"}


def reason(code: str, text: str, next_step: str) -> dict[str, str]:
    return {"code": code, "text": text, "next": next_step}


def matches(G: nx.Graph, kind: str, text: str) -> list[str]:
    """The ids a typed or picked ``text`` may name: an id, "Name [id]" from a list, or
    every current row of ``kind`` with that name (case and spacing ignored)."""
    text = text.strip()
    if text.endswith("]") and "[" in text:
        text = text[text.rindex("[") + 1:-1].strip()
    if kind == "person":
        if text in G or text in G.graph.get("not_current", {}):
            return [text]
        rows: dict[Hashable, str] = {p: str(n) for p, n in G.nodes(data="name") if n}
    else:
        table = {"role": G.graph.get("roles", {}), "org": G.graph.get("organisations", {}),
                 "group": {g: {"name": n} for g, n in G.graph.get("forums", {}).items()
                           if g in G.graph.get("seats", {})}}[kind]
        if text in table:
            return [text]
        rows = {i: str(v.get("name", "")) for i, v in table.items()}
    wanted = " ".join(text.casefold().split())
    return sorted(str(i) for i, n in rows.items() if " ".join(n.casefold().split()) == wanted)


def find_ref(G: nx.Graph, kind: str, text: str) -> str | None:
    """The id ``text`` names when exactly one row of ``kind`` answers to it."""
    named = matches(G, kind, text)
    return named[0] if len(named) == 1 else None


def _unnamed(G: nx.Graph, kind: str, text: str, code: str, nobody: str,
             next_step: str) -> dict[str, str]:
    """Why ``text`` names no one: nobody has the name, or several have it (then "no one
    is called that" would be untrue)."""
    shown = text.strip()
    many = len(matches(G, kind, text))
    if many > 1:
        return reason(code, f"{many} {'personer' if kind == 'person' else KINDS[kind] + 'er'}"
                      f" i nätverket heter {shown!r}.",
                      "Välj ur listan, där var och en står med sitt id inom hakparentes.")
    return reason(code, f"{nobody} heter {shown!r}.", next_step)


def federations(G: nx.Graph) -> dict[int, set[str]]:
    """Per component of the path index, the förbund whose forums or staff are in it."""
    idx = path_index(G)
    orgs = G.graph.get("organisations", {})
    feds = {o for o, v in orgs.items() if v.get("kind") == "federation"}
    out: dict[int, set[str]] = {}

    def add(person: Hashable, fed: str) -> None:
        if person in idx.index:
            out.setdefault(int(idx.component_of[idx.index[person]]), set()).add(fed)

    for group, owner in G.graph.get("forum_owners", {}).items():
        if owner in feds:
            for person in G.graph.get("seats", {}).get(group, {}):
                add(person, owner)
    for person, party in G.nodes(data="party"):
        if party in feds:
            add(person, party)
    return out


def why_unreachable(G: nx.Graph, source: Hashable, target: Target) -> dict[str, str]:
    """Why no path leads from ``source`` to any of ``target``'s people."""
    idx = path_index(G)
    orgs = G.graph.get("organisations", {})
    feds = federations(G)
    mine = feds.get(int(idx.component_of[idx.index[source]]), set())
    people = [p for p in target.people if p in idx.index]
    theirs = set().union(*(feds.get(int(idx.component_of[idx.index[p]]), set())
                           for p in people)) if people else set()
    first = people[0] if len(people) == 1 else None
    what = (str(G.nodes[first].get("name")) if first is not None
            else f"{KINDS[target.kind]}en {_name_of(G, target)}")
    direct = _reach_directly(G, first)
    if theirs and mine and not theirs & mine:
        names = " och ".join(sorted(orgs[f]["name"] for f in theirs))
        chief = " eller ".join(sorted(orgs[f]["name"] for f in mine))
        return reason("other_federation",
                      f"{what} finns i {names}, ett annat förbund än ditt, och ingen känd "
                      "kontakt går dit.",
                      f"{direct}Be förbundschefen i {chief} om en introduktion.")
    return reason("no_tie", f"Det finns ingen kedja av kontakter mellan dig och {what} i "
                  "samverkansgrafen.",
                  f"{direct}Fråga din chef om en introduktion, eller sök på rollen i stället.")


def outside_scope(G: nx.Graph, H: nx.Graph, people: Iterable[Hashable], who: str
                  ) -> dict[str, str] | None:
    """The reason when none of ``people`` (current in ``G``) is in ``H``, ``G`` cut to a
    scope (graph.analysis.scope): a scoped search never leaves the scope, so a path to
    or from them is not asked for at all; None when some are in it or nothing is cut."""
    if H is G or any(p in H for p in people):
        return None
    orgs = G.graph.get("organisations", {})
    names = [str(orgs.get(o, {}).get("name", o)) for o in H.graph.get("scope", [])]
    where = " och ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    return reason("outside_scope", f"{who[:1].upper()}{who[1:]} hör inte till {where}, som "
                  "sökningen är begränsad till.",
                  "Välj ”Alla förbund” för att söka över förbundsgränserna, eller någon "
                  "inom urvalet.")


def require_in_scope(G: nx.Graph, H: nx.Graph, source: Hashable | None,
                     target: Target) -> None:
    """For a path question on ``H`` (``G`` cut to a scope): a NotFoundError naming the
    request's field when the asker (a current person of ``G``, if given), or every
    person of the target, is outside it."""
    asked = [] if source is None else [
        ("from", [source], str(G.nodes[source].get("name", source)))]
    for field, people, who in [*asked, ("to", list(target.people), _what(G, target))]:
        why = outside_scope(G, H, people, who)
        if why is not None:
            raise NotFoundError(why["text"], field=field)


def _what(G: nx.Graph, target: Target) -> str:
    if target.kind == "person":
        return str(G.nodes[target.id].get("name", target.id))
    return f"{KINDS[target.kind]}en {_name_of(G, target)}"


def _name_of(G: nx.Graph, target: Target) -> str:
    if target.kind == "role":
        return str(G.graph.get("roles", {}).get(target.id, {}).get("name", target.id))
    if target.kind == "org":
        return str(G.graph.get("organisations", {}).get(target.id, {}).get("name", target.id))
    return str(G.graph.get("forums", {}).get(target.id, target.id))


def _reach_directly(G: nx.Graph, person: Hashable | None) -> str:
    if person is None:
        return ""
    data = G.nodes[person]
    ways = [str(data[k]) for k in ("email", "phone") if data.get(k)]
    return f"Kontakta {data.get('name')} direkt ({', '.join(ways)}). " if ways else ""


def contact_answer(G: nx.Graph, source: str, *, target: str | None = None,
                   kind: str = "person", topic: str | None = None, k: int = 3,
                   top: int = 5, scope: tuple[str, ...] = ()) -> dict[str, Any]:
    """Paths from ``source`` to ``target`` (of ``kind``) or to the best person for
    ``topic`` the asker can reach, with whom they end at and, when empty, why. With
    ``scope`` (organisation ids), the search stays inside their people: names are still
    looked up in all of ``G``, so that someone outside gets ``outside_scope``, not
    "unknown"."""
    H = scoped(G, scope)
    answer: dict[str, Any] = {"source": None, "found": [], "target": None, "paths": [],
                              "reason": None}
    me = find_ref(G, "person", source)
    if me is None:
        answer["reason"] = _unnamed(G, "person", source, "unknown_source",
                                    "Ingen person i nätverket",
                                    "Välj ditt namn ur listan under ”Jag är”.")
        return answer
    if me not in G:
        answer["reason"] = reason("source_left", absence(G, me, "Personen under ”Jag är”"),
                                  "Välj en nuvarande person under ”Jag är”.")
        return answer
    why = outside_scope(G, H, [me], str(G.nodes[me].get("name", me)))
    if why is not None:
        answer["reason"] = why
        return answer
    answer["source"] = about(H, me)
    if topic is not None:
        return _by_topic(H, me, topic, k, top, answer)
    if kind not in KINDS:
        raise NotFoundError(f"okänd sorts mål {kind!r}: välj person, roll, organisation "
                            "eller grupp")
    ident = find_ref(G, kind, target or "")
    if ident is None:
        answer["reason"] = _unnamed(G, kind, target or "", "unknown_target",
                                    f"Ingen {KINDS[kind]}",
                                    "Välj ur listan, eller sök på ett ämne i stället.")
        return answer
    if kind == "person" and ident not in G:
        answer["reason"] = reason("target_left", absence(G, ident, "Personen"),
                                  "Sök på personens roll eller organisation i stället.")
        return answer
    try:
        goal = resolve(G, f"{kind}:{ident}")
    except NotFoundError:
        answer["reason"] = reason("nobody_there", f"Ingen nuvarande person finns i "
                                  f"{KINDS[kind]}en {ident!r}.",
                                  "Sök på organisationen ovanför eller på ett ämne.")
        return answer
    why = outside_scope(G, H, goal.people, _what(G, goal))
    if why is not None:
        answer["reason"] = why
        return answer
    return _paths(H, me, resolve(H, f"{kind}:{ident}"), k, answer)


def _paths(G: nx.Graph, me: Hashable, goal: Target, k: int,
           answer: dict[str, Any]) -> dict[str, Any]:
    paths = k_best_paths(G, me, goal, k=k)
    answer["paths"] = paths
    if paths:
        answer["target"] = about(G, paths[0]["target"])
    else:
        answer["reason"] = why_unreachable(G, me, goal)
        if len(goal.people) == 1:
            answer["target"] = about(G, next(iter(goal.people)))
    return answer


def _by_topic(G: nx.Graph, me: Hashable, topic: str, k: int, top: int,
              answer: dict[str, Any]) -> dict[str, Any]:
    hits = [h for h in find_people(G, topic, top=top + 1) if h["person"] != me][:top]
    if not hits:
        answer["reason"] = reason("no_match", f"Ingen i nätverket har något känt om "
                                  f"{topic.strip()!r}.",
                                  "Pröva ett annat ord, ett bredare ämne eller en roll.")
        return answer
    idx = path_index(G)
    mine = int(idx.component_of[idx.index[me]])
    for hit in hits:
        hit["reachable"] = int(idx.component_of[idx.index[hit["person"]]]) == mine
    answer["found"] = hits
    best = next((h for h in hits if h["reachable"]), hits[0])
    _paths(G, me, resolve(G, f"person:{best['person']}"), k, answer)
    if answer["paths"] and best is not hits[0]:
        answer["fallback"] = (f"{hits[0]['name']} passar ämnet bäst men nås inte från dig; "
                              f"vägarna går till {best['name']}, den bäst placerade du når.")
    return answer
