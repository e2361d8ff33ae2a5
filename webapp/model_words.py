"""Model problems in words: a model path becomes the process, input and field it names, in zh or en.

The core reports a problem at a model path (``processes.cell_assembly.inputs[1].amount``) with an English
message; the app never shows either raw. `place` names the spot (“过程“电芯制造”的第 2 项输入“负极活性材料”：
数量”), `sentence` translates the loader's known messages (the rest keep their English text, flagged as
such), and `issue_text` / `cell_text` put both together for a model issue and for a workbook cell.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from webapp.i18n import tr

_PATH = re.compile(
    r"^(?P<path>(?:product|processes|factors|cutoff|format|factor_release|notes)"
    r"(?:[.][\w\-.]+|\[\d+\])*)\s*:\s*(?P<message>.*)$",
    re.S,
)
_STEP = re.compile(r"\.?([\w\-]+)|\[(\d+)\]")
_LISTS = {
    "inputs": "input",
    "emissions": "emission",
    "co_products": "co_product",
    "x-gaps": "gap",
    "substitutes": "substitute",
    "removals": "removal",
}
FIELDS = (
    "amount",
    "unit",
    "factor",
    "process",
    "source",
    "name",
    "stage",
    "output",
    "mass",
    "role",
    "gas",
    "reference_flow",
    "functional_unit",
    "category",
    "geography",
    "reference_year",
    "gwp",
    "id",
    "battery",
    "rated_energy",
    "chemistry",
    "note",
    "reason",
    "pedigree",
    "bom",
    "allocation",
    "price",
    "value",
    "notes",
    "description",
    "inputs",
    "emissions",
    "co_products",
    "x-gaps",
    "substitutes",
    "usable_energy",
    "rated_capacity",
    "fate",
    "quality_ratio",
    "recycled_content",
    "share",
    "cff",
    "material",
)
# (pattern of the core's English message, translation key, groups passed on as fields)
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), k)
    for p, k in (
        (r"YAML reads an unquoted yes, no, on, off", "mw.yaml_bool"),
        (r"^required(?: \((?P<what>[^)]*)\))?$", "mw.required"),
        (r"^expected a number, got nothing$", "mw.required"),
        (r"^expected a number, got (?P<got>.*)$", "mw.number"),
        (r"^expected a finite number, got (?P<got>.*)$", "mw.number"),
        (r"^must be (?P<relation>[^ ]+(?: [^ ]+)?) (?P<limit>[-0-9.eE+]+), got (?P<got>.*)$", "mw.limit"),
        (r"^a unit is required", "mw.unit_required"),
        (
            r"^unknown unit (?P<got>'[^']*') \([^)]*\): .*; write (?P<zh>\S+) or (?P<en>\S+)$",
            "mw.unit_unread",
        ),
        (r"^unknown unit (?P<got>'[^']*')", "mw.unit_unknown"),
        (r"^cannot convert (?P<a>.+?) to (?P<b>.+?)(?: \(|$)", "mw.unit_mismatch"),
        (r"dimension", "mw.unit_mismatch_plain"),
        (r"^a source is required", "mw.source_required"),
        (r"^an input names exactly one of", "mw.one_of_factor_process"),
        (r"^references a missing process (?P<got>.*)$", "mw.missing_process"),
        (r"^unknown factor (?P<got>'[^']*')", "mw.unknown_factor"),
        (r"is not a factor|no factor|not in release|unknown code", "mw.unknown_factor_plain"),
        (r"^at least one process is required", "mw.no_process"),
        (r"^a process id uses letters", "mw.bad_id"),
        (r"^an id uses letters", "mw.bad_id"),
        (r"^(?P<got>'[^']*') is not one of AR4, AR5, AR6", "mw.gwp"),
        (r"^expected a year, got (?P<got>.*)$", "mw.year"),
        (r"^expected text, got", "mw.text"),
        (r"^expected '<amount> <unit>', got (?P<got>.*)$", "mw.quantity"),
        (r"^(?P<got>'[^']*') is not one of raw_materials", "mw.stage"),
        (r"is not this product's code (?P<code>'[^']*')", "mw.product_code"),
        (r"^not an \.xlsx workbook", "mw.not_workbook"),
        (r"^file not found", "mw.not_workbook"),
        (r"^expected TRUE or FALSE", "mw.boolean"),
        (r"^expected a whole number 1…5", "mw.score"),
        (r"^give all five pedigree scores", "mw.pedigree_all"),
        (r"^not valid JSON", "mw.json"),
        (r"^no process row \(kind=process\) defines (?P<got>.*)$", "mw.no_process_row"),
        (r"is defined twice", "mw.twice"),
        (r"^not used on (?P<kind>\w+) rows", "mw.not_used"),
        (r"not valid YAML", "mw.yaml"),
    )
)


def split_issue(text: str) -> tuple[str, str]:
    """(model path, message) of an issue string ``path: message``; ("", text) when it has no path."""
    m = _PATH.match(text.strip())
    return (m["path"], m["message"]) if m else ("", text.strip())


def sentence(message: str, language: str) -> str:
    """The core's English message in `language`; an untranslated one keeps its text (English only)."""
    message = re.sub(r"\s*\((?:processes|product|factors|cutoff)[^()]*\)\s*$", "", message.strip())
    message = re.sub(r"(/[\w.\-]+)+/", "", message)  # never a server path
    for pattern, key in _MESSAGES:
        m = pattern.search(message)
        if m:
            fields = {k: v or "" for k, v in m.groupdict().items()}
            return tr(key, language, **fields).strip()
    return message if language == "en" else tr("mw.other", language, text=message)


def place(path: str, data: Mapping[str, Any] | None, language: str) -> str:
    """Where `path` points, in words: the product field, or the process, its item and the field."""
    steps = [a or int(b) for a, b in _STEP.findall(path)]
    if not steps:
        return ""
    head, rest = steps[0], steps[1:]
    if head == "product":
        return tr("mw.at_product", language, field=_field_words([str(s) for s in rest], language))
    if head == "processes" and rest:
        pid = str(rest[0])
        proc = ((data or {}).get("processes") or {}).get(pid) or {}
        where = tr("mw.at_process", language, name=_name(proc, language) or pid)
        tail = rest[1:]
        if len(tail) >= 2 and tail[0] in _LISTS and isinstance(tail[1], int):
            items = proc.get(tail[0]) or []
            item = items[tail[1]] if tail[1] < len(items) and isinstance(items[tail[1]], dict) else {}
            label = _item_label(item, data, language)
            where += tr(
                f"mw.at_{_LISTS[str(tail[0])]}",
                language,
                n=tail[1] + 1,
                label=f"“{label}”" if language == "zh" and label else (f"'{label}'" if label else ""),
            )
            tail = tail[2:]
        field = _field_words([str(s) for s in tail], language)
        return f"{where}{tr('mw.sep', language)}{field}" if field else where
    if head == "factors" and rest:
        code, field = path[len("factors.") :], ""
        for key in FIELDS:  # a factor code holds dots: the field is a known key at its end
            if path.endswith(f".{key}"):
                code, field = path[len("factors.") : -len(key) - 1], key
                break
        words = _field_words([field], language) if field else ""
        return tr("mw.at_factor", language, code=code) + (f"{tr('mw.sep', language)}{words}" if words else "")
    return _field_words([str(s) for s in steps], language) if head in FIELDS else ""


def issue_text(issue: str, data: Mapping[str, Any] | None, language: str) -> str:
    """One model issue (``path: message``) as a sentence naming the place in words."""
    path, message = split_issue(str(issue))
    where = place(path, data, language) if path else ""
    said = sentence(message, language)
    return f"{where}{tr('mw.colon', language)}{said}" if where else said


def cell_text(issue: Any, language: str) -> str:
    """A workbook cell problem (`products.CellIssue`) naming the sheet, row and column in words."""
    from products.workbook_layout import CUTOFF_COLUMNS, FACTOR_COLUMNS, PRODUCT_COLUMNS, STAGE_COLUMNS

    labels = {
        c.key: (c.zh, c.en) for c in (*STAGE_COLUMNS, *PRODUCT_COLUMNS, *FACTOR_COLUMNS, *CUTOFF_COLUMNS)
    }
    said = sentence(re.sub(r"\s*\([\w.\[\]\-]+\)\s*$", "", str(issue.message)), language)
    if not issue.sheet:
        return said
    column = labels.get(issue.key, (issue.key, issue.key))[0 if language == "zh" else 1]
    where = tr(
        "mw.cell", language, sheet=issue.sheet, row=issue.row or "—", column=issue.column, label=column
    )
    return f"{where}{tr('mw.colon', language)}{said}"


def _name(obj: Mapping[str, Any], language: str) -> str:
    name = obj.get("name")
    if isinstance(name, dict):
        return str(name.get(language) or name.get("zh") or name.get("en") or "")
    return str(name or "")


def _item_label(item: Mapping[str, Any], data: Mapping[str, Any] | None, language: str) -> str:
    if _name(item, language):
        return _name(item, language)
    if item.get("process"):
        proc = ((data or {}).get("processes") or {}).get(str(item["process"])) or {}
        return _name(proc, language) or str(item["process"])
    return str(item.get("factor") or item.get("gas") or item.get("role") or "")


def _field_words(parts: list[str], language: str) -> str:
    words = [tr(f"mw.f.{p}", language) if p in FIELDS else p for p in parts if not p.isdigit()]
    return (" · " if language == "en" else "·").join(words)
