"""Enterprise: my products — create from a PCR, edit inputs, calculate, results, what-if, uncertainty,
completeness, certification (submit, answer findings, certificates) and versions."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st
import yaml

from webapp import (
    auth,
    charts,
    compute,
    editor,
    editor_view,
    errors,
    evidence_panel,
    flows,
    product_panels,
    views,
    whatif,
)
from webapp.i18n import lang, pick, pick_pair, t
from webapp.impact_views import show_notices
from webapp.resources import session
from workflow import (
    OrgKind,
    Role,
    list_certificates,
    list_model_versions,
    list_organisations,
    list_products,
    list_submissions,
    save_model_version,
)

actor = auth.require(Role.ENTERPRISE)
st.header(t("prod.title"))
show_notices(actor)  # issue 16: what a new factor release does to this enterprise's records
if flash := st.session_state.pop("prod_flash", None):
    st.success(flash)

with session() as s:
    mine = list_products(actor, s)

with st.expander(t("new.title"), expanded=not mine, icon=":material/add:"):
    product_panels.new_product(actor)

if not mine:
    st.info(t("prod.none"))
    st.stop()

# --- the product -------------------------------------------------------------------------------------------
by_id = {p.id: p for p in mine}
if (pending := st.session_state.pop("prod_pick_next", None)) in by_id:
    st.session_state["prod_pick"] = pending
product_labels = {i: f"{pick_pair(p.name_zh, p.name_en)} ({p.code})" for i, p in by_id.items()}
pid = st.selectbox(t("prod.pick"), list(by_id), key="prod_pick", format_func=product_labels.__getitem__)
product = by_id[pid]
with session() as s:
    versions = list_model_versions(actor, s, product_id=pid)
    subs = [x for x in list_submissions(actor, s) if x.product_id == pid]
    certs = [c for c in list_certificates(actor, s) if c.product_id == pid]
    bodies = {o.id: o for o in list_organisations(actor, s, kind=OrgKind.CERTIFICATION_BODY) if o.active}
rule = flows.rule_for_category(product.category)


def save_edited(text: str) -> object:
    """The editor's model saved as the product's next version (validated and calculated by the workflow)."""
    return flows.call(save_model_version, actor, product_id=pid, yaml_text=text, note="edited in the editor")


if not versions:
    st.info(t("prod.no_version_editor") if rule is not None else t("prod.no_version"))
    if rule is not None and editor_view.draft_key(pid) not in st.session_state:
        editor_view.start(
            pid, editor.skeleton(rule, code=product.code, name_zh=product.name_zh, name_en=product.name_en)
        )
    st.subheader(t("ed.title"))
    st.caption(t("ed.hint"))
    editor_view.show(pid, rule, on_save=save_edited)
    with st.expander(t("ed.yaml_advanced")):
        first = st.text_area(t("model.yaml"), height=300, key=f"prod_first_{pid}")
        if (
            st.button(t("prod.save_yaml"), key="prod_first_save")
            and errors.attempt(flows.call, save_model_version, actor, product_id=pid, yaml_text=first)
            is not None
        ):
            st.rerun()
    st.stop()

latest = versions[-1]
result = json.loads(latest.result_json)
data = yaml.safe_load(latest.yaml_text) or {}

st.caption(
    t(
        "prod.version_line",
        n=latest.number,
        state=t("prod.frozen") if latest.frozen_at else t("prod.draft"),
        release=latest.factor_release,
        gwp=latest.gwp,
        fu=views.fu_label(latest.functional_unit, lang()),
    )
)
left, right = st.columns([1, 3])
if left.button(t("prod.calculate"), type="primary", key="prod_calculate", icon=":material/calculate:"):
    text = latest.yaml_text
    with st.spinner(t("prod.calculating")):
        saved = errors.attempt(
            flows.call,
            save_model_version,
            actor,
            product_id=pid,
            yaml_text=text,
            note="calculated in the app",
        )
    if saved is not None:
        st.session_state["prod_flash"] = t(
            "prod.calculated",
            total=f"{saved.total:.4g}",
            fu=views.fu_label(saved.functional_unit, lang()),
            n=saved.number,
        )
        st.rerun()
right.caption(t("prod.calculate_hint"))
views.result_metrics(result)

tabs = st.tabs(
    [
        t("tab.results"),
        t("tab.inputs"),
        t("tab.whatif"),
        t("tab.uncertainty"),
        t("tab.completeness"),
        t("tab.certification"),
        t("tab.versions"),
        t("tab.declarations"),
    ],
    key=f"prod_tabs_{lang()}",  # keeps the open tab across reruns (e.g. after a Monte Carlo run)
)

with tabs[0]:
    views.result_view(result, key="prod_res", data=data)

with tabs[1]:
    st.caption(t("ed.hint"))
    if editor_view.draft_key(pid) not in st.session_state:
        editor_view.start(pid, data)
    editor_view.show(pid, rule, on_save=save_edited, release=latest.factor_release)
    if st.button(t("ed.discard"), key="prod_ed_discard", icon=":material/undo:"):
        editor_view.start(pid, data)
        st.rerun()
    with st.expander(t("inputs.yaml_editor")):
        text = st.text_area(
            t("model.yaml"),
            latest.yaml_text,
            height=420,
            key=f"prod_yaml_{latest.id}_{latest.model_hash[:10]}",
        )
        if st.button(t("prod.save_yaml"), key="prod_save_yaml"):
            with errors.about(data):  # problems name the processes of the version being edited
                saved = errors.attempt(
                    flows.call,
                    save_model_version,
                    actor,
                    product_id=pid,
                    yaml_text=text,
                    note="edited in the app",
                )
            if saved is not None:
                st.session_state["prod_flash"] = t(
                    "prod.calculated",
                    total=f"{saved.total:.4g}",
                    fu=views.fu_label(saved.functional_unit, lang()),
                    n=saved.number,
                )
                st.rerun()
    st.subheader(t("ev.title"))
    st.caption(t("ev.hint"))
    evidence_panel.panel(
        actor, version=latest, data=data, targets=evidence_panel.input_targets(data, lang()), key="prod_ev"
    )

with tabs[2]:
    refs = whatif.swappable_refs(result)
    if not refs:
        st.info(t("whatif.none"))
    else:
        st.caption(t("whatif.hint"))
        fnames = charts.factor_names(result, lang())
        codes = errors.attempt(compute.electricity_factors, latest.factor_release) or []
        info = {c: (n, v, u) for c, n, v, u in codes}
        c1, c2 = st.columns(2)
        old_labels = {r: f"{fnames.get(r, r)} ({r})" for r in refs}
        old = c1.selectbox(t("whatif.replace"), refs, key="prod_wi_old", format_func=old_labels.__getitem__)
        new_labels = {c: f"{pick(n)} ({c}, {v:g} kg/{u})" for c, (n, v, u) in info.items()}
        new = c2.selectbox(
            t("whatif.with"),
            whatif.alternatives(list(info), old),
            key="prod_wi_new",
            format_func=new_labels.__getitem__,
        )
        after = (
            errors.attempt(compute.what_if, latest.yaml_text, latest.factor_release, old=old, new=new)
            if new
            else None
        )
        if after is not None:
            after_dict = after.to_dict()
            cmp = whatif.comparison(result, after_dict)
            m1, m2, m3 = st.columns(3)
            m1.metric(t("whatif.before"), f"{cmp['before']:.4g} kg CO2e")
            m2.metric(
                t("whatif.after"),
                f"{cmp['after']:.4g} kg CO2e",
                f"{cmp['delta']:+.4g} kg CO2e",
                delta_color="inverse",
            )
            m3.metric(t("whatif.change"), "—" if cmp["relative"] is None else f"{cmp['relative']:+.1%}")
            st.plotly_chart(charts.before_after(result, after_dict, lang()), key="prod_wi_chart")
            st.caption(t("whatif.note"))

with tabs[3]:
    mc_key = f"prod_mc_{latest.id}_{latest.model_hash[:10]}"
    c1, c2 = st.columns(2)
    iterations = int(c1.number_input(t("mc.iterations"), 100, 20000, 1000, step=100, key="prod_mc_n"))
    seed = int(c2.number_input(t("mc.seed"), 0, 2**31 - 2, 42, key="prod_mc_seed"))
    if st.button(t("mc.run"), key="prod_mc_run", icon=":material/casino:"):
        with st.status(t("mc.running", n=iterations), expanded=True) as status:
            bar = st.progress(0.0, text=t("mc.step_model"))
            ok = errors.attempt(compute.evaluation, latest.yaml_text, latest.factor_release) is not None
            summary = None
            if ok:
                bar.progress(0.3, text=t("mc.step_sampling", n=iterations))
                summary = errors.attempt(
                    compute.monte_carlo,
                    latest.yaml_text,
                    latest.factor_release,
                    iterations=iterations,
                    seed=seed,
                )
            if summary:
                bar.progress(1.0, text=t("mc.step_done"))
                st.session_state[mc_key] = summary
                status.update(label=t("mc.done", n=iterations), state="complete", expanded=False)
            else:
                status.update(label=t("mc.failed"), state="error")
    summary = st.session_state.get(mc_key) or result.get("uncertainty")
    if not summary:
        st.info(t("mc.none"))
    else:
        m1, m2, m3 = st.columns(3)
        m1.metric(t("mc.mean"), f"{summary['mean']:.4g} kg CO2e")
        m2.metric(t("mc.interval"), f"{summary['p2_5']:.4g} – {summary['p97_5']:.4g}")
        m3.metric(t("mc.cv"), "—" if summary.get("cv") is None else f"{summary['cv']:.1%}")
        st.plotly_chart(charts.uncertainty_band(summary, float(result["total"]), lang()), key="prod_mc_chart")
        shares = summary.get("variance_shares") or {}
        if shares:
            st.markdown(f"**{t('mc.shares')}**")
            st.dataframe(
                pd.DataFrame(
                    [
                        {t("col.path"): k, t("col.share"): f"{v:.1%}"}
                        for k, v in sorted(shares.items(), key=lambda kv: -kv[1])
                    ]
                ),
                hide_index=True,
                width="stretch",
            )
        st.caption(t("mc.caption", n=summary["iterations"], seed=summary["seed"]))

with tabs[4]:
    st.caption(t("check.hint"))
    found = errors.attempt(compute.pre_review, latest.yaml_text, latest.factor_release)
    if found is not None:
        views.check_findings(found, data)

with tabs[5]:
    product_panels.certification(
        actor,
        pid=pid,
        latest=latest,
        versions=versions,
        subs=subs,
        certs=certs,
        bodies=bodies,
        product=product,
    )

with tabs[6]:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("col.version"): v.number,
                    t("col.created"): f"{v.created_at:%Y-%m-%d %H:%M}",
                    "kg CO2e": round(v.total, 6),
                    t("col.release"): v.factor_release,
                    t("col.frozen"): "✓" if v.frozen_at else "",
                    t("col.note"): v.note,
                }
                for v in versions
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    if len(versions) >= 2:
        numbers = {v.number: v for v in versions}
        c1, c2 = st.columns(2)
        a = c1.selectbox("A", list(numbers), index=len(numbers) - 2, key="prod_diff_a")
        b = c2.selectbox("B", list(numbers), index=len(numbers) - 1, key="prod_diff_b")
        views.version_diff(numbers[a], numbers[b], key="prod_diff")
    else:
        st.caption(t("versions.one"))

with tabs[7]:
    st.caption(
        t(
            "dc.hint",
            n=latest.number,
            total=f"{latest.total:.4g}",
            fu=views.fu_label(latest.functional_unit, lang()),
        )
    )
    made_key = f"prod_dc_{latest.id}_{lang()}"
    if st.button(t("dc.make"), key="prod_dc_make", icon=":material/description:"):
        with st.spinner(t("prod.calculating")):
            st.session_state[made_key] = errors.attempt(
                compute.declaration_files, latest.yaml_text, latest.factor_release, language=lang()
            )
    for item in st.session_state.get(made_key) or []:
        with st.container(border=True):
            st.markdown(f"**{item['title']}**")
            if item["data"] is not None:
                st.download_button(
                    t("dc.download", title=item["title"]),
                    item["data"],
                    file_name=f"{product.code}-v{latest.number}-{item['name']}{item['suffix']}",
                    key=f"prod_dc_{item['name']}",
                )
            else:
                st.warning(item["refused"])
