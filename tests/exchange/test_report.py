"""The footprint study report (PDF, zh and en): the figures are in its text, the CJK font is embedded."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import pytest
from pypdf import PdfReader

from footprint.exchange.figures import figure
from footprint.exchange.options import Certification
from footprint.exchange.study import Study
from footprint.report import ReportError, write_report
from footprint.report.fonts import ENV_FONT
from tests.exchange.conftest import CALCULABLE, CERT, OPTIONS, model_id

DATE = dt.date(2025, 11, 1)


def pdf_text(path: Path) -> str:
    """The text of every page, whitespace removed (wrapped Chinese lines contain newlines)."""
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(path).pages))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def cell_pdfs(tmp_path_factory: pytest.TempPathFactory, study_of: Callable) -> dict[str, Path]:
    from tests.exchange.conftest import MODELS

    study = study_of(MODELS / "lfp_cell.yaml")
    folder = tmp_path_factory.mktemp("reports")
    return {
        "zh": write_report(study, folder / "zh.pdf", lang="zh", options=OPTIONS, date=DATE),
        "en": write_report(
            study, folder / "en.pdf", lang="en", certification=CERT, options=OPTIONS, date=DATE
        ),
    }


class TestContent:
    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_total_and_stage_figures_are_in_the_text(self, cell: Study, cell_pdfs: dict, lang: str) -> None:
        text = pdf_text(cell_pdfs[lang])
        r = cell.result
        assert squeeze(f"{figure(r.total)} kg CO2e") in text
        for value in [*r.by_stage.values(), *r.by_process.values(), *r.by_gas.values()]:
            assert figure(value) in text

    def test_chinese_report_sections(self, cell_pdfs: dict) -> None:
        text = pdf_text(cell_pdfs["zh"])
        for heading in (
            "产品碳足迹研究报告",
            "目的与范围",
            "功能单位",
            "基准流",
            "系统边界",
            "数据来源",
            "分配与取舍",
            "按生命周期阶段",
            "按温室气体",
            "不确定性与数据质量",
            "局限性",
            "认证状态",
            "未认证",
            "欧盟电池法规碳足迹声明",
            "测试磷酸铁锂电芯100Ah",
        ):
            assert heading in text, heading

    def test_every_factor_and_its_citation(self, cell: Study, cell_pdfs: dict) -> None:
        text = pdf_text(cell_pdfs["en"])
        for row in cell.result.factors:
            assert squeeze(row["code"]) in text
            assert squeeze(row["citation"])[:30] in text
        assert "2026.2" in text

    def test_allocation_cutoff_quality_and_limitations(self, cell: Study, cell_pdfs: dict) -> None:
        text = pdf_text(cell_pdfs["en"])
        assert "massallocation" in text and "cathode_material95.2%" in text
        assert "labelsandadhesivetape" in text
        assert "Dataqualityrating(DQR)2.06" in text
        assert squeeze(cell.result.warnings[0])[:40] in text

    def test_certification_and_eu_declaration(self, cell: Study, cell_pdfs: dict) -> None:
        from footprint.exchange.eu_battery import eu_battery_declaration

        text = pdf_text(cell_pdfs["en"])
        dec = eu_battery_declaration(cell, OPTIONS)
        assert "CQC-TEST-2025-0001" in text and "测试认证机构" in text
        assert squeeze(f"{figure(dec.per_kwh)} kg CO2e/kWh") in text
        assert squeeze("0.32 kWh × 480 full equivalent cycles = 153.6 kWh") in text
        assert all(figure(s.per_kwh) in text for s in dec.stages)
        assert OPTIONS.study_url in text

    def test_the_cjk_font_is_embedded(self, cell_pdfs: dict) -> None:
        """Every font but reportlab's initial Helvetica (standard, carrying no text) is embedded WQY."""
        for page in PdfReader(cell_pdfs["zh"]).pages:
            fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
            cjk = [f for f in fonts if f["/BaseFont"] != "/Helvetica"]
            assert cjk and all("WenQuanYiZenHei" in str(f["/BaseFont"]) for f in cjk)
            assert all("/FontFile2" in f["/FontDescriptor"] for f in cjk)

    def test_monte_carlo_appears_when_run(self, tmp_path: Path, factor_db: str) -> None:
        from sqlmodel import Session

        from factors.db import make_engine
        from footprint.exchange.study import load_study
        from footprint.sources import DatabaseFactors
        from tests.exchange.conftest import MODELS

        with Session(make_engine(factor_db)) as session:
            study = load_study(MODELS / "lfp_cathode.yaml", DatabaseFactors(session), iterations=50, seed=7)
        text = pdf_text(write_report(study, tmp_path / "mc.pdf", lang="en", date=DATE))
        u = study.result.uncertainty
        assert "MonteCarlosimulation:50iterations(seed7)" in text
        assert squeeze(f"{figure(u['p2_5'])} – {figure(u['p97_5'])}") in text


@pytest.mark.parametrize("path", CALCULABLE, ids=model_id)
def test_every_model_gets_a_report(study_of: Callable, tmp_path: Path, path: Path) -> None:
    study = study_of(path)
    text = pdf_text(write_report(study, tmp_path / "r.pdf", lang="zh", date=DATE))
    assert figure(study.result.total) in text
    assert all(figure(v) in text for v in study.result.by_stage.values())
    assert ("欧盟电池法规碳足迹声明" in text) == bool(study.product.battery)


class TestFailures:
    def test_missing_font_is_explained(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        from reportlab.pdfbase import pdfmetrics

        from footprint.report import fonts, styles

        monkeypatch.setenv(ENV_FONT, str(tmp_path / "no-font.ttc"))
        monkeypatch.setattr(pdfmetrics, "getRegisteredFontNames", lambda: [])
        styles.styles.cache_clear()
        try:
            with pytest.raises(ReportError, match="fonts-wqy-zenhei"):
                fonts.register_font()
        finally:
            styles.styles.cache_clear()

    @pytest.mark.parametrize(
        ("lang", "out", "why"), [("fr", "r.pdf", "zh or en"), ("zh", "missing/r.pdf", "is not a folder")]
    )
    def test_bad_arguments(self, cell: Study, tmp_path: Path, lang: str, out: str, why: str) -> None:
        with pytest.raises(ReportError, match=why):
            write_report(cell, tmp_path / out, lang=lang)

    def test_not_certified_report(self, cell: Study, tmp_path: Path) -> None:
        text = pdf_text(write_report(cell, tmp_path / "nc.pdf", lang="en", certification=Certification()))
        assert "Thefootprintinthisreporthasnotbeencertified" in text and "CQC-TEST" not in text


class TestCertifiedRecord:
    """Names come from the certified record of the store, not from the model's editable fields."""

    RECORD: ClassVar[dict[str, str]] = {
        "product_zh": "认证记录中的电芯名称",
        "product_en": "Cell as certified",
        "producer_zh": "宜春示范锂电科技有限公司",
        "producer_en": "Yichun Demo Lithium Co.",
        "site": "CN-JX-YC",
    }

    def test_producer_site_and_product_name_from_the_record(self, cell: Study, tmp_path: Path) -> None:
        zh = pdf_text(
            write_report(
                cell,
                tmp_path / "zh.pdf",
                lang="zh",
                certification=CERT,
                options=OPTIONS,
                date=DATE,
                record=self.RECORD,
            )
        )
        assert "认证记录中的电芯名称" in zh and "宜春示范锂电科技有限公司" in zh and "CN-JX-YC" in zh
        assert "测试磷酸铁锂电芯100Ah" not in zh  # the model's own name is not printed

    def test_no_command_line_hints_or_curation_notes(self, cell: Study, tmp_path: Path) -> None:
        for lang in ("zh", "en"):
            text = pdf_text(write_report(cell, tmp_path / f"{lang}.pdf", lang=lang, date=DATE))
            assert "pcfreport" not in text and "--iterations" not in text and "CURATION" not in text

    def test_the_label_takes_the_recorded_names(self, cell: Study) -> None:
        from footprint.report import label_content

        content = label_content(cell, CERT, record=self.RECORD)
        assert (content.product_zh, content.product_en) == ("认证记录中的电芯名称", "Cell as certified")


def test_page_one_renders(cell_pdfs: dict, tmp_path: Path) -> None:
    """pdftoppm (poppler) renders page 1: the PDF is well formed for a second, independent reader."""
    done = subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(cell_pdfs["zh"]), str(tmp_path / "page")],
        capture_output=True,
        check=False,
    )
    if done.returncode == 127:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    assert done.returncode == 0, done.stderr
    png = next(tmp_path.glob("page*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
