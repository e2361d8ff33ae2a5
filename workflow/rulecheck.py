"""The gates of certification: the product rule's check at submission, and the pre-review at decision.

Submitting (or resubmitting) runs the published rule's check (`workflow.pcr_rules.rule_for_model`) on the
version and stores it with the round. While any error finding has no justification from the enterprise,
the submission is refused (code ``rule_errors_open``). A justified error becomes a major review finding
(source ``rule``) carrying the justification as its answer: the certifier accepts it by resolving it, and
approval and issue are refused (code ``prereview_errors_open``) while an error of the latest stored check
is not covered by a resolved justification.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from sqlmodel import Session, col, select

from workflow.access import Actor, fetch, load, row_id
from workflow.audit import record
from workflow.catalog import evaluate
from workflow.errors import PreconditionFailed
from workflow.pilot_tables import RuleCheckRead, RuleCheckRecord
from workflow.tables import Finding, ModelVersion, Submission, utcnow
from workflow.vocab import ReviewSeverity


@dataclass(frozen=True)
class RuleFinding:
    """One finding of the rule check; `key` (``code@location``) names it across rounds."""

    key: str
    severity: str  # error | warning | info
    code: str
    location: str
    message_zh: str
    message_en: str


@dataclass(frozen=True)
class RuleCheck:
    """The rule a version was checked under and what the check found."""

    rule_id: str
    rule_version: str
    findings: tuple[RuleFinding, ...]

    @property
    def errors(self) -> list[RuleFinding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def check_hash(self) -> str:
        return _hash(self.rule_id, self.rule_version, self.findings)


def _hash(rule_id: str, version: str, findings: tuple[RuleFinding, ...] | list[dict]) -> str:
    rows = [asdict(f) if isinstance(f, RuleFinding) else f for f in findings]
    text = json.dumps(
        {"rule": rule_id, "version": version, "findings": rows}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run_check(session: Session, version: ModelVersion) -> RuleCheck:
    """The published rule's check of a stored version (no rule for its category: an empty check)."""
    from products import by_severity, check
    from products.errors import UnknownRule
    from workflow.pcr_rules import rule_for_model

    ev = evaluate(
        session, version.yaml_text, release=version.factor_release, label=f"version {version.number}"
    )
    try:
        pr = rule_for_model(session, ev.model)
    except UnknownRule:
        return RuleCheck("", "", ())
    found = by_severity(check(ev.model, pr.rule, ev.result))
    seen: dict[str, int] = {}
    out = []
    for f in found:
        key = f"{f.code}@{f.location}"
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:  # the same code twice at one place (e.g. two missing inputs of one process)
            key = f"{key}#{seen[key]}"
        out.append(RuleFinding(key, f.severity.value, f.code, f.location, f.message_zh, f.message_en))
    return RuleCheck(pr.rule_id, pr.version, tuple(out))


def check_version(actor: Actor, session: Session, *, version_id: int) -> RuleCheck:
    """The rule check of a version the actor may read (the enterprise before submitting, the certifier)."""
    return run_check(session, load(actor, session, ModelVersion, version_id))


def gate_submission(
    session: Session, actor: Actor, sub: Submission, justifications: Mapping[str, str] | None
) -> None:
    """Inside the submit/resubmit transaction, after the round was started: check, refuse or store."""
    version = fetch(session, ModelVersion, sub.model_version_id)
    result = run_check(session, version)
    accepted = {  # a justification the certifier accepted in an earlier round still holds
        f.rule_key: f.answer
        for f in session.exec(
            select(Finding).where(Finding.submission_id == sub.id, Finding.source == "rule")
        ).all()
        if f.resolved
    }
    given = accepted | {k: v.strip() for k, v in (justifications or {}).items() if v and v.strip()}
    missing = [f.key for f in result.errors if f.key not in given]
    if missing:
        raise PreconditionFailed(
            f"submission {sub.id}: the rule {result.rule_id} ({result.rule_version}) finds "
            f"{len(missing)} error(s) without a justification: {', '.join(missing)}; correct the model "
            "or justify each error",
            code="rule_errors_open",
            params={"n": len(missing), "keys": missing, "rule": result.rule_id},
        )
    used = {f.key: given[f.key] for f in result.errors}
    stored = RuleCheckRecord(
        submission_id=row_id(sub),
        round=sub.round,
        model_version_id=row_id(version),
        rule_id=result.rule_id,
        rule_version=result.rule_version,
        check_hash=result.check_hash,
        findings_json=json.dumps([asdict(f) for f in result.findings], ensure_ascii=False),
        justifications_json=json.dumps(used, ensure_ascii=False, sort_keys=True),
    )
    session.add(stored)
    record(
        session,
        actor,
        "rule_check.create",
        stored,
        before=None,
        detail={
            "submission": sub.id,
            "round": sub.round,
            "rule": result.rule_id,
            "rule_version": result.rule_version,
            "errors": len(result.errors),
            "hash": result.check_hash,
        },
    )
    open_keys = {
        f.rule_key
        for f in session.exec(
            select(Finding).where(Finding.submission_id == sub.id, Finding.source == "rule")
        ).all()
        if not f.resolved
    }
    for f in result.errors:
        if f.key in open_keys or f.key in accepted:  # already a finding (open, or accepted earlier)
            continue
        finding = Finding(
            severity=ReviewSeverity.MAJOR,
            text=f"{f.message_zh}\n{f.message_en}",
            location=f.location if _is_path(f.location) else "",
            submission_id=row_id(sub),
            model_version_id=row_id(version),
            author_id=actor.uid,
            answer=used[f.key],
            answered_by_id=actor.uid,
            answered_at=utcnow(),
            source="rule",
            rule_key=f.key,
        )
        session.add(finding)
        record(
            session,
            actor,
            "finding.justify",
            finding,
            before=None,
            detail={"submission": sub.id, "rule_key": f.key},
        )


def _is_path(location: str) -> bool:
    return location.startswith(("processes", "product"))


def latest_check(session: Session, submission_id: int) -> RuleCheckRecord | None:
    return session.exec(
        select(RuleCheckRecord)
        .where(RuleCheckRecord.submission_id == submission_id)
        .order_by(col(RuleCheckRecord.round).desc())
    ).first()


def assert_prereview_clear(session: Session, sub: Submission) -> RuleCheckRecord | None:
    """Refuse a decision while an error of the latest stored check lacks a resolved justification."""
    stored = latest_check(session, row_id(sub))
    if stored is None:
        return None
    errors = [f["key"] for f in json.loads(stored.findings_json) if f["severity"] == "error"]
    accepted = {
        f.rule_key
        for f in session.exec(
            select(Finding).where(Finding.submission_id == sub.id, Finding.source == "rule")
        ).all()
        if f.resolved
    }
    open_keys = [k for k in errors if k not in accepted]
    if open_keys:
        raise PreconditionFailed(
            f"submission {sub.id}: the pre-review still has {len(open_keys)} unresolved error(s): "
            f"{', '.join(open_keys)}; accept the justification (resolve the finding) or request changes",
            code="prereview_errors_open",
            params={"n": len(open_keys), "keys": open_keys},
        )
    return stored


def submission_checks(actor: Actor, session: Session, *, submission_id: int) -> list[RuleCheckRead]:
    """The stored rule checks of a submission, round by round, for those who may read it."""
    load(actor, session, Submission, submission_id)
    rows = session.exec(
        select(RuleCheckRecord)
        .where(RuleCheckRecord.submission_id == submission_id)
        .order_by(col(RuleCheckRecord.round))
    ).all()
    return [RuleCheckRead.model_validate(r) for r in rows]
