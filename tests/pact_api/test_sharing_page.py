"""The enterprise's sharing page (app_pages/sharing.py): the demo grant, a new grant with its secret shown
once, revocation; in Chinese and English, through the real app (streamlit AppTest) on a demo database."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from tests.app.conftest import (  # noqa: F401  (fixtures of the app tests)
    AppFactory,
    actors,
    app,
    cheap_argon2,
    db,
    demo_db,
    demo_template,
)
from tests.app.helpers import frame_with, no_problems, texts
from workflow.sharing import authenticate_client
from workflow.sharing_demo import seed_demo_sharing
from workflow.sharing_tables import SharingGrant

PAGE = "app_pages/sharing.py"


@pytest.mark.parametrize(
    ("lang", "title", "customer"),
    [("zh", "向客户共享碳足迹", "客户"), ("en", "Share footprints", "Customer")],
)
def test_page_lists_the_demo_grant(
    app: AppFactory,  # noqa: F811
    db: Session,  # noqa: F811
    lang: str,
    title: str,
    customer: str,
) -> None:
    seed_demo_sharing(db)  # what `pcf demo` adds to the demo seed
    at = app("enterprise", lang=lang, page=PAGE)
    no_problems(at)
    assert title in texts(at)
    grants = frame_with(at, customer)
    assert "demo-customer" in set(grants.iloc[:, 2]) and grants.iloc[0, 5] >= 1  # serves the demo footprint


def test_create_then_revoke(app: AppFactory, db: Session) -> None:  # noqa: F811
    at = app("enterprise", lang="en", page=PAGE)
    at.text_input(key="share_customer").input("Example car maker")
    at.multiselect(key="share_products").select(at.multiselect(key="share_products").options[0])
    at.text_input(key="share_client_id").input("car-maker-01")
    at.button[0].click().run()
    no_problems(at)
    shown = next(s.value for s in at.success if "car-maker-01" in s.value)
    secret = shown.rsplit(": ", 1)[1]
    row = db.exec(select(SharingGrant).where(SharingGrant.client_id == "car-maker-01")).one()
    assert secret not in row.secret_hash and authenticate_client(db, "car-maker-01", secret).id == row.id
    at.selectbox(key="share_revoke_which").select(row.id)
    at.text_input(key="share_reason").input("test over")
    at.button[1].click().run()
    no_problems(at)
    assert any("revoked" in s.value for s in at.success)
    db.expire_all()
    assert db.get(SharingGrant, row.id).status == "revoked"
