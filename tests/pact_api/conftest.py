"""Fixtures of the PACT host tests: a supplier's store with certified products, the real server on a free
port (uvicorn in a thread, or `pcf serve-pact` in a subprocess), an events receiver, and the v3 schemas.

World of the conformance suite (enterprise ``ent_a``, certification body ``cert_x``):

=========  ======================================  ==========================  ===========================
product    certificates                            shared with customer         served footprints
=========  ======================================  ==========================  ===========================
cell-a     two (v1 with 8 kWh, then v2 with 9 kWh)  yes                          v1 Deprecated, v2 Active
cell-b     one, with a UN CPC classification       yes                          Active
cell-c     one                                     no (another grant)           — (403 to this customer)
cell-d     none                                    yes                          —
=========  ======================================  ==========================  ===========================
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy.engine import Engine
from sqlmodel import Session

import workflow as wf
import workflow.sharing
import workflow.tables
from factors.db import make_engine
from tests.workflow.conftest import CHEAP_HASHER, PASSWORD, accept_rule_findings, make_people, model_text
from tests.workflow.conftest import submit as submit_justified
from workflow import accounts
from workflow.sharing import create_grant

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("PCF_SHARED_DIR") or ROOT / ".." / "shared")
OPENAPI = SHARED / "pact" / "v3" / "openapi.yaml"
CUSTOMER_ID, CUSTOMER_SECRET = "customer-one", "customer-one-secret"
OTHER_ID, OTHER_SECRET = "customer-two", "customer-two-secret"
CPC = "urn:pact:productclassification:un-cpc:46410"
# Carbon content of the test models: 0.95 kg synthetic graphite per cell, graphite is elemental carbon
# (mass fraction 1); aluminium and the cathode's LiFePO4 hold none (footprint.exchange.carbon_content).
CARBON = "x-pact:\n  fossil_carbon_content: 0.95\n  biogenic_carbon_content: 0\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def product_model(code: str, *, cathode_kwh: float = 8, classification: bool = False) -> str:
    """The demo LFP-cell model as product `code`, with PACT carbon content (and a CPC classification)."""
    extra = CARBON + (f"  product_classifications: ['{CPC}']\n" if classification else "")
    return extra + model_text(code, cathode_kwh=cathode_kwh)


def certify(session: Session, people: Any, product_id: int) -> wf.CertificateRead:
    """Submit the product's latest version to cert_x and drive it to a certificate (the real workflow)."""
    sub = wf.create_submission(
        people.ent_a, session, product_id=product_id, certification_body_id=people.orgs["cert_x"]
    )
    submit_justified(people.ent_a, session, sub.id)  # the demo model's rule errors justified
    wf.start_review(people.cert_x, session, submission_id=sub.id)
    accept_rule_findings(people.cert_x, session, sub.id)  # and the justifications accepted
    wf.approve(people.cert_x, session, submission_id=sub.id)
    return wf.issue_certificate(people.cert_x, session, submission_id=sub.id)


@dataclass
class World:
    """The supplier's database and what the tests need to know about it."""

    url: str
    engine: Engine
    people: Any
    products: dict[str, int] = field(default_factory=dict)
    certificates: dict[str, list[str]] = field(default_factory=dict)
    grant_id: int = 0


def build_world(url: str) -> World:
    """Products cell-a … cell-d of enterprise A, certified as in the module docstring, and two grants."""
    engine = make_engine(url)
    with Session(engine) as s:
        people = make_people(s)
        world = World(url, engine, people)
        for code, classification in (
            ("cell-a", False),
            ("cell-b", True),
            ("cell-c", False),
            ("cell-d", False),
        ):
            pid = wf.create_product(
                people.ent_a, s, code=code, name_zh=f"电芯 {code}", category="battery.cell"
            ).id
            wf.save_model_version(
                people.ent_a, s, product_id=pid, yaml_text=product_model(code, classification=classification)
            )
            world.products[code] = pid
        for code in ("cell-a", "cell-b", "cell-c"):
            world.certificates[code] = [certify(s, people, world.products[code]).number]
        wf.save_model_version(
            people.ent_a,
            s,
            product_id=world.products["cell-a"],
            yaml_text=product_model("cell-a", cathode_kwh=9),
        )
        world.certificates["cell-a"].append(certify(s, people, world.products["cell-a"]).number)
        shared = [world.products[c] for c in ("cell-a", "cell-b", "cell-d")]
        grant, _ = create_grant(
            people.ent_a,
            s,
            customer_name="客户一",
            product_ids=shared,
            client_id=CUSTOMER_ID,
            client_secret=CUSTOMER_SECRET,
        )
        world.grant_id = grant.id
        create_grant(
            people.ent_a,
            s,
            customer_name="客户二",
            product_ids=[world.products["cell-c"]],
            client_id=OTHER_ID,
            client_secret=OTHER_SECRET,
        )
    return world


class ServerThread:
    """The host application served by uvicorn in a thread on a free port."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the PACT host did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def serve_subprocess(url: str, *, announce_seconds: float = 0) -> tuple[subprocess.Popen[bytes], str]:
    """`pcf serve-pact --port N` on the database at `url`, started and answering."""
    port = free_port()
    env = {
        **os.environ,
        "PCF_DATABASE_URL": url,
        "PYTHONPATH": str(ROOT),
        "PCF_PACT_ANNOUNCE_SECONDS": str(announce_seconds),
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", "from pcf_cli import main; main()", "serve-pact", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"pcf serve-pact exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            httpx.get(f"{base}/3/footprints", timeout=1)
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("pcf serve-pact did not answer within 60 s")


class Receiver:
    """A data recipient's /3/events endpoint: an HTTP server that keeps every event posted to it."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                outer.events.append(json.loads(body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *_args: object) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/3/events"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def wait_for(self, kind: str, timeout: float = 20) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for e in self.events:
                if e.get("type", "").endswith(kind):
                    return e
            time.sleep(0.05)
        raise AssertionError(
            f"no {kind} arrived within {timeout} s; got {[e.get('type') for e in self.events]}"
        )

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session", autouse=True)
def cheap_argon2_pact() -> Iterator[None]:
    """Cheap argon2id parameters for the in-process server (client secrets are argon2id hashes too)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(accounts, "hasher", lambda: CHEAP_HASHER)
        yield


@pytest.fixture(scope="module")
def world(_bundled_sqlite: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    path = tmp_path_factory.mktemp("pact") / "supplier.db"
    shutil.copyfile(_bundled_sqlite, path)
    w = build_world(f"sqlite:///{path}")
    yield w
    w.engine.dispose()


@pytest.fixture(scope="module")
def host(world: World) -> Iterator[ServerThread]:
    from pact_api import create_app

    with ServerThread(create_app(world.engine, announce_seconds=0)) as server:
        yield server


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


@pytest.fixture(scope="session")
def api_schema() -> Callable[[str], Draft202012Validator]:
    """A validator of any schema of the v3 OpenAPI document: ``api_schema('ProductFootprint')``."""
    api = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    cache: dict[str, Draft202012Validator] = {}

    def get(name: str) -> Draft202012Validator:
        if name not in cache:
            cache[name] = Draft202012Validator(
                {"$ref": f"#/components/schemas/{name}", "components": api["components"]},
                format_checker=FormatChecker(),
            )
        return cache[name]

    get.api = api  # type: ignore[attr-defined]
    return get


def token_of(base: str, client_id: str = CUSTOMER_ID, secret: str = CUSTOMER_SECRET) -> str:
    r = httpx.post(f"{base}/auth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret))
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


PASSWORD_OF_PEOPLE = PASSWORD
