"""The Översikt map on a generated 5,000-person national graph in Debian's Chromium
(issue 20: filtering to FK froze the page for 6.6 s and drew 582 nodes clipped at the edge).

What is timed, in the page: from "Visa" (Alla förbund, organisation Försäkringskassan)
until the status line answers, and the longest main-thread task meanwhile (the
freeze a reader feels; PerformanceObserver "longtask"). The map now draws the positions
the server lays out with igraph (graph/reports/overview.py ``positions``, timed here in
Python on the same view). The library reference, in the same page and run: Cytoscape.js's
own cose layout, headless, on the same nodes and edges with the settings the map used
before (1,000 iterations).

Run: ``.venv/bin/python -m bench.bench_web_map`` (writes bench/RESULTS-web-map.md).
"""

from __future__ import annotations

import json
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from bench.machine import describe
from graph.core.settings import Settings
from graph.model.generator import generate
from graph.reports.overview import positions
from tests.browser import Service, login

OUT = Path(__file__).with_name("RESULTS-web-map.md")
CHROMIUM = "/usr/bin/chromium"

LAYOUT = """async ([view, iterations]) => {
  const elements = [...view.nodes.map((n) => ({ data: { id: String(n.id) } })),
    ...view.edges.map((e) => ({ data: { id: `${e.source}--${e.target}`,
      source: String(e.source), target: String(e.target) } }))];
  const cy = window.cytoscape({ headless: true, elements });
  const start = performance.now();
  cy.layout({ name: "cose", animate: false, randomize: true, nodeRepulsion: 9000,
    idealEdgeLength: 60, numIter: iterations }).run();
  return performance.now() - start;
}"""


def run() -> dict[str, Any]:
    document = generate(5000, seed=3, national=True)
    with tempfile.TemporaryDirectory() as root, \
            Service(Path(root), Settings(), document=document) as service, \
            sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_context(viewport={"width": 1280, "height": 800},
                                   locale="sv-SE").new_page()
        login(page, service, "director")
        page.locator("#nav-oversikt").click()
        page.locator("#map-status").filter(has_text="per").wait_for(timeout=180_000)
        page.locator("#f-federation").select_option(label="Alla förbund")
        page.locator("#map-status").filter(has_text="organisationer").wait_for(timeout=180_000)
        page.evaluate("""() => { window.longest = 0; new PerformanceObserver((list) => {
            for (const e of list.getEntries()) window.longest = Math.max(window.longest,
                                                                         e.duration);
        }).observe({ type: "longtask", buffered: false }); }""")
        page.locator("#f-org").select_option(label="Försäkringskassan")
        start = time.perf_counter()
        page.get_by_role("button", name="Visa").click()
        page.locator("#map-status").filter(has_text="personer").wait_for(timeout=180_000)
        answered = time.perf_counter() - start
        longest = page.evaluate("window.longest")
        status = page.locator("#map-status").inner_text()
        query = "organisation=fk"
        view = page.evaluate(f"""async () => (await fetch('/api/v1/map?{query}')).json()""")
        before = page.evaluate(LAYOUT, [view, 1000])
        browser.close()
        G = service.store.collaboration_graph()
        H = G.subgraph(str(n["id"]) for n in view["nodes"])
        start = time.perf_counter()
        positions(H, sorted(H, key=str))
        server = 1000 * (time.perf_counter() - start)
    return {"status": status, "answered_s": answered, "longest_task_ms": longest,
            "nodes": len(view["nodes"]), "edges": len(view["edges"]),
            "cose_1000_ms": before, "igraph_ms": server}


def main() -> None:
    r = run()
    lines = [
        "# Översikt map on 5,000 people (issue 20)", "",
        f"Run {date.today().isoformat()} on {describe()}; a shared machine with other work "
        "running, so absolute figures are loose; the ratio within the run is the figure.",
        "", "Command: `.venv/bin/python -m bench.bench_web_map`", "",
        "| measure | value |", "|---|---|",
        f"| FK in the generated national graph | {r['nodes']} people, {r['edges']} edges |",
        f"| status line | {r['status']} |",
        f"| Visa → answer (s, includes the map route's analyses) | {r['answered_s']:.1f} |",
        f"| longest main-thread task meanwhile (ms) | {r['longest_task_ms']:.0f} |",
        f"| reference: Cytoscape cose in the page, 1,000 iterations (before) (ms) | "
        f"{r['cose_1000_ms']:.0f} |",
        f"| igraph layout on the server (the map now) (ms) | {r['igraph_ms']:.0f} |",
        f"| ratio now / before | {r['igraph_ms'] / r['cose_1000_ms']:.3f} |", ""]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print(json.dumps(r, indent=1))


if __name__ == "__main__":
    main()
