"""The report child builds the risk report from the projection and the small part of the
document the report reads (graph.reports.risk_inputs), the document itself freed first.
On random stores (one-person and empty organisations, leavers, dated ties and handovers,
forums, initiatives, roles) its inputs are what the whole document says, read here from
the document's raw rows, and the reports it writes are the ones built from the whole
document, every claim checked against the brute-force oracle."""

from __future__ import annotations

import pickle
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from api.usecases import background_reports, reports
from api.usecases.background_reports import folder_of
from graph.reports.key_persons import risk_report
from graph.reports.risk_inputs import RiskInputs, risk_inputs
from graph.reports.spanners import spanner_report
from graph.store.sqlite_store import SQLiteStore
from tests.test_truth_oracle import DAY, check_risk_rows, documents, load


def _built(data: dict[str, Any], db: Path, monkeypatch: pytest.MonkeyPatch
           ) -> tuple[list[RiskInputs], list[bool], SQLiteStore]:
    """The child's build on a real store of ``data`` at ``db``: the inputs its risk
    report was given, and whether the store still held the document then."""
    store = SQLiteStore(db)
    store.write(load(data))
    given_inputs: list[RiskInputs] = []
    held: list[bool] = []
    real = reports.risks_of

    def risks_of(s: SQLiteStore, G: Any, inputs: Any, **kwargs: Any) -> reports.Risks:
        given_inputs.append(inputs)
        held.append(s._cache._doc is not None)
        return real(s, G, inputs, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(reports, "risks_of", risks_of)
        assert background_reports.build(db, store.revision(), DAY.isoformat(),
                                        folder_of(db)) == 0
    return given_inputs, held, store


def _written(db: Path, revision: int, kind: str) -> Any:
    with (folder_of(db) / f"{revision}-{DAY.isoformat()}-{kind}.pickle").open("rb") as f:
        return pickle.load(f)


@settings(deadline=None, derandomize=True, database=None, max_examples=25,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(data=documents())
def test_the_childs_risk_inputs_and_reports_equal_the_whole_documents(
        data: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _check(data, Path(tmp) / "s.db", monkeypatch)


def _check(data: dict[str, Any], db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    given_inputs, held, store = _built(data, db, monkeypatch)
    assert held == [False]  # the document was freed before the report
    (inputs,) = given_inputs
    # Read from the raw rows, not through the document the store makes of them.
    assert inputs.leaves == {p["id"]: date.fromisoformat(p["until"])
                             for p in data["people"] if "until" in p}
    assert [(t.a, t.b, t.since, t.until) for t in inputs.handovers] == [
        (t["a"], t["b"], *(date.fromisoformat(t[k]) if k in t else None
                           for k in ("since", "until")))
        for t in data["ties"] if t.get("kind") == "handover"]
    doc = SQLiteStore(db).read()
    for section in ("organisations", "groups", "initiatives", "participations", "roles",
                    "memberships"):
        assert getattr(inputs, section) == getattr(doc, section), section
    assert risk_inputs(doc) == inputs

    G = SQLiteStore(db).collaboration_graph(DAY)
    rows = _written(db, store.revision(), "risks").rows
    assert rows == risk_report(doc, G, path_lengths_for=0)
    check_risk_rows(data, G, rows, 0, path_lengths=False)
    assert _written(db, store.revision(), "spanners").report.rows == spanner_report(G).rows
