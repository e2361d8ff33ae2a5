"""Platform admin: onboarding (organisations, invitations, password resets), the overview of organisations
and users, the integrity check of the records, and the latest entries of the audit log."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from webapp import admin_panels, auth
from webapp.i18n import pick_pair, t
from webapp.resources import session
from workflow import Role, audit_trail, list_organisations, list_users

actor = auth.require(Role.ADMIN)
st.header(t("adm.title"))

with session() as s:
    orgs = list_organisations(actor, s)
    users = list_users(actor, s)
    trail = audit_trail(actor, s, limit=100_000)
names = {o.id: pick_pair(o.name_zh, o.name_en) for o in orgs}

c1, c2, c3 = st.columns(3)
c1.metric(t("adm.orgs"), len(orgs))
c2.metric(t("adm.users"), len(users))
c3.metric(t("adm.audit_rows"), len(trail))

admin_panels.onboarding(actor, orgs, users)

st.subheader(t("adm.orgs"))
st.dataframe(
    pd.DataFrame(
        [
            {
                "#": o.id,
                t("col.name"): names[o.id],
                t("col.kind"): t(f"org.{o.kind}"),
                t("col.identifier"): o.identifier or "—",
                t("col.region"): o.region,
                t("col.active"): "✓" if o.active else "",
                t("col.demo"): "✓" if o.demo else "",
            }
            for o in orgs
        ]
    ),
    hide_index=True,
    width="stretch",
)
st.subheader(t("adm.users"))
st.dataframe(
    pd.DataFrame(
        [
            {
                "#": u.id,
                t("home.username"): u.username,
                t("home.role"): t(f"role.{u.role}"),
                t("col.organisation"): names.get(u.org_id, u.org_id),
                t("col.active"): "✓" if u.active else "",
                t("wf.adm.org_admin_col"): "✓" if u.org_admin else "",
                t("wf.adm.locked_until"): f"{u.locked_until:%Y-%m-%d %H:%M}" if u.locked_until else "",
            }
            for u in users
        ]
    ),
    hide_index=True,
    width="stretch",
)
admin_panels.integrity()
st.subheader(t("adm.audit"))
st.dataframe(
    pd.DataFrame(
        [
            {
                t("col.when"): f"{a.at:%Y-%m-%d %H:%M:%S}",
                t("col.who"): a.actor,
                t("col.action"): a.action,
                t("col.object"): f"{a.object_type} {a.object_id}",
                t("col.detail"): a.detail,
            }
            for a in reversed(trail[-200:])
        ]
    ),
    hide_index=True,
    width="stretch",
)
