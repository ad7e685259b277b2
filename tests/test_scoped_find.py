"""Topic search (``find``) in a scope: the unscoped ranking with everyone outside the scope
left out, by hand, over several national networks; through the use case, the CLI's
``--scope`` and ``?scope=``."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.usecases import contacts
from graph.core.access import AccessLog, Role
from graph.core.errors import DocumentError, NotFoundError
from graph.store.sqlite_store import SQLiteStore
from tests.test_cli import run
from tests.test_scope import national

TOPICS = ["aktivitetsersättning", "sjukpenning", "ekonomiskt bistånd", "arbetsträning",
          "psykiatri", "habilitering", "SGI för unga", "studier"]


def with_topics(seed: int) -> tuple[dict[str, Any], dict[str, set[str]]]:
    """A national network whose people say what they can be asked about (one to three
    topics each, some none), so that every förbund has matches and misses."""
    data, members = national(seed)
    rnd = random.Random(seed)
    for person in data["people"]:
        if rnd.random() < 0.8:
            person["contact_about"] = ", ".join(rnd.sample(TOPICS, rnd.randint(1, 3)))
    return data, members


def by_hand(everyone: list[dict[str, Any]], inside: set[str], top: int) -> list[dict[str, Any]]:
    return [row for row in everyone if row["person"] in inside][:top]


@pytest.mark.parametrize("seed", range(4))
def test_scoped_find_is_the_unscoped_ranking_filtered_by_hand(
        tmp_path: Path, seed: int) -> None:
    data, members = with_topics(seed)
    store = SQLiteStore(tmp_path / "s.db")
    store.write(data, replace=True)
    everyone_count = len(data["people"])
    for topic in TOPICS:
        everyone = contacts.find(store, topic, top=everyone_count)
        assert everyone, topic  # the topic matches someone: the check can fail
        for f, inside in members.items():
            for top in (1, 3, 50):
                got = contacts.find(store, topic, top=top, scope=f)
                assert got == by_hand(everyone, inside, top), (topic, f, top)
        both = members["f0"] | members["f2"]
        assert contacts.find(store, topic, top=50, scope="f0,f2") == by_hand(everyone, both, 50)
    store.close()


def test_scoped_find_paths_stay_inside_and_an_outside_asker_is_told(tmp_path: Path) -> None:
    data, members = with_topics(1)
    store = SQLiteStore(tmp_path / "s.db")
    store.write(data, replace=True)
    asker = sorted(members["f1"])[0]
    rows = contacts.find(store, "sjukpenning", top=5, scope="f1", source=asker)
    paths = [row["path"] for row in rows if "path" in row]
    assert paths, rows
    hops = {p for path in paths for hop in path["hops"] for p in (hop["from"], hop["to"])}
    assert hops <= members["f1"]
    outsider = sorted(members["f2"] - members["f1"])[0]
    with pytest.raises(NotFoundError, match=r"^from: "):
        contacts.find(store, "sjukpenning", scope="f1", source=outsider)
    with pytest.raises(DocumentError, match="okänd organisation 'nej'"):
        contacts.find(store, "sjukpenning", scope="nej")
    store.close()


def test_cli_and_http_find_take_the_scope(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    data, members = with_topics(2)
    db = tmp_path / "s.db"
    store = SQLiteStore(db)
    store.write(data, replace=True)
    everyone = contacts.find(store, "psykiatri", top=len(data["people"]))
    want = [r["person"] for r in by_hand(everyone, members["f2"], 4)]
    assert want
    code, out, _ = run(capsys, "--db", str(db), "find", "psykiatri", "--scope", "f2",
                       "--top", "4", "--json")
    assert code == 0
    assert [r["person"] for r in json.loads(out)] == want
    access = AccessLog(db)
    headers = {"Authorization": f"Bearer {access.add_user('sam', Role.STAFF)}",
               "X-Purpose": "kontakt"}
    client = TestClient(create_app(store, access))
    got = client.get("/api/v1/find", params={"topic": "psykiatri", "scope": "f2", "top": 4},
                     headers=headers)
    assert got.status_code == 200, got.text
    assert [r["person"] for r in got.json()] == want
    got = client.get("/api/v1/find", params={"topic": "psykiatri", "scope": "nej"},
                     headers=headers)
    assert got.status_code == 422, got.text
    # The page's label in the sentence; the problem keeps the API's name for clients.
    assert got.json()["detail"] == "Samordningsförbund: okänd organisation 'nej'"
    assert got.json()["problems"][0]["path"] == "scope"
    store.close()
    access.close()
