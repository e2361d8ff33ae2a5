"""`pcf report`, `pcf export`, `pcf label`, `pcf import-pact`: declarations, reports and data exchange.

Thin wiring: the work happens in `footprint.exchange` and `footprint.report`, imported inside the commands.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import typer

from pcf_cli.common import GWP_HELP, check_gwp, console, handle_errors, lang_of

ReleaseOpt = typer.Option(None, "--release", "-r", help="Factor release (default: the model's, or latest)")
GwpOpt = typer.Option(None, "--gwp", help=GWP_HELP)
CertOpt = typer.Option(None, "--certificate", help="Certificate number (none: 'not certified')")
CertifierOpt = typer.Option(None, "--certifier", help="Certification body")
CertDateOpt = typer.Option(None, "--certified-on", help="Date of certification, YYYY-MM-DD")
VerifyOpt = typer.Option(None, "--verify-url", help="Verification link (the label's QR code)")
StudyUrlOpt = typer.Option(None, "--study-url", help="Web link to the public study (EU battery declaration)")


def _load_upper_layers() -> None:
    """Let the packages above the core add their formats and report pages (the faces' one install point)."""
    from products.extensions import install_extensions

    install_extensions()


def _with_rule_defaults(study: Any, options: Any) -> Any:
    """Options completed with what the product's rule supplies (the same call as every other face)."""
    from products.extensions import declaration_options

    return declaration_options(study, options)


def register(app: typer.Typer) -> None:
    """Add the commands to the `pcf` application."""
    app.command("report")(report)
    app.command("export")(export)
    app.command("label")(label)
    app.command("import-pact")(import_pact)


def report(
    model_file: Path = typer.Argument(..., help="Product model (YAML, pcf-model/1)"),
    out: Path = typer.Option(..., "--out", "-o", help="PDF file to write"),
    lang: str = typer.Option(None, "--lang", help="zh (default, or PCF_LANG) or en"),
    release: str = ReleaseOpt,
    gwp: str = GwpOpt,
    iterations: int = typer.Option(0, "--iterations", "-n", help="Monte Carlo iterations (0 = none)"),
    seed: int = typer.Option(None, "--seed", help="Random seed of the Monte Carlo run"),
    certificate: str = CertOpt,
    certifier: str = CertifierOpt,
    certified_on: str = CertDateOpt,
    verify_url: str = VerifyOpt,
    study_url: str = StudyUrlOpt,
) -> None:
    """Write the footprint study report of MODEL_FILE as a PDF (Chinese or English)."""
    language = lang_of(lang)
    cert = _certification(certificate, certifier, certified_on, verify_url)
    path, total = _report(model_file, out, language, release, gwp, iterations, seed, cert, study_url)
    console.print(f"{path}: {total} kg CO2e")


@handle_errors
def _report(
    model_file: Path,
    out: Path,
    lang: str,
    release: str | None,
    gwp: str | None,
    iterations: int,
    seed: int | None,
    cert: Any,
    study_url: str | None,
) -> tuple[Path, str]:
    from footprint.exchange.figures import figure
    from footprint.exchange.options import ExportOptions
    from footprint.report import write_report

    _load_upper_layers()

    study = _study(model_file, release, gwp, iterations=iterations, seed=seed)
    options = _with_rule_defaults(study, ExportOptions(study_url=study_url or ""))
    path = write_report(study, out, lang=lang, certification=cert, options=options)
    return path, figure(study.result.total)


def export(
    model_file: Path = typer.Argument(None, help="Product model (YAML, pcf-model/1)"),
    fmt: str = typer.Option(
        None,
        "--format",
        "-f",
        help="pact3 | pact2 | eu-battery | brightway | olca (`--formats` lists every registered format)",
    ),
    out: Path = typer.Option(None, "--out", "-o", help="File to write"),
    formats: bool = typer.Option(False, "--formats", help="List the export formats and stop"),
    release: str = ReleaseOpt,
    gwp: str = GwpOpt,
    study_url: str = StudyUrlOpt,
    passport: bool = typer.Option(False, "--passport", help="EU battery: add the Battery Passport fields"),
    doc_id: str = typer.Option(None, "--conformity-id", help="EU battery: declaration of conformity number"),
    created: str = typer.Option(None, "--created", help="PACT: creation time (RFC 3339; default now)"),
    pf_id: str = typer.Option(None, "--pf-id", help="PACT: footprint id (default: derived from the model)"),
    certificate: str = CertOpt,
    certifier: str = CertifierOpt,
    certified_on: str = CertDateOpt,
    bw_python: Path = typer.Option(
        None,
        "--bw-python",
        help="Brightway: a Python with bw2data (e.g. .venv-bw/bin/python) to load the package into a project",
    ),
    bw_dir: Path = typer.Option(None, "--bw-dir", help="Brightway: BRIGHTWAY2_DIR of the project"),
    bw_project: str = typer.Option(None, "--bw-project", help="Brightway: project (default pcf-<product>)"),
) -> None:
    """Export MODEL_FILE's footprint: PACT, EU battery declaration, Brightway package, openLCA zip."""
    if formats:
        _list_formats()
        return
    if model_file is None or fmt is None or out is None:
        raise typer.BadParameter("MODEL_FILE, --format and --out are required (or --formats)")
    options = _options(
        study_url,
        passport,
        doc_id,
        created,
        pf_id,
        _certification(certificate, certifier, certified_on, None),
    )
    path, note = _export(model_file, fmt, out, options, release, gwp, bw_python, bw_dir, bw_project)
    console.print(f"{path}" + (f"  {note}" if note else ""))


@handle_errors
def _export(
    model_file: Path,
    fmt: str,
    out: Path,
    options: Any,
    release: str | None,
    gwp: str | None,
    bw_python: Path | None,
    bw_dir: Path | None,
    bw_project: str | None,
) -> tuple[Path, str]:
    from footprint.exchange.registry import export as run_export
    from footprint.exchange.registry import get_format

    _load_upper_layers()
    get_format(fmt)  # an unknown name fails before the calculation
    study = _study(model_file, release, gwp)
    path = run_export(study, fmt, out, _with_rule_defaults(study, options))
    if fmt == "brightway" and bw_python is not None:
        from footprint.exchange.brightway import load_into_project

        summary = load_into_project(path, python=bw_python, brightway_dir=bw_dir, project=bw_project)
        return path, f"loaded into Brightway project {summary['project']!r}"
    return path, ""


def label(
    model_file: Path = typer.Argument(..., help="Product model (YAML, pcf-model/1)"),
    out: Path = typer.Option(..., "--out", "-o", help="Label file: .svg or .png"),
    release: str = ReleaseOpt,
    gwp: str = GwpOpt,
    certificate: str = CertOpt,
    certifier: str = CertifierOpt,
    certified_on: str = CertDateOpt,
    verify_url: str = VerifyOpt,
) -> None:
    """Draw the carbon label of MODEL_FILE (SVG or PNG): footprint, certificate number, verification QR."""
    cert = _certification(certificate, certifier, certified_on, verify_url)
    console.print(str(_label(model_file, out, release, gwp, cert)))


@handle_errors
def _label(model_file: Path, out: Path, release: str | None, gwp: str | None, cert: Any) -> Path:
    from footprint.report import write_label

    return write_label(_study(model_file, release, gwp), out, cert)


def import_pact(
    footprint_file: Path = typer.Argument(..., help="A PACT ProductFootprint (v2 or v3 JSON)"),
    model: Path = typer.Option(None, "--model", "-m", help="Model to add the factor to (written to --out)"),
    code: str = typer.Option(None, "--code", help="Factor code (default: pact.<product name>)"),
    out: Path = typer.Option(None, "--out", "-o", help="New model file (default: <model>.<code>.yaml)"),
    schema: Path = typer.Option(None, "--schema", help="Also validate against this PACT openapi.yaml"),
) -> None:
    """Import a supplier's PACT footprint as a model-local factor: print it as YAML, or add it to a model."""
    text = _import_pact(footprint_file, model, code, out, schema)
    typer.echo(text, nl=False)


@handle_errors
def _import_pact(
    footprint_file: Path, model: Path | None, code: str | None, out: Path | None, schema: Path | None
) -> str:
    from footprint.exchange.model_merge import factor_yaml, merge_into_file
    from footprint.exchange.pact_import import (
        default_code,
        factor_from_footprint,
        read_footprint,
        validate_with_openapi,
    )

    doc = read_footprint(footprint_file)
    if schema is not None:
        validate_with_openapi(doc, schema, str(footprint_file))
    code = code or default_code(doc)
    factor = factor_from_footprint(doc, source_name=footprint_file.name)
    _warn_if_expired(doc, factor, footprint_file.name)
    if model is None:
        return "factors:\n" + factor_yaml(code, factor, indent="  ")
    target = out or model.with_name(f"{model.stem}.{code}.yaml")
    merge_into_file(model, code, factor, target)
    return f"{target}: factors.{code} added ({factor['value']} {factor['unit']})\n"


# -- shared wiring --
def _study(
    model_file: Path, release: str | None, gwp: str | None, *, iterations: int = 0, seed: int | None = None
) -> Any:
    """Load and calculate a model on the configured database; every model problem reported at once."""
    from footprint.calculate import check_file
    from footprint.errors import ModelError
    from footprint.exchange.study import build_study
    from footprint.model import load_model
    from footprint.sources import DatabaseFactors
    from pcf_cli.common import session_scope

    check_gwp(gwp)
    with session_scope() as session:
        try:
            model = load_model(model_file)
        except ModelError as exc:
            issues = check_file(str(model_file), DatabaseFactors(session, release), gwp=gwp) or exc.issues
            raise ModelError(str(model_file), issues) from None
        source = DatabaseFactors(session, release or model.factor_release)
        return build_study(model, source, gwp=gwp, iterations=iterations, seed=seed)


def _certification(certificate: str | None, body: str | None, on: str | None, url: str | None) -> Any:
    from footprint.exchange.options import Certification

    date = None
    if on:
        try:
            date = dt.date.fromisoformat(on)
        except ValueError:
            raise typer.BadParameter(f"--certified-on must be a date YYYY-MM-DD, got {on!r}") from None
    return Certification(certificate or "", body or "", date, url or "")


def _options(
    study_url: str | None,
    passport: bool,
    doc_id: str | None,
    created: str | None,
    pf_id: str | None,
    cert: Any,
) -> Any:
    from footprint.exchange.options import ExportOptions

    moment = None
    if created:
        try:
            moment = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
        except ValueError:
            raise typer.BadParameter(f"--created must be an RFC 3339 date-time, got {created!r}") from None
    return ExportOptions(
        created=moment,
        study_url=study_url or "",
        passport=passport,
        conformity_declaration_id=doc_id or "",
        pf_id=pf_id or "",
        certification=cert,
    )


@handle_errors
def _list_formats() -> None:
    _load_upper_layers()
    from footprint.exchange.registry import formats

    for fmt in formats().values():
        console.print(f"{fmt.name:12} {fmt.suffix:6} {fmt.title_en} / {fmt.title_zh}")


def _warn_if_expired(doc: Any, factor: dict[str, Any], name: str) -> None:
    """An expired footprint is imported (it may be the only one) but never without a word."""
    import datetime as dt

    from footprint.exchange.pact_pull import validity_period
    from pcf_cli.common import err_console

    _start, end = validity_period(doc)
    if dt.datetime.now(dt.UTC) > end:
        word = f"the footprint's validity ended on {end:%Y-%m-%d}"
        factor["notes"] = f"{factor.get('notes', '')}; {word}".lstrip("; ")
        err_console.print(
            f"[yellow]warning:[/] {name}: {word}: ask the supplier for a current one",
            markup=True,
            soft_wrap=True,
        )
