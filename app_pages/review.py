"""Certifier: the review queue — automatic pre-review, the model and its evidence, version diffs, findings,
decisions (request changes / approve / reject), the certificate, and recomputation of issued certificates."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st
import yaml

from webapp import auth, compute, errors, flows, review_panels, views
from webapp.i18n import lang, pick_pair, t
from webapp.model_table import model_paths
from webapp.plain import md_text
from webapp.resources import session
from workflow import (
    ReviewSeverity,
    Role,
    SubmissionState,
    add_finding,
    allowed_actions,
    approve,
    get_model_version,
    get_organisation,
    issue_certificate,
    list_certificates,
    list_findings,
    list_model_versions,
    list_products,
    list_rounds,
    list_submissions,
    reject,
    request_changes,
    resolve_finding,
    start_review,
    submission_history,
)

S = SubmissionState
actor = auth.require(Role.CERTIFIER)
st.header(t("rev.title"))
if flash := st.session_state.pop("rev_flash", None):
    st.success(flash)

with session() as s:
    queue = sorted(list_submissions(actor, s), key=lambda x: x.updated_at, reverse=True)
    products = {p.id: p for p in list_products(actor, s)}
    owners = {p.owner_org_id: get_organisation(actor, s, org_id=p.owner_org_id) for p in products.values()}
    certs = list_certificates(actor, s)


def product_name(product_id: int) -> str:
    p = products[product_id]
    return f"{pick_pair(p.name_zh, p.name_en)} ({p.code})"


def owner_name(product_id: int) -> str:
    o = owners[products[product_id].owner_org_id]
    return pick_pair(o.name_zh, o.name_en)


waiting = [x for x in queue if S(x.state) in (S.SUBMITTED, S.RESUBMITTED, S.UNDER_REVIEW, S.APPROVED)]
c1, c2, c3 = st.columns(3)
c1.metric(t("rev.waiting"), len(waiting))
c2.metric(t("rev.all"), len(queue))
c3.metric(t("rev.issued"), len(certs))
if not queue:
    st.info(t("rev.empty"))
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "#": x.id,
                    t("col.product"): product_name(x.product_id),
                    t("col.enterprise"): owner_name(x.product_id),
                    t("col.state"): t(f"state.{x.state}"),
                    t("col.round"): x.round,
                    t("col.updated"): f"{x.updated_at:%Y-%m-%d %H:%M}",
                }
                for x in queue
            ]
        ),
        hide_index=True,
        width="stretch",
    )

    by_id = {x.id: x for x in queue}
    queue_labels = {i: f"#{i} · {product_name(x.product_id)}" for i, x in by_id.items()}
    sid = st.selectbox(
        t("rev.pick"),
        list(by_id),
        index=review_panels.deep_link_index(  # a deep link, else the first submission waiting for us
            list(by_id), default=next((k for k, i in enumerate(by_id) if by_id[i] in waiting), 0)
        ),
        key="rev_pick",
        format_func=queue_labels.__getitem__,
    )
    sub = by_id[sid]
    state = S(sub.state)
    allowed = allowed_actions(actor, sub)
    with session() as s:
        version = get_model_version(actor, s, version_id=sub.model_version_id)
        rounds = list_rounds(actor, s, submission_id=sid)
        findings = list_findings(actor, s, submission_id=sid)
        versions = list_model_versions(actor, s, product_id=sub.product_id)

    st.subheader(md_text(product_name(sub.product_id)))
    views.badge(sub.state)
    review_panels.record_link("submission", sid)
    st.caption(
        t(
            "rev.line",
            enterprise=owner_name(sub.product_id),
            n=version.number,
            round=sub.round,
            total=f"{version.total:.4g}",
            fu=views.fu_label(version.functional_unit, lang()),
            release=version.factor_release,
        )
    )

    # --- decisions -----------------------------------------------------------------------------------------
    with st.container(border=True):
        st.markdown(f"**{t('rev.actions')}**")
        if "start_review" in allowed:
            if (
                st.button(t("rev.start"), type="primary", key="rev_start")
                and errors.attempt(flows.call, start_review, actor, submission_id=sid) is not None
            ):
                st.session_state["rev_flash"] = t("rev.started", id=sid)
                st.rerun()
        elif "approve" in allowed:
            note = st.text_input(t("wf.rev.note"), key=f"rev_note_{sid}")
            b1, b2, b3 = st.columns(3)
            if (
                b1.button(t("rev.approve"), type="primary", key="rev_approve")
                and errors.attempt(flows.call, approve, actor, submission_id=sid, note=note) is not None
            ):
                st.session_state["rev_flash"] = t("rev.approved", id=sid)
                st.rerun()
            if (
                b2.button(t("rev.request_changes"), key="rev_changes")
                and errors.attempt(flows.call, request_changes, actor, submission_id=sid, note=note)
                is not None
            ):
                st.session_state["rev_flash"] = t("rev.changes_requested", id=sid)
                st.rerun()
            if (
                b3.button(t("rev.reject"), key="rev_reject")
                and errors.attempt(flows.call, reject, actor, submission_id=sid, reason=note) is not None
            ):
                st.rerun()
            st.caption(t("rev.note_hint"))
        elif "reject" in allowed:
            st.info(t("rev.waiting_enterprise"))
            reason = st.text_input(t("rev.reason"), key=f"rev_reason_{sid}")
            if (
                st.button(t("rev.reject"), key="rev_reject_cr")
                and errors.attempt(flows.call, reject, actor, submission_id=sid, reason=reason) is not None
            ):
                st.rerun()
        elif "issue_certificate" in allowed:
            years = int(st.number_input(t("rev.validity"), 1, 5, 2, key="rev_years"))
            if st.button(
                t("rev.issue"), type="primary", key="rev_issue", icon=":material/workspace_premium:"
            ):
                cert = errors.attempt(
                    flows.call, issue_certificate, actor, submission_id=sid, validity_years=years
                )
                if cert is not None:
                    st.session_state["rev_flash"] = t("rev.issued_one", number=cert.number)
                    st.rerun()
        elif state is S.CERTIFIED:
            for c in [c for c in certs if c.submission_id == sid]:
                st.markdown(t("rev.certificate", number=c.number, issued=c.issued_on, expires=c.expires_on))
                st.page_link(
                    "app_pages/verify.py",
                    label=t("cert.verify_link"),
                    icon=":material/verified:",
                    query_params={"number": c.number},
                )
        else:
            st.caption(t(f"cert.status.{sub.state}"))

    tabs = st.tabs(
        [t("tab.prereview"), t("tab.model"), t("tab.versions"), t("tab.findings"), t("tab.history")]
    )
    with tabs[0]:
        review_panels.rule_gate(actor, sid, findings, can_resolve="resolve_finding" in allowed)
        st.caption(t("rev.prereview_hint"))
        found = errors.attempt(compute.pre_review, version.yaml_text, version.factor_release)
        if found is not None:
            views.check_findings(found, yaml.safe_load(version.yaml_text) or {})  # processes by name
            raisable = flows.raisable(found)
            if (
                "add_finding" in allowed
                and raisable
                and st.button(t("rev.raise_all", n=len(raisable)), key="rev_raise")
                and errors.attempt(
                    flows.raise_findings,
                    actor,
                    submission_id=sid,
                    checks=raisable,
                    yaml_text=version.yaml_text,
                    language=lang(),
                )
                is not None
            ):
                st.rerun()
    with tabs[1]:
        result = json.loads(version.result_json)
        views.result_metrics(result)
        views.result_view(result, key="rev_res")
        st.markdown(f"**{t('rev.evidence')}**")
        views.evidence_view(version.yaml_text, key="rev_evidence")
        st.markdown(f"**{t('wf.rev.evidence')}**")
        review_panels.evidence(actor, version.id)
    with tabs[2]:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("col.round"): r.round,
                        t("col.version"): next(
                            (v.number for v in versions if v.id == r.model_version_id), "?"
                        ),
                        t("col.submitted"): f"{r.submitted_at:%Y-%m-%d %H:%M}",
                    }
                    for r in rounds
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        if len(versions) >= 2:
            numbers = {v.number: v for v in versions}
            d1, d2 = st.columns(2)
            a = d1.selectbox("A", list(numbers), index=len(numbers) - 2, key="rev_diff_a")
            b = d2.selectbox("B", list(numbers), index=len(numbers) - 1, key="rev_diff_b")
            views.version_diff(numbers[a], numbers[b], key="rev_diff")
        else:
            st.caption(t("versions.one"))
    with tabs[3]:
        views.review_findings(findings)
        if "resolve_finding" in allowed:
            for f in [f for f in findings if not f.resolved]:
                if (
                    st.button(t("findings.resolve", id=f.id), key=f"rev_resolve_{f.id}")
                    and errors.attempt(flows.call, resolve_finding, actor, finding_id=f.id) is not None
                ):
                    st.rerun()
            with st.form("rev_add_finding", clear_on_submit=True):
                st.markdown(f"**{t('findings.add')}**")
                severity_labels = {s.value: t(f"severity.{s.value}") for s in ReviewSeverity}
                severity = st.selectbox(
                    t("col.severity"),
                    list(severity_labels),
                    key="rev_f_severity",
                    format_func=severity_labels.__getitem__,
                )
                location = st.selectbox(
                    t("col.location"),
                    ["", *model_paths(yaml.safe_load(version.yaml_text) or {})],
                    key="rev_f_location",
                    format_func=lambda p: p or "—",
                )
                text = st.text_area(t("col.finding"), key="rev_f_text")
                if (
                    st.form_submit_button(t("findings.add_button"))
                    and errors.attempt(
                        flows.call,
                        add_finding,
                        actor,
                        submission_id=sid,
                        severity=severity,
                        text=text,
                        location=location,
                    )
                    is not None
                ):
                    st.rerun()
    with tabs[4]:
        with session() as s:
            history = submission_history(actor, s, submission_id=sid)
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("col.when"): f"{h.at:%Y-%m-%d %H:%M:%S}",
                        t("col.who"): h.actor,
                        t("col.action"): h.action,
                        t("col.detail"): h.detail,
                    }
                    for h in history
                ]
            ),
            hide_index=True,
            width="stretch",
        )

# --- certificates issued by this body: batch recomputation -------------------------------------------------
st.divider()
st.subheader(t("rev.certs_title"))
if not certs:
    st.caption(t("cert.none"))
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("col.number"): c.number,
                    t("col.product"): product_name(c.product_id),
                    t("col.state"): t(f"state.{c.status}"),
                    "kg CO2e": round(c.total, 6),
                    t("col.issued"): c.issued_on,
                    t("col.expires"): c.expires_on,
                }
                for c in certs
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    if st.button(t("rev.recompute_all", n=len(certs)), key="rev_recompute", icon=":material/refresh:"):
        bar = st.progress(0.0, text=t("rev.recomputing", k=0, n=len(certs)))
        checked: list[dict[str, object]] = []
        for k, number, check in flows.recompute_all(actor, [c.number for c in certs]):
            bar.progress((k + 1) / len(certs), text=t("rev.recomputing", k=k + 1, n=len(certs)))
            if isinstance(check, Exception):
                checked.append(
                    {
                        t("col.number"): number,
                        t("rev.matches"): "✗",
                        t("col.detail"): errors.describe(check, lang()).text,
                    }
                )
            else:
                checked.append(
                    {
                        t("col.number"): number,
                        t("rev.matches"): "✓" if check.matches else "✗",
                        t("rev.cert_total"): check.certificate_total,
                        t("rev.new_total"): check.recomputed_total,
                    }
                )
        bar.progress(1.0, text=t("prog.recompute_done", n=len(certs)))  # says it finished, not "n/n"
        st.session_state["rev_recomputed"] = checked
    if recomputed := st.session_state.get("rev_recomputed"):
        st.dataframe(pd.DataFrame(recomputed), hide_index=True, width="stretch")
    review_panels.certificates(actor, certs)
