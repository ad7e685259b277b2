"""Pausing Python's cyclic garbage collector while a large structure is built.

Reading a 200,000-person store and projecting it allocates some ten million objects, and
each one counts toward the collector's next run: the full collections that follow walk
every object built so far, again and again. At 200,000 people that was a third of the
CPU time of the read and the projection (23.6 s with, 16.1 s without, one run). Nothing
built here forms reference cycles worth collecting early, so the collector waits until
the build is done; reference counting frees everything else as usual.

When the last pause ends, what exists is frozen (:func:`gc.freeze`) before the collector
comes back: otherwise its first run walks all ten million new objects at once, and the
next request waited for it (8 s of a path answer after a write at 200,000 people). Frozen
objects are still freed by reference counting when they go; only a reference cycle among
them would stay, and the document, the projection and the indexes hold none (a
projection and its path index, queried and then dropped, are freed at once).

How large a build must be to be frozen depends on the process. A serving process
(:func:`serving`) freezes any build above 10,000 objects: a full collection walks every
tracked object, 0.28 µs each on the benchmark machine (128 ms over the 455,000 of a
19,148-person store read and projected), and the service at 20,000 people, whose build
left 223,000 objects and so was not frozen, answered paths with stalls of 111–227 ms
while its collector walked them (gc callbacks in bench.bench_http, 2026-12-03): the
stalls issue 17's HTTP figures at 20,000 had shown. Elsewhere (a test, a command) only
builds above a million objects are frozen: whatever else happened to be alive would be
frozen with them, garbage cycles too, and a short-lived process pays the collector's run
over a small build once.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Objects left for the collector's next run (gc.get_count) above which the pause ends by
# freezing them: about 85,000 people's read and projection (223,000 at 19,148 people).
FREEZE_ABOVE = 1_000_000
# The same in a serving process: a full collection over 10,000 objects is about 3 ms, the
# time a path answer takes at 20,000 people.
SERVING_FREEZE_ABOVE = 10_000

_lock = threading.Lock()
_holders = 0
_was_enabled = False
_freeze_above = FREEZE_ABOVE


def serving() -> None:
    """Mark this process as one that serves requests: from now on, every build that
    leaves more than :data:`SERVING_FREEZE_ABOVE` objects is frozen when its pause ends.
    Called once by each way of serving (``samverkan serve``, its worker processes)."""
    global _freeze_above
    _freeze_above = SERVING_FREEZE_ABOVE


def freeze_above() -> int:
    """How many objects a build must leave to be frozen in this process."""
    return _freeze_above


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off; nested and concurrent blocks share
    one pause, and the collector comes back (if it was on) when the last one ends."""
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                if gc.get_count()[0] > _freeze_above:
                    gc.freeze()
                gc.enable()
