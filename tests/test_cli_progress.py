"""The command line's progress bar, as a person at a terminal sees it: the CLI run in a
process of its own whose standard error is a pseudo-terminal."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def at_terminal(*args: str) -> tuple[int, str, str]:
    """Run ``samverkan ARGS`` with standard error on a terminal: (code, stdout, terminal)."""
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    process = subprocess.Popen([sys.executable, "-m", "api.cli", *args], cwd=ROOT, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closes with the process
            break
        if not chunk:
            break
        seen += chunk
    out = process.stdout.read().decode() if process.stdout else ""
    code = process.wait(timeout=120)
    os.close(master)
    return code, out, seen.decode(errors="replace")


def test_a_json_import_and_a_staff_list_show_a_bar(tmp_path: Path,
                                                   small: dict[str, Any]) -> None:
    db = str(tmp_path / "t.db")
    doc = tmp_path / "small.json"
    doc.write_text(json.dumps(small), encoding="utf-8")
    code, out, terminal = at_terminal("--db", db, "import", str(doc))
    assert code == 0, terminal
    assert "Importerade" in out
    # One bar per phase: the rows checked 1,000 at a time, then the one write.
    assert "Kontrollerar" in terminal and "Skriver" in terminal and "100%" in terminal

    export = tmp_path / "hr.csv"
    export.write_text("anställningsnummer;namn;titel\n1;Anna Ek;chef\n2;Ny Nilsson;\n",
                      encoding="utf-8")
    code, out, terminal = at_terminal("--db", db, "staff", "import", str(export),
                                      "--organisation", "af", "--day", "2026-03-01",
                                      "--apply")
    assert code == 0, terminal
    assert "Genomfört" in out
    assert "Jämför" in terminal and "Skriver" in terminal

    # --json is for programs: no bar.
    code, out, terminal = at_terminal("--db", db, "import", str(doc), "--json")
    assert code == 0 and "Kontrollerar" not in terminal and json.loads(out)["total"] > 0
