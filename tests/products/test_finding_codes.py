"""The registry of finding codes equals the codes the rule checks emit; docs/finding-codes.md is generated."""

from __future__ import annotations

import ast
from pathlib import Path

from products.finding_codes import CODES, FINDING_CODES, SEVERITY_LABELS, finding_codes_markdown
from products.findings import Severity

ROOT = Path(__file__).resolve().parents[2]
HELPERS = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}


def _emitted() -> dict[str, set[str]]:
    """Every (code → severities) of a findings helper call in products/*.py; `_make(sev)(...)` gives '?'."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "products").glob("*.py")):
        if path.name in ("findings.py", "finding_codes.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in HELPERS:
                severity = HELPERS[func.id].value
            elif isinstance(func, ast.Name) and func.id == "_range_finding":  # (helper, code, …)
                helper = node.args[0]
                assert isinstance(helper, ast.Name) and helper.id in HELPERS, f"{path.name}:{node.lineno}"
                severity = HELPERS[helper.id].value
                node = ast.Call(func, node.args[1:], [])
            elif isinstance(func, ast.Call) and isinstance(func.func, ast.Name) and func.func.id == "_make":
                severity = "?"
            else:
                continue
            if len(node.args) < 4:  # not a finding (e.g. a logger or another error())
                continue
            code = node.args[0]
            assert isinstance(code, ast.Constant) and isinstance(code.value, str), (
                f"{path.name}:{node.lineno}: a finding code must be a literal string"
            )
            found.setdefault(code.value, set()).add(severity)
    return found


def test_every_emitted_code_is_registered_and_vice_versa() -> None:
    emitted = _emitted()
    assert len(emitted) >= 30
    assert set(emitted) == set(CODES)


def test_registered_severity_is_the_emitted_one() -> None:
    for code, severities in _emitted().items():
        entry = CODES[code]
        if severities == {"?"}:
            assert entry.by_rule, f"{code}: its severity comes from a rule parameter; name it"
        else:
            assert severities == {entry.severity.value}, code


def test_codes_unique_and_described() -> None:
    assert len(CODES) == len(FINDING_CODES)
    assert all(c.zh and c.en for c in FINDING_CODES)
    assert set(SEVERITY_LABELS) == set(Severity)


def test_docs_table_is_generated() -> None:
    committed = (ROOT / "docs" / "finding-codes.md").read_text(encoding="utf-8")
    regenerate = "regenerate: python -m products.finding_codes > docs/finding-codes.md"
    assert committed == finding_codes_markdown(), regenerate
    for c in FINDING_CODES:
        assert f"| `{c.code}` |" in committed
