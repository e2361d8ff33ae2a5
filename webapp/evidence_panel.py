"""Evidence on the enterprise side: attach files (bill of materials, meter readings, invoices, supplier
declarations) to a model version, to one of its input lines, or to the answer of a finding, and list them.

The workflow (`workflow.evidence`) stores them content-addressed and audits each attachment; its refusals
(too large, type not accepted, version frozen) come back as sentences in the session language.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from webapp import errors, flows
from webapp.i18n import lang, t
from webapp.model_words import place
from webapp.resources import session
from workflow import Actor, attach_evidence, list_evidence

Target = dict[str, Any]
"""Where a file goes: the keyword arguments of `attach_evidence` after version_id (empty: the version)."""


def input_targets(data: Mapping[str, Any], language: str) -> list[tuple[str, Target]]:
    """The version itself and every input line of every process, labelled in words."""
    out: list[tuple[str, Target]] = [(t("ev.target.version"), {})]
    for pid, proc in ((data or {}).get("processes") or {}).items():
        for i, _item in enumerate((proc or {}).get("inputs") or []):
            out.append(
                (
                    place(f"processes.{pid}.inputs[{i}]", data, language) or f"{pid} · {i + 1}",
                    {"process_id": pid, "input_index": i},
                )
            )
    return out


def finding_targets(findings: Sequence[Any]) -> list[tuple[str, Target]]:
    """The open findings of a submission whose changes are requested (evidence for the answer)."""
    return [
        (t("ev.target.finding", id=f.id, text=(f.text or "")[:60]), {"finding_id": f.id})
        for f in findings
        if not f.resolved
    ]


def media_of(filename: str, given: str | None) -> str:
    """The file's media type as the browser gave it, else guessed from its name (empty if unknown)."""
    return (given or mimetypes.guess_type(filename)[0] or "").strip()


def where(e: Any, data: Mapping[str, Any] | None, language: str) -> str:
    """Where an attachment points, in words."""
    if e.finding_id is not None:
        return t("ev.at_finding", id=e.finding_id)
    if e.process_id and e.input_index is not None:
        return place(f"processes.{e.process_id}.inputs[{e.input_index}]", data, language)
    if e.process_id:
        return place(f"processes.{e.process_id}", data, language)
    return t("ev.target.version")


def table(files: Sequence[Any], data: Mapping[str, Any] | None) -> None:
    """The attached files: name, where, type, size, hash prefix, note."""
    language = lang()
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("wf.col.file"): e.filename,
                    t("ev.col.where"): where(e, data, language),
                    t("wf.col.size"): e.size,
                    "SHA-256": e.sha256[:16] + "…",
                    t("col.note"): e.note,
                }
                for e in files
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def panel(
    actor: Actor,
    *,
    version: Any,
    data: Mapping[str, Any],
    targets: Sequence[tuple[str, Target]],
    key: str,
) -> None:
    """The version's evidence and a form to attach one more file to one of `targets`."""
    with session() as s:
        files = list_evidence(actor, s, version_id=version.id)
    if files:
        table(files, data)
    else:
        st.caption(t("wf.rev.no_evidence"))
    if not targets:
        return
    if version.frozen_at is not None and not any("finding_id" in x for _, x in targets):
        st.caption(t("ev.frozen_hint", n=version.number))
    labels = [label for label, _ in targets]
    choice = st.selectbox(
        t("ev.target"), range(len(targets)), key=f"{key}_target", format_func=labels.__getitem__
    )
    upload = st.file_uploader(t("ev.file"), key=f"{key}_file_{version.id}", help=t("ev.file_help"))
    note = st.text_input(t("ev.note"), key=f"{key}_note", placeholder=t("ev.note_hint"))
    if st.button(t("ev.attach"), key=f"{key}_attach", icon=":material/attach_file:"):
        if upload is None:
            st.warning(t("ev.no_file"))
            return
        done = errors.attempt(
            flows.call,
            attach_evidence,
            actor,
            version_id=version.id,
            filename=upload.name,
            data=upload.getvalue(),
            media_type=media_of(upload.name, upload.type),
            note=note,
            **targets[int(choice or 0)][1],
        )
        if done is not None:
            st.session_state["prod_flash"] = t(
                "ev.attached", file=done.filename, where=labels[int(choice or 0)]
            )
            st.rerun()
