"""The study report as a PDF: reportlab platypus, the CJK font embedded, one flowable list from `SECTIONS`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from footprint.exchange.options import Certification, ExportOptions
from footprint.exchange.study import Study
from footprint.report.context import ReportContext
from footprint.report.errors import ReportError
from footprint.report.fonts import register_font


def report_flowables(ctx: ReportContext) -> list[Any]:
    """Every flowable of the report, section by section."""
    from footprint.report.sections import SECTIONS

    out: list[Any] = []
    for section in SECTIONS:
        if section.applies(ctx):
            out += section.build(ctx)
    return out


def write_report(
    study: Study,
    out: str | Path,
    *,
    lang: str = "zh",
    certification: Certification = Certification(),
    options: ExportOptions = ExportOptions(),
    date: dt.date | None = None,
    record: Mapping[str, str] | None = None,
) -> Path:
    """Write the footprint study report of `study` to `out` (PDF, A4) in `lang` (zh or en).

    `record` holds the names of the certified record (product_zh/en, producer_zh/en, site) that the report
    prints instead of the model's own, so that it agrees with the label and the public verification page.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    if lang not in ("zh", "en"):
        raise ReportError(f"the report language is zh or en, not {lang!r}")
    out = Path(out)
    if not out.parent.is_dir():
        raise ReportError(f"{out.parent} is not a folder: cannot write {out.name}")
    ctx = ReportContext(study, lang, certification, options, date or dt.date.today(), dict(record or {}))
    font = register_font()
    doc = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{ctx.t('report_title')} – {ctx.product_name()}",
        author=ctx.producer(),
        subject=study.product.id,
        creator="PCF platform",
        invariant=True,
    )

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.setFillGray(0.35)
        canvas.drawString(
            20 * mm, 10 * mm, f"{ctx.t('generated_by')} · {study.product.id} · {study.model.hash[:12]}"
        )
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, ctx.t("page", n=document.page))
        canvas.restoreState()

    doc.build(report_flowables(ctx), onFirstPage=footer, onLaterPages=footer)
    return out
