"""Home: what the platform is, sign-in, and (in demo mode) the demo accounts with one-click sign-in."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from webapp import auth, errors
from webapp.i18n import t
from workflow import Role

st.title(t("app.title"))
st.caption(t("app.subtitle"))
st.markdown(t("home.intro"))

actor = auth.current_actor()
if actor is not None:
    st.success(t("home.signed_in", user=actor.username, role=t(f"role.{actor.role.value}")))
    st.markdown(t(f"home.next.{actor.role.value}"))
    st.stop()

ROLE_ORDER = [Role.ENTERPRISE, Role.CERTIFIER, Role.STANDARDS, Role.ADMIN]
demo = sorted(errors.attempt(auth.demo_accounts) or [], key=lambda d: ROLE_ORDER.index(d[2]))
left, right = st.columns([2, 3])
with left:
    st.subheader(t("home.sign_in"))
    with st.form("home_sign_in"):
        username = st.text_input(t("home.username"), key="home_username")
        password = st.text_input(t("home.password"), type="password", key="home_password")
        submitted = st.form_submit_button(t("home.sign_in_button"), type="primary")
    if submitted and errors.attempt(auth.sign_in, username, password) is not None:
        st.rerun()
with right:
    if demo:
        st.subheader(t("home.demo_title"))
        st.info(t("home.demo_intro"))
        st.dataframe(
            pd.DataFrame(
                [
                    {t("home.username"): u, t("home.password"): p, t("home.role"): t(f"role.{r.value}")}
                    for u, p, r in demo
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        cols = st.columns(2)
        for k, (username_, _password, role) in enumerate(demo):
            clicked = cols[k % 2].button(
                t("home.demo_as", role=t(f"role.{role.value}")),
                key=f"home_demo_{role.value}",
                width="stretch",
                type="primary" if role is Role.ENTERPRISE else "secondary",
            )
            if clicked and errors.attempt(auth.sign_in_demo, username_) is not None:
                st.rerun()
    else:
        st.caption(t("home.no_demo"))

st.divider()
st.markdown(t("home.quickstart"))
