"""Describe the machine a benchmark ran on."""

from __future__ import annotations

import os
import platform
import sys
from datetime import UTC, datetime


def describe() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f
                        if line.startswith("model name")), cpu)
    except OSError:
        pass
    mem = ""
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        mem = f", {pages * size / 2**30:.0f} GiB RAM"
    except (ValueError, OSError):
        pass
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (f"{when} · {cpu}, {os.cpu_count()} cores{mem} · {platform.system()} "
            f"{platform.release()} · Python {sys.version.split()[0]}")
