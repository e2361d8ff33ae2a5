"""The release-impact page (standards body, certifiers, admins) and the notice on the enterprise's products
page, on the demo database plus a TEST release with the Jiangxi grid factor × 0.9."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from tests.app.conftest import AppFactory
from tests.app.helpers import frame_with, no_problems, texts
from tests.workflow.impact_helpers import derive_release
from workflow.inventory_tables import ImpactAnalysis, InventoryRecord

PAGE = "app_pages/impact.py"


def jiangxi_electricity(db: Session) -> str:
    """The factor the demo records use for electricity in Yichun (the rules' life-cycle default)."""
    from factors.query import resolve_factor

    return resolve_factor(db, "elec.footprint", "CN-JX-YC").factor.code


@pytest.fixture
def second_release(db: Session) -> str:
    return derive_release(db, "2026.2.1", scale={jiangxi_electricity(db): 0.9})


def analyse(at: AppTest) -> AppTest:
    at.button(key="imp_run").click().run()
    no_problems(at)
    return at


def test_without_a_second_release_the_page_says_so(app: AppFactory) -> None:
    at = app("standards", page=PAGE)
    no_problems(at)
    assert "至少需要两个已发布的因子库版本" in texts(at)


def test_the_standards_body_analyses_and_the_enterprise_is_told(
    app: AppFactory, db: Session, second_release: str
) -> None:
    at = app("standards", lang="en", page=PAGE)
    no_problems(at)
    assert at.selectbox(key="imp_old").value == "2026.2" and at.selectbox(key="imp_new").value == "2026.2.1"
    analyse(at)
    stored = len(db.exec(select(InventoryRecord)).all())
    frame = frame_with(at, "Record", "Change (%)", "Main drivers")
    assert len(frame) == stored >= 3 and (frame["Change (%)"] <= 0).all()
    assert frame["Main drivers"].str.contains(jiangxi_electricity(db), regex=False).any()
    assert "Stored as impact analysis #" in texts(at) and len(at.get("plotly_chart")) == 1
    assert len(db.exec(select(ImpactAnalysis)).all()) == 1
    ent = app("enterprise", lang="en", page="app_pages/products.py")
    no_problems(ent)
    assert any("Factor release 2026.2.1 changes" in e.label for e in ent.expander)


def test_a_certifier_sees_its_own_records_and_filters_by_enterprise(
    app: AppFactory, second_release: str
) -> None:
    at = analyse(app("certifier", lang="en", page=PAGE))
    frame = frame_with(at, "Record", "Enterprise")
    assert len(frame) >= 3
    at.multiselect(key="imp_orgs").select(frame["Enterprise"].iloc[0]).run()
    assert len(frame_with(at, "Record", "Enterprise")) == len(frame)  # one demo enterprise


def test_the_category_filter_narrows_the_records(app: AppFactory, second_release: str) -> None:
    at = app("standards", lang="en", page=PAGE)
    at.text_input(key="imp_category").input("battery.pack*").run()
    analyse(at)
    assert list(frame_with(at, "Record", "Product")["Product"]) == ["lfp-pack-60kwh"]


def test_the_full_recalculation_runs_on_the_named_scheduler(
    app: AppFactory, second_release: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        monkeypatch.setenv(
            "PCF_DASK_SCHEDULER", cluster.scheduler_address
        )  # an existing cluster, not a new one
        at = analyse(app("standards", lang="en", page=PAGE))
        at.button(key="imp_recalc").click().run(timeout=180)
        no_problems(at)
        assert "Full recalculation done:" in texts(at) and "0 failed" in texts(at)
        frame = frame_with(at, "Record", "Recalculated")
        assert len(frame) >= 3 and frame["Recalculated"].notna().all()
