"""Loading the bundled seed document."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any


def seed_document() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        files("seed").joinpath("finsam.json").read_text(encoding="utf-8"))
    return data
