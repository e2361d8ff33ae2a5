"""Fixtures of the app tests: a demo database per test and `AppTest`s of app.py signed in as a demo role.

The demo database (bundled factor release + `workflow.seed_demo`) is built once per run and copied per
test; `PCF_DATABASE_URL` points at the copy before the app runs, and `st.cache_resource` is cleared so
the app's engine (`webapp.resources.engine`) opens the copy, not the previous test's file.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from argon2 import PasswordHasher
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 60
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # argon2id, ~1 ms

AppFactory = Callable[..., AppTest]


@pytest.fixture(scope="session", autouse=True)
def cheap_argon2() -> Iterator[None]:
    """Sign-ins hash with cheap argon2id parameters (production parameters cost ~0.3 s per hash)."""
    from workflow import accounts

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(accounts, "hasher", lambda: CHEAP_HASHER)
        yield


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, cheap_argon2: None) -> Path:
    """A SQLite file with the bundled release and the demo content, built once per run."""
    import workflow.tables  # noqa: F401  (the workflow tables on SQLModel.metadata)
    from factors.bundled import load_bundled
    from factors.db import create_schema, make_engine
    from workflow import seed_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    with Session(engine) as s:
        load_bundled(s)
        seed_demo(s)
    engine.dispose()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh copy of the demo database as PCF_DATABASE_URL, with the app's cached resources cleared."""
    target = tmp_path / "pcf.db"
    shutil.copyfile(demo_template, target)
    url = f"sqlite:///{target}"
    monkeypatch.setenv("PCF_DATABASE_URL", url)
    monkeypatch.setenv("PCF_PUBLIC_URL", "https://pcf.example.test")
    st.cache_resource.clear()
    yield url
    st.cache_resource.clear()


@pytest.fixture
def db(demo_db: str) -> Iterator[Session]:
    """A session on the test's demo database (to arrange data and check what the app stored)."""
    from factors.db import make_engine

    engine = make_engine(demo_db)
    with Session(engine) as s:
        yield s
    engine.dispose()


@pytest.fixture
def actors(db: Session) -> dict[str, object]:
    """The demo actors by role value: enterprise, certifier, standards, admin."""
    from workflow import DEMO_PASSWORDS
    from workflow.accounts import actor_of
    from workflow.tables import User

    users = db.exec(select(User).where(User.username.in_(list(DEMO_PASSWORDS)))).all()  # type: ignore[attr-defined]
    return {str(u.role): actor_of(db, u) for u in users}


@pytest.fixture
def app(demo_db: str, actors: dict[str, object]) -> AppFactory:
    """`app(role=None, lang="zh", page=None)`: an AppTest of app.py, run once, signed in as `role`."""

    def make(role: str | None = None, *, lang: str = "zh", page: str | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.session_state["app_lang"] = lang
        if role is not None:
            at.session_state["auth_actor"] = actors[role]
            at.session_state["auth_org"] = ("组织", "organisation")
        at.run()
        if page is not None:
            at.switch_page(page).run()
        return at

    return make
