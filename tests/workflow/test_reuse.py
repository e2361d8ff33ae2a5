"""A second workflow reuses the mechanism unchanged: a transition table, a registered scope, and `act`.

The real MIIT declaration transition table (workflow/declarations.py) drives a stand-in object here: the
guard and `act` need nothing but a registered scope (the real table is tested in test_declarations.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlmodel import Session

import workflow as wf
from tests.workflow.conftest import People
from workflow.access import Scope, act, register_scope
from workflow.declarations import DECLARATION


@dataclass
class Declaration:
    id: int
    declarant_org_id: int
    verification_body_id: int
    status: str = "draft"


register_scope(
    Declaration,
    lambda _s, d: Scope(
        "declaration",
        d.id,
        d.declarant_org_id,
        frozenset({d.verification_body_id}) if d.status != "draft" else frozenset(),
    ),
)


def test_the_declaration_path_with_the_same_guards(people: People, session: Session) -> None:
    p = people
    decl = Declaration(1, p.orgs["ent_a"], p.orgs["cert_x"])
    steps = [
        ("ent_a", "submit"),
        ("cert_x", "start_verification"),
        ("cert_x", "request_changes"),
        ("ent_a", "submit"),
        ("cert_x", "start_verification"),
        ("cert_x", "verify"),
        ("ent_a", "declare"),
    ]
    seen = [act(p.actors[who], session, DECLARATION, decl, action, field="status") for who, action in steps]
    assert seen == [
        "submitted",
        "under_verification",
        "changes_requested",
        "submitted",
        "under_verification",
        "verified",
        "declared",
    ]


@pytest.mark.parametrize(
    ("who", "action", "status", "expected"),
    [
        ("cert_x", "start_verification", "draft", wf.NotFound),  # a draft is not yet the body's business
        ("ent_b", "submit", "draft", wf.NotFound),  # another enterprise's declaration
        ("cert_y", "verify", "under_verification", wf.NotFound),  # another body's declaration
        ("std_s", "verify", "under_verification", wf.NotFound),
        ("admin", "verify", "under_verification", wf.AccessDenied),  # sees it, may not decide
        ("ent_a", "verify", "under_verification", wf.AccessDenied),  # may not verify its own data
        ("cert_x", "declare", "verified", wf.AccessDenied),  # only the declarant declares
        ("ent_a", "declare", "submitted", wf.IllegalTransition),  # not verified yet
    ],
)
def test_the_declaration_is_guarded_like_a_submission(
    people: People, session: Session, who: str, action: str, status: str, expected: type[Exception]
) -> None:
    decl = Declaration(2, people.orgs["ent_a"], people.orgs["cert_x"], status)
    with pytest.raises(expected):
        act(people.actors[who], session, DECLARATION, decl, action, field="status")
    assert decl.status == status
