"""The two larger panels of the enterprise page: a new product from a rule, and the certification tab.

Widgets and service calls only (through `webapp.flows` and the workflow package), like the pages; kept
apart so that `app_pages/products.py` stays readable. Keys carry the page's ``prod_`` prefix.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
import yaml

from webapp import compute, errors, evidence_panel, flows, views
from webapp.i18n import lang, pick_pair, t
from webapp.model_words import place
from webapp.plain import md_text
from webapp.resources import session
from workflow import (
    Actor,
    SubmissionState,
    answer_finding,
    cancel,
    change_request,
    create_product,
    list_findings,
    resubmit,
)

S = SubmissionState


def new_product(actor: Actor) -> None:
    """Rule → example model or filled-in Excel template → code and names → product with its first version."""
    from products import list_rules

    rules = {r.id: r for r in list_rules()}
    rule_labels = {r: f"{rules[r].title.get(lang())} ({r} {rules[r].version})" for r in rules}
    rule = rules[
        st.selectbox(t("new.rule"), list(rules), key="prod_new_rule", format_func=rule_labels.__getitem__)
    ]
    st.caption(
        t(
            "new.rule_caption",
            categories=", ".join(rule.applies_to),
            fus=", ".join(f.label(lang()) for f in rule.functional_units),
        )
    )
    source_labels = {k: t(f"new.source_{k}") for k in ("editor", "example", "excel")}
    how = st.radio(
        t("new.source"),
        list(source_labels),
        horizontal=True,
        key="prod_new_source",
        format_func=source_labels.__getitem__,
    )
    base_text = None
    if how == "editor":
        st.caption(t("new.editor_hint"))
    elif how == "example":
        examples = flows.examples_for(rule)
        if examples:
            chosen = st.selectbox(
                t("new.example"), examples, key="prod_new_example", format_func=lambda p: p.stem
            )
            base_text = chosen.read_text(encoding="utf-8")
        else:
            st.caption(t("new.no_example"))
    else:
        template = errors.attempt(compute.template_workbook, rule.id)
        if template is not None:
            st.download_button(
                t("new.template"),
                template,
                file_name=f"{rule.id}-template.xlsx",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                key="prod_new_template",
            )
        upload = st.file_uploader(t("new.upload"), type=["xlsx"], key="prod_new_upload")
        if upload is not None:
            base_text = errors.attempt(compute.read_workbook_text, upload.getvalue(), upload.name)
    c1, c2, c3 = st.columns(3)
    code = c1.text_input(t("new.code"), key="prod_new_code", placeholder="lfp-cell-280ah")
    name_zh = c2.text_input(t("new.name_zh"), key="prod_new_name_zh")
    name_en = c3.text_input(t("new.name_en"), key="prod_new_name_en")
    if st.button(t("new.create"), key="prod_new_create", disabled=base_text is None and how != "editor"):
        if how == "editor":
            made = errors.attempt(
                flows.call,
                create_product,
                actor,
                code=code.strip(),
                name_zh=name_zh.strip(),
                name_en=name_en.strip() or name_zh.strip(),
                category=rule.applies_to[0],
            )
        else:
            made = errors.attempt(
                flows.create_product_with_model,
                actor,
                base_yaml=base_text or "",
                code=code,
                name_zh=name_zh,
                name_en=name_en,
            )
        if made is not None:
            st.session_state["prod_pick_next"] = made.id
            st.session_state["prod_flash"] = t(
                "new.created_editor" if how == "editor" else "new.created", code=made.code
            )
            st.rerun()


def _rule_findings(actor: Actor, latest: Any) -> dict[str, str]:
    """The rule's findings on the version about to be submitted; a justification box per error finding.

    Returns the justifications written so far (finding key → text). The workflow refuses the submission
    while an error finding has none; each justification becomes a finding the certifier must accept.
    """
    checks = errors.attempt(flows.rule_check, actor, version=latest) or []
    errs = [c for c in checks if c["severity"] == "error"]
    warned = [c for c in checks if c["severity"] == "warning"]
    data = yaml.safe_load(latest.yaml_text) or {}
    language = lang()
    if not errs:
        st.success(t("sub.no_errors", w=len(warned)))
        return {}
    st.error(t("sub.errors_open", n=len(errs)))
    out = {}
    for c in errs:
        where = place(c["location"], data, language)
        st.markdown(f"**{where or t('sub.whole_model')}**  \n{c['message_' + language]}")
        text = st.text_area(t("sub.justify"), key=f"prod_just_{c['key']}", placeholder=t("sub.justify_hint"))
        if text.strip():
            out[c["key"]] = text.strip()
    return out


def certification(
    actor: Actor,
    *,
    pid: int,
    latest: Any,
    versions: list[Any],
    subs: list[Any],
    certs: list[Any],
    bodies: dict[int, Any],
    product: Any = None,
) -> None:
    """Submissions of the product, the submit / answer / resubmit / cancel steps, and its certificates."""
    version_by_id = {v.id: v for v in versions}
    current = flows.latest_open(subs)
    if subs:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "#": x.id,
                        t("col.state"): t(f"state.{x.state}"),
                        t("col.round"): x.round,
                        t("col.body"): pick_pair(
                            bodies[x.certification_body_id].name_zh, bodies[x.certification_body_id].name_en
                        )
                        if x.certification_body_id in bodies
                        else "—",
                        t("col.updated"): f"{x.updated_at:%Y-%m-%d %H:%M}",
                    }
                    for x in subs
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    state = SubmissionState(current.state) if current is not None else None
    certified = {c.model_version_id for c in certs if c.status == "active"}
    if state is None and latest.id in certified:
        st.success(t("cert.already", n=latest.number))
    elif state in (None, S.DRAFT):
        st.markdown(t("cert.submit_intro", n=latest.number, total=f"{latest.total:.4g}"))
        if not bodies:
            st.warning(t("cert.no_body"))
        else:
            body_labels = {b: pick_pair(o.name_zh, o.name_en) for b, o in bodies.items()}
            body = st.selectbox(
                t("cert.body"), list(bodies), key="prod_body", format_func=body_labels.__getitem__
            )
            justifications = _rule_findings(actor, latest)
            if st.button(t("cert.submit"), type="primary", key="prod_submit", icon=":material/send:"):
                done = errors.attempt(
                    flows.submit_for_certification,
                    actor,
                    product_id=pid,
                    body_id=body,
                    draft_id=current.id if current is not None else None,
                    justifications=justifications,
                )
                if done is not None:
                    st.session_state["prod_flash"] = t("cert.submitted", id=done.id)
                    st.rerun()
    elif current is not None:
        views.badge(current.state)
        st.markdown(t(f"cert.status.{current.state}"))
        if state is S.CHANGES_REQUESTED:
            with session() as s:
                note = change_request(actor, s, submission_id=current.id)
            if note:
                st.warning(t("gates.change_request", note=md_text(note)), icon=":material/edit_note:")
    if current is not None and state is not S.DRAFT:
        with session() as s:
            findings = list_findings(actor, s, submission_id=current.id)
        st.markdown(f"**{t('findings.title')}**")
        views.review_findings(findings)
        if state is S.CHANGES_REQUESTED:
            for f in [f for f in findings if not f.resolved]:
                with st.form(f"prod_answer_{f.id}"):
                    st.markdown(
                        f"**#{f.id}** {t(f'severity.{f.severity}')} · `{f.location or '—'}`  \n"
                        + md_text(views.finding_text(f))
                    )
                    answer = st.text_area(t("findings.answer"), f.answer, key=f"prod_answer_text_{f.id}")
                    if (
                        st.form_submit_button(t("findings.send_answer"))
                        and errors.attempt(flows.call, answer_finding, actor, finding_id=f.id, answer=answer)
                        is not None
                    ):
                        st.rerun()
            with st.expander(t("ev.title"), icon=":material/attach_file:"):
                st.caption(t("ev.answer_hint"))
                evidence_panel.panel(
                    actor,
                    version=latest,
                    data=yaml.safe_load(latest.yaml_text) or {},
                    targets=evidence_panel.finding_targets(findings),
                    key="prod_ev_answer",
                )
            st.caption(t("cert.resubmit_hint", n=latest.number))
            again = _rule_findings(actor, latest)  # the rule gates a resubmission as it gates a submission
            if (
                st.button(t("cert.resubmit"), type="primary", key="prod_resubmit")
                and errors.attempt(
                    flows.call, resubmit, actor, submission_id=current.id, justifications=again
                )
                is not None
            ):
                st.session_state["prod_flash"] = t("cert.resubmitted")
                st.rerun()
        cancellable = (S.SUBMITTED, S.RESUBMITTED, S.CHANGES_REQUESTED)
        if (
            state in cancellable
            and st.button(t("cert.cancel"), key="prod_cancel")
            and errors.attempt(flows.call, cancel, actor, submission_id=current.id) is not None
        ):
            st.rerun()
    st.markdown(f"**{t('cert.certificates')}**")
    if not certs:
        st.caption(t("cert.none"))
    for c in certs:
        with st.container(border=True):
            views.badge(c.status)
            st.markdown(
                t(
                    "cert.line",
                    number=c.number,
                    total=f"{c.total:.4g}",
                    fu=views.fu_label(c.functional_unit, lang()),
                    issued=c.issued_on,
                    expires=c.expires_on,
                )
            )
            st.page_link(
                "app_pages/verify.py",
                label=t("cert.verify_link"),
                icon=":material/verified:",
                query_params={"number": c.number},
            )
            issuer = bodies.get(c.issuing_body_id)
            body_name = pick_pair(issuer.name_zh, issuer.name_en) if issuer else ""
            names = errors.attempt(flows.certified_names, actor, number=c.number, product=product) or {}
            link = names.pop("verify_url", "") or f"{compute.public_url()}/verify?number={c.number}"
            mc = st.session_state.get(
                f"prod_mc_{c.model_version_id}_{version_by_id[c.model_version_id].model_hash[:10]}"
            )
            svg = errors.attempt(
                compute.label_svg,
                version_by_id[c.model_version_id].yaml_text,
                c.factor_release,
                number=c.number,
                body=body_name,
                issued_on=c.issued_on,
                verify_url=link,
                record=tuple(sorted(names.items())),
            )
            d1, d2 = st.columns(2)
            if svg is not None:
                d1.download_button(
                    t("cert.label"),
                    svg,
                    file_name=f"{c.number}.svg",
                    mime="image/svg+xml",
                    key=f"prod_label_{c.id}",
                )
            if d2.button(t("cert.report"), key=f"prod_report_{c.id}"):
                with st.spinner(t("cert.report_making")):
                    pdf = errors.attempt(
                        compute.report_pdf,
                        version_by_id[c.model_version_id].yaml_text,
                        c.factor_release,
                        language=lang(),
                        number=c.number,
                        body=body_name,
                        issued_on=c.issued_on,
                        verify_url=link,
                        record=names,
                        uncertainty=(mc["iterations"], mc["seed"]) if mc else None,
                    )
                if pdf is not None:
                    d2.download_button(
                        t("cert.report_download"),
                        pdf,
                        file_name=f"{c.number}.pdf",
                        mime="application/pdf",
                        key=f"prod_report_dl_{c.id}",
                    )
