"""click's own refusals are said in Swedish after "fel:", as every other error of the command
line (api/cli/click_swedish.py); the exit code stays click's 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import run


@pytest.mark.parametrize(("args", "said"), [
    (["match", "x.txt"], "fel: flaggan '--profile' saknas\nSe 'samverkan match --help'.\n"),
    (["match", "--profile", "handbok", "--bogus", "x.txt"],
     "fel: flaggan --bogus finns inte\nSe 'samverkan match --help'.\n"),
    (["analyze", "risk", "--top", "x"],
     "fel: ogiltigt värde för '--top': 'x' är inget heltal\n"
     "Se 'samverkan analyze risk --help'.\n"),
    (["analyze", "risk", "--as-of", "igår"],
     "fel: ogiltigt värde för '--as-of': skriv ett datum som ÅÅÅÅ-MM-DD, inte 'igår'\n"
     "Se 'samverkan analyze risk --help'.\n"),
    (["nosuch"], "fel: kommandot 'nosuch' finns inte\nSe 'samverkan --help'.\n"),
])
def test_click_refusals_are_swedish(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                    args: list[str], said: str) -> None:
    code, out, err = run(capsys, "--db", str(tmp_path / "c.db"), *args)
    assert (code, out, err) == (2, "", said)
