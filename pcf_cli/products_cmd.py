"""`pcf rules`, `pcf check`, `pcf template`, `pcf import`: product category rules and data collection.

Registered by `pcf_cli` through `register(app)`; the products package is imported inside the
commands so that `pcf --help` stays instant.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.text import Text

from pcf_cli.common import (
    DraftOption,
    JsonOption,
    LangOption,
    TextTable,
    console,
    err_console,
    handle_errors,
    lang_of,
    print_json,
)

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def register(app: typer.Typer) -> None:
    """Add the products commands to the `pcf` application."""
    app.command("rules")(rules)
    app.command("check")(check)
    app.command("template")(template)
    app.command("import")(import_workbook)


@handle_errors
def rules(as_json: bool = JsonOption, lang: str = LangOption) -> None:
    """List the product category rules with their functional units and unverified parameters."""
    from products import list_rules

    language = lang_of(lang)
    found = list_rules()
    if as_json:
        print_json(
            [
                {
                    "id": r.id,
                    "version": r.version,
                    "status": r.status,
                    "title": r.title.as_dict(),
                    "applies_to": list(r.applies_to),
                    "functional_units": [f.id for f in r.functional_units],
                    "unverified_parameters": [p.name for p in r.unverified()],
                    "file": r.file,
                }
                for r in found
            ]
        )
        return
    zh = language == "zh"
    table = TextTable(title="产品种类规则" if zh else "Product category rules")
    for head in (
        ("规则", "Rule"),
        ("版本", "Version"),
        ("名称", "Title"),
        ("产品类别", "Categories"),
        ("功能单位", "Functional units"),
        ("未核实参数", "Unverified parameters"),
    ):
        table.add_column(head[0] if zh else head[1])
    for r in found:
        table.add_row(
            r.id,
            r.version,
            r.title.get(language),
            ", ".join(r.applies_to),
            ", ".join(f.id for f in r.functional_units),
            str(len(r.unverified())),
        )
    console.print(table)


@handle_errors
def check(
    model_file: Path = typer.Argument(..., help="Product model (YAML, format pcf-model/1)"),
    rule_id: str = typer.Option(None, "--rule", help="Product category rule id (default: by category)"),
    functional_unit: str = typer.Option(
        None,
        "--fu",
        help="Functional unit of the rule to check against (default: the one the model declares)",
    ),
    release: str = typer.Option(
        None, "--release", "-r", help="Factor release (default: the model's pin, else latest)"
    ),
    as_json: bool = JsonOption,
    lang: str = LangOption,
    draft: bool = DraftOption,
) -> None:
    """Calculate MODEL_FILE and check it against its product category rule; exit 1 on any error finding."""
    from footprint.model import load_model
    from footprint.sources import DatabaseFactors
    from pcf_cli.common import session_scope
    from products import get_rule, has_errors, review, rule_for

    language = lang_of(lang)
    model = load_model(model_file)
    rule = get_rule(rule_id) if rule_id else rule_for(model)
    fu = rule.functional_unit(functional_unit) if functional_unit else None
    with session_scope() as session:
        source = DatabaseFactors(session, release or model.factor_release, allow_draft=draft)
        result, findings = review(model, rule, source, functional_unit=fu.id if fu else None)
    failed = has_errors(findings)
    if as_json:
        print_json(
            {
                "model": str(model_file),
                "product": model.product.id,
                "rule": rule.id,
                "rule_version": rule.version,
                "functional_unit": model.product.functional_unit,
                "total": result.total if result else None,
                "unit": result.unit if result else None,
                "by_stage": result.by_stage if result else None,
                "passed": not failed,
                "findings": [f.as_dict() for f in findings],
            }
        )
    else:
        _print_findings(model, rule, result, findings, language)
    if failed:
        raise typer.Exit(1)


def _print_findings(model: Any, rule: Any, result: Any, findings: list[Any], lang: str) -> None:
    from products import by_severity

    zh = lang == "zh"
    name = model.product.name.get(lang) or model.product.id
    rule_word = "规则" if zh else "rule"
    ident = escape(model.product.id)
    console.print(f"[bold]{escape(name)}[/]  ({ident})  — {rule_word} {rule.id} {rule.version}")
    if result is not None:
        head, per = ("碳足迹", "/") if zh else ("Carbon footprint", "per")
        fu = model.product.functional_unit
        console.print(f"{head}: [bold]{result.total:,.4g} {escape(result.unit)}[/] {per} {escape(fu)}")
    table = TextTable(title="检查结果" if zh else "Findings")
    heads = (("级别", "Severity"), ("代码", "Code"), ("位置", "Location"), ("说明", "Message"))
    for zh_head, en_head in heads:
        table.add_column(zh_head if zh else en_head, overflow="fold")
    for f in by_severity(findings):
        label = SEVERITY_ZH[f.severity.value] if zh else f.severity.value
        style = SEVERITY_STYLE[f.severity.value]
        table.add_row(Text(label, style=style), f.code, f.location or "-", f.message(lang))
    console.print(table)
    counts = {s: sum(f.severity.value == s for f in findings) for s in ("error", "warning", "info")}
    verdict = ("未通过" if zh else "FAILED") if counts["error"] else ("通过" if zh else "passed")
    errors, warnings, infos = counts["error"], counts["warning"], counts["info"]
    console.print(f"{verdict}: {errors} error(s), {warnings} warning(s), {infos} info")


@handle_errors
def template(
    rule_id: str = typer.Argument(
        None, show_default=False, help="Product category rule id (see `pcf rules`); default: the model's"
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Workbook to write (.xlsx)"),
    functional_unit: str = typer.Option(None, "--fu", help="Functional unit of the rule (default: its own)"),
    model_file: Path = typer.Option(
        None, "--model", help="Fill the workbook with this model instead of the rule's empty template"
    ),
) -> None:
    """Write a data-collection workbook for a rule (or a model in the same layout)."""
    from footprint.model import load_model
    from products import get_rule, rule_for, write_template, write_workbook

    if rule_id is None and model_file is None:
        raise typer.BadParameter("name a RULE (see `pcf rules`) or give --model")
    if model_file is not None:
        model = load_model(model_file)
        rule = get_rule(rule_id) if rule_id else rule_for(model)
        path = write_workbook(model, out, rule=rule)
    else:
        rule = get_rule(rule_id)
        path = write_template(rule, out, functional_unit=functional_unit)
    console.print(f"wrote {path} (rule {rule.id} {rule.version})")


@handle_errors
def import_workbook(
    workbook: Path = typer.Argument(..., help="Data-collection workbook (.xlsx)"),
    out: Path = typer.Option(..., "--out", "-o", help="Model file to write (YAML)"),
    check_factors: bool = typer.Option(
        True, "--factors/--no-factors", help="Also check every factor code against the database"
    ),
    release: str = typer.Option(None, "--release", "-r", help="Factor release for the factor check"),
) -> None:
    """Read a workbook into a model file; bad cells are listed by sheet, row and column, nothing written."""
    import yaml

    from footprint.sources import DatabaseFactors
    from pcf_cli.common import session_scope
    from products import read_workbook

    if check_factors:
        with session_scope() as session:
            model = read_workbook(workbook, source=DatabaseFactors(session, release))
    else:
        model = read_workbook(workbook)
    text = yaml.safe_dump(dict(model.data), allow_unicode=True, sort_keys=False, width=110)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    err_console.print(
        f"wrote {out} (product {model.product.id}, {len(model.processes)} processes, "
        f"model hash {model.hash[:12]})"
    )
