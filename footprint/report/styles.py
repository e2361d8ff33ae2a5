"""Paragraph and table styles of the report, all in the embedded CJK font with CJK line breaking."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from footprint.report.fonts import register_font

ACCENT = "#1b6e4f"
LIGHT = "#e8f3ee"


@cache
def styles() -> dict[str, Any]:
    """The named paragraph styles (title, h1, h2, body, small, cell, cell_right, big)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    font = register_font()
    base = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK", spaceAfter=4)
    return {
        "title": ParagraphStyle(
            "title", parent=base, fontSize=20, leading=28, textColor=colors.HexColor(ACCENT), spaceAfter=10
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontSize=14,
            leading=20,
            spaceBefore=10,
            spaceAfter=6,
            textColor=colors.HexColor(ACCENT),
        ),
        "h2": ParagraphStyle("h2", parent=base, fontSize=11, leading=16, spaceBefore=6, spaceAfter=4),
        "body": base,
        "small": ParagraphStyle(
            "small", parent=base, fontSize=8, leading=11, textColor=colors.HexColor("#444444")
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10.5, spaceAfter=0),
        "cell_right": ParagraphStyle(
            "cell_right", parent=base, fontSize=8, leading=10.5, spaceAfter=0, alignment=TA_RIGHT
        ),
        "big": ParagraphStyle(
            "big",
            parent=base,
            fontSize=26,
            leading=34,
            alignment=TA_CENTER,
            textColor=colors.HexColor(ACCENT),
        ),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
    }


def para(text: object, style: str = "body") -> Any:
    """A paragraph of plain text (escaped for reportlab's mini-markup)."""
    from reportlab.platypus import Paragraph

    return Paragraph(escape(str(text)), styles()[style])


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def table(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    header: bool = True,
    right: Sequence[int] = (),
) -> Any:
    """A grid table of wrapped cells; columns in `right` are right-aligned (numbers)."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    cells = [
        [
            c if hasattr(c, "wrap") else para(c, "cell_right" if j in right else "cell")
            for j, c in enumerate(row)
        ]
        for row in rows
    ]
    tbl = Table(cells, colWidths=list(widths), repeatRows=1 if header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9bb5a8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(LIGHT)))
    tbl.setStyle(TableStyle(style))
    return tbl


def key_values(pairs: Sequence[tuple[str, object]], width: float) -> Any:
    """A two-column table of labels and values, without a header row."""
    return table([[k, v] for k, v in pairs], [0.32 * width, 0.68 * width], header=False)
