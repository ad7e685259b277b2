"""Work in a forked child beside the calling thread (graph.analysis.forked): the child's
result comes back, and a child that fails, dies or hangs gives a Swedish error, not a hang."""

from __future__ import annotations

import os
import select
import time

import numpy as np
import pytest

from graph.analysis import forked
from graph.analysis.forked import ChildFailedError, can_fork, run_beside, share_out

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork and two cores")


def test_child_reads_the_parents_arrays_and_sends_its_result_back() -> None:
    data = np.arange(200_000, dtype=float)  # larger than a pipe's buffer once pickled
    theirs, mine = run_beside(lambda: data[1::2] * 2, lambda: data[::2].sum(), what="test")
    assert mine == data[::2].sum()
    assert np.array_equal(theirs, data[1::2] * 2)


def test_child_runs_in_another_process() -> None:
    theirs, mine = run_beside(os.getpid, os.getpid, what="test")
    assert theirs != mine == os.getpid()


def _fails() -> None:
    raise ValueError("trasig indata")


def test_a_failing_child_gives_a_swedish_error_naming_the_work() -> None:
    with pytest.raises(ChildFailedError, match=r"^Delprocessen för de exakta "
                       r"parvärdena misslyckades \(ValueError: trasig indata\)\. Försök igen"):
        run_beside(_fails, lambda: 1, what="de exakta parvärdena")


def test_a_child_that_dies_gives_an_error() -> None:
    with pytest.raises(ChildFailedError, match="Delprocessen för test misslyckades"):
        run_beside(lambda: os._exit(3), lambda: 1, what="test")


def test_a_hanging_child_is_stopped_at_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "MIN_WAIT_S", 1.0)
    with pytest.raises(ChildFailedError, match="svarade inte inom 1 s och stoppades"):
        run_beside(lambda: time.sleep(60), lambda: 1, what="test")


def test_the_parents_own_error_is_raised_as_it_is() -> None:
    with pytest.raises(ValueError, match="trasig indata"):
        run_beside(lambda: 1, _fails, what="test")


def test_shared_out_tasks_run_once_each_and_come_back_in_order() -> None:
    parent = os.getpid()
    signal_read, signal_write = os.pipe()
    log_read, log_write = os.pipe()  # every run of a task, in either process
    ran: list[bool] = []

    def task(i: int) -> tuple[int, int]:
        os.write(log_write, i.to_bytes(4, "little"))
        if os.getpid() != parent:
            os.write(signal_write, b"x")  # the child has taken a task
        return i, os.getpid()

    def meanwhile() -> None:
        # This thread's own work lasts until the child has run a task, so both share.
        ran.append(bool(select.select([signal_read], [], [], 20)[0]))

    try:
        out = share_out(200, task, meanwhile=meanwhile, what="test")
        os.close(log_write)
        with os.fdopen(log_read, "rb") as log:
            runs = sorted(int.from_bytes(log.read(4), "little") for _ in range(len(out)))
            assert not log.read()
    finally:
        os.close(signal_read)
        os.close(signal_write)
    assert runs == list(range(200))  # each task once
    assert ran == [True]  # in this process, once, and the child ran meanwhile
    assert [i for i, _ in out] == list(range(200))
    assert {pid for _, pid in out} - {parent}


def test_a_failing_shared_task_gives_the_swedish_error() -> None:
    def task(i: int) -> int:
        if i == 150:
            raise ValueError("trasig indata")
        return i

    # Task 150 falls to one of the two processes: either error names it.
    with pytest.raises((ChildFailedError, ValueError), match="trasig indata"):
        share_out(200, task, meanwhile=lambda: time.sleep(0.2), what="test")
