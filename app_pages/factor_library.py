"""Factor library: search and filter (also by emission source and GB/T 4754 industry), full provenance of
a factor, the alternatives of its activity side by side, release history and diffs."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from factors.alternatives import compare_activity
from factors.classes import INDUSTRIES, SOURCE_CLASS_LABELS, industry_label, source_class_label
from factors.query import FactorRead, diff_releases, factor_history, release_infos, search_factors
from factors.vocab import intensity_unit
from webapp import errors
from webapp.i18n import lang, t
from webapp.plain import md_text
from webapp.resources import session

st.header(t("factors.title"))

with session() as s:
    infos = release_infos(s)
published = [i.version for i in infos if i.status == "published"]
drafts = [i.version for i in infos if i.status != "published"]

cols = st.columns([3, 2, 2, 1, 2])
query = cols[0].text_input(t("factors.query"), key="fl_query", placeholder=t("fl.query_hint"))
categories = {
    c: t(f"fl.cat.{c}") if c else t("factors.any")
    for c in ("", "electricity", "heat", "fuel", "transport", "material", "product")
}
category = cols[1].selectbox(
    t("factors.category"), list(categories), format_func=categories.__getitem__, key="fl_category"
)
geography = cols[2].text_input(t("factors.geography"), key="fl_geo", placeholder="CN-JX")
year_text = cols[3].text_input(t("factors.year"), key="fl_year")
release = cols[4].selectbox(t("factors.release"), list(reversed(published)) + drafts, key="fl_release")
# option labels computed here, in the page's language, so the widgets format them alike on every call
language = lang()
source_labels = {"": t("factors.any")} | {c: source_class_label(c, language) for c in SOURCE_CLASS_LABELS}
industry_labels = {"": t("factors.any")} | {c: industry_label(c, language) for c in INDUSTRIES}
cls = st.columns(2)
source_class = cls[0].selectbox(
    t("factors.source_class"), list(source_labels), format_func=source_labels.__getitem__, key="fl_source"
)
industry = cls[1].selectbox(
    t("factors.industry"), list(industry_labels), format_func=industry_labels.__getitem__, key="fl_industry"
)

year = int(year_text) if year_text.strip().isdigit() else None
try:
    with session() as s:
        found = search_factors(
            s,
            query,
            geography=geography.strip() or None,
            category=category or None,
            year=year,
            release=release,
            limit=500,
            source_class=source_class or None,
            industry=industry or None,
        )
except Exception as exc:  # unknown geography and similar: a sentence, not a traceback
    errors.show(exc)
    found = []


def role_text(f: FactorRead) -> str:
    """The factor's role among the published values of its activity, in the page language."""
    return t(f"factors.role_{f.alt_role or 'only'}")


def unit_text(f: FactorRead) -> str:
    return f"kg {'CO2' if f.basis == 'CO2' else 'CO2e'} / {f.unit}"


def uncertainty_text(f: FactorRead) -> str:
    if not f.uncertainty:
        return t("factors.none_given")
    name = t(f"factors.dist.{f.uncertainty}")
    return (
        f"{name} [{f.unc_a:g}, {f.unc_b:g}]"
        if f.unc_a is not None and f.unc_b is not None
        else (f"{name} {f.unc_a:g}")
    )


st.caption(t("factors.count", n=len(found)))
name_col = "name_zh" if language == "zh" else "name_en"
table = pd.DataFrame(
    [
        {
            t("col.code"): f.code,
            t("col.name"): getattr(f, name_col),
            t("col.value"): f.value,
            t("col.unit"): f"kg {'CO2' if f.basis == 'CO2' else 'CO2e'} / {f.unit}",
            t("col.geography"): f.geography,
            t("fl.year"): f.reference_year,
            t("fl.scope"): f.scope,
            t("fl.confidence"): t(f"fl.conf.{f.confidence}"),
            t("factors.source_class"): source_class_label(f.source_class, language),
            t("factors.industry"): industry_label(f.industry, language),
            t("factors.role"): role_text(f),
            t("col.citation"): ", ".join(
                str(x) for x in (f.source.title, f.source.year, f.source.location) if x
            ),
        }
        for f in found
    ]
)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",  # the citation column wide; full text on hover
    column_config={t("col.citation"): st.column_config.TextColumn(width="large")},
)


def show_alternatives(activity: str) -> None:
    """All published values of `activity` side by side, the default first."""
    with session() as s:
        c = compare_activity(s, activity, release=release)
    spread = t("factors.spread", x=f"{c.spread:.1f}")
    st.markdown(f"**{t('factors.alternatives')}** · `{activity}` · {spread}")
    if c.default is not None:
        st.caption(t("factors.alternatives_note", activity=md_text(activity)))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("factors.role"): role_text(f),
                    t("col.code"): f.code,
                    t("col.value"): f.value,
                    t("col.unit"): unit_text(f),
                    t("col.geography"): f.geography,
                    t("fl.year"): f.reference_year,
                    t("col.citation"): ", ".join(str(x) for x in (f.source.title, f.source.location) if x),
                    t("fl.confidence"): t(f"fl.conf.{f.confidence}"),
                    t("factors.uncertainty"): uncertainty_text(f),
                }
                for f in c.factors
            ]
        ),
        hide_index=True,
        width="stretch",
    )


st.subheader(t("factors.detail"))
codes = [f.code for f in found]
chosen = st.selectbox(t("factors.pick"), ["", *codes], key="fl_pick")
if chosen:
    f = next(x for x in found if x.code == chosen)
    basis = (
        t("factors.co2_only")
        if f.basis == "CO2"
        else t("factors.unspecified_gwp")
        if f.gwp == "unspecified"
        else f"CO2e, IPCC {f.gwp} GWP100"
    )
    unc = (
        t("factors.none_given")
        if not f.uncertainty
        else (f"{f.uncertainty} {f.unc_a:g}" + (f"–{f.unc_b:g}" if f.unc_b is not None else ""))
    )
    dq = ", ".join(
        f"{k[3:]} {getattr(f, k)}"
        for k in ("dq_reliability", "dq_completeness", "dq_temporal", "dq_geographical", "dq_technological")
        if getattr(f, k) is not None
    ) or t("factors.not_assessed")
    left, right = st.columns(2)
    left.metric(
        t("factors.value"),
        f"{f.value:g}",
        intensity_unit(f.basis, f.unit),
        delta_color="off",
    )
    left.markdown(
        f"**{t('factors.basis')}**: {basis}  \n"
        f"**{t('factors.scope')}**: {f.scope} — {md_text(f.scope_note)}  \n"
        f"**{t('factors.uncertainty')}**: {unc}  \n**{t('factors.quality')}**: {dq}  \n"
        f"**{t('factors.confidence')}**: {t(f'fl.conf.{f.confidence}')}  \n"
        f"**{t('factors.source_class')}**: {source_class_label(f.source_class, language)}  \n"
        f"**{t('factors.industry')}**: {industry_label(f.industry, language)}  \n"
        f"**{t('factors.role')}**: {role_text(f)}"
    )
    src = f.source
    right.markdown(
        f"**{t('factors.citation')}**: {md_text(src.title)}; {md_text(src.publisher)}; {src.year or ''}  \n"
        f"{md_text(src.url)}  \n{md_text(src.location)}  \n{md_text(src.licence)}  \n"
        f"**{t('factors.as_printed')}**: {md_text(f.source_value)} {md_text(f.source_unit)}"
    )
    st.markdown(f"**{t('factors.notes')}**: {md_text(f.notes) or '—'}")
    if f.alt_role:
        show_alternatives(f.activity)
    with session() as s:
        history = factor_history(s, chosen)
    st.markdown(f"**{t('factors.history')}**: " + ", ".join(f"{v}: {h.value:g}" for v, h in history))

st.subheader(t("factors.compare"))
with session() as s:
    grouped = sorted({f.activity for f in search_factors(s, release=release, limit=None) if f.alt_role})
compare_labels = {"": t("factors.any")} | {a: a for a in grouped}
compared = st.selectbox(
    t("factors.compare_pick"), list(compare_labels), format_func=compare_labels.__getitem__, key="fl_compare"
)
if compared:
    show_alternatives(compared)

st.subheader(t("factors.releases"))
st.dataframe(
    pd.DataFrame(
        [
            {
                t("col.version"): i.version,
                t("col.date"): i.date,
                t("fl.status"): t(f"state.{i.status}"),
                t("col.factors"): i.factors,
                t("fl.hash"): i.content_hash[:16],
                t("fl.based_on"): i.based_on or "—",
                t("col.note"): i.notes,
            }
            for i in infos
        ]
    ),
    hide_index=True,
    width="stretch",
)
versions = [i.version for i in infos]
if len(versions) >= 2:
    c1, c2 = st.columns(2)
    a = c1.selectbox("A", versions, index=len(versions) - 2, key="fl_diff_a")
    b = c2.selectbox("B", versions, index=len(versions) - 1, key="fl_diff_b")
    with session() as s:
        d = diff_releases(s, a, b)
    st.caption(t("factors.diff_summary", a=len(d.added), r=len(d.removed), c=len(d.changed)))
    rows = [{"±": "+", "code": f.code, "field": "value", "a": "", "b": f.value} for f in d.added]
    rows += [{"±": "-", "code": f.code, "field": "value", "a": f.value, "b": ""} for f in d.removed]
    rows += [
        {"±": "~", "code": c.code, "field": k, "a": str(v[0]), "b": str(v[1])}
        for c in d.changed
        for k, v in c.fields.items()
    ]
    if rows:
        st.dataframe(
            pd.DataFrame(rows).rename(columns={"code": t("col.code"), "field": t("fl.field")}),
            hide_index=True,
            width="stretch",
        )
