"""Every face gets the same behaviour: the app's and the CLI's PDF report of the pack example have the same pages."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import streamlit as st
from pypdf import PdfReader
from typer.testing import CliRunner

from pcf_cli import app as pcf
from products import example_path


def _page_texts(pdf: bytes) -> list[str]:
    """The text of every page, in order."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def test_app_and_cli_reports_of_the_pack_have_the_same_pages(
    factor_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PCF_DATABASE_URL", factor_db)
    st.cache_resource.clear()
    st.cache_data.clear()
    model = example_path("lfp-pack")
    out = tmp_path / "cli.pdf"
    done = CliRunner().invoke(pcf, ["report", str(model), "--lang", "zh", "--out", str(out)])
    assert done.exit_code == 0, done.output

    from products.extensions import install_extensions
    from webapp.compute import evaluation, report_pdf

    install_extensions()  # what app.py does before any page runs
    text = model.read_text(encoding="utf-8")
    app_pdf = report_pdf(text, evaluation(text, None).release, language="zh")
    cli_pages, app_pages = _page_texts(out.read_bytes()), _page_texts(app_pdf)
    assert len(cli_pages) == len(app_pages)
    assert cli_pages == app_pages
    assert any("工信部" in page for page in cli_pages)  # the MIIT declaration page, installed by both faces
    st.cache_resource.clear()
