"""The credentials a customer's host issued to an enterprise for sending it PACT events, kept per grant.

PACT v3 requires the sender of an event to authenticate at the recipient's host (`/3/events` has
``security: BearerAuth``): the customer issues client credentials to its supplier, the supplier's host
gets a token from the customer's token endpoint and posts the event with ``Authorization: Bearer …``.
This module stores those credentials (`PactEventAuth`, one row per grant) and hands them to the sender
(`pact_api.outbox`). The secret is never shown again after entry, never logged and never audited; it is
stored encrypted (``fernet:``, `workflow.secret_box`, under a key derived from the platform's secret). Rows
of the earlier clear-text format (``plain:``) are still read and are sealed when rewritten or by
`reseal_event_secrets` (run by ``pcf db init``). A secret the current key cannot decrypt (PCF_SECRET_KEY
changed) is refused with `SecretUnreadable` naming the grant: the credentials have to be entered again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from workflow.access import Actor, Verb, load, row_id
from workflow.audit import record, row_hash, unit_of_work
from workflow.errors import InvalidInput, SecretUnreadable
from workflow.secret_box import PLAIN, SealedUnreadable, SecretBox, is_plain
from workflow.sharing_tables import PactEventAuth, SharingGrant
from workflow.tables import utcnow

_URL = re.compile(r"^https?://\S+$")
LABEL = b"pcf event secrets v1"  # the HKDF label of the event secrets' key (a new label: a new key)


@dataclass(frozen=True)
class EventCredentials:
    """A customer host's token endpoint and the client id and secret it issued for sending events."""

    token_url: str
    client_id: str
    client_secret: str = field(repr=False)

    def __post_init__(self) -> None:
        if not _URL.match(self.token_url):
            raise InvalidInput(
                f"token URL {self.token_url!r}: expected the http(s) URL of the customer host's token "
                "endpoint, e.g. https://pact.customer.example/auth/token",
                code="pact_event_token_url",
                params={"url": self.token_url},
            )
        if not self.client_id.strip() or len(self.client_id) > 200:
            raise InvalidInput(
                "the client id the customer's host issued to you is required (at most 200 characters)",
                code="pact_event_client_id",
            )
        if not self.client_secret:
            raise InvalidInput(
                "the client secret the customer's host issued to you is required",
                code="pact_event_secret",
            )


def credentials_from(token_url: str, client_id: str, client_secret: str) -> EventCredentials | None:
    """Credentials as typed into a form: None when neither a token URL nor a client id was given."""
    if not token_url.strip() and not client_id.strip():
        return None
    return EventCredentials(token_url.strip(), client_id.strip(), client_secret)


def check_events_url(events_url: str, credentials: EventCredentials | None) -> None:
    """Refuse credentials without an events URL: a token is only ever sent to the grant's own URL."""
    if events_url and not _URL.match(events_url):
        raise InvalidInput(
            f"events URL {events_url!r}: expected an http(s) URL of the customer's /3/events",
            code="pact_event_url",
            params={"url": events_url},
        )
    if credentials is not None and not events_url:
        raise InvalidInput(
            "event credentials need the customer's events URL (its /3/events): the bearer token is sent "
            "there only",
            code="pact_event_needs_url",
        )


def event_box(session: Session) -> SecretBox:
    """The box that seals event secrets (get it before a unit of work: the first use may commit a secret)."""
    return SecretBox.of(session, LABEL)


def stored(credentials: EventCredentials, grant_id: int, box: SecretBox) -> PactEventAuth:
    """The row that keeps `credentials` for a grant, the secret sealed by `box`."""
    return PactEventAuth(
        grant_id=grant_id,
        token_url=credentials.token_url.strip(),
        client_id=credentials.client_id.strip(),
        secret=box.seal(credentials.client_secret),
    )


def _secret(session: Session, row: PactEventAuth) -> str:
    """The clear secret of a stored row; `SecretUnreadable` naming the grant when the key cannot open it."""
    if is_plain(row.secret):
        return row.secret[len(PLAIN) :]
    try:
        return event_box(session).unseal(row.secret)
    except SealedUnreadable as exc:
        raise SecretUnreadable(
            f"sharing grant {row.grant_id}: the stored event secret (client id {row.client_id!r}) is {exc}; "
            "enter the event credentials the customer's host issued again (sharing page or "
            f"`pcf pact events {row.grant_id}`)",
            code="pact_event_secret_unreadable",
            params={"grant": row.grant_id, "client_id": row.client_id},
        ) from None


def event_credentials(session: Session, grant: SharingGrant) -> EventCredentials | None:
    """The credentials for sending events to the grant's customer (None: send unauthenticated)."""
    row = session.get(PactEventAuth, grant.id)
    if row is None:
        return None
    return EventCredentials(row.token_url, row.client_id, _secret(session, row))


def reseal_event_secrets(session: Session) -> int:
    """Encrypt every event secret still stored in clear text (``plain:``); returns how many were sealed."""
    rows = session.exec(select(PactEventAuth).where(col(PactEventAuth.secret).startswith(PLAIN))).all()
    if not rows:
        return 0
    box = event_box(session)
    for row in rows:
        row.secret = box.seal(row.secret[len(PLAIN) :])
        session.add(row)
    session.commit()
    return len(rows)


def set_event_credentials(
    actor: Actor,
    session: Session,
    *,
    grant_id: int,
    events_url: str,
    token_url: str = "",
    client_id: str = "",
    client_secret: str = "",
) -> EventCredentials | None:
    """Set (or, with an empty token URL and client id, remove) a grant's events URL and credentials.

    An empty `client_secret` keeps the stored one when the client id is unchanged, so the URLs can be
    edited without typing the secret again. The change is audited without the secret.
    """
    grant = load(actor, session, SharingGrant, grant_id, Verb.EDIT)
    old = session.get(PactEventAuth, grant.id)
    box = event_box(session)
    credentials = None
    if token_url.strip() or client_id.strip():
        if not client_secret and old is not None and old.client_id == client_id.strip():
            client_secret = _secret(session, old)  # unreadable (key changed): refused, to be entered again
        credentials = EventCredentials(token_url.strip(), client_id.strip(), client_secret)
    events_url = events_url.strip()
    check_events_url(events_url, credentials)
    if credentials is None:
        secret_change = "removed" if old is not None else "none"
    else:
        secret_change = "kept" if old is not None and _same_secret(session, old, client_secret) else "set"
    with unit_of_work(session):
        before = row_hash(grant)
        grant.events_url = events_url
        session.add(grant)
        if old is not None:
            session.delete(old)
            session.flush()
        if credentials is not None:
            row = stored(credentials, row_id(grant), box)  # a clear-text row is sealed here
            row.updated_at = utcnow()
            session.add(row)
        record(
            session,
            actor,
            "sharing.event_credentials",
            grant,
            before=before,
            detail={
                "events_url": events_url,
                "token_url": credentials.token_url if credentials else "",
                "client_id": credentials.client_id if credentials else "",
                "secret": secret_change,
            },
        )
    return credentials


def _same_secret(session: Session, old: PactEventAuth, secret: str) -> bool:
    """Whether `secret` is the one stored (an unreadable stored secret is being replaced: not the same)."""
    try:
        return _secret(session, old) == secret
    except SecretUnreadable:
        return False
