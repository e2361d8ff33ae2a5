"""The system-boundary diagram: processes in columns by life-cycle stage, product flows as arrows."""

from __future__ import annotations

from typing import Any

from footprint.report.context import ReportContext
from footprint.report.fonts import register_font
from footprint.report.i18n import STAGE_ORDER, stage_name

BOX_H = 46.0
V_GAP = 14.0
H_GAP = 26.0
HEAD = 30.0
PAD = 12.0
FONT_SIZE = 7.0


def boundary_diagram(ctx: ReportContext, width: float) -> Any:
    """A reportlab Drawing of the system boundary, `width` points wide."""
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors

    font = register_font()
    model = ctx.study.model
    stages = [s for s in STAGE_ORDER if any(p.stage.value == s for p in model.processes.values())]
    stages += sorted({p.stage.value for p in model.processes.values()} - set(stages))
    columns = {s: [pid for pid, p in model.processes.items() if p.stage.value == s] for s in stages}
    rows = max(len(c) for c in columns.values())
    col_w = (width - 2 * PAD) / len(stages)
    box_w = col_w - H_GAP
    height = HEAD + rows * (BOX_H + V_GAP) + 2 * PAD
    d = Drawing(width, height)
    d.add(
        Rect(
            2,
            2,
            width - 4,
            height - 4,
            strokeDasharray=[4, 3],
            strokeColor=colors.HexColor("#1b6e4f"),
            fillColor=None,
            strokeWidth=0.8,
        )
    )
    d.add(
        String(
            8,
            height - 13,
            ctx.t("system_boundary"),
            fontName=font,
            fontSize=8,
            fillColor=colors.HexColor("#1b6e4f"),
        )
    )
    where: dict[str, tuple[float, float]] = {}
    for i, stage in enumerate(stages):
        x = PAD + i * col_w + H_GAP / 2
        d.add(
            String(
                x + box_w / 2,
                height - HEAD + 4,
                stage_name(stage, ctx.lang),
                fontName=font,
                fontSize=8.5,
                textAnchor="middle",
            )
        )
        for k, pid in enumerate(columns[stage]):
            y = height - HEAD - (k + 1) * (BOX_H + V_GAP) + V_GAP / 2
            where[pid] = (x, y)
            _box(d, ctx, pid, x, y, box_w, font)
    for pid, process in model.processes.items():
        for item in process.inputs:
            if item.process in where and item.amount:
                _arrow(d, where[item.process], where[pid], box_w)
    ref = model.product.reference_flow.process
    if ref in where:
        x, y = where[ref]
        d.add(
            Rect(x, y, box_w, BOX_H, strokeWidth=2.0, strokeColor=colors.HexColor("#1b6e4f"), fillColor=None)
        )
    return d


def _box(d: Any, ctx: ReportContext, pid: str, x: float, y: float, w: float, font: str) -> None:
    from reportlab.graphics.shapes import Rect, String
    from reportlab.lib import colors

    process = ctx.study.model.processes[pid]
    used = bool(ctx.study.result.supply.get(pid))
    d.add(
        Rect(
            x,
            y,
            w,
            BOX_H,
            rx=3,
            ry=3,
            strokeWidth=0.7,
            strokeColor=colors.HexColor("#4a7d68"),
            fillColor=colors.HexColor("#eef6f1" if used else "#f3f3f3"),
        )
    )
    lines = wrap(ctx.name(process.name, pid), font, FONT_SIZE + 0.5, w - 6, 2)
    for n, line in enumerate(lines):
        d.add(
            String(
                x + w / 2,
                y + BOX_H - 11 - n * 9,
                line,
                fontName=font,
                fontSize=FONT_SIZE + 0.5,
                textAnchor="middle",
            )
        )
    own = ctx.study.result.by_process.get(pid, 0.0)
    d.add(
        String(
            x + w / 2,
            y + 12,
            f"{ctx.kg(own)} kg CO2e",
            fontName=font,
            fontSize=FONT_SIZE,
            textAnchor="middle",
            fillColor=colors.HexColor("#1b6e4f"),
        )
    )
    n_factors = sum(1 for i in process.inputs if i.factor is not None)
    if n_factors:
        d.add(
            String(
                x + w / 2,
                y + 3.5,
                ctx.t("factor_inputs", n=n_factors),
                fontName=font,
                fontSize=FONT_SIZE - 1,
                textAnchor="middle",
                fillColor=colors.HexColor("#666666"),
            )
        )


def _arrow(d: Any, src: tuple[float, float], dst: tuple[float, float], w: float) -> None:
    from reportlab.graphics.shapes import Line, Polygon
    from reportlab.lib import colors

    grey = colors.HexColor("#555555")
    (sx, sy), (tx, ty) = src, dst
    if abs(sx - tx) < 1:  # same column: down the right-hand side
        x0, y0 = sx + w, sy + BOX_H / 2
        x1, y1 = tx + w, ty + BOX_H / 2
        d.add(Line(x0, y0, x0 + 8, y0, strokeColor=grey, strokeWidth=0.7))
        d.add(Line(x0 + 8, y0, x1 + 8, y1, strokeColor=grey, strokeWidth=0.7))
        x0, y0 = x1 + 8, y1
    elif sx < tx:
        x0, y0, x1, y1 = sx + w, sy + BOX_H / 2, tx, ty + BOX_H / 2
    else:  # a flow back to an earlier stage (e.g. recycling)
        x0, y0, x1, y1 = sx, sy + BOX_H / 2 - 6, tx + w, ty + BOX_H / 2 - 6
    d.add(Line(x0, y0, x1, y1, strokeColor=grey, strokeWidth=0.7))
    direction = 1 if x1 >= x0 else -1
    d.add(
        Polygon(
            [x1, y1, x1 - 5 * direction, y1 + 2.5, x1 - 5 * direction, y1 - 2.5],
            fillColor=grey,
            strokeColor=grey,
            strokeWidth=0.3,
        )
    )


def wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Greedy line breaking by measured width (any character may break CJK text; Latin breaks at spaces)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    current = ""
    for ch in text:
        if stringWidth(current + ch, font, size) <= width:
            current += ch
            continue
        cut = current.rfind(" ")
        if cut > 0 and ch != " ":
            lines.append(current[:cut])
            current = current[cut + 1 :] + ch
        else:
            lines.append(current)
            current = ch.lstrip()
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        while lines[-1] and stringWidth(lines[-1] + "…", font, size) > width:
            lines[-1] = lines[-1][:-1]
        lines[-1] += "…"
    return lines
