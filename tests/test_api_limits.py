"""Size limits and authentication before any body is read, over a real HTTP socket."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from api.app import create_app
from graph.core.access import AccessLog, Role
from graph.core.settings import Settings
from graph.store.sqlite_store import SQLiteStore
from tests.serving import Running


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, _seed: dict[str, Any]
            ) -> Iterator[tuple[Running, dict[str, str]]]:
    db = tmp_path_factory.mktemp("limits") / "limits.db"
    store = SQLiteStore(db)
    store.write(_seed)
    access = AccessLog(db)
    tokens = {r.value: access.add_user(f"u-{r.value}", r) for r in Role}
    settings = Settings(db=db, max_json_kb=64, max_import_mb=1, max_upload_request_mb=2)
    with Running(create_app(store, access, settings)) as running:
        yield running, tokens
    store.close()
    access.close()


def _head(method: str, path: str, headers: dict[str, str]) -> str:
    lines = [f"{method} {path} HTTP/1.1", "Host: test", *(f"{k}: {v}" for k, v in
                                                         headers.items())]
    return "\r\n".join(lines) + "\r\n\r\n"


def _chunks(total: int, size: int = 65536, chunked: bool = False) -> Iterator[bytes]:
    block = b"x" * size
    for _ in range(total // size):
        yield (f"{size:x}\r\n".encode() + block + b"\r\n") if chunked else block
    if chunked:
        yield b"0\r\n\r\n"


def test_an_anonymous_200_mb_body_is_refused_before_it_is_read(
        service: tuple[Running, dict[str, str]]) -> None:
    running, _ = service
    status, body, sent = running.raw(
        _head("PUT", "/api/v1/people/x", {"Content-Length": str(200 * 2**20),
                                          "Content-Type": "application/json"}),
        _chunks(200 * 2**20))
    assert status == 413 and body["error"] == "document_too_large"
    assert "gränsen" in body["problems"][0]["message"]
    assert sent < 2 * 2**20  # answered at once, not after the 200 MB


def test_a_chunked_body_without_a_token_is_refused_before_it_is_read(
        service: tuple[Running, dict[str, str]]) -> None:
    running, _ = service
    status, body, sent = running.raw(
        _head("POST", "/api/v1/recruitments/r1/candidates",
              {"Transfer-Encoding": "chunked", "Content-Type": "multipart/form-data; b=x"}),
        _chunks(300 * 2**20, chunked=True))
    assert status == 401 and sent < 2 * 2**20, body


def test_a_chunked_body_is_cut_off_at_the_routes_limit(
        service: tuple[Running, dict[str, str]]) -> None:
    running, tokens = service
    auth = {"Authorization": f"Bearer {tokens['admin']}", "Transfer-Encoding": "chunked",
            "Content-Type": "application/json"}
    # A JSON write's limit is 64 KiB here; the import's 1 MiB; both cut off while streaming.
    for path, limit in (("/api/v1/people/x", 64 * 1024), ("/api/v1/import", 2**20)):
        method = "PUT" if "people" in path else "POST"
        status, body, sent = running.raw(_head(method, path, auth),
                                         _chunks(20 * 2**20, chunked=True))
        assert status == 413, (path, body)
        assert sent < limit + 4 * 2**20, path


def test_bodies_within_the_limit_still_work(service: tuple[Running, dict[str, str]]) -> None:
    running, tokens = service
    row = json.dumps({"id": "lomma", "name": "Lomma kommun", "kind": "municipality"}).encode()
    status, body, _ = running.raw(
        _head("PUT", "/api/v1/organisations/lomma",
              {"Authorization": f"Bearer {tokens['admin']}", "Content-Length": str(len(row)),
               "Content-Type": "application/json"}), iter([row]))
    assert status == 200, body
    # A valid token of a role the route refuses is still told 403 before the body is read.
    status, _, _ = running.raw(
        _head("PUT", "/api/v1/organisations/lomma",
              {"Authorization": f"Bearer {tokens['staff']}", "Content-Length": str(len(row)),
               "Content-Type": "application/json"}), iter([row]))
    assert status == 403
