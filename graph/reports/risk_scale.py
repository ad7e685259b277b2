"""What a key-person risk figure means, in words built from the weights themselves
(:data:`graph.reports.key_persons.POINTS` and ``EXPOSURE``), so the explanation the board
reads changes whenever the weights do."""

from __future__ import annotations

from graph.reports.key_persons import DEFAULT_HORIZON_DAYS, EXPOSURE, POINTS
from graph.reports.whatif_words import decimal

__all__ = ["risk_scale"]


def _n(x: float) -> str:
    return decimal(x, 2).rstrip("0").rstrip(",")


def risk_scale(horizon_days: int = DEFAULT_HORIZON_DAYS) -> str:
    """The scale of the risk column, e.g. what "risk 10" is.

    >>> "3 poäng för varje par av parter" in risk_scale()
    True
    """
    p, e = POINTS, EXPOSURE
    example = 3 * p["disconnects"] + p["role_without_deputy"]
    most = e["base"] + e["leaving_soon"] + e["no_deputy"] + e["no_handover"]
    return (
        "Risk = påverkan × exponering. Påverkan är poäng för vad som går förlorat om "
        f"personen slutar: {_n(p['disconnects'])} poäng för varje par av parter som då "
        f"inte längre når varandra, {_n(p['reduced_to_one_link'])} för varje par som får "
        f"en enda länk kvar, upp till {_n(p['cut_off_share'])} för andelen kollegor som "
        f"skärs av, {_n(p['sole_participant'])} för varje insats där personen är ensam om "
        f"sin part och {_n(p['role_without_deputy'])} för varje roll eller forumplats utan "
        f"ersättare. Exponeringen går från {_n(e['base'])} till {_n(most)}: "
        f"+{_n(e['leaving_soon'])} om personen slutar inom {horizon_days} dagar, "
        f"+{_n(e['no_deputy'])} om en roll eller plats saknar ersättare och "
        f"+{_n(e['no_handover'])} om ingen överlämning är registrerad. Skalan har inget tak. "
        f"En risk kring 10 är till exempel tre par som förlorar sin enda länk och en roll "
        f"utan ersättare ({_n(example)} poäng) hos någon som slutar snart utan överlämning "
        f"(exponering {_n(most)}): risk {_n(example * most)}. Risk 0 betyder att ingenting i "
        "nätverket hänger på personen.")
