"""The signed-in actor in the session state, sign-in and sign-out, and the role gate of the pages.

The `workflow.Actor` returned by `workflow.authenticate` is kept under `ACTOR_KEY`; every service call
passes it, and the services check it against the database each time (a deactivated account stops
working at once). Nothing here decides what an actor may see: that is the workflow package's job.

Sessions survive a page refresh: sign-in puts a signed, expiring session token (`workflow.issue_session_token`,
no password) in the URL's query parameter ``s``; a fresh browser session with that parameter gets its actor
back from `workflow.actor_from_token`, which refuses a token made before a password change. Deep links
(``/review?submission=12``) opened before sign-in are remembered and reopened after it (`pending_params`).
"""

from __future__ import annotations

import streamlit as st

from webapp.i18n import pick_pair, t
from webapp.resources import session
from workflow import DEMO_PASSWORDS, Actor, Role

ACTOR_KEY = "auth_actor"
TOKEN_KEY = "auth_token"
TOKEN_PARAM = "s"  # the query parameter carrying the session token
NEXT_KEY = "auth_next"  # query parameters of a deep link opened before sign-in
ORG_KEY = "auth_org"  # (name_zh, name_en) of the actor's organisation, for display
GOTO_KEY = "auth_goto"  # set after sign-in / sign-out: app.py opens the role's page (or home)

__all__ = [
    "ACTOR_KEY",
    "GOTO_KEY",
    "TOKEN_PARAM",
    "current_actor",
    "demo_accounts",
    "keep_token_in_url",
    "pending_params",
    "record_url",
    "require",
    "sidebar_account",
    "sign_in",
    "sign_in_demo",
    "sign_out",
]


def current_actor() -> Actor | None:
    """The signed-in actor of this browser session (restored from the URL's session token), or None."""
    from workflow import AuthenticationFailed, actor_from_token

    actor = st.session_state.get(ACTOR_KEY)
    token = st.session_state.get(TOKEN_KEY) or st.query_params.get(TOKEN_PARAM, "")
    if not token:
        return actor if isinstance(actor, Actor) else None
    try:
        with session() as s:
            restored = actor_from_token(s, token)
    except AuthenticationFailed:  # expired, tampered, or made before a password change
        for key in (ACTOR_KEY, TOKEN_KEY):
            st.session_state.pop(key, None)
        if TOKEN_PARAM in st.query_params:
            del st.query_params[TOKEN_PARAM]
        return None
    if not isinstance(actor, Actor) or actor != restored:
        _keep(restored, token)
    return restored


def _keep(actor: Actor, token: str) -> None:
    from workflow import get_organisation

    with session() as s:
        org = get_organisation(actor, s, org_id=actor.oid)
    st.session_state[ACTOR_KEY] = actor
    st.session_state[ORG_KEY] = (org.name_zh, org.name_en)
    st.session_state[TOKEN_KEY] = token


def keep_token_in_url() -> None:
    """Put the session token back into the URL (page switches drop query parameters), so a refresh keeps it."""
    token = st.session_state.get(TOKEN_KEY)
    if token and st.query_params.get(TOKEN_PARAM) != token:
        st.query_params[TOKEN_PARAM] = token


def sign_in(username: str, password: str) -> Actor:
    """Check the password with `workflow.authenticate` and keep the actor and its session token (never the
    password); raises `AuthenticationFailed`."""
    from workflow import authenticate, issue_session_token

    with session() as s:
        actor = authenticate(s, username, password=password)
        token = issue_session_token(s, actor)
    _keep(actor, token)
    st.query_params[TOKEN_PARAM] = token
    st.session_state[GOTO_KEY] = "role"
    return actor


def pending_params() -> dict[str, str]:
    """The query parameters of the deep link opened before sign-in (then forgotten), plus the session token."""
    params = dict(st.session_state.pop(NEXT_KEY, {}) or {})
    if token := st.session_state.get(TOKEN_KEY):
        params[TOKEN_PARAM] = token
    return params


def record_url(kind: str, ident: object, *, base_url: str | None = None) -> str:
    """The link that opens a record after sign-in: submission, certificate (its issuer's review page or the
    holder's products page), product, or the public verification of a certificate number."""
    from urllib.parse import urlencode

    from workflow import public_base_url

    base = (base_url or public_base_url()).rstrip("/")
    page, param = {
        "submission": ("review", "submission"),
        "certificate": ("review", "certificate"),
        "product": ("products", "product"),
        "verify": ("verify", "number"),
    }[kind]
    return f"{base}/{page}?{urlencode({param: str(ident)})}"


def sign_in_demo(username: str) -> Actor:
    """Sign in as one of the demo accounts (their passwords are published in `workflow.DEMO_PASSWORDS`)."""
    return sign_in(username, DEMO_PASSWORDS[username])


def sign_out() -> None:
    """Forget the actor (and every page's state) of this browser session; the language stays."""
    from webapp.i18n import LANG_KEY

    keep = {LANG_KEY: st.session_state.get(LANG_KEY, "zh")}
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state.update(keep)
    st.query_params.clear()  # the session token leaves the URL too
    st.session_state[GOTO_KEY] = "home"


def demo_accounts() -> list[tuple[str, str, Role]]:
    """(username, password, role) of the demo accounts present and active in this database (demo mode)."""
    from sqlmodel import col, select

    from workflow.tables import User

    with session() as s:
        rows = s.exec(
            select(User.username, User.role).where(
                col(User.username).in_(list(DEMO_PASSWORDS)), col(User.active).is_(True)
            )
        ).all()
    roles = {name: Role(role) for name, role in rows}
    return [(name, DEMO_PASSWORDS[name], roles[name]) for name in DEMO_PASSWORDS if name in roles]


def require(role: Role, *others: Role) -> Actor:
    """The signed-in actor if it has `role` (or one of `others`); otherwise a sentence (sign in at home)
    and the page stops.

    The navigation only offers a work page to its roles; this guards a page run any other way.
    """
    actor = current_actor()
    roles = (role, *others)
    if actor is None:  # remember a deep link's parameters for after sign-in
        st.session_state[NEXT_KEY] = {k: v for k, v in st.query_params.to_dict().items() if k != TOKEN_PARAM}
    if actor is None or actor.role not in roles:
        names = t("common.or").join(t(f"role.{r.value}") for r in roles)
        st.warning(t("auth.required", role=names))
        st.stop()
    return actor


def sidebar_account() -> None:
    """Who is signed in (user, role, organisation) and the sign-out button, in the sidebar."""
    actor = current_actor()
    if actor is None:
        st.sidebar.caption(t("auth.not_signed_in"))
        return
    keep_token_in_url()
    zh, en = st.session_state.get(ORG_KEY, ("", ""))
    st.sidebar.markdown(
        f":material/person: **{actor.username}** · {t(f'role.{actor.role.value}')}  \n{pick_pair(zh, en)}"
    )
    st.sidebar.button(t("auth.sign_out"), key="auth_sign_out", on_click=sign_out)
