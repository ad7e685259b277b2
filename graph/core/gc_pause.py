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
them would stay, and the document, the projection and the indexes hold none. Small builds
(a test's, a förbund's) are not frozen: the collector's next run is cheap for them, and
whatever else happened to be alive would be frozen with them.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Objects left for the collector's next run (gc.get_count) above which the pause ends by
# freezing them: about 20,000 people's read and projection.
FREEZE_ABOVE = 1_000_000

_lock = threading.Lock()
_holders = 0
_was_enabled = False


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
                if gc.get_count()[0] > FREEZE_ABOVE:
                    gc.freeze()
                gc.enable()
