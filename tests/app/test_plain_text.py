"""User text shown in Markdown reads literally: a link, an image or emphasis in a name is not rendered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import streamlit as st
from markdown_it import MarkdownIt
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from tests.app.conftest import AppFactory
from tests.app.helpers import no_problems
from webapp.plain import md_text
from workflow.tables import Organisation, Product

# Bad-input table: user text that Markdown would turn into a link, an image, HTML, emphasis or a heading.
HOSTILE: list[str] = [
    "[x](http://evil)",
    "![i](http://evil/i.png)",
    "<img src=http://evil/i.png>",
    "**bold** _it_ `code`",
    "# heading",
    "- item",
    "1. item",
    "> quote",
    ":red[colour] $x^2$",
    "a|b",
    "&amp; ~~gone~~",
    "http://evil.example/x",
    "www.evil.example",
    "a@evil.example",
    "back\\slash [x]",
    "两行\n文字",
]


def rendered(source: str) -> str:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(source)


@pytest.mark.parametrize("text", HOSTILE)
def test_md_text_renders_as_exactly_its_text(text: str) -> None:
    html = rendered(f"**label**: {md_text(text)}")
    assert "<a " not in html and "<img" not in html and "<em>" not in html and "<code>" not in html
    assert "<del>" not in html and "<h1>" not in html and "<li>" not in html and "<blockquote>" not in html
    from html import unescape

    body = unescape(html.removeprefix("<p><strong>label</strong>: ").removesuffix("</p>\n"))
    assert body == " ".join(text.splitlines())


ROOT = Path(__file__).parents[2]
NAME, CATEGORY = "[x](http://evil) ![i](http://evil/i.png)", "![i](http://evil/c.png)"


def test_the_public_verification_page_shows_names_literally(
    app: AppFactory, db: Session, actors: dict
) -> None:
    import workflow as wf

    ent, cert = actors["enterprise"], actors["certifier"]
    product = db.exec(select(Product).where(Product.code == "lfp-cell-60kwh-pack")).one()
    org = db.get(Organisation, product.owner_org_id)
    assert org is not None
    org.name_zh = org.name_en = NAME
    product.category = CATEGORY
    db.add(org)
    db.add(product)
    db.commit()
    assert product.id is not None
    sub = wf.create_submission(ent, db, product_id=product.id, certification_body_id=cert.org_id)
    wf.submit(ent, db, submission_id=sub.id)
    wf.start_review(cert, db, submission_id=sub.id)
    wf.approve(cert, db, submission_id=sub.id)
    number = wf.issue_certificate(cert, db, submission_id=sub.id, issued_on=dt.date(2026, 3, 1)).number
    at = app(page="app_pages/verify.py", lang="en")
    at.text_input(key="ver_number").set_value(number)
    at.button[0].click().run()
    no_problems(at)
    html = "".join(rendered(m.value) for m in at.markdown)
    assert "<a " not in html and "<img" not in html
    assert NAME in html.replace("&quot;", '"') and CATEGORY in html


def test_the_factor_library_shows_notes_and_citations_literally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factors.db import make_engine
    from factors.tables import Factor, Source

    url = f"sqlite:///{tmp_path / 'lib.db'}"
    monkeypatch.setenv("PCF_DATABASE_URL", url)
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app_pages" / "factor_library.py"), default_timeout=120)
    at.session_state["app_lang"] = "en"
    at.run()  # loads the bundled release
    code = "graphite.synthetic.istrate-ei391.CN"
    with Session(make_engine(url)) as s:
        factor = s.exec(select(Factor).where(Factor.code == code)).first()
        assert factor is not None
        factor.notes = NAME
        source = s.get(Source, factor.source_id)
        assert source is not None
        source.title = CATEGORY
        s.add(factor)
        s.add(source)
        s.commit()
    at.text_input(key="fl_query").set_value("graphite synthetic").run()
    at.selectbox(key="fl_pick").set_value(code).run()
    no_problems(at)
    html = "".join(rendered(m.value) for m in at.markdown)
    assert "<a " not in html and "<img" not in html
    assert NAME in html and CATEGORY in html
    st.cache_resource.clear()
