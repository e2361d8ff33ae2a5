"""Texts of the certification gates' second round (issue 12): the certifier's request for changes as the
enterprise reads it, and whether a justified rule error is still found in the latest submitted version."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "gates.change_request": (
        "认证机构的修改要求：{note}",
        "What the certification body asks you to change: {note}",
    ),
    "gates.still_found": (
        "最新提交的版本仍有此错误：接受企业理由，或要求修改。",
        "The latest submitted version still has this error: accept the justification or request changes.",
    ),
    "gates.corrected": (
        "最新提交的版本已改正此错误：确认后关闭此意见。",
        "The latest submitted version corrects this error: check it and close the finding.",
    ),
    "gates.diff.change": ("变化（+ 新增，- 删除，~ 修改）", "Change (+ added, - removed, ~ changed)"),
    "gates.close": ("确认已改正并关闭", "Confirm corrected and close"),
}
