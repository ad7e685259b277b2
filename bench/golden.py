"""Golden comparison: every CLI output of two revisions, on the seed and a generated graph.

A restructuring must not change what users read. This runs the same commands against a
checkout of ``--base`` (a git revision, checked out in a temporary worktree) and the
working tree, each on a fresh store, with Python's hash seed fixed (some outputs break
ties by set order), and lists every output that differs.

    .venv/bin/python -m bench.golden --base main [--people 3000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DAYS = ("2017-06-01", "2026-06-01")


def commands(document: str, person: str) -> dict[str, list[str]]:
    """Output name -> CLI arguments (after ``--db``), in the order they run."""
    out: dict[str, list[str]] = {"import": ["import", document]}
    for day in DAYS:
        for what in ("spanners", "risk", "connectivity", "organisations"):
            extra = ["--top", "30"] if what in ("spanners", "risk") else []
            out[f"{what}-{day}"] = ["analyze", what, *extra, "--as-of", day, "--json"]
        out[f"stats-{day}"] = ["stats", "--as-of", day, "--json"]
    out |= {
        "paths-org": ["paths", person, "org:fk", "--k", "3", "--json"],
        "find": ["find", "unga som saknar SGI", "--from", person, "--json"],
        "what-if": ["analyze", "what-if", "--remove", person, "--json"],
        "successors": ["analyze", "successors", person, "--json"],
        "export": ["export"],
    }
    # The words a person reads, not only the JSON: the text renderers moved into one
    # module (api/cli/render.py), and each must still print what it printed.
    day = DAYS[1]
    for what in ("spanners", "risk", "organisations"):
        out[f"{what}-text"] = ["analyze", what, "--as-of", day]
    out |= {
        "spanners-unit": ["analyze", "spanners", "--level", "unit", "--top", "10", "--json"],
        "connectivity-text": ["analyze", "connectivity", "--as-of", day],
        "connectivity-initiatives": ["analyze", "connectivity", "--initiatives", "--json"],
        "stats-text": ["stats", "--as-of", day],
        "paths-text": ["paths", person, "org:fk", "--k", "2"],
        "paths-person": ["paths", person, "org:af", "--k", "2", "--unavailable", "p1,p2",
                         "--json"],
        "find-text": ["find", "unga som saknar SGI", "--from", person],
        "find-none": ["find", "qqqzzz"],
        "guide-md": ["guide", "--organisation", "fk"],
        "guide-html": ["guide", "--organisation", "fk", "--format", "html"],
        "what-if-text": ["analyze", "what-if", "--remove", person],
        "successors-text": ["analyze", "successors", person],
        "changes-text": ["analyze", "changes", "--from", DAYS[0], "--to", day],
        "bridging-text": ["analyze", "bridging", "--max-kappa", "2"],
        "seats-text": ["analyze", "seats"],
        "succession-text": ["analyze", "succession", person],
        "not-found": ["analyze", "successors", "nobody", "--json"],
    }
    return out


def outputs(tree: Path, document: Path, person: str, db: Path) -> dict[str, str]:
    env = os.environ | {"PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
    exe = Path(sys.executable).with_name("samverkan")
    results = {}
    for name, args in commands(str(document), person).items():
        proc = subprocess.run([str(exe), "--db", str(db), *args], cwd=tree, env=env,
                              capture_output=True, text=True)
        results[name] = f"exit {proc.returncode}\n{proc.stdout}{proc.stderr}"
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="main")
    parser.add_argument("--people", type=int, default=3000)
    args = parser.parse_args()
    from graph.model.document import dump
    from graph.model.generator import generate

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "worktree", "add", "--detach", str(base), args.base], cwd=ROOT,
                       check=True, capture_output=True)
        try:
            generated = Path(tmp) / "generated.json"
            with generated.open("w", encoding="utf-8") as out:
                dump(generate(args.people, seed=7), out, "json")
            differ = 0
            for label, document, person in (("seed", ROOT / "seed" / "finsam.json", "p152"),
                                            ("generated", generated, "p3")):
                ours = outputs(ROOT, document, person, Path(tmp) / f"{label}-new.db")
                theirs = outputs(base, document, person, Path(tmp) / f"{label}-base.db")
                for name in ours:
                    same = ours[name] == theirs[name]
                    differ += not same
                    size = len(ours[name])
                    code = ours[name].split("\n", 1)[0]
                    print(f"{label:9} {name:28} {'same' if same else 'DIFFERS':8} "
                          f"{code}, {size:,} characters")
            print(f"{differ} outputs differ from {args.base}")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT,
                           capture_output=True)


if __name__ == "__main__":
    main()
