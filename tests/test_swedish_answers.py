"""The validators' and the document checks' English problems (raised as ValueError inside
the model, or worded for the command line) reach people through HTTP answers: there they
are Swedish, at the same paths, and the same inputs are refused with the same status."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.core.access import AccessLog, Role
from graph.core.errors import DocumentError
from graph.core.settings import Settings
from graph.model.document import Known, check_references, validate_shape
from graph.store.sqlite_store import SQLiteStore

# English words our English messages are made of; none may be left in an answer.
ENGLISH = ("unknown", "is before", "duplicate", "already used", "must be", "ancestor",
           "control character", "tie needs", "mapping", "nested", "malformed", "more problem",
           "characters)", "the path says", "required field", "invalid")

BAD_DOCUMENTS: list[tuple[str, Any]] = [
    ("period", {"people": [{"id": "x1", "name": "X", "organisation": "af",
                            "since": "2025-01-01", "until": "2024-01-01"}]}),
    ("unknown reference", {"people": [{"id": "x1", "name": "X", "organisation": "afx"}]}),
    ("not a mapping", [1, 2]),
    ("bad date", {"people": [{"id": "x1", "name": "X", "organisation": "af",
                              "since": "2025-13-01"}]}),
    ("control character", {"people": [{"id": "x1", "name": "X\u0007", "organisation": "af"}]}),
    ("same id twice", {"organisations": [{"id": "o1", "name": "A"}, {"id": "o1", "name": "B"}]}),
    ("id of another kind", {"groups": [{"id": "af", "name": "G"}]}),
    ("same tie twice", {"ties": [{"a": "x", "b": "y"}, {"a": "x", "b": "y"}],
                        "people": [{"id": "x", "name": "X", "organisation": "af"},
                                   {"id": "y", "name": "Y", "organisation": "af"}]}),
    ("a tie to oneself", {"ties": [{"a": "x", "b": "x"}],
                          "people": [{"id": "x", "name": "X", "organisation": "af"}]}),
    ("own ancestor", {"organisations": [{"id": "o1", "name": "A", "parent": "o2"},
                                        {"id": "o2", "name": "B", "parent": "o1"}]}),
    ("unknown field and missing name", {"people": [{"id": "x1", "organisation": "af",
                                                     "shoe_size": 42}]}),
    ("many problems", {"people": [{"id": f"x{i}", "name": "X", "organisation": "afx"}
                                  for i in range(130)]}),
]


@pytest.fixture
def client(tmp_path: Path) -> tuple[TestClient, dict[str, str]]:
    store = SQLiteStore(tmp_path / "s.db")
    store.write({"organisations": [{"id": "af", "name": "Arbetsförmedlingen"}]})
    access = AccessLog(tmp_path / "s.db")
    headers = {"Authorization": f"Bearer {access.add_user('admin', Role.ADMIN)}"}
    return TestClient(create_app(store, access, Settings(db=tmp_path / "s.db"))), headers


def english_problems(document: Any) -> list[tuple[str, str]]:
    """What the domain itself says, in English, as the command line shows it."""
    with pytest.raises(DocumentError) as caught:
        doc = validate_shape(document)
        problems = check_references(doc, Known({"af": "organisations"}, {"af": None}))
        if problems:
            raise DocumentError(problems)
    return [(p.path, p.message) for p in caught.value.problems]


@pytest.mark.parametrize(("case", "document"), BAD_DOCUMENTS, ids=[c for c, _ in BAD_DOCUMENTS])
def test_a_json_import_answers_in_swedish_at_the_same_paths(
        client: tuple[TestClient, dict[str, str]], case: str, document: Any) -> None:
    c, h = client
    r = c.post("/api/v1/import", content=json.dumps(document), headers=h)
    assert r.status_code == 422, r.text
    body = r.json()
    text = json.dumps([body["detail"], body["problems"]], ensure_ascii=False)
    words = [w for w in ENGLISH if w in text]
    assert words == [], (case, words, text[:400])
    said = [(p["path"], p["message"]) for p in body["problems"]]
    english = english_problems(document)
    # The same problems, one for one, at the same places; only the words changed.
    assert [path for path, _ in said] == [path for path, _ in english]
    assert all(s != e for (_, s), (_, e) in zip(said, english, strict=True)
               if any(w in e for w in ENGLISH)), said
    assert body["detail"].split("\n")[0] == (f"{said[0][0]}: {said[0][1]}" if said[0][0]
                                             else said[0][1])


def test_the_cut_message_and_the_rest_count_are_swedish(
        client: tuple[TestClient, dict[str, str]]) -> None:
    c, h = client
    r = c.post("/api/v1/import", headers=h, content=json.dumps(
        {"people": [{"id": f"x{i}", "name": "X", "organisation": "a" * 100 + str(i)}
                    for i in range(130)]}))
    body = r.json()
    assert r.status_code == 422
    assert "... och 30 problem till" in [p["message"] for p in body["problems"]]
    assert body["detail"].endswith("... och 81 problem till")  # 20 listed of 101 kept
    r = c.post("/api/v1/import", headers=h, content=json.dumps(
        {"people": [{"id": "x", "name": "X", "organisation": "af", "since": "x" * 100}]}))
    cut = f"'{'x' * 59}… (102 tecken)"
    assert r.json()["problems"] == [{"path": "people[0].since",
                                     "message": f"ska vara ett datum ÅÅÅÅ-MM-DD, inte {cut}"}]


def test_the_command_line_document_is_unchanged() -> None:
    """The domain still words its problems as before (the logs read them; the command line
    says them in Swedish, as the HTTP answers do: tests/test_cli.py)."""
    assert english_problems({"people": [{"id": "x1", "name": "X", "organisation": "afx"}]}) \
        == [("people[0].organisation", "unknown organisation 'afx'")]


def test_a_row_whose_id_is_not_its_address_is_refused_in_swedish(
        client: tuple[TestClient, dict[str, str]]) -> None:
    c, h = client
    r = c.put("/api/v1/organisations/af", headers=h, json={"id": "fk", "name": "FK"})
    assert r.status_code == 422
    assert r.json()["problems"] == [{"path": "id", "message": "är 'fk', men adressen säger 'af'",
                                     "field": "Id"}]
    assert r.json()["detail"] == "Id: är 'fk', men adressen säger 'af'"


def test_a_long_swedish_validator_message_is_not_cut(
        client: tuple[TestClient, dict[str, str]]) -> None:
    c, h = client
    store_person = {"id": "p1", "name": "P", "organisation": "af"}
    assert c.put("/api/v1/people/p1", headers=h, json=store_person).status_code == 200
    r = c.put("/api/v1/people/p1", headers=h, json={**store_person, "email": "nope"})
    assert r.status_code == 422
    assert r.json()["problems"][0]["message"].endswith("namn.efternamn@kommun.se")


@pytest.mark.parametrize(("key", "value", "field", "message"), [
    ("email", "vera@fk", "E-post", "'vera@fk' är ingen e-postadress; skriv till exempel "
                                   "namn.efternamn@kommun.se"),
    ("phone", "12345", "Telefon", "'12345' är inget svenskt telefonnummer; skriv till exempel "
                                  "010-123 45 67 eller +46 10 123 45 67"),
    ("since", "igår", "Från", "ska vara ett datum ÅÅÅÅ-MM-DD, inte 'igår'"),
    ("name", "P\u0007", "Namn", "innehåller styrtecknet U+0007 på position 1; ta bort det"),
])
def test_a_validators_message_names_its_field_once_in_swedish(
        client: tuple[TestClient, dict[str, str]], key: str, value: str, field: str,
        message: str) -> None:
    """Every schema validator's own message, on a row route's answer: the detail names the
    field once by its Swedish name, the problem keeps its path and gives the name beside
    it (the page says "E-post: ..." from it), and the message does not name it again."""
    c, h = client
    person = {"id": "p1", "name": "P", "organisation": "af"}
    r = c.put("/api/v1/people/p1", headers=h, json={**person, key: value})
    assert r.status_code == 422, r.text
    assert r.json()["problems"] == [{"path": f"body.{key}", "message": message, "field": field}]
    assert r.json()["detail"] == f"{field}: {message}"
