"""Create functions refuse text their columns cannot hold: one located message on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session

import workflow as wf
from tests.workflow.conftest import People

# Bad-input table: (create function, arguments, the message fragment).
TOO_LONG: list[tuple[str, dict[str, Any], str]] = [
    (
        "create_organisation",
        {"kind": "enterprise", "name_zh": "长", "identifier": "9" * 41},
        "wf_organisation.identifier: 41 characters, at most 40 can be stored",
    ),
    (
        "create_organisation",
        {"kind": "enterprise", "name_zh": "长", "region": "CN-" + "X" * 40},
        "wf_organisation.region: 43 characters, at most 40 can be stored",
    ),
    (
        "create_product",
        {"code": "p" * 81, "name_zh": "长"},
        "wf_product.code: 81 characters, at most 80 can be stored",
    ),
    (
        "create_product",
        {"code": "long.category", "name_zh": "长", "category": "battery." + "c" * 80},
        "wf_product.category: 88 characters, at most 80 can be stored",
    ),
]


@pytest.mark.parametrize(("function", "arguments", "fragment"), TOO_LONG)
def test_a_long_name_is_refused_before_writing(
    people: People, session: Session, function: str, arguments: dict[str, Any], fragment: str
) -> None:
    actor = people.admin if function == "create_organisation" else people.ent_a
    before = len(wf.list_organisations(people.admin, session))
    with pytest.raises(wf.InvalidInput) as info:
        getattr(wf, function)(actor, session, **arguments)
    assert fragment in str(info.value)
    session.rollback()
    assert len(wf.list_organisations(people.admin, session)) == before
