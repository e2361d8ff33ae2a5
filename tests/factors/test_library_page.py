"""The factor library page: filters by emission source and industry, roles, alternatives side by side."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.app.helpers import no_problems, texts

PAGE = str(Path(__file__).parents[2] / "app_pages" / "factor_library.py")


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    """The page on a fresh SQLite database (the app loads the bundled release on first use)."""
    monkeypatch.setenv("PCF_DATABASE_URL", f"sqlite:///{tmp_path / 'lib.db'}")
    st.cache_resource.clear()
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["app_lang"] = "en"
    at.run()
    yield at
    st.cache_resource.clear()


class TestFactorLibraryPage:
    def test_filter_by_emission_source_and_industry_shows_both(self, page: AppTest) -> None:
        no_problems(page)
        page.selectbox(key="fl_source").set_value("purchased_energy").run()
        page.selectbox(key="fl_industry").set_value("4420").run()
        no_problems(page)
        table = page.dataframe[0].value
        assert set(table["Factor code"]) == {
            "elec.footprint-td.CN.2023",
            "elec.footprint-td.CN.2024",
            "elec.footprint-td-with-losses.CN.2024",
        }
        assert set(table["Emission source"]) == {"Purchased electricity and heat"}
        industries = set(table["Industry (GB/T 4754)"])
        assert industries == {"4420 Electricity supply (transmission and distribution)"}

    def test_a_default_shows_its_alternatives_side_by_side(self, page: AppTest) -> None:
        page.text_input(key="fl_query").set_value("graphite synthetic").run()
        page.selectbox(key="fl_pick").set_value("graphite.synthetic.istrate-ei391.CN").run()
        no_problems(page)
        shown = texts(page)
        assert "All published values of this activity" in shown and "max/min = 14.2×" in shown
        side = page.dataframe[1].value
        first = side.iloc[0]
        assert (first["Role"], first["Factor code"]) == ("default", "graphite.synthetic.istrate-ei391.CN")
        assert sorted(side["Factor value"]) == pytest.approx([3.1, 4.7, 5.48, 9.111809, 11.08, 43.87])
        assert first["Uncertainty"] == "triangular [3.1, 43.87]"

    def test_compare_any_grouped_activity_in_chinese(self, page: AppTest) -> None:
        page.session_state["app_lang"] = "zh"
        page.run()
        assert set(page.selectbox(key="fl_compare").options) >= {"cam.lfp", "graphite.synthetic", "pvdf"}
        page.selectbox(key="fl_compare").set_value("cam.lfp").run()
        no_problems(page)
        side = page.dataframe[1].value
        assert list(side["角色"]).count("备选值") == 5 and side.iloc[0]["角色"] == "默认值"
        assert side.iloc[0]["不确定性"] == "三角分布 [2.93, 25]"
        assert "同一活动的全部公开数值" in texts(page)
