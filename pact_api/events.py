"""PACT v3 events (CloudEvents 1.0, structured mode): checking incoming ones, answering and announcing.

A RequestCreatedEvent is answered asynchronously with a RequestFulfilledEvent (the matching footprints) or
a RequestRejectedEvent (NotFound), posted to the grant's events URL or, when the grant has none, to the
event's `source` if that is an http(s) URL. A PublishedEvent announces footprints a customer has not been
told about yet (a new certificate of a shared product) to the grant's events URL. Sending (bearer token
from the grant's event credentials, retries) is `pact_api.outbox`; every attempt is in the event log.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from pact_api.filters import Criteria, FilterError, criteria_of_event, matches, parse_time
from pact_api.outbox import RetryPolicy, TokenCache, deliver

if TYPE_CHECKING:
    from workflow.errors import SecretUnreadable
    from workflow.sharing_events import EventCredentials

    Credentials = EventCredentials | SecretUnreadable | None  # an unreadable secret: the event is not sent

PREFIX = "org.wbcsd.pact.ProductFootprint."
REQUEST_CREATED = PREFIX + "RequestCreatedEvent.3"
REQUEST_FULFILLED = PREFIX + "RequestFulfilledEvent.3"
REQUEST_REJECTED = PREFIX + "RequestRejectedEvent.3"
PUBLISHED = PREFIX + "PublishedEvent.3"
EVENT_TYPES = (REQUEST_CREATED, REQUEST_FULFILLED, REQUEST_REJECTED, PUBLISHED)
log = logging.getLogger("pact_api")


def check_event(event: Any) -> list[str]:
    """What is wrong with an incoming event (empty when it is acceptable)."""
    if not isinstance(event, Mapping):
        return ["the body must be a JSON object (a CloudEvent)"]
    problems = [
        f"{k}: required" for k in ("type", "specversion", "id", "source", "time", "data") if k not in event
    ]
    if event.get("specversion", "1.0") != "1.0":
        problems.append(f"specversion: expected '1.0', got {event.get('specversion')!r}")
    if "type" in event and event["type"] not in EVENT_TYPES:
        problems.append(f"type: expected one of {', '.join(EVENT_TYPES)}, got {event['type']!r}")
    if "time" in event:
        try:
            parse_time(str(event["time"]), "time")
        except FilterError as exc:
            problems.append(str(exc))
    data = event.get("data")
    if "data" in event and not isinstance(data, Mapping):
        problems.append("data: expected an object")
    elif isinstance(data, Mapping):
        problems += _check_data(str(event.get("type")), data)
    return problems


def _check_data(kind: str, data: Mapping[str, Any]) -> list[str]:
    if kind == PUBLISHED and not isinstance(data.get("pfIds"), list):
        return ["data.pfIds: a list of footprint ids is required"]
    if kind in (REQUEST_FULFILLED, REQUEST_REJECTED) and "requestEventId" not in data:
        return ["data.requestEventId: required"]
    if kind == REQUEST_FULFILLED and not (isinstance(data.get("pfs"), list) and data["pfs"]):
        return ["data.pfs: a non-empty list of footprints is required"]
    if kind == REQUEST_REJECTED and not isinstance(data.get("error"), Mapping):
        return ["data.error: an Error object {code, message} is required"]
    if kind == REQUEST_CREATED:
        try:
            criteria_of_event(data)
        except FilterError as exc:
            return [str(exc)]
    return []


def event(kind: str, source: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """A new outgoing CloudEvent of `kind`."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "type": kind,
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": source,
        "time": now,
        "data": dict(data),
    }


def return_address(grant_events_url: str, incoming: Mapping[str, Any]) -> str:
    """Where to send the answer to a request: the grant's events URL, else an http(s) `source`."""
    if grant_events_url:
        return grant_events_url
    source = str(incoming.get("source", ""))
    return source if source.startswith(("http://", "https://")) else ""


def answer_request(
    engine: Engine,
    grant_id: int,
    incoming: Mapping[str, Any],
    target: str,
    source: str,
    *,
    tokens: TokenCache,
    policy: RetryPolicy | None = None,
) -> None:
    """Send the fulfilled or rejected event for a request (run in a background thread)."""
    from workflow.sharing import served_footprints
    from workflow.sharing_tables import SharingGrant

    with Session(engine) as session:
        grant = session.get(SharingGrant, grant_id)
        if grant is None:
            return
        wanted: Criteria = criteria_of_event(incoming["data"])
        pfs = [d for d in served_footprints(session, grant) if matches(d, wanted)]
        credentials = _credentials_for(session, grant, target)
    request_id = str(incoming["id"])
    if pfs:
        body = event(REQUEST_FULFILLED, source, {"requestEventId": request_id, "pfs": pfs})
    else:
        body = event(
            REQUEST_REJECTED,
            source,
            {
                "requestEventId": request_id,
                "error": {"code": "NotFound", "message": "no footprint shared with you matches the request"},
            },
        )
    send(engine, grant_id, target, body, [d["id"] for d in pfs], credentials, tokens=tokens, policy=policy)


def send(
    engine: Engine,
    grant_id: int,
    target: str,
    body: Mapping[str, Any],
    pf_ids: list[str],
    credentials: Credentials,
    *,
    tokens: TokenCache,
    policy: RetryPolicy | None = None,
) -> bool:
    """Deliver one outgoing event of a grant, writing every attempt's outcome to the event log.

    Credentials whose stored secret cannot be decrypted are not downgraded to an unauthenticated send: the
    event is logged as not sent, with the reason (enter the credentials again)."""
    from workflow.sharing import log_event
    from workflow.sharing_tables import SharingGrant

    def note(outcome: str) -> None:
        with Session(engine) as session:
            grant = session.get(SharingGrant, grant_id)
            log_event(
                session,
                grant=grant,
                direction="out",
                event=dict(body),
                target=target,
                pf_ids=pf_ids,
                outcome=outcome,
            )
        log.info("event %s to %s: %s", body.get("type"), target, outcome)

    if isinstance(credentials, Exception):
        note(f"failed (bearer token): {credentials}; not sent")
        log.error("event %s to %s not sent: %s", body.get("type"), target, credentials)
        return False
    return deliver(target, body, credentials, tokens=tokens, on_attempt=note, policy=policy)


def _credentials_for(session: Session, grant: Any, target: str) -> Credentials:
    """The grant's event credentials when `target` is its own events URL (a token goes nowhere else), or
    the refusal of a stored secret the current key cannot decrypt."""
    from workflow.errors import SecretUnreadable
    from workflow.sharing_events import event_credentials

    try:
        return event_credentials(session, grant) if target == grant.events_url else None
    except SecretUnreadable as exc:
        return exc


def announce(
    engine: Engine, source: str, *, tokens: TokenCache | None = None, policy: RetryPolicy | None = None
) -> int:
    """Send a PublishedEvent to every active grant with an events URL that has unannounced footprints."""
    from workflow.access import row_id
    from workflow.sharing import grant_state, unannounced
    from workflow.sharing_tables import SharingGrant

    tokens = tokens or TokenCache()
    todo = []
    with Session(engine) as session:
        for grant in session.exec(select(SharingGrant).where(SharingGrant.events_url != "")).all():
            if grant_state(grant) != "active":
                continue
            ids = unannounced(session, grant)
            if ids:
                todo.append(
                    (row_id(grant), grant.events_url, ids, _credentials_for(session, grant, grant.events_url))
                )
    sent = 0
    for grant_id, url, ids, credentials in todo:
        body = event(PUBLISHED, source, {"pfIds": ids})
        sent += send(engine, grant_id, url, body, ids, credentials, tokens=tokens, policy=policy)
    return sent


class Announcer:
    """A daemon thread that runs `announce` every `interval` seconds until stopped."""

    def __init__(self, engine: Engine, source: str, interval: float, tokens: TokenCache) -> None:
        self.engine, self.source, self.interval, self.tokens = engine, source, interval, tokens
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pact-announcer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                announce(self.engine, self.source, tokens=self.tokens)
            except Exception:  # keep announcing; the failure is logged, the next round retries
                log.exception("announcing published footprints failed")
