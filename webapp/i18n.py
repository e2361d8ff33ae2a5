"""The one translation table of the app (Chinese first, English second) and the language switch."""

from __future__ import annotations

import streamlit as st

LANG_KEY = "app_lang"

TEXT: dict[str, tuple[str, str]] = {
    # navigation and common
    "app.title": ("江西产品碳足迹平台", "Jiangxi Product Carbon Footprint Platform"),
    "app.subtitle": ("宜春锂电池碳标识试点", "Yichun lithium-battery carbon-label pilot"),
    "nav.home": ("首页", "Home"),
    "nav.factors": ("因子库", "Factor library"),
    "nav.products": ("我的产品", "My products"),
    "nav.review": ("审核", "Review"),
    "nav.standards": ("标准与因子发布", "Rules & releases"),
    "nav.verify": ("证书查验", "Verify a certificate"),
    "lang.label": ("语言 / Language", "Language / 语言"),
    "common.search": ("搜索", "Search"),
    "common.none": ("无", "none"),
    "common.error": ("出错了", "Something went wrong"),
    # factor library
    "factors.title": ("排放因子库", "Emission-factor library"),
    "factors.query": ("关键词（中文或英文）", "Words (Chinese or English)"),
    "factors.category": ("类别", "Category"),
    "factors.geography": ("地区（含下级）", "Geography (and below)"),
    "factors.year": ("年份", "Year"),
    "factors.release": ("因子版本", "Factor release"),
    "factors.any": ("全部", "any"),
    "factors.count": ("共 {n} 条", "{n} factors"),
    "factors.detail": ("因子详情与出处", "Factor detail and provenance"),
    "factors.pick": ("选择一个因子查看详情", "Pick a factor to see its provenance"),
    "factors.value": ("数值", "Value"),
    "factors.basis": ("气体口径", "Gas basis"),
    "factors.scope": ("生命周期范围", "Life-cycle scope"),
    "factors.uncertainty": ("不确定性", "Uncertainty"),
    "factors.quality": ("数据质量（谱系评分）", "Data quality (pedigree)"),
    "factors.confidence": ("可信度", "Confidence"),
    "factors.citation": ("出处", "Citation"),
    "factors.as_printed": ("原文数值", "As printed in the source"),
    "factors.notes": ("说明", "Notes"),
    "factors.history": ("版本历史", "Release history"),
    "factors.releases": ("因子版本", "Releases"),
    "factors.diff": ("版本比较", "Compare releases"),
    "factors.diff_summary": ("新增 {a} 条，删除 {r} 条，修改 {c} 条", "{a} added, {r} removed, {c} changed"),
    "factors.co2_only": ("仅CO2", "CO2 only"),
    "factors.unspecified_gwp": ("CO2e（来源未说明GWP版本）", "CO2e (GWP set not stated by the source)"),
    "factors.not_assessed": ("未评估", "not assessed"),
    "factors.none_given": ("未给出", "none given"),
}


def lang() -> str:
    """The current session's language: zh (default) or en."""
    return st.session_state.get(LANG_KEY, "zh")


def t(key: str, **fields: object) -> str:
    """Text for `key` in the session's language, with `{field}` placeholders filled."""
    zh, en = TEXT.get(key, (key, key))
    text = zh if lang() == "zh" else en
    return text.format(**fields) if fields else text


def pick(texts: dict[str, str] | None) -> str:
    """A {zh, en} mapping in the session's language, falling back to the other language."""
    if not texts:
        return ""
    first, second = ("zh", "en") if lang() == "zh" else ("en", "zh")
    return texts.get(first) or texts.get(second) or ""


def language_switch() -> None:
    """A sidebar selector between 中文 and English, kept in the session."""
    options = {"zh": "中文", "en": "English"}
    current = lang()
    choice = st.sidebar.selectbox(t("lang.label"), list(options), index=list(options).index(current),
                                  format_func=options.get, key="app_lang_select")
    if choice != current:
        st.session_state[LANG_KEY] = choice
        st.rerun()
