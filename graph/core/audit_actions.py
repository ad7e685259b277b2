"""What each audit-log action code means, in Swedish: the one place that names them.

The log stores short English codes (stable, searchable, the same in every language); the
administration page, the CSV export and anything else a person reads shows these names.
Codes built from a section of the graph (``read_person``, ``edit_ties``, ``list_people``)
are named from the section, so a new section needs one line in :data:`SECTION_NAMES`.
"""

from __future__ import annotations

from graph.model.schema import NOUNS, SECTIONS

__all__ = ["ACTION_NAMES", "SECTION_NAMES", "action_codes", "action_name"]

ACTION_NAMES: dict[str, str] = {
    "analyze_bridging": "analys: brobyggare",
    "analyze_changes": "analys: förändringar",
    "analyze_connectivity": "analys: förbindelser mellan parter",
    "analyze_risk": "analys: nyckelpersonsrisk",
    "analyze_seats": "analys: platser i forum",
    "analyze_spanners": "analys: gränsöverskridare",
    "analyze_succession": "analys: efterträdare",
    "contact_answer": "sökte kontaktväg eller ämne",
    "create_recruitment": "skapade rekrytering",
    "edit_history": "läste ändringshistoriken",
    "edit_undo": "ångrade en ändring",
    "erase_candidate": "raderade kandidat",
    "erase_recruitment": "raderade rekrytering med kandidater",
    "export": "exporterade nätverket",
    "export_audit": "exporterade åtkomstloggen",
    "export_board_report": "exporterade styrelserapporten",
    "export_candidate": "registerutdrag för kandidat",
    "export_connectivity": "exporterade redundanstabellen",
    "export_person": "registerutdrag för person",
    "export_ranking": "exporterade rankning",
    "export_risk": "exporterade risktabellen",
    "export_spanners": "exporterade gränsöverskridarna",
    "find": "sökte person efter ämne",
    "guide": "läste samverkansguiden",
    "import": "importerade nätverket",
    "list_people": "listade personer",
    "list_users": "listade användare",
    "map": "läste kartan",
    "paths": "sökte kontaktvägar",
    "purge_candidate": "gallrade kandidat",
    "purge_candidates": "gallrade kandidater",
    "read_audit": "läste åtkomstloggen",
    "read_candidate": "läste kandidatens CV",
    "read_person": "läste person",
    "read_person_card": "läste personkort",
    "read_ranking": "läste rankning",
    "rescore_candidates": "jämförde kandidater mot annan profil",
    "review_candidate": "granskade kandidat",
    "save_profile": "sparade kompetensprofil",
    "score_candidates": "bedömde kandidater",
    "set_decision": "satte beslutsdatum",
    "sign_in": "loggade in",
    "sign_in_failed": "misslyckad inloggning",
    "sign_out": "loggade ut",
    "staff_apply": "tillämpade personallista",
    "staff_preview": "förhandsgranskade personallista",
    "survey_close": "stängde kontaktenkät",
    "survey_compare": "jämförde kontaktenkät",
    "survey_open": "öppnade kontaktenkät",
    "survey_remind": "påminde om kontaktenkät",
    "survey_status": "läste kontaktenkätens status",
    "what_if": "analys: vad händer om",
}

# Each section of the graph in the definite plural, for codes built from a section.
SECTION_NAMES: dict[str, str] = {
    "organisations": "organisationer", "people": "personer", "groups": "forum och grupper",
    "initiatives": "insatser", "roles": "roller", "memberships": "forumens ledamöter",
    "participations": "deltagare i insatser", "ties": "kontakter",
}
# And one row of it, for codes built from a section's noun (``read_person``).
_NOUN_NAMES: dict[str, str] = {
    "organisation": "organisation", "person": "person", "group": "forum eller grupp",
    "initiative": "insats", "role": "roll", "membership": "ledamotskap",
    "participation": "deltagande i insats", "tie": "kontakt",
}

# Codes made from a section (routes_edit) or a section's noun (routes_graph).
_BY_SECTION = (("edit_delete_", "tog bort rad i"), ("edit_list_", "listade rader i"),
               ("edit_", "ändrade rad i"), ("list_", "listade"))
_BY_NOUN = (("read_", "läste"), ("write_", "sparade"), ("delete_", "tog bort"))


def action_name(code: str) -> str:
    """The Swedish name of an action code; an unknown code is shown as it is."""
    if code in ACTION_NAMES:
        return ACTION_NAMES[code]
    for prefix, verb in _BY_SECTION:
        if code.startswith(prefix) and code[len(prefix):] in SECTION_NAMES:
            return f"{verb} {SECTION_NAMES[code[len(prefix):]]}"
    for prefix, verb in _BY_NOUN:
        if code.startswith(prefix) and code[len(prefix):] in _NOUN_NAMES:
            return f"{verb} {_NOUN_NAMES[code[len(prefix):]]}"
    return code


def action_codes() -> dict[str, str]:
    """Every code the service writes, with its name: for the filter of the audit page."""
    codes = dict(ACTION_NAMES)
    for prefix, _ in _BY_SECTION:
        codes.update({f"{prefix}{s}": "" for s in SECTIONS})
    for prefix, _ in _BY_NOUN:
        codes.update({f"{prefix}{NOUNS[s]}": "" for s in SECTIONS})
    return dict(sorted(((c, action_name(c)) for c in codes), key=lambda kv: kv[1]))
