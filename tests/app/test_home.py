"""Home page: sign-in, demo accounts, role navigation, sign-out, language switch, the public pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, AppFactory
from tests.app.helpers import no_problems, texts

PAGES = Path(APP).parent / "app_pages"


class TestSignedOut:
    def test_home_lists_the_demo_accounts_and_only_public_pages(self, app: AppFactory) -> None:
        at = app()
        no_problems(at)
        assert at.title[0].value == "江西产品碳足迹平台"
        shown = texts(at)
        assert "演示模式" in shown and "一分钟上手" in shown
        table = at.dataframe[0].value
        assert list(table["用户名"]) == ["demo-enterprise", "demo-certifier", "demo-standards", "demo-admin"]
        assert "demo-enterprise-pass" in set(table["密码"])
        assert at.button(key="home_demo_enterprise").label == "以企业身份登录"
        assert "未登录" in " ".join(c.value for c in at.sidebar.caption)

    def test_english(self, app: AppFactory) -> None:
        at = app(lang="en")
        no_problems(at)
        assert at.title[0].value == "Jiangxi Product Carbon Footprint Platform"
        assert at.button(key="home_demo_certifier").label == "Sign in as Certification body"

    def test_the_language_switch_changes_the_texts(self, app: AppFactory) -> None:
        at = app()
        at.selectbox(key="app_lang_select").set_value("en").run()
        no_problems(at)
        assert at.title[0].value == "Jiangxi Product Carbon Footprint Platform"

    def test_work_pages_are_not_in_the_navigation_before_sign_in(self, app: AppFactory) -> None:
        at = app()
        with pytest.raises(ValueError, match="Known pages"):
            at.switch_page("app_pages/products.py")

    @pytest.mark.parametrize(
        ("page", "role"),
        [("products", "certifier"), ("review", "enterprise"), ("standards", None), ("admin", "standards")],
    )
    def test_a_work_page_run_by_another_role_stops_with_a_sentence(
        self, demo_db: str, actors: dict, page: str, role: str | None
    ) -> None:
        at = AppTest.from_file(str(PAGES / f"{page}.py"), default_timeout=60)
        if role is not None:
            at.session_state["auth_actor"] = actors[role]
        at.run()
        assert not at.exception
        assert "此页面需要以" in at.warning[0].value
        assert not at.dataframe


class TestSignIn:
    def test_wrong_password_is_a_sentence(self, app: AppFactory) -> None:
        at = app()
        at.text_input(key="home_username").set_value("demo-enterprise")
        at.text_input(key="home_password").set_value("not the password")
        at.button[0].click().run()
        assert not at.exception
        assert [e.value for e in at.error] == ["用户名或密码错误。"]
        assert "auth_actor" not in at.session_state

    def test_the_form_signs_in_and_opens_the_role_page(self, app: AppFactory) -> None:
        at = app()
        at.text_input(key="home_username").set_value("demo-enterprise")
        at.text_input(key="home_password").set_value("demo-enterprise-pass")
        at.button[0].click().run()
        no_problems(at)
        assert at.session_state["auth_actor"].username == "demo-enterprise"
        assert at.header[0].value == "我的产品"
        assert "宜春示范锂电科技有限公司（演示）" in " ".join(m.value for m in at.sidebar.markdown)

    def test_one_click_demo_sign_in_and_sign_out(self, app: AppFactory) -> None:
        at = app()
        at.button(key="home_demo_certifier").click().run()
        no_problems(at)
        assert at.header[0].value == "认证审核"
        at.sidebar.button(key="auth_sign_out").click().run()
        no_problems(at)
        assert "auth_actor" not in at.session_state
        assert at.title[0].value == "江西产品碳足迹平台"

    def test_signed_in_home_says_what_to_do_next(self, app: AppFactory) -> None:
        at = app("standards")
        no_problems(at)
        assert "已登录：demo-standards（标准机构）" in texts(at)
        assert "标准与因子发布" in texts(at)


class TestPublicPages:
    def test_factor_library(self, app: AppFactory) -> None:
        at = app(page="app_pages/factor_library.py")
        no_problems(at)
        assert at.header[0].value == "排放因子库"
        at.text_input(key="fl_query").set_value("江西 电力").run()
        no_problems(at)
        codes = set(at.dataframe[0].value["因子代码"])
        assert "elec.grid.CN-JX.2023" in codes
        at.selectbox(key="fl_pick").set_value("elec.grid.CN-JX.2023").run()
        no_problems(at)
        assert "因子详情与出处" in texts(at)

    def test_admin_overview(self, app: AppFactory) -> None:
        at = app("admin", page="app_pages/admin.py")
        no_problems(at)
        assert at.header[0].value == "平台管理"
        metrics = {m.label: m.value for m in at.metric}
        assert metrics["机构"] == "4" and metrics["用户"] == "4"
        assert int(metrics["审计记录"]) > 10


class TestBrokenDatabase:
    def test_an_unreachable_database_is_a_sentence_not_a_traceback(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import streamlit as st

        monkeypatch.setenv(
            "PCF_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none"
        )  # nothing listens
        st.cache_resource.clear()
        try:
            at = AppTest.from_file(APP, default_timeout=60).run()
            assert not at.exception
            assert at.error[0].value == "数据库不可用：请检查 PCF_DATABASE_URL 并运行 pcf db init。"
            at.switch_page("app_pages/factor_library.py").run()
            assert not at.exception
            assert "数据库不可用" in at.error[0].value
        finally:
            st.cache_resource.clear()


class TestSessions:
    """A signed session token in the URL (no password) keeps the user signed in across a refresh, until a
    password change voids it."""

    def test_a_refresh_keeps_the_user_signed_in(self, app: AppFactory) -> None:
        from streamlit.testing.v1 import AppTest

        from tests.app.conftest import APP

        at = app()
        at.button(key="home_demo_certifier").click().run()
        no_problems(at)
        token = at.query_params["s"][0] if isinstance(at.query_params["s"], list) else at.query_params["s"]
        assert token.count(".") == 3 and "demo-certifier-pass" not in token
        fresh = AppTest.from_file(APP, default_timeout=60)  # a refresh: new browser session, same URL
        fresh.session_state["app_lang"] = "zh"
        fresh.query_params["s"] = token
        fresh.run()
        no_problems(fresh)
        assert "demo-certifier" in " ".join(m.value for m in fresh.sidebar.markdown)

    def test_a_password_change_ends_the_session(self, app: AppFactory, db) -> None:  # type: ignore[no-untyped-def]
        from streamlit.testing.v1 import AppTest

        import workflow as wf
        from tests.app.conftest import APP

        at = app()
        at.button(key="home_demo_enterprise").click().run()
        token = at.query_params["s"][0] if isinstance(at.query_params["s"], list) else at.query_params["s"]
        actor = wf.authenticate(db, "demo-enterprise", password=wf.DEMO_PASSWORDS["demo-enterprise"])
        wf.change_password(
            actor,
            db,
            old_password=wf.DEMO_PASSWORDS["demo-enterprise"],
            new_password="a changed long password",
        )
        fresh = AppTest.from_file(APP, default_timeout=60)
        fresh.session_state["app_lang"] = "zh"
        fresh.query_params["s"] = token
        fresh.run()
        no_problems(fresh)
        assert "未登录" in " ".join(c.value for c in fresh.sidebar.caption)
