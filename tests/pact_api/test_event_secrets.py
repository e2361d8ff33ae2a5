"""Event secrets are encrypted at rest (workflow.secret_box), on SQLite and PostgreSQL.

==============================================  ==========================================================
situation                                       expected
==============================================  ==========================================================
credentials saved                               column ``fernet:…``, never the secret; read back equal
PCF_SECRET_KEY set                              the database's own secret cannot open the column
a ``plain:`` row of before encryption           still read; sealed when saved again or by ``pcf db init``
PCF_SECRET_KEY changed                          `SecretUnreadable` naming the grant, in zh and en; the
                                                sender logs "not sent" and posts nothing; re-entering works
==============================================  ==========================================================

The end-to-end path (a sealed secret decrypted by another process, `pcf serve-pact`, to get a token at the
customer's host) is `test_event_auth.test_answer_carries_a_bearer_token_b_accepts`.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import Session, select
from typer.testing import CliRunner

import workflow as wf
from factors.db import make_engine
from pact_api import events as ev
from pact_api.outbox import RetryPolicy, TokenCache
from pcf_cli import app
from tests.pact_api.conftest import Receiver, certify, product_model
from tests.workflow.conftest import PASSWORD, make_people
from webapp.errors import describe
from workflow.secret_box import FERNET, SealedUnreadable, SecretBox, platform_secret
from workflow.sharing import create_grant
from workflow.sharing_events import (
    LABEL,
    EventCredentials,
    event_credentials,
    reseal_event_secrets,
    set_event_credentials,
)
from workflow.sharing_tables import PactEvent, PactEventAuth, SharingGrant
from workflow.tables import AuditLog

TOKEN_URL, CLIENT, SECRET = "https://pact.car.example/auth/token", "supplier-at-car", "issued-by-car-maker-7Q"


@pytest.fixture
def shop(loaded: Session, monkeypatch: pytest.MonkeyPatch) -> tuple[Session, object, int]:
    """An enterprise with a certified product, no PCF_SECRET_KEY (the database's own secret)."""
    monkeypatch.delenv("PCF_SECRET_KEY", raising=False)
    people = make_people(loaded)
    pid = wf.create_product(people.ent_a, loaded, code="cell", name_zh="电芯", category="battery.cell").id
    wf.save_model_version(people.ent_a, loaded, product_id=pid, yaml_text=product_model("cell"))
    certify(loaded, people, pid)
    return loaded, people, pid


def grant_with_credentials(s: Session, people: object, pid: int, events_url: str) -> int:
    grant, _ = create_grant(
        people.ent_a,  # type: ignore[attr-defined]
        s,
        customer_name="整车厂",
        product_ids=[pid],
        events_url=events_url,
        event_credentials=EventCredentials(TOKEN_URL, CLIENT, SECRET),
    )
    return int(grant.id)


def stored_secret(s: Session, grant_id: int) -> str:
    s.expire_all()
    row = s.get(PactEventAuth, grant_id)
    assert row is not None
    return row.secret


def make_plain(s: Session, grant_id: int, secret: str) -> None:
    """Write the row as the platform did before encryption."""
    s.execute(
        update(PactEventAuth).where(PactEventAuth.grant_id == grant_id).values(secret=f"plain:{secret}")
    )  # type: ignore[arg-type]
    s.commit()


class TestSealed:
    def test_the_column_never_holds_the_secret(self, shop: tuple) -> None:
        s, people, pid = shop
        gid = grant_with_credentials(s, people, pid, "https://pact.car.example/3/events")
        column = stored_secret(s, gid)
        assert column.startswith(FERNET) and SECRET not in column
        assert event_credentials(s, s.get(SharingGrant, gid)) == EventCredentials(TOKEN_URL, CLIENT, SECRET)
        set_event_credentials(  # saved again with the same secret: a new token (fresh IV), still readable
            people.ent_a,
            s,
            grant_id=gid,
            events_url="https://pact.car.example/3/events",
            token_url=TOKEN_URL,
            client_id=CLIENT,
            client_secret=SECRET,
        )
        again = stored_secret(s, gid)
        assert again.startswith(FERNET) and again != column and SECRET not in again
        assert event_credentials(s, s.get(SharingGrant, gid)).client_secret == SECRET  # type: ignore[union-attr]

    def test_with_pcf_secret_key_the_database_alone_cannot_open_it(
        self, shop: tuple, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        s, people, pid = shop
        monkeypatch.setenv("PCF_SECRET_KEY", "an operator's key kept outside the database")
        gid = grant_with_credentials(s, people, pid, "https://pact.car.example/3/events")
        assert event_credentials(s, s.get(SharingGrant, gid)).client_secret == SECRET  # type: ignore[union-attr]
        monkeypatch.delenv("PCF_SECRET_KEY")
        from_database = SecretBox(platform_secret(s), LABEL)  # all a thief of the database has
        with pytest.raises(SealedUnreadable, match="not readable with the current key"):
            from_database.unseal(stored_secret(s, gid))


class TestPlainRows:
    def test_read_and_sealed_when_saved_again(self, shop: tuple) -> None:
        s, people, pid = shop
        events = "https://pact.car.example/3/events"
        gid = grant_with_credentials(s, people, pid, events)
        make_plain(s, gid, "older-secret-in-clear")
        grant = s.get(SharingGrant, gid)
        assert event_credentials(s, grant).client_secret == "older-secret-in-clear"  # type: ignore[union-attr]
        set_event_credentials(  # the URL edited, the secret left blank: kept, and now sealed
            people.ent_a, s, grant_id=gid, events_url=events + "/", token_url=TOKEN_URL, client_id=CLIENT
        )
        column = stored_secret(s, gid)
        assert column.startswith(FERNET) and "older-secret-in-clear" not in column
        assert event_credentials(s, grant).client_secret == "older-secret-in-clear"  # type: ignore[union-attr]
        last = s.exec(select(AuditLog.detail).where(AuditLog.action == "sharing.event_credentials")).all()[-1]
        assert '"secret": "kept"' in last and "older-secret-in-clear" not in last

    def test_resealed_all_at_once(self, shop: tuple) -> None:
        s, people, pid = shop
        gids = [grant_with_credentials(s, people, pid, f"https://c{n}.example/3/events") for n in (1, 2)]
        make_plain(s, gids[0], "first-in-clear")
        assert reseal_event_secrets(s) == 1
        assert reseal_event_secrets(s) == 0  # nothing left in clear text
        assert [stored_secret(s, g).startswith(FERNET) for g in gids] == [True, True]
        assert event_credentials(s, s.get(SharingGrant, gids[0])).client_secret == "first-in-clear"  # type: ignore[union-attr]


class TestChangedKey:
    def test_refused_with_the_grant_and_what_to_do(
        self, shop: tuple, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        s, people, pid = shop
        events = "https://pact.car.example/3/events"
        gid = grant_with_credentials(s, people, pid, events)  # sealed under the database's own secret
        monkeypatch.setenv("PCF_SECRET_KEY", "set later by the operator")
        with pytest.raises(
            wf.SecretUnreadable, match=f"sharing grant {gid}: .* enter the event credentials"
        ) as e:
            event_credentials(s, s.get(SharingGrant, gid))
        assert e.value.code == "pact_event_secret_unreadable" and SECRET not in str(e.value)
        zh, en = describe(e.value, "zh").text, describe(e.value, "en").text
        assert f"共享授权 #{gid}" in zh and "重新填写" in zh and CLIENT in zh
        assert f"Sharing grant #{gid}" in en and "again" in en and "PCF_SECRET_KEY" in en
        with pytest.raises(wf.SecretUnreadable):  # keeping the unreadable secret is refused too
            set_event_credentials(
                people.ent_a, s, grant_id=gid, events_url=events, token_url=TOKEN_URL, client_id=CLIENT
            )
        set_event_credentials(  # re-entering them works, under the new key
            people.ent_a,
            s,
            grant_id=gid,
            events_url=events,
            token_url=TOKEN_URL,
            client_id=CLIENT,
            client_secret="issued-again",
        )
        assert event_credentials(s, s.get(SharingGrant, gid)).client_secret == "issued-again"  # type: ignore[union-attr]
        last = s.exec(select(AuditLog.detail).where(AuditLog.action == "sharing.event_credentials")).all()[-1]
        assert '"secret": "set"' in last

    def test_the_sender_logs_it_and_posts_nothing(
        self, shop: tuple, monkeypatch: pytest.MonkeyPatch, receiver: Receiver
    ) -> None:
        s, people, pid = shop
        gid = grant_with_credentials(s, people, pid, receiver.url)
        monkeypatch.setenv("PCF_SECRET_KEY", "changed")
        engine = s.get_bind()
        sent = ev.announce(engine, "//a/3/events", tokens=TokenCache(), policy=RetryPolicy(attempts=1))
        assert sent == 0 and receiver.events == []  # never downgraded to an unauthenticated post
        with Session(engine) as fresh:
            logged = fresh.exec(select(PactEvent.outcome).where(PactEvent.grant_id == gid)).all()
        assert len(logged) == 1 and logged[0].startswith("failed (bearer token): sharing grant ")
        assert logged[0].endswith("again (sharing page or `pcf pact events " + f"{gid}`); not sent")


@pytest.fixture
def db_url(_bundled_sqlite: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    shutil.copyfile(_bundled_sqlite, tmp_path / "cli.db")
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.delenv("PCF_SECRET_KEY", raising=False)
    monkeypatch.setenv("PCF_DATABASE_URL", url)
    monkeypatch.setenv("PCF_PASSWORD", PASSWORD)
    yield url


def test_cli_reseals_on_db_init_and_refuses_a_changed_key(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(db_url)
    with Session(engine) as s:
        people = make_people(s)
        pid = wf.create_product(people.ent_a, s, code="cell-a", name_zh="电芯").id
        wf.save_model_version(people.ent_a, s, product_id=pid, yaml_text=product_model("cell-a"))
        gid = grant_with_credentials(s, people, pid, "https://pact.car.example/3/events")
        make_plain(s, gid, "written-before-encryption")
    runner = CliRunner()
    done = runner.invoke(app, ["db", "init"])
    assert (
        done.exit_code == 0 and "1 PACT event secret(s) stored in clear text are now encrypted" in done.output
    )
    with Session(engine) as s:
        assert stored_secret(s, gid).startswith(FERNET)
    monkeypatch.setenv("PCF_SECRET_KEY", "a new key")
    keep = [*("pact", "events", str(gid), "--events-url", "https://pact.car.example/3/events")]
    keep += [*("--token-url", TOKEN_URL, "--client-id", CLIENT, "--client-secret", "", "--user", "ent_a")]
    refused = runner.invoke(app, keep)
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1 and f"sharing grant {gid}: the stored event secret" in said
    assert "enter the event credentials" in said and "Traceback" not in refused.output
    listed = runner.invoke(app, ["pact", "grants", "--user", "ent_a", "--json"])  # listing needs no secret
    assert listed.exit_code == 0 and json.loads(listed.output)[0]["event_client_id"] == CLIENT
    engine.dispose()
