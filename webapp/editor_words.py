"""How the product editor names things and reads what was typed: processes, inputs, stages, rule roles,
the factor card, quantities as the user types them."""

from __future__ import annotations

from typing import Any

from webapp import charts
from webapp.i18n import lang, pick, t


def names(draft: dict[str, Any]) -> dict[str, str]:
    """Process id → name in the session language (labels computed once per run, as AppTest needs)."""
    return {p: pname(draft, p) for p in draft.get("processes") or {}}


def stage_names(stages: list[str]) -> dict[str, str]:
    return {s: charts.stage_label(s, lang()) for s in stages}


def item_name(draft: dict[str, Any], pid: str, i: int) -> str:
    item = ((draft["processes"].get(pid) or {}).get("inputs") or [{}])[i]
    return pick(item.get("name")) or str(item.get("factor") or item.get("process") or i + 1)


def pname(draft: dict[str, Any], pid: str) -> str:
    proc = (draft.get("processes") or {}).get(pid) or {}
    return pick(proc.get("name")) or pid


def role_name(rule: Any, role: Any) -> str:
    if rule is None or not role:
        return ""
    for p in rule.processes:
        if p.role == role:
            return pick({"zh": p.name.zh, "en": p.name.en})
        for i in p.inputs:
            if i.role == role:
                return pick({"zh": i.name.zh, "en": i.name.en})
    return ""


def card_text(card: dict[str, Any]) -> str:
    return t(
        "ed.card",
        value=f"{card['value']:g}",
        unit=card["intensity_unit"],
        geography=card["geography"],
        year=card.get("year") or "—",
        citation=card["citation"],
    )


def num(value: Any) -> float | None:
    try:
        return None if value in (None, "") else float(value)
    except (TypeError, ValueError):
        return None


def quantity_text(value: Any) -> str:
    """A model quantity as the user types it: `{amount: 5.16, unit: kg}` or "5.16 kg" both show "5.16 kg"."""
    if isinstance(value, dict) and "amount" in value:
        amount = value["amount"]
        number = f"{amount:g}" if isinstance(amount, int | float) else str(amount)
        return f"{number} {value.get('unit', '')}".strip()
    return str(value or "")


def kept(before: Any, typed: str) -> Any:
    """The model's own value when the user left its text as shown, else what the user typed."""
    return before if typed and typed == quantity_text(before) else typed
