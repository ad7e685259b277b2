"""An upload whose file has an empty name ('filename=""' in the multipart body) reaches
FastAPI as a text field, not a file: the answer is a Swedish 422 naming the field and the
file's place, and no candidate of the request is stored (the named file beside it neither)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.core.access import AccessLog, Role
from graph.core.settings import Settings
from graph.store.sqlite_store import SQLiteStore
from matching.recruitments import Recruitment

CV = "Jag har arbetat sex år på Försäkringskassan med sjukpenning.".encode()


@pytest.fixture
def client(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    db = tmp_path / "u.db"
    store, access = SQLiteStore(db), AccessLog(db)
    headers = {"Authorization": f"Bearer {access.add_user('rec1', Role.RECRUITER)}"}
    app = create_app(store, access, Settings(db=db))
    app.state.recruitments.create_recruitment(Recruitment(
        "r1", "Handläggare", "teamhandlaggare", None, None, False, ("rec1",)))
    with TestClient(app) as c:
        yield c, headers
    app.state.uploads.close()
    store.close()
    access.close()


@pytest.mark.parametrize("background", [False, True])
def test_a_file_without_a_name_is_refused_in_swedish(
        client: tuple[TestClient, dict[str, str]], background: bool) -> None:
    c, headers = client
    r = c.post("/api/v1/recruitments/r1/candidates", params={"background": background},
               files=[("files", ("named.txt", CV, "text/plain")),
                      ("files", ("", CV, "text/plain"))], headers=headers)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["error"] == "invalid_request"
    (problem,) = body["problems"]
    assert problem["field"] == "files.1"
    assert problem["message"].startswith("filen saknar filnamn")
    assert "Expected" not in body["detail"] and "files.1: filen saknar filnamn" in body["detail"]
    assert c.get("/api/v1/recruitments/r1/ranking", headers=headers).json()["ranking"] == []
