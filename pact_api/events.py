"""PACT v3 events (CloudEvents 1.0, structured mode): checking incoming ones, answering and announcing.

A RequestCreatedEvent is answered asynchronously with a RequestFulfilledEvent (the matching footprints) or
a RequestRejectedEvent (NotFound), posted to the grant's events URL or, when the grant has none, to the
event's `source` if that is an http(s) URL. A PublishedEvent announces footprints a customer has not been
told about yet (a new certificate of a shared product) to the grant's events URL.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from pact_api.filters import Criteria, FilterError, criteria_of_event, matches, parse_time

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


def post_event(url: str, body: Mapping[str, Any], *, timeout: float = 10.0) -> str:
    """POST one event; the outcome as text ('sent' or why not)."""
    import httpx

    try:
        response = httpx.post(
            url, json=dict(body), timeout=timeout, headers={"content-type": "application/cloudevents+json"}
        )
    except httpx.HTTPError as exc:
        return f"failed: {exc.__class__.__name__}: {exc}"
    return "sent" if response.status_code < 300 else f"failed: HTTP {response.status_code}"


def answer_request(
    engine: Engine, grant_id: int, incoming: Mapping[str, Any], target: str, source: str
) -> None:
    """Send the fulfilled or rejected event for a request (run in a background thread)."""
    from workflow.sharing import log_event, served_footprints
    from workflow.sharing_tables import SharingGrant

    with Session(engine) as session:
        grant = session.get(SharingGrant, grant_id)
        if grant is None:
            return
        wanted: Criteria = criteria_of_event(incoming["data"])
        pfs = [d for d in served_footprints(session, grant) if matches(d, wanted)]
        request_id = str(incoming["id"])
        if pfs:
            body = event(REQUEST_FULFILLED, source, {"requestEventId": request_id, "pfs": pfs})
        else:
            body = event(
                REQUEST_REJECTED,
                source,
                {
                    "requestEventId": request_id,
                    "error": {
                        "code": "NotFound",
                        "message": "no footprint shared with you matches the request",
                    },
                },
            )
        outcome = post_event(target, body)
        log_event(
            session,
            grant=grant,
            direction="out",
            event=body,
            target=target,
            pf_ids=[d["id"] for d in pfs],
            outcome=outcome,
        )


def announce(engine: Engine, source: str, send: Callable[[str, Mapping[str, Any]], str] = post_event) -> int:
    """Send a PublishedEvent to every active grant with an events URL that has unannounced footprints."""
    from workflow.sharing import grant_state, log_event, unannounced
    from workflow.sharing_tables import SharingGrant

    sent = 0
    with Session(engine) as session:
        for grant in session.exec(select(SharingGrant).where(SharingGrant.events_url != "")).all():
            if grant_state(grant) != "active":
                continue
            ids = unannounced(session, grant)
            if not ids:
                continue
            body = event(PUBLISHED, source, {"pfIds": ids})
            outcome = send(grant.events_url, body)
            log_event(
                session,
                grant=grant,
                direction="out",
                event=body,
                target=grant.events_url,
                pf_ids=ids,
                outcome=outcome,
            )
            sent += outcome == "sent"
    return sent


class Announcer:
    """A daemon thread that runs `announce` every `interval` seconds until stopped."""

    def __init__(self, engine: Engine, source: str, interval: float) -> None:
        self.engine, self.source, self.interval = engine, source, interval
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
                announce(self.engine, self.source)
            except Exception:  # keep announcing; the failure is logged, the next round retries
                log.exception("announcing published footprints failed")
