"""A what-if in a few sentences, for the board: the figures of
:func:`graph.reports.whatif.what_if` said in Swedish, the gravest first.

Every number in a sentence is a field of the result, so the sentences and the tables
beside them can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["decimal", "names_list", "pair_names", "summarise"]

LISTED = 4  # names spelt out before "och N till"


def decimal(x: float | None, decimals: int = 2) -> str:
    """A number with a decimal comma, as every Swedish sentence writes it."""
    return "–" if x is None else f"{x:.{decimals}f}".replace(".", ",")


def names_list(names: Sequence[str]) -> str:
    """"A", "A och B", "A, B och C", and past LISTED names "…, D och 3 till"."""
    shown = list(names[:LISTED])
    rest = len(names) - len(shown)
    if rest:
        return f"{', '.join(shown)} och {rest} till"
    if len(shown) <= 1:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} och {shown[-1]}"


def pair_names(rows: Sequence[Mapping[str, Any]]) -> str:
    return names_list([" – ".join(c["names"]) for c in rows])


def _pairs(n: int, of: str = "parter") -> str:
    return f"{n} par av {of}"


def _seat(seat: Mapping[str, Any]) -> str:
    """"Styrgruppen (Lomma kommun)": the forum and whom the seat is for."""
    who = seat.get("represents_name")
    return f"{seat['name']} ({who})" if who else str(seat["name"])


def summarise(result: Mapping[str, Any], people: Mapping[str, str]) -> list[str]:
    """The result as sentences; ``people`` names the leavers and successors by id.

    >>> summarise({"removed": ["m"], "successors": {}, "connectivity_changes": [
    ...     {"names": ["AF", "Lomma kommun"], "before": 1, "after": 0}],
    ...     "lost_connection": {"pairs": 12, "of": 40}, "orphaned_initiatives": [],
    ...     "empty_seats": [], "mean_cross_path_length": {"before": 2.5, "after": 3.25}},
    ...     {"m": "Maria"})[0]
    'Om Maria slutar förlorar 1 par av parter sin sista länk: AF – Lomma kommun.'

    The pairs are of parties, or of organisations when the what-if ran below the party
    level (``level`` other than 0). With no pair losing its last link the sentence says
    so, never "all keep a link": some pairs may have had none to begin with.
    """
    who = names_list([people.get(p, p) for p in result["removed"]])
    changes = result["connectivity_changes"]
    lost = [c for c in changes if c["before"] > 0 and c["after"] == 0]
    one = [c for c in changes if c["after"] == 1 and c["before"] > 1]
    fewer = [c for c in changes if 1 < c["after"] < c["before"]]
    of = "parter" if result.get("level", 0) == 0 else "organisationer"
    out = [f"Om {who} slutar förlorar {_pairs(len(lost), of)} sin sista länk: "
           f"{pair_names(lost)}." if lost
           else f"Om {who} slutar förlorar inget par av {of} sin sista länk."]
    if one:
        out.append(f"{_pairs(len(one), of)} hålls därefter ihop av en enda person: "
                   f"{pair_names(one)}.")
    if fewer:
        out.append(f"{_pairs(len(fewer), of)} får färre personer som håller ihop dem: "
                   f"{pair_names(fewer)}.")
    connection = result["lost_connection"]
    if connection.get("pairs"):
        out.append(f"{connection['pairs']} av {connection['of']} par av medarbetare i olika "
                   "organisationer når inte längre varandra.")
    path = result["mean_cross_path_length"]
    if path.get("before") is not None and path.get("after") is not None \
            and round(path["after"], 2) != round(path["before"], 2):
        out.append("Vägen mellan medarbetare i olika organisationer blir i snitt "
                   f"{decimal(path['after'])} steg i stället för {decimal(path['before'])}.")
    orphaned = result["orphaned_initiatives"]
    if orphaned:
        out.append(f"{len(orphaned)} {'insats' if len(orphaned) == 1 else 'insatser'} "
                   f"förlorar en parts sista deltagare: "
                   f"{names_list([i['name'] for i in orphaned])}.")
    seats = result["empty_seats"]
    if seats:
        out.append(f"{len(seats)} {'plats' if len(seats) == 1 else 'platser'} i forum står "
                   f"tomma, utan ersättare: {names_list([_seat(s) for s in seats])}.")
    successors = result.get("successors") or {}
    if successors:
        out.append("Efterträdare tar över uppdragen men inte kontakterna: "
                   + names_list([f"{people.get(new, new)} efter {people.get(old, old)}"
                                 for old, new in successors.items()]) + ".")
    return out
