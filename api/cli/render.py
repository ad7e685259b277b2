"""Everything the command line prints: JSON, or the text a person reads, one function per
command's output (the commands compute, this module words)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from graph.core.access import ROLE_NAMES, Role
from graph.core.errors import SamverkanError
from graph.core.progress import Progress
from graph.model.swedish_problems import error_in_swedish
from matching.scoring import DECISION_SUPPORT


def emit(payload: Any, as_json: bool, text: str) -> None:
    if as_json:
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(text)


class ProgressBar:
    """Draws a Progress on standard error: one click progress bar per phase."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._phase = ""
        self._shown = 0

    def __call__(self, progress: Progress) -> None:
        if progress.phase != self._phase or self._bar is None:
            if self._bar is not None:
                self._bar.render_finish()
            self._phase, self._shown = progress.phase, 0
            self._bar = click.progressbar(length=max(progress.total, 1),
                                          label=progress.phase.capitalize(), file=sys.stderr)
        self._bar.update(progress.done - self._shown)
        self._shown = progress.done
        if progress.done >= progress.total:
            self._bar.render_finish()


def bar(as_json: bool) -> ProgressBar | None:
    """A progress bar on standard error where a person watches it (a terminal, no --json)."""
    return ProgressBar() if sys.stderr.isatty() and not as_json else None


def import_text(rows: dict[str, int], total: int, revision: int) -> str:
    summary = ", ".join(f"{n} {s}" for s, n in rows.items() if n)
    return f"Importerade {total} rader ({summary or 'inget'}); revision {revision}."


def staff_text(plan: Any, applied: bool) -> str:
    lines = [f"{c.action:7} {c.person:24} {c.name:30} "
             + ", ".join(f"{k}: {c.before.get(k)} -> {v}" for k, v in c.after.items()
                         if c.action != "add")
             for c in plan.changes]
    counts = plan.counts()
    lines.append(("Genomfört: " if applied
                  else "Förhandsvisning (inget skrivet; --apply skriver): ")
                 + ", ".join(f"{n} {a}" for a, n in counts.items())
                 + f"; {counts['end']} av {plan.current} nuvarande avslutas")
    warning = plan.ends_warning()
    if warning and not applied:
        lines.append(f"Varning: {warning} (--confirm-ends)")
    return "\n".join(lines)


def stats_text(result: dict[str, Any]) -> str:
    g = result["graph"]
    lines = [
        "Rader: " + ", ".join(f"{n} {s}" for s, n in result["rows"].items()),
        f"Samverkansnätverket {result['as_of']}: {g['people']} personer, "
        f"{g['edges']} kontakter, {g['components']} sammanhängande delar "
        f"(största {g['largest_component']}, {g['isolated']} utan kontakter)",
    ]
    lines += [f"  {p['name']}: {p['people']}" for p in result["people_per_party"]]
    return "\n".join(lines)


def method_text(method: dict[str, Any]) -> str:
    text = f"{method['name']} ({method['algorithm']}"
    if "epsilon" in method:
        text += f", fel ≤ {method['epsilon']} med sannolikhet ≥ {1 - method['delta']:.2f}"
    if "sources" in method:
        text += f", {method['sources']} slumpade startpunkter"
    return text + ")"


def spanners_text(rows: list[dict[str, Any]], method: dict[str, Any]) -> str:
    lines = [
        f"{r['score']:.3f}  {r['name']} ({r['organisation_name']}): {r['explanation']}"
        for r in rows
    ]
    lines.append(
        f"Mellanliggande centralitet: {method_text(method['betweenness'])}; "
        f"förmedling mellan organisationer: "
        f"{method_text(method['cross_org_brokerage'])}."
    )
    return "\n".join(lines)


def organisations_text(pairs: list[dict[str, Any]]) -> str:
    lines = []
    for p in pairs:
        # "≈": a sampled share, unbiased but without a bound of its own.
        brokers = ", ".join(f"{b['name']} ({'' if b.get('exact', True) else '≈'}"
                            f"{b['share']:.0%})" for b in p["main_brokers"])
        lines.append(
            f"{p['names'][0]} – {p['names'][1]}: {p['direct_ties']} direkta kontakter "
            f"({p['people_with_direct_ties']} personer); förmedlare: {brokers or '-'}"
        )
    return "\n".join(lines)


def risk_text(rows: list[dict[str, Any]]) -> str:
    return "\n".join(f"{r['risk']:6.2f}  {r['name']}: {r['explanation']}" for r in rows)


def connectivity_text(rows: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{r['connectivity']:3d}  {r['names'][0]} – {r['names'][1]}"
        + (f" [{r['initiative']}]" if "initiative" in r else "")
        + (f": {', '.join(str(n) for n in r['cut_names'])}" if r["connectivity"] <= 2 else "")
        for r in rows
    )


def what_if_text(result: dict[str, Any]) -> str:
    lines = [
        f"{c['names'][0]} – {c['names'][1]}: {c['before']} -> {c['after']}"
        for c in result["connectivity_changes"]
    ]
    lines += [
        f"Insatsen {o['name']}: ingen deltagare kvar från {', '.join(o['names'])}"
        for o in result["orphaned_initiatives"]
    ]
    lines += [f"Tom plats: {s['name']} ({s['represents']})" for s in result["empty_seats"]]
    length = result["mean_cross_path_length"]
    if length["before"] is not None and length["after"] is not None:
        lines.append(
            f"Medelvägen mellan organisationer: {length['before']:.2f} -> {length['after']:.2f}"
        )
    return "\n".join(lines) or "Ingen förändring."


def scored_text(rows: list[dict[str, Any]]) -> str:
    """Successors and succession candidates: score, name, explanation."""
    return "\n".join(f"{r['score']:.3f}  {r['name']}: {r['explanation']}" for r in rows)


def changes_text(report: dict[str, Any]) -> str:
    lines = [f"Förändringar {report['from']} – {report['to']}"]
    for section in ("pairs", "key_persons", "spanners", "seats", "initiatives", "handovers"):
        lines += [f"  {row['explanation']}" for row in report[section]]
    text = "\n".join(lines) if len(lines) > 1 else lines[0] + ": inga."
    # The note says what the report leaves out (robust pairs); without it "inga" misleads.
    return text + (f"\n{report['note']}" if report.get("note") else "")


def bridging_text(rows: list[dict[str, Any]]) -> str:
    lines = []
    for row in rows:
        lines.append(row["explanation"])
        lines += [f"  {k}. {i['reason']}" for k, i in enumerate(row["introductions"], 1)]
    return "\n".join(lines) or "Inga par med så låg sammanhållning."


def seats_text(report: dict[str, Any]) -> str:
    lines = [f"{r['name']}: {r['explanation']}" for r in report["people"]]
    lines += ["Platser med risk:"] + [f"  {r['explanation']}" for r in report["seat_risks"]]
    return "\n".join(lines)


def succession_text(report: dict[str, Any]) -> str:
    lines = [scored_text(report["candidates"])] if report["candidates"] else []
    lines += ["Överlämningsplan: " + report["handover_plan"]["explanation"]]
    lines += [f"  {s['explanation']}" for s in report["handover_plan"]["steps"]]
    return "\n".join(lines)


def paths_text(rows: list[dict[str, Any]]) -> str:
    lines = []
    for n, row in enumerate(rows, 1):
        lines.append(f"{n}. {' → '.join(str(x) for x in row['names'])} (kostnad {row['cost']})")
        lines += [f"     {hop['from']} → {hop['to']}: {hop['explanation']}" for hop in row["hops"]]
    return "\n".join(lines)


def find_text(rows: list[dict[str, Any]], topic: str, source: str | None) -> str:
    lines = [
        f"{r['score']:.2f}  {r['name']} ({r['title']}): {', '.join(r['matched'])}" for r in rows
    ]
    if source:
        path = next((r["path"] for r in rows if "path" in r), None)
        lines.append(paths_text([path]) if path is not None
                     else f"Ingen av träffarna nås från {source} i grafen.")
    return "\n".join(lines) or f"Ingen i grafen matchar {topic!r}."


def match_text(rows: list[dict[str, Any]]) -> str:
    lines = []
    for rank, row in enumerate(rows, start=1):
        dims = "  ".join(f"{d['label']} {d['score']:.2f}" for d in row["dimensions"].values())
        lines.append(f"{rank:>3}. {row['candidate']}: {row['score']:.3f} ({row['band']})  {dims}")
        if row["preference_reasons"]:
            lines.append(f"     hitta rätt: {'; '.join(row['preference_reasons'])}")
        if row["gaps"]:
            lines.append(
                f"     luckor: {'; '.join(row['gaps'][:4])}"
                + (f" (+{len(row['gaps']) - 4})" if len(row["gaps"]) > 4 else "")
            )
    lines.append("")
    lines.append(DECISION_SUPPORT)
    return "\n".join(lines)


def users_text(rows: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{u['name']:<24} {ROLE_NAMES[Role(u['role'])]:<14} går ut {u['expires'] or '-':<26} "
        f"{'SPÄRRAD ' + u['revoked'] if u['revoked'] else 'giltig':<34} "
        f"senast använd {u['last_used'] or 'aldrig'}" for u in rows) or "Inga användare."


def user_key_text(name: str, role: str | None, expires: str, token: str) -> str:
    """A user's key, printed only this once: what it opens, on a trial and in production."""
    who = f"{name} ({ROLE_NAMES[Role(role)]})" if role else name
    made = "är skapad" if role else "har fått en ny nyckel; den gamla slutar gälla"
    return (f"Användaren {who} {made}. Nyckeln visas bara nu (giltig till {expires}). "
            "Logga in med den i webbgränssnittet (Nyckel för provkörning), eller skicka den "
            f"som bearer-token från ett program:\n{token}")


def user_revoked_text(name: str, sessions_ended: int) -> str:
    return (f"Nyckeln för {name} är spärrad; {sessions_ended} inloggningar i webbläsare "
            "avslutades.")


def failure_json(exc: SamverkanError) -> str:
    """An error as the HTTP answer gives it: the same Swedish, at the same paths."""
    detail, said = error_in_swedish(exc)
    problems = [{"path": p.path, "message": p.message} for p in said]
    return json.dumps({"error": exc.code, "detail": detail, "problems": problems},
                      ensure_ascii=False)
