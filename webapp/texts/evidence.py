"""Texts of the enterprise's evidence panel (attach files to a version, an input line, a finding answer)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "ev.title": ("证据文件", "Evidence files"),
    "ev.hint": (
        "附上支撑数据的文件：物料清单、电表读数、发票、供应商声明等。文件随提交一同冻结，认证机构可查看和下载。",
        "Attach the files behind the data: bill of materials, meter readings, invoices, supplier "
        "declarations. They are frozen with the submission; the certifier sees and downloads them.",
    ),
    "ev.target": ("附加到", "Attach to"),
    "ev.target.version": ("整个模型版本", "The whole model version"),
    "ev.target.finding": ("审核意见 #{id} 的答复：{text}", "Answer to finding #{id}: {text}"),
    "ev.at_finding": ("审核意见 #{id} 的答复", "Answer to finding #{id}"),
    "ev.col.where": ("附加位置", "Attached to"),
    "ev.file": ("文件", "File"),
    "ev.file_help": (
        "PDF、PNG、JPEG、CSV、文本、Excel 或 Word，单个文件不超过 20 MB。",
        "PDF, PNG, JPEG, CSV, text, Excel or Word, up to 20 MB per file.",
    ),
    "ev.note": ("说明（可选）", "Note (optional)"),
    "ev.note_hint": ("例如：2026 年 1–6 月电表读数", "e.g. meter readings January–June 2026"),
    "ev.attach": ("附加文件", "Attach the file"),
    "ev.no_file": ("请先选择一个文件。", "Choose a file first."),
    "ev.attached": ("已附加 {file}（{where}）。", "Attached {file} ({where})."),
    "ev.frozen_hint": (
        "第 {n} 版已提交并冻结：再附加文件会被拒绝，请先保存新版本。",
        "Version {n} was submitted and is frozen: attaching more is refused; save a new version first.",
    ),
    "ev.answer_hint": (
        "可为答复附上证据（例如更正后的发票）。",
        "You may attach evidence to an answer (e.g. a corrected invoice).",
    ),
}
