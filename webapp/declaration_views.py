"""How a MIIT traction-battery declaration is shown: its four stages, its lifetime-energy parameters with
where each came from, its notes, and the cn-battery JSON file to download.

Only display: the figures are the ones `workflow.declarations` stored (computed by `products.miit`); the
rule parameters are read from the battery-pack rule to say whether a default is verified or assumed.
The pure functions take a `DeclarationRead` and a language; `heading` and `figures` lay them out.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pandas as pd
import streamlit as st

from webapp import views
from webapp.i18n import lang, pick, tr
from webapp.plain import md_text

STAGE_KEYS = ("material_acquisition", "manufacturing", "distribution", "recycling")
FUNCTIONAL_UNIT = "miit_declaration"
_ORIGIN = re.compile(r"(?P<origin>model|rule|override)(?: table \((?P<category>[^)]+)\))?")
_ZERO_STAGE = re.compile(r"no (?P<stage>\w+) process in the model: the stage is declared as 0")
_RULE_PARAM = {"application": "default_application"}  # a model field → the rule parameter behind its default

__all__ = [
    "declarant_name",
    "declaration_file",
    "document",
    "figures",
    "heading",
    "lifetime_rows",
    "notes",
    "origin_text",
    "pack_name",
    "stage_rows",
]


def document(decl: Any) -> dict[str, Any]:
    """The stored cn-battery declaration (`products.miit.MiitDeclaration.as_dict()`) of `decl`."""
    return json.loads(decl.declaration_json or "{}")


def pack_name(decl: Any, language: str | None = None) -> str:
    """The pack model's name in the language, with its code."""
    product = document(decl).get("product") or {}
    name = pick(product.get("name"), language or lang())
    return f"{name} ({decl.pack_model})" if name else decl.pack_model


def declarant_name(decl: Any) -> str:
    """The declarant as the declaration names it."""
    declarant = document(decl).get("declarant") or {}
    return str(declarant.get("name") or "—")


def stage_rows(decl: Any, language: str) -> list[dict[str, Any]]:
    """The four MIIT stages and their total, kg CO2e per kWh of lifetime energy, with their shares."""
    names = document(decl).get("stage_names") or {}
    total = float(decl.total_kg_co2e_per_kwh)

    def row(name: str, value: float) -> dict[str, Any]:
        return {
            tr("col.stage", language): name,
            tr("col.kg_per_kwh", language): round(value, 6),
            tr("col.share", language): f"{value / total:.1%}" if total else "—",
        }

    rows = [row(pick(names.get(k), language) or k, float(getattr(decl, k))) for k in STAGE_KEYS]
    return [*rows, row(tr("decl.stage_total", language), total)]


def origin_text(origin: str, param: str, rule_id: str, language: str) -> str:
    """Where a lifetime parameter came from ("model", "rule", "rule table (M1)" …) as words."""
    m = _ORIGIN.fullmatch(origin or "")
    if m is None:
        return origin or "—"
    text = tr(f"decl.origin.{m['origin']}", language)
    if m["category"]:
        text = tr("decl.origin.table", language, origin=text, category=m["category"])
    if m["origin"] == "rule" and (status := _param_status(rule_id, _RULE_PARAM.get(param, param))):
        text += " · " + tr(f"decl.param_status.{status}", language)
    return text


def lifetime_rows(decl: Any, language: str) -> list[dict[str, str]]:
    """Rated energy, vehicle category, cycles, years, capacity basis and lifetime energy, with origins."""
    data = document(decl)
    life = data.get("lifetime") or {}
    origins = life.get("origins") or {}
    rule_id = str((data.get("rule") or {}).get("id") or "battery-pack")
    application = ((data.get("product") or {}).get("specification") or {}).get("application")
    rows: list[tuple[str, str, str]] = [
        ("rated_energy", f"{_num(decl.rated_energy_kwh)} kWh", tr("decl.origin.product", language))
    ]
    if application is not None or "application" in origins:
        origin = origin_text(origins.get("application", "model"), "application", rule_id, language)
        rows.append(("application", str(application or "—"), origin))
    if decl.cycles_per_year is not None:
        origin = origin_text(origins.get("cycles_per_year", ""), "cycles_per_year", rule_id, language)
        rows.append(("cycles_per_year", _num(decl.cycles_per_year), origin))
    if decl.service_years is not None:
        origin = origin_text(origins.get("service_years", ""), "service_years", rule_id, language)
        rows.append(("service_years", _num(decl.service_years), origin))
    if "lifetime_cycles" in origins:
        cycles_origin = origin_text(origins["lifetime_cycles"], "lifetime_cycles", rule_id, language)
    else:
        formula = f"{_num(decl.cycles_per_year or 0)} × {_num(decl.service_years or 0)}"
        cycles_origin = tr("decl.origin.computed", language, formula=formula)
    rows.append(("full_cycles", _num(decl.full_cycles), cycles_origin))
    basis = tr(f"decl.basis.{decl.capacity_basis}", language)
    rows.append(
        (
            "capacity_basis",
            decl.capacity_basis if basis.startswith("decl.") else basis,
            origin_text("rule", "capacity_basis", rule_id, language),
        )
    )
    formula = f"{_num(decl.rated_energy_kwh)} kWh × {_num(decl.full_cycles)}"
    rows.append(
        (
            "lifetime_energy",
            f"{_num(decl.lifetime_energy_kwh)} kWh",
            tr("decl.origin.computed", language, formula=formula),
        )
    )
    return [
        {
            tr("decl.param", language): tr(f"decl.param.{key}", language),
            tr("decl.value", language): value,
            tr("decl.origin", language): origin,
        }
        for key, value, origin in rows
    ]


def notes(decl: Any, language: str) -> list[str]:
    """The declaration's warnings (a stage with no process is declared as 0) as sentences."""
    data = document(decl)
    names = data.get("stage_names") or {}
    out = []
    for warning in data.get("warnings") or []:
        m = _ZERO_STAGE.fullmatch(str(warning))
        if m is None:
            out.append(str(warning))
        else:
            stage = pick(names.get(m["stage"]), language) or m["stage"]
            out.append(tr("decl.note_zero_stage", language, stage=stage))
    return out


def declaration_file(decl: Any, *, body_name: str) -> bytes:
    """The stored cn-battery JSON, with the third-party verification once there is a report.

    The verification block has the shape `pcf export --format cn-battery` writes for a certified study.
    """
    data = document(decl)
    if decl.report_number:
        data["verification"] = {
            "body": body_name,
            "report_number": decl.report_number,
            "date": decl.report_date.isoformat() if decl.report_date else None,
            "status": "verified",
        }
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def heading(decl: Any, *, body_name: str, version_number: int | str) -> None:
    """The declared pack, the declaration's status badge, its model version and verification body."""
    language = lang()
    st.subheader(md_text(pack_name(decl, language)))
    views.badge(decl.status)
    st.caption(tr("decl.detail_line", language, id=decl.id, n=version_number, body=md_text(body_name) or "—"))


def figures(decl: Any, *, body_name: str, key: str) -> None:
    """The figures: total, the four stages, the basis, the verification, the lifetime energy, the file."""
    language = lang()
    c1, c2, c3 = st.columns(3)
    c1.metric(
        tr("decl.total", language),
        f"{decl.total_kg_co2e_per_kwh:.4g}",
        tr("decl.per_kwh", language),
        delta_color="off",
        delta_arrow="off",
    )
    c2.metric(tr("decl.life_cycle", language), _num(decl.life_cycle_kg_co2e, 5))
    c3.metric(tr("decl.lifetime_energy", language), _num(decl.lifetime_energy_kwh, 5))
    left, right = st.columns(2)
    left.markdown(f"**{tr('decl.stages', language)}**")
    left.dataframe(
        pd.DataFrame(stage_rows(decl, language)), hide_index=True, width="stretch", key=f"{key}_stages"
    )
    rule = document(decl).get("rule") or {}
    right.markdown(f"**{tr('decl.basis_title', language)}**")
    right.markdown(
        tr(
            "decl.basis",
            language,
            release=decl.factor_release,
            gwp=decl.gwp,
            hash=f"{decl.model_hash[:16]}…",
            plant=decl.plant_location or "—",
            rule=f"{rule.get('id', '?')} {rule.get('version', '')}".strip(),
        )
    )
    right.markdown(f"**{tr('decl.verification', language)}**")
    if decl.report_number:
        right.markdown(
            tr("decl.report_line", language, body=body_name, number=decl.report_number, date=decl.report_date)
        )
    else:
        right.caption(tr("decl.not_verified", language))
    if decl.verifier_comment:
        right.markdown(tr("decl.comment_line", language, comment=decl.verifier_comment))
    st.markdown(f"**{tr('decl.lifetime', language)}**")
    st.dataframe(
        pd.DataFrame(lifetime_rows(decl, language)), hide_index=True, width="stretch", key=f"{key}_lifetime"
    )
    if found := notes(decl, language):
        with st.expander(tr("decl.notes", language, n=len(found))):
            for note in found:
                st.markdown(f"- {note}")
    st.download_button(
        tr("decl.download", language),
        declaration_file(decl, body_name=body_name),
        file_name=f"{decl.pack_model}-cn-battery-{decl.id}.json",
        mime="application/json",
        key=f"{key}_download_{decl.id}",
        icon=":material/download:",
    )


def _num(value: float, digits: int = 6) -> str:
    return f"{float(value):,.{digits}g}"


def _param_status(rule_id: str, name: str) -> str | None:
    """verified / unverified / project_default of the rule's parameter `name`, if the rule states it."""
    from products import ProductsError, get_rule

    try:
        parameter = get_rule(rule_id).parameter(name, FUNCTIONAL_UNIT)
    except ProductsError:
        return None
    return None if parameter is None else str(parameter.status.value)
