"""`pcf db …`: create or upgrade the schema and load the bundled data."""

from __future__ import annotations

import typer
from rich.markup import escape

from pcf_cli.common import console, err_console, handle_errors

app = typer.Typer(no_args_is_help=True, help="Database set-up.")


@app.command("init")
@handle_errors
def init(
    app_role: str = typer.Option(
        "",
        "--app-role",
        help="PostgreSQL: also create/update this login role for the app, granted only what the app needs "
        "(no UPDATE/DELETE/TRUNCATE of protected records, owns nothing); password from PCF_APP_PASSWORD.",
    ),
) -> None:
    """Create or upgrade the schema and load the bundled factor release (idempotent)."""
    import os

    from sqlmodel import Session

    import workflow.tables  # noqa: F401  (registers the workflow tables on SQLModel.metadata)
    from factors.bundled import load_bundled
    from factors.db import database_url, make_engine, upgrade_schema
    from workflow.sharing_events import reseal_event_secrets

    url = database_url()
    engine = make_engine(url)
    if app_role and engine.dialect.name != "postgresql":
        engine.dispose()
        _fail(
            f"--app-role needs PostgreSQL; {engine.dialect.name} has no database roles (there the triggers "
            "and the audit hash chain guard the records). Run without --app-role."
        )
    report = upgrade_schema(engine)
    with Session(engine) as session:
        result = load_bundled(session)
        sealed = reseal_event_secrets(session)  # clear-text event secrets of before encryption
    grants = None
    if app_role:
        from workflow import WorkflowError
        from workflow.db_roles import grant_app_role

        try:
            grants = grant_app_role(engine, app_role, password=os.environ.get("PCF_APP_PASSWORD") or None)
        except WorkflowError as exc:
            engine.dispose()
            _fail(str(exc))
    engine.dispose()
    schema = "created" if report.before == 0 else "upgraded" if report.notes else "up to date"
    what = "loaded" if result.created else "already present, unchanged"
    console.print(
        f"database {_redact(url)}: schema {schema}; factor release {result.version} {what} "
        f"({result.factors} factors)"
    )
    for note in report.notes:
        console.print(note)
    if sealed:
        console.print(f"{sealed} PACT event secret(s) stored in clear text are now encrypted")
    if grants is not None:
        insert_only = sorted(t for t, p in grants.tables.items() if p == ("SELECT", "INSERT"))
        console.print(
            f"app role {grants.role}: {'created' if grants.created else 'already there'}, owns nothing; "
            f"grants set on {len(grants.tables)} tables; read and insert only: {', '.join(insert_only)}; "
            "wf_certificate: only its status may change; no TRUNCATE anywhere"
        )


def _fail(message: str) -> None:
    err_console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    raise typer.Exit(1)


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def register(root: typer.Typer) -> None:
    """Add `pcf db` and its commands."""
    root.add_typer(app, name="db")
