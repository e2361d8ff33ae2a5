"""The standards body's work: product-category-rule (PCR) drafts and factor releases, behind the role check.

PCR drafts follow the `PCR` table (draft → published → retired); a draft is seen only by its own
standards body and platform admins, a published PCR by everyone. Factor imports and publication wrap
`factors.exchange.import_factors` and `factors.releases.publish`: only a standards-body user may call
them through the workflow store. `import_factors` commits on its own, so its audit row follows in a
second transaction right after.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, or_, select

from workflow.access import Actor, act, check_actor, load, require_role
from workflow.audit import record, row_hash, unit_of_work
from workflow.errors import Conflict, InvalidInput
from workflow.pcr_rules import validate_rule_text
from workflow.states import PCR
from workflow.tables import PcrDraft, PcrDraftCreate, PcrDraftRead, utcnow
from workflow.vocab import PcrAction, PcrStatus, Role


def create_pcr_draft(
    actor: Actor,
    session: Session,
    *,
    code: str,
    version: str,
    title_zh: str,
    yaml_text: str,
    title_en: str = "",
) -> PcrDraftRead:
    """A new PCR draft of the actor's standards body; `yaml_text` must be a YAML mapping."""
    require_role(actor, session, Role.STANDARDS, "create a PCR draft")
    data = PcrDraftCreate(
        code=code.strip(),
        version=version.strip(),
        title_zh=title_zh.strip(),
        title_en=title_en,
        yaml_text=yaml_text,
    )
    _check_yaml(data.yaml_text, f"PCR {data.code} {data.version}")
    validate_rule_text(session, data.yaml_text, label=f"PCR {data.code} {data.version}")
    if (
        session.exec(
            select(PcrDraft).where(PcrDraft.code == data.code, PcrDraft.version == data.version)
        ).first()
        is not None
    ):
        raise Conflict(f"PCR {data.code} version {data.version} already exists")
    with unit_of_work(session):
        pcr = PcrDraft(**data.model_dump(), owner_org_id=actor.oid, created_by_id=actor.uid)
        session.add(pcr)
        record(session, actor, "pcr.create", pcr, before=None)
    return PcrDraftRead.model_validate(pcr)


def update_pcr_draft(
    actor: Actor,
    session: Session,
    *,
    pcr_id: int,
    yaml_text: str | None = None,
    title_zh: str | None = None,
    title_en: str | None = None,
) -> PcrDraftRead:
    """Change a PCR draft (its own standards body, drafts only: a published PCR changes by a new version)."""
    pcr = load(actor, session, PcrDraft, pcr_id)
    with unit_of_work(session):
        before = row_hash(pcr)
        act(actor, session, PCR, pcr, PcrAction.EDIT, field="status")
        if yaml_text is not None:
            _check_yaml(yaml_text, f"PCR {pcr.code} {pcr.version}")
            validate_rule_text(session, yaml_text, label=f"PCR {pcr.code} {pcr.version}")
            pcr.yaml_text = yaml_text
        if title_zh is not None:
            pcr.title_zh = title_zh.strip()
        if title_en is not None:
            pcr.title_en = title_en
        session.add(pcr)
        record(session, actor, "pcr.edit", pcr, before=before)
    return PcrDraftRead.model_validate(pcr)


def publish_pcr(actor: Actor, session: Session, *, pcr_id: int) -> PcrDraftRead:
    """Publish a PCR draft; it becomes visible to everyone and immutable."""
    return _move(actor, session, pcr_id, PcrAction.PUBLISH)


def retire_pcr(actor: Actor, session: Session, *, pcr_id: int) -> PcrDraftRead:
    """Retire a published PCR (it stays readable, for the certificates that used it)."""
    return _move(actor, session, pcr_id, PcrAction.RETIRE)


def get_pcr(actor: Actor, session: Session, *, pcr_id: int) -> PcrDraftRead:
    """One PCR: a draft for its own standards body and admins, a published one for everyone."""
    return PcrDraftRead.model_validate(load(actor, session, PcrDraft, pcr_id))


def list_pcrs(actor: Actor, session: Session) -> list[PcrDraftRead]:
    """Published and retired PCRs for everyone, plus the drafts of the actor's own body (all for admins)."""
    check_actor(actor, session)
    query = select(PcrDraft).order_by(col(PcrDraft.code), col(PcrDraft.version))
    if actor.role is not Role.ADMIN:
        query = query.where(
            or_(PcrDraft.status != PcrStatus.DRAFT.value, PcrDraft.owner_org_id == actor.org_id)
        )
    return [PcrDraftRead.model_validate(p) for p in session.exec(query).all()]


# --- factor releases ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FactorReleaseInfo:
    """A factor release as the workflow reports it after an import or publication."""

    version: str
    status: str
    content_hash: str
    published_at: dt.datetime | None
    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()


def import_factor_release(
    actor: Actor,
    session: Session,
    *,
    path: str | Path,
    release: str | None = None,
    notes: str = "",
    publish: bool = False,
) -> FactorReleaseInfo:
    """`factors.import_factors` for standards-body users only: validate a factor file into a draft release."""
    from factors.exchange import import_factors
    from factors.releases import get_release

    require_role(actor, session, Role.STANDARDS, "import factors")
    summary = import_factors(session, path, release=release, notes=notes, publish_release=publish)
    rel = get_release(session, summary.release)
    with unit_of_work(session):
        record(
            session,
            actor,
            "factor_release.import",
            rel,
            before=None,
            detail={
                "file": Path(path).name,
                "added": len(summary.added),
                "replaced": len(summary.replaced),
                "unchanged": len(summary.unchanged),
                "published": publish,
            },
        )
    return FactorReleaseInfo(
        rel.version,
        rel.status,
        rel.content_hash,
        rel.published_at,
        tuple(summary.added),
        tuple(summary.replaced),
        tuple(summary.unchanged),
    )


def publish_factor_release(actor: Actor, session: Session, *, version: str) -> FactorReleaseInfo:
    """`factors.releases.publish` for standards-body users only; the release becomes immutable."""
    from factors.releases import get_release, publish

    require_role(actor, session, Role.STANDARDS, "publish a factor release")
    rel = get_release(session, version)
    with unit_of_work(session):
        before = row_hash(rel)
        publish(session, rel)
        record(
            session,
            actor,
            "factor_release.publish",
            rel,
            before=before,
            detail={"content_hash": rel.content_hash},
        )
    return FactorReleaseInfo(rel.version, rel.status, rel.content_hash, rel.published_at)


def _move(actor: Actor, session: Session, pcr_id: int, action: PcrAction) -> PcrDraftRead:
    pcr = load(actor, session, PcrDraft, pcr_id)
    with unit_of_work(session):
        before, state = row_hash(pcr), pcr.status
        if action is PcrAction.PUBLISH:  # what takes effect must be a valid rule (also one drafted before)
            validate_rule_text(session, pcr.yaml_text, label=f"PCR {pcr.code} {pcr.version}")
        act(actor, session, PCR, pcr, action, field="status")
        if action is PcrAction.PUBLISH:
            pcr.published_at = utcnow()
        session.add(pcr)
        record(
            session,
            actor,
            f"pcr.{action}",
            pcr,
            before=before,
            detail={"from": str(state), "to": str(pcr.status)},
        )
    return PcrDraftRead.model_validate(pcr)


def _check_yaml(text: str, what: str) -> None:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{what}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{what}: expected a YAML mapping at the top, got {type(data).__name__}")


def publish_bundled_rules(actor: Actor, session: Session) -> list[PcrDraftRead]:
    """Every bundled rule file as published version ``1`` of the actor's standards body (idempotent)."""
    from products.rules import list_rules, rule_files

    require_role(actor, session, Role.STANDARDS, "publish the bundled rules")
    out = []
    for path, rule in zip(rule_files(), list_rules(), strict=True):
        row = session.exec(select(PcrDraft).where(PcrDraft.code == rule.id, PcrDraft.version == "1")).first()
        if row is None:
            draft = create_pcr_draft(
                actor,
                session,
                code=rule.id,
                version="1",
                title_zh=rule.title.zh,
                title_en=rule.title.en,
                yaml_text=path.read_text(encoding="utf-8"),
            )
            out.append(publish_pcr(actor, session, pcr_id=draft.id))
        else:
            out.append(PcrDraftRead.model_validate(row))
    return out
