"""The platform as a PACT v3 host (FastAPI on uvicorn) and client: a face over the workflow store.

`serve(port)` runs the host on the database of ``PCF_DATABASE_URL``; `create_app(engine)` builds it for
tests; `pact_api.client` pulls footprints from any conforming host.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app", "make_app", "serve"]


def create_app(engine: Any, *, announce_seconds: float | None = None) -> Any:
    """The FastAPI application of the host on `engine` (see `pact_api.app`)."""
    from pact_api.app import create_app as build

    return build(engine, announce_seconds=announce_seconds)


def make_app(url: str | None = None, *, announce_seconds: float | None = None) -> Any:
    """The host on the database at `url` (default ``PCF_DATABASE_URL``), its schema created if missing."""
    import workflow.sharing
    import workflow.tables  # noqa: F401
    from factors.db import create_schema, make_engine

    engine = make_engine(url) if url else make_engine()
    create_schema(engine)
    return create_app(engine, announce_seconds=announce_seconds)


def serve(port: int, *, host: str = "127.0.0.1", url: str | None = None) -> None:
    """Serve the PACT API at http://host:port/ until interrupted."""
    import uvicorn

    uvicorn.run(make_app(url), host=host, port=port, log_level="warning")
