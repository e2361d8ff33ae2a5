"""The product editor without YAML: the draft model as forms, process by process, input by input.

The draft lives in the session (``prod_ed_<product>``) until it is saved as a new version through the
workflow package; every structural change (add / remove) bumps a revision so that widget keys never
carry one row's value into another. Problems are listed in words (`webapp.model_words`), never as paths.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import streamlit as st

from webapp import charts, compute, editor, errors, views
from webapp import editor_words as words
from webapp.i18n import lang, pick, t
from webapp.model_table import to_yaml
from webapp.model_words import issue_text

KIND_KEYS = {"factor": "ed.kind_factor", "process": "ed.kind_process", "gap": "ed.kind_gap"}


def draft_key(pid: int) -> str:
    return f"prod_ed_{pid}"


def start(pid: int, data: dict[str, Any]) -> None:
    """Put `data` in the editor of product `pid` (replacing an unsaved draft)."""
    st.session_state[draft_key(pid)] = copy.deepcopy(data)
    _bump(pid)


def show(pid: int, rule: Any, *, on_save: Callable[[str], Any], release: str | None = None) -> None:
    """The editor of product `pid`'s draft (started with `start`), saved through `on_save(yaml_text)`."""
    draft = st.session_state.get(draft_key(pid))
    if draft is None:
        return
    rev = st.session_state.get(f"{draft_key(pid)}_rev", 0)
    k = f"prod_ed_{pid}_{rev}"
    _product(draft, k, rule)
    stages = [s.value for s in rule.functional_unit().allowed_stages] if rule is not None else []
    for proc_id in list(draft.get("processes") or {}):
        _process(pid, draft, proc_id, k, rule, stages, release)
    _new_process(pid, draft, k, rule, stages)
    saving = editor.for_saving(draft)
    _left_out(draft, saving)
    problems = compute.draft_problems(to_yaml(saving.data))
    if problems:
        st.warning(
            t("ed.problems", n=len(problems))
            + "".join(f"\n- {issue_text(p, draft, lang())}" for p in problems[: errors.MAX_DETAILS])
        )
    else:
        st.success(t("ed.valid"))
    if st.button(
        t("ed.save"), type="primary", key=f"{k}_save", icon=":material/save:", disabled=bool(problems)
    ):
        with errors.about(draft):
            saved = errors.attempt(on_save, to_yaml(saving.data))
        if saved is not None:
            st.session_state.pop(draft_key(pid), None)
            st.session_state["prod_flash"] = t(
                "ed.saved",
                n=saved.number,
                total=f"{saved.total:.4g}",
                fu=views.fu_label(saved.functional_unit, lang()),
            )
            st.rerun()


def _bump(pid: int) -> None:
    key = f"{draft_key(pid)}_rev"
    st.session_state[key] = st.session_state.get(key, 0) + 1


def _product(draft: dict[str, Any], k: str, rule: Any) -> None:
    product = draft.setdefault("product", {})
    st.markdown(f"**{t('ed.product')}**")
    c1, c2, c3, c4 = st.columns(4)
    name = product.setdefault("name", {})
    name["zh"] = c1.text_input(t("new.name_zh"), name.get("zh", ""), key=f"{k}_pzh")
    name["en"] = c2.text_input(t("new.name_en"), name.get("en", ""), key=f"{k}_pen")
    product["geography"] = c3.text_input(
        t("ed.geography"), product.get("geography", ""), key=f"{k}_pgeo", help=t("ed.geography_help")
    )
    product["reference_year"] = int(
        c4.number_input(t("ed.year"), 1990, 2100, int(product.get("reference_year") or 2025), key=f"{k}_py")
    )
    flow = product.setdefault("reference_flow", {})
    procs = list(draft.get("processes") or {})
    c1, c2, c3, c4 = st.columns(4)
    if procs:
        current = flow.get("process") if flow.get("process") in procs else procs[0]
        flow["process"] = c1.selectbox(
            t("ed.flow_process"),
            procs,
            index=procs.index(current),
            key=f"{k}_pfp",
            format_func=words.names(draft).__getitem__,
        )
    flow["amount"] = c2.number_input(
        t("ed.flow_amount"),
        value=words.num(flow.get("amount")),
        min_value=0.0,
        format="%.6g",
        key=f"{k}_pfa",
        help=t("ed.flow_amount_help"),
    )
    flow["unit"] = editor.output_unit(draft, str(flow.get("process"))) if procs else flow.get("unit", "piece")
    c3.text_input(t("ed.flow_unit"), flow["unit"], disabled=True, key=f"{k}_pfu_{flow['unit']}")
    product["gwp"] = c4.selectbox(
        t("ed.gwp"),
        ["AR6", "AR5", "AR4"],
        index=["AR6", "AR5", "AR4"].index(str(product.get("gwp") or "AR6"))
        if str(product.get("gwp") or "AR6") in ("AR6", "AR5", "AR4")
        else 0,
        key=f"{k}_pgwp",
    )
    if str(product.get("category", "")).startswith("battery"):
        battery = product.setdefault("battery", {})
        c1, c2, c3 = st.columns(3)
        battery["chemistry"] = c1.text_input(
            t("ed.chemistry"), str(battery.get("chemistry") or ""), key=f"{k}_bch", placeholder="LFP / NCM811"
        )
        energy_before = battery.get("rated_energy")
        battery["rated_energy"] = words.kept(
            energy_before,
            c2.text_input(
                t("ed.rated_energy"),
                words.quantity_text(energy_before),
                key=f"{k}_ber",
                placeholder="0.25 kWh",
            ),
        )
        mass_before = product.get("mass")
        mass = words.kept(
            mass_before,
            c3.text_input(t("ed.mass"), words.quantity_text(mass_before), key=f"{k}_pm", placeholder="744 g"),
        )
        for key, value in (("chemistry", battery["chemistry"]), ("rated_energy", battery["rated_energy"])):
            if not value:
                battery.pop(key)
        if not battery:
            product.pop("battery")
        if mass:
            product["mass"] = mass
        else:
            product.pop("mass", None)


def _process(
    pid: int, draft: dict[str, Any], proc_id: str, k: str, rule: Any, stages: list[str], release: str | None
) -> None:
    proc = draft["processes"][proc_id]
    key = f"{k}_{proc_id}"
    role_name = words.role_name(rule, proc.get("role"))
    title = f"{words.pname(draft, proc_id)} · {charts.stage_label(str(proc.get('stage')), lang())}"
    with st.expander(title + (f" · {role_name}" if role_name else ""), expanded=True):
        c1, c2, c3, c4, c5 = st.columns([3, 3, 2, 2, 1])
        name = proc.setdefault("name", {})
        name["zh"] = c1.text_input(t("new.name_zh"), name.get("zh", ""), key=f"{key}_zh")
        name["en"] = c2.text_input(t("new.name_en"), name.get("en", ""), key=f"{key}_en")
        options = stages or [str(proc.get("stage"))]
        stage = str(proc.get("stage"))
        proc["stage"] = c3.selectbox(
            t("col.stage"),
            options,
            index=options.index(stage) if stage in options else 0,
            key=f"{key}_stage",
            format_func=words.stage_names(stages or [str(proc.get("stage"))]).__getitem__,
        )
        out = proc.setdefault("output", {"amount": 1, "unit": "kg"})
        out["amount"] = c4.number_input(
            t("ed.output", unit=out.get("unit", "")),
            value=words.num(out.get("amount")),
            min_value=0.0,
            format="%.6g",
            key=f"{key}_out",
        )
        if c5.button("", key=f"{key}_rm", icon=":material/delete:", help=t("ed.remove_process")):
            editor.remove_process(draft, proc_id)
            _bump(pid)
            st.rerun()
        for i, item in enumerate(proc.get("inputs") or []):
            _input_row(pid, draft, proc_id, i, item, f"{key}_in{i}", rule, release)
        for i, gap in enumerate(proc.get("x-gaps") or []):
            _gap_row(pid, draft, proc_id, i, gap, f"{key}_gap{i}")
        _add_input(pid, draft, proc_id, f"{key}_add", release)


def _input_row(
    pid: int,
    draft: dict[str, Any],
    proc_id: str,
    i: int,
    item: dict[str, Any],
    key: str,
    rule: Any,
    release: str | None,
) -> None:
    geography = str((draft.get("product") or {}).get("geography") or "CN")
    info = (
        compute.factor_info(str(item.get("factor") or ""), geography, release) if "factor" in item else None
    )
    label = (
        pick(item.get("name"))
        or words.role_name(rule, item.get("role"))
        or (pick(info["name"]) if info else "")
        or str(item.get("factor") or item.get("process") or t("ed.kind_factor"))
    )
    c1, c2, c3, c4, c5 = st.columns([4, 2, 2, 3, 1])
    c1.markdown(f"**{i + 1}. {label}**")
    if item.get("process") is not None:
        others = [p for p in draft["processes"] if p != proc_id]
        current = item["process"] if item["process"] in others else (others[0] if others else "")
        item["process"] = c1.selectbox(
            t("ed.kind_process"),
            others,
            index=others.index(current) if current in others else None,
            key=f"{key}_p",
            format_func=words.names(draft).__getitem__,
            placeholder=t("ed.choose"),
        )
        base = editor.output_unit(draft, str(item["process"])) if item.get("process") else "kg"
    else:
        if info:
            c1.caption(words.card_text(info))
            base = editor.factor_unit(info["unit"])
        else:
            c1.caption(
                t("ed.no_factor")
                if not item.get("factor")
                else t("ed.unknown_factor", code=item.get("factor"))
            )
            base = str(item.get("unit") or "kg")
        _factor_picker(item, key, c1)
    units = editor.compatible_units(base)
    unit = str(item.get("unit") or base)
    if unit not in units:
        units = [unit, *units]
    item["amount"] = c2.number_input(
        t("col.amount"),
        value=words.num(item.get("amount")),
        min_value=0.0,
        format="%.6g",
        key=f"{key}_a",
        placeholder=t("ed.unfilled"),
    )
    item["unit"] = c3.selectbox(t("col.unit"), units, index=units.index(unit), key=f"{key}_u")
    item["source"] = c4.text_input(
        t("col.source"), str(item.get("source") or ""), key=f"{key}_s", placeholder=t("ed.source_hint")
    )
    if c5.button("", key=f"{key}_rm", icon=":material/delete:", help=t("ed.remove_input")):
        editor.remove_item(draft, proc_id, "inputs", i)
        _bump(pid)
        st.rerun()


def _gap_row(pid: int, draft: dict[str, Any], proc_id: str, i: int, gap: dict[str, Any], key: str) -> None:
    c1, c2, c3, c4, c5 = st.columns([4, 2, 2, 3, 1])
    c1.markdown(f"**{t('ed.kind_gap')}: {pick(gap.get('name')) or gap.get('role') or ''}**")
    gap["amount"] = c2.number_input(
        t("col.amount"), value=words.num(gap.get("amount")), min_value=0.0, format="%.6g", key=f"{key}_a"
    )
    unit = str(gap.get("unit") or "kg")
    units = editor.compatible_units(unit)
    gap["unit"] = c3.selectbox(
        t("col.unit"), units, index=units.index(unit) if unit in units else 0, key=f"{key}_u"
    )
    gap["reason"] = c4.text_input(t("ed.reason"), str(gap.get("reason") or ""), key=f"{key}_r")
    if gap.get("amount") not in (None, ""):
        gap["source"] = c4.text_input(t("col.source"), str(gap.get("source") or ""), key=f"{key}_s")
    if c5.button("", key=f"{key}_rm", icon=":material/delete:", help=t("ed.remove_input")):
        editor.remove_item(draft, proc_id, "x-gaps", i)
        _bump(pid)
        st.rerun()


def _factor_picker(item: dict[str, Any], key: str, where: Any) -> None:
    """Search the factor library by name (zh or en) and pick a factor, seeing its unit and citation."""
    with where.popover(t("ed.pick_factor"), icon=":material/search:"):
        text = st.text_input(t("ed.search"), key=f"{key}_q", placeholder=t("ed.search_hint"))
        found = compute.factor_search(text) if text.strip() else []
        if text.strip() and not found:
            st.caption(t("ed.search_none"))
        for n, card in enumerate(found[:15]):
            c1, c2 = st.columns([5, 1])
            c1.markdown(f"**{pick(card['name'])}** `{card['code']}`  \n{words.card_text(card)}")
            if c2.button(t("ed.use"), key=f"{key}_use{n}"):
                item["factor"] = card["code"]
                item["unit"] = editor.factor_unit(card["unit"])
                st.session_state.pop(f"{key}_u", None)
                st.rerun()


def _add_input(pid: int, draft: dict[str, Any], proc_id: str, key: str, release: str | None) -> None:
    with st.popover(t("ed.add_input"), icon=":material/add:"):
        kind = st.radio(
            t("ed.kind"),
            list(KIND_KEYS),
            key=f"{key}_kind",
            horizontal=True,
            format_func={x: t(v) for x, v in KIND_KEYS.items()}.__getitem__,
        )
        ref, unit = "", "kg"
        if kind == "factor":
            text = st.text_input(t("ed.search"), key=f"{key}_q", placeholder=t("ed.search_hint"))
            found = compute.factor_search(text, release) if text.strip() else []
            cards = {c["code"]: c for c in found}
            ref = (
                st.selectbox(
                    t("ed.kind_factor"),
                    list(cards),
                    key=f"{key}_f",
                    index=None,
                    placeholder=t("ed.choose"),
                    format_func={
                        c: f"{pick(v['name'])} · {v['value']:g} {v['unit']}" for c, v in cards.items()
                    }.__getitem__,
                )
                or ""
            )
            if ref:
                st.caption(words.card_text(cards[ref]))
                unit = editor.factor_unit(cards[ref]["unit"])
        elif kind == "process":
            others = [p for p in draft["processes"] if p != proc_id]
            ref = (
                st.selectbox(
                    t("ed.kind_process"),
                    others,
                    key=f"{key}_p",
                    index=None,
                    placeholder=t("ed.choose"),
                    format_func=words.names(draft).__getitem__,
                )
                or ""
            )
            unit = editor.output_unit(draft, ref) if ref else "kg"
        c1, c2 = st.columns(2)
        name_zh = c1.text_input(t("new.name_zh"), key=f"{key}_nzh")
        name_en = c2.text_input(t("new.name_en"), key=f"{key}_nen")
        reason = st.text_input(t("ed.reason"), key=f"{key}_reason") if kind == "gap" else ""
        if st.button(t("ed.add"), key=f"{key}_go", disabled=kind != "gap" and not ref):
            editor.add_input(
                draft, proc_id, kind=kind, ref=ref, unit=unit, name_zh=name_zh, name_en=name_en, reason=reason
            )
            _bump(pid)
            st.rerun()


def _new_process(pid: int, draft: dict[str, Any], k: str, rule: Any, stages: list[str]) -> None:
    with st.popover(t("ed.add_process"), icon=":material/add_box:"):
        c1, c2 = st.columns(2)
        new_id = c1.text_input(t("ed.process_id"), key=f"{k}_np_id", placeholder="copper_foil_supply")
        stage = c2.selectbox(
            t("col.stage"),
            stages or ["raw_materials"],
            key=f"{k}_np_stage",
            format_func=words.stage_names(stages or ["raw_materials"]).__getitem__,
        )
        name_zh = c1.text_input(t("new.name_zh"), key=f"{k}_np_zh")
        name_en = c2.text_input(t("new.name_en"), key=f"{k}_np_en")
        roles = [""] + [p.role for p in (rule.processes if rule is not None else [])]
        role = c1.selectbox(
            t("col.role"),
            roles,
            key=f"{k}_np_role",
            format_func={r: words.role_name(rule, r) or t("ed.no_role") for r in roles}.__getitem__,
        )
        unit = c2.selectbox(
            t("col.unit"), [*editor.compatible_units("kg"), "piece", "kWh", "MJ", "m^2"], key=f"{k}_np_unit"
        )
        if st.button(t("ed.add"), key=f"{k}_np_go"):
            problem = editor.add_process(
                draft,
                pid=new_id,
                name_zh=name_zh,
                name_en=name_en,
                stage=stage,
                role=role or "",
                unit=unit or "kg",
            )
            if problem:
                st.error(t(problem))
            else:
                _bump(pid)
                st.rerun()


def _left_out(draft: dict[str, Any], saving: editor.Saving) -> None:
    if saving.unfilled:
        names = [f"{words.pname(draft, p)} · {words.item_name(draft, p, i)}" for p, i in saving.unfilled]
        st.info(t("ed.unfilled_list", n=len(names)) + "".join(f"\n- {n}" for n in names))
    if saving.unused:
        st.info(t("ed.unused_list") + "".join(f"\n- {words.pname(draft, p)}" for p in saving.unused))
