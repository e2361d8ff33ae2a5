"""`pcf factors impact OLD NEW` and `pcf recalc --release NEW` (issue 16): the provincial-scale paths.

`impact` re-rates every stored certificate and declaration under two releases (one sparse product) and
stores the analysis as a new record with a notice to each affected enterprise; `recalc` re-solves the
stored models under a release on Dask distributed (LocalCluster, or ``PCF_DASK_SCHEDULER``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from pcf_cli.common import JsonOption, console, err_console, handle_errors, print_json, session_scope
from pcf_cli.workflow_cmd import workflow_errors


def register(app: typer.Typer) -> None:
    """Add `pcf factors impact` (under the existing factors group) and `pcf recalc`."""
    from pcf_cli import factors_cmd

    if all(c.name != "impact" for c in factors_cmd.app.registered_commands):  # once per process
        factors_cmd.app.command("impact")(impact)
    app.command("recalc")(recalc)


def _percent(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:+.2f}%"


def _figure(x: float | None) -> str:
    return "—" if x is None else f"{x:.6g}"


@handle_errors
@workflow_errors
def impact(
    old: str = typer.Argument(..., help="The release the records are compared from, e.g. 2026.1."),
    new: str = typer.Argument(..., help="The new release, e.g. 2026.2."),
    threshold: str = typer.Option(
        "0", "--threshold", help="List only changes of at least this much (5% or 0.05)."
    ),
    category: str = typer.Option(
        "", "--category", help="Only products of this category pattern, e.g. battery.*"
    ),
    gwp: str = typer.Option("", "--gwp", help="Re-rate under this GWP set instead of each record's own."),
    out: Path | None = typer.Option(
        None, "--out", help="Also write the report as an Excel workbook (.xlsx)."
    ),
    save: bool = typer.Option(
        True, "--save/--no-save", help="Store the analysis and notify the enterprises."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Which stored certificates and declarations a new factor release changes, by how much and why."""
    import workflow.tables  # noqa: F401  (registers the workflow tables)
    from workflow.impact import impact_items, parse_threshold, record_impact

    limit = parse_threshold(threshold)
    with session_scope() as session:
        report = impact_items(session, old, new, category=category or None, threshold=limit, gwp=gwp or None)
        analysis_id = record_impact(session, report) if save else None
    payload = {**report.as_dict(), "analysis_id": analysis_id}
    if out is not None:
        write_workbook(payload, out)
    if as_json:
        print_json(payload)
        return
    table = Table(
        title=f"{report.old_release} → {report.new_release}: {len(report.items)} of {report.n_records}"
    )
    for name in ("record", "kind", "product", "old", "new", "change", "drivers", "recalculate"):
        table.add_column(name, justify="right" if name in ("old", "new", "change") else "left")
    for it in report.items:
        drivers = ", ".join(f"{d['code']} {d['contribution']:+.3g}" for d in it["drivers"][:3])
        table.add_row(
            it["record"],
            it["kind"],
            escape(it["product"]),
            _figure(it["old_total"]),
            _figure(it["new_total"]),
            _percent(it["change"]),
            escape(drivers),
            "yes" if it["needs_recalculation"] else "",
        )
    console.print(table)
    for change in report.resolution_changes:
        console.print(f"resolution: {escape(change['change'])}")
    if out is not None:
        console.print(f"written: {out}")


def write_workbook(payload: dict[str, Any], path: Path) -> Path:
    """The impact report as .xlsx: one row per record (drivers as text), and the resolution changes."""
    import pandas as pd

    rows = [
        {
            **{k: v for k, v in it.items() if k not in ("drivers", "reasons")},
            "drivers": "; ".join(f"{d['code']}: {d['contribution']:+.6g}" for d in it["drivers"]),
            "reasons": "; ".join(it["reasons"]),
        }
        for it in payload["items"]
    ]
    if path.suffix.lower() != ".xlsx":
        raise typer.BadParameter(f"--out {path}: expected an .xlsx file name")
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        pd.DataFrame(rows or [{"record": ""}]).to_excel(xl, sheet_name="impact", index=False)
        pd.DataFrame(payload["resolution_changes"] or [{"change": ""}]).to_excel(
            xl, sheet_name="resolution_changes", index=False
        )
    return path


@handle_errors
@workflow_errors
def recalc(
    release: str = typer.Option(..., "--release", help="The factor release to recalculate under."),
    category: str = typer.Option(
        "", "--category", help="Only products of this category pattern, e.g. battery.*"
    ),
    iterations: int = typer.Option(
        0, "--iterations", min=0, help="Monte Carlo iterations per model (0: none)."
    ),
    workers: int = typer.Option(
        2, "--workers", min=1, help="Workers of the LocalCluster (ignored with a scheduler)."
    ),
    out: Path | None = typer.Option(None, "--out", help="Write each record's result JSON into this folder."),
    as_json: bool = JsonOption,
) -> None:
    """Recalculate every stored model under a release on Dask distributed (PCF_DASK_SCHEDULER or local)."""
    from rich.progress import Progress

    import workflow.tables  # noqa: F401
    from workflow.recalc import dask_client, recalculate_stored

    with (
        session_scope() as session,
        dask_client(workers=workers) as client,
        Progress(console=err_console) as bar,
    ):
        task = bar.add_task("recalculating", total=None)
        outcomes = recalculate_stored(
            session,
            release,
            category=category or None,
            iterations=iterations,
            client=client,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for o in outcomes:
            if o["ok"]:
                (out / f"{o['record']}.json").write_text(o["result_json"], encoding="utf-8")
    failed = [o for o in outcomes if not o["ok"]]
    if as_json:
        print_json({"release": release, "items": outcomes, "failed": len(failed)})
    else:
        table = Table(
            title=f"recalculated under {release}: {len(outcomes) - len(failed)} ok, {len(failed)} failed"
        )
        for name in ("record", "kind", "product", "total", "error"):
            table.add_column(name)
        for o in outcomes:
            table.add_row(
                o["record"],
                o["kind"],
                escape(o["product"]),
                _figure(o.get("total")),
                escape(o.get("error", "")),
            )
        console.print(table)
    if failed:
        raise typer.Exit(1)
