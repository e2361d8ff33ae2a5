"""Traction-battery carbon-footprint declarations (MIIT, 汽车动力电池碳足迹申报).

Pack maker (enterprise): every pack model with its declaration status and the trial's count of typical
packs declared; create a declaration with its verification body, submit it, recalculate it after changes
were requested, declare it once verified, download the cn-battery JSON. Verification body (certifier):
the queue of declarations submitted to it, start the verification, request changes, verify with the
report number and date. Every rule is the workflow package's; keys carry the ``decl_`` prefix.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from webapp import auth, errors, flows, views
from webapp import declaration_views as dv
from webapp.i18n import lang, pick_pair, t
from webapp.plain import md_text
from webapp.resources import session
from workflow import (
    OrgKind,
    Role,
    create_declaration,
    declaration_overview,
    declare,
    get_model_version,
    get_organisation,
    list_declarations,
    list_model_versions,
    list_organisations,
    request_declaration_changes,
    revise_declaration,
    start_verification,
    verify_declaration,
)

IN_VERIFICATION = ("submitted", "under_verification")
VERIFIED = ("verified", "declared")

actor = auth.require(Role.ENTERPRISE, Role.CERTIFIER)
st.header(t("decl.title"))
st.caption(t("decl.intro"))
if flash := st.session_state.pop("decl_flash", None):
    st.success(flash)


def finish(result: Any, message: str) -> None:
    """After a service call: on success keep `message` for the next run and run the page again."""
    if result is not None:
        st.session_state["decl_flash"] = message
        st.rerun()


def org_name(org: Any) -> str:
    return pick_pair(org.name_zh, org.name_en) if org is not None else "—"


def body_name(orgs: dict[int, Any], body_id: int | None) -> str:
    return org_name(orgs.get(body_id) if body_id is not None else None)


# --- pack maker ---------------------------------------------------------------------------------------------
def pack_maker() -> None:
    with session() as s:
        overview = declaration_overview(actor, s)
        mine = list_declarations(actor, s)
        orgs = {o.id: o for o in list_organisations(actor, s, kind=OrgKind.CERTIFICATION_BODY)}
    bodies = {i: o for i, o in orgs.items() if o.active}
    packs = overview.packs

    c1, c2, c3 = st.columns([1, 1, 3])
    c1.metric(t("decl.packs"), len(packs))
    c2.metric(t("decl.in_verification"), sum(1 for p in packs if p.status in IN_VERIFICATION))
    c3.metric(
        t("decl.trial"),
        t("decl.declared_of", n=overview.declared, required=overview.required),
        t("decl.missing_delta", n=overview.missing) if overview.missing else t("decl.enough_delta"),
        delta_color="off",
        delta_arrow="off",
    )
    if overview.missing:
        text = t("decl.missing", required=overview.required, n=overview.declared, missing=overview.missing)
        undeclared = sum(1 for p in packs if p.status != "declared")
        if undeclared < overview.missing:
            text += " " + t("decl.need_models", open=undeclared, more=overview.missing - undeclared)
        st.info(text)
    else:
        st.success(t("decl.enough", n=overview.declared, required=overview.required))
    if not packs:
        st.info(t("decl.no_packs"))
        return

    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("col.pack_code"): p.code,
                    t("col.pack"): pick_pair(p.name_zh, p.name_en),
                    t("col.decl_state"): t(f"state.{p.status}") if p.status else t("decl.not_declared"),
                    t("col.kg_per_kwh"): None
                    if p.total_kg_co2e_per_kwh is None
                    else round(p.total_kg_co2e_per_kwh, 6),
                    "#": p.declaration_id,
                }
                for p in packs
            ]
        ),
        hide_index=True,
        width="stretch",
        key="decl_packs_table",
    )

    by_id = {p.product_id: p for p in packs}
    labels = {i: f"{pick_pair(p.name_zh, p.name_en)} ({p.code})" for i, p in by_id.items()}
    if (pending := st.session_state.pop("decl_pack_next", None)) in by_id:
        st.session_state["decl_pack"] = pending
    pid = st.selectbox(t("decl.pick_pack"), list(by_id), key="decl_pack", format_func=labels.__getitem__)
    history = [d for d in mine if d.product_id == pid]
    current = history[-1] if history else None
    with session() as s:
        versions = list_model_versions(actor, s, product_id=pid)
    numbers = {v.id: v.number for v in versions}

    def create_panel() -> None:
        if not versions:
            st.info(t("decl.no_version"))
            return
        latest = versions[-1]
        st.caption(t("decl.create_intro", n=latest.number, release=latest.factor_release))
        if not bodies:
            st.warning(t("decl.no_body"))
            return
        body = st.selectbox(
            t("decl.body"), list(bodies), key="decl_body", format_func=lambda b: org_name(bodies[b])
        )
        if st.button(t("decl.create"), type="primary", key="decl_create", icon=":material/add:"):
            made = errors.attempt(
                flows.call, create_declaration, actor, product_id=pid, verification_body_id=body
            )
            if made is not None:
                st.session_state["decl_pack_next"] = pid
            finish(made, t("decl.created", id=made.id, code=made.pack_model) if made else "")

    if current is None:
        with st.container(border=True):
            st.markdown(f"**{t('decl.create_title')}**")
            create_panel()
        return

    name = body_name(orgs, current.verification_body_id)
    dv.heading(current, body_name=name, version_number=numbers.get(current.model_version_id, "?"))
    with st.container(border=True):
        status = current.status
        message = t(f"decl.status.{status}")
        if status == "changes_requested":
            comment = (
                t("decl.comment_line", comment=md_text(current.verifier_comment))
                if current.verifier_comment
                else ""
            )
            st.warning(f"{message}  \n{comment}" if comment else message)
        elif status in VERIFIED:
            st.success(message)
        else:
            st.info(message)
        if status == "draft":
            if not bodies:
                st.warning(t("decl.no_body"))
            else:
                choices = list(bodies)
                body = st.selectbox(
                    t("decl.body"),
                    choices,
                    index=choices.index(current.verification_body_id)
                    if current.verification_body_id in bodies
                    else 0,
                    key=f"decl_submit_body_{current.id}",
                    format_func=lambda b: org_name(bodies[b]),
                )
                if st.button(t("decl.submit"), type="primary", key="decl_submit", icon=":material/send:"):
                    sent = errors.attempt(
                        flows.submit_declaration_to, actor, declaration_id=current.id, body_id=body
                    )
                    finish(sent, t("decl.submitted", id=current.id))
        elif status == "changes_requested" and st.button(
            t("decl.submit"), type="primary", key="decl_submit", icon=":material/send:"
        ):
            sent = errors.attempt(flows.submit_declaration_to, actor, declaration_id=current.id)
            finish(sent, t("decl.submitted", id=current.id))
        if status in ("draft", "changes_requested") and versions:
            with st.expander(t("decl.revise_title"), expanded=status == "changes_requested"):
                by_version = {v.id: v for v in versions}
                version_id = st.selectbox(
                    t("decl.version"),
                    list(reversed(by_version)),
                    key=f"decl_version_{current.id}",
                    format_func=lambda v: t(
                        "decl.version_label",
                        n=by_version[v].number,
                        total=f"{by_version[v].total:.4g}",
                        when=f"{by_version[v].created_at:%Y-%m-%d %H:%M}",
                    ),
                )
                if st.button(t("decl.revise"), key="decl_revise", icon=":material/refresh:"):
                    revised = errors.attempt(
                        flows.call,
                        revise_declaration,
                        actor,
                        declaration_id=current.id,
                        version_id=version_id,
                    )
                    finish(revised, t("decl.revised", id=current.id, n=by_version[version_id].number))
        if status == "verified" and st.button(
            t("decl.declare"), type="primary", key="decl_declare", icon=":material/task_alt:"
        ):
            finish(
                errors.attempt(flows.call, declare, actor, declaration_id=current.id),
                t("decl.declared", id=current.id),
            )
    dv.figures(current, body_name=name, key="decl_detail")
    if current.status == "declared":
        with st.expander(t("decl.create_again"), icon=":material/add:"):
            create_panel()
    if len(history) > 1:
        with st.expander(t("decl.history", n=len(history))):
            st.dataframe(
                pd.DataFrame([_history_row(d, orgs) for d in reversed(history)]),
                hide_index=True,
                width="stretch",
            )


def _history_row(d: Any, orgs: dict[int, Any]) -> dict[str, Any]:
    return {
        "#": d.id,
        t("col.decl_state"): t(f"state.{d.status}"),
        t("col.kg_per_kwh"): round(d.total_kg_co2e_per_kwh, 6),
        t("col.body"): body_name(orgs, d.verification_body_id),
        t("col.report"): d.report_number or "—",
        t("col.updated"): f"{d.updated_at:%Y-%m-%d %H:%M}",
    }


# --- verification body --------------------------------------------------------------------------------------
def verifier() -> None:
    with session() as s:
        queue = sorted(list_declarations(actor, s), key=lambda d: d.updated_at, reverse=True)
        own_body = org_name(get_organisation(actor, s, org_id=actor.oid))
    c1, c2, c3 = st.columns(3)
    c1.metric(t("decl.queue_waiting"), sum(1 for d in queue if d.status in IN_VERIFICATION))
    c2.metric(t("decl.queue_all"), len(queue))
    c3.metric(t("decl.queue_verified"), sum(1 for d in queue if d.status in VERIFIED))
    if not queue:
        st.info(t("decl.queue_empty"))
        return
    language = lang()
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "#": d.id,
                    t("col.pack"): dv.pack_name(d, language),
                    t("decl.declarant"): dv.declarant_name(d),
                    t("col.decl_state"): t(f"state.{d.status}"),
                    t("col.kg_per_kwh"): round(d.total_kg_co2e_per_kwh, 6),
                    t("col.updated"): f"{d.updated_at:%Y-%m-%d %H:%M}",
                }
                for d in queue
            ]
        ),
        hide_index=True,
        width="stretch",
        key="decl_queue_table",
    )
    by_id = {d.id: d for d in queue}
    did = st.selectbox(
        t("decl.pick"),
        list(by_id),
        key="decl_pick",
        format_func=lambda i: f"#{i} · {dv.pack_name(by_id[i], language)}",
    )
    decl = by_id[did]
    with session() as s:
        version = get_model_version(actor, s, version_id=decl.model_version_id)
    st.caption(t("decl.declarant_line", name=md_text(dv.declarant_name(decl))))
    dv.heading(decl, body_name=own_body, version_number=version.number)
    dv.figures(decl, body_name=own_body, key="decl_detail")
    with st.container(border=True):
        if decl.status == "submitted":
            st.info(t("decl.status.submitted"))
            if st.button(t("decl.start"), type="primary", key="decl_start"):
                finish(
                    errors.attempt(flows.call, start_verification, actor, declaration_id=did),
                    t("decl.started", id=did),
                )
        elif decl.status == "under_verification":
            with st.form(f"decl_verify_form_{did}", enter_to_submit=False):
                c1, c2 = st.columns(2)
                number = c1.text_input(t("decl.report_number"), key=f"decl_report_number_{did}")
                date = c2.date_input(t("decl.report_date"), dt.date.today(), key=f"decl_report_date_{did}")
                comment = st.text_area(t("decl.comment"), key=f"decl_comment_{did}")
                b1, b2 = st.columns(2)
                verify = b1.form_submit_button(t("decl.verify"), type="primary", key="decl_verify")
                changes = b2.form_submit_button(t("decl.request_changes"), key="decl_changes")
            if verify:
                finish(
                    errors.attempt(
                        flows.call,
                        verify_declaration,
                        actor,
                        declaration_id=did,
                        report_number=number,
                        report_date=date,
                        comment=comment,
                    ),
                    t("decl.verified", id=did, number=number.strip()),
                )
            if changes:
                finish(
                    errors.attempt(
                        flows.call, request_declaration_changes, actor, declaration_id=did, comment=comment
                    ),
                    t("decl.changes_requested", id=did),
                )
        elif decl.status == "changes_requested":
            st.info(t("decl.waiting_enterprise"))
        else:
            st.success(t(f"state.{decl.status}"))
    with st.expander(t("decl.evidence")):
        views.evidence_view(version.yaml_text, key="decl_evidence")


if actor.role is Role.ENTERPRISE:
    pack_maker()
else:
    verifier()
