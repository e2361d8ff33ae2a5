"""Onboarding forms of the admin page (organisations, invitations, password resets) and the integrity check.

Invitation and reset links are shown once (only their hash is stored); they open the account page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from webapp import errors, flows
from webapp.i18n import pick_pair, t
from webapp.resources import session
from workflow import (
    Actor,
    OrgKind,
    create_organisation,
    invite_user,
    public_base_url,
    request_password_reset,
    verify_integrity,
)

INVITE_HOURS = 72


def account_link(param: str, token: str) -> str:
    """The account page's link carrying a one-time token (``invite`` or ``reset``)."""
    return f"{public_base_url()}/account?{param}={token}"


def onboarding(actor: Actor, orgs: Sequence[Any], users: Sequence[Any]) -> None:
    """New organisation; invitation of a user (optionally its organisation's admin); a password-reset link."""
    left, mid, right = st.columns(3)
    with left, st.form("adm_new_org", clear_on_submit=True):
        st.markdown(f"**{t('wf.adm.onboard')}**")
        kinds = {k.value: t(f"org.{k.value}") for k in OrgKind if k is not OrgKind.PLATFORM_ADMIN}
        kind = st.selectbox(t("wf.adm.kind"), list(kinds), format_func=kinds.__getitem__, key="adm_kind")
        zh = st.text_input(t("wf.adm.name_zh"), key="adm_name_zh")
        en = st.text_input(t("wf.adm.name_en"), key="adm_name_en")
        ident = st.text_input(t("wf.adm.identifier"), key="adm_ident")
        region = st.text_input(t("wf.adm.region"), value="CN-JX", key="adm_region")
        if st.form_submit_button(t("wf.adm.create_org"), type="primary"):
            org = errors.attempt(
                flows.call,
                create_organisation,
                actor,
                kind=kind,
                name_zh=zh,
                name_en=en,
                identifier=ident or None,
                region=region,
            )
            if org is not None:
                st.session_state["adm_flash"] = t(
                    "wf.adm.org_created", name=pick_pair(org.name_zh, org.name_en)
                )
                st.rerun()
    with mid, st.form("adm_invite"):
        st.markdown(f"**{t('wf.adm.invite')}**")
        names = {o.id: pick_pair(o.name_zh, o.name_en) for o in orgs}
        org_id = st.selectbox(t("wf.adm.org"), list(names), format_func=names.__getitem__, key="adm_inv_org")
        username = st.text_input(t("wf.adm.username"), key="adm_inv_user")
        display = st.text_input(t("wf.adm.display"), key="adm_inv_display")
        org_admin = st.checkbox(t("wf.adm.org_admin"), key="adm_inv_admin")
        if st.form_submit_button(t("wf.adm.send"), type="primary"):
            inv = errors.attempt(
                flows.call,
                invite_user,
                actor,
                org_id=org_id,
                username=username,
                display_name=display,
                org_admin=org_admin,
                ttl_hours=INVITE_HOURS,
            )
            if inv is not None:
                st.session_state["adm_link"] = (
                    t("wf.adm.invited", hours=INVITE_HOURS),
                    account_link("invite", inv.token),
                )
    with right, st.form("adm_reset"):
        st.markdown(f"**{t('wf.adm.reset')}**")
        labels = {u.id: f"{u.username} · {names.get(u.org_id, u.org_id)}" for u in users}
        uid = st.selectbox(
            t("wf.adm.reset_user"), list(labels), format_func=labels.__getitem__, key="adm_reset_user"
        )
        if st.form_submit_button(t("wf.adm.reset_make")):
            token = errors.attempt(flows.call, request_password_reset, actor, user_id=uid)
            if token is not None:
                st.session_state["adm_link"] = (t("wf.adm.reset_link"), account_link("reset", token))
    if flash := st.session_state.pop("adm_flash", None):
        st.success(flash)
    if link := st.session_state.pop("adm_link", None):
        st.info(link[0])
        st.code(link[1], language=None)


def integrity() -> None:
    """`workflow.verify_integrity` on demand: the hash chain, frozen versions, certificates, evidence."""
    st.subheader(t("wf.adm.integrity"))
    if not st.button(t("wf.adm.verify"), key="adm_verify", icon=":material/verified_user:"):
        return
    with session() as s:
        report = verify_integrity(s)
    if report.ok:
        st.success(
            t(
                "wf.adm.verify_ok",
                rows=report.audit_rows,
                versions=report.versions,
                certs=report.certificates,
                blobs=report.blobs,
            )
        )
    else:
        st.error(t("wf.adm.verify_broken", n=len(report.problems)) + f"\n\n`{report.first_broken}`")
