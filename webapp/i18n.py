"""The one translation table of the app (Chinese first, English second) and the language switch.

The table itself is `webapp.text.TEXT`, one mapping from key to (zh, en); every user-facing sentence of
the pages and helpers goes through `t` (session language) or `tr` (a given language).
"""

from __future__ import annotations

import streamlit as st

from webapp.text import TEXT

LANG_KEY = "app_lang"
LANGS = ("zh", "en")

__all__ = ["LANG_KEY", "TEXT", "lang", "language_switch", "pick", "pick_pair", "t", "tr"]


def lang() -> str:
    """The current session's language: zh (default) or en."""
    return st.session_state.get(LANG_KEY, "zh")


def tr(key: str, language: str, **fields: object) -> str:
    """Text for `key` in `language` (zh or en) with `{field}` placeholders filled; unknown keys show as is."""
    zh, en = TEXT.get(key, (key, key))
    text = zh if language == "zh" else en
    return text.format(**fields) if fields else text


def t(key: str, **fields: object) -> str:
    """Text for `key` in the session's language, with `{field}` placeholders filled."""
    return tr(key, lang(), **fields)


def pick(texts: dict[str, str] | None, language: str | None = None) -> str:
    """A {zh, en} mapping in the session's language, falling back to the other language."""
    if not texts:
        return ""
    first, second = ("zh", "en") if (language or lang()) == "zh" else ("en", "zh")
    return texts.get(first) or texts.get(second) or ""


def pick_pair(zh: str, en: str, language: str | None = None) -> str:
    """`zh` or `en` by language, falling back to the other when one is empty (names of stored rows)."""
    return pick({"zh": zh, "en": en}, language)


def language_switch() -> None:
    """A sidebar selector between 中文 and English, kept in the session."""
    options = {"zh": "中文", "en": "English"}
    current = lang()
    choice = st.sidebar.selectbox(
        t("lang.label"),
        list(options),
        index=list(options).index(current),
        format_func=options.__getitem__,
        key="app_lang_select",
    )
    if choice != current:
        st.session_state[LANG_KEY] = choice
        st.rerun()
