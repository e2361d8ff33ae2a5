"""Account: accept an invitation (``?invite=…``) or reset a password (``?reset=…``) with a one-time link, and
change one's own password when signed in (which ends every other session)."""

from __future__ import annotations

import streamlit as st

from webapp import auth, errors
from webapp.i18n import t
from webapp.resources import session
from workflow import accept_invitation, change_password, reset_password

st.header(t("wf.acc.title"))
invite = st.query_params.get("invite", "")
reset = st.query_params.get("reset", "")


def _two_passwords(prefix: str) -> str | None:
    first = st.text_input(t("wf.acc.password"), type="password", key=f"{prefix}_pw1")
    second = st.text_input(t("wf.acc.password2"), type="password", key=f"{prefix}_pw2")
    if first != second:
        st.error(t("wf.acc.mismatch"))
        return None
    return first


def _set_with_token(kind: str, token: str) -> None:
    with st.form(f"acc_{kind}"):
        st.markdown(f"**{t('wf.acc.accept' if kind == 'invite' else 'wf.acc.reset')}**")
        password = _two_passwords(kind)
        if st.form_submit_button(t("wf.acc.change"), type="primary") and password is not None:
            try:
                with session() as s:
                    if kind == "invite":
                        accept_invitation(s, token=token, password=password)
                    else:
                        reset_password(s, token=token, new_password=password)
            except Exception as exc:  # a sentence, never a traceback
                errors.show(exc)
            else:
                st.query_params.clear()
                st.success(t("wf.acc.ready"))


if invite:
    _set_with_token("invite", invite)
elif reset:
    _set_with_token("reset", reset)
else:
    actor = auth.current_actor()
    if actor is None:
        st.info(t("wf.acc.signed_in_needed"))
        st.stop()
    with st.form("acc_change"):
        st.markdown(f"**{t('wf.acc.change')}**")
        old = st.text_input(t("wf.acc.old"), type="password", key="acc_old")
        new = _two_passwords("change")
        if st.form_submit_button(t("wf.acc.change"), type="primary") and new is not None:
            try:
                with session() as s:
                    change_password(actor, s, old_password=old, new_password=new)
            except Exception as exc:  # a sentence, never a traceback
                errors.show(exc)
            else:  # every session token made before now is void: sign in again with the new password
                auth.sign_out()
                st.success(t("wf.acc.changed"))
