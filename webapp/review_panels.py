"""Parts of the certifier's review page (issue 12): deep links, the rule gate with the enterprise's
justifications, evidence files (downloads audited), the certified record, and certificate surveillance.
Buttons come from `workflow.allowed_actions`, never from comparing status strings."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from webapp import auth, errors, flows, views
from webapp.i18n import pick_pair, t
from webapp.plain import md_text
from webapp.resources import session
from workflow import (
    Actor,
    allowed_actions,
    certified_record,
    download_evidence,
    list_evidence,
    reinstate,
    resolve_finding,
    submission_checks,
    suspend,
    withdraw,
)


def deep_link_index(ids: Sequence[Any], param: str = "submission", *, default: int = 0) -> int:
    """The position of the record named by the URL's query parameter (a deep link), else `default`."""
    wanted = st.query_params.get(param, "")
    return next((k for k, i in enumerate(ids) if str(i) == wanted), default)


def record_link(kind: str, ident: object) -> None:
    """The link that opens this record after sign-in (to send to a colleague)."""
    st.caption(f"{t('wf.rev.link')}: `{auth.record_url(kind, ident)}`")


def rule_gate(actor: Actor, sid: int, findings: Sequence[Any], *, can_resolve: bool) -> None:
    """The stored rule check of the latest round and the justified errors the certifier must accept."""
    with session() as s:
        checks = submission_checks(actor, s, submission_id=sid)
    if checks:
        last = checks[-1]
        st.caption(
            t(
                "wf.rev.rule_line",
                rule=last.rule_id or "—",
                version=last.rule_version or "—",
                hash=last.check_hash[:12],
            )
        )
    justified = [f for f in findings if f.source == "rule"]
    if not justified:
        return
    open_ones = [f for f in justified if not f.resolved]
    if open_ones:
        st.warning(t("wf.rev.prereview_gate", n=len(open_ones)))
    still = (
        {x["key"] for x in json.loads(checks[-1].findings_json) if x["severity"] == "error"}
        if checks
        else set()
    )
    for f in justified:
        with st.container(border=True):
            st.markdown(f"`{f.rule_key}` · {'✓' if f.resolved else '…'}")
            st.markdown(md_text(views.finding_text(f)))
            st.markdown(f"*{t('wf.rev.justification')}:* {md_text(f.answer)}")
            if not f.resolved:
                st.caption(t("gates.still_found" if f.rule_key in still else "gates.corrected"))
            if (
                can_resolve
                and not f.resolved
                and st.button(
                    t("wf.rev.accept" if f.rule_key in still else "gates.close"), key=f"rev_accept_{f.id}"
                )
                and (errors.attempt(flows.call, resolve_finding, actor, finding_id=f.id) is not None)
            ):
                st.rerun()


def evidence(actor: Actor, version_id: int) -> None:
    """The evidence files of a version; a download is fetched (and audited) only when asked for."""
    with session() as s:
        files = list_evidence(actor, s, version_id=version_id)
    if not files:
        st.caption(t("wf.rev.no_evidence"))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("wf.col.file"): e.filename,
                    t("col.location"): ".".join(
                        x
                        for x in (
                            e.process_id,
                            "" if e.input_index is None else str(e.input_index + 1),
                            e.input_key,
                        )
                        if x
                    )
                    or "—",
                    "SHA-256": e.sha256[:16] + "…",
                    t("wf.col.size"): e.size,
                }
                for e in files
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    for e in files:
        got = st.session_state.get(f"rev_ev_{e.id}")
        if got is None:
            if st.button(f"{t('wf.rev.download')} · {e.filename}", key=f"rev_ev_btn_{e.id}"):
                pair = errors.attempt(flows.call, download_evidence, actor, evidence_id=e.id)
                if pair is not None:
                    st.session_state[f"rev_ev_{e.id}"] = pair[1]
                    st.rerun()
        else:
            st.download_button(
                e.filename, got, file_name=e.filename, mime=e.media_type, key=f"rev_ev_dl_{e.id}"
            )


_CHANGE = {"suspend": suspend, "withdraw": withdraw}


def certificates(actor: Actor, certs: Sequence[Any]) -> None:
    """Surveillance of the body's certificates: the certified record and suspend / reinstate / withdraw."""
    if not certs:
        return
    st.markdown(f"**{t('wf.cert.title')}**")
    numbers = [c.number for c in certs]
    by_number = {c.number: c for c in certs}
    number = st.selectbox(
        t("wf.cert.pick"), numbers, index=deep_link_index(numbers, "certificate"), key="rev_cert_pick"
    )
    cert = by_number[number]
    with session() as s:
        rec = certified_record(actor, s, number=number)
    st.markdown(
        f"{pick_pair(rec.product_name_zh, rec.product_name_en)} · {pick_pair(rec.producer_zh, rec.producer_en)}"
        f" · {t(f'state.{rec.status}')}"
    )
    st.caption(
        t(
            "wf.cert.record",
            rule=rec.rule_id or "—",
            version=rec.rule_version or "—",
            reviewer=rec.reviewer or "—",
            closed=len(json.loads(cert.findings_closed or "[]")),
        )
    )
    if rec.status_reason:
        st.caption(t("wf.verify.reason", reason=rec.status_reason))
    record_link("certificate", number)
    allowed = allowed_actions(actor, cert)
    if not allowed:
        return
    reason = st.text_input(t("wf.cert.reason"), key=f"rev_cert_reason_{number}")
    cols = st.columns(3)
    for k, action in enumerate(a for a in ("suspend", "reinstate", "withdraw") if a in allowed):
        if cols[k].button(t(f"wf.cert.{action}"), key=f"rev_cert_{action}"):
            if action == "reinstate":
                done = errors.attempt(flows.call, reinstate, actor, number=number, note=reason)
            else:
                done = errors.attempt(flows.call, _CHANGE[action], actor, number=number, reason=reason)
            if done is not None:
                st.session_state["rev_flash"] = t(
                    "wf.cert.done", number=number, status=t(f"state.{done.status}")
                )
                st.rerun()
