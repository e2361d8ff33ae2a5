"""Sharing certified footprints with customers over the PACT API: grants, client credentials, tokens, data.

An enterprise creates a `SharingGrant` for one customer organisation and chooses which of its products it
shares; the customer gets a client id and secret (shown once, stored as an argon2id hash). The PACT host
(`pact_api`) exchanges them for short-lived bearer tokens and serves, per grant, the ProductFootprint of
every valid certificate of the shared products: the latest one `Active`, earlier ones `Deprecated`. A
revoked or expired grant gets no token and no data. Every access is written to the audit log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
import uuid
from typing import Any

from sqlmodel import Session, col, select

from workflow.access import Actor, Scope, Verb, kind_name, load, register_scope, require_role, row_id
from workflow.audit import record, row_hash, unit_of_work
from workflow.errors import AccessDenied, AuthenticationFailed, InvalidInput, WorkflowError
from workflow.sharing_events import EventCredentials
from workflow.sharing_tables import (
    GrantStatus,
    PactEvent,
    PactFootprint,
    PactToken,
    SharingGrant,
    SharingGrantRead,
    SharingItem,
)
from workflow.tables import Certificate, ModelVersion, Organisation, Product, utcnow
from workflow.vocab import CertificateStatus, Role

TOKEN_TTL_SECONDS = 3600
PF_NAMESPACE = uuid.UUID("3c8f6a52-0d7b-5e41-9a6e-2b5d1c7f4e90")  # uuid5 namespace of certificate footprints
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_.\-]{3,80}$")
MIN_SECRET_LENGTH = 12


class TokenInvalid(WorkflowError):
    """A bearer token the host never issued (or garbled)."""


class TokenExpired(WorkflowError):
    """A bearer token past its expiry: ask the token endpoint for a new one."""


class GrantInactive(AccessDenied):
    """The grant behind valid credentials or a token is revoked or past its last day."""


def client_actor(grant: SharingGrant) -> Actor:
    """How the audit log names a customer's client (it has no user account)."""
    return Actor(None, f"pact-client:{grant.client_id}"[:64], None, None, Role.SYSTEM)


# --- grants (the enterprise) ------------------------------------------------------------------------------
def create_grant(
    actor: Actor,
    session: Session,
    *,
    customer_name: str,
    product_ids: list[int],
    customer_identifier: str = "",
    client_id: str | None = None,
    client_secret: str | None = None,
    expires_on: dt.date | None = None,
    events_url: str = "",
    event_credentials: EventCredentials | None = None,
) -> tuple[SharingGrantRead, str]:
    """A grant of the actor's enterprise for one customer; returns it and the client secret (shown once).

    `event_credentials` are those the customer's host issued for the events sent to `events_url`."""
    from workflow.accounts import hasher
    from workflow.sharing_events import check_events_url, event_box, stored

    require_role(actor, session, Role.ENTERPRISE, "share footprints")
    if not customer_name.strip():
        raise InvalidInput("a sharing grant needs the customer's name")
    if not product_ids:
        raise InvalidInput("choose at least one product to share")
    products = [load(actor, session, Product, pid, Verb.EDIT) for pid in dict.fromkeys(product_ids)]
    client_id = (client_id or f"pact-{secrets.token_hex(6)}").strip()
    if not _CLIENT_ID.match(client_id):
        raise InvalidInput(f"client id {client_id!r}: 3-80 letters, digits, '_', '-' or '.'")
    if session.exec(select(SharingGrant).where(SharingGrant.client_id == client_id)).first() is not None:
        raise InvalidInput(f"client id {client_id!r} is taken; choose another", code="client_id_taken")
    secret = client_secret or secrets.token_urlsafe(24)
    if len(secret) < MIN_SECRET_LENGTH:
        raise InvalidInput(
            f"a client secret needs at least {MIN_SECRET_LENGTH} characters, got {len(secret)}"
        )
    check_events_url(events_url.strip(), event_credentials)
    for product in products:  # a certified product that cannot become a PACT footprint is refused now
        for cert in _valid_certificates(session, row_id(product), dt.date.today()):
            certificate_footprint(session, cert)
    box = event_box(session) if event_credentials is not None else None  # before the unit of work: may commit
    with unit_of_work(session):
        grant = SharingGrant(
            owner_org_id=actor.oid,
            customer_name=customer_name.strip(),
            customer_identifier=customer_identifier.strip(),
            client_id=client_id,
            events_url=events_url.strip(),
            expires_on=expires_on,
            secret_hash=hasher().hash(secret),
            created_by_id=actor.uid,
        )
        session.add(grant)
        session.flush()
        for product in products:
            session.add(SharingItem(grant_id=row_id(grant), product_id=row_id(product)))
        if event_credentials is not None and box is not None:
            session.add(stored(event_credentials, row_id(grant), box))
        record(
            session,
            actor,
            "sharing.grant",
            grant,
            before=None,
            detail={
                "customer": grant.customer_name,
                "products": [p.code for p in products],
                "event_client_id": event_credentials.client_id if event_credentials else "",
            },
        )
    return _read(session, grant), secret


def revoke_grant(actor: Actor, session: Session, *, grant_id: int, reason: str) -> SharingGrantRead:
    """End a grant at once: its tokens stop working, its credentials get no new token."""
    grant = load(actor, session, SharingGrant, grant_id, Verb.EDIT)
    if not reason.strip():
        raise InvalidInput("to revoke a sharing grant, give the reason")
    if grant.status == GrantStatus.REVOKED:
        raise InvalidInput(f"sharing grant {grant_id} is already revoked")
    with unit_of_work(session):
        before = row_hash(grant)
        grant.status, grant.status_reason, grant.revoked_at = GrantStatus.REVOKED, reason.strip(), utcnow()
        session.add(grant)
        record(session, actor, "sharing.revoke", grant, before=before, detail={"reason": reason.strip()})
    return _read(session, grant)


def list_grants(actor: Actor, session: Session) -> list[SharingGrantRead]:
    """The grants of the actor's enterprise (admins: all), newest first."""
    from workflow.access import check_actor

    check_actor(actor, session)
    query = select(SharingGrant).order_by(col(SharingGrant.id).desc())
    if actor.role is not Role.ADMIN:
        query = query.where(SharingGrant.owner_org_id == actor.org_id)
    return [_read(session, g) for g in session.exec(query).all()]


def _read(session: Session, grant: SharingGrant) -> SharingGrantRead:
    items = session.exec(select(SharingItem.product_id).where(SharingItem.grant_id == grant.id)).all()
    return SharingGrantRead.model_validate({**grant.model_dump(), "product_ids": tuple(sorted(items))})


def grant_state(grant: SharingGrant, today: dt.date | None = None) -> str:
    """``active``, ``revoked`` or ``expired`` (past `expires_on`)."""
    if grant.status == GrantStatus.REVOKED:
        return GrantStatus.REVOKED
    if grant.expires_on is not None and (today or dt.date.today()) > grant.expires_on:
        return "expired"
    return GrantStatus.ACTIVE


# --- client credentials and tokens (the PACT host) ----------------------------------------------------------
def authenticate_client(session: Session, client_id: str, client_secret: str) -> SharingGrant:
    """The grant of valid credentials; `AuthenticationFailed` (one error for unknown and wrong), or
    `GrantInactive` for a revoked or expired grant."""
    from argon2.exceptions import InvalidHashError, VerificationError

    from workflow.accounts import _dummy_hash, hasher

    grant = session.exec(select(SharingGrant).where(SharingGrant.client_id == client_id)).first()
    try:
        hasher().verify(grant.secret_hash if grant is not None else _dummy_hash(), client_secret)
        ok = grant is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or grant is None:
        if grant is not None:
            audit_access(session, grant, "pact.auth_failed", {"reason": "wrong client secret"})
        raise AuthenticationFailed()
    _check_active(session, grant, "pact.token_refused")
    return grant


def issue_token(session: Session, grant: SharingGrant, *, ttl_seconds: int = TOKEN_TTL_SECONDS) -> str:
    """A new bearer token of `grant`, valid `ttl_seconds` (stored hashed); the issue is audited."""
    token = secrets.token_urlsafe(32)
    expires = utcnow() + dt.timedelta(seconds=ttl_seconds)
    session.add(PactToken(token_hash=_sha(token), grant_id=row_id(grant), expires_at=expires))
    audit_access(session, grant, "pact.token", {"expires_at": expires.isoformat()})
    return token


def grant_of_token(session: Session, token: str) -> SharingGrant:
    """The grant behind a bearer token: `TokenInvalid`, `TokenExpired` or `GrantInactive` otherwise."""
    row = session.get(PactToken, _sha(token)) if token else None
    if row is None:
        raise TokenInvalid("invalid access token")
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=dt.UTC)
    if expires <= utcnow():
        raise TokenExpired(f"the access token expired at {expires:%Y-%m-%dT%H:%M:%SZ}; request a new one")
    grant = session.get(SharingGrant, row.grant_id)
    if grant is None:
        raise TokenInvalid("invalid access token")
    _check_active(session, grant, "pact.access_refused")
    return grant


def _check_active(session: Session, grant: SharingGrant, action: str) -> None:
    state = grant_state(grant)
    if state != GrantStatus.ACTIVE:
        audit_access(session, grant, action, {"grant": state})
        why = (
            f"revoked on {grant.revoked_at:%Y-%m-%d}"
            if state == GrantStatus.REVOKED and grant.revoked_at
            else f"expired after {grant.expires_on}"
        )
        raise GrantInactive(
            f"client {grant.client_id!r}", "read footprints", "", f"the sharing grant was {why}"
        )


def audit_access(session: Session, grant: SharingGrant, action: str, detail: dict[str, Any]) -> None:
    """One audit row for an access of a grant's client (committed at once: reads are audited too)."""
    record(session, client_actor(grant), action, grant, before=row_hash(grant), detail=detail)
    session.commit()


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --- served footprints ----------------------------------------------------------------------------------
def served_footprints(
    session: Session, grant: SharingGrant, *, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Every footprint the grant's customer may read, oldest first, with its current status."""
    today = today or dt.date.today()
    docs: list[dict[str, Any]] = []
    items = session.exec(select(SharingItem.product_id).where(SharingItem.grant_id == grant.id)).all()
    for product_id in sorted(items):
        certs = _valid_certificates(session, product_id, today)
        for k, cert in enumerate(certs):
            doc = certificate_footprint(session, cert)
            doc["status"] = "Active" if k == len(certs) - 1 else "Deprecated"
            docs.append(doc)
    return docs


def _valid_certificates(session: Session, product_id: int, today: dt.date) -> list[Certificate]:
    rows = session.exec(
        select(Certificate)
        .where(Certificate.product_id == product_id, Certificate.status == CertificateStatus.ACTIVE)
        .order_by(col(Certificate.issued_at), col(Certificate.id))
    ).all()
    return [c for c in rows if c.issued_on <= today <= c.expires_on]


def certificate_pf_id(number: str) -> str:
    """The footprint id of a certificate: stable, one per certificate number."""
    return str(uuid.uuid5(PF_NAMESPACE, f"certificate:{number}"))


def certificate_footprint(session: Session, cert: Certificate) -> dict[str, Any]:
    """The PACT v3 ProductFootprint of a certificate, derived once from its frozen version and stored."""
    row = session.exec(select(PactFootprint).where(PactFootprint.certificate_id == cert.id)).first()
    if row is None:
        doc = _derive(session, cert)
        row = PactFootprint(
            pf_id=doc["id"],
            certificate_id=row_id(cert),
            product_id=cert.product_id,
            doc_json=json.dumps(doc, ensure_ascii=False),
        )
        session.add(row)
        session.commit()
    return dict(json.loads(row.doc_json))


def version_footprint(
    session: Session, version: ModelVersion, holder: Organisation, options: Any = None
) -> dict[str, Any]:
    """The PACT v3 document of a model version at its pinned release (the holder fills a missing
    manufacturer); `InvalidInput` lists what PACT needs and the model lacks."""
    import yaml

    from footprint.exchange.errors import MissingData
    from footprint.exchange.options import ExportOptions
    from footprint.exchange.pact import pact_v3
    from footprint.exchange.study import build_study
    from footprint.model import parse_model
    from footprint.sources import DatabaseFactors

    data = yaml.safe_load(version.yaml_text)
    product = data.setdefault("product", {})
    if not (product.get("manufacturer") or {}).get("name"):  # the certificate holder is the manufacturer
        product["manufacturer"] = {
            "name": holder.name_zh,
            **({"id": holder.identifier} if holder.identifier else {}),
        }
    try:
        model = parse_model(data, file=f"model version {version.number}")
        study = build_study(model, DatabaseFactors(session, version.factor_release))
        return pact_v3(study, options or ExportOptions())
    except MissingData as exc:
        raise InvalidInput(str(exc), code="pact_export") from None


def _derive(session: Session, cert: Certificate) -> dict[str, Any]:
    from footprint.exchange.options import Certification, ExportOptions

    version = session.get(ModelVersion, cert.model_version_id)
    holder = session.get(Organisation, cert.holder_org_id)
    body = session.get(Organisation, cert.issuing_body_id)
    if version is None or holder is None or body is None:
        raise InvalidInput(f"certificate {cert.number}: its model version or organisations are missing")
    earlier = [
        certificate_pf_id(c.number)
        for c in session.exec(
            select(Certificate).where(
                Certificate.product_id == cert.product_id, col(Certificate.issued_at) < cert.issued_at
            )
        ).all()
    ]
    options = ExportOptions(
        created=cert.issued_at,
        certification=Certification(cert.number, body.name_zh, cert.issued_on),
        pf_id=certificate_pf_id(cert.number),
        preceding_pf_ids=tuple(earlier),
    )
    try:
        doc = version_footprint(session, version, holder, options)
    except InvalidInput as exc:
        raise InvalidInput(
            f"certificate {cert.number} cannot be shared as a PACT footprint: {exc}",
            code="pact_export",
            params={"certificate": cert.number},
        ) from None
    doc["validityPeriodStart"] = f"{cert.issued_on.isoformat()}T00:00:00Z"
    doc["validityPeriodEnd"] = f"{(cert.expires_on + dt.timedelta(days=1)).isoformat()}T00:00:00Z"
    return doc


# --- events ----------------------------------------------------------------------------------
def log_event(
    session: Session,
    *,
    grant: SharingGrant | None,
    direction: str,
    event: dict[str, Any],
    target: str = "",
    pf_ids: list[str] | None = None,
    outcome: str = "",
) -> None:
    """Keep an event sent or received (the audit log has the access; this has the content)."""
    session.add(
        PactEvent(
            grant_id=grant.id if grant else None,
            direction=direction,
            event_id=str(event.get("id", ""))[:80],
            event_type=str(event.get("type", ""))[:80],
            target=target,
            pf_ids=json.dumps(pf_ids or []),
            outcome=outcome,
        )
    )
    session.commit()


def unannounced(session: Session, grant: SharingGrant) -> list[str]:
    """Ids of served footprints not yet announced to the grant's events URL by a sent PublishedEvent."""
    sent = session.exec(
        select(PactEvent.pf_ids).where(
            PactEvent.grant_id == grant.id,
            PactEvent.direction == "out",
            col(PactEvent.outcome).like("sent%"),
            col(PactEvent.event_type).like("%PublishedEvent%"),
        )
    ).all()
    done = {pf for text in sent for pf in json.loads(text)}
    return [d["id"] for d in served_footprints(session, grant) if d["id"] not in done]


def _grant_scope(_session: Session, g: SharingGrant) -> Scope:
    return Scope(kind_name(SharingGrant), g.id, g.owner_org_id)


register_scope(SharingGrant, _grant_scope)
