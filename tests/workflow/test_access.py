"""Every role against every other role's data, on one shared world per backend.

The world (built once per backend, in a database of its own):

    enterprise A ── product a-cell   v1 frozen, v2 draft ── submission → body X: certified, certificate CA
                 └─ product a-cell-2 v1 draft            ── submission → body X: draft (not yet submitted)
    enterprise B ── product b-cell   v1 frozen, v2 draft ── submission → body Y: certified, certificate CB
                 └─ product b-cell-2 v1 draft            ── submission → body Y: draft
    standards body S ── PCR battery.cell 1.0 draft, PCR battery.pack 1.0 published;  standards body T: none
    platform admin

Reads: `READERS` says who sees what; everyone else gets `NotFound`, worded exactly as for a missing id.
Writes: `WRITES` lists refused attempts with the exception expected; none may change the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest
from pydantic import ValidationError
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

import workflow as wf
from factors import create_schema, load_bundled, make_engine
from tests.conftest import BACKENDS
from tests.workflow.conftest import (
    People,
    accept_rule_findings,
    audit_count,
    make_people,
    model_text,
    rule_text,
)
from tests.workflow.conftest import submit as submit_justified

ACTORS = ["ent_a", "ent_b", "cert_x", "cert_y", "std_s", "std_t", "admin"]
EVERYONE = set(ACTORS)


@dataclass
class World:
    engine: Engine
    people: People
    ids: dict[str, Any]


def _certified_product(
    s: Session, p: People, ent: str, body: str, code: str, ids: dict[str, Any], key: str
) -> None:
    e, c = p.actors[ent], p.actors[body]
    product = wf.create_product(e, s, code=code, name_zh=f"{code} 电芯", category="battery.cell")
    v1 = wf.save_model_version(e, s, product_id=product.id, yaml_text=model_text(code))
    sub = wf.create_submission(e, s, product_id=product.id, certification_body_id=p.orgs[body])
    submit_justified(e, s, sub.id)
    wf.start_review(c, s, submission_id=sub.id)
    accept_rule_findings(c, s, sub.id)
    finding = wf.add_finding(c, s, submission_id=sub.id, severity="observation", text="fine")
    wf.approve(c, s, submission_id=sub.id)
    cert = wf.issue_certificate(c, s, submission_id=sub.id)
    v2 = wf.save_model_version(e, s, product_id=product.id, yaml_text=model_text(code, cathode_kwh=7))
    draft_product = wf.create_product(e, s, code=f"{code}-2", name_zh=f"{code}-2 电芯")
    dv = wf.save_model_version(e, s, product_id=draft_product.id, yaml_text=model_text(f"{code}-2"))
    draft = wf.create_submission(e, s, product_id=draft_product.id, certification_body_id=p.orgs[body])
    ids.update(
        {
            f"{key}.product": product.id,
            f"{key}.version.frozen": v1.id,
            f"{key}.version.draft": v2.id,
            f"{key}.submission": sub.id,
            f"{key}.finding": finding.id,
            f"{key}.certificate": cert.number,
            f"{key}.draft_product": draft_product.id,
            f"{key}.draft_product.version": dv.id,
            f"{key}.draft_submission": draft.id,
        }
    )


def _build(engine: Engine) -> World:
    create_schema(engine)
    with Session(engine) as s:
        load_bundled(s)
        p = make_people(s)
        ids: dict[str, Any] = {}
        _certified_product(s, p, "ent_a", "cert_x", "a-cell", ids, "A")
        _certified_product(s, p, "ent_b", "cert_y", "b-cell", ids, "B")
        ids["S.pcr_draft"] = wf.create_pcr_draft(
            p.std_s,
            s,
            code="battery.cell",
            version="1.0",
            title_zh="电芯",
            yaml_text=rule_text("battery-cell"),
        ).id
        pub = wf.create_pcr_draft(
            p.std_s,
            s,
            code="battery.pack",
            version="1.0",
            title_zh="电池包",
            yaml_text=rule_text("battery-pack"),
        )
        ids["S.pcr_published"] = wf.publish_pcr(p.std_s, s, pcr_id=pub.id).id
    return World(engine, p, ids)


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('world') / 'pcf.db'}")
        yield _build(engine)
        engine.dispose()
        return
    server = make_url(request.getfixturevalue("pg_server"))  # a database of its own beside the shared one
    name = f"pcf_wf_world_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
    engine = make_engine(server.set(database=name).render_as_string(hide_password=False))
    try:
        yield _build(engine)
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# --- reads --------------------------------------------------------------------------------------------
READ: dict[str, Callable[[wf.Actor, Session, Any], Any]] = {
    "product": lambda a, s, i: wf.get_product(a, s, product_id=i),
    "version": lambda a, s, i: wf.get_model_version(a, s, version_id=i),
    "submission": lambda a, s, i: wf.get_submission(a, s, submission_id=i),
    "findings": lambda a, s, i: wf.list_findings(a, s, submission_id=i),
    "history": lambda a, s, i: wf.submission_history(a, s, submission_id=i),
    "certificate": lambda a, s, i: wf.get_certificate(a, s, number=i),
    "pcr": lambda a, s, i: wf.get_pcr(a, s, pcr_id=i),
    "organisation": lambda a, s, i: wf.get_organisation(a, s, org_id=i),
}

READERS: dict[tuple[str, str], set[str]] = {}  # (reader, target) -> actors that may read
for _key, _ent, _body in (("A", "ent_a", "cert_x"), ("B", "ent_b", "cert_y")):
    READERS |= {
        ("product", f"{_key}.product"): {_ent, _body, "admin"},
        ("version", f"{_key}.version.frozen"): {_ent, _body, "admin"},
        ("version", f"{_key}.version.draft"): {_ent, "admin"},  # not submitted: the body does not see it
        ("submission", f"{_key}.submission"): {_ent, _body, "admin"},
        ("findings", f"{_key}.submission"): {_ent, _body, "admin"},
        ("history", f"{_key}.submission"): {_ent, _body, "admin"},
        ("certificate", f"{_key}.certificate"): {_ent, _body, "admin"},
        ("product", f"{_key}.draft_product"): {_ent, "admin"},
        ("version", f"{_key}.draft_product.version"): {_ent, "admin"},
        ("submission", f"{_key}.draft_submission"): {_ent, "admin"},  # chosen body, but not yet submitted
        ("organisation", f"org:{_ent}"): {_ent, _body, "admin"},
        ("organisation", f"org:{_body}"): EVERYONE,  # bodies are public: applicants choose one
    }
READERS |= {
    ("pcr", "S.pcr_draft"): {"std_s", "admin"},
    ("pcr", "S.pcr_published"): EVERYONE,
    ("organisation", "org:std_s"): EVERYONE,
}
READ_CASES = [
    pytest.param(reader, target, actor, actor in allowed, id=f"{actor}-{reader}-{target}")
    for (reader, target), allowed in READERS.items()
    for actor in ACTORS
]


def ident(world: World, target: str) -> Any:
    return world.people.orgs[target[4:]] if target.startswith("org:") else world.ids[target]


@pytest.mark.parametrize(("reader", "target", "actor", "allowed"), READ_CASES)
def test_read_matrix(world: World, reader: str, target: str, actor: str, allowed: bool) -> None:
    with Session(world.engine) as s:
        i = ident(world, target)
        if allowed:
            assert READ[reader](world.people.actors[actor], s, i) is not None
            return
        with pytest.raises(wf.NotFound) as hidden:
            READ[reader](world.people.actors[actor], s, i)
        missing_id = "CFP-JX-1999-999999" if reader == "certificate" else 999_999
        with pytest.raises(wf.NotFound) as missing:
            READ[reader](world.people.actors[actor], s, missing_id)
        # same type, same wording: a hidden object is indistinguishable from a missing one
        assert str(hidden.value) == str(missing.value).replace(repr(missing_id), repr(i))


LISTS = {  # actor -> what its list functions return, by world key
    "ent_a": {
        "products": {"A.product", "A.draft_product"},
        "submissions": {"A.submission", "A.draft_submission"},
        "certificates": {"A.certificate"},
    },
    "cert_x": {"products": {"A.product"}, "submissions": {"A.submission"}, "certificates": {"A.certificate"}},
    "ent_b": {
        "products": {"B.product", "B.draft_product"},
        "submissions": {"B.submission", "B.draft_submission"},
        "certificates": {"B.certificate"},
    },
    "cert_y": {"products": {"B.product"}, "submissions": {"B.submission"}, "certificates": {"B.certificate"}},
    "std_s": {"products": set(), "submissions": set(), "certificates": set()},
    "admin": {
        "products": {"A.product", "A.draft_product", "B.product", "B.draft_product"},
        "submissions": {"A.submission", "A.draft_submission", "B.submission", "B.draft_submission"},
        "certificates": {"A.certificate", "B.certificate"},
    },
}


@pytest.mark.parametrize("actor", list(LISTS))
def test_lists_show_exactly_what_the_actor_may_read(world: World, actor: str) -> None:
    a = world.people.actors[actor]
    expect = {k: {world.ids[t] for t in v} for k, v in LISTS[actor].items()}
    with Session(world.engine) as s:
        assert {p.id for p in wf.list_products(a, s)} == expect["products"]
        assert {x.id for x in wf.list_submissions(a, s)} == expect["submissions"]
        assert {c.number for c in wf.list_certificates(a, s)} == expect["certificates"]
        pcrs = {p.id for p in wf.list_pcrs(a, s)}
        assert (world.ids["S.pcr_draft"] in pcrs) == (actor in ("std_s", "admin"))
        assert world.ids["S.pcr_published"] in pcrs


# --- writes ---------------------------------------------------------------------------------------------
NF, AD, IT = wf.NotFound, wf.AccessDenied, wf.IllegalTransition
W: dict[str, Callable[[wf.Actor, Session, World, str], Any]] = {
    "save model version": lambda a, s, w, k: wf.save_model_version(
        a, s, product_id=w.ids[f"{k}.product"], yaml_text=model_text("x")
    ),
    "create submission": lambda a, s, w, k: wf.create_submission(
        a, s, product_id=w.ids[f"{k}.draft_product"]
    ),
    "submit draft": lambda a, s, w, k: submit_justified(a, s, w.ids[f"{k}.draft_submission"]),
    "cancel draft": lambda a, s, w, k: wf.cancel(a, s, submission_id=w.ids[f"{k}.draft_submission"]),
    "answer finding": lambda a, s, w, k: wf.answer_finding(
        a, s, finding_id=w.ids[f"{k}.finding"], answer="x"
    ),
    "add finding": lambda a, s, w, k: wf.add_finding(
        a, s, submission_id=w.ids[f"{k}.submission"], severity="major", text="x"
    ),
    "approve": lambda a, s, w, k: wf.approve(a, s, submission_id=w.ids[f"{k}.submission"]),
    "reassign": lambda a, s, w, k: wf.assign_certifier(
        a, s, submission_id=w.ids[f"{k}.draft_submission"], body_id=w.people.orgs["cert_y"]
    ),
    "suspend certificate": lambda a, s, w, k: wf.suspend(a, s, number=w.ids[f"{k}.certificate"], reason="x"),
    "withdraw certificate": lambda a, s, w, k: wf.withdraw(
        a, s, number=w.ids[f"{k}.certificate"], reason="x"
    ),
    "recompute certificate": lambda a, s, w, k: wf.recompute_certificate(
        a, s, number=w.ids[f"{k}.certificate"]
    ),
    "create organisation": lambda a, s, w, k: wf.create_organisation(a, s, kind="enterprise", name_zh="新"),
    "create user in A": lambda a, s, w, k: wf.create_user(
        a, s, org_id=w.people.orgs["ent_a"], username="new", password="long enough pw"
    ),
    "deactivate a user": lambda a, s, w, k: wf.set_user_active(
        a, s, user_id=w.people.ent_a.user_id, active=False
    ),
    "read audit log": lambda a, s, w, k: wf.audit_trail(a, s),
    "create PCR": lambda a, s, w, k: wf.create_pcr_draft(
        a, s, code="x", version="1", title_zh="x", yaml_text=rule_text("pv-module")
    ),
    "edit S's PCR draft": lambda a, s, w, k: wf.update_pcr_draft(
        a, s, pcr_id=w.ids["S.pcr_draft"], title_en="x"
    ),
    "publish S's PCR draft": lambda a, s, w, k: wf.publish_pcr(a, s, pcr_id=w.ids["S.pcr_draft"]),
    "retire S's published PCR": lambda a, s, w, k: wf.retire_pcr(a, s, pcr_id=w.ids["S.pcr_published"]),
    "import factors": lambda a, s, w, k: wf.import_factor_release(a, s, path="/nonexistent.csv"),
    "publish factor release": lambda a, s, w, k: wf.publish_factor_release(a, s, version="2026.1"),
}

ENTERPRISE_DATA = [
    "save model version",
    "create submission",
    "submit draft",
    "cancel draft",
    "answer finding",
]
DECISIONS = ["add finding", "approve", "suspend certificate", "withdraw certificate"]
WRITES: list[tuple[str, str, str, type[Exception]]] = []  # (actor, operation, whose data, expected)
for op in ENTERPRISE_DATA:
    WRITES += [
        ("ent_b", op, "A", NF),
        ("cert_y", op, "A", NF),
        ("std_s", op, "A", NF),
        ("admin", op, "A", AD),
    ]
    # the certifier sees A's submitted data but may not edit it; A's drafts it does not even see
    WRITES += [("cert_x", op, "A", NF if op in ("create submission", "submit draft", "cancel draft") else AD)]
for op in DECISIONS:
    WRITES += [
        ("ent_a", op, "A", AD),
        ("ent_b", op, "A", NF),
        ("cert_y", op, "A", NF),
        ("std_s", op, "A", NF),
        ("std_t", op, "A", NF),
        ("admin", op, "A", AD),
    ]
WRITES += [
    ("cert_x", "approve", "A", IT),  # its own body's submission, but already certified
    ("cert_x", "add finding", "A", IT),
    ("cert_x", "reassign", "A", NF),  # a draft is not visible to the chosen body yet
    ("ent_b", "reassign", "A", NF),
    ("ent_b", "recompute certificate", "A", NF),
    ("cert_y", "recompute certificate", "A", NF),
    ("std_s", "recompute certificate", "A", NF),
    ("cert_x", "recompute certificate", "B", NF),
]
for who in ("ent_a", "cert_x", "std_s"):
    WRITES += [
        (who, "create organisation", "-", AD),
        (who, "read audit log", "-", AD),
        (who, "deactivate a user", "-", AD if who == "ent_a" else NF),
    ]
WRITES += [
    ("ent_a", "create user in A", "-", AD),
    ("ent_b", "create user in A", "-", NF),
    ("cert_x", "create user in A", "-", AD),
]  # cert_x reviews A, so it sees A, but cannot manage it
for who in ("ent_a", "cert_x", "admin"):
    WRITES += [
        (who, "create PCR", "-", AD),
        (who, "import factors", "-", AD),
        (who, "publish factor release", "-", AD),
        (who, "edit S's PCR draft", "-", AD if who == "admin" else NF),
        (who, "publish S's PCR draft", "-", AD if who == "admin" else NF),
        (who, "retire S's published PCR", "-", AD),
    ]
WRITES += [
    ("std_t", "edit S's PCR draft", "-", NF),
    ("std_t", "publish S's PCR draft", "-", NF),
    ("std_t", "retire S's published PCR", "-", AD),
]


@pytest.mark.parametrize(
    ("actor", "op", "whose", "expected"), [pytest.param(*w, id=f"{w[0]}-{w[1]}-{w[2]}") for w in WRITES]
)
def test_write_matrix(world: World, actor: str, op: str, whose: str, expected: type[Exception]) -> None:
    with Session(world.engine) as s:
        before = audit_count(s)
        with pytest.raises(expected) as caught:
            W[op](world.people.actors[actor], s, world, whose)
        if expected is AD:
            assert f"user {actor!r}" in str(caught.value)  # the message names who tried
    with Session(world.engine) as s:
        assert audit_count(s) == before  # nothing changed, nothing logged


def test_access_denied_names_who_what_and_which_object(world: World) -> None:
    with Session(world.engine) as s, pytest.raises(wf.AccessDenied) as caught:
        wf.save_model_version(
            world.people.cert_x, s, product_id=world.ids["A.product"], yaml_text=model_text()
        )
    err = caught.value
    assert err.who == f"user 'cert_x' (certifier, certification_body #{world.people.orgs['cert_x']})"
    assert (err.what, err.target) == ("edit", f"product {world.ids['A.product']}")
    assert "only the owning organisation may change its data" in str(err)


def test_a_standards_body_cannot_approve_even_what_it_could_see(world: World) -> None:
    """The role check comes from the transition table, not only from visibility."""
    with Session(world.engine) as s, pytest.raises(wf.AccessDenied, match="only certifier may approve"):
        wf.approve(world.people.admin, s, submission_id=world.ids["A.submission"])


def test_read_views_are_frozen_copies(world: World) -> None:
    with Session(world.engine) as s:
        product = wf.get_product(world.people.ent_a, s, product_id=world.ids["A.product"])
        with pytest.raises(ValidationError, match="frozen"):
            product.owner_org_id = world.people.orgs["ent_b"]  # type: ignore[misc]
        cert = wf.get_certificate(world.people.cert_x, s, number=world.ids["A.certificate"])
        with pytest.raises(ValidationError, match="frozen"):
            cert.total = 0.0  # type: ignore[misc]


class TestPublicVerification:
    PUBLIC: ClassVar[set[str]] = {
        "number",
        "status",
        "holder_name_zh",
        "holder_name_en",
        "holder_identifier",
        "product_code",
        "product_name_zh",
        "product_name_en",
        "product_category",
        "total",
        "unit",
        "functional_unit",
        "gwp",
        "factor_release",
        "model_hash",
        "issued_on",
        "expires_on",
        "status_reason",
        "issuing_body_zh",
        "issuing_body_en",
    }

    def test_anyone_verifies_a_number_and_sees_public_fields_only(self, world: World) -> None:
        with Session(world.engine) as s:
            public = wf.verify_certificate(s, world.ids["A.certificate"])
            version = wf.get_model_version(world.people.ent_a, s, version_id=world.ids["A.version.frozen"])
        assert {f.name for f in dataclasses.fields(public)} == self.PUBLIC
        values = " ".join(str(v) for v in dataclasses.asdict(public).values())
        for secret in ("processes", "li2co3", "elec.grid", "by_stage", "inputs"):
            assert secret not in values and secret in version.yaml_text + version.result_json
        assert (public.total, public.model_hash) == (version.total, version.model_hash)
        assert public.status is wf.CertificateStatus.ACTIVE and public.issued_on == dt.date.today()

    @pytest.mark.parametrize("number", ["CFP-JX-2026-999999", "", "nonsense", "' OR 1=1 --"])
    def test_an_unknown_number_is_not_found(self, world: World, number: str) -> None:
        with Session(world.engine) as s, pytest.raises(wf.NotFound, match="no certificate"):
            wf.verify_certificate(s, number)
