"""Review findings: the certifier's findings and comments on a submitted version, the enterprise's answers.

A finding may point at a place in the model (``processes.cell.inputs[2].amount``); the path must exist
in the version under review. When findings may be added, answered or resolved is part of the
`SUBMISSION` table (self-loops on under_review and changes_requested).
"""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import Session, col, select

from workflow.access import Actor, act, fetch, load, row_id
from workflow.audit import record, row_hash, unit_of_work
from workflow.errors import InvalidInput
from workflow.states import SUBMISSION
from workflow.tables import Finding, FindingCreate, FindingRead, ModelVersion, Submission, utcnow
from workflow.vocab import BLOCKING_SEVERITIES, ReviewSeverity, SubmissionAction

A = SubmissionAction


def add_finding(
    actor: Actor,
    session: Session,
    *,
    submission_id: int,
    severity: ReviewSeverity | str,
    text: str,
    location: str = "",
) -> FindingRead:
    """A finding or comment on the version under review; `location` is a path in its model, if any."""
    sub = load(actor, session, Submission, submission_id)
    data = FindingCreate(severity=ReviewSeverity(severity), text=text.strip(), location=location.strip())
    with unit_of_work(session):
        act(actor, session, SUBMISSION, sub, A.ADD_FINDING)
        if not data.text:
            raise InvalidInput("a finding needs a text")
        version = fetch(session, ModelVersion, sub.model_version_id)
        check_location(version.yaml_text, data.location)
        finding = Finding(
            **data.model_dump(),
            submission_id=row_id(sub),
            model_version_id=sub.model_version_id,
            author_id=actor.uid,
        )
        session.add(finding)
        record(
            session,
            actor,
            "finding.create",
            finding,
            before=None,
            detail={"submission": sub.id, "severity": data.severity.value},
        )
    return FindingRead.model_validate(finding)


def answer_finding(actor: Actor, session: Session, *, finding_id: int, answer: str) -> FindingRead:
    """The enterprise's answer to a finding, while changes are requested."""
    finding = load(actor, session, Finding, finding_id)
    sub = fetch(session, Submission, finding.submission_id)
    with unit_of_work(session):
        act(actor, session, SUBMISSION, sub, A.ANSWER_FINDING)
        if not answer.strip():
            raise InvalidInput("an answer needs a text")
        before = row_hash(finding)
        finding.answer, finding.answered_by_id, finding.answered_at = answer.strip(), actor.user_id, utcnow()
        session.add(finding)
        record(session, actor, "finding.answer", finding, before=before)
    return FindingRead.model_validate(finding)


def resolve_finding(actor: Actor, session: Session, *, finding_id: int) -> FindingRead:
    """The certifier closes a finding during review."""
    finding = load(actor, session, Finding, finding_id)
    sub = fetch(session, Submission, finding.submission_id)
    with unit_of_work(session):
        act(actor, session, SUBMISSION, sub, A.RESOLVE_FINDING)
        before = row_hash(finding)
        finding.resolved, finding.resolved_by_id, finding.resolved_at = True, actor.user_id, utcnow()
        session.add(finding)
        record(session, actor, "finding.resolve", finding, before=before)
    return FindingRead.model_validate(finding)


def list_findings(actor: Actor, session: Session, *, submission_id: int) -> list[FindingRead]:
    """The findings of a submission, oldest first, for those who may read the submission."""
    load(actor, session, Submission, submission_id)
    rows = session.exec(
        select(Finding).where(Finding.submission_id == submission_id).order_by(col(Finding.id))
    )
    return [FindingRead.model_validate(f) for f in rows.all()]


def open_findings(session: Session, submission_id: int, *, blocking_only: bool) -> list[Finding]:
    """Unresolved findings of a submission (only major and minor ones with `blocking_only`)."""
    rows = session.exec(
        select(Finding).where(Finding.submission_id == submission_id, col(Finding.resolved).is_(False))
    ).all()
    return [f for f in rows if not blocking_only or ReviewSeverity(f.severity) in BLOCKING_SEVERITIES]


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def check_location(yaml_text: str, location: str) -> None:
    """Refuse a finding location that is not a path in the model (``processes.cell.inputs[2].amount``)."""
    if not location:
        return
    import yaml

    node: Any = yaml.safe_load(yaml_text)
    walked = ""
    for match in _PATH_PART.finditer(location):
        key, index = match.group(1), match.group(2)
        if key is not None and isinstance(node, dict) and key in node:
            node, walked = node[key], f"{walked}.{key}" if walked else key
        elif index is not None and isinstance(node, list) and int(index) < len(node):
            node, walked = node[int(index)], f"{walked}[{index}]"
        else:
            options = (
                ", ".join(map(str, list(node)[:12]))
                if isinstance(node, dict)
                else (f"0…{len(node) - 1}" if isinstance(node, list) else "nothing below a value")
            )
            raise InvalidInput(
                f"finding location {location!r}: {match.group(0)!r} is not in the model after "
                f"{walked or 'the top'} (there: {options})"
            )
