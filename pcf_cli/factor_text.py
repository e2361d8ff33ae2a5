"""How `pcf factors` words a factor: labels in Chinese and English, basis, uncertainty, quality, citation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from factors.vocab import intensity_unit as vocab_intensity_unit

if TYPE_CHECKING:
    from factors.query import FactorRead

_L = {
    "code": ("代码", "Code"),
    "name": ("名称", "Name"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "geo": ("地区", "Geography"),
    "year": ("年份", "Year"),
    "source": ("来源", "Source"),
    "scope": ("范围", "Scope"),
    "basis": ("气体口径", "Gas basis"),
    "uncertainty": ("不确定性", "Uncertainty"),
    "quality": ("数据质量", "Data quality"),
    "confidence": ("可信度", "Confidence"),
    "status": ("状态", "Status"),
    "release": ("版本", "Release"),
    "validity": ("有效期", "Validity"),
    "citation": ("出处", "Citation"),
    "notes": ("说明", "Notes"),
    "category": ("类别", "Category"),
    "as_printed": ("原文数值", "As printed in source"),
    "history": ("版本历史", "History"),
    "activity": ("活动", "Activity"),
    "none": ("未给出", "none given"),
    "na": ("未评估", "not assessed"),
    "source_class": ("排放源类别", "Emission source"),
    "industry": ("行业（GB/T 4754）", "Industry (GB/T 4754)"),
    "role": ("角色", "Role"),
    "default": ("默认值", "default"),
    "alternative": ("备选值", "alternative"),
    "only": ("唯一值", "only value"),
    "spread": ("差异倍数", "spread"),
}


def t(key: str, lang: str) -> str:
    zh, en = _L[key]
    return zh if lang == "zh" else en


def intensity_unit(f: FactorRead) -> str:
    """``kg CO2 / kWh`` or ``kg CO2e / kWh``: what one unit of the value means (`factors.vocab`'s wording)."""
    return vocab_intensity_unit(f.basis, f.unit)


def basis_text(f: FactorRead, lang: str) -> str:
    if f.basis == "CO2":
        return "仅CO2" if lang == "zh" else "CO2 only"
    if f.basis == "gases":
        return ("分气体: " if lang == "zh" else "per gas: ") + f.gases + f" (total under {f.gwp} GWP100)"
    if f.gwp == "unspecified":
        return "CO2e（来源未说明GWP版本）" if lang == "zh" else "CO2e (GWP set not stated by the source)"
    return f"CO2e, IPCC {f.gwp} GWP100"


def uncertainty_text(f: FactorRead, lang: str) -> str:
    if not f.uncertainty:
        return t("none", lang)
    if f.uncertainty == "lognormal":
        return f"lognormal, GSD {f.unc_a:g}"
    if f.uncertainty == "normal":
        return f"normal, SD {f.unc_a:g}"
    return f"{f.uncertainty} [{f.unc_a:g}, {f.unc_b:g}]"


def quality_text(f: FactorRead, lang: str) -> str:
    names = (
        ("dq_reliability", "reliability"),
        ("dq_completeness", "completeness"),
        ("dq_temporal", "temporal"),
        ("dq_geographical", "geographical"),
        ("dq_technological", "technological"),
    )
    parts = [f"{label} {getattr(f, key)}" for key, label in names if getattr(f, key) is not None]
    return ", ".join(parts) if parts else t("na", lang)


def citation_text(f: FactorRead) -> str:
    s = f.source
    bits = [
        s.title,
        s.publisher,
        str(s.year) if s.year else "",
        s.url,
        s.location,
        f"licence: {s.licence}" if s.licence else "",
    ]
    return "; ".join(b for b in bits if b)
