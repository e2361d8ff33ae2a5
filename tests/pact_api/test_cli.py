"""`pcf pact grant | grants | revoke` as an enterprise user, on a real database (CliRunner)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

import workflow as wf
from factors.db import make_engine
from pcf_cli import app
from tests.pact_api.conftest import certify, product_model
from tests.workflow.conftest import PASSWORD, make_people

runner = CliRunner()


@pytest.fixture
def db_url(_bundled_sqlite: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    shutil.copyfile(_bundled_sqlite, tmp_path / "cli.db")
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    with Session(engine) as s:
        people = make_people(s)
        pid = wf.create_product(people.ent_a, s, code="cell-a", name_zh="电芯").id
        wf.save_model_version(people.ent_a, s, product_id=pid, yaml_text=product_model("cell-a"))
        certify(s, people, pid)
    engine.dispose()
    monkeypatch.setenv("PCF_DATABASE_URL", url)
    monkeypatch.setenv("PCF_PASSWORD", PASSWORD)
    return url


def test_grant_list_revoke(db_url: str) -> None:
    made = runner.invoke(
        app,
        [
            "pact",
            "grant",
            "--user",
            "ent_a",
            "--customer",
            "整车厂",
            "--product",
            "cell-a",
            "--client-id",
            "car-01",
            "--json",
        ],
    )
    assert made.exit_code == 0, made.output
    out = json.loads(made.output)
    assert out["client_id"] == "car-01" and len(out["client_secret"]) >= 24 and out["products"] == ["cell-a"]
    listed = json.loads(runner.invoke(app, ["pact", "grants", "--user", "ent_a", "--json"]).output)
    assert [(g["client_id"], g["state"]) for g in listed] == [("car-01", "active")]
    done = runner.invoke(
        app, ["pact", "revoke", str(out["grant_id"]), "--reason", "ended", "--user", "ent_a"]
    )
    assert done.exit_code == 0 and "revoked" in done.output
    listed = json.loads(runner.invoke(app, ["pact", "grants", "--user", "ent_a", "--json"]).output)
    assert listed[0]["state"] == "revoked"


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["--product", "no-such"], "no product with this code"),
        (["--product", "cell-a", "--user", "cert_x"], "your organisation has no product"),
        (["--product", "cell-a", "--expires", "soon"], "YYYY-MM-DD"),
    ],
)
def test_refusals_are_sentences(db_url: str, args: list[str], why: str) -> None:
    base = ["pact", "grant", "--customer", "x"]
    if "--user" not in args:
        base += ["--user", "ent_a"]
    result = runner.invoke(app, base + args)
    assert result.exit_code != 0 and why in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_event_credentials_set_listed_and_removed(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from workflow.sharing_events import event_credentials
    from workflow.sharing_tables import SharingGrant

    events, token = "https://pact.car.example/3/events", "https://pact.car.example/auth/token"
    monkeypatch.setenv("PCF_EVENT_CLIENT_SECRET", "issued-by-the-car-maker")  # not on the command line
    made = runner.invoke(
        app,
        [
            *("pact", "grant", "--user", "ent_a", "--customer", "整车厂", "--product", "cell-a"),
            *("--client-id", "car-02", "--events-url", events, "--event-token-url", token),
            *("--event-client-id", "supplier-at-car", "--json"),
        ],
    )
    assert made.exit_code == 0, made.output
    assert "issued-by-the-car-maker" not in made.output
    grant_id = json.loads(made.output)["grant_id"]
    listed = json.loads(runner.invoke(app, ["pact", "grants", "--user", "ent_a", "--json"]).output)
    assert [(g["events_url"], g["event_client_id"]) for g in listed] == [(events, "supplier-at-car")]
    assert "issued-by-the-car-maker" not in json.dumps(listed)
    engine = make_engine(db_url)
    with Session(engine) as s:
        stored = event_credentials(s, s.get(SharingGrant, grant_id))
    assert stored is not None and (stored.token_url, stored.client_secret) == (
        token,
        "issued-by-the-car-maker",
    )

    removed = runner.invoke(app, ["pact", "events", str(grant_id), "--events-url", events, "--user", "ent_a"])
    assert removed.exit_code == 0 and "unauthenticated" in removed.output
    refused = runner.invoke(
        app,
        [
            *("pact", "events", str(grant_id), "--events-url", "", "--token-url", token),
            *("--client-id", "supplier-at-car", "--user", "ent_a"),
        ],
    )
    assert refused.exit_code != 0 and "events URL" in refused.output and "Traceback" not in refused.output
    with Session(engine) as s:
        assert event_credentials(s, s.get(SharingGrant, grant_id)) is None
    engine.dispose()
