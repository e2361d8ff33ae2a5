"""The sections of the study report, in order. Each builds its flowables from a `ReportContext`.

A new section (or a declaration page, see `declarations.py`) is a function and one entry in `SECTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from footprint.exchange.figures import decimal_text, figure, percent
from footprint.report.context import ReportContext
from footprint.report.i18n import STAGE_ORDER, stage_name
from footprint.report.styles import key_values, para, table

WIDTH = 170 * 72 / 25.4  # text width of an A4 page with 20 mm margins, in points


@dataclass(frozen=True)
class Section:
    """One part of the report: `build` returns its flowables; `applies` decides whether it appears."""

    key: str
    build: Callable[[ReportContext], list[Any]]
    applies: Callable[[ReportContext], bool] = lambda ctx: True


def summary(ctx: ReportContext) -> list[Any]:
    study, r = ctx.study, ctx.study.result
    p = study.product
    rf = p.reference_flow
    cert = ctx.certification
    status = (
        f"{ctx.t('certified')} ({ctx.t('certificate_no')} {cert.certificate})"
        if cert.certified
        else ctx.t("not_certified")
    )
    out = [para(ctx.t("report_title"), "title"), para(ctx.product_name(), "h1")]
    out.append(
        key_values(
            [
                (ctx.t("product_id"), p.id),
                (ctx.t("manufacturer"), ctx.producer() or ctx.t("not_given")),
                (ctx.t("plant"), _plant(ctx)),
                (ctx.t("functional_unit"), p.functional_unit),
                (
                    ctx.t("reference_flow"),
                    f"{figure(rf.amount)} {rf.unit} · {ctx.name(study.reference_process.name, rf.process)}",
                ),
                (ctx.t("gwp_set"), r.gwp),
                (ctx.t("factor_release"), r.factor_release or ctx.t("not_given")),
                (ctx.t("certification_status"), status),
                (ctx.t("report_date"), ctx.date.isoformat()),
                (ctx.t("model_hash"), study.model.hash[:16]),
            ],
            WIDTH,
        )
    )
    out += [
        para(ctx.t("footprint_per_fu"), "h2"),
        para(f"{ctx.kg(r.total)} kg CO2e", "big"),
        para(f"{ctx.t('functional_unit')}: {p.functional_unit}", "center"),
    ]
    return out


def goal_and_scope(ctx: ReportContext) -> list[Any]:
    p = ctx.study.product
    present = [s for s in STAGE_ORDER if any(x.stage.value == s for x in ctx.study.model.processes.values())]
    missing = [s for s in STAGE_ORDER if s not in present]
    kind = (
        ("cradle_to_grave_use" if "use" in present else "cradle_to_grave")
        if "end_of_life" in present
        else "cradle_to_gate"
    )
    if p.reference_period:
        period = f"{p.reference_period[0].isoformat()} – {p.reference_period[1].isoformat()}"
    else:
        period = f"{ctx.t('reference_year')} {p.reference_year}" if p.reference_year else ctx.t("not_given")
    sep = "、" if ctx.lang == "zh" else ", "
    goal = para(ctx.t("goal_text", product=ctx.product_name()))
    return [
        para(ctx.t("goal_scope"), "h1"),
        goal,
        key_values(
            [
                (ctx.t("functional_unit"), p.functional_unit),
                (ctx.t("reference_flow"), f"{figure(p.reference_flow.amount)} {p.reference_flow.unit}"),
                (ctx.t("boundary_type"), ctx.t(kind)),
                (ctx.t("stages_included"), sep.join(stage_name(s, ctx.lang) for s in present)),
                (
                    ctx.t("stages_excluded"),
                    sep.join(stage_name(s, ctx.lang) for s in missing) or ctx.t("none"),
                ),
                (ctx.t("reference_period"), period),
                (ctx.t("geography"), p.geography),
                (ctx.t("gwp_set"), ctx.study.result.gwp),
            ],
            WIDTH,
        ),
    ]


def boundary(ctx: ReportContext) -> list[Any]:
    from footprint.report.diagram import boundary_diagram

    r = ctx.study.result
    rows = [[ctx.t("process"), ctx.t("stage"), ctx.t("geography"), ctx.t("supply")]]
    for pid, p in ctx.study.model.processes.items():
        rows.append(
            [
                f"{ctx.name(p.name, pid)} ({pid})",
                stage_name(p.stage.value, ctx.lang),
                p.geography,
                f"{figure(r.supply.get(pid, 0.0))} {p.output.unit}",
            ]
        )
    return [
        para(ctx.t("boundary"), "h1"),
        boundary_diagram(ctx, WIDTH),
        para(ctx.t("boundary_caption"), "small"),
        table(rows, [0.42 * WIDTH, 0.18 * WIDTH, 0.14 * WIDTH, 0.26 * WIDTH], right=(3,)),
    ]


def data_sources(ctx: ReportContext) -> list[Any]:
    r = ctx.study.result
    rows = [[ctx.t("code"), ctx.t("name"), ctx.t("value"), ctx.t("citation"), ctx.t("contribution")]]
    for f in sorted(r.factors, key=lambda f: -abs(f["contribution"])):
        origin = ctx.t("origin_local" if f["origin"] == "local" else "origin_database")
        gwp = f" ({f['gwp']})" if f["gwp"] else ""
        cite = f["citation"] + (f" [{f['resolution']}]" if f.get("resolution") else "")
        value = f"{decimal_text(f['value'], digits=5)} {f['unit']}{gwp}"
        rows.append(
            [f"{f['code']}\n{origin}", ctx.name(f["name"], f["code"]), value, cite, figure(f["contribution"])]
        )
    out = [
        para(ctx.t("data_sources"), "h1"),
        para(ctx.t("data_sources_text", release=r.factor_release or ctx.t("not_given"))),
        table(rows, [0.2 * WIDTH, 0.2 * WIDTH, 0.15 * WIDTH, 0.33 * WIDTH, 0.12 * WIDTH], right=(4,)),
    ]
    provenance = [(code, lf.provenance) for code, lf in ctx.study.model.factors.items() if lf.provenance]
    if provenance:
        out.append(para(ctx.t("provenance"), "h2"))
        for code, prov in provenance:
            text = "; ".join(f"{k}: {v}" for k, v in prov.items())
            out.append(para(f"{code} — {text}", "small"))
    return out


def allocation_and_cutoff(ctx: ReportContext) -> list[Any]:
    model, system = ctx.study.model, ctx.study.system
    out = [para(ctx.t("allocation_cutoff"), "h1"), para(ctx.t("allocation"), "h2")]
    multi = [p for p in model.processes.values() if p.allocation is not None]
    if not multi:
        out.append(para(ctx.t("no_allocation")))
    else:
        rows = [[ctx.t("process"), ctx.t("method"), ctx.t("shares")]]
        for p in multi:
            shares = ", ".join(
                f"{c.product} {percent(c.share)} %" for c in system.columns if c.process == p.id
            )
            method = p.allocation.method if p.allocation else ""
            rows.append([f"{ctx.name(p.name, p.id)} ({p.id})", ctx.t(f"alloc_{method}"), shares])
        out.append(table(rows, [0.4 * WIDTH, 0.2 * WIDTH, 0.4 * WIDTH]))
    out.append(para(ctx.t("cutoff"), "h2"))
    if not model.cutoff:
        out.append(para(ctx.t("no_cutoff")))
    else:
        rows = [[ctx.t("flow"), ctx.t("reason"), ctx.t("share"), ctx.t("basis")]]
        rows += [
            [c.flow, c.reason, f"{percent(c.share)} %" if c.share is not None else "–", c.basis or "–"]
            for c in model.cutoff
        ]
        out.append(table(rows, [0.35 * WIDTH, 0.35 * WIDTH, 0.15 * WIDTH, 0.15 * WIDTH], right=(2,)))
    return out


def results(ctx: ReportContext) -> list[Any]:
    r = ctx.study.result
    pct = _share(r.total)
    stage_rows = [[ctx.t("stage"), "kg CO2e", "%"]]
    stage_rows += [[stage_name(s, ctx.lang), figure(v), pct(v)] for s, v in r.by_stage.items()]
    stage_rows.append([ctx.t("total"), figure(r.total), pct(r.total)])
    names = {p["id"]: ctx.name(p["name"], p["id"]) for p in r.processes}
    proc_rows = [[ctx.t("process"), ctx.t("stage"), "kg CO2e", "%"]]
    proc_rows += [
        [
            f"{names[pid]} ({pid})",
            stage_name(ctx.study.model.processes[pid].stage.value, ctx.lang),
            figure(v),
            pct(v),
        ]
        for pid, v in sorted(r.by_process.items(), key=lambda kv: -abs(kv[1]))
    ]
    gas_rows = [[ctx.t("gas"), "kg CO2e", "%"]]
    gas_rows += [
        [ctx.t(g) if g == "CO2e (not split)" else g, figure(v), pct(v)]
        for g, v in sorted(r.by_gas.items(), key=lambda kv: -abs(kv[1]))
    ]
    out = [
        para(ctx.t("results"), "h1"),
        para(ctx.t("by_stage"), "h2"),
        table(stage_rows, [0.5 * WIDTH, 0.3 * WIDTH, 0.2 * WIDTH], right=(1, 2)),
        *end_of_life(ctx),
        para(ctx.t("by_process"), "h2"),
        table(proc_rows, [0.5 * WIDTH, 0.2 * WIDTH, 0.18 * WIDTH, 0.12 * WIDTH], right=(2, 3)),
        para(ctx.t("by_gas"), "h2"),
        table(gas_rows, [0.5 * WIDTH, 0.3 * WIDTH, 0.2 * WIDTH], right=(1, 2)),
    ]
    if "CO2e (not split)" in r.by_gas:
        out.append(para(ctx.t("unsplit_note"), "small"))
    return out


def end_of_life(ctx: ReportContext) -> list[Any]:
    """Burdens, credits (apart) and net by stage under the end-of-life method, when the model has any."""
    from footprint.circular import METHOD_NAMES, EolMethod

    r, zh = ctx.study.result, ctx.lang == "zh"
    if not (r.credits["items"] or r.end_of_life.get("fates")):
        return []
    method = EolMethod(ctx.options.end_of_life.get("method") or r.end_of_life["method"])
    from footprint.endoflife import method_view

    view = method_view(
        r.total,
        r.by_stage,
        r.end_of_life,
        r.credits,
        method,
        defaults={k: ctx.options.end_of_life.get(k) for k in ("A", "B")},
    )
    rows = [
        [
            ctx.t("stage"),
            "负荷" if zh else "Burdens",
            "抵免（单列）" if zh else "Credits (apart)",
            "净值" if zh else "Net",
        ]
    ]
    for s in dict.fromkeys([*r.by_stage, *r.credits["by_stage"]]):
        net = view["by_stage"].get(s)
        rows.append(
            [
                stage_name(s, ctx.lang),
                figure(r.by_stage.get(s, 0.0)),
                figure(r.credits["by_stage"].get(s, 0.0)),
                figure(net) if view["total"] is not None and net is not None else "–",
            ]
        )
    title = ("寿命终止与回收：" if zh else "End of life and recycling: ") + METHOD_NAMES[method][
        "zh" if zh else "en"
    ]
    note = (
        ("净值：" if zh else "Net: ") + figure(view["total"]) + " kg CO2e"
        if view["total"] is not None
        else ("未计算净值：" if zh else "Net not calculated: ") + "; ".join(view["missing"])
    )
    widths = [0.4 * WIDTH, 0.2 * WIDTH, 0.2 * WIDTH, 0.2 * WIDTH]
    return [para(title, "h2"), table(rows, widths, right=(1, 2, 3)), para(note, "small")]


def quality(ctx: ReportContext) -> list[Any]:
    r = ctx.study.result
    out = [para(ctx.t("quality"), "h1")]
    u = r.uncertainty
    if u:
        out.append(para(ctx.t("monte_carlo", n=u["iterations"], seed=u["seed"])))
        out.append(
            key_values(
                [
                    (ctx.t("mean"), f"{figure(u['mean'])} kg CO2e"),
                    (ctx.t("median"), f"{figure(u['median'])} kg CO2e"),
                    (ctx.t("interval95"), f"{figure(u['p2_5'])} – {figure(u['p97_5'])} kg CO2e"),
                ]
                + ([(ctx.t("sd"), f"{figure(u['sd'])} kg CO2e")] if "sd" in u else []),
                WIDTH,
            )
        )
    else:
        out.append(para(ctx.t("no_monte_carlo")))
    dq = r.data_quality
    pairs: list[tuple[str, object]] = []
    if dq.get("dqr") is not None:
        ind = dq["indicators"]
        pairs += [
            (ctx.t("dqr"), f"{dq['dqr']:.2f} ({ctx.t('dqr_level')}: {dq['level']})"),
            (ctx.t("indicators"), " / ".join(f"{ind[k]:.2f}" for k in ("TeR", "GeR", "TiR", "P"))),
            (ctx.t("dq_coverage"), f"{percent(dq['coverage'])} %"),
        ]
    else:
        pairs.append((ctx.t("dqr"), ctx.t("dq_not_assessed")))
    if r.primary_data_share is not None:
        pairs.append((ctx.t("primary_share"), f"{percent(r.primary_data_share)} %"))
    out.append(key_values(pairs, WIDTH))
    return out


def limitations(ctx: ReportContext) -> list[Any]:
    warnings = ctx.study.result.warnings
    out = [
        para(ctx.t("limitations"), "h1"),
        para(ctx.t("limitations_text") if warnings else ctx.t("no_warnings")),
    ]
    key = "message_zh" if ctx.lang == "zh" else "message"
    out += [para(f"- {w[key]}", "small") for w in ctx.study.result.warning_details]
    return out


def certification(ctx: ReportContext) -> list[Any]:
    cert = ctx.certification
    out = [para(ctx.t("certification"), "h1")]
    if not cert.certified:
        out.append(para(ctx.t("not_certified_text")))
    else:
        out.append(
            key_values(
                [
                    (ctx.t("certification_status"), ctx.t("certified")),
                    (ctx.t("certificate_no"), cert.certificate),
                    (ctx.t("certifier"), cert.body or ctx.t("not_given")),
                    (ctx.t("certified_on"), cert.date.isoformat() if cert.date else ctx.t("not_given")),
                    (ctx.t("verify_link"), cert.verify_url or ctx.t("not_given")),
                ],
                WIDTH,
            )
        )
    from footprint.report.label import label_content, label_drawing

    out.append(label_drawing(label_content(ctx.study, cert, record=ctx.record)))
    return out


def declarations(ctx: ReportContext) -> list[Any]:
    from footprint.report.declarations import declaration_pages

    pages = declaration_pages(ctx)
    return [para(ctx.t("declarations"), "h1"), *[f for page in pages for f in page]] if pages else []


SECTIONS: list[Section] = [
    Section("summary", summary),
    Section("goal_scope", goal_and_scope),
    Section("boundary", boundary),
    Section("data_sources", data_sources),
    Section("allocation_cutoff", allocation_and_cutoff),
    Section("results", results),
    Section("quality", quality),
    Section("limitations", limitations),
    Section("certification", certification),
    Section("declarations", declarations),
]


def _plant(ctx: ReportContext) -> str:
    if ctx.record.get("site"):
        return str(ctx.record["site"])
    plant = ctx.study.product.plant
    parts = [str(plant[k]) for k in ("name", "location", "address") if plant.get(k)]
    return ", ".join(parts) or ctx.t("not_given")


def _share(total: float) -> Callable[[float], str]:
    return lambda v: figure(100 * v / total, digits=3) if total else "–"
