"""Widgets shown on more than one page: a calculation result, check findings, review findings, a diff.

Only display: each function takes what the packages returned and lays it out; nothing is decided here.
Every element key is prefixed with the calling page's `key` so that pages keep their state apart.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from webapp import charts, diffs
from webapp.charts import fu_label
from webapp.i18n import lang, pick, t
from webapp.model_table import input_rows
from webapp.model_words import place

STATE_COLOURS = {
    "draft": "gray",
    "submitted": "blue",
    "under_review": "violet",
    "changes_requested": "orange",
    "resubmitted": "blue",
    "approved": "green",
    "rejected": "red",
    "certified": "green",
    "cancelled": "gray",
    "active": "green",
    "suspended": "orange",
    "withdrawn": "red",
    "expired": "gray",
    "published": "green",
    "retired": "gray",
    "under_verification": "violet",
    "verified": "green",
    "declared": "green",
}


def badge(state: str) -> None:
    """A coloured badge with the translated name of a workflow state."""
    st.badge(t(f"state.{state}"), color=STATE_COLOURS.get(state, "blue"))  # type: ignore[arg-type]


def fmt(value: float | None, digits: int = 4) -> str:
    return "—" if value is None else f"{value:,.{digits}g}"


def result_metrics(result: Mapping[str, Any]) -> None:
    """Total per functional unit, data-quality rating, primary-data share (one row of metrics)."""
    dq = result.get("data_quality") or {}
    c1, c2, c3 = st.columns(3)
    c1.metric(
        t("result.total"),
        f"{float(result['total']):.4g} kg CO2e",
        t("result.per_fu", fu=fu_label(str(result.get("functional_unit", "")), lang())),
        delta_color="off",
        delta_arrow="off",
    )
    c2.metric(t("result.dqr"), fmt(dq.get("dqr"), 3), _dq_level(dq), delta_color="off", delta_arrow="off")
    share = result.get("primary_data_share")
    c3.metric(t("result.primary_share"), "—" if share is None else f"{float(share):.0%}")


def result_view(result: Mapping[str, Any], *, key: str, data: Mapping[str, Any] | None = None) -> None:
    """Charts and tables of a calculation result (`Result.to_dict()`); `data` is the model, to name places."""
    language = lang()
    left, right = st.columns(2)
    left.plotly_chart(charts.stage_waterfall(result, language), key=f"{key}_waterfall")
    right.plotly_chart(charts.contribution_sunburst(result, language), key=f"{key}_sunburst")
    st.plotly_chart(charts.product_sankey(result, language), key=f"{key}_sankey")
    st.plotly_chart(charts.factor_bars(result, language), key=f"{key}_factors")
    total = float(result["total"]) or 1.0
    names = charts.process_names(result, language)
    st.markdown(f"**{t('result.by_process')}**")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("col.process"): names.get(pid, pid),
                    t("col.stage"): charts.stage_label(_stage_of(result, pid), language),
                    "kg CO2e": round(float(v), 6),
                    t("col.share"): f"{float(v) / total:.1%}",
                }
                for pid, v in sorted((result.get("by_process") or {}).items(), key=lambda kv: -abs(kv[1]))
            ]
        ),
        hide_index=True,
        width="stretch",
        key=f"{key}_proc_table",
    )
    st.markdown(f"**{t('result.factors_used')}**")
    contributions = result.get("by_factor") or {}
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("col.ref"): f["ref"],
                    t("col.code"): f.get("code", ""),
                    t("col.name"): pick(f.get("name"), language),
                    t("col.value"): f.get("value"),
                    t("col.unit"): f.get("unit", ""),
                    t("col.geography"): f.get("geography"),
                    "kg CO2e": round(float(contributions.get(f["ref"], 0.0)), 6),
                    t("col.release"): f.get("release"),
                    t("col.citation"): f.get("citation", ""),
                }
                for f in result.get("factors") or []
            ]
        ),
        hide_index=True,
        width="stretch",
        key=f"{key}_factor_table",
    )
    cited = [f for f in result.get("factors") or [] if f.get("citation")]
    if cited:
        with st.expander(t("result.citations", n=len(cited))):
            for f in cited:
                st.markdown(
                    f"- **{pick(f.get('name'), language) or f['ref']}** `{f.get('code') or f['ref']}` — "
                    f"{t('result.citation_prefix')}{f['citation']}"
                )
    gases = result.get("by_gas") or {}
    if gases:
        st.caption(
            t("result.by_gas") + ": " + "; ".join(f"{gas_label(g)} {float(v):.4g}" for g, v in gases.items())
        )
    quality_view(result)
    warnings = result.get("warning_details") or []
    if warnings:
        with st.expander(t("result.warnings", n=len(warnings))):
            for w in warnings:
                text = (
                    w.get("message_zh") if language == "zh" and w.get("message_zh") else w.get("message", "")
                )
                where = place(str(w.get("path") or ""), data, language)
                st.markdown(f"- {where}{t('mw.colon') if where else ''}{text}")


def quality_view(result: Mapping[str, Any]) -> None:
    """The data-quality rating (pedigree DQR) and what it could not assess."""
    dq = result.get("data_quality") or {}
    indicators = dq.get("indicators") or {}
    text = t(
        "result.dq_line",
        level=_dq_level(dq),
        coverage=f"{float(dq.get('coverage') or 0):.0%}",
        n=len(dq.get("unassessed") or []),
    )
    if indicators:
        names = {"TeR": t("dq.ind.TeR"), "GeR": t("dq.ind.GeR"), "TiR": t("dq.ind.TiR"), "P": t("dq.ind.P")}
        text += "  \n" + ", ".join(f"{names.get(k, k)} {fmt(v, 3)}" for k, v in indicators.items())
    st.info(f"**{t('result.dq_title')}** — {text}")


def check_findings(findings: Sequence[Any], data: Mapping[str, Any] | None = None) -> None:
    """Completeness and plausibility findings of `products.check` as sentences, grouped by severity.

    Errors are always open; warnings are open when there is no error; notes start folded.
    """
    language = lang()
    groups = {s: [f for f in findings if f.severity.value == s] for s in ("error", "warning", "info")}
    st.caption(t("check.counts", e=len(groups["error"]), w=len(groups["warning"]), i=len(groups["info"])))
    if not findings:
        st.success(t("check.none"))
    show = {"error": st.error, "warning": st.warning, "info": st.info}
    for severity, items in groups.items():
        if not items:
            continue
        opened = severity == "error" or (severity == "warning" and not groups["error"])
        with st.expander(f"{t('check.' + severity)} ({len(items)})", expanded=opened):
            for f in items:
                where = place(f.location, data, language) if f.location else ""
                show[severity](f"**{where}**  \n{f.message(language)}" if where else f.message(language))


def review_findings(findings: Sequence[Any]) -> None:
    """The certifier's findings of a submission with the enterprise's answers (read-only table)."""
    if not findings:
        st.caption(t("findings.none"))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "#": f.id,
                    t("col.severity"): t(f"severity.{f.severity}"),
                    t("col.location"): f.location or "—",
                    t("col.finding"): finding_text(f),
                    t("col.answer"): f.answer or "—",
                    t("col.resolved"): "✓" if f.resolved else "",
                }
                for f in findings
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def finding_text(finding: Any) -> str:
    """A finding's text to show: a justified rule error is stored as its Chinese and English lines."""
    lines = (finding.text or "").splitlines()
    if getattr(finding, "source", "") == "rule" and len(lines) == 2:
        return lines[0] if lang() == "zh" else lines[1]
    return str(finding.text or "")


def evidence_view(yaml_text: str, *, key: str) -> None:
    """The model's inputs with the source each one cites (the evidence a certifier checks)."""
    import yaml

    data = yaml.safe_load(yaml_text) or {}
    language = lang()
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("col.path"): r["path"],
                    t("col.process"): pick(r["process_name"], language),
                    t("col.ref"): r["ref"],
                    t("col.amount"): r["amount"],
                    t("col.unit"): r["unit"],
                    t("col.source"): r["source"],
                    t("col.note"): r["note"],
                }
                for r in input_rows(data)
            ]
        ),
        hide_index=True,
        width="stretch",
        key=f"{key}_evidence",
    )
    with st.expander(t("model.yaml")):
        st.code(yaml_text, language="yaml")


def version_diff(a: Any, b: Any, *, key: str) -> None:
    """Two model versions side by side: totals, stages, changed inputs and the text diff."""
    import yaml

    ra, rb = json.loads(a.result_json), json.loads(b.result_json)
    c1, c2 = st.columns(2)
    c1.metric(t("diff.version", n=a.number), f"{a.total:.4g} kg CO2e")
    c2.metric(
        t("diff.version", n=b.number),
        f"{b.total:.4g} kg CO2e",
        f"{b.total - a.total:+.4g}",
        delta_color="inverse",
    )
    language = lang()
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("col.stage"): t("chart.total")
                    if r["stage"] == "total"
                    else charts.stage_label(r["stage"], language),
                    f"v{a.number}": round(r["a"], 6),
                    f"v{b.number}": round(r["b"], 6),
                    "Δ": round(r["delta"], 6),
                }
                for r in diffs.stage_changes(ra, rb)
            ]
        ),
        hide_index=True,
        width="stretch",
        key=f"{key}_stages",
    )
    changes = diffs.input_changes(yaml.safe_load(a.yaml_text) or {}, yaml.safe_load(b.yaml_text) or {})
    st.markdown(f"**{t('diff.inputs', n=len(changes))}**")
    if changes:
        named = {  # the diff's columns under the words of the page
            "process": t("col.process"),
            "ref": t("col.ref"),
            "change": t("gates.diff.change"),
            "amount_a": f"{t('col.amount')} v{a.number}",
            "amount_b": f"{t('col.amount')} v{b.number}",
            "unit_a": f"{t('col.unit')} v{a.number}",
            "unit_b": f"{t('col.unit')} v{b.number}",
        }
        st.dataframe(
            pd.DataFrame(changes).rename(columns=named), hide_index=True, width="stretch", key=f"{key}_inputs"
        )
    text = diffs.text_diff(a.yaml_text, b.yaml_text, name_a=f"v{a.number}", name_b=f"v{b.number}")
    left, right = st.columns(2)
    with left.expander(f"v{a.number}"):
        st.code(a.yaml_text, language="yaml")
    with right.expander(f"v{b.number}"):
        st.code(b.yaml_text, language="yaml")
    if text:
        with st.expander(t("diff.text")):
            st.code(text, language="diff")
    else:
        st.caption(t("diff.same_text"))


def gas_label(gas: str) -> str:
    """A gas key of `Result.by_gas` for display (the unsplit CO2e share named in words)."""
    return t("result.gas_unsplit") if gas.startswith("CO2e (") else gas


def _dq_level(dq: Mapping[str, Any]) -> str:
    level = str(dq.get("level") or "")
    text = t(f"dq.{level.replace(' ', '_')}")
    return level if text.startswith("dq.") else text


def _stage_of(result: Mapping[str, Any], pid: str) -> str:
    return next((str(p["stage"]) for p in result.get("processes") or [] if p["id"] == pid), "")
