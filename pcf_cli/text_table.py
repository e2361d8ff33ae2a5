"""A rich table whose text cells are shown as written (user text is never Rich markup)."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text


class TextTable(Table):
    """A table whose text cells are shown as written: user text ("[/bold]" in a name) is never Rich markup.

    A cell that should be styled is passed as a `rich.text.Text` (e.g. ``Text(label, style="red")``).
    """

    def add_row(self, *renderables: Any, **kwargs: Any) -> None:
        super().add_row(*(Text(r) if isinstance(r, str) else r for r in renderables), **kwargs)
