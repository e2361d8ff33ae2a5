"""Declaration pages of the report: one entry per declaration in `PAGES` (EU battery; China MIIT can follow).

A page is shown when `applies` holds; when the model lacks data for it, the page lists what is missing
instead of failing the whole report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from footprint.exchange.errors import MissingData
from footprint.exchange.figures import figure
from footprint.report.context import ReportContext
from footprint.report.styles import key_values, para, table


@dataclass(frozen=True)
class DeclarationPage:
    """A declaration shown in the report: `build` returns its flowables."""

    key: str
    applies: Callable[[ReportContext], bool]
    build: Callable[[ReportContext], list[Any]]


def eu_battery_page(ctx: ReportContext) -> list[Any]:
    from footprint.exchange.eu_battery import eu_battery_declaration
    from footprint.report.sections import WIDTH

    out = [para(ctx.t("eu_title"), "h2")]
    try:
        dec = eu_battery_declaration(ctx.study, ctx.options, require_study_url=False)
    except MissingData as exc:
        return [*out, para(ctx.t("eu_missing")), *[para(f"- {g}", "small") for g in exc.gaps]]
    life = dec.service_life
    maker = {**dec.manufacturer, **({"name": ctx.producer()} if ctx.record.get("producer_zh") else {})}
    manufacturer = ", ".join(str(maker[k]) for k in ("name", "id", "address") if maker.get(k))
    model_name = (
        ctx.product_name() if ctx.record.get("product_zh") else ctx.name(dec.model_name, dec.battery_model)
    )
    out.append(
        key_values(
            [
                (ctx.t("manufacturer"), manufacturer),
                (ctx.t("eu_battery_model"), f"{model_name} ({dec.battery_model})"),
                (
                    ctx.t("eu_plant_location"),
                    ", ".join(str(dec.plant[k]) for k in ("name", "location", "address") if dec.plant.get(k)),
                ),
                (ctx.t("eu_cf"), f"{figure(dec.per_kwh)} kg CO2e/kWh"),
                (
                    ctx.t("eu_total_energy"),
                    ctx.t(
                        "eu_energy_formula",
                        energy=figure(life.energy_per_cycle),
                        cycles=figure(life.cycles),
                        total=figure(life.total_energy),
                    ),
                ),
                (
                    ctx.t("eu_absolute"),
                    f"{figure(dec.per_battery)} kg CO2e"
                    if dec.per_battery is not None
                    else ctx.t("not_given"),
                ),
                (ctx.t("eu_doc_id"), dec.conformity_declaration_id or ctx.t("not_given")),
                (ctx.t("eu_study_link"), dec.study_url or ctx.t("not_given")),
                (ctx.t("eu_performance_class"), ctx.t("eu_performance_class_text")),
                (
                    "寿命终止方法" if ctx.lang == "zh" else "End-of-life method",
                    dec.end_of_life_method.get("name", {}).get(ctx.lang, ""),
                ),
            ],
            WIDTH,
        )
    )
    rows = [[ctx.t("stage"), "kg CO2e/kWh", ctx.t("eu_absolute")]]
    rows += [
        [
            s.stage.name_zh if ctx.lang == "zh" else s.stage.name_en,
            figure(s.per_kwh),
            f"{figure(s.per_battery)} kg CO2e" if s.per_battery is not None else "–",
        ]
        for s in dec.stages
    ]
    out.append(table(rows, [0.5 * WIDTH, 0.22 * WIDTH, 0.28 * WIDTH], right=(1, 2)))
    return out


PAGES: list[DeclarationPage] = [
    DeclarationPage("eu-battery", lambda ctx: bool(ctx.study.product.battery), eu_battery_page),
]


def declaration_pages(ctx: ReportContext) -> list[list[Any]]:
    """The flowables of every declaration page that applies to the study."""
    return [page.build(ctx) for page in PAGES if page.applies(ctx)]
