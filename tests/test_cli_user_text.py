"""What `samverkan user add/rotate/revoke` print for a person: Swedish, and saying that the
key is the one the web page asks for (a newcomer reading "Bearer token" did not know)."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.cli import main
from graph.core.access import AccessLog


def _run(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main(["--db", str(db), *args])
    return capsys.readouterr().out


def test_the_key_is_printed_in_swedish_with_what_it_opens(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.db"
    out = _run(db, capsys, "user", "add", "Anna Admin", "--role", "admin")
    first, token = out.rstrip("\n").rsplit("\n", 1)
    assert first.startswith("Användaren Anna Admin (administratör) är skapad. Nyckeln visas "
                            "bara nu (giltig till ")
    assert "Nyckel för provkörning" in first
    access = AccessLog(db)
    assert access.user_for(token) is not None

    out = _run(db, capsys, "user", "rotate", "Anna Admin")
    first, rotated = out.rstrip("\n").rsplit("\n", 1)
    assert first.startswith("Användaren Anna Admin har fått en ny nyckel; den gamla slutar "
                            "gälla.")
    assert access.user_for(token) is None and access.user_for(rotated) is not None

    out = _run(db, capsys, "user", "revoke", "Anna Admin")
    assert out == "Nyckeln för Anna Admin är spärrad; 0 inloggningar i webbläsare avslutades.\n"
    access.close()
