"""Why a file cannot be read, said in Swedish to a person; the operating system's own
English text (``strerror``) goes to the log only, where an administrator looks for it."""

from __future__ import annotations

import errno
import logging

log = logging.getLogger(__name__)

_WHY = {
    errno.ENOENT: "den finns inte",
    errno.EACCES: "rättighet att läsa den saknas",
    errno.EPERM: "rättighet att läsa den saknas",
    errno.EISDIR: "det är en mapp, inte en fil",
    errno.ENOTDIR: "en del av sökvägen är inte en mapp",
    errno.ENAMETOOLONG: "namnet är för långt",
}


def why_unreadable(path: object, exc: OSError) -> str:
    """The reason ``exc`` gives for ``path``, in Swedish ("den finns inte"); an error the
    table does not know is said by its code ("felkod EIO"), which is true and searchable."""
    log.warning("cannot read %s: %s", path, exc.strerror or exc)
    if exc.errno in _WHY:
        return _WHY[exc.errno]
    code = errno.errorcode.get(exc.errno or 0)
    return f"operativsystemet svarade med felkod {code}" if code else "okänt fel"


__all__ = ["why_unreadable"]
