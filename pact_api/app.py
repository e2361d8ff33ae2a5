"""The PACT v3 host: token endpoint, ListFootprints, GetFootprint and Events over the workflow store.

Errors follow the specification's `Error` object (`code`, `message`): a missing or unknown bearer token is
400 BadRequest (as the PACT conformance cases expect), an expired one 401 TokenExpired, a revoked or
expired sharing grant or a footprint not shared with the caller 403 AccessDenied, an unknown footprint 404
NotFound. The token endpoint answers as RFC 6749 does (`invalid_client`, `unsupported_grant_type`).
"""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any
from urllib.parse import unquote, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from pact_api import events as ev
from pact_api.filters import FilterError, criteria, matches
from pact_api.outbox import TokenCache

DEFAULT_PAGE = 100
SCOPES = "footprint:list footprint:read"


class PactError(Exception):
    """An error answered with the specification's Error object."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status, headers=headers)


def create_app(engine: Engine, *, announce_seconds: float | None = None) -> FastAPI:
    """The host application on `engine` (whose schema must exist); announces every `announce_seconds`."""
    interval = (
        announce_seconds
        if announce_seconds is not None
        else float(os.environ.get("PCF_PACT_ANNOUNCE_SECONDS", "30"))
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        announcer = None
        if interval > 0:
            announcer = ev.Announcer(engine, app.state.source, interval, tokens)
            announcer.start()
        yield
        if announcer is not None:
            announcer.stop()

    app = FastAPI(
        title="PCF platform PACT host",
        version="3.0.3",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.source = os.environ.get("PCF_PACT_SOURCE", "//pcf-platform/3/events")
    tokens = TokenCache()  # bearer tokens of the recipients' hosts, shared by the answers and the announcer

    @contextmanager
    def session() -> Iterator[Session]:
        with Session(engine) as s:
            yield s

    @app.exception_handler(PactError)
    async def pact_error(_request: Request, exc: PactError) -> JSONResponse:
        return error(exc.status, exc.code, exc.message)

    @app.exception_handler(Exception)
    async def internal(_request: Request, exc: Exception) -> JSONResponse:
        ev.log.exception("internal error")
        return error(500, "InternalError", f"internal error ({exc.__class__.__name__})")

    @app.post("/auth/token")
    async def token(request: Request) -> Response:
        form = await request.form()
        client_id, secret = _credentials(request.headers.get("authorization", ""), form)
        if form.get("grant_type") != "client_credentials":
            return JSONResponse(
                {
                    "error": "unsupported_grant_type",
                    "error_description": "only grant_type=client_credentials is supported",
                },
                status_code=400,
            )
        if not client_id:
            return _invalid_client("client credentials are required (HTTP Basic or client_id/client_secret)")
        return await _run(_issue, client_id, secret)

    def _issue(client_id: str, secret: str) -> Response:
        from workflow.errors import AuthenticationFailed
        from workflow.sharing import TOKEN_TTL_SECONDS, GrantInactive, authenticate_client, issue_token

        ttl = int(os.environ.get("PCF_PACT_TOKEN_SECONDS", str(TOKEN_TTL_SECONDS)))
        with session() as s:
            try:
                grant = authenticate_client(s, client_id, secret)
            except AuthenticationFailed:
                return _invalid_client("client authentication failed")
            except GrantInactive as exc:
                return _invalid_client(str(exc.why))
            access = issue_token(s, grant, ttl_seconds=ttl)
        return JSONResponse(
            {"access_token": access, "token_type": "bearer", "expires_in": ttl, "scope": SCOPES},
            headers={"cache-control": "no-store"},
        )

    @app.get("/3/footprints")
    async def list_footprints(request: Request) -> Response:
        return await _run(_list, request)

    def _list(request: Request) -> Response:
        params = request.query_params
        limit = _int(params.get("limit"), "limit", DEFAULT_PAGE)
        offset = _int(params.get("offset"), "offset", 0)
        try:
            wanted = criteria({k: params.getlist(k) for k in params})
        except FilterError as exc:
            raise PactError(400, "BadRequest", str(exc)) from None
        with session() as s:
            grant = _grant(s, request)
            docs = [d for d in _served(s, grant) if matches(d, wanted)]
            page = docs[offset : offset + limit]
            _audit(
                s, grant, "pact.list", {"query": str(request.url.query), "pf_ids": [d["id"] for d in page]}
            )
        headers = {}
        if offset + len(page) < len(docs):
            headers["link"] = f'<{_next_link(request, offset + len(page), limit)}>; rel="next"'
        return JSONResponse({"data": page}, headers=headers)

    @app.get("/3/footprints/{pf_id}")
    async def get_footprint(pf_id: str, request: Request) -> Response:
        return await _run(_get, pf_id, request)

    def _get(pf_id: str, request: Request) -> Response:
        from workflow.sharing_tables import PactFootprint

        with session() as s:
            grant = _grant(s, request)
            doc = next((d for d in _served(s, grant) if d["id"] == pf_id.lower()), None)
            if doc is None:
                known = s.exec(select(PactFootprint).where(PactFootprint.pf_id == pf_id.lower())).first()
                _audit(s, grant, "pact.get_refused", {"pf_id": pf_id, "known": known is not None})
                if known is not None:
                    raise PactError(403, "AccessDenied", f"footprint {pf_id} is not shared with you")
                raise PactError(404, "NotFound", f"no footprint with id {pf_id!r}")
            _audit(s, grant, "pact.get", {"pf_id": pf_id})
        return JSONResponse({"data": doc})

    @app.post("/3/events")
    async def post_event(request: Request) -> Response:
        body = await request.body()
        try:
            incoming = json.loads(body or b"null")
        except ValueError:
            incoming = None
        return await _run(_event, request, incoming)

    def _event(request: Request, incoming: Any) -> Response:
        from workflow.sharing import log_event

        with session() as s:
            grant = _grant(s, request)
            problems = ev.check_event(incoming)
            if problems:
                _audit(s, grant, "pact.event_refused", {"problems": problems})
                raise PactError(400, "BadRequest", "invalid event: " + "; ".join(problems))
            target = ""
            if incoming["type"] == ev.REQUEST_CREATED:
                target = ev.return_address(grant.events_url, incoming)
                if not target:
                    raise PactError(
                        400,
                        "BadRequest",
                        "no address to answer to: the event's source is not an "
                        "http(s) URL and your sharing grant has no events URL",
                    )
            log_event(s, grant=grant, direction="in", event=incoming, target=target, outcome="accepted")
            _audit(s, grant, "pact.event", {"type": incoming["type"], "id": str(incoming["id"])})
            grant_id = grant.id
        if target:
            threading.Thread(
                target=ev.answer_request,
                args=(engine, grant_id, incoming, target, app.state.source),
                kwargs={"tokens": tokens},
                daemon=True,
            ).start()
        return Response(status_code=200)

    return app


async def _run(fn: Any, *args: Any) -> Response:
    """Run a blocking handler in the thread pool; PactError becomes its response."""
    from starlette.concurrency import run_in_threadpool

    try:
        return await run_in_threadpool(fn, *args)
    except PactError as exc:
        return error(exc.status, exc.code, exc.message)


def _credentials(header: str, form: Any) -> tuple[str, str]:
    if header.lower().startswith("basic "):
        try:
            raw = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return "", ""
        user, _, password = raw.partition(":")
        return unquote(user), unquote(password)
    return str(form.get("client_id") or ""), str(form.get("client_secret") or "")


def _invalid_client(why: str) -> JSONResponse:
    return JSONResponse(
        {"error": "invalid_client", "error_description": why},
        status_code=401,
        headers={"www-authenticate": 'Basic realm="pact"'},
    )


def _int(value: str | None, name: str, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise PactError(400, "BadRequest", f"{name}: expected a whole number >= 0, got {value!r}")
    return number


def _grant(s: Session, request: Request) -> Any:
    from workflow.sharing import GrantInactive, TokenExpired, TokenInvalid, grant_of_token

    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        raise PactError(400, "BadRequest", "a bearer access token is required (POST /auth/token first)")
    try:
        return grant_of_token(s, header[7:].strip())
    except TokenInvalid as exc:
        raise PactError(400, "BadRequest", str(exc)) from None
    except TokenExpired as exc:
        raise PactError(401, "TokenExpired", str(exc)) from None
    except GrantInactive as exc:
        raise PactError(403, "AccessDenied", str(exc)) from None


def _served(s: Session, grant: Any) -> list[dict[str, Any]]:
    from workflow.sharing import served_footprints

    return served_footprints(s, grant)


def _audit(s: Session, grant: Any, action: str, detail: dict[str, Any]) -> None:
    from workflow.sharing import audit_access

    audit_access(s, grant, action, detail)


def _next_link(request: Request, offset: int, limit: int) -> str:
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k not in ("offset", "limit")]
    pairs += [("limit", str(limit)), ("offset", str(offset))]
    host = request.headers.get("host") or request.url.netloc
    return f"{request.url.scheme}://{host}{request.url.path}?{urlencode(pairs)}"
