"""The carbon label: product (zh + en), footprint per functional unit, certificate number, verification QR.

`label_content` decides what the label says; `label_svg`, `label_png` and `label_drawing` (for the PDF)
only draw it. PNG is drawn with Pillow (a dependency of reportlab): reportlab's own bitmap renderer needs
rlPyCairo, which is not installed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

from footprint.exchange.figures import figure
from footprint.exchange.options import Certification
from footprint.exchange.study import Study
from footprint.report.fonts import font_file
from footprint.report.i18n import t


def escape(text: str) -> str:
    """SVG text and attribute values: &, <, > and both quotes escaped (a URL cannot add an attribute)."""
    return _xml_escape(str(text), {'"': "&quot;", "'": "&apos;"})


WIDTH, HEIGHT = 360, 220
GREEN = "#1b6e4f"
SVG_FONTS = "'WenQuanYi Zen Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"


@dataclass(frozen=True)
class LabelContent:
    """The texts and QR matrix of one label."""

    title: str
    product_zh: str
    product_en: str
    value: str
    unit: str
    per_zh: str
    per_en: str
    certificate: str
    verify_url: str
    qr: tuple[tuple[bool, ...], ...]
    footer: str


def label_content(
    study: Study, certification: Certification = Certification(), *, record: Mapping[str, str] | None = None
) -> LabelContent:
    """What the label of `study` says; the QR code encodes the verification link (none without a link)."""
    name = study.product.name
    fu = study.product.functional_unit
    qr: tuple[tuple[bool, ...], ...] = ()
    if certification.verify_url:
        import segno

        code = segno.make(certification.verify_url, error="m", micro=False)
        qr = tuple(tuple(bool(v) for v in row) for row in code.matrix)
    certificate = (
        t("label_certificate", no=certification.certificate)
        if certification.certified
        else t("label_not_certified")
    )
    return LabelContent(
        title=f"{t('label_title', 'zh')} · {t('label_title', 'en')}",
        product_zh=(record or {}).get("product_zh") or name.zh or name.en,
        product_en=(record or {}).get("product_en") or name.en or name.zh,
        value=figure(study.result.total),
        unit="kg CO2e",
        per_zh=t("label_per", "zh", fu=fu),
        per_en=t("label_per", "en", fu=fu),
        certificate=certificate,
        verify_url=certification.verify_url,
        qr=qr,
        footer=f"GWP100 {study.result.gwp} · ISO 14067 · {study.product.id}",
    )


def _layout(c: LabelContent) -> list[tuple[str, float, float, float, str, str]]:
    """(text, x, y from top, size, colour, anchor) of every line; shared by every renderer.

    Lines are shrunk (to 60 %) and then shortened to stay left of the QR code.
    """
    room = (_qr_geometry(c)[0] - 24) if c.qr else WIDTH - 32
    lines = [
        (c.title, 16, 30, 15, "#ffffff", WIDTH - 32),
        (c.product_zh, 16, 66, 13, "#111111", room),
        (c.product_en, 16, 84, 10, "#333333", room),
        (f"{c.value} {c.unit}", 16, 128, 26, GREEN, room),
        (c.per_zh, 16, 148, 9.5, "#333333", room),
        (c.per_en, 16, 162, 9.5, "#333333", room),
        (c.certificate, 16, 186, 9, "#111111", room),
        (c.footer, 16, 208, 7.5, "#666666", room),
    ]
    out: list[tuple[str, float, float, float, str, str]] = []
    for text, x, y, size, colour, width in lines:
        fitted, fitted_size = _fit(text, size, width)
        out.append((fitted, x, y, fitted_size, colour, "start"))
    return out


def _fit(text: str, size: float, width: float) -> tuple[str, float]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from footprint.report.fonts import register_font

    font = register_font()
    fitted = size
    while stringWidth(text, font, fitted) > width and fitted > 0.6 * size:
        fitted -= 0.5
    while stringWidth(text, font, fitted) > width and len(text) > 1:
        text = text[:-2] + "…"
    return text, fitted


def _qr_geometry(c: LabelContent) -> tuple[float, float, float]:
    """Left, top and module size of the QR code (with its quiet zone of 2 modules)."""
    size = 110.0
    module = size / (len(c.qr) + 4)
    return WIDTH - size - 14, 52.0, module


def label_svg(c: LabelContent) -> str:
    """The label as an SVG document (text stays text, so the label is searchable and sharp)."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(c.title)}">',
        f'<rect x="1" y="1" width="{WIDTH - 2}" height="{HEIGHT - 2}" rx="10" fill="#ffffff" '
        f'stroke="{GREEN}" stroke-width="2"/>',
        f'<rect x="1" y="1" width="{WIDTH - 2}" height="42" rx="10" fill="{GREEN}"/>',
    ]
    for text, x, y, size, colour, anchor in _layout(c):
        out.append(
            f'<text x="{x}" y="{y}" font-family="{SVG_FONTS}" font-size="{size}" fill="{colour}" '
            f'text-anchor="{anchor}">{escape(text)}</text>'
        )
    if c.qr:
        left, top, m = _qr_geometry(c)
        out.append(f'<g fill="#000000" aria-label="QR: {escape(c.verify_url)}">')
        for r, row in enumerate(c.qr):
            for k, dark in enumerate(row):
                if dark:
                    out.append(
                        f'<rect x="{left + (k + 2) * m:.2f}" y="{top + (r + 2) * m:.2f}" '
                        f'width="{m:.2f}" height="{m:.2f}"/>'
                    )
        out.append("</g>")
        out.append(
            f'<text x="{left + 55}" y="{top + 124}" font-family="{SVG_FONTS}" font-size="7.5" '
            f'fill="#333333" text-anchor="middle">{escape(t("label_scan"))}</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def label_png(c: LabelContent, out: Path, *, scale: float = 3.0) -> Path:
    """The label as a PNG image (`scale` × the SVG size)."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (int(WIDTH * scale), int(HEIGHT * scale)), "white")
    draw = ImageDraw.Draw(img)
    s = scale
    draw.rounded_rectangle(
        [s, s, (WIDTH - 1) * s, (HEIGHT - 1) * s], radius=10 * s, outline=GREEN, width=int(2 * s)
    )
    draw.rounded_rectangle([s, s, (WIDTH - 1) * s, 43 * s], radius=10 * s, fill=GREEN)
    for text, x, y, size, colour, _anchor in _layout(c):
        font = ImageFont.truetype(str(font_file()), int(size * s), index=0)
        draw.text((x * s, y * s), text, font=font, fill=colour, anchor="ls")
    if c.qr:
        left, top, m = _qr_geometry(c)
        for r, row in enumerate(c.qr):
            for k, dark in enumerate(row):
                if dark:
                    x0, y0 = (left + (k + 2) * m) * s, (top + (r + 2) * m) * s
                    draw.rectangle([x0, y0, x0 + m * s - 1, y0 + m * s - 1], fill="black")
        font = ImageFont.truetype(str(font_file()), int(7.5 * s), index=0)
        draw.text(((left + 55) * s, (top + 124) * s), t("label_scan"), font=font, fill="#333333", anchor="ms")
    img.save(out, format="PNG")
    return out


def label_drawing(c: LabelContent) -> Any:
    """The label as a reportlab Drawing, for the certification page of the report."""
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors

    from footprint.report.fonts import register_font

    font = register_font()
    d = Drawing(WIDTH, HEIGHT)
    d.add(
        Rect(
            1,
            1,
            WIDTH - 2,
            HEIGHT - 2,
            rx=10,
            ry=10,
            fillColor=colors.white,
            strokeColor=colors.HexColor(GREEN),
            strokeWidth=2,
        )
    )
    d.add(
        Rect(1, HEIGHT - 43, WIDTH - 2, 42, rx=10, ry=10, fillColor=colors.HexColor(GREEN), strokeColor=None)
    )
    for text, x, y, size, colour, _anchor in _layout(c):
        d.add(String(x, HEIGHT - y, text, fontName=font, fontSize=size, fillColor=colors.HexColor(colour)))
    if c.qr:
        left, top, m = _qr_geometry(c)
        for r, row in enumerate(c.qr):
            for k, dark in enumerate(row):
                if dark:
                    d.add(
                        Rect(
                            left + (k + 2) * m,
                            HEIGHT - top - (r + 3) * m,
                            m,
                            m,
                            fillColor=colors.black,
                            strokeColor=None,
                            strokeWidth=0,
                        )
                    )
        d.add(
            String(
                left + 55,
                HEIGHT - top - 124,
                t("label_scan"),
                fontName=font,
                fontSize=7.5,
                textAnchor="middle",
                fillColor=colors.HexColor("#333333"),
            )
        )
    return d


def write_label(study: Study, out: Path, certification: Certification = Certification()) -> Path:
    """Write the label as SVG or PNG, chosen by the suffix of `out`."""
    from footprint.report.errors import ReportError

    content = label_content(study, certification)
    suffix = out.suffix.lower()
    if suffix == ".svg":
        out.write_text(label_svg(content), encoding="utf-8")
        return out
    if suffix == ".png":
        return label_png(content, out)
    raise ReportError(f"{out}: a label is written as .svg or .png, not {suffix or 'a file without suffix'}")
