"""What validating a JSON import in chunks (for progress and cancel) costs.

``validate_in_steps`` (the background import, 1,000 rows a chunk) against
``validate_shape`` (the plain import: one pydantic ``Document.model_validate``, the library
reference) on the same generated document, interleaved, in one process.
"""

from __future__ import annotations

import statistics
import time

from bench.machine import describe


def run(people: int = 50_000, rounds: int = 5) -> str:
    from graph.core.progress import Progress
    from graph.model.document import validate_in_steps, validate_shape
    from graph.model.generator import generate

    data = generate(people, seed=1)
    rows = sum(len(v) for v in data.values())
    whole: list[float] = []
    steps: list[float] = []
    for _ in range(rounds):
        t = time.perf_counter()
        validate_shape(data)
        whole.append(time.perf_counter() - t)
        t = time.perf_counter()
        validate_in_steps(data, Progress())
        steps.append(time.perf_counter() - t)
    a, b = statistics.median(whole), statistics.median(steps)
    return "\n".join([
        "## Validating a JSON import in steps (issue 23)", "",
        f"Machine: {describe()}", "",
        f"Generated document, {people:,} people, {rows:,} rows; median of {rounds} "
        "interleaved rounds in one process.", "",
        "| validation | median s | ratio to pydantic whole |", "|---|---:|---:|",
        f"| `validate_shape` (pydantic `Document.model_validate`, whole) | {a:.2f} | 1.00 |",
        f"| `validate_in_steps` (chunks of 1,000 rows, progress, cancel) | {b:.2f} "
        f"| {b / a:.2f} |", ""])


if __name__ == "__main__":
    print(run())
