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


@workflow_app.command("verify")
def verify(as_json: bool = JsonOption) -> None:
    """Re-check the audit log's hash chain, frozen versions, certificates and evidence; exit 1 naming the
    first broken link."""
    _verify(as_json)


@handle_errors
@workflow_errors
def _verify(as_json: bool) -> None:
    from workflow import verify_integrity

    with session_scope() as session:
        report = verify_integrity(session)
    if as_json:
        print_json(
            {
                "ok": report.ok,
                "audit_rows": report.audit_rows,
                "versions": report.versions,
                "certificates": report.certificates,
                "blobs": report.blobs,
                "first_broken": report.first_broken,
                "problems": report.problems,
            }
        )
    else:
        console.print(
            f"audit rows {report.audit_rows}, frozen versions {report.versions}, certificates "
            f"{report.certificates}, evidence files {report.blobs}: "
            + (
                "[green]all hashes and links check out[/]"
                if report.ok
                else f"[red]{len(report.problems)} problem(s)[/]"
            )
        )
        if not report.ok:
            err_console.print(
                f"[bold red]first broken link:[/] {escape(report.first_broken or '')}", soft_wrap=True
            )
            for line in report.problems[1:20]:
                err_console.print(f"  {escape(line)}", soft_wrap=True)
    if not report.ok:
        raise typer.Exit(1)


UserOption = typer.Option(
    ..., "--as", help="Username of the certifier acting (password: PCF_PASSWORD or prompt)"
)
ReasonOption = typer.Option("", "--reason", help="Why (required to suspend or withdraw)")


def _certificate_change(action: str, number: str, username: str, reason: str, as_json: bool) -> None:
    import os

    import workflow as wf

    password = os.environ.get("PCF_PASSWORD") or typer.prompt(f"password of {username}", hide_input=True)
    with session_scope() as session:
        actor = wf.authenticate(session, username, password=password)
        if action == "reinstate":
            cert = wf.reinstate(actor, session, number=number, note=reason)
        else:
            cert = getattr(wf, action)(actor, session, number=number, reason=reason)
    if as_json:
        print_json({"number": cert.number, "status": str(cert.status), "reason": cert.status_reason})
    else:
        console.print(
            f"{cert.number}: {cert.status}"
            + (f" ({escape(cert.status_reason)})" if cert.status_reason else "")
        )


@workflow_app.command("suspend")
@handle_errors
@workflow_errors
def suspend_cmd(
    number: str, username: str = UserOption, reason: str = ReasonOption, as_json: bool = JsonOption
) -> None:
    """Suspend an active certificate (its issuing body's certifier), with the reason."""
    _certificate_change("suspend", number, username, reason, as_json)


@workflow_app.command("reinstate")
@handle_errors
@workflow_errors
def reinstate_cmd(
    number: str, username: str = UserOption, reason: str = ReasonOption, as_json: bool = JsonOption
) -> None:
    """Lift the suspension of a certificate."""
    _certificate_change("reinstate", number, username, reason, as_json)


@workflow_app.command("withdraw")
@handle_errors
@workflow_errors
def withdraw_cmd(
    number: str, username: str = UserOption, reason: str = ReasonOption, as_json: bool = JsonOption
) -> None:
    """Withdraw a certificate for good, with the reason."""
    _certificate_change("withdraw", number, username, reason, as_json)
