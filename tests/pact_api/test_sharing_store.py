"""The sharing store (workflow.sharing) on SQLite and PostgreSQL: grants, credentials, tokens, served data."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlmodel import Session, select

import workflow as wf
from tests.conftest import PINNED_TODAY  # certificate issuing's today (pinned)
from tests.pact_api.conftest import certify, product_model
from tests.workflow.conftest import make_people
from workflow.sharing import (
    GrantInactive,
    TokenExpired,
    TokenInvalid,
    authenticate_client,
    certificate_pf_id,
    create_grant,
    grant_of_token,
    issue_token,
    list_grants,
    revoke_grant,
    served_footprints,
)
from workflow.sharing_tables import PactFootprint, SharingGrant
from workflow.tables import AuditLog


@pytest.fixture
def shop(loaded: Session) -> tuple[Session, object, int]:
    people = make_people(loaded)
    pid = wf.create_product(people.ent_a, loaded, code="cell", name_zh="电芯", category="battery.cell").id
    wf.save_model_version(people.ent_a, loaded, product_id=pid, yaml_text=product_model("cell"))
    return loaded, people, pid


def test_grant_lifecycle(shop: tuple) -> None:
    s, people, pid = shop
    grant, secret = create_grant(
        people.ent_a, s, customer_name="客户", product_ids=[pid], client_id="client-1"
    )
    row = s.get(SharingGrant, grant.id)
    assert secret not in row.secret_hash and row.secret_hash.startswith("$argon2id$")
    assert served_footprints(s, row) == []  # shared, not yet certified
    number = certify(s, people, pid).number
    docs = served_footprints(s, row)
    assert [(d["id"], d["status"]) for d in docs] == [(certificate_pf_id(number), "Active")]
    assert docs[0]["validityPeriodStart"] == f"{PINNED_TODAY}T00:00:00Z"
    assert json.loads(s.exec(select(PactFootprint.doc_json)).one())["id"] == docs[0]["id"]  # derived once
    assert authenticate_client(s, "client-1", secret).id == grant.id
    with pytest.raises(wf.AuthenticationFailed):
        authenticate_client(s, "client-1", "not-the-secret")
    token = issue_token(s, row)
    assert grant_of_token(s, token).id == grant.id
    with pytest.raises(TokenInvalid):
        grant_of_token(s, token + "x")
    with pytest.raises(TokenExpired):
        grant_of_token(s, issue_token(s, row, ttl_seconds=-1))
    revoke_grant(people.ent_a, s, grant_id=grant.id, reason="contract ended")
    with pytest.raises(GrantInactive, match="revoked"):
        grant_of_token(s, token)
    with pytest.raises(GrantInactive, match="revoked"):
        authenticate_client(s, "client-1", secret)
    actions = s.exec(select(AuditLog.action).where(AuditLog.object_type == "sharing_grant")).all()
    assert actions[0] == "sharing.grant" and "sharing.revoke" in actions and "pact.access_refused" in actions


def test_only_the_owner_shares_and_revokes(shop: tuple) -> None:
    s, people, pid = shop
    with pytest.raises(wf.NotFound):
        create_grant(people.ent_b, s, customer_name="x", product_ids=[pid])
    with pytest.raises(wf.AccessDenied):
        create_grant(people.cert_x, s, customer_name="x", product_ids=[pid])
    grant, _ = create_grant(people.ent_a, s, customer_name="客户", product_ids=[pid])
    with pytest.raises(wf.NotFound):
        revoke_grant(people.ent_b, s, grant_id=grant.id, reason="not mine")
    assert list_grants(people.ent_b, s) == [] and [g.id for g in list_grants(people.ent_a, s)] == [grant.id]


@pytest.mark.parametrize(
    ("kwargs", "why"),
    [
        ({"customer_name": " "}, "customer's name"),
        ({"product_ids": []}, "at least one product"),
        ({"client_id": "a b"}, "client id"),
        ({"client_secret": "short"}, "at least 12"),
        ({"events_url": "ftp://x"}, "events URL"),
    ],
)
def test_bad_grants_are_refused(shop: tuple, kwargs: dict, why: str) -> None:
    s, people, pid = shop
    args = {"customer_name": "客户", "product_ids": [pid], **kwargs}
    with pytest.raises(wf.InvalidInput, match=why):
        create_grant(people.ent_a, s, **args)


def test_a_taken_client_id_is_refused(shop: tuple) -> None:
    s, people, pid = shop
    create_grant(people.ent_a, s, customer_name="客户", product_ids=[pid], client_id="same-id")
    with pytest.raises(wf.InvalidInput, match="taken"):
        create_grant(people.ent_a, s, customer_name="客户二", product_ids=[pid], client_id="same-id")


def test_a_certificate_without_pact_data_is_refused_when_shared(shop: tuple) -> None:
    s, people, _ = shop
    pid = wf.create_product(people.ent_a, s, code="bare", name_zh="无碳含量电芯").id
    text = product_model("bare").replace("  reference_year: 2023\n", "")  # no reference period: no PACT
    wf.save_model_version(people.ent_a, s, product_id=pid, yaml_text=text)
    certify(s, people, pid)
    with pytest.raises(
        wf.InvalidInput, match=r"(?s)cannot be shared as a PACT footprint.*reference_period"
    ) as exc:
        create_grant(people.ent_a, s, customer_name="客户", product_ids=[pid])
    assert exc.value.code == "pact_export"


def test_withdrawn_and_expired_certificates_are_not_served(shop: tuple) -> None:
    s, people, pid = shop
    number = certify(s, people, pid).number
    grant, _ = create_grant(people.ent_a, s, customer_name="客户", product_ids=[pid])
    row = s.get(SharingGrant, grant.id)
    assert len(served_footprints(s, row)) == 1
    assert served_footprints(s, row, today=PINNED_TODAY + dt.timedelta(days=800)) == []
    wf.withdraw(people.cert_x, s, number=number, reason="surveillance found errors")
    assert served_footprints(s, row) == []
