"""Plotly figures built from a calculation result dict (`footprint.Result.to_dict()`), in zh or en.

Pure functions: a result (and the language) in, a `plotly.graph_objects.Figure` out. Stage and other
labels come from the translation table; process and factor names from the result itself.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go

from webapp.i18n import pick, tr

STAGE_COLOURS = {
    "raw_materials": "#2E7D32",
    "production": "#1565C0",
    "distribution": "#EF6C00",
    "use": "#6A1B9A",
    "end_of_life": "#6D4C41",
}
CREDIT_COLOUR = "#00897B"  # credits (avoided burdens), apart from the burden colours
FONT = dict(family="WenQuanYi Zen Hei, Noto Sans CJK SC, Microsoft YaHei, sans-serif")


def stage_order(result: Mapping[str, Any]) -> list[str]:
    """The result's stages in life-cycle order (unknown stages last, sorted)."""
    from footprint import Stage

    known = [s.value for s in Stage]
    stages = list((result.get("by_stage") or {}).keys())
    return [s for s in known if s in stages] + sorted(s for s in stages if s not in known)


def stage_label(stage: str, language: str) -> str:
    text = tr(f"stage.{stage}", language)
    return stage if text == f"stage.{stage}" else text


def factor_names(result: Mapping[str, Any], language: str) -> dict[str, str]:
    """Factor reference → its name in `language` (the reference itself when the factor has no name)."""
    return {f["ref"]: pick(f.get("name"), language) or f["ref"] for f in result.get("factors") or []}


def process_names(result: Mapping[str, Any], language: str) -> dict[str, str]:
    return {p["id"]: pick(p.get("name"), language) or p["id"] for p in result.get("processes") or []}


def stage_waterfall(result: Mapping[str, Any], language: str = "zh") -> go.Figure:
    """Waterfall of kg CO2e per functional unit, stage by stage, ending at the total."""
    stages = stage_order(result)
    values = [float(result["by_stage"][s]) for s in stages]
    fig = go.Figure(
        go.Waterfall(
            x=[*(stage_label(s, language) for s in stages), tr("chart.total", language)],
            y=[*values, float(result["total"])],
            measure=[*(["relative"] * len(stages)), "total"],
            text=[*(f"{v:.3g}" for v in values), f"{float(result['total']):.4g}"],
            textposition="outside",
            connector={"line": {"color": "#999"}},
            increasing={"marker": {"color": "#C62828"}},
            decreasing={"marker": {"color": "#2E7D32"}},
            totals={"marker": {"color": "#37474F"}},
            name=tr("chart.burdens", language),
        )
    )
    credits = (result.get("credits") or {}).get("by_stage") or {}
    if credits:  # avoided burdens: their own bars and colour, never folded into the burdens
        fig.add_trace(
            go.Bar(
                x=[stage_label(s, language) for s in credits],
                y=[float(v) for v in credits.values()],
                name=tr("chart.credits", language),
                marker_color=CREDIT_COLOUR,
                text=[f"{float(v):.3g}" for v in credits.values()],
                textposition="outside",
            )
        )
        fig.update_layout(showlegend=True)
    return _layout(fig, tr("chart.by_stage", language), _unit(result, language))


def contribution_sunburst(result: Mapping[str, Any], language: str = "zh") -> go.Figure:
    """Sunburst: stage → process → material / energy (factor) or direct emissions; positive parts only."""
    pnames, fnames = process_names(result, language), factor_names(result, language)
    ids, labels, parents, values = [], [], [], []
    stage_sum: dict[str, float] = {}
    for p in result.get("processes") or []:
        parts = {fnames.get(ref, ref): float(v) for ref, v in (p.get("inputs") or {}).items()}
        if float(p.get("direct") or 0.0):
            parts[tr("chart.direct", language)] = float(p["direct"])
        parts = {k: v for k, v in parts.items() if v > 0}
        if not parts:
            continue
        stage, pid = str(p["stage"]), f"{p['stage']}/{p['id']}"
        ids.append(pid)
        labels.append(pnames.get(p["id"], p["id"]))
        parents.append(stage)
        values.append(sum(parts.values()))
        stage_sum[stage] = stage_sum.get(stage, 0.0) + values[-1]
        for name, v in parts.items():
            ids.append(f"{pid}/{name}")
            labels.append(name)
            parents.append(pid)
            values.append(v)
    order = [s for s in stage_order(result) if s in stage_sum]
    fig = go.Figure(
        go.Sunburst(
            ids=order + ids,
            labels=[stage_label(s, language) for s in order] + labels,
            parents=[""] * len(order) + parents,
            values=[stage_sum[s] for s in order] + values,
            branchvalues="total",
            hovertemplate="%{label}<br>%{value:.4g} kg CO2e<extra></extra>",
            marker={"colors": [STAGE_COLOURS.get(s, "#90A4AE") for s in order] + [None] * len(ids)},
        )
    )
    fig = _layout(fig, tr("chart.sunburst", language), "")
    fig.update_layout(height=460)
    return fig


def factor_bars(result: Mapping[str, Any], language: str = "zh", top: int = 12) -> go.Figure:
    """Horizontal bars of the largest contributions by material / energy (factor)."""
    names = factor_names(result, language)
    items = sorted((result.get("by_factor") or {}).items(), key=lambda kv: -abs(float(kv[1])))[:top]
    items.reverse()
    fig = go.Figure(
        go.Bar(
            x=[float(v) for _, v in items],
            y=[names.get(k, k) for k, _ in items],
            orientation="h",
            marker_color="#1565C0",
            text=[f"{float(v):.3g}" for _, v in items],
            textposition="auto",
        )
    )
    return _layout(fig, tr("chart.by_factor", language), _unit(result, language), horizontal=True)


def product_sankey(result: Mapping[str, Any], language: str = "zh") -> go.Figure:
    """Sankey of the product system: each supplier's cumulative kg CO2e flowing into what it supplies, down to
    the reference product (the tree's root, labelled with the total per functional unit)."""
    labels: list[str] = []
    colours: list[str] = []
    sources: list[int] = []
    targets: list[int] = []
    values: list[float] = []

    def add(node: Mapping[str, Any]) -> int:
        k = len(labels)
        labels.append(f"{pick(node.get('name'), language) or node['process']}: {float(node['total']):.3g}")
        colours.append(STAGE_COLOURS.get(str(node.get("stage")), "#90A4AE"))
        for child in node.get("children") or []:
            j = add(child)
            if float(child["total"]) > 0:
                sources.append(j)
                targets.append(k)
                values.append(float(child["total"]))
        cut = float(node.get("cut_off") or 0.0)
        if cut > 0:
            labels.append(f"{tr('chart.cut_off', language)}: {cut:.3g}")
            colours.append("#CFD8DC")
            sources.append(len(labels) - 1)
            targets.append(k)
            values.append(cut)
        return k

    if result.get("tree"):
        add(result["tree"])  # the root is the product per functional unit; its label carries the total
    if labels and not sources:  # one process: show what its total is made of (factors and direct emissions)
        names = factor_names(result, language)
        for ref, value in sorted((result.get("by_factor") or {}).items(), key=lambda kv: -abs(kv[1])):
            if float(value) > 0:
                labels.append(f"{names.get(ref, ref)}: {float(value):.3g}")
                colours.append("#90A4AE")
                sources.append(len(labels) - 1)
                targets.append(0)
                values.append(float(value))
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={"label": labels, "color": colours, "pad": 18, "thickness": 16},
            link={"source": sources, "target": targets, "value": values, "color": "rgba(120,144,156,0.35)"},
            valueformat=".4g",
            valuesuffix=" kg CO2e",
        )
    )
    return _layout(fig, tr("chart.sankey", language), "")


def uncertainty_band(summary: Mapping[str, Any], total: float, language: str = "zh") -> go.Figure:
    """The deterministic total, the Monte Carlo mean and its 95 % interval (2.5th to 97.5th percentile)."""
    lo, hi, mean = float(summary["p2_5"]), float(summary["p97_5"]), float(summary["mean"])
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[lo, hi],
            y=[0, 0],
            mode="lines+markers",
            line={"width": 10, "color": "#90CAF9"},
            name=tr("chart.interval95", language),
            hovertemplate="%{x:.4g}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[mean],
            y=[0],
            mode="markers",
            marker={"size": 16, "color": "#1565C0"},
            name=tr("chart.mc_mean", language),
            hovertemplate="%{x:.4g}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[total],
            y=[0],
            mode="markers",
            marker={"size": 16, "symbol": "diamond", "color": "#C62828"},
            name=tr("chart.deterministic", language),
            hovertemplate="%{x:.4g}<extra></extra>",
        )
    )
    fig.update_yaxes(visible=False)
    fig = _layout(fig, tr("chart.uncertainty", language), "kg CO2e")
    fig.update_layout(height=220, showlegend=True, legend={"orientation": "h", "y": -0.4})
    return fig


def before_after(before: Mapping[str, Any], after: Mapping[str, Any], language: str = "zh") -> go.Figure:
    """Grouped bars by stage (and total) before and after a what-if change."""
    stages = [s for s in stage_order(before)] + [s for s in stage_order(after) if s not in before["by_stage"]]
    x = [stage_label(s, language) for s in stages] + [tr("chart.total", language)]
    fig = go.Figure()
    for name, res, colour in (
        (tr("whatif.before", language), before, "#90A4AE"),
        (tr("whatif.after", language), after, "#2E7D32"),
    ):
        y = [float(res["by_stage"].get(s, 0.0)) for s in stages] + [float(res["total"])]
        fig.add_trace(
            go.Bar(
                name=name, x=x, y=y, marker_color=colour, text=[f"{v:.3g}" for v in y], textposition="outside"
            )
        )
    fig.update_layout(barmode="group")
    return _layout(fig, tr("whatif.chart", language), _unit(before, language))


def _unit(result: Mapping[str, Any], language: str) -> str:
    return tr("chart.unit", language, fu=fu_label(str(result.get("functional_unit", "")), language))


@functools.lru_cache(maxsize=256)
def fu_label(text: str, language: str) -> str:
    """A model's functional-unit text (often the rule's English wording) in `language`, via the rules."""
    from products import list_rules

    for rule in list_rules():
        for fu in rule.functional_units:
            if text.strip().lower() in {a.lower() for a in (fu.text.en, fu.text.zh, *fu.aliases)}:
                return fu.label(language)
    return text


def _layout(fig: go.Figure, title: str, axis: str, *, horizontal: bool = False) -> go.Figure:
    fig.update_layout(title=title, font=FONT, margin={"l": 10, "r": 10, "t": 50, "b": 10}, height=380)
    if axis:
        (fig.update_xaxes if horizontal else fig.update_yaxes)(title_text=axis)
    return fig
