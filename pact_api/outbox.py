"""Sending events to a data recipient's host: bearer token, refresh on 401, retries with back-off.

PACT v3 `/3/events` requires ``Authorization: Bearer …`` issued by the recipient. With the grant's event
credentials (`workflow.sharing_events`) the sender gets a token from the recipient's token endpoint
(`pact_api.client.fetch_token`, OAuth 2 client credentials), keeps it in a `TokenCache` until shortly
before it expires, and posts the event with it; a 401 drops the token and tries once more with a new one.
A network error or a 5xx (from the token endpoint or the events endpoint) is retried with exponential
back-off, a few attempts within a bounded time. Without credentials the event is posted unauthenticated,
as before, and the outcome says so. Every attempt's outcome is handed to `on_attempt` (the caller writes
it to the event log); neither the secret nor a token ever appears in an outcome.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pact_api.client import TokenRefused, fetch_token

if TYPE_CHECKING:
    from workflow.sharing_events import EventCredentials

TOKEN_MARGIN_SECONDS = 30.0  # a cached token is renewed this long before the expiry the host stated


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: `attempts` at most, waits doubling from `first_delay` up to `max_delay`, and no
    attempt started after `deadline` seconds; each request may take `timeout` seconds."""

    attempts: int = 5
    first_delay: float = 1.0
    max_delay: float = 8.0
    deadline: float = 60.0
    timeout: float = 10.0

    def delay(self, attempt: int) -> float:
        """The wait after failed attempt number `attempt` (1-based)."""
        return float(min(self.max_delay, self.first_delay * 2 ** (attempt - 1)))


class TokenCache:
    """Bearer tokens per credentials (token URL, client id, secret digest), kept until shortly before their
    stated expiry (a token without a stated lifetime is kept until the recipient answers 401)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[tuple[str, str, str], tuple[str, float]] = {}

    def get(self, credentials: EventCredentials, *, timeout: float) -> str:
        """A valid token: the cached one, else a new one from the token endpoint (`TokenRefused`)."""
        key = _key(credentials)
        with self._lock:
            cached = self._tokens.get(key)
        if cached is not None and time.monotonic() < cached[1]:
            return cached[0]
        got = fetch_token(
            credentials.token_url, credentials.client_id, credentials.client_secret, timeout=timeout
        )
        lifetime = float("inf") if got.expires_in is None else got.expires_in
        until = time.monotonic() + max(lifetime - TOKEN_MARGIN_SECONDS, lifetime / 2)
        with self._lock:
            self._tokens[key] = (got.value, until)
        return got.value

    def drop(self, credentials: EventCredentials) -> None:
        """Forget the token of `credentials` (the recipient said it is no longer valid)."""
        with self._lock:
            self._tokens.pop(_key(credentials), None)


def _key(credentials: EventCredentials) -> tuple[str, str, str]:
    """Edited credentials (a new secret) never reuse the token of the old ones."""
    digest = hashlib.sha256(credentials.client_secret.encode("utf-8")).hexdigest()
    return (credentials.token_url, credentials.client_id, digest)


@dataclass(frozen=True)
class _Try:
    outcome: str  # 'sent' or why not
    retry: bool  # a transient failure worth another attempt after a wait
    refresh: bool = False  # 401: a new token may help at once


def deliver(
    url: str,
    body: Mapping[str, Any],
    credentials: EventCredentials | None,
    *,
    tokens: TokenCache,
    on_attempt: Callable[[str], None],
    policy: RetryPolicy | None = None,
) -> bool:
    """POST the event `body` to `url` (bearer token with `credentials`, else unauthenticated); True if the
    recipient accepted it. `on_attempt` gets each attempt's outcome, starting ``sent`` or ``failed``."""
    policy = policy or RetryPolicy()
    mode = "bearer token" if credentials is not None else "unauthenticated"
    start = time.monotonic()
    refreshed = False
    for n in range(1, policy.attempts + 1):
        done = _attempt(url, body, credentials, tokens, policy.timeout)
        head = f"({mode}, attempt {n} of {policy.attempts})"
        if done.outcome == "sent":
            on_attempt(f"sent {head}")
            return True
        if done.refresh and credentials is not None and not refreshed:
            refreshed = True
            tokens.drop(credentials)
            on_attempt(f"failed {head}: {done.outcome}; retrying now with a new token")
            continue
        wait = policy.delay(n)
        if not done.retry or n == policy.attempts or time.monotonic() - start + wait > policy.deadline:
            on_attempt(f"failed {head}: {done.outcome}; giving up")
            return False
        on_attempt(f"failed {head}: {done.outcome}; retrying in {wait:g} s")
        time.sleep(wait)
    return False


def _attempt(
    url: str,
    body: Mapping[str, Any],
    credentials: EventCredentials | None,
    tokens: TokenCache,
    timeout: float,
) -> _Try:
    import httpx

    headers = {"content-type": "application/cloudevents+json"}
    if credentials is not None:
        try:
            headers["authorization"] = f"Bearer {tokens.get(credentials, timeout=timeout)}"
        except TokenRefused as exc:
            return _Try(str(exc), retry=exc.status == 0 or exc.status >= 500)
    try:
        response = httpx.post(url, json=dict(body), timeout=timeout, headers=headers)
    except httpx.HTTPError as exc:
        return _Try(f"{exc.__class__.__name__}: {exc}", retry=True)
    if response.status_code < 300:
        return _Try("sent", retry=False)
    return _Try(
        f"HTTP {response.status_code}{_reason(response)}",
        retry=response.status_code >= 500 or response.status_code == 429,
        refresh=response.status_code == 401,
    )


def _reason(response: Any) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    if isinstance(body, dict) and (body.get("code") or body.get("message")):
        return f" {body.get('code', '')}: {str(body.get('message', ''))[:200]}"
    return ""
