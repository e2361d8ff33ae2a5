"""The signed-in actor in the session state, sign-in and sign-out, and the role gate of the pages.

The `workflow.Actor` returned by `workflow.authenticate` is kept under `ACTOR_KEY`; every service call
passes it, and the services check it against the database each time (a deactivated account stops
working at once). Nothing here decides what an actor may see: that is the workflow package's job.
"""

from __future__ import annotations

import streamlit as st

from webapp.i18n import pick_pair, t
from webapp.resources import session
from workflow import DEMO_PASSWORDS, Actor, Role

ACTOR_KEY = "auth_actor"
ORG_KEY = "auth_org"  # (name_zh, name_en) of the actor's organisation, for display
GOTO_KEY = "auth_goto"  # set after sign-in / sign-out: app.py opens the role's page (or home)

__all__ = [
    "ACTOR_KEY",
    "GOTO_KEY",
    "current_actor",
    "demo_accounts",
    "require",
    "sidebar_account",
    "sign_in",
    "sign_in_demo",
    "sign_out",
]


def current_actor() -> Actor | None:
    """The signed-in actor of this browser session, or None."""
    actor = st.session_state.get(ACTOR_KEY)
    return actor if isinstance(actor, Actor) else None


def sign_in(username: str, password: str) -> Actor:
    """Check the password with `workflow.authenticate` and keep the actor; raises `AuthenticationFailed`."""
    from workflow import authenticate, get_organisation

    with session() as s:
        actor = authenticate(s, username, password=password)
        org = get_organisation(actor, s, org_id=actor.oid)
    st.session_state[ACTOR_KEY] = actor
    st.session_state[ORG_KEY] = (org.name_zh, org.name_en)
    st.session_state[GOTO_KEY] = "role"
    return actor


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
    zh, en = st.session_state.get(ORG_KEY, ("", ""))
    st.sidebar.markdown(
        f":material/person: **{actor.username}** · {t(f'role.{actor.role.value}')}  \n{pick_pair(zh, en)}"
    )
    st.sidebar.button(t("auth.sign_out"), key="auth_sign_out", on_click=sign_out)
