"""Public: verify a certificate by its number (no sign-in; public fields only, no model or inventory)."""

from __future__ import annotations

import streamlit as st

from webapp import errors, views
from webapp.i18n import lang, pick_pair, t
from webapp.plain import md_text
from webapp.resources import session
from workflow import NotFound, verify_certificate

st.header(t("verify.title"))
st.caption(t("verify.intro"))

if "ver_number" not in st.session_state:  # a label's QR code links here with ?number=CFP-…
    st.session_state["ver_number"] = st.query_params.get("number", "")
with st.form("ver_form"):
    number = st.text_input(t("verify.number"), key="ver_number", placeholder="CFP-JX-2026-000001")
    st.form_submit_button(t("verify.button"), type="primary")

if number.strip():
    try:
        with session() as s:
            cert = verify_certificate(s, number)
    except NotFound:
        st.warning(t("verify.not_found", number=number.strip().upper()))
    except Exception as exc:  # a sentence, never a traceback
        errors.show(exc)
    else:
        with st.container(border=True):
            views.badge(cert.status.value)
            if cert.status_reason:  # why it was suspended or withdrawn
                st.warning(t("wf.verify.reason", reason=md_text(cert.status_reason)))
            st.subheader(md_text(pick_pair(cert.product_name_zh, cert.product_name_en)))
            c1, c2, c3 = st.columns(3)
            c1.metric(
                t("verify.footprint"),
                f"{cert.total:.4g} {cert.unit}",
                t("result.per_fu", fu=views.fu_label(cert.functional_unit, lang())),
                delta_color="off",
                delta_arrow="off",
            )
            c2.metric(t("verify.issued"), f"{cert.issued_on}")
            c3.metric(t("verify.expires"), f"{cert.expires_on}")
            st.markdown(
                t(
                    "verify.details",
                    number=cert.number,
                    holder=md_text(pick_pair(cert.holder_name_zh, cert.holder_name_en)),
                    identifier=md_text(cert.holder_identifier) or "—",
                    code=md_text(cert.product_code),
                    category=md_text(cert.product_category),
                    body=md_text(pick_pair(cert.issuing_body_zh, cert.issuing_body_en)),
                    gwp=cert.gwp,
                    release=cert.factor_release,
                    hash=cert.model_hash[:16],
                )
            )
            st.caption(t(f"verify.meaning.{cert.status.value}"))
