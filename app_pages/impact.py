"""Standards body, certification bodies, admins: the impact of a new factor release on every stored
certificate and declaration (re-rating), with the full recalculation on Dask behind a button."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from factors.query import release_infos
from webapp import auth
from webapp.i18n import t
from webapp.resources import session
from workflow import Role
from workflow.impact import analyse, parse_threshold, stored_record_count

actor = auth.require(Role.STANDARDS, Role.CERTIFIER, Role.ADMIN)
st.header(t("imp.title"))
st.caption(t("imp.caption"))

with session() as s:
    releases = [r.version for r in release_infos(s) if r.status == "published"]
    stored = stored_record_count(s)
if stored == 0:
    st.info(t("imp.none"))
    st.stop()
if len(releases) < 2:
    st.info(t("imp.one_release"))
    st.stop()

c1, c2, c3, c4 = st.columns(4)
old = c1.selectbox(t("imp.old"), releases, index=len(releases) - 2, key="imp_old")
new = c2.selectbox(t("imp.new"), releases, index=len(releases) - 1, key="imp_new")
threshold = c3.number_input(t("imp.threshold"), min_value=0.0, value=0.0, step=1.0, key="imp_threshold")
category = c4.text_input(t("imp.category"), key="imp_category")
if st.button(t("imp.run"), type="primary", key="imp_run"):
    with session() as s:
        report, aid = analyse(
            actor, s, old, new, category=category or None, threshold=parse_threshold(f"{threshold}%")
        )
    st.session_state["imp_report"] = report.as_dict()
    orgs = {it["org_id"] for it in report.items if it["needs_recalculation"] or it["change"]}
    st.success(t("imp.stored", id=aid, orgs=len(orgs)))

data = st.session_state.get("imp_report")
if not data:
    st.stop()
items = data["items"]
m1, m2, m3 = st.columns(3)
m1.metric(t("imp.records"), data["n_records"])
m2.metric(t("imp.listed"), len(items))
m3.metric(t("imp.recalc_needed"), sum(1 for it in items if it["needs_recalculation"]))
names = sorted({it["enterprise"] for it in items})
chosen = st.multiselect(t("imp.enterprise"), names, key="imp_orgs")
shown = [it for it in items if not chosen or it["enterprise"] in chosen]
frame = pd.DataFrame(
    [
        {
            t("imp.col.record"): it["record"],
            t("imp.col.kind"): t(f"imp.kind.{it['kind']}"),
            t("imp.col.product"): it["product"],
            t("imp.enterprise"): it["enterprise"],
            t("imp.col.old"): it["old_total"],
            t("imp.col.new"): it["new_total"],
            t("imp.col.change"): None if it["change"] is None else it["change"] * 100,
            t("imp.col.unit"): it["unit"],
            t("imp.col.drivers"): ", ".join(
                f"{d['code']} {d['contribution']:+.3g}" for d in it["drivers"][:3]
            ),
            t("imp.col.recalc"): it["needs_recalculation"],
        }
        for it in shown
    ]
)
st.dataframe(frame, hide_index=True, width="stretch")
changes = [it["change"] * 100 for it in shown if it["change"] is not None]
if changes:
    fig = px.histogram(x=changes, nbins=min(50, max(5, len(changes) // 2)), labels={"x": t("imp.hist")})
    st.plotly_chart(fig, key="imp_hist")
if data["resolution_changes"]:
    st.markdown(f"**{t('imp.resolutions')}**")
    for change in data["resolution_changes"]:
        st.markdown(f"- {change['change']}")

if st.button(t("imp.recalc", release=data["new_release"]), key="imp_recalc"):
    from workflow.recalc import recalculate_stored

    bar = st.progress(0.0)

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=t("imp.recalc_progress", done=done, total=total))

    with session() as s:
        outcomes = recalculate_stored(
            s, data["new_release"], category=data["category"] or None, progress=progress
        )
    failed = [o for o in outcomes if not o["ok"]]
    st.success(t("imp.recalc_done", ok=len(outcomes) - len(failed), failed=len(failed)))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("imp.col.record"): o["record"],
                    t("imp.col.product"): o["product"],
                    t("imp.col.total"): o.get("total"),
                    t("imp.col.error"): o.get("error", ""),
                }
                for o in outcomes
            ]
        ),
        hide_index=True,
    )
