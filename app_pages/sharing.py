"""Enterprise: share certified footprints with customers over the PACT API (grants, secrets, revocation)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from sqlmodel import Session

from webapp import auth, errors
from webapp.i18n import pick_pair, t
from webapp.resources import session
from workflow import Role, list_certificates, list_products
from workflow.sharing import create_grant, grant_state, list_grants, revoke_grant, served_footprints
from workflow.sharing_events import credentials_from, set_event_credentials
from workflow.sharing_tables import PactEventAuth, SharingGrant, SharingGrantRead

actor = auth.require(Role.ENTERPRISE)
st.header(t("share.title"))
st.caption(t("share.intro"))
if flash := st.session_state.pop("share_flash", None):
    st.success(flash)

with session() as s:
    products = {p.id: p for p in list_products(actor, s)}
    today = dt.date.today()
    valid: dict[int, int] = {}
    for c in list_certificates(actor, s):
        if c.status == "active" and c.issued_on <= today <= c.expires_on:
            valid[c.product_id] = valid.get(c.product_id, 0) + 1
    grants = list_grants(actor, s)
    rows = []
    event_client: dict[int, str] = {}
    for g in grants:
        row = s.get(SharingGrant, g.id)
        state = grant_state(row) if row is not None else "revoked"
        served = len(served_footprints(s, row)) if row is not None and state == "active" else 0
        rows.append((g, state, served))
        event_auth = s.get(PactEventAuth, g.id)
        event_client[g.id] = event_auth.client_id if event_auth is not None else ""


def events_text(grant_id: int, events_url: str) -> str:
    """How the grant's events are sent, as the table shows it (never the secret)."""
    if not events_url:
        return t("pev.none")
    client = event_client.get(grant_id, "")
    return events_url + " · " + (t("pev.bearer", client_id=client) if client else t("pev.unauthenticated"))


st.subheader(t("share.grants"))
if rows:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "#": g.id,
                    t("share.col_customer"): g.customer_name,
                    t("share.col_client"): g.client_id,
                    t("share.col_products"): ", ".join(
                        products[p].code if p in products else str(p) for p in g.product_ids
                    ),
                    t("share.col_state"): t(f"share.state.{state}"),
                    t("share.col_served"): served,
                    t("share.col_expires"): str(g.expires_on or "—"),
                    t("pev.col_events"): events_text(g.id, g.events_url),
                    t("share.col_created"): f"{g.created_at:%Y-%m-%d}",
                }
                for g, state, served in rows
            ]
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.caption(t("share.none"))

st.subheader(t("share.new"))
with st.form("share_new"):
    customer = st.text_input(t("share.customer"), key="share_customer")
    chosen = st.multiselect(
        t("share.products"),
        options=list(products),
        format_func=lambda pid: (
            t("share.certified", code=products[pid].code, n=valid.get(pid, 0))
            + f" · {pick_pair(products[pid].name_zh, products[pid].name_en)}"
        ),
        key="share_products",
    )
    client_id = st.text_input(t("share.client_id"), key="share_client_id")
    has_expiry = st.checkbox(t("share.has_expiry"), key="share_has_expiry")
    expires = st.date_input(t("share.expires"), value=today + dt.timedelta(days=365), key="share_expires")
    events_url = st.text_input(t("share.events_url"), key="share_events_url")
    token_url = st.text_input(t("pev.token_url"), key="share_event_token_url")
    event_client_id = st.text_input(t("pev.client_id"), key="share_event_client_id")
    event_secret = st.text_input(t("pev.secret"), type="password", key="share_event_secret")
    if st.form_submit_button(t("share.create"), type="primary"):
        if not chosen:
            st.warning(t("share.need_products"))
        else:

            def create(s: Session) -> tuple[SharingGrantRead, str]:
                return create_grant(
                    actor,
                    s,
                    customer_name=customer,
                    product_ids=list(chosen),
                    client_id=client_id.strip() or None,
                    expires_on=expires if has_expiry else None,
                    events_url=events_url.strip(),
                    event_credentials=credentials_from(token_url, event_client_id, event_secret),
                )

            with session() as s:
                made = errors.attempt(create, s)
            if made is not None:
                grant, secret = made
                st.session_state["share_flash"] = t(
                    "share.created", customer=grant.customer_name, client_id=grant.client_id, secret=secret
                )
                st.rerun()

active = [g for g, state, _ in rows if state == "active"]
if active:
    st.subheader(t("share.revoke"))
    with st.form("share_revoke"):
        which = st.selectbox(
            t("share.revoke_which"),
            options=[g.id for g in active],
            format_func=lambda gid: next(
                f"#{g.id} {g.customer_name} ({g.client_id})" for g in active if g.id == gid
            ),
            key="share_revoke_which",
        )
        reason = st.text_input(t("share.reason"), key="share_reason")
        if st.form_submit_button(t("share.revoke_button")):
            with session() as s:
                done = errors.attempt(revoke_grant, actor, s, grant_id=int(which), reason=reason)
            if done is not None:
                st.session_state["share_flash"] = t("share.revoked", customer=done.customer_name)
                st.rerun()

if active:
    st.subheader(t("pev.edit"))
    st.caption(t("pev.edit_intro"))
    with st.form("share_events"):
        which_events = st.selectbox(
            t("pev.which"),
            options=[g.id for g in active],
            format_func=lambda gid: next(
                f"#{g.id} {g.customer_name} ({events_text(g.id, g.events_url)})"
                for g in active
                if g.id == gid
            ),
            key="share_events_which",
        )
        new_url = st.text_input(t("pev.events_url"), key="share_events_url_edit")
        new_token_url = st.text_input(t("pev.token_url"), key="share_events_token_url")
        new_client = st.text_input(t("pev.client_id"), key="share_events_client_id")
        new_secret = st.text_input(t("pev.secret_keep"), type="password", key="share_events_secret")
        if st.form_submit_button(t("pev.save")):

            def save_events(s: Session) -> str:
                done = set_event_credentials(
                    actor,
                    s,
                    grant_id=int(which_events),
                    events_url=new_url,
                    token_url=new_token_url,
                    client_id=new_client,
                    client_secret=new_secret,
                )
                return "pev.saved_bearer" if done is not None else "pev.saved_plain"

            with session() as s:
                key = errors.attempt(save_events, s)
            if key is not None:
                st.session_state["share_flash"] = t(key, grant=which_events, url=new_url.strip() or "—")
                st.rerun()
