"""Requests in flight, so that start-up work can wait until none is being answered.

The first path question after start usually waits for the path index; when the index is
there, that question still has its own target's work (0.6 CPU s at 200,000 people). The
write indexes built right after the index (2 CPU s there, pure Python) shared the
interpreter with it (api.usecases.warm_up). Counting requests is exact on a loaded
machine, where the process's CPU share says nothing about whether it is busy.
"""

from __future__ import annotations

import threading
import time

from starlette.types import ASGIApp, Receive, Scope, Send

from api.asgi import HttpMiddleware

__all__ = ["InFlight", "Requests"]


class Requests:
    """How many requests are being answered, and waiting until none is."""

    def __init__(self) -> None:
        self._count = 0
        self._changed = threading.Condition()

    def __enter__(self) -> None:
        with self._changed:
            self._count += 1

    def __exit__(self, *exc: object) -> None:
        with self._changed:
            self._count -= 1
            self._changed.notify_all()

    def until_none(self, quiet_s: float = 0.2, at_most_s: float = 10.0) -> None:
        """Return once no request has been in flight for ``quiet_s``, or after
        ``at_most_s`` (under steady traffic the work waits no longer than that)."""
        deadline = time.monotonic() + at_most_s
        with self._changed:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                if self._count == 0:
                    # quiet for quiet_s: a request that starts meanwhile notifies on its end
                    if not self._changed.wait(min(quiet_s, left)) and self._count == 0:
                        return
                else:
                    self._changed.wait(left)


class InFlight(HttpMiddleware):
    """Counts every HTTP request in ``requests`` while it is answered."""

    def __init__(self, app: ASGIApp, requests: Requests) -> None:
        super().__init__(app)
        self.requests = requests

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        with self.requests:
            await self.app(scope, receive, send)
