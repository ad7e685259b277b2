"""Work in a forked child beside the calling thread (graph.analysis.forked): the child's
result comes back, and a child that fails, dies or hangs gives a Swedish error, not a hang."""

from __future__ import annotations

import os
import time

import numpy as np
import pytest

from graph.analysis import forked
from graph.analysis.forked import ChildFailedError, can_fork, run_beside

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork and two cores")


def test_child_reads_the_parents_arrays_and_sends_its_result_back() -> None:
    data = np.arange(200_000, dtype=float)  # larger than a pipe's buffer once pickled
    theirs, mine = run_beside(lambda: data[1::2] * 2, lambda: data[::2].sum(), what="Test")
    assert mine == data[::2].sum()
    assert np.array_equal(theirs, data[1::2] * 2)


def test_child_runs_in_another_process() -> None:
    theirs, mine = run_beside(os.getpid, os.getpid, what="Test")
    assert theirs != mine == os.getpid()


def _fails() -> None:
    raise ValueError("trasig indata")


def test_a_failing_child_gives_a_swedish_error_naming_the_work() -> None:
    with pytest.raises(ChildFailedError, match=r"^De exakta parvärdena: delprocessen "
                       r"misslyckades \(ValueError: trasig indata\)\. Försök igen"):
        run_beside(_fails, lambda: 1, what="De exakta parvärdena")


def test_a_child_that_dies_gives_an_error() -> None:
    with pytest.raises(ChildFailedError, match="delprocessen misslyckades"):
        run_beside(lambda: os._exit(3), lambda: 1, what="Test")


def test_a_hanging_child_is_stopped_at_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "MIN_WAIT_S", 1.0)
    with pytest.raises(ChildFailedError, match="svarade inte inom 1 s och stoppades"):
        run_beside(lambda: time.sleep(60), lambda: 1, what="Test")


def test_the_parents_own_error_is_raised_as_it_is() -> None:
    with pytest.raises(ValueError, match="trasig indata"):
        run_beside(lambda: 1, _fails, what="Test")
