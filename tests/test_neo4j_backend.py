"""What can be checked of the Neo4j backend without a server: its Cypher, with Neo4j's own
linter; that no query is built from input; its errors; the compose file and Dockerfile."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph.core.errors import StoreUnavailableError
from graph.model.schema import Person
from graph.store.cypher import (
    LABELS,
    PARAMETERS,
    RELATIONSHIPS,
    STATEMENTS,
    parameters_of,
    statement,
)
from graph.store.neo4j_store import Neo4jSettings, Neo4jStore, row_parameters

ROOT = Path(__file__).resolve().parents[1]
LINTER = ROOT / ".ci" / "cypher-lint"


def lint(statements: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    node = shutil.which("node")
    assert node, "Node.js is needed for Neo4j's Cypher linter (installed by .ci/setup)"
    assert (LINTER / "node_modules" / "@neo4j-cypher" / "language-support").is_dir(), (
        "run bash .ci/setup: it installs @neo4j-cypher/language-support"
    )
    done = subprocess.run(
        [node, str(LINTER / "lint.cjs")],
        input=json.dumps({"statements": statements, "parameters": PARAMETERS}),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, list[dict[str, Any]]] = json.loads(done.stdout)
    return result


def test_every_statement_passes_neo4js_linter() -> None:
    report = lint(STATEMENTS)
    assert set(report) == set(STATEMENTS)
    errors = {name: d for name, d in report.items() if any(x["severity"] == "error" for x in d)}
    assert errors == {}
    warnings = {name: d for name, d in report.items() if d}
    assert warnings == {}


def test_the_linter_does_catch_mistakes() -> None:
    report = lint(
        {
            "syntax": "MATCH (n:Person RETURN n",
            "unbound": "MATCH (n:Person) RETURN m",
            "undeclared": "MATCH (n:Person {id: $nope}) RETURN n",
        }
    )
    assert all(any(d["severity"] == "error" for d in diags) for diags in report.values())


def test_every_parameter_is_declared() -> None:
    for name, text in STATEMENTS.items():
        assert parameters_of(text) <= set(PARAMETERS), name


def test_labels_and_types_come_only_from_the_fixed_tables() -> None:
    labels = set(LABELS.values()) | {"SamverkanMeta"}
    types = set(RELATIONSHIPS.values())
    for name, text in STATEMENTS.items():
        for label in re.findall(r"\(\w*:(\w+)", text) + re.findall(r"\b\w+:(\w+)\)", text):
            assert label in labels, (name, label)
        for rel in re.findall(r"\[\w*:(\w+)\]", text):
            assert rel in types, (name, rel)


def _run_calls(path: Path) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "run"
    ]


def test_no_query_is_built_from_input() -> None:
    """Every ``.run(...)`` takes its text from ``statement(NAME)`` or the STATEMENTS table."""
    calls = _run_calls(ROOT / "graph" / "store" / "neo4j_store.py")
    assert len(calls) >= 10
    for call in calls:
        first = call.args[0]
        from_table = (
            isinstance(first, ast.Call)
            and isinstance(first.func, ast.Name)
            and first.func.id == "statement"
        ) or (isinstance(first, ast.Name) and first.id == "text")
        assert from_table, ast.unparse(call)
        # The only formatting allowed picks a table entry by name (f"read:{section}"); a
        # name that is not in the table raises instead of reaching the server.
    with pytest.raises(KeyError):
        statement("read:people) DETACH DELETE (n")
    # No other module talks to the driver.
    for path in [*ROOT.glob("graph/*.py"), *ROOT.glob("api/*.py"), *ROOT.glob("matching/*.py")]:
        if path.name != "neo4j_store.py":
            assert "neo4j" not in {
                n.names[0].name.split(".")[0]
                for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(n, ast.Import)
            }, path


def test_row_values_travel_as_parameters() -> None:
    hostile = "x'}) MATCH (n) DETACH DELETE n //"
    person = Person(id="p1", name=hostile, organisation="org")
    (params,) = row_parameters("people", [person], first_seq=7)
    assert params == {
        "key": "p1",
        "seq": 7,
        "props": {"id": "p1", "name": hostile, "organisation": "org"},
    }
    assert hostile not in " ".join(STATEMENTS.values())


def test_unreachable_server_is_a_clear_error() -> None:
    started = time.perf_counter()
    with pytest.raises(StoreUnavailableError, match=r"Neo4j på bolt://127\.0\.0\.1:9 kan inte nås"):
        Neo4jStore(Neo4jSettings(uri="bolt://127.0.0.1:9", password="x"))
    assert time.perf_counter() - started < 30


def test_cli_on_an_unreachable_neo4j_exits_3(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SAMVERKAN_BACKEND": "neo4j",
        "NEO4J_URI": "bolt://127.0.0.1:9",
        "NEO4J_PASSWORD": "x",
    }
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "samverkan"), "stats", "--json"],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 3
    assert "kan inte nås" in done.stderr


# --- deployment --------------------------------------------------------------------------


def _compose(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    tool = shutil.which("docker-compose")
    assert tool, "Debian's docker-compose is needed to validate the compose file (.ci/setup)"
    clean = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    return subprocess.run(
        [tool, "-f", str(ROOT / "docker-compose.yml"), "--project-directory", str(ROOT),
         "config"],
        env={**clean, **env}, capture_output=True, text=True, timeout=60,
    )


def test_compose_file_is_valid_and_wires_the_api_to_neo4j() -> None:
    done = _compose({"NEO4J_PASSWORD": "not-a-real-password"})
    assert done.returncode == 0, done.stderr
    config = yaml.safe_load(done.stdout)
    neo4j, api = config["services"]["neo4j"], config["services"]["api"]
    # a pinned release whose GDS (2.16) streams the piece and side sizes the reports need
    assert neo4j["image"] == "neo4j:2025.03.0-community"
    assert "graph-data-science" in neo4j["environment"]["NEO4J_PLUGINS"]
    assert neo4j["healthcheck"]["test"] and any("/data" in v for v in neo4j["volumes"])
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert api["environment"]["SAMVERKAN_BACKEND"] == "neo4j"
    assert api["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert "build" in api


def test_compose_refuses_to_start_without_a_password() -> None:
    done = _compose({})
    assert done.returncode != 0
    assert "NEO4J_PASSWORD" in done.stderr
    assert "NEO4J_PASSWORD=" in (ROOT / ".env.example").read_text(encoding="utf-8")


def test_dockerfile_installs_the_package_the_readme_installs() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["packages"]["find"]["include"]
    for package in packages:
        name = package.rstrip("*")
        assert re.search(rf"^COPY {name} {name}$", dockerfile, re.M), name
    assert "pip install --no-cache-dir ." in dockerfile
    assert "COPY pyproject.toml" in dockerfile
