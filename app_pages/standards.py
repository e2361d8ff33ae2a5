"""Standards body: product-category-rule drafts and publication; factor releases (import, review, publish)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from factors.query import diff_releases, release_infos
from webapp import auth, diffs, errors, flows
from webapp.i18n import lang, pick_pair, t
from webapp.resources import session
from workflow import (
    PcrStatus,
    Role,
    create_pcr_draft,
    import_factor_release,
    list_pcrs,
    publish_factor_release,
    publish_pcr,
    retire_pcr,
    update_pcr_draft,
)

actor = auth.require(Role.STANDARDS)
st.header(t("std.title"))
if flash := st.session_state.pop("std_flash", None):
    st.success(flash)

pcr_tab, release_tab = st.tabs([t("std.tab_pcr"), t("std.tab_releases")])

with pcr_tab:
    from products import list_rules

    rules = {r.id: r for r in list_rules()}
    st.markdown(f"**{t('std.bundled')}**")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("col.rule"): r.id,
                    t("col.version"): r.version,
                    t("col.state"): r.status,
                    t("col.title"): r.title.get(lang()),
                    t("col.categories"): ", ".join(r.applies_to),
                    t("col.fus"): ", ".join(f.id for f in r.functional_units),
                    t("col.unverified"): len(r.unverified()),
                }
                for r in rules.values()
            ]
        ),
        hide_index=True,
        width="stretch",
    )

    with session() as s:
        pcrs = list_pcrs(actor, s)
    st.markdown(f"**{t('std.pcrs')}**")
    if pcrs:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "#": p.id,
                        t("col.rule"): p.code,
                        t("col.version"): p.version,
                        t("col.title"): pick_pair(p.title_zh, p.title_en),
                        t("col.state"): t(f"state.{p.status}"),
                        t("col.published"): f"{p.published_at:%Y-%m-%d}" if p.published_at else "—",
                    }
                    for p in pcrs
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.caption(t("std.no_pcrs"))

    with st.expander(t("std.new_draft"), icon=":material/add:"):
        base_labels = {r: f"{rules[r].title.get(lang())} ({r})" for r in rules}
        base = rules[
            st.selectbox(
                t("std.base_rule"), list(rules), key="std_new_base", format_func=base_labels.__getitem__
            )
        ]
        c1, c2 = st.columns(2)
        code = c1.text_input(t("col.rule"), base.id, key=f"std_new_code_{base.id}")
        version = c2.text_input(
            t("col.version"), key=f"std_new_version_{base.id}", placeholder="2026.1-draft"
        )
        c3, c4 = st.columns(2)
        title_zh = c3.text_input(t("std.title_zh"), base.title.zh, key=f"std_new_tzh_{base.id}")
        title_en = c4.text_input(t("std.title_en"), base.title.en, key=f"std_new_ten_{base.id}")
        text = st.text_area(
            t("std.yaml"),
            Path(base.file).read_text(encoding="utf-8") if base.file else "",
            height=300,
            key=f"std_new_yaml_{base.id}",
        )
        if (
            st.button(t("std.create_draft"), key="std_create")
            and errors.attempt(
                flows.call,
                create_pcr_draft,
                actor,
                code=code,
                version=version,
                title_zh=title_zh,
                title_en=title_en,
                yaml_text=text,
            )
            is not None
        ):
            st.session_state["std_flash"] = t("std.draft_created", code=code, version=version)
            st.rerun()

    mine = [p for p in pcrs if p.owner_org_id == actor.org_id]
    if mine:
        by_id = {p.id: p for p in mine}
        pcr_labels = {i: f"{p.code} {p.version} · {t('state.' + p.status)}" for i, p in by_id.items()}
        pid = st.selectbox(t("std.pick_pcr"), list(by_id), key="std_pick", format_func=pcr_labels.__getitem__)
        pcr = by_id[pid]
        if pcr.status == PcrStatus.DRAFT:
            edited = st.text_area(t("std.yaml"), pcr.yaml_text, height=300, key=f"std_edit_{pid}")
            base_rule = rules.get(pcr.code)
            if base_rule is not None and base_rule.file:
                change = diffs.text_diff(
                    Path(base_rule.file).read_text(encoding="utf-8"),
                    edited,
                    name_a=f"{base_rule.id} {base_rule.version}",
                    name_b=f"{pcr.code} {pcr.version}",
                )
                with st.expander(t("std.diff_bundled")):
                    st.code(change or t("diff.same_text"), language="diff")
            b1, b2 = st.columns(2)
            if (
                b1.button(t("std.save_draft"), key="std_save")
                and errors.attempt(flows.call, update_pcr_draft, actor, pcr_id=pid, yaml_text=edited)
                is not None
            ):
                st.session_state["std_flash"] = t("std.saved")
                st.rerun()
            if (
                b2.button(t("std.publish_pcr"), type="primary", key="std_publish_pcr")
                and errors.attempt(flows.call, publish_pcr, actor, pcr_id=pid) is not None
            ):
                st.session_state["std_flash"] = t("std.pcr_published", code=pcr.code, version=pcr.version)
                st.rerun()
        else:
            st.code(pcr.yaml_text, language="yaml")
            if (
                pcr.status == PcrStatus.PUBLISHED
                and st.button(t("std.retire_pcr"), key="std_retire")
                and errors.attempt(flows.call, retire_pcr, actor, pcr_id=pid) is not None
            ):
                st.rerun()

with release_tab:
    with session() as s:
        infos = release_infos(s)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("col.version"): i.version,
                    t("col.date"): i.date,
                    t("col.state"): t(f"state.{i.status}"),
                    t("col.factors"): i.factors,
                    t("col.based_on"): i.based_on or "—",
                    t("col.note"): i.notes,
                    t("fl.hash"): i.content_hash[:12],
                }
                for i in infos
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    published = [i.version for i in infos if i.status == "published"]
    drafts = [i.version for i in infos if i.status != "published"]

    with st.expander(t("std.import"), icon=":material/upload_file:", expanded=not drafts):
        st.caption(t("std.import_hint"))
        upload = st.file_uploader(t("std.factor_file"), type=["csv", "xlsx"], key="std_upload")
        c1, c2 = st.columns(2)
        target = c1.text_input(
            t("std.target_release"), key="std_target", placeholder=t("std.target_placeholder")
        )
        notes = c2.text_input(t("col.note"), key="std_notes")
        if (
            st.button(t("std.import_button"), key="std_import", disabled=upload is None)
            and upload is not None
        ):
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / Path(upload.name).name
                path.write_bytes(upload.getvalue())
                with st.spinner(t("std.importing")):
                    info = errors.attempt(
                        flows.call,
                        import_factor_release,
                        actor,
                        path=path,
                        release=target.strip() or None,
                        notes=notes,
                    )
            if info is not None:
                st.session_state["std_flash"] = t(
                    "std.imported",
                    version=info.version,
                    a=len(info.added),
                    r=len(info.replaced),
                    u=len(info.unchanged),
                )
                st.rerun()

    if drafts:
        st.markdown(f"**{t('std.review_release')}**")
        draft = st.selectbox(t("std.draft"), drafts, key="std_draft")
        base = st.selectbox(t("std.compare_with"), list(reversed(published)), key="std_base")
        if base:
            with session() as s:
                d = errors.attempt(diff_releases, s, base, draft)
            if d is not None:
                st.caption(t("factors.diff_summary", a=len(d.added), r=len(d.removed), c=len(d.changed)))
                rows = [
                    {"change": "+", "code": f.code, "field": "value", "a": "", "b": str(f.value)}
                    for f in d.added
                ]
                rows += [
                    {"change": "-", "code": f.code, "field": "value", "a": str(f.value), "b": ""}
                    for f in d.removed
                ]
                rows += [
                    {"change": "~", "code": c.code, "field": k, "a": str(v[0]), "b": str(v[1])}
                    for c in d.changed
                    for k, v in c.fields.items()
                ]
                if rows:
                    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="std_diff_table")
        sure = st.checkbox(t("std.publish_confirm", version=draft), key="std_sure")
        if (
            st.button(t("std.publish_release"), type="primary", key="std_publish", disabled=not sure)
            and errors.attempt(flows.call, publish_factor_release, actor, version=draft) is not None
        ):
            st.session_state["std_flash"] = t("std.release_published", version=draft)
            st.rerun()
    else:
        st.caption(t("std.no_drafts"))
