"""State machines as data: one transition table per workflow, one `transition` function for all of them.

A `Workflow` is a table of `Transition(source, action, target, roles)` rows. Actions that do not move
the object (adding a finding, assigning a body) are rows whose target is their source, so the table
also says *when* they are allowed. The MIIT traction-battery declaration will be one more table here;
`transition` and `workflow.access.act` serve it unchanged.

The certification rules mirrored (CNCA 通用实施规则, research notes §4.3): 认证委托 = submit with a chosen
certification body; 受理/文件评审/核查 = under review with findings; 评价与批准 = approve or reject;
证书与标识 = issue a certificate (valid 2 years); 获证后监督 = suspend, reinstate, withdraw; expiry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from workflow.errors import AccessDenied, IllegalTransition
from workflow.vocab import (
    CertificateAction,
    CertificateStatus,
    PcrAction,
    PcrStatus,
    Role,
    SubmissionAction,
    SubmissionState,
)


@dataclass(frozen=True)
class Transition:
    """In state `source`, `action` by one of `roles` leads to state `target`."""

    source: str
    action: str
    target: str
    roles: frozenset[Role]


@dataclass(frozen=True)
class Workflow:
    """A named transition table; (source, action) pairs are unique."""

    name: str
    initial: str
    transitions: tuple[Transition, ...]
    _index: dict[tuple[str, str], Transition] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[tuple[str, str], Transition] = {}
        for t in self.transitions:
            key = (t.source, t.action)
            if key in index:
                raise ValueError(f"workflow {self.name}: ({t.source}, {t.action}) appears twice in the table")
            index[key] = t
        object.__setattr__(self, "_index", index)

    @property
    def states(self) -> list[str]:
        seen = [self.initial]
        for t in self.transitions:
            seen += [s for s in (t.source, t.target) if s not in seen]
        return seen

    @property
    def actions(self) -> list[str]:
        return list(dict.fromkeys(t.action for t in self.transitions))

    def allowed(self, state: str, role: Role | None = None) -> list[str]:
        """Actions allowed in `state` (for `role`, if given), in table order."""
        return [t.action for t in self.transitions if t.source == state and (role is None or role in t.roles)]

    def roles_for(self, action: str) -> frozenset[Role]:
        """Every role that may do `action` in some state."""
        return frozenset(r for t in self.transitions if t.action == action for r in t.roles)

    def find(self, state: str, action: str) -> Transition | None:
        return self._index.get((str(state), str(action)))

    def is_final(self, state: str) -> bool:
        return not self.allowed(state)


def transition(workflow: Workflow, state: str, *, action: str, role: Role, target: str = "") -> str:
    """The state after `action` in `state`; refuses an action the table does not allow.

    Raises `IllegalTransition` naming the state, the action and the actions allowed there. The role
    check here is the last line of defence; `workflow.access.act` refuses a wrong role earlier with an
    `AccessDenied` that names the user and the object.
    """
    label = target or f"the {workflow.name}"
    found = workflow.find(state, action)
    if found is None:
        raise IllegalTransition(workflow.name, label, str(state), str(action), workflow.allowed(state))
    if role not in found.roles:
        raise AccessDenied(
            f"role {role}", f"{action}", label, f"allowed roles: {', '.join(sorted(found.roles))}"
        )
    return found.target


def _rows(rows: Iterable[tuple[str, str, str, Iterable[Role]]]) -> tuple[Transition, ...]:
    return tuple(Transition(str(s), str(a), str(t), frozenset(r)) for s, a, t, r in rows)


S, A = SubmissionState, SubmissionAction
ENT, CERT, ADMIN = {Role.ENTERPRISE}, {Role.CERTIFIER}, {Role.ADMIN}

SUBMISSION = Workflow(
    "submission",
    S.DRAFT,
    _rows(
        [
            (S.DRAFT, A.ASSIGN, S.DRAFT, ENT),  # the applicant chooses its body
            (S.DRAFT, A.SUBMIT, S.SUBMITTED, ENT),  # 认证委托: freezes the model version
            (S.DRAFT, A.CANCEL, S.CANCELLED, ENT),
            (S.SUBMITTED, A.ASSIGN, S.SUBMITTED, ENT | ADMIN),  # re-assignment before review starts
            (S.SUBMITTED, A.START_REVIEW, S.UNDER_REVIEW, CERT),  # 受理 → 文件评审 / 核查
            (S.SUBMITTED, A.CANCEL, S.CANCELLED, ENT),
            (S.UNDER_REVIEW, A.ADD_FINDING, S.UNDER_REVIEW, CERT),
            (S.UNDER_REVIEW, A.RESOLVE_FINDING, S.UNDER_REVIEW, CERT),
            (S.UNDER_REVIEW, A.REQUEST_CHANGES, S.CHANGES_REQUESTED, CERT),
            (S.UNDER_REVIEW, A.APPROVE, S.APPROVED, CERT),  # 评价与批准
            (S.UNDER_REVIEW, A.REJECT, S.REJECTED, CERT),
            (S.CHANGES_REQUESTED, A.ANSWER_FINDING, S.CHANGES_REQUESTED, ENT),
            (S.CHANGES_REQUESTED, A.RESUBMIT, S.RESUBMITTED, ENT),  # a new (or the same) frozen version
            (S.CHANGES_REQUESTED, A.REJECT, S.REJECTED, CERT),  # the applicant does not correct
            (S.CHANGES_REQUESTED, A.CANCEL, S.CANCELLED, ENT),
            (S.RESUBMITTED, A.START_REVIEW, S.UNDER_REVIEW, CERT),
            (S.APPROVED, A.ISSUE_CERTIFICATE, S.CERTIFIED, CERT),  # 证书与标识
        ]
    ),
)

C, CA = CertificateStatus, CertificateAction
CERTIFICATE = Workflow(
    "certificate",
    C.ACTIVE,
    _rows(
        [  # 获证后监督 and validity
            (C.ACTIVE, CA.SUSPEND, C.SUSPENDED, CERT),
            (C.ACTIVE, CA.WITHDRAW, C.WITHDRAWN, CERT),
            (C.ACTIVE, CA.EXPIRE, C.EXPIRED, {Role.SYSTEM}),
            (C.SUSPENDED, CA.REINSTATE, C.ACTIVE, CERT),
            (C.SUSPENDED, CA.WITHDRAW, C.WITHDRAWN, CERT),
            (C.SUSPENDED, CA.EXPIRE, C.EXPIRED, {Role.SYSTEM}),
        ]
    ),
)

P, PA = PcrStatus, PcrAction
PCR = Workflow(
    "PCR draft",
    P.DRAFT,
    _rows(
        [
            (P.DRAFT, PA.EDIT, P.DRAFT, {Role.STANDARDS}),
            (P.DRAFT, PA.PUBLISH, P.PUBLISHED, {Role.STANDARDS}),
            (P.PUBLISHED, PA.RETIRE, P.RETIRED, {Role.STANDARDS}),
        ]
    ),
)

WORKFLOWS: dict[str, Workflow] = {w.name: w for w in (SUBMISSION, CERTIFICATE, PCR)}
