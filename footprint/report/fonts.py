"""The embedded CJK font: WenQuanYi Zen Hei (TrueType: reportlab embeds it, so every viewer shows Chinese)."""

from __future__ import annotations

import os
from pathlib import Path

from footprint.report.errors import ReportError

FONT = "WQYZenHei"
FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
ENV_FONT = "PCF_CJK_FONT"


def font_file() -> Path:
    """The font file: ``PCF_CJK_FONT`` if set, else Debian's fonts-wqy-zenhei."""
    return Path(os.environ.get(ENV_FONT) or FONT_FILE)


def register_font() -> str:
    """Register the font with reportlab once and return its name; `ReportError` says how to install it."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    path = font_file()
    if not path.is_file():
        raise ReportError(
            f"the CJK font {path} is missing: install Debian's fonts-wqy-zenhei "
            f"(apt-get install fonts-wqy-zenhei) or point {ENV_FONT} to a TrueType CJK font"
        )
    try:
        pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
    except TTFError as exc:
        raise ReportError(
            f"cannot use {path} as the report font ({exc}); it must be a TrueType font, "
            "not a CFF/OpenType one such as Noto Sans CJK"
        ) from None
    return FONT
