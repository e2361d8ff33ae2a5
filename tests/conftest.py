"""Fixtures: a fresh database per test on SQLite and on the real PostgreSQL server.

PostgreSQL: ``PCF_TEST_DATABASE_URL`` names the server (default: the local one at 127.0.0.1:5432,
database ``test``). Each test run creates a throw-away database there and drops it at the end. When the
variable is unset and no server answers, the PostgreSQL cases are skipped with that reason; when it is
set and the server does not answer, they fail.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, SQLModel

from factors import db as db_module
from factors.db import create_schema, make_engine

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@event.listens_for(Engine, "connect")
def _no_fsync_in_tests(dbapi_connection: object, _record: object) -> None:
    """SQLite files of this test process skip fsync: every commit still reaches the file, only a power cut
    could lose it. Creating the schema took 1-2 s per database on a busy disk (each DDL statement commits)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()


def _pg_server_url() -> tuple[str | None, str]:
    explicit = os.environ.get("PCF_TEST_DATABASE_URL", "").strip()
    url = explicit or DEFAULT_PG
    from sqlalchemy import create_engine

    probe = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with probe.connect() as conn:
            conn.execute(text("select 1"))
        return url, ""
    except Exception as exc:  # psycopg raises OperationalError subclasses; any failure means "no server"
        if explicit:
            pytest.fail(f"PCF_TEST_DATABASE_URL={explicit} is set but the server does not answer: {exc}")
        return None, (
            f"PostgreSQL tests skipped: PCF_TEST_DATABASE_URL is unset and no server answers "
            f"at {DEFAULT_PG} ({exc.__class__.__name__})"
        )
    finally:
        probe.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of a throw-away PostgreSQL database for this test run."""
    url, reason = _pg_server_url()
    if url is None:
        pytest.skip(reason)
    from sqlalchemy import create_engine

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"pcf_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _fresh_engine(backend: str, request: pytest.FixtureRequest, tmp_path) -> Engine:  # type: ignore[no-untyped-def]
    if backend == "sqlite":
        return make_engine(f"sqlite:///{tmp_path / 'pcf.db'}")
    url = request.getfixturevalue("pg_server")
    engine = make_engine(url)
    SQLModel.metadata.drop_all(engine)  # each test starts from an empty schema
    return engine


@pytest.fixture(scope="session")
def _schema_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], Path]:
    """SQLite files holding only the schema, one per set of registered tables and upgrades, copied per test.

    Creating the 37 tables, their indexes and triggers costs ~0.1 s; a copy ~1 ms. The `engine` fixture
    still runs `create_schema` on the copy (a no-op when the template is current).
    """
    built: dict[tuple[frozenset[str], tuple[str, ...]], Path] = {}

    def key() -> tuple[frozenset[str], tuple[str, ...]]:
        return frozenset(SQLModel.metadata.tables), tuple(sorted(db_module._UPGRADES))

    def template() -> Path:
        path = built.get(key())
        if path is None:
            path = tmp_path_factory.mktemp("schema") / "empty.db"
            eng = make_engine(f"sqlite:///{path}")
            create_schema(eng)
            eng.dispose()
            built[key()] = path  # the key after create_schema, which imports the factor tables
        return path

    return template


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    """An empty database with the schema created, on each backend."""
    if request.param == "sqlite":
        target = tmp_path / "pcf.db"
        shutil.copyfile(request.getfixturevalue("_schema_sqlite")(), target)
        eng = make_engine(f"sqlite:///{target}")
    else:
        eng = _fresh_engine(request.param, request, tmp_path)
    create_schema(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as s:
        yield s


@pytest.fixture(scope="session")
def _bundled_sqlite(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite file holding the bundled release, built once per test run and copied per test."""
    from factors.bundled import load_bundled

    path = tmp_path_factory.mktemp("template") / "bundled.db"
    eng = make_engine(f"sqlite:///{path}")
    create_schema(eng)
    with Session(eng) as s:
        load_bundled(s)
    eng.dispose()
    return str(path)


@pytest.fixture(scope="session")
def _bundled_pg(pg_server: str) -> Iterator[str]:
    """A PostgreSQL template database holding the bundled release, cloned per test."""
    from sqlalchemy import create_engine

    from factors.bundled import load_bundled

    eng = make_engine(pg_server)
    SQLModel.metadata.drop_all(eng)
    create_schema(eng)
    with Session(eng) as s:
        load_bundled(s)
    eng.dispose()
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    name = f"{make_url(pg_server).database}_tpl"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(pg_server).database}"'))
    try:
        yield name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def loaded_engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    """A fresh database holding the bundled release, on each backend (a copy of a per-run template)."""
    if request.param == "sqlite":
        target = tmp_path / "pcf.db"
        shutil.copyfile(request.getfixturevalue("_bundled_sqlite"), target)
        eng = make_engine(f"sqlite:///{target}")
        yield eng
        eng.dispose()
        return
    from sqlalchemy import create_engine

    template = request.getfixturevalue("_bundled_pg")
    server = request.getfixturevalue("pg_server")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"pcf_t_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    eng = make_engine(make_url(server).set(database=name).render_as_string(hide_password=False))
    try:
        yield eng
    finally:
        eng.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def loaded(loaded_engine: Engine) -> Iterator[Session]:
    """A session on a fresh database holding the bundled release."""
    with Session(loaded_engine) as s:
        yield s


PINNED_TODAY = dt.date(2026, 12, 4)


@pytest.fixture(autouse=True)
def pinned_calendar(monkeypatch: pytest.MonkeyPatch) -> None:
    """Certificate issuing sees a fixed today, so tests that issue on fixed dates keep passing next year.

    Compare certificate dates with `PINNED_TODAY`, never with the machine's date: the two differ on every
    day after 2026-12-04 (CI runs tests on the day of the submission)."""
    from workflow import certificates

    monkeypatch.setattr(certificates, "calendar_today", lambda: PINNED_TODAY)
