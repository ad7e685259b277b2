"""The interface has an icon: the page shells link /ui/favicon.svg and the site root's
/favicon.ico answers with it, so no page load logs a 404 (browsers and tools ask the root
without a link). Both need no sign-in: the icon shows on the sign-in page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.core.access import AccessLog
from graph.store.sqlite_store import SQLiteStore

STATIC = Path(__file__).resolve().parents[1] / "api/web/static"


@pytest.fixture
def client(store: SQLiteStore) -> TestClient:
    return TestClient(create_app(store, AccessLog(store.path)))


def test_the_site_root_answers_for_the_icon(client: TestClient) -> None:
    r = client.get("/favicon.ico")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("image/svg+xml")
    assert r.content.lstrip().startswith(b"<svg")


@pytest.mark.parametrize("shell", ["index.html", "enkat.html"])
def test_each_page_shell_links_an_icon_that_is_served(client: TestClient, shell: str) -> None:
    html = client.get(f"/ui/{shell}").text
    link = re.search(r'<link rel="icon" href="([^"]+)"', html)
    assert link is not None, shell
    icon = client.get(link.group(1))
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg")
    assert icon.content == (STATIC / "favicon.svg").read_bytes()
