"""Calculations the pages show, as calls into the packages, cached by their inputs.

Each function takes a model's YAML text and a published factor release (immutable, so equal inputs give
equal results) and returns the packages' own immutable objects. The caches are keyed by the full text,
so a result is only ever served to someone who already holds the model; nothing cached is mutated.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from webapp.resources import session

__all__ = [
    "electricity_factors",
    "evaluation",
    "label_svg",
    "monte_carlo",
    "pre_review",
    "public_url",
    "read_workbook_text",
    "report_pdf",
    "template_workbook",
    "what_if",
]


@st.cache_resource(max_entries=64, show_spinner=False)
def evaluation(yaml_text: str, release: str | None = None) -> Any:
    """`workflow.evaluate` of a model text at `release` (default: the model's pin, else the latest)."""
    from workflow import evaluate

    with session() as s:
        return evaluate(s, yaml_text, release=release, label="model")


@st.cache_resource(max_entries=64, show_spinner=False)
def pre_review(yaml_text: str, release: str | None = None) -> list[Any]:
    """The products package's completeness and plausibility findings for the model (errors first)."""
    from products import by_severity, check, rule_for

    ev = evaluation(yaml_text, release)
    return by_severity(check(ev.model, rule_for(ev.model), ev.result))


@st.cache_resource(max_entries=128, show_spinner=False)
def what_if(yaml_text: str, release: str | None, *, old: str, new: str) -> Any:
    """The result of the model with factor reference `old` replaced by `new` (`products.replace_factor`)."""
    from footprint import DatabaseFactors, calculate
    from products import replace_factor

    ev = evaluation(yaml_text, release)
    variant = replace_factor(ev.model, {old: new})
    with session() as s:
        return calculate(variant, DatabaseFactors(s, ev.release))


def monte_carlo(yaml_text: str, release: str | None, *, iterations: int, seed: int) -> dict[str, Any]:
    """The Monte Carlo summary (`Result.uncertainty`) of the model, seeded and repeatable."""
    from footprint import DatabaseFactors, calculate

    ev = evaluation(yaml_text, release)
    with session() as s:
        result = calculate(ev.model, DatabaseFactors(s, ev.release), iterations=iterations, seed=seed)
    return dict(result.uncertainty or {})


@st.cache_resource(max_entries=8, show_spinner=False)
def electricity_factors(release: str) -> list[tuple[str, dict[str, str], float, str]]:
    """(code, name, value, unit) of every electricity factor of a release, for the what-if choice."""
    from factors import search_factors

    with session() as s:
        found = search_factors(s, "", category="electricity", release=release, limit=None)
    return [(f.code, {"zh": f.name_zh, "en": f.name_en}, f.value, f.unit) for f in found]


@st.cache_resource(max_entries=16, show_spinner=False)
def template_workbook(rule_id: str) -> bytes:
    """The products package's Excel data-collection template of a rule, as bytes."""
    import tempfile
    from pathlib import Path

    from products import get_rule, write_template

    with tempfile.TemporaryDirectory() as tmp:
        path = write_template(get_rule(rule_id), Path(tmp) / f"{rule_id}.xlsx")
        return path.read_bytes()


def read_workbook_text(data: bytes, name: str) -> str:
    """The model YAML of an uploaded data-collection workbook (`products.read_workbook`)."""
    import tempfile
    from pathlib import Path

    from footprint import DatabaseFactors
    from products import read_workbook
    from webapp.model_table import to_yaml

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / (Path(name).name or "upload.xlsx")
        path.write_bytes(data)
        with session() as s:
            model = read_workbook(path, source=DatabaseFactors(s, None))
    return to_yaml(dict(model.data))


def public_url() -> str:
    """Where the public pages are served (the label's QR code links to its verify page): PCF_PUBLIC_URL."""
    import os

    return os.environ.get("PCF_PUBLIC_URL", "http://localhost:8501").rstrip("/")


def _study(yaml_text: str, release: str | None) -> Any:
    from footprint import DatabaseFactors
    from footprint.exchange.study import build_study

    ev = evaluation(yaml_text, release)
    with session() as s:
        return build_study(ev.model, DatabaseFactors(s, ev.release))


def _study_mc(yaml_text: str, release: str | None, iterations: int, seed: int) -> Any:
    from footprint import DatabaseFactors
    from footprint.exchange.study import build_study

    ev = evaluation(yaml_text, release)
    with session() as s:
        return build_study(ev.model, DatabaseFactors(s, ev.release), iterations=iterations, seed=seed)


def _certification(number: str, body: str, issued_on: Any, verify_url: str) -> Any:
    from footprint.exchange.options import Certification

    return Certification(number, body, issued_on, verify_url)


@st.cache_resource(max_entries=16, show_spinner=False)
def label_svg(
    yaml_text: str,
    release: str,
    *,
    number: str,
    body: str,
    issued_on: Any,
    verify_url: str,
    record: tuple[tuple[str, str], ...] = (),
) -> str:
    """The carbon label (SVG) of a certified model, with its certificate number and verification link;
    `record` (pairs) holds the certified record's names, printed instead of the model's."""
    from footprint.report import label_content
    from footprint.report import label_svg as draw

    certification = _certification(number, body, issued_on, verify_url)
    return draw(label_content(_study(yaml_text, release), certification, record=dict(record)))


def report_pdf(
    yaml_text: str,
    release: str,
    *,
    language: str,
    number: str = "",
    body: str = "",
    issued_on: Any = None,
    verify_url: str = "",
    record: dict[str, str] | None = None,
    uncertainty: tuple[int, int] | None = None,
) -> bytes:
    """The footprint study report (PDF) of a model, in `language`, with the certified record's names and,
    when the user ran one, the Monte Carlo result (`uncertainty` = iterations, seed)."""
    import tempfile
    from pathlib import Path

    from footprint.report import write_report
    from products.extensions import declaration_options

    with tempfile.TemporaryDirectory() as tmp:
        study = _study(yaml_text, release) if not uncertainty else _study_mc(yaml_text, release, *uncertainty)
        path = write_report(
            study,
            Path(tmp) / "report.pdf",
            lang=language,
            certification=_certification(number, body, issued_on, verify_url),
            record=record,
            options=declaration_options(study),
        )
        return Path(path).read_bytes()


@st.cache_resource(max_entries=64, show_spinner=False)
def factor_search(text: str, release: str | None = None, limit: int = 40) -> list[dict[str, Any]]:
    """Factors matching `text` (Chinese or English words) with their unit and citation, for picking."""
    from factors import search_factors

    with session() as s:
        found = search_factors(s, text, release=release, limit=limit)
    return [_factor_card(f) for f in found]


@st.cache_resource(max_entries=256, show_spinner=False)
def factor_info(ref: str, geography: str = "CN", release: str | None = None) -> dict[str, Any] | None:
    """A model's factor reference (a code, else an activity resolved at `geography`) as a card, or None."""
    from factors.errors import FactorDBError
    from factors.query import get_factor, resolve_factor

    if not ref:
        return None
    with session() as s:
        try:
            return _factor_card(get_factor(s, ref, release=release))
        except FactorDBError:
            pass
        try:
            return _factor_card(resolve_factor(s, ref, geography or "CN", release=release).factor)
        except FactorDBError:
            return None


def draft_problems(yaml_text: str) -> list[str]:
    """Every problem of a model text (``path: message``), incl. factor references the library lacks."""
    from factors.errors import DraftRelease
    from footprint import DatabaseFactors, calculate  # noqa: F401  (the function first: see below)
    from footprint.calculate import prepare  # after it, so `footprint.calculate` stays the function
    from footprint.errors import ModelError
    from footprint.model import parse_model_lenient, read_model_text

    try:  # the safe loader: duplicate keys, alias bombs, deep nesting are refused, not expanded
        data = read_model_text(yaml_text, file="model")
    except ModelError as exc:
        return [str(i) for i in exc.issues]
    model, issues = parse_model_lenient(data or {}, file="model")
    found = [str(i) for i in issues]
    if model is not None and not issues:
        with session() as s:
            try:
                prepare(model, DatabaseFactors(s, model.factor_release, allow_draft=False))
            except ModelError as exc:
                found += [str(i) for i in exc.issues]
            except DraftRelease as exc:
                found.append(f"factor_release: {exc}")
    return found


def _refusal(exc: BaseException, data: Any, language: str) -> str:
    """Why a format cannot declare the model: the model fields it lacks, named in words."""
    from webapp.errors import describe
    from webapp.i18n import tr
    from webapp.model_words import place

    gaps = getattr(exc, "gaps", None)
    if not gaps:
        message = describe(exc, language)
        return "\n".join([message.text, *(f"- {d}" for d in message.details[:5])])
    lines = []
    for g in gaps:
        where = place(g.model_path, data, language) if g.model_path else ""
        hint = f" — {g.hint}" if language == "en" else ""
        lines.append(f"- `{g.field}`" + (f"：{where}" if where else "") + hint)
    return "\n".join([tr("dc.missing", language, n=len(gaps)), *lines])


def _factor_card(f: Any) -> dict[str, Any]:
    from factors.vocab import intensity_unit

    src = f.source
    citation = ", ".join(str(x) for x in (src.title, src.publisher, src.year, src.location) if x)
    return {
        "code": f.code,
        "activity": f.activity,
        "name": {"zh": f.name_zh, "en": f.name_en},
        "value": f.value,
        "unit": f.unit,
        "intensity_unit": intensity_unit(f.basis, f.unit),
        "geography": f.geography,
        "year": f.reference_year,
        "citation": citation,
        "confidence": f.confidence,
        "release": f.release,
    }


def declaration_files(yaml_text: str, release: str, *, language: str) -> list[dict[str, Any]]:
    """Every registered declaration format of one inventory: (name, title, file bytes or refusal text)."""
    import tempfile
    from pathlib import Path

    from footprint.exchange.registry import formats
    from products.extensions import declaration_options

    study = _study(yaml_text, release)
    options = declaration_options(study)
    out: list[dict[str, Any]] = []
    for name, fmt in formats().items():
        with tempfile.TemporaryDirectory() as tmp:
            try:
                path = fmt.write(study, Path(tmp) / f"{name}{fmt.suffix}", options)
                out.append(
                    {
                        "name": name,
                        "title": fmt.title(language),
                        "suffix": fmt.suffix,
                        "data": Path(path).read_bytes(),
                        "refused": "",
                    }
                )
            except Exception as exc:  # a format that cannot declare this model says why, in words
                out.append(
                    {
                        "name": name,
                        "title": fmt.title(language),
                        "suffix": fmt.suffix,
                        "data": None,
                        "refused": _refusal(exc, study.model.data, language),
                    }
                )
    return out
