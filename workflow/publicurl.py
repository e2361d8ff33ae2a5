"""The public address of the platform (`PCF_PUBLIC_URL`), the verification link of a certificate, and the
certified record that labels and reports take their names from.

A label's QR code must open the public verification page at an address anyone can reach: printing one with
a localhost address is refused outside demo mode (``PCF_DEMO=1``).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from sqlmodel import Session

from workflow.access import Actor, fetch
from workflow.errors import PreconditionFailed
from workflow.tables import ModelVersion, Organisation, Product, User
from workflow.vocab import CertificateStatus

ENV_PUBLIC_URL = "PCF_PUBLIC_URL"
ENV_DEMO = "PCF_DEMO"
DEFAULT_PUBLIC_URL = "http://localhost:8501"
_LOCAL_HOSTS = ("localhost", "::1", "0.0.0.0")


def public_base_url() -> str:
    """`PCF_PUBLIC_URL` (default ``http://localhost:8501``), without a trailing slash."""
    return (os.environ.get(ENV_PUBLIC_URL, "").strip() or DEFAULT_PUBLIC_URL).rstrip("/")


def demo_mode() -> bool:
    """True when ``PCF_DEMO=1`` (a demo installation may print labels with a local address)."""
    return os.environ.get(ENV_DEMO, "").strip().lower() in ("1", "true", "yes")


def verify_url(number: str, *, base_url: str | None = None) -> str:
    """The public verification page of certificate `number`: ``<base>/verify?number=<number>``."""
    base = (base_url or public_base_url()).rstrip("/")
    return f"{base}/verify?number={quote(number.strip().upper())}"


def is_local(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return not host or host in _LOCAL_HOSTS or host.startswith("127.") or host.endswith(".localhost")


def check_label_url(url: str, *, demo: bool | None = None) -> None:
    """Refuse (code ``public_url_local``) a label link that only this machine can open, outside demo mode."""
    if is_local(url) and not (demo_mode() if demo is None else demo):
        raise PreconditionFailed(
            f"the label would link to {url}, which only this computer can open; set {ENV_PUBLIC_URL} "
            "to the platform's public address (or PCF_DEMO=1 for a demo)",
            code="public_url_local",
            params={"url": url},
        )


@dataclass(frozen=True)
class CertifiedRecord:
    """What a certificate certified, from the store (never from the editable model): for labels and reports."""

    number: str
    status: CertificateStatus
    status_reason: str
    product_code: str
    product_name_zh: str
    product_name_en: str
    product_category: str
    producer_zh: str
    producer_en: str
    producer_identifier: str | None
    site: str
    issuing_body_zh: str
    issuing_body_en: str
    issued_on: dt.date
    expires_on: dt.date
    total: float
    unit: str
    functional_unit: str
    gwp: str
    factor_release: str
    model_hash: str
    rule_id: str
    rule_version: str
    reviewer: str
    model_version_id: int
    verify_url: str


def certified_record(actor: Actor, session: Session, *, number: str) -> CertifiedRecord:
    """The certified record of certificate `number` (its holder, its issuing body, platform admins)."""
    from workflow.certificate_numbers import _by_number

    cert = _by_number(session, actor, number)
    holder = fetch(session, Organisation, cert.holder_org_id)
    body = fetch(session, Organisation, cert.issuing_body_id)
    product = fetch(session, Product, cert.product_id)
    reviewer = session.get(User, cert.reviewed_by_id) if cert.reviewed_by_id else None
    version = fetch(session, ModelVersion, cert.model_version_id)  # frozen: the certified model
    return CertifiedRecord(
        number=cert.number,
        status=CertificateStatus(cert.status),
        status_reason=cert.status_reason,
        product_code=product.code,
        product_name_zh=product.name_zh,
        product_name_en=product.name_en,
        product_category=product.category,
        producer_zh=holder.name_zh,
        producer_en=holder.name_en,
        producer_identifier=holder.identifier,
        site=_site(version.yaml_text) or holder.region,
        issuing_body_zh=body.name_zh,
        issuing_body_en=body.name_en,
        issued_on=cert.issued_on,
        expires_on=cert.expires_on,
        total=cert.total,
        unit=cert.unit,
        functional_unit=cert.functional_unit,
        gwp=cert.gwp,
        factor_release=cert.factor_release,
        model_hash=cert.model_hash,
        rule_id=cert.rule_id,
        rule_version=cert.rule_version,
        reviewer=(reviewer.display_name or reviewer.username) if reviewer else "",
        model_version_id=cert.model_version_id,
        verify_url=verify_url(cert.number),
    )


def _site(yaml_text: str) -> str:
    """The plant of the certified model (``product.plant``: name and location), if it states one."""
    import yaml

    head = (yaml.safe_load(yaml_text) or {}).get("product", {})
    plant = head.get("plant") if isinstance(head, dict) else None
    if not isinstance(plant, dict):
        return ""
    name = plant.get("name", "")
    name = name.get("zh") or name.get("en", "") if isinstance(name, dict) else str(name)
    return " · ".join(x for x in (name, str(plant.get("location", ""))) if x)
