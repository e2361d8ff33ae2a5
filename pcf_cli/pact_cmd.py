"""`pcf serve-pact` and `pcf pact …`: the PACT v3 host, sharing grants, and pulling suppliers' footprints.

Registered by `pcf_cli` through `register(app)`; FastAPI, uvicorn, httpx and the workflow store are
imported inside the commands so that `pcf --help` stays instant.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from pcf_cli.common import JsonOption, console, err_console, handle_errors, print_json, session_scope
from pcf_cli.workflow_cmd import workflow_errors

pact_app = typer.Typer(
    no_args_is_help=True, help="PACT v3 data exchange: sharing grants and pulling footprints."
)

UserOption = typer.Option(..., "--user", help="Your platform username (an enterprise user)")
PasswordOption = typer.Option(None, "--password", help="Your password (default: PCF_PASSWORD, else asked)")
EVENT_TOKEN_HELP = "Token endpoint of the customer's host, for sending it events (e.g. …/auth/token)"
EVENT_CLIENT_HELP = "Client id the customer's host issued to you for sending it events"
EVENT_SECRET_HELP = "Its secret (default: PCF_EVENT_CLIENT_SECRET, else asked; never shown again)"


def register(app: typer.Typer) -> None:
    """Add `pcf serve-pact` and `pcf pact …` to the `pcf` application."""
    app.command("serve-pact")(serve_pact)
    app.add_typer(pact_app, name="pact")


def serve_pact(
    port: int = typer.Option(8700, "--port", help="TCP port; the API is served at http://127.0.0.1:PORT/"),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on"),
) -> None:
    """Serve the PACT v3 API (token at /auth/token, footprints at /3/footprints) on PCF_DATABASE_URL."""
    from pact_api import serve

    console.print(f"PACT v3 host at http://{host}:{port}/ (token: /auth/token, footprints: /3/footprints)")
    serve(port, host=host)


def _actor(session: Any, user: str, password: str | None) -> Any:
    from workflow import authenticate

    secret = password or os.environ.get("PCF_PASSWORD") or typer.prompt("password", hide_input=True)
    return authenticate(session, user, password=secret)


@pact_app.command("grant")
@handle_errors
@workflow_errors
def grant(
    customer: str = typer.Option(..., "--customer", help="The customer organisation's name"),
    product: list[str] = typer.Option(..., "--product", help="Code of a product to share (repeatable)"),
    user: str = UserOption,
    password: str = PasswordOption,
    client_id: str = typer.Option(None, "--client-id", help="The customer's client id (default: generated)"),
    client_secret: str = typer.Option(None, "--client-secret", help="Its secret (default: generated)"),
    expires: str = typer.Option(None, "--expires", help="Last day of access, YYYY-MM-DD (default: none)"),
    events_url: str = typer.Option("", "--events-url", help="The customer's /3/events URL for notifications"),
    event_token_url: str = typer.Option("", "--event-token-url", help=EVENT_TOKEN_HELP),
    event_client_id: str = typer.Option("", "--event-client-id", help=EVENT_CLIENT_HELP),
    event_client_secret: str = typer.Option(None, "--event-client-secret", help=EVENT_SECRET_HELP),
    as_json: bool = JsonOption,
) -> None:
    """Share certified footprints of your products with one customer; prints its client credentials once."""
    from sqlmodel import select

    import workflow.tables  # noqa: F401
    from workflow.errors import InvalidInput
    from workflow.sharing import create_grant
    from workflow.sharing_events import EventCredentials
    from workflow.tables import Product

    expires_on = _date(expires, "--expires")
    credentials = None
    if event_token_url or event_client_id:
        secret_in = event_client_secret or _event_secret(keep=False)
        credentials = EventCredentials(event_token_url.strip(), event_client_id.strip(), secret_in)
    with session_scope() as session:
        actor = _actor(session, user, password)
        ids = []
        for code in product:
            row = session.exec(
                select(Product).where(
                    Product.owner_org_id == actor.org_id,
                    Product.code == code,
                )
            ).first()
            if row is None:
                raise InvalidInput(f"--product {code!r}: your organisation has no product with this code")
            ids.append(row.id)
        made, secret = create_grant(
            actor,
            session,
            customer_name=customer,
            product_ids=ids,
            client_id=client_id,
            client_secret=client_secret,
            expires_on=expires_on,
            events_url=events_url,
            event_credentials=credentials,
        )
    out = {
        "grant_id": made.id,
        "customer": made.customer_name,
        "client_id": made.client_id,
        "client_secret": secret,
        "products": product,
        "expires_on": str(made.expires_on or ""),
        "event_client_id": credentials.client_id if credentials else "",
    }
    if as_json:
        print_json(out)
        return
    console.print(f"sharing grant {made.id} for {escape(made.customer_name)}: products {', '.join(product)}")
    console.print(f"client id: {made.client_id}\nclient secret (shown once): {secret}")


def _event_secret(*, keep: bool) -> str:
    """The event client secret from the environment or a hidden prompt (empty with `keep`: keep the old)."""
    found = os.environ.get("PCF_EVENT_CLIENT_SECRET")
    if found:
        return found
    ask = "event client secret (empty: keep the stored one)" if keep else "event client secret"
    return str(typer.prompt(ask, hide_input=True, default="" if keep else None, show_default=False))


@pact_app.command("events")
@handle_errors
@workflow_errors
def events(
    grant_id: int = typer.Argument(..., help="The grant's number (see `pcf pact grants`)"),
    events_url: str = typer.Option(..., "--events-url", help="The customer's /3/events URL ('' : none)"),
    token_url: str = typer.Option("", "--token-url", help=EVENT_TOKEN_HELP + "; empty: none"),
    client_id: str = typer.Option("", "--client-id", help=EVENT_CLIENT_HELP),
    client_secret: str = typer.Option(None, "--client-secret", help=EVENT_SECRET_HELP),
    user: str = UserOption,
    password: str = PasswordOption,
) -> None:
    """Set where a grant's events go and the credentials the customer's host issued for them (or remove
    them: no --token-url and no --client-id); an empty secret keeps the stored one."""
    import workflow.tables  # noqa: F401
    from workflow.sharing_events import set_event_credentials

    if (token_url or client_id) and client_secret is None:
        client_secret = _event_secret(keep=True)
    with session_scope() as session:
        done = set_event_credentials(
            _actor(session, user, password),
            session,
            grant_id=grant_id,
            events_url=events_url,
            token_url=token_url,
            client_id=client_id,
            client_secret=client_secret or "",
        )
    how = f"bearer token from {done.token_url} as {done.client_id}" if done else "unauthenticated"
    console.print(f"sharing grant {grant_id}: events to {events_url or '—'} ({how})")


@pact_app.command("revoke")
@handle_errors
@workflow_errors
def revoke(
    grant_id: int = typer.Argument(..., help="The grant's number (see `pcf pact grants`)"),
    reason: str = typer.Option(..., "--reason", help="Why access ends"),
    user: str = UserOption,
    password: str = PasswordOption,
) -> None:
    """Revoke a sharing grant: its tokens stop working at once and no new token is issued."""
    import workflow.tables  # noqa: F401
    from workflow.sharing import revoke_grant

    with session_scope() as session:
        done = revoke_grant(_actor(session, user, password), session, grant_id=grant_id, reason=reason)
    console.print(f"sharing grant {done.id} ({escape(done.customer_name)}) revoked")


@pact_app.command("grants")
@handle_errors
@workflow_errors
def grants(user: str = UserOption, password: str = PasswordOption, as_json: bool = JsonOption) -> None:
    """List your organisation's sharing grants."""
    import workflow.tables  # noqa: F401
    from workflow.sharing import grant_state, list_grants
    from workflow.sharing_tables import PactEventAuth, SharingGrant

    with session_scope() as session:
        rows = list_grants(_actor(session, user, password), session)
        states = {g.id: grant_state(session.get(SharingGrant, g.id)) for g in rows}
        auth = {g.id: session.get(PactEventAuth, g.id) for g in rows}
        event_client = {gid: a.client_id if a else "" for gid, a in auth.items()}
    if as_json:
        print_json(
            [
                {**g.model_dump(mode="json"), "state": states[g.id], "event_client_id": event_client[g.id]}
                for g in rows
            ]
        )
        return
    table = Table(title="sharing grants / 共享授权")
    for col in ("id", "customer", "client id", "products", "state", "expires", "events"):
        table.add_column(col)
    for g in rows:
        table.add_row(
            str(g.id),
            g.customer_name,
            g.client_id,
            ", ".join(map(str, g.product_ids)),
            states[g.id],
            str(g.expires_on or ""),
            f"{g.events_url} ({'bearer: ' + event_client[g.id] if event_client[g.id] else 'unauthenticated'})"
            if g.events_url
            else "",
        )
    console.print(table)


@pact_app.command("pull")
@handle_errors
def pull(
    url: str = typer.Argument(..., help="The supplier's PACT host, e.g. http://127.0.0.1:8700"),
    client_id: str = typer.Option(..., "--client-id", help="Your client id at that host"),
    client_secret: str = typer.Option(..., "--client-secret", help="Your client secret at that host"),
    product_id: list[str] = typer.Option(None, "--product-id", help="Product id URN to pull (repeatable)"),
    into: Path = typer.Option(..., "--into", help="The model file that gets the factor (changed in place)"),
    code: str = typer.Option(None, "--code", help="Factor code (default: pact.<product name>)"),
    as_json: bool = JsonOption,
) -> None:
    """Fetch a supplier's footprint over PACT, check it, and add or update it as a model-local factor."""
    from pact_api.client import PullRefused
    from pact_api.client import pull as do_pull

    try:
        report = do_pull(url, client_id, client_secret, into, product_ids=list(product_id or []), code=code)
    except PullRefused as exc:
        err_console.print(f"[bold red]refused:[/] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(1) from None
    changes = [{"field": c.field, "old": c.old, "new": c.new} for c in report.changes]
    if as_json:
        print_json(
            {
                "pf_id": report.pf_id,
                "code": report.code,
                "value": report.value,
                "unit": report.unit,
                "added": report.added,
                "changes": changes,
                "skipped": report.skipped,
            }
        )
        return
    if report.added:
        console.print(
            f"added factors.{report.code} = {report.value:.6g} {report.unit} (footprint {report.pf_id})"
            f" to {into}"
        )
    elif changes:
        console.print(f"updated factors.{report.code} in {into} to footprint {report.pf_id}:")
        for c in changes:
            console.print(f"  {c['field']}: {escape(str(c['old']))} -> {escape(str(c['new']))}")
    else:
        console.print(f"factors.{report.code} is up to date (footprint {report.pf_id})")


def _date(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{option} must be a date YYYY-MM-DD, got {value!r}") from None


@pact_app.command("carbon")
@handle_errors
def carbon(
    model_file: Path = typer.Argument(..., help="The model file"),
    release: str = typer.Option(None, "--release", "-r", help="Factor release (default: the model's pin)"),
    as_json: bool = JsonOption,
) -> None:
    """Show how the PACT carbon content of a model is derived from its bill of materials."""
    from footprint.exchange.carbon_content import CarbonError, derive_carbon
    from pcf_cli.export_cmd import _study

    try:
        found = derive_carbon(_study(model_file, release, None))
    except CarbonError as exc:
        err_console.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(1) from None
    lines = [
        {
            "path": ln.path,
            "material": ln.name,
            "kg": ln.mass,
            "fraction": ln.fraction,
            "kg_c": ln.carbon,
            "origin": ln.origin,
            "basis": ln.basis,
        }
        for ln in found.lines
    ]
    unknown = [{"path": p, "what": w} for p, w in found.unknown]
    excluded = [{"path": p, "what": w} for p, w in found.excluded]
    if as_json:
        print_json(
            {
                "fossil_kg_c": found.fossil,
                "biogenic_kg_c": found.biogenic,
                "lines": lines,
                "unknown": unknown,
                "excluded": excluded,
            }
        )
    else:
        table = Table(title="carbon content per declared unit / 每申报单位含碳量")
        for col in ("path", "material", "kg", "C fraction", "kg C", "origin", "basis"):
            table.add_column(col)
        for ln in lines:
            table.add_row(
                str(ln["path"]),
                escape(str(ln["material"])),
                f"{ln['kg']:.6g}",
                f"{ln['fraction']:.4f}",
                f"{ln['kg_c']:.6g}",
                str(ln["origin"]),
                escape(str(ln["basis"])),
            )
        console.print(table)
        console.print(f"fossil {found.fossil:.6g} kg C, biogenic {found.biogenic:.6g} kg C")
        for x in excluded:
            console.print(f"excluded (declared): {x['path']}: {escape(x['what'])}", soft_wrap=True)
        for u in unknown:
            err_console.print(f"[yellow]unknown:[/] {u['path']}: {escape(u['what'])}", soft_wrap=True)
    if unknown:
        raise typer.Exit(1)
