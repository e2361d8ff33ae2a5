"""Impact notices in the app (issue 16): what a new factor release does to an enterprise's records."""

from __future__ import annotations

import json

import streamlit as st

from webapp.i18n import t
from webapp.resources import session
from workflow import Actor


def show_notices(actor: Actor, *, limit: int = 3) -> None:
    """The latest impact notices of the actor's organisation, as warnings with their records."""
    from workflow.inventory_records import list_notices

    with session() as s:
        notices = list_notices(actor, s)[:limit]
    for n in notices:
        change = "—" if n.max_change is None else f"{n.max_change * 100:.1f}%"
        with st.expander(
            t("imp.notice", release=n.new_release, n=n.n_records, change=change, recalc=n.n_recalculation),
            icon=":material/notifications:",
        ):
            st.dataframe(json.loads(n.records_json), hide_index=True)
