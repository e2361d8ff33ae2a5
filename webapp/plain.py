"""User text put into Markdown (st.markdown, captions, headers) escaped to read literally, never as markup."""

from __future__ import annotations

import re

# The characters that start Markdown constructs (links, images, emphasis, code, HTML, entities, tables,
# strikethrough, LaTeX, colour directives, emoji, URL and e-mail autolinks); CommonMark lets a backslash
# escape any of them. Other punctuation (`.`, `,`, `(`) stays readable.
_ESCAPES = {ord(c): "\\" + c for c in "\\`*_[]{}<>!#|~$:@&"}
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)]))")  # a list, quote or heading marker
_WWW = re.compile(r"(?i)(www)\.")


def md_text(value: object) -> str:
    """`value` as Markdown source that renders as exactly its text (one line: newlines become spaces)."""
    text = " ".join(("" if value is None else str(value)).splitlines()).translate(_ESCAPES)
    text = _LINE_START.sub(
        lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2)), text
    )
    return _WWW.sub(r"\1\\.", text)
