"""`pcf factors …`: search, show, import, export, releases, diff, publish, resolve."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape
from rich.table import Table

from pcf_cli.common import (
    JsonOption,
    LangOption,
    console,
    handle_errors,
    lang_of,
    print_json,
    session_scope,
)
from pcf_cli.factor_text import basis_text, citation_text, intensity_unit, quality_text, t, uncertainty_text

if TYPE_CHECKING:
    from factors.query import FactorRead

app = typer.Typer(no_args_is_help=True, help="The emission-factor database.")

ReleaseOption = typer.Option(None, "--release", "-r", help="Factor release (default: latest published).")


@app.command("search")
@handle_errors
def search(
    text: list[str] = typer.Argument(None, help="Words to find, Chinese or English (all must match)."),
    geo: str = typer.Option(None, "--geo", help="Geography code; includes the places below it."),
    category: str = typer.Option(None, "--category", help="Category or category prefix (e.g. electricity)."),
    year: int = typer.Option(None, "--year", help="Reference year."),
    source: str = typer.Option(
        None,
        "--source",
        help="Emission-source class: fuel_combustion, "
        "purchased_energy, industrial_process, transport, materials_products, waste.",
    ),
    industry: str = typer.Option(
        None, "--industry", help="GB/T 4754 industry code or prefix (e.g. 44, 3841)."
    ),
    release: str = ReleaseOption,
    limit: int = typer.Option(50, "--limit", help="At most this many rows."),
    lang: str = LangOption,
    as_json: bool = JsonOption,
) -> None:
    """Search factors by text, geography, category, year, emission source and industry."""
    from factors.classes import check_filters
    from factors.query import search_factors

    language = lang_of(lang)
    check_filters(source, industry, language)
    with session_scope() as session:
        found = search_factors(
            session,
            " ".join(text or []),
            geography=geo,
            category=category,
            year=year,
            release=release,
            limit=limit,
            source_class=source,
            industry=industry,
        )
    if as_json:
        print_json([f.model_dump(mode="json") for f in found])
        return
    if not found:
        console.print("没有找到匹配的因子。" if language == "zh" else "No factor matches.")
        raise typer.Exit(0)
    table = Table(title=f"{len(found)} · release {found[0].release}", show_lines=False)
    for key in ("code", "name", "value", "unit", "geo", "year", "source"):
        table.add_column(t(key, language), overflow="fold", no_wrap=key in ("code", "value"))
    for f in found:
        table.add_row(
            escape(f.code),
            escape(f.name_zh if language == "zh" else f.name_en),
            f"{f.value:g}",
            escape(intensity_unit(f)),
            escape(f.geography),
            str(f.reference_year or ""),
            escape(_short_source(f)),
        )
    console.print(table)


def _short_source(f: FactorRead) -> str:
    title = f.source.title if len(f.source.title) <= 60 else f.source.title[:58] + "…"
    return f"{title} ({f.source.year})" if f.source.year else title


@app.command("show")
@handle_errors
def show(
    code: str = typer.Argument(..., help="Factor code, e.g. elec.grid.CN-JX.2022"),
    release: str = ReleaseOption,
    lang: str = LangOption,
    as_json: bool = JsonOption,
) -> None:
    """Everything about one factor: value, unit, scope, gas basis, uncertainty, quality and full citation."""
    from factors.classes import industry_label, source_class_label
    from factors.query import factor_history, get_factor

    language = lang_of(lang)
    with session_scope() as session:
        f = get_factor(session, code, release=release)
        history = factor_history(session, code)
    if as_json:
        print_json(
            f.model_dump(mode="json")
            | {"history": [{"release": v, "value": h.value, "unit": h.unit, "id": h.id} for v, h in history]}
        )
        return
    table = Table(show_header=False, title=escape(f.code), title_justify="left", show_lines=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    rows: list[tuple[str, Any]] = [
        (t("name", language), f"{f.name_zh}\n{f.name_en}"),
        (t("value", language), f"{f.value:g} {intensity_unit(f)}"),
        (t("basis", language), basis_text(f, language)),
        (t("scope", language), f"{f.scope}" + (f" — {f.scope_note}" if f.scope_note else "")),
        (t("geo", language), f"{f.geography} ({f.geography_name_zh} / {f.geography_name_en})"),
        (t("year", language), str(f.reference_year or "—")),
        (t("category", language), f"{f.category} · {t('activity', language)} {f.activity}"),
        (t("source_class", language), source_class_label(f.source_class, language)),
        (t("industry", language), industry_label(f.industry, language)),
        (t("role", language), t(f.alt_role or "only", language)),
        (t("uncertainty", language), uncertainty_text(f, language)),
        (t("quality", language), quality_text(f, language)),
        (t("confidence", language), f.confidence),
        (t("validity", language), f"{f.valid_from or '—'} … {f.valid_to or '—'}"),
        (t("status", language), f"{f.status} · {t('release', language)} {f.release}"),
        (t("citation", language), citation_text(f)),
        (t("as_printed", language), f"{f.source_value} {f.source_unit}".strip() or "—"),
        (t("notes", language), f.notes or "—"),
        (t("history", language), ", ".join(f"{v}: {h.value:g}" for v, h in history)),
    ]
    for label, value in rows:
        table.add_row(label, escape(str(value)))
    console.print(table)


@app.command("import")
@handle_errors
def import_(
    file: Path = typer.Argument(..., help="A .csv or .xlsx file with the factor columns."),
    release: str = typer.Option(None, "--release", "-r", help="Draft release to add to (created if new)."),
    notes: str = typer.Option("", "--notes", help="Notes of a newly created release."),
    publish: bool = typer.Option(False, "--publish", help="Publish the release after the import."),
    as_json: bool = JsonOption,
) -> None:
    """Validate a factor file and add it to a draft release; nothing is written if any row is bad."""
    from factors.exchange import import_factors

    with session_scope() as session:
        summary = import_factors(session, file, release=release, notes=notes, publish_release=publish)
    if as_json:
        print_json(summary.__dict__)
        return
    console.print(
        f"release {summary.release}: {len(summary.added)} added, {len(summary.replaced)} "
        f"replaced (new versions), {len(summary.unchanged)} unchanged"
        + ("; published" if publish else f"; still a draft (pcf factors publish {summary.release})")
    )


@app.command("export")
@handle_errors
def export(
    file: Path = typer.Argument(..., help="Output .csv or .xlsx"),
    release: str = ReleaseOption,
    text: str = typer.Option("", "--text", help="Only factors matching these words."),
    geo: str = typer.Option(None, "--geo", help="Only this geography and below."),
    category: str = typer.Option(None, "--category", help="Only this category (prefix)."),
) -> None:
    """Write the factors of a release to CSV or Excel, in the import format."""
    from factors.exchange import export_factors

    with session_scope() as session:
        n = export_factors(session, file, release=release, text=text, geography=geo, category=category)
    console.print(f"{n} factors written to {file}")


@app.command("releases")
@handle_errors
def releases(as_json: bool = JsonOption) -> None:
    """List the factor releases."""
    from factors.query import release_infos

    with session_scope() as session:
        infos = release_infos(session)
    if as_json:
        print_json([i.__dict__ for i in infos])
        return
    table = Table(title="factor releases")
    for col in ("version", "date", "status", "factors", "based on", "content hash", "notes"):
        table.add_column(col, overflow="fold")
    for i in infos:
        table.add_row(
            escape(i.version),
            i.date,
            i.status,
            str(i.factors),
            escape(i.based_on or ""),
            i.content_hash[:12],
            escape(i.notes[:80]),
        )
    console.print(table)


@app.command("diff")
@handle_errors
def diff(
    a: str = typer.Argument(..., help="Older release"),
    b: str = typer.Argument(..., help="Newer release"),
    as_json: bool = JsonOption,
) -> None:
    """Factors added, removed and changed between two releases."""
    from factors.query import diff_releases

    with session_scope() as session:
        d = diff_releases(session, a, b)
    if as_json:
        print_json(d.as_dict())
        return
    console.print(f"{a} → {b}: {len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed")
    table = Table()
    for col in ("", "code", "field", a, b):
        table.add_column(col, overflow="fold")
    for f in d.added:
        table.add_row("[green]+[/]", escape(f.code), "value", "", escape(f"{f.value:g} {intensity_unit(f)}"))
    for f in d.removed:
        table.add_row("[red]-[/]", escape(f.code), "value", escape(f"{f.value:g} {intensity_unit(f)}"), "")
    for c in d.changed:
        for field, (old, new) in c.fields.items():
            table.add_row("[yellow]~[/]", escape(c.code), field, escape(str(old)), escape(str(new)))
    if d.added or d.removed or d.changed:
        console.print(table)


@app.command("publish")
@handle_errors
def publish(version: str = typer.Argument(..., help="Draft release to publish")) -> None:
    """Publish a draft release; from then on it is immutable."""
    from factors.releases import get_release
    from factors.releases import publish as do_publish

    with session_scope() as session:
        release = do_publish(session, get_release(session, version))
        session.commit()
        console.print(f"release {release.version} published; content hash {release.content_hash}")


@app.command("resolve")
@handle_errors
def resolve(
    activity: str = typer.Argument(..., help="Activity key, e.g. elec.grid"),
    geo: str = typer.Option(..., "--geo", help="Where, e.g. CN-JX-YC; falls back up the geography tree."),
    year: int = typer.Option(None, "--year"),
    release: str = ReleaseOption,
    as_json: bool = JsonOption,
) -> None:
    """Find the factor of an activity for a place, falling back city → province → grid → CN → GLO."""
    from factors.query import resolve_factor

    with session_scope() as session:
        m = resolve_factor(session, activity, geo, year=year, release=release)
    payload = {
        "code": m.factor.code,
        "value": m.factor.value,
        "unit": intensity_unit(m.factor),
        "requested_geography": m.requested_geography,
        "matched_geography": m.matched_geography,
        "level": m.level,
        "path": list(m.path),
        "year_note": m.year_note,
    }
    if as_json:
        print_json(payload)
        return
    via = " → ".join(m.path)
    console.print(
        f"{m.factor.code} = {m.factor.value:g} {intensity_unit(m.factor)}  "
        f"(from {m.matched_geography}, level {m.level}; tried {via})"
        + (f"; {m.year_note}" if m.year_note else "")
    )


@app.command("compare")
@handle_errors
def compare(
    activity: str = typer.Argument(..., help="Activity key, e.g. graphite.synthetic"),
    release: str = ReleaseOption,
    lang: str = LangOption,
    as_json: bool = JsonOption,
) -> None:
    """All published values of one activity side by side: value, unit, geography, year, source, default."""
    from factors.alternatives import compare_activity

    language = lang_of(lang)
    with session_scope() as session:
        c = compare_activity(session, activity, release=release)
    if as_json:
        print_json(c.as_dict())
        return
    default = c.default
    title = f"{activity} · release {c.release} · {len(c.factors)} · {t('spread', language)} {c.spread:.1f}×"
    table = Table(title=escape(title), show_lines=False)
    for key in ("role", "code", "value", "unit", "geo", "year", "source", "confidence", "uncertainty"):
        table.add_column(t(key, language), overflow="fold", no_wrap=key in ("code", "value"))
    for f in c.factors:
        role = t(f.alt_role or "only", language)
        table.add_row(
            f"[bold]{role}[/]" if f is default else role,
            escape(f.code),
            f"{f.value:g}",
            escape(intensity_unit(f)),
            escape(f.geography),
            str(f.reference_year or ""),
            escape(_short_source(f)),
            f.confidence,
            escape(uncertainty_text(f, language)),
        )
    console.print(table)
    if default is not None:
        console.print(("默认值及理由：" if language == "zh" else "Default and why: ") + escape(default.notes))


def register(root: typer.Typer) -> None:
    """Add `pcf factors` and its commands."""
    root.add_typer(app, name="factors")
