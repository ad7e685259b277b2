"""The Rekrytering page names why every uncounted sentence is not evidence, in the words of
matching/cues.py.

The scorer lists each sentence it does not count with its cue (``discounted``) and the
cue's Swedish reason (``cue_reason``); the page shows that text and keeps no map of its own
(its own map fell behind twice: m8's ``addressed`` and ``others`` were missing and the
sentences they set aside were hidden). The browser half is in test_recruitment_web.py."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from matching.cues import EXPLANATIONS, Cue
from matching.encoders import CachedEncoder
from matching.profile import get_profile
from matching.recruitments import Recruitment, RecruitmentStore
from matching.scoring import Candidate, score_candidates

PAGE = Path(__file__).resolve().parent.parent / "api/web/static/pages/recruitment.js"
TEXT = (
    "Jag har aldrig samverkat med andra myndigheter.\n"
    "Nyckelord: samverkan, FINSAM, processledare, försäkringsmedicin, rehabilitering.\n"
    "Jag skulle vilja leda ett samverkansteam.\n"
    "Jag har arbetat fem år på Försäkringskassan med sjukpenning."
)


def test_every_cue_has_a_swedish_reason() -> None:
    for cue in Cue:
        reason = EXPLANATIONS.get(cue, "")
        # Lower case: the page puts it in brackets after the sentence.
        assert reason.strip() and reason[0].islower(), cue


def test_each_discounted_sentence_carries_its_reason(encoder: CachedEncoder) -> None:
    (score,) = score_candidates([Candidate("Kandidat 1", TEXT)], get_profile("teamhandlaggare"),
                                encoder)
    reasons = {d["reason"]: d["cue_reason"] for d in score.to_dict()["discounted"]}
    assert {"negated", "keywords", "aspiration"} <= set(reasons), reasons
    assert reasons == {r: EXPLANATIONS[Cue(r)] for r in reasons}


def test_the_page_shows_the_reason_it_is_sent() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert "const CUES" not in page, "the page keeps its own list of reasons again"
    assert "d.cue_reason" in page


def test_a_score_stored_before_cue_reason_is_read_with_it(
    encoder: CachedEncoder, tmp_path: Path
) -> None:
    store = RecruitmentStore(tmp_path / "rekrytering.db")
    store.create_recruitment(Recruitment("r1", "Samordnare", "teamhandlaggare", None, None,
                                         False, ()))
    candidate = Candidate("Kandidat 1", TEXT)
    (score,) = score_candidates([candidate], get_profile("teamhandlaggare"), encoder)
    (cid,) = store.add_candidates("r1", [candidate], [score])
    store.close()
    # The row as an earlier version stored it: no cue_reason, and one reason no cue has now.
    with sqlite3.connect(tmp_path / "rekrytering.db") as db:
        (text,) = db.execute("SELECT result FROM scores").fetchone()
        old = json.loads(text)
        for entry in old["discounted"]:
            del entry["cue_reason"]
        old["discounted"].append({"sentence": "X", "reason": "retired", "start": 0, "end": 1})
        db.execute("UPDATE scores SET result = ?", (json.dumps(old),))
    store = RecruitmentStore(tmp_path / "rekrytering.db")
    for result in (store.scores(cid)[-1]["result"], store.ranking("r1")[0]):
        *known, retired = result["discounted"]
        assert known and all(d["cue_reason"] == EXPLANATIONS[Cue(d["reason"])] for d in known)
        assert "cue_reason" not in retired
    store.close()
