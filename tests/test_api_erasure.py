"""Erasure erases: after a person and a candidate are erased, no file the service has
written (database, WAL, shared memory, pseudonym keys, embedding cache) holds their
names, personnummer, ids or CV text, and earlier audit entries no longer point at them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from graph.core import later_checkpoint
from graph.core.access import AccessLog, Role
from graph.core.settings import Settings
from graph.store.sqlite_store import SQLiteStore
from matching.recruitments import Recruitment

PERSON = {"id": "zz-raderas", "name": "Zlatana Erasmusdóttir", "organisation": "af",
          "title": "handläggare", "description": "Personnummer 19850101-1234.",
          "email": "zlatana.raderas@af.se", "phone": "010-486 13 97",
          "contact_about": "Kontaktraderas om sjukpenning"}
CV = ("Ingrid Raderasson, personnummer 19790202-5678. Jag har arbetat nio år på "
      "Försäkringskassan med sjukpenning och leder samverkansteamet i Ystadraderas.")
ERASED = ["Zlatana", "Erasmusd", "19850101-1234", "zz-raderas", "Ingrid Raderasson",
          "19790202-5678", "Ystadraderas", "ingrid-cv",
          # contact details and the mandate of their seat go with the person
          "zlatana.raderas", "486 13 97", "Kontaktraderas", "Mandatraderas"]


def _files(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_no_file_the_service_writes_keeps_erased_data(tmp_path: Path,
                                                      small: dict[str, Any]) -> None:
    db = tmp_path / "samverkan.db"
    store = SQLiteStore(db)
    small["people"].append(PERSON)
    small["ties"].append({"a": "zz-raderas", "b": "anna", "description": "Zlatana möter Anna"})
    small["memberships"].append({"person": "zz-raderas", "group": "dua",
                                 "mandate": "Mandatraderas beslutar om AF:s platser"})
    store.write(small)
    access = AccessLog(db)
    h = {r: {"Authorization": f"Bearer {access.add_user(r.value, r)}"} for r in Role}
    client = TestClient(create_app(store, access, Settings(db=db)))
    client.app.state.recruitments.create_recruitment(Recruitment(  # type: ignore[attr-defined]
        "r1", "Handläggare", "teamhandlaggare", None, None, False, ("recruiter",)))

    # Use both as the service is used, so that they reach the audit log and the caches.
    assert client.get("/api/v1/people/zz-raderas", headers=h[Role.STAFF]).status_code == 200
    assert client.get("/api/v1/find", params={"topic": "Zlatana Erasmusdóttir"},
                      headers=h[Role.STAFF]).status_code == 200
    assert client.get("/api/v1/contact-answer", params={"from": "anna", "to": "zz-raderas"},
                      headers=h[Role.STAFF]).json()["target"]["phone"] == "010-486 13 97"
    assert b"Mandatraderas" in client.get("/api/v1/guide/af/html",
                                          headers=h[Role.STAFF]).content
    assert client.get("/api/v1/people/zz-raderas/export",
                      headers=h[Role.ADMIN]).status_code == 200
    r = client.post("/api/v1/recruitments/r1/candidates", headers=h[Role.RECRUITER],
                    files=[("files", ("ingrid-cv.txt", CV.encode(), "text/plain"))])
    assert r.status_code == 201, r.text
    cid = r.json()["candidate_ids"]["ingrid-cv"]
    ERASED.append(cid)
    assert client.get(f"/api/v1/candidates/{cid}", headers=h[Role.RECRUITER]).status_code == 200
    before = {e.id: e.target for e in access.entries(limit=1000)}
    written = _files(tmp_path)
    assert any(b"Ystadraderas" in data for data in written.values()), "the test saw nothing"

    assert client.delete("/api/v1/people/zz-raderas", headers=h[Role.ADMIN]).status_code == 200
    assert client.delete(f"/api/v1/candidates/{cid}", params={"reason": "begäran nr 7"},
                         headers=h[Role.ADMIN]).status_code == 200

    # While the service still runs, with its connections open, once the checkpoints that
    # follow the acknowledgements have run (graph.core.later_checkpoint).
    later_checkpoint.settle()
    for path, data in _files(tmp_path).items():
        for text in ERASED:
            for encoded in (text.encode("utf-8"), text.encode("utf-16-le")):
                assert encoded not in data, (path.name, text)
    # Earlier entries are unchanged (append-only) but their pseudonyms lead nowhere now.
    after = {e.id: e.target for e in access.entries(limit=1000)}
    assert {k: after[k] for k in before} == before
    for kind, ident in (("person", "zz-raderas"), ("candidate", cid)):
        fresh = access.pseudonyms.of(kind, ident)
        assert not any(t and fresh in t for t in after.values())
    assert any(t and t.startswith("person~") for t in before.values())
    store.close()
    access.close()
