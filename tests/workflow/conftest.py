"""Fixtures of the workflow tests: the people of two enterprises, two certification bodies, two standards
bodies and a platform admin; and a product flow on the bundled factor release.

Importing `workflow.tables` here registers the workflow tables on `SQLModel.metadata`, so the root
conftest's `engine` fixture (via `factors.db.create_schema` → ``create_all``) creates them on both backends.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func
from sqlmodel import Session, select

import workflow as wf
import workflow.tables
from workflow import accounts
from workflow.demo import BUILTIN_MODEL
from workflow.tables import AuditLog

PASSWORD = "correct horse battery staple"
PRODUCTION_HASHER = accounts.hasher  # kept before the tests replace it
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # still argon2id, ~1 ms


@pytest.fixture(scope="session", autouse=True)
def cheap_argon2() -> Iterator[None]:
    """Tests hash with cheap argon2id parameters (the default costs ~0.3 s per hash on a small machine);
    `test_accounts` checks the production parameters separately."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(accounts, "hasher", lambda: CHEAP_HASHER)
        yield


@dataclass
class People:
    """Actors by short name and organisation ids by the same names."""

    actors: dict[str, wf.Actor] = field(default_factory=dict)
    orgs: dict[str, int] = field(default_factory=dict)

    def __getattr__(self, name: str) -> wf.Actor:
        try:
            return self.actors[name]
        except KeyError:
            raise AttributeError(name) from None


ORGS = {  # short name -> (kind, Chinese name)
    "ent_a": (wf.OrgKind.ENTERPRISE, "甲电池有限公司"),
    "ent_b": (wf.OrgKind.ENTERPRISE, "乙电池有限公司"),
    "cert_x": (wf.OrgKind.CERTIFICATION_BODY, "X 认证中心"),
    "cert_y": (wf.OrgKind.CERTIFICATION_BODY, "Y 认证中心"),
    "std_s": (wf.OrgKind.STANDARDS_BODY, "S 标准化研究院"),
    "std_t": (wf.OrgKind.STANDARDS_BODY, "T 标准化研究院"),
}


def make_people(session: Session) -> People:
    """A platform admin, then one organisation and one user per entry of `ORGS` (user name = short name)."""
    people = People()
    admin = wf.bootstrap_admin(session, username="admin", password=PASSWORD, org_name_zh="平台运营")
    people.actors["admin"] = admin
    people.orgs["admin"] = admin.org_id  # type: ignore[assignment]
    for i, (name, (kind, zh)) in enumerate(ORGS.items()):
        org = wf.create_organisation(
            admin, session, kind=kind, name_zh=zh, name_en=name, identifier=f"TEST{i:014d}", region="CN-JX"
        )
        wf.create_user(admin, session, org_id=org.id, username=name, password=PASSWORD)
        people.orgs[name] = org.id
        people.actors[name] = wf.authenticate(session, name, password=PASSWORD)
    return people


def model_text(code: str = "demo-lfp-cell-280ah", *, cathode_kwh: float = 8) -> str:
    """The demo LFP-cell model with product id `code` and the cathode's electricity amount."""
    text = BUILTIN_MODEL.replace("id: demo-lfp-cell-280ah", f"id: {code}")
    return text.replace("amount: 8, unit: kWh", f"amount: {cathode_kwh}, unit: kWh")


def justify(
    actor: wf.Actor, session: Session, submission_id: int, version_id: int | None = None
) -> dict[str, str]:
    """A justification for every error the product rule finds in the version to submit (the demo model's
    known gaps: no rated energy, no cell-assembly role, a CO2-only grid factor), as an enterprise would."""
    if version_id is None:
        version_id = wf.get_submission(actor, session, submission_id=submission_id).model_version_id
    check = wf.check_version(actor, session, version_id=version_id)
    return {f.key: "test data: accepted gap, see the demo model's notes" for f in check.errors}


def submit(actor: wf.Actor, session: Session, submission_id: int) -> wf.tables.SubmissionRead:
    """`wf.submit` with `justify`'s justifications."""
    return wf.submit(
        actor, session, submission_id=submission_id, justifications=justify(actor, session, submission_id)
    )


def accept_rule_findings(certifier: wf.Actor, session: Session, submission_id: int) -> None:
    """The certifier accepts every open justification of a rule error (resolves its finding)."""
    for f in wf.list_findings(certifier, session, submission_id=submission_id):
        if f.source == "rule" and not f.resolved:
            wf.resolve_finding(certifier, session, finding_id=f.id)


def rule_text(rule_id: str) -> str:
    """The text of a bundled rule file (a valid `pcf-pcr/1` rule for PCR drafts)."""
    from products.rules import RULES_DIR

    return (RULES_DIR / f"{rule_id}.yaml").read_text(encoding="utf-8")


def audit_count(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(AuditLog)).one())


@pytest.fixture
def people(session: Session) -> People:
    return make_people(session)


@dataclass
class Flow:
    """A session with the bundled release, the people, and product `cell` of enterprise A with version 1."""

    session: Session
    people: People
    product_id: int
    version_id: int

    def submission(self, *, body: str = "cert_x") -> int:
        """A new draft submission of the product, with `body` chosen."""
        return wf.create_submission(
            self.people.ent_a,
            self.session,
            product_id=self.product_id,
            certification_body_id=self.people.orgs[body],
        ).id

    def to_state(self, state: wf.SubmissionState) -> int:
        """A submission driven along the happy path to `state`; returns its id."""
        s, p, S = self.session, self.people, wf.SubmissionState
        sid = self.submission()
        steps = [
            (S.SUBMITTED, lambda: submit(p.ent_a, s, sid)),
            (
                S.UNDER_REVIEW,
                lambda: (
                    wf.start_review(p.cert_x, s, submission_id=sid),
                    accept_rule_findings(p.cert_x, s, sid),
                ),
            ),
            (
                S.CHANGES_REQUESTED,
                lambda: (
                    wf.add_finding(
                        p.cert_x, s, submission_id=sid, severity="major", text="check electricity"
                    ),
                    wf.request_changes(p.cert_x, s, submission_id=sid, note="please correct"),
                ),
            ),
            (
                S.RESUBMITTED,
                lambda: (
                    [
                        wf.answer_finding(p.ent_a, s, finding_id=f.id, answer="checked")
                        for f in wf.list_findings(p.ent_a, s, submission_id=sid)
                    ],
                    wf.resubmit(p.ent_a, s, submission_id=sid),
                ),
            ),
            (
                "review again",
                lambda: (
                    wf.start_review(p.cert_x, s, submission_id=sid),
                    [
                        wf.resolve_finding(p.cert_x, s, finding_id=f.id)
                        for f in wf.list_findings(p.cert_x, s, submission_id=sid)
                    ],
                ),
            ),
            (S.APPROVED, lambda: wf.approve(p.cert_x, s, submission_id=sid)),
            (S.CERTIFIED, lambda: wf.issue_certificate(p.cert_x, s, submission_id=sid)),
        ]
        if state is S.DRAFT:
            return sid
        for reached, run in steps:
            run()
            if reached == state:
                return sid
        raise AssertionError(f"the happy path does not pass through {state}")


@pytest.fixture
def flow(loaded: Session) -> Flow:
    """See `Flow`; costs one bundled-release load and one calculation."""
    people = make_people(loaded)
    product = wf.create_product(people.ent_a, loaded, code="cell", name_zh="电芯", category="battery.cell")
    version = wf.save_model_version(people.ent_a, loaded, product_id=product.id, yaml_text=model_text("cell"))
    return Flow(loaded, people, product.id, version.id)
