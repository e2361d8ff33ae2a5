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


@pytest.mark.parametrize(("lang", "saved"), [("zh", "令牌认证发送到"), ("en", "with a bearer token")])
def test_event_credentials_are_entered_kept_and_never_shown(
    app: AppFactory,  # noqa: F811
    db: Session,  # noqa: F811
    lang: str,
    saved: str,
) -> None:
    from workflow.sharing_events import event_credentials

    events, token = "https://pact.car.example/3/events", "https://pact.car.example/auth/token"
    at = app("enterprise", lang=lang, page=PAGE)
    at.text_input(key="share_customer").input("Example car maker")
    at.multiselect(key="share_products").select(at.multiselect(key="share_products").options[0])
    at.text_input(key="share_client_id").input("car-maker-02")
    at.text_input(key="share_events_url").input(events)
    at.text_input(key="share_event_token_url").input(token)
    at.text_input(key="share_event_client_id").input("supplier-at-car")
    at.text_input(key="share_event_secret").input("issued-by-the-car-maker")
    at.button[0].click().run()
    no_problems(at)
    row = db.exec(select(SharingGrant).where(SharingGrant.client_id == "car-maker-02")).one()
    stored = event_credentials(db, row)
    assert stored is not None and stored.client_secret == "issued-by-the-car-maker"
    shown = frame_with(at, "事件发送" if lang == "zh" else "Events").to_string()
    assert "supplier-at-car" in shown and "issued-by-the-car-maker" not in shown + texts(at)

    # the events URL edited, the secret left empty: the stored one is kept
    which = at.selectbox(key="share_events_which")
    which.select_index(next(i for i, o in enumerate(which.options) if o.startswith(f"#{row.id} ")))
    at.text_input(key="share_events_url_edit").input(events + "?v=2")
    at.text_input(key="share_events_token_url").input(token)
    at.text_input(key="share_events_client_id").input("supplier-at-car")
    at.button[2].click().run()
    no_problems(at)
    assert any(saved in s.value for s in at.success)
    db.expire_all()
    assert event_credentials(db, db.get(SharingGrant, row.id)) == stored
    assert events + "?v=2" in frame_with(at, "事件发送" if lang == "zh" else "Events").to_string()
    assert "issued-by-the-car-maker" not in texts(at)


@pytest.mark.parametrize(
    ("lang", "why"), [("zh", "令牌只发送到该地址"), ("en", "the token is sent there only")]
)
def test_credentials_without_an_events_url_are_refused_in_words(
    app: AppFactory,  # noqa: F811
    db: Session,  # noqa: F811
    lang: str,
    why: str,
) -> None:
    at = app("enterprise", lang=lang, page=PAGE)
    at.text_input(key="share_customer").input("Example car maker")
    at.multiselect(key="share_products").select(at.multiselect(key="share_products").options[0])
    at.text_input(key="share_client_id").input("car-maker-03")
    at.text_input(key="share_event_token_url").input("https://pact.car.example/auth/token")
    at.text_input(key="share_event_client_id").input("supplier-at-car")
    at.text_input(key="share_event_secret").input("issued-by-the-car-maker")
    at.button[0].click().run()
    assert not at.exception
    assert any(why in e.value for e in at.error), [e.value for e in at.error]
    assert db.exec(select(SharingGrant).where(SharingGrant.client_id == "car-maker-03")).first() is None
