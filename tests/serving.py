"""The app served by uvicorn on a free local port, for tests that need a real socket."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import uvicorn

from api.server import uvicorn_options


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Running:
    """The app served by uvicorn on a local port (a free one unless given), in a thread."""

    def __init__(self, app: Any, port: int | None = None) -> None:
        self.port = port or free_port()
        # served as `samverkan serve` serves it: httptools' parser, uvloop (api.server)
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    **uvicorn_options()))
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
