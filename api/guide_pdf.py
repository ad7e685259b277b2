"""The Samverkansguide as a PDF (fpdf2 through api/exports.PdfReport): per unit a table of
name, title, contact details and what to contact them about, then roles and forums."""

from __future__ import annotations

from datetime import date
from typing import Any

from api.exports import Column, PdfReport
from graph.reports.guide import contact_line, swedish_date

COLUMNS = (Column("name", "Namn"), Column("title", "Titel"), Column("contact", "Kontakt"),
           Column("about", "Kontakta om"), Column("more", "Roller, forum och mandat"))


def guide_pdf(data: dict[str, Any], printed: date) -> bytes:
    report = PdfReport(f"Samverkansguide: {data['name']}", printed)
    report.paragraph(f"Kontaktpersoner enligt samverkansgrafen den "
                     f"{swedish_date(data['as_of'])}.")
    for unit in data["units"]:
        report.heading(unit["name"])
        report.table([{"name": p["name"], "title": p["title"], "contact": contact_line(p),
                       "about": p.get("contact_about"), "more": _more(p)}
                      for p in unit["people"]], COLUMNS)
    return report.bytes()


def _more(p: dict[str, Any]) -> str:
    bits = [f"roll: {', '.join(p['roles'])}" if p["roles"] else "",
            f"ersättare: {', '.join(p['deputy_for'])}" if p["deputy_for"] else "",
            f"forum: {', '.join(p['forums'])}" if p["forums"] else "",
            *(f"mandat i {m['forum']}: {m['mandate']}" for m in p.get("mandates", ())),
            f"insatser: {', '.join(p['initiatives'])}" if p["initiatives"] else ""]
    return "; ".join(b for b in bits if b)
