"""The ranking export says what the page says of old evidence: a role that ended long ago
counts less, and its sentence carries the note that says how much."""

from __future__ import annotations

from api.ranking_report import evidence_sentences, ranking_rows


def _candidate(evidence: list[dict[str, object]]) -> dict[str, object]:
    item = {"label": "Samverkan", "score": 0.5, "evidence": evidence}
    return {"label": "Kandidat 1", "score": 0.5, "band": "delvis",
            "dimensions": {"agera": {"label": "Agera gränsöverskridande", "items": [item]}}}


def test_an_old_roles_note_follows_its_sentence_into_the_export() -> None:
    old = {"sentence": "Jag ledde ett samverkansteam.", "note": "avslutat 2002: räknas till 9 %"}
    rows = ranking_rows([_candidate([old, {"sentence": "Jag träffar FK varje vecka."}])])
    assert rows[0]["evidence"] == ("Jag ledde ett samverkansteam. (avslutat 2002: räknas till "
                                   "9 %) | Jag träffar FK varje vecka.")


def test_a_keyword_list_is_never_evidence_even_with_a_note() -> None:
    item = {"evidence": [{"sentence": "samverkan, SIP", "cue": "keywords", "note": "x"}]}
    assert evidence_sentences(item) == []
