"""`pcf db …`: create or upgrade the schema and load the bundled data."""

from __future__ import annotations

import typer

from pcf_cli.common import console, handle_errors

app = typer.Typer(no_args_is_help=True, help="Database set-up.")


@app.command("init")
@handle_errors
def init() -> None:
    """Create or upgrade the schema and load the bundled factor release (idempotent)."""
    from sqlmodel import Session

    import workflow.tables  # noqa: F401  (registers the workflow tables on SQLModel.metadata)
    from factors.bundled import load_bundled
    from factors.db import create_schema, database_url, make_engine

    url = database_url()
    engine = make_engine(url)
    before = create_schema(engine)
    with Session(engine) as session:
        result = load_bundled(session)
    engine.dispose()
    schema = "created" if before == 0 else "up to date"
    what = "loaded" if result.created else "already present, unchanged"
    console.print(
        f"database {_redact(url)}: schema {schema}; factor release {result.version} {what} "
        f"({result.factors} factors)"
    )


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
