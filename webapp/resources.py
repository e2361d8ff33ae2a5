"""Resources shared by every page and session (the database engine), created once per process."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    """The engine on PCF_DATABASE_URL, with the schema created and the bundled release loaded once."""
    import workflow.tables  # noqa: F401  (the workflow tables live on the same metadata)
    from factors.bundled import load_bundled
    from factors.db import create_schema, make_engine

    eng = make_engine()
    create_schema(eng)
    with Session(eng) as s:
        load_bundled(s)
    return eng


@contextmanager
def session() -> Iterator[Session]:
    """One session per unit of work."""
    with Session(engine()) as s:
        yield s
