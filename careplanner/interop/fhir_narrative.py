"""The CarePlan's human-readable narrative: a table of the plan's treatments (FHIR `text`, status generated).

Every text that came from a user is escaped; the narrative is for reading only and is never imported.
"""

from __future__ import annotations

import re
from html import escape

from careplanner.catalog import Catalog
from careplanner.domain import PlanDocument, PlanItem
from careplanner.interop.fhir_common import Json

XHTML = "http://www.w3.org/1999/xhtml"
HEADINGS = ("Treatment", "Starts", "Assessed", "Ends", "Dose", "Notes")


# What XML 1.0 does not allow (controls but tab, line feed, carriage return; surrogates; U+FFFE, U+FFFF) and
# the controls it discourages (DEL, C1) are dropped from the view; the data keeps them (docs/fhir.md).
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _safe(text: str) -> str:
    """The text without the characters an XML document cannot hold, escaped for XHTML."""
    return escape(_NOT_XML.sub("", text), quote=False)


def _cell(text: str) -> str:
    return f"<td>{_safe(text)}</td>"


def _week(document: PlanDocument, week: int | None) -> str:
    if week is None:
        return ""
    return f"week {week} ({document.plan.week_date(week).isoformat()})"


def _row(document: PlanDocument, catalog: Catalog, item: PlanItem) -> str:
    modality = catalog.modalities.get(item.modality)
    name = modality.name if modality else item.modality
    if item.region:
        name = f"{name}, {item.region}"
    cells = (
        name,
        _week(document, item.start_week),
        _week(document, item.assess_week),
        _week(document, item.end_week),
        item.dose.text if item.dose else "",
        item.notes or "",
    )
    return "<tr>" + "".join(_cell(text) for text in cells) + "</tr>"


def narrative(document: PlanDocument, catalog: Catalog, title: str | None) -> Json:
    heading = _safe(title or "Care plan")
    start = document.plan.start.isoformat()
    patient = _safe(document.patient.name)
    header = "<tr>" + "".join(f"<th>{name}</th>" for name in HEADINGS) + "</tr>"
    rows = "".join(_row(document, catalog, item) for item in document.plan.items)
    body = (
        f"<table><thead>{header}</thead><tbody>{rows}</tbody></table>"
        if rows
        else "<p>No treatments yet.</p>"
    )
    div = f'<div xmlns="{XHTML}"><p><b>{heading}</b> for {patient}, starting {start}</p>{body}</div>'
    return {"status": "generated", "div": div}
