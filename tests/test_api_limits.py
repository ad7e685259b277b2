"""Size limits and authentication before any body is read, over a real HTTP socket."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from api.app import create_app
from graph.core.access import AccessLog, Role
from graph.core.settings import Settings
from graph.store.sqlite_store import SQLiteStore


class Running:
    """The app served by uvicorn on a free local port, in a thread."""

    def __init__(self, app: Any) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Running:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the service did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def raw(self, head: str, body: Iterator[bytes]) -> tuple[int, dict[str, Any], int]:
        """Send a request head, then body chunks while the server reads; returns the
        status, the JSON body and how many body bytes were sent before the answer."""
        sent = 0
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(head.encode("latin-1"))
            sock.settimeout(0.01)
            answer = b""
            for chunk in body:
                try:
                    answer += sock.recv(65536)
                    break  # the server answered before the body was sent
                except TimeoutError:
                    pass
                try:
                    sock.sendall(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    break
                sent += len(chunk)
            sock.settimeout(10)
            while b"\r\n\r\n" not in answer or not _complete(answer):
                more = sock.recv(65536)
                if not more:
                    break
                answer += more
        head_part, _, payload = answer.partition(b"\r\n\r\n")
        status = int(head_part.split()[1])
        return status, json.loads(payload or b"{}"), sent


def _complete(answer: bytes) -> bool:
    head, _, payload = answer.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(payload) >= int(line.split(b":")[1])
    return True


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
