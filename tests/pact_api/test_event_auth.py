"""Events between two real PACT hosts are authenticated at the recipient's host (`/3/events` BearerAuth).

Host A (the supplier: the conformance world, served by `pcf serve-pact` in a subprocess) shares cell-b
with customer B. Host B (the customer: its own SQLite database, served by uvicorn in a thread) issued
client credentials to A (a sharing grant on B whose client is A). A's grant for B carries them. B's client
at A posts a RequestCreatedEvent; A answers at B's /3/events with a token from B's /auth/token:

==========================  ============================  ==============================================
A's event credentials        B                             expected
==========================  ============================  ==============================================
right                        listening                     fulfilled event received by B, sent at once
right, B's token expired     listening                     401 TokenExpired, new token, sent at attempt 2
wrong secret                 listening                     B's token endpoint refuses; A gives up, logs it
right                        not listening, then started   connection refused, retried, then sent
none                         listening                     unauthenticated: B refuses (400), A logs it
==========================  ============================  ==============================================
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

import workflow as wf
from factors.db import make_engine
from pact_api import create_app
from pact_api import events as ev
from pact_api.outbox import RetryPolicy, TokenCache
from tests.pact_api.conftest import ServerThread, World, serve_subprocess, token_of
from tests.workflow.conftest import make_people
from workflow.sharing import create_grant
from workflow.sharing_events import EventCredentials, event_credentials, set_event_credentials
from workflow.sharing_tables import PactEvent, PactEventAuth, PactToken, SharingGrant
from workflow.tables import AuditLog

A_AT_B, A_SECRET_AT_B = "supplier-a", "supplier-a-secret-at-b"  # what B issued to A
CELL_B = "urn:pact:pcf-platform.org:product-id:cell-b"


@dataclass
class HostB:
    """The customer's host: its database, its server, and the grant that holds A's credentials."""

    engine: Engine
    server: ServerThread
    grant_id: int

    @property
    def events(self) -> str:
        return f"{self.server.url}/3/events"

    @property
    def token(self) -> str:
        return f"{self.server.url}/auth/token"


@pytest.fixture(scope="module")
def host_a(world: World) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    proc, base = serve_subprocess(world.url)
    yield base, proc
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def host_b(_bundled_sqlite: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostB]:
    path = tmp_path_factory.mktemp("customer") / "customer.db"
    shutil.copyfile(_bundled_sqlite, path)
    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as s:
        people = make_people(s)
        pack = wf.create_product(people.ent_a, s, code="pack-b", name_zh="电池包", category="battery.cell").id
        grant, _ = create_grant(
            people.ent_a,
            s,
            customer_name="正极材料供应商 A",
            product_ids=[pack],  # B's grants always share a product; nothing of it is certified
            client_id=A_AT_B,
            client_secret=A_SECRET_AT_B,
        )
    with ServerThread(create_app(engine, announce_seconds=0)) as server:
        yield HostB(engine, server, grant.id)
    engine.dispose()


def grant_at_a(world: World, events_url: str, credentials: EventCredentials | None) -> tuple[str, str]:
    """A new grant of A for B (cell-b) with `credentials`; B's client id and secret at A."""
    client, secret = f"customer-b-{uuid.uuid4().hex[:8]}", "customer-b-secret-at-a"
    with Session(world.engine) as s:
        create_grant(
            world.people.ent_a,
            s,
            customer_name="整车客户 B",
            product_ids=[world.products["cell-b"]],
            client_id=client,
            client_secret=secret,
            events_url=events_url,
            event_credentials=credentials,
        )
    return client, secret


def request(a: str, client: str, secret: str, source: str) -> str:
    """B's client asks A for cell-b's footprint; the event's id."""
    body = {
        "type": ev.REQUEST_CREATED,
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": source,
        "time": "2025-03-05T17:31:00Z",
        "data": {"productId": [CELL_B]},
    }
    r = httpx.post(
        f"{a}/3/events",
        json=body,
        headers={"authorization": f"Bearer {token_of(a, client, secret)}"},
    )
    assert (r.status_code, r.content) == (200, b"")
    return str(body["id"])


def outcomes(world: World, target: str, final: str, n: int = 1, timeout: float = 45) -> list[str]:
    """A's logged outcomes of its answers to `target`, once `n` of them end with `final` ('sent' …)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with Session(world.engine) as s:
            rows = s.exec(
                select(PactEvent.outcome)
                .where(PactEvent.direction == "out", PactEvent.target == target)
                .order_by(col(PactEvent.id))
            ).all()
        if sum(o.startswith(final) and "retrying" not in o for o in rows) >= n:
            return list(rows)
        time.sleep(0.2)
    raise AssertionError(f"A logged no final {final!r} outcome for {target} within {timeout} s: {rows}")


def received(b: HostB, kind: str) -> list[PactEvent]:
    """Events of `kind` that B accepted from A's client."""
    with Session(b.engine) as s:
        return list(
            s.exec(
                select(PactEvent).where(
                    PactEvent.grant_id == b.grant_id,
                    PactEvent.direction == "in",
                    col(PactEvent.event_type).endswith(kind),
                )
            ).all()
        )


def b_actions(b: HostB) -> list[str]:
    with Session(b.engine) as s:
        return list(s.exec(select(AuditLog.action).where(AuditLog.actor == f"pact-client:{A_AT_B}")).all())


def test_answer_carries_a_bearer_token_b_accepts(
    world: World, host_a: tuple[str, Any], host_b: HostB, tmp_path: Path
) -> None:
    a, _ = host_a
    client, secret = grant_at_a(world, host_b.events, EventCredentials(host_b.token, A_AT_B, A_SECRET_AT_B))
    before = len(received(host_b, "RequestFulfilledEvent.3"))
    first = request(a, client, secret, host_b.events)
    assert outcomes(world, host_b.events, "sent") == ["sent (bearer token, attempt 1 of 5)"]
    fulfilled = received(host_b, "RequestFulfilledEvent.3")
    assert len(fulfilled) == before + 1
    with Session(world.engine) as s:
        sent = s.exec(
            select(PactEvent).where(PactEvent.direction == "out", PactEvent.target == host_b.events)
        ).one()
    assert fulfilled[-1].event_id == sent.event_id  # B logged the very event A sent
    assert {"pact.token", "pact.event"} <= set(b_actions(host_b))  # A got a token at B and used it

    # B's tokens expire (in B's own store): A's cached token gets 401, A fetches a new one at once
    with Session(host_b.engine) as s:
        s.execute(update(PactToken).values(expires_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)))
        s.commit()
    tokens_before = b_actions(host_b).count("pact.token")
    request(a, client, secret, host_b.events)
    logged = outcomes(world, host_b.events, "sent", n=2)
    assert logged[1].startswith("failed (bearer token, attempt 1 of 5): HTTP 401 TokenExpired")
    assert logged[1].endswith("retrying now with a new token")
    assert logged[2] == "sent (bearer token, attempt 2 of 5)"
    assert b_actions(host_b).count("pact.token") == tokens_before + 1
    assert len(received(host_b, "RequestFulfilledEvent.3")) == before + 2
    assert first  # the two answers are to two requests

    # the secret B issued never leaves A's store: not in A's event log, not in A's audit log
    with Session(world.engine) as s:
        texts = [*s.exec(select(PactEvent.outcome)).all(), *s.exec(select(AuditLog.detail)).all()]
    assert not [t for t in texts if A_SECRET_AT_B in t]


def test_wrong_credentials_are_refused_and_logged(
    world: World, host_a: tuple[str, Any], host_b: HostB
) -> None:
    a, _ = host_a
    events = f"{host_b.events}?wrong"  # a target of its own, so the outcomes below are this test's only
    client, secret = grant_at_a(
        world, events, EventCredentials(host_b.token, A_AT_B, "not-the-secret-b-gave")
    )
    before = len(received(host_b, "Event.3"))
    failed_at_b = b_actions(host_b).count("pact.auth_failed")
    request(a, client, secret, events)
    logged = outcomes(world, events, "failed")
    assert len(logged) == 1 and logged[0].startswith("failed (bearer token, attempt 1 of 5): ")
    assert "refused the client credentials (HTTP 401)" in logged[0] and logged[0].endswith("giving up")
    assert "not-the-secret-b-gave" not in logged[0]
    assert b_actions(host_b).count("pact.auth_failed") == failed_at_b + 1  # B refused A's client
    assert len(received(host_b, "Event.3")) == before


def test_an_unreachable_host_is_retried_until_it_listens(
    world: World, host_a: tuple[str, Any], host_b: HostB
) -> None:
    a, _ = host_a
    late = ServerThread(create_app(host_b.engine, announce_seconds=0))  # B's second server, not started
    events, token_url = f"{late.url}/3/events", f"{late.url}/auth/token"
    client, secret = grant_at_a(world, events, EventCredentials(token_url, A_AT_B, A_SECRET_AT_B))
    before = len(received(host_b, "RequestFulfilledEvent.3"))
    request(a, client, secret, events)
    deadline = time.monotonic() + 30
    while not outcomes_so_far(world, events):
        assert time.monotonic() < deadline, "A logged no attempt within 30 s"
        time.sleep(0.1)
    with late:
        logged = outcomes(world, events, "sent")
    assert logged[0].startswith("failed (bearer token, attempt 1 of 5): ")
    assert "cannot reach the token endpoint (ConnectError" in logged[0] and "retrying in 1 s" in logged[0]
    assert logged[-1].startswith("sent (bearer token, attempt ") and len(logged) >= 2
    assert len(received(host_b, "RequestFulfilledEvent.3")) == before + 1


def outcomes_so_far(world: World, target: str) -> list[str]:
    with Session(world.engine) as s:
        return list(
            s.exec(
                select(PactEvent.outcome).where(PactEvent.direction == "out", PactEvent.target == target)
            ).all()
        )


def test_without_credentials_the_answer_is_unauthenticated(
    world: World, host_a: tuple[str, Any], host_b: HostB
) -> None:
    a, _ = host_a
    events = f"{host_b.events}?no-credentials"
    client, secret = grant_at_a(world, events, None)
    request(a, client, secret, events)
    logged = outcomes(world, events, "failed")
    assert logged == [
        "failed (unauthenticated, attempt 1 of 5): HTTP 400 BadRequest: a bearer access token is required "
        "(POST /auth/token first); giving up"
    ]


def test_published_event_is_authenticated_too(world: World, host_b: HostB) -> None:
    events = f"{host_b.events}?published"
    grant_at_a(world, events, EventCredentials(host_b.token, A_AT_B, A_SECRET_AT_B))
    # one attempt each: the module's other grants point at hosts that are gone or refuse A
    assert ev.announce(world.engine, "//a/3/events", tokens=TokenCache(), policy=RetryPolicy(attempts=1)) >= 1
    assert outcomes(world, events, "sent") == ["sent (bearer token, attempt 1 of 1)"]
    with Session(world.engine) as s:
        sent = s.exec(select(PactEvent.event_id).where(PactEvent.target == events)).one()
    assert sent in {e.event_id for e in received(host_b, "PublishedEvent.3")}  # B accepted A's token


class TestStoredCredentials:
    def test_set_keep_and_remove(self, world: World, host_b: HostB) -> None:
        client, _ = grant_at_a(world, "", None)
        with Session(world.engine) as s:
            grant = s.exec(select(SharingGrant).where(SharingGrant.client_id == client)).one()
            set_event_credentials(
                world.people.ent_a,
                s,
                grant_id=grant.id,
                events_url=host_b.events,
                token_url=host_b.token,
                client_id=A_AT_B,
                client_secret=A_SECRET_AT_B,
            )
            set_event_credentials(  # the URL edited, the secret left blank: kept
                world.people.ent_a,
                s,
                grant_id=grant.id,
                events_url=host_b.events + "/",
                token_url=host_b.token,
                client_id=A_AT_B,
            )
            assert event_credentials(s, grant) == EventCredentials(host_b.token, A_AT_B, A_SECRET_AT_B)
            audit = s.exec(
                select(AuditLog.detail)
                .where(AuditLog.action == "sharing.event_credentials")
                .order_by(col(AuditLog.seq))
            ).all()
            assert ['"secret": "set"' in audit[-2], '"secret": "kept"' in audit[-1]] == [True, True]
            assert not [d for d in audit if A_SECRET_AT_B in d]
            set_event_credentials(world.people.ent_a, s, grant_id=grant.id, events_url=host_b.events)
            assert event_credentials(s, grant) is None and s.get(PactEventAuth, grant.id) is None

    @pytest.mark.parametrize(
        ("events_url", "token_url", "client_id", "secret", "why"),
        [
            ("", "http://b/auth/token", "a", "s", "need the customer's events URL"),
            ("http://b/3/events", "ftp://b/token", "a", "s", "token URL .ftp://b/token.: expected the http"),
            ("http://b/3/events", "http://b/auth/token", "", "s", "client id"),
            ("http://b/3/events", "http://b/auth/token", "a", "", "client secret"),
            ("b/3/events", "", "", "", "events URL 'b/3/events'"),
        ],
    )
    def test_refusals(
        self, world: World, events_url: str, token_url: str, client_id: str, secret: str, why: str
    ) -> None:
        client, _ = grant_at_a(world, "", None)
        with Session(world.engine) as s:
            grant = s.exec(select(SharingGrant).where(SharingGrant.client_id == client)).one()
            with pytest.raises(wf.InvalidInput, match=why):
                set_event_credentials(
                    world.people.ent_a,
                    s,
                    grant_id=grant.id,
                    events_url=events_url,
                    token_url=token_url,
                    client_id=client_id,
                    client_secret=secret,
                )
