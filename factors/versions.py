"""Release versions in their natural order (a module of its own: the light read path needs it too)."""

from __future__ import annotations

import re


def version_key(version: str) -> tuple:
    """Natural order of versions: 2026.2 < 2026.10; numeric parts compare as numbers."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\-]", version))
