"""The demo seed: fictional and marked, documented passwords, idempotent, example or built-in models."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

import workflow as wf
from tests.workflow.conftest import PASSWORD, audit_count, model_text
from workflow import demo
from workflow.tables import ModelVersion, Organisation, Product, Submission, User


def counts(session: Session) -> tuple[int, ...]:
    return tuple(
        len(session.exec(select(t)).all()) for t in (Organisation, User, Product, ModelVersion, Submission)
    )


def test_seed_on_an_empty_database_then_again(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    real = demo.example_models
    monkeypatch.setattr(demo, "example_models", lambda: real(Path("/nonexistent")))
    seed = wf.seed_demo(session)  # loads the bundled release itself
    assert seed.products == ("demo-lfp-cell-280ah",) and seed.skipped == ()
    from products.rules import list_rules

    rules = len(list_rules())  # the bundled rules, published as version 1 of the demo standards body
    # admin org+user, 3 orgs+users, the published rules, product+version, submission
    assert seed.created == 2 + 3 * 2 + rules + 2 + 1
    orgs = session.exec(select(Organisation)).all()
    assert all(o.demo for o in orgs) and all("演示" in o.name_zh for o in orgs)
    assert {o.kind for o in orgs} == set(wf.OrgKind)
    for username, password in wf.DEMO_PASSWORDS.items():
        assert wf.authenticate(session, username, password=password).username == username
        assert username in (demo.__doc__ or "") and password in (demo.__doc__ or "")
    certifier = wf.authenticate(session, "demo-certifier", password=wf.DEMO_PASSWORDS["demo-certifier"])
    assert [x.state for x in wf.list_submissions(certifier, session)] == [wf.SubmissionState.SUBMITTED]

    before, logged = counts(session), audit_count(session)
    again = wf.seed_demo(session)
    assert again.created == 0 and counts(session) == before and audit_count(session) == logged
    assert again.org_ids == seed.org_ids


def test_products_come_from_the_examples_folder_and_broken_ones_are_reported(
    loaded: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a-cell.yaml").write_text(model_text("example-cell-a"), encoding="utf-8")
    (tmp_path / "b-cell.yaml").write_text(model_text("example-cell-b", cathode_kwh=9), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text(
        model_text("broken").replace("li2co3.lepidolite.CN", "no.such.factor"), encoding="utf-8"
    )
    real = demo.example_models
    monkeypatch.setattr(demo, "example_models", lambda: real(tmp_path))
    seed = wf.seed_demo(loaded)
    assert seed.products == ("example-cell-a", "example-cell-b")
    assert len(seed.skipped) == 1 and seed.skipped[0].startswith("broken.yaml: ")
    enterprise = wf.authenticate(loaded, "demo-enterprise", password=wf.DEMO_PASSWORDS["demo-enterprise"])
    assert [p.code for p in wf.list_products(enterprise, loaded)] == ["example-cell-a", "example-cell-b"]


def test_the_builtin_model_uses_real_factor_codes_of_the_bundled_release(loaded: Session) -> None:
    ev = wf.evaluate(loaded, demo.BUILTIN_MODEL)
    assert ev.release == "2026.2" and ev.result.total > 0
    assert {f["origin"] for f in ev.result.factors} == {"database"}
    assert {f["code"] for f in ev.result.factors} == {
        "elec.grid.CN-JX.2023",
        "li2co3.lepidolite.CN",
        "graphite.synthetic.ecoinvent-model.CN",
        "aluminium.primary.CN.2020",
    }


def test_the_demo_is_not_seeded_beside_a_real_admin(session: Session) -> None:
    from factors import load_bundled

    load_bundled(session)
    wf.bootstrap_admin(session, username="root", password=PASSWORD, org_name_zh="真实平台")
    with pytest.raises(wf.Conflict, match="already has a real platform admin"):
        wf.seed_demo(session)
