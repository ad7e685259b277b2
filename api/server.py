"""How uvicorn runs the service: its HTTP protocol class and event loop.

The HTTP parser is httptools (llhttp, in C) rather than h11 (pure Python), and the event
loop uvloop (libuv) rather than asyncio's own: per contact-path request at 200,000 people,
h11's parsing and asyncio's loop were a large part of the server's CPU outside the search
(bench/RESULTS-national.md, "HTTP path serving with httptools, uvloop and orjson").

With ``--workers`` uvicorn binds the listening socket itself as ``socket(family)``, whose
``proto`` is 0; asyncio only sets TCP_NODELAY on sockets whose ``proto`` is TCP, so every
response then waits about 40 ms for the client's delayed ACK (Nagle). Setting it on each
connection ourselves removes the wait (measured: /health from 44 ms to the single-process
2 ms).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["LOOP", "NoDelayHttpProtocol", "uvicorn_options"]

LOOP = "uvloop"


class NoDelayHttpProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):  # not TCP after all: nothing to tune
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)  # type: ignore[arg-type]


def uvicorn_options() -> dict[str, Any]:
    """The options every way of serving passes to uvicorn (``samverkan serve`` with one
    worker or several, bench.profile_http)."""
    return {"http": NoDelayHttpProtocol, "loop": LOOP, "log_level": "warning",
            # The service decides whose X-Forwarded-For to believe (trusted_proxies);
            # uvicorn's default would believe any from loopback.
            "proxy_headers": False}
