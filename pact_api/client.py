"""A PACT v3 client: token, ListFootprints with its pagination links, and pulling into a model file."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from footprint.exchange.pact_pull import Change

_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?', re.I)
MAX_PAGES = 1000


class PullRefused(Exception):
    """The host refused (credentials, revoked grant, errors) or the footprint may not be used; says why."""


@dataclass(frozen=True)
class PullReport:
    """What a pull did: the footprint taken, the factor code, and what changed (empty: added or same)."""

    pf_id: str
    code: str
    value: float
    unit: str
    added: bool
    changes: list[Change] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class TokenRefused(PullRefused):
    """The token endpoint was unreachable (`status` 0) or answered `status` without a token."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class AccessToken:
    """A bearer token and its lifetime in seconds as the host stated it (None: not stated)."""

    value: str = field(repr=False)
    expires_in: float | None


def token(base: str, client_id: str, client_secret: str, *, timeout: float = 30.0) -> str:
    """An access token from `base`/auth/token (client credentials, HTTP Basic)."""
    url = f"{base.rstrip('/')}/auth/token"
    return fetch_token(url, client_id, client_secret, timeout=timeout, name=base).value


def fetch_token(
    url: str, client_id: str, client_secret: str, *, timeout: float = 30.0, name: str = ""
) -> AccessToken:
    """An access token from the token endpoint `url` (OAuth 2 client credentials, HTTP Basic)."""
    import httpx

    name = name or url
    try:
        r = httpx.post(
            url, data={"grant_type": "client_credentials"}, auth=(client_id, client_secret), timeout=timeout
        )
    except httpx.HTTPError as exc:
        raise TokenRefused(
            f"{name}: cannot reach the token endpoint ({exc.__class__.__name__}: {exc})", 0
        ) from None
    body = _json(r)
    if r.status_code != 200 or not body.get("access_token"):
        why = body.get("error_description") or body.get("message") or body.get("error") or r.text[:200]
        raise TokenRefused(
            f"{name}: the host refused the client credentials (HTTP {r.status_code}): {why}", r.status_code
        )
    try:
        expires_in: float | None = float(body["expires_in"])
    except (KeyError, TypeError, ValueError):
        expires_in = None
    return AccessToken(str(body["access_token"]), expires_in)


def list_footprints(
    base: str, access: str, *, product_ids: list[str] | None = None, timeout: float = 30.0
) -> list[dict[str, Any]]:
    """Every footprint the host lists for this client (following `Link: rel="next"`)."""
    import httpx

    url: str | None = f"{base.rstrip('/')}/3/footprints"
    params: Any = [("productId", p) for p in product_ids or []]
    out: list[dict[str, Any]] = []
    for _ in range(MAX_PAGES):
        if url is None:
            break
        try:
            r = httpx.get(
                url, params=params or None, headers={"authorization": f"Bearer {access}"}, timeout=timeout
            )
        except httpx.HTTPError as exc:
            raise PullRefused(f"{url}: {exc.__class__.__name__}: {exc}") from None
        body = _json(r)
        if r.status_code != 200:
            raise PullRefused(
                f"{base}: ListFootprints refused (HTTP {r.status_code} "
                f"{body.get('code', '')}): {body.get('message', r.text[:200])}"
            )
        if not isinstance(body.get("data"), list):
            raise PullRefused(f"{url}: the response has no 'data' list")
        out += body["data"]
        match = _NEXT.search(r.headers.get("link", ""))
        url, params = (match.group(1), None) if match else (None, None)
    return out


def pull(
    base: str,
    client_id: str,
    client_secret: str,
    into: Path,
    *,
    product_ids: list[str] | None = None,
    code: str | None = None,
    now: dt.datetime | None = None,
) -> PullReport:
    """Fetch the supplier's Active footprint and add it to (or update it in) the model file `into`."""
    from footprint.exchange.errors import PactImportError
    from footprint.exchange.pact_import import default_code
    from footprint.exchange.pact_pull import factor_of, put_factor, usable

    if not into.is_file():
        raise PullRefused(f"{into}: no such model file")
    docs = list_footprints(base, token(base, client_id, client_secret), product_ids=product_ids)
    active = [d for d in docs if isinstance(d, dict) and d.get("status") == "Active"]
    skipped = [f"{d.get('id')}: {d.get('status')}" for d in docs if d not in active]
    if not active:
        which = f" for product {', '.join(product_ids)}" if product_ids else ""
        raise PullRefused(
            f"{base}: no Active footprint is shared with {client_id}{which}"
            + (f" (only {'; '.join(skipped)})" if skipped else "")
        )
    if len(active) > 1:
        listed = "; ".join(f"{d.get('id')} {d.get('productIds')}" for d in active)
        raise PullRefused(
            f"{base}: {len(active)} Active footprints match; choose one with --product-id: {listed}"
        )
    doc = active[0]
    source = f"{base.rstrip('/')}/3/footprints/{doc.get('id')}"
    try:
        usable(doc, source=source, now=now)
    except PactImportError as exc:
        raise PullRefused(str(exc)) from None
    code = code or default_code(doc)
    factor = factor_of(doc, host=base.rstrip("/"))
    text = into.read_text(encoding="utf-8")
    new_text, changes = put_factor(text, code, factor, file=str(into))
    added = new_text != text and not changes
    _check_model(new_text, code, into)
    if new_text != text:
        into.write_text(new_text, encoding="utf-8")
    return PullReport(
        str(doc["id"]), code, float(factor["value"]), str(factor["unit"]), added, changes, skipped
    )


def _check_model(text: str, code: str, into: Path) -> None:
    import yaml

    from footprint.errors import ModelError
    from footprint.model import parse_model_lenient

    try:
        _, issues = parse_model_lenient(yaml.safe_load(text), file=str(into))
    except ModelError as exc:
        issues = exc.issues
    mine = [i for i in issues if i.path.startswith(f"factors.{code}")]
    if mine:
        raise PullRefused(f"the pulled footprint is not a valid model factor: {'; '.join(map(str, mine))}")


def _json(r: Any) -> dict[str, Any]:
    try:
        body = r.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
