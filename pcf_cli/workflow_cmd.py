"""`pcf demo` and `pcf workflow expire`: the demo content of the app and the daily certificate-expiry job.

Registered by `pcf_cli` through `register(app)`; the workflow package is imported inside the
commands so that `pcf --help` stays instant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from typing import Any, TypeVar

import typer
from rich.markup import escape
from rich.table import Table

from pcf_cli.common import JsonOption, console, err_console, handle_errors, print_json, session_scope

F = TypeVar("F", bound=Callable[..., Any])

workflow_app = typer.Typer(no_args_is_help=True, help="Certification workflow jobs.")


def register(app: typer.Typer) -> None:
    """Add `pcf demo` and `pcf workflow …` to the `pcf` application."""
    app.command("demo")(demo)
    app.add_typer(workflow_app, name="workflow")


def workflow_errors(func: F) -> F:
    """Print the workflow store's own errors as one readable message and exit 1 (others: `handle_errors`)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from workflow import WorkflowError

        try:
            return func(*args, **kwargs)
        except WorkflowError as exc:
            err_console.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True, soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


@handle_errors
@workflow_errors
def demo(as_json: bool = JsonOption) -> None:
    """Seed the demo organisations, users and example products (idempotent) and print the demo accounts."""
    import workflow.tables  # noqa: F401  (registers the workflow tables on SQLModel.metadata)
    from factors.db import create_schema
    from workflow import DEMO_PASSWORDS, seed_demo
    from workflow.sharing_demo import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, seed_demo_sharing

    with session_scope() as session:
        create_schema(session.get_bind())
        seed = seed_demo(session)
        shared, sharing_notes = seed_demo_sharing(session)  # the demo customer's PACT access
    accounts = [{"username": u, "password": DEMO_PASSWORDS[u]} for u in seed.usernames]
    seed = replace(
        seed,
        created=seed.created + shared,
        skipped=(*seed.skipped, *(f"PACT sharing: {n}" for n in sharing_notes)),
    )
    if as_json:
        print_json(
            {
                "created": seed.created,
                "accounts": accounts,
                "products": list(seed.products),
                "skipped": list(seed.skipped),
                "pact_client": {"client_id": DEMO_CLIENT_ID, "client_secret": DEMO_CLIENT_SECRET},
            }
        )
        return
    console.print(
        f"demo content: {seed.created} new row(s)" + (" (already present)" if not seed.created else "")
    )
    table = Table(title="demo accounts / 演示账户")
    table.add_column("username / 用户名")
    table.add_column("password / 密码")
    for a in accounts:
        table.add_row(a["username"], a["password"])
    console.print(table)
    console.print("products / 产品: " + ", ".join(seed.products))
    console.print(f"PACT client / PACT 客户端 (pcf serve-pact): {DEMO_CLIENT_ID} / {DEMO_CLIENT_SECRET}")
    for line in seed.skipped:
        err_console.print(f"[yellow]skipped example:[/] {escape(line)}", soft_wrap=True)


@workflow_app.command("expire")
def expire(
    today: str = typer.Option(None, "--today", help="The date to judge by, YYYY-MM-DD (default: today)"),
    as_json: bool = JsonOption,
) -> None:
    """Mark every certificate whose validity has ended as expired (the daily job); prints their numbers."""
    try:
        day = dt.date.fromisoformat(today) if today else dt.date.today()
    except ValueError:
        raise typer.BadParameter(f"--today must be a date YYYY-MM-DD, got {today!r}") from None
    _expire(day, as_json)


@handle_errors
@workflow_errors
def _expire(day: dt.date, as_json: bool) -> None:
    from workflow import expire_certificates

    with session_scope() as session:
        numbers = expire_certificates(session, today=day)
    if as_json:
        print_json({"today": day.isoformat(), "expired": numbers})
        return
    console.print(
        f"{len(numbers)} certificate(s) expired on {day}" + (": " + ", ".join(numbers) if numbers else "")
    )
