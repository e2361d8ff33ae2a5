"""Every page in Chinese, signed in as each role: no English words outside codes, units and proper names.

Each page is rendered with Streamlit's AppTest (all tabs and expanders are in the element tree) and every
text the user reads is collected: headers, markdown, captions, alerts, metric labels, widget labels and
the options they offer, button, tab and expander labels, and table column headers. Words in Latin letters
are then checked: codes (containing digits, dots, hyphens or underscores, or all capitals), units and a
short list of proper names pass; any other English word fails the test, naming where it was seen.
Table cells are data (citations, codes) and are not checked; their column headers are.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from sqlmodel import Session, select

from workflow.tables import Product

if TYPE_CHECKING:  # the word filter is imported by tests/products without Streamlit (make test-fast)
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import AppFactory

UNITS = {
    "kg",
    "g",
    "t",
    "mg",
    "kWh",
    "MWh",
    "Wh",
    "MJ",
    "GJ",
    "kJ",
    "km",
    "piece",
    "pieces",
    "Wp",
    "Ah",
    "L",
    "ml",
    "m",
    "CO2e",
    "CO2",
    "CH4",
    "N2O",
    "kgCO2e",
    "tCO2e",
    "yr",
    "h",
    "min",
    "s",
    "MB",
    "kB",
}
NAMES = {  # proper names, standards and formats the Chinese UI names as they are
    "Brightway",
    "Argonne",
    "BatPaC",
    "GREET",
    "EverBatt",
    "ecoinvent",
    "Istrate",
    "Excel",
    "YAML",
    "JSON",
    "PDF",
    "SVG",
    "QR",
    "CSV",
    "PACT",
    "Catena",
    "WBCSD",
    "Monte",
    "Carlo",
    "Sankey",
    "Spearman",
    "IPCC",
    "AR4",
    "AR5",
    "AR6",
    "GWP",
    "GWP100",
    "DQR",
    "PEF",
    "ISO",
    "GB",
    "MIIT",
    "EU",
    "CN",
    "JX",
    "YC",
    "LFP",
    "NCM",
    "NMC",
    "PV",
    "Jiangxi",
    "Yichun",
    "demo",
    "Streamlit",
    "xlsx",
    "yaml",
    "pcf",
    "CFP",
    "BOM",
    "BMS",
    "OK",
    "Li2CO3",
    "Deploy",
    "DESNZ",
    "CPCD",
    "MEE",
    "NBS",
    "gal",
    "pedigree",
}
SKIP_KEYS = {"app_lang_select"}  # the language switch names both languages ("语言 / Language", English)
ALLOWED = {w.lower() for w in UNITS | NAMES}
CITED = re.compile(r"(?:出处|来源)[：:][^\n]*")
WORD = re.compile(r"[A-Za-z][A-Za-z']+")
CODE = re.compile(r"`[^`]*`|https?://\S+|[\w./:\-]*[\d._/\-:][\w./:\-]*")  # code spans, URLs, ids


def _data() -> tuple[list[str], set[str]]:
    """Content the pages quote as it is (citations, enterprises' gap reasons and notes) and data codes.

    Citations are publications' titles and places (proper names); a model's reasons, sources and notes are
    the enterprise's own text; factor activities, scopes, process ids and rule roles are codes.
    """
    import yaml

    from products import example_files, list_rules

    quoted: set[str] = set()
    codes: set[str] = set()

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k in ("processes", "factors") and isinstance(v, dict):
                    codes.update(str(x).lower() for x in v)
                walk(v, str(k))
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in (
            "reason",
            "source",
            "note",
            "notes",
            "title",
            "location",
            "publisher",
            "url",
            "description",
            "en",
        ):
            quoted.add(value)
        elif isinstance(value, str) and key in ("role", "factor", "process", "id"):
            codes.add(value.lower())

    for path in example_files():
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    for rule in list_rules():
        codes.update(p.role.lower() for p in rule.processes)
        for r in rule.ranges:
            quoted.update(x for x in (r.source.title, r.source.location, r.source.publisher) if x)
    import csv
    from pathlib import Path

    import factors

    for table in (Path(factors.__file__).parent / "data").rglob("*.csv"):
        with table.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            quoted.update(
                str(row.get(k) or "")
                for k in (
                    "source_title",
                    "source_publisher",
                    "source_location",
                    "notes",
                    "scope_note",
                    "name_en",
                    "title",
                    "location",
                )
            )
            codes.update(str(row.get(k) or "").lower() for k in ("activity", "scope", "code"))
    return sorted((q for q in quoted if len(q) > 3), key=len, reverse=True), codes


def english_words(text: str) -> list[str]:
    """The English words of a text that are neither codes, acronyms, units nor allowed proper names."""
    quoted, codes = DATA
    for q in quoted:
        if q in text:
            text = text.replace(q, " ")
    text = CITED.sub(" ", text)  # a citation quotes its publication as published
    text = CODE.sub(" ", text)
    found = []
    for word in (w.strip("'") for w in WORD.findall(text)):
        if word.isupper() or word.lower() in ALLOWED or word.lower() in codes:
            continue
        found.append(word)
    return found


DATA = _data()


def shown(at: AppTest) -> Iterator[tuple[str, str]]:
    """(where, text) for every text the page shows the user, except table cells."""
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "success",
        "info",
        "warning",
        "error",
        "exception",
    ):
        for e in getattr(at, kind):
            yield kind, str(e.value)
    for m in at.metric:
        yield "metric", f"{m.label} {m.delta or ''}"
    for kind in (
        "button",
        "text_input",
        "number_input",
        "text_area",
        "checkbox",
        "toggle",
        "date_input",
        "radio",
        "selectbox",
        "multiselect",
        "tabs",
        "expander",
    ):
        for e in getattr(at, kind):
            if getattr(e, "key", None) in SKIP_KEYS:
                continue
            label = getattr(e, "label", "") or ""
            yield f"{kind} label", str(label)
            for option in getattr(e, "options", None) or []:
                yield f"{kind} option ({label})", str(option)
            empty = getattr(e, "value", None) in (None, [])
            if kind in ("selectbox", "multiselect") and empty and not getattr(e.proto, "placeholder", ""):
                yield f"{kind} placeholder ({label})", "Choose an option"  # Streamlit's default placeholder
            for attr in ("placeholder", "help"):
                value = getattr(e, attr, None) or (
                    e.proto.__getattribute__(attr) if hasattr(e, "proto") and hasattr(e.proto, attr) else ""
                )
                if value:
                    yield f"{kind} {attr} ({label})", str(value)
    for frame in at.dataframe:
        for column in frame.value.columns:
            yield "table header", str(column)


def leaks(at: AppTest) -> list[str]:
    assert not at.exception, [e.value for e in at.exception]
    found = sorted(
        {f"{where}: {words} in {text[:160]!r}" for where, text in shown(at) if (words := english_words(text))}
    )
    if found and os.environ.get("PCF_LEAKS_FILE"):
        with open(os.environ["PCF_LEAKS_FILE"], "a", encoding="utf-8") as out:
            out.write("\n".join(found) + "\n")
    return found


PAGES = [  # (role, page) — every page each role can open
    (None, "app_pages/home.py"),
    (None, "app_pages/factor_library.py"),
    (None, "app_pages/verify.py"),
    ("enterprise", "app_pages/home.py"),
    ("enterprise", "app_pages/products.py"),
    ("enterprise", "app_pages/declarations.py"),
    ("certifier", "app_pages/review.py"),
    ("certifier", "app_pages/declarations.py"),
    ("standards", "app_pages/standards.py"),
    ("admin", "app_pages/admin.py"),
]


class TestWordFilter:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("计算完成：94.73 kg CO2e / 1 kWh 额定能量", []),
            ("因子 elec.grid.CN-JX.2023（`processes.cell.inputs[1]`）", []),
            ("Choose an option", ["Choose", "an", "option"]),
            ("模型有 1 处问题：expected a number", ["expected", "number"]),
            ("BadZipFile", ["BadZipFile"]),
            ("GB/T 24067-2024、ISO 14067、PACT v3", []),
        ],
    )
    def test_words(self, text: str, expected: list[str]) -> None:
        assert english_words(text) == expected


@pytest.mark.parametrize(("role", "page"), PAGES, ids=lambda v: str(v).rsplit("/", 1)[-1])
def test_every_page_in_chinese_has_no_english_words(app: AppFactory, role: str | None, page: str) -> None:
    at = app(role, lang="zh", page=page)
    assert leaks(at) == []


def test_the_products_page_of_each_demo_product(app: AppFactory, db: Session) -> None:
    at = app("enterprise", lang="zh", page="app_pages/products.py")
    found = []
    for pid in db.exec(select(Product.id)).all():
        at.selectbox(key="prod_pick").set_value(pid).run()
        found += leaks(at)
    assert found == [], "\n".join(found)
