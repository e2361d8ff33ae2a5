"""Admin page: onboarding an organisation and a user by invitation (one-time link → account page → sign-in),
password reset links, and the integrity check of the records."""

from __future__ import annotations

from sqlmodel import Session, select

from tests.app.conftest import AppFactory
from tests.app.helpers import no_problems, texts
from workflow.tables import Organisation, User

ADMIN = "app_pages/admin.py"
ACCOUNT = "app_pages/account.py"
PASSWORD = "a brand new password"


def _link(at) -> str:  # type: ignore[no-untyped-def]
    return next(c.value for c in at.code)


def test_onboard_an_enterprise_and_its_user(app: AppFactory, db: Session) -> None:
    at = app("admin", page=ADMIN)
    no_problems(at)
    at.selectbox(key="adm_kind").set_value("enterprise")
    at.text_input(key="adm_name_zh").set_value("新余新能源有限公司")
    at.text_input(key="adm_ident").set_value("91360500MA00000001")
    at.button[[b.label for b in at.button].index("创建机构")].click().run()
    no_problems(at)
    assert at.success[0].value == "已创建机构“新余新能源有限公司”。"
    org = db.exec(select(Organisation).where(Organisation.name_zh == "新余新能源有限公司")).one()
    at.selectbox(key="adm_inv_org").set_value(org.id)
    at.text_input(key="adm_inv_user").set_value("xinyu-admin")
    at.checkbox(key="adm_inv_admin").check()
    at.button[[b.label for b in at.button].index("生成邀请链接")].click().run()
    no_problems(at)
    link = _link(at)
    assert "/account?invite=" in link
    user = db.exec(select(User).where(User.username == "xinyu-admin")).one()
    assert not user.active and user.org_admin

    acc = app(page=ACCOUNT)
    acc.query_params["invite"] = link.split("invite=")[1]
    acc.run()
    acc.text_input(key="invite_pw1").set_value(PASSWORD)
    acc.text_input(key="invite_pw2").set_value(PASSWORD)
    acc.button[0].click().run()
    no_problems(acc)
    assert acc.success[0].value == "密码已设置，请登录。"
    db.expire_all()
    assert db.get(User, user.id).active  # type: ignore[union-attr]

    again = app(page=ACCOUNT)  # the link works once
    again.query_params["invite"] = link.split("invite=")[1]
    again.run()
    again.text_input(key="invite_pw1").set_value(PASSWORD)
    again.text_input(key="invite_pw2").set_value(PASSWORD)
    again.button[0].click().run()
    assert not again.exception and again.error[0].value == "该链接无效、已使用或已过期；请重新申请。"


def test_a_reset_link_and_the_integrity_check(app: AppFactory) -> None:
    at = app("admin", page=ADMIN)
    at.button[[b.label for b in at.button].index("生成重置链接")].click().run()
    no_problems(at)
    assert "/account?reset=" in _link(at)
    at.button(key="adm_verify").click().run()
    no_problems(at)
    assert "全部哈希与链接一致" in at.success[0].value


def test_english(app: AppFactory) -> None:
    at = app("admin", lang="en", page=ADMIN)
    no_problems(at)
    assert "Invite a user" in texts(at) and "Record integrity" in texts(at)
