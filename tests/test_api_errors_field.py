"""A domain error names the request's field it is about as data (``SamverkanError.field``);
the HTTP answer says it by the page's label (api/errors.py: PARAMETER_LABELS, ROUTE_LABELS)
without reading the message. The answers are the ones the message-parsing mapper gave."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.errors import PARAMETER_LABELS, ROUTE_LABELS, response_for
from graph.core.access import AccessLog, Role
from graph.core.errors import NotFoundError
from graph.core.settings import Settings
from graph.store.sqlite_store import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def client(tmp_path: Path, small: dict[str, Any]) -> Iterator[tuple[TestClient, dict[str, str]]]:
    store = SQLiteStore(tmp_path / "f.db")
    store.write(small)
    access = AccessLog(tmp_path / "f.db")
    headers = {"Authorization": f"Bearer {access.add_user('chef', Role.DIRECTOR)}"}
    with TestClient(create_app(store, access, Settings(db=tmp_path / "f.db"))) as c:
        yield c, headers
    store.close()
    access.close()


# (method, url, query or body, status, detail): every place the domain raises an error
# about one request field; the label is the page's where the field is one of its own.
CASES = [
    ("get", "/api/v1/paths", {"from": "anna", "to": "spöke"}, 404,
     "Mål: ingen person, roll, organisation eller grupp har id 'spöke'"),
    ("get", "/api/v1/paths", {"from": "anna", "to": "hus:x"}, 404,
     "Mål: okänd sorts mål 'hus'; skriv person:, role:, org: eller group: före id:t"),
    ("get", "/api/v1/paths", {"from": "anna", "to": "role:nej"}, 404,
     "Mål: okänd roll 'nej'"),
    ("get", "/api/v1/paths", {"from": "anna", "to": "org:nej"}, 404,
     "Mål: okänd organisation 'nej'"),
    ("get", "/api/v1/paths", {"from": "anna", "to": "org:af"}, 200, None),
    ("get", "/api/v1/paths", {"from": "bo", "to": "group:nej"}, 404,
     "Mål: okänd grupp 'nej'"),
    ("get", "/api/v1/paths", {"from": "anna", "to": "person:cia"}, 404,
     "Mål: 'cia' finns inte i nätverket den 1 januari 2026: slutade 31 maj 2019; "
     "sök på personens roll i stället"),
    ("get", "/api/v1/paths", {"from": "spöke", "to": "bo"}, 404,
     "Jag är: okänd person 'spöke'"),
    ("get", "/api/v1/paths", {"from": "anna", "to": "bo", "scope": "lomma"}, 404,
     None),  # the asker outside the scope: said by its label, text checked below
    ("get", "/api/v1/analyses/succession/spöke", {}, 404,
     "Person som slutar: okänd person 'spöke'"),
    # The Rollprofil field's error named no field (the page showed "okänd profil 'nej'").
    ("get", "/api/v1/analyses/succession/anna", {"profile": "nej"}, 404,
     "Rollprofil: okänd profil 'nej'; finns: "),
    ("get", "/api/v1/analyses/seats", {"person": "spöke"}, 404,
     "Person som slutar: okänd person 'spöke'"),
    # Fields no page labels keep the API's name.
    ("post", "/api/v1/analyses/what-if", {"remove": ["spöke"]}, 404,
     "remove: okänd person 'spöke'"),
    ("post", "/api/v1/analyses/what-if", {"remove": ["anna"], "successors": {"bo": "anna"}},
     404, "successors: 'bo' har en efterträdare men är inte bland dem som slutar (remove)"),
    ("get", "/api/v1/guide/nej", {}, 404, "organisation: okänd organisation 'nej'"),
]


@pytest.mark.parametrize(("method", "url", "given", "status", "detail"), CASES)
def test_a_domain_errors_field_is_said_by_the_pages_label(
        client: tuple[TestClient, dict[str, str]], method: str, url: str,
        given: dict[str, Any], status: int, detail: str | None) -> None:
    c, headers = client
    if method == "get":
        r = c.get(url, params=given, headers=headers)
    else:
        r = c.post(url, json=given, headers=headers)
    assert r.status_code == status, r.text
    if status == 200:
        return
    body = r.json()
    assert (body["error"], "problems" in body) == ("not_found", False), body
    if detail is not None and detail.endswith("finns: "):  # the profiles seed/ has now
        assert body["detail"].startswith(detail) and len(body["detail"]) > len(detail)
    elif detail is not None:
        assert body["detail"] == detail
    else:
        assert body["detail"].startswith("Jag är: ") and "Lomma kommun" in body["detail"]


def test_the_error_carries_its_field_apart_from_its_reason() -> None:
    exc = NotFoundError("okänd roll 'x'", field="to")
    # The command line and the logs read the message with the API's name first.
    assert (exc.message, str(exc), exc.field, exc.reason) == (
        "to: okänd roll 'x'", "to: okänd roll 'x'", "to", "okänd roll 'x'")
    answer = response_for(exc, {"to"}, "/api/v1/paths")
    assert answer.body == '{"error":"not_found","detail":"Mål: okänd roll \'x\'"}'.encode()


def test_a_message_in_the_old_form_is_not_read_for_a_field() -> None:
    """The mapper reads ``field``, never the message: an error that only writes its field
    into the text ("to: ...") is answered as written, unlabelled."""
    answer = response_for(NotFoundError("to: okänd roll 'x'"), {"to"}, "/api/v1/paths")
    assert answer.body == '{"error":"not_found","detail":"to: okänd roll \'x\'"}'.encode()


LABELLED = set(PARAMETER_LABELS) | {n for labels in ROUTE_LABELS.values() for n in labels}
DOMAIN = [ROOT / "graph", ROOT / "matching", ROOT / "api" / "usecases"]


def _old_form(call: ast.Call, names: set[str] | None = None) -> bool:
    """A domain error raised with its field only in the text: the message starts with a
    labelled parameter's name ("to: ...") or an interpolated one ("{field}: ...");
    ``names``: the names that count (LABELLED by default; an empty set: any identifier)."""
    names = LABELLED if names is None else names
    if not call.args or any(k.arg == "field" for k in call.keywords):
        return False
    first = call.args[0]
    while isinstance(first, ast.BinOp):
        first = first.left
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        head = first.value
    elif isinstance(first, ast.JoinedStr) and first.values:
        lead = first.values[0]
        if isinstance(lead, ast.FormattedValue):
            rest = first.values[1] if len(first.values) > 1 else None
            return isinstance(rest, ast.Constant) and str(rest.value).startswith(": ")
        head = str(lead.value) if isinstance(lead, ast.Constant) else ""
    else:
        return False
    name, colon, _ = head.partition(": ")
    return bool(colon) and (name in names if names else name.isidentifier())


def _raised_in_old_form(paths: list[Path], names: set[str] | None = None) -> list[str]:
    found = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
                    and isinstance(node.exc.func, ast.Name)
                    and node.exc.func.id.endswith("Error") and _old_form(node.exc, names)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_domain_error_names_its_field_only_in_its_message() -> None:
    """Fails where graph/, matching/ or api/usecases/ raise a domain error in the old form:
    the mapper would answer it with the API's name instead of the page's label."""
    assert _raised_in_old_form(
        [path for folder in DOMAIN for path in sorted(folder.rglob("*.py"))]) == []


def test_sign_in_refusals_carry_their_field() -> None:
    """The sign-in's refusals ("state", "code", "id_token", "iss", "azp") name what in the
    provider's answer did not hold through ``field``, as every other error does; the
    audit entry still reads "oidc: state: …" (SamverkanError.message)."""
    sign_in = [ROOT / "api" / "oidc.py", ROOT / "api" / "routes_auth.py"]
    assert _raised_in_old_form(sign_in, set()) == []
