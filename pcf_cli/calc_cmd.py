"""`pcf calc MODEL.yaml`: the footprint of a product model per functional unit."""

from __future__ import annotations

import math
from pathlib import Path

import typer

from footprint.vocab import STAGE_LABELS
from pcf_cli.common import (
    GWP_HELP,
    DraftOption,
    JsonOption,
    LangOption,
    check_gwp,
    escape,
    get_console,
    handle_errors,
    lang_of,
)

STAGE_NAMES = {s.value: label for s, label in STAGE_LABELS.items()}


def calc(
    model_file: Path = typer.Argument(..., help="Product model (YAML, format pcf-model/1)"),
    gwp: str = typer.Option(None, "--gwp", help=GWP_HELP),
    release: str = typer.Option(
        None, "--release", "-r", help="Factor release (default: the model's pin, else latest)"
    ),
    iterations: int = typer.Option(0, "--iterations", "-n", help="Monte Carlo iterations (0 = none)"),
    seed: int = typer.Option(None, "--seed", help="Random seed for Monte Carlo (same seed, same numbers)"),
    as_json: bool = JsonOption,
    out: Path = typer.Option(None, "--out", help="Also write the JSON result to this file"),
    lang: str = LangOption,
    draft: bool = DraftOption,
) -> None:
    """Calculate the carbon footprint of MODEL_FILE per functional unit."""
    language = lang_of(lang)
    check_gwp(gwp)
    if iterations and iterations < 2:
        raise typer.BadParameter("--iterations needs at least 2 (or 0 for none)")
    result = run_calc(model_file, gwp=gwp, release=release, iterations=iterations, seed=seed, draft=draft)
    if out is not None:
        out.write_text(result.to_json(), encoding="utf-8")
    if as_json:
        typer.echo(result.to_json())
        return
    print_result(result, language)


@handle_errors
def run_calc(
    model_file: Path,
    *,
    gwp: str | None,
    release: str | None,
    iterations: int,
    seed: int | None,
    draft: bool = False,
):
    from footprint.calculate import calculate, check_file
    from footprint.errors import ModelError
    from footprint.model import load_model
    from footprint.sqlite_source import database_source

    big = model_file.is_file() and model_file.stat().st_size > BIG_FILE
    if big:
        _progress(f"reading {model_file} ({model_file.stat().st_size / 1e6:,.0f} MB)")
    try:
        model = load_model(model_file)
    except ModelError as exc:
        # report the problems later stages would find too (unknown factors, units), all at once
        with database_source(release, allow_draft=draft) as source:
            issues = check_file(str(model_file), source, gwp=gwp) or exc.issues
        raise ModelError(str(model_file), issues) from None
    with database_source(release or model.factor_release, allow_draft=draft) as source:
        progress = _progress if big or len(model.processes) > BIG_MODEL else None
        return calculate(model, source, gwp=gwp, iterations=iterations, seed=seed, progress=progress)


BIG_FILE = 5_000_000  # bytes (about 10,000 processes): progress lines on stderr from here
BIG_MODEL = 10_000  # processes


def _progress(text: str) -> None:
    import time

    get_console(stderr=True).print(f"[dim]{time.strftime('%H:%M:%S')} {escape(text)} …[/]", soft_wrap=True)


def print_result(result, lang: str) -> None:
    from pcf_cli.text_table import TextTable

    console = get_console()

    zh = lang == "zh"
    name = (
        result.product["name"].get(lang)
        or result.product["name"].get("en" if zh else "zh")
        or result.product["id"]
    )
    console.print(f"[bold]{escape(name)}[/]  ({escape(result.product['id'])})")
    console.print(
        ("功能单位" if zh else "Functional unit")
        + f": {result.functional_unit}    "
        + ("因子版本" if zh else "Factor release")
        + f": {result.factor_release}    GWP100: {result.gwp}",
        markup=False,
    )
    console.print(
        f"[bold green]{'碳足迹' if zh else 'Carbon footprint'}: {result.total:,.4g} kg CO2e[/] "
        + ("/ 功能单位" if zh else "per functional unit")
    )
    if result.uncertainty:
        u = result.uncertainty
        console.print(
            ("蒙特卡洛" if zh else "Monte Carlo") + f" ({u['iterations']}, seed {u['seed']}): "
            f"mean {u['mean']:,.4g}, median {u['median']:,.4g}, 95% [{u['p2_5']:,.4g}, {u['p97_5']:,.4g}]"
        )
    stages = TextTable(title="按阶段" if zh else "By stage")
    stages.add_column("阶段" if zh else "Stage")
    stages.add_column("kg CO2e", justify="right")
    stages.add_column("%", justify="right")
    for stage, value in result.by_stage.items():
        label = STAGE_NAMES.get(stage, (stage, stage))[0 if zh else 1]
        stages.add_row(label, f"{value:,.4g}", _pct(value, result.total))
    console.print(stages)
    if result.credits["items"] or result.end_of_life.get("fates"):
        print_end_of_life(result, zh)
    procs = TextTable(title="主要过程" if zh else "Top processes")
    procs.add_column("过程" if zh else "Process")
    procs.add_column("kg CO2e", justify="right")
    procs.add_column("%", justify="right")
    names = {p["id"]: (p["name"].get(lang) or p["id"]) for p in result.processes}
    for pid, value in result.top_processes(8):
        procs.add_row(
            f"{names[pid]} ({pid})" if names[pid] != pid else pid, f"{value:,.4g}", _pct(value, result.total)
        )
    console.print(procs)
    dq = result.data_quality
    if dq.get("dqr") is not None:
        console.print(
            ("数据质量" if zh else "Data quality") + f": DQR {dq['dqr']:.2f} ({dq['level']}), "
            f"coverage {dq['coverage']:.0%}"
        )
    for w in result.warning_details:
        text = w["message_zh"] if zh else w["message"]
        get_console(stderr=True).print(
            f"[yellow]{'提示' if zh else 'warning'}:[/] {escape(text)}", soft_wrap=True
        )


def print_end_of_life(result, zh: bool) -> None:
    """Burdens, credits (kept apart) and the net footprint under the model's end-of-life method."""
    from footprint.circular import METHOD_NAMES, EolMethod
    from pcf_cli.text_table import TextTable

    console = get_console()
    eol = result.end_of_life
    method = EolMethod(eol["method"])
    view = eol["views"][method.value]
    table = TextTable(
        title=("负荷、抵免与净值" if zh else "Burdens, credits and net")
        + " — "
        + METHOD_NAMES[method]["zh" if zh else "en"]
    )
    for head in (
        ("阶段", "Stage"),
        ("负荷", "Burdens"),
        ("抵免（单列）", "Credits (apart)"),
        ("净值", "Net"),
    ):
        table.add_column(head[0 if zh else 1], justify="left" if head[1] == "Stage" else "right")
    credits = result.credits["by_stage"]
    for stage in dict.fromkeys([*result.by_stage, *credits]):
        label = STAGE_NAMES.get(stage, (stage, stage))[0 if zh else 1]
        net = view["by_stage"].get(stage)
        table.add_row(
            label,
            f"{result.by_stage.get(stage, 0.0):,.4g}",
            f"{credits.get(stage, 0.0):,.4g}",
            "-" if view["total"] is None or net is None else f"{net:,.4g}",
        )
    console.print(table)
    if view["total"] is None:
        console.print(("未计算净值：" if zh else "Net not calculated: ") + "; ".join(view["missing"]))
    else:
        console.print(
            f"[bold]{'净碳足迹' if zh else 'Net footprint'} ({METHOD_NAMES[method]['zh' if zh else 'en']})"
            f": {view['total']:,.4g} kg CO2e[/]"
        )


def _pct(value: float, total: float) -> str:
    share = 100 * (value / total) if total else None
    return f"{share:.1f}" if share is not None and math.isfinite(share) else "-"


def register(app: typer.Typer) -> None:
    """Add `pcf calc`."""
    app.command("calc")(calc)
