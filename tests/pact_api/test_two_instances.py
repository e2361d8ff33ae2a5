"""Two platform instances on separate databases exchange a footprint over PACT v3, end to end.

The cathode supplier (SQLite file A, its own `pcf serve-pact`) certifies its LFP cathode material
(products/examples/lfp-cathode.yaml) through the real workflow and shares it with the cell maker. The cell
maker (SQLite file B, its own `pcf serve-pact`) pulls it with `pcf pact pull` into its cell model
(tests/exchange/models/cell_with_supplier.yaml: 0.78 kg of cathode material per cell), saves the model in
its store, and its cell total grows by exactly 0.78 kg × the supplier's kg CO2e per kg. The supplier
certifies a second version (less steam per kg); the next pull shows the change as a diff and the total
follows. The supplier revokes the grant; the next pull is refused and the model is left as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from sqlmodel import Session, select

import workflow as wf
from factors.db import make_engine
from tests.pact_api.conftest import ROOT, certify, serve_subprocess
from tests.workflow.conftest import make_people
from workflow.sharing import create_grant, revoke_grant
from workflow.tables import AuditLog

CATHODE = (ROOT / "products" / "examples" / "lfp-cathode.yaml").read_text(encoding="utf-8")
CELL = ROOT / "tests" / "exchange" / "models" / "cell_with_supplier.yaml"


def less_heat(text: str) -> str:
    """The cathode model with its first heat input (MJ) cut by a fifth: a newer, lower footprint."""
    found = re.search(r"amount: ([0-9.]+)(\n\s+unit: MJ)", text)
    assert found is not None, "the cathode example has no input in MJ"
    new = round(float(found.group(1)) * 0.8, 4)
    return text[: found.start()] + f"amount: {new}{found.group(2)}" + text[found.end() :]


CATHODE_PER_CELL = 0.78  # kg, the cell model's cathode input
CLIENT, SECRET = "cell-maker", "cell-maker-secret-1"


def pcf(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PCF_DATABASE_URL": url, "PYTHONPATH": str(ROOT), "PCF_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-c", "from pcf_cli import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def cell_total(engine: Any, people: Any, product_id: int, model: Path) -> float:
    """Save the cell model as a new version in the cell maker's store; its stored total."""
    with Session(engine) as s:
        version = wf.save_model_version(
            people.ent_a, s, product_id=product_id, yaml_text=model.read_text(encoding="utf-8")
        )
    return float(version.total)


@pytest.fixture
def instances(_bundled_sqlite: str, tmp_path: Path) -> Iterator[dict[str, Any]]:
    urls = {}
    for name in ("supplier", "cellmaker"):
        shutil.copyfile(_bundled_sqlite, tmp_path / f"{name}.db")
        urls[name] = f"sqlite:///{tmp_path / name}.db"
    procs = []
    try:
        out: dict[str, Any] = {"urls": urls}
        for name, url in urls.items():
            out[name] = make_engine(url)
            with Session(out[name]) as s:
                out[f"{name}_people"] = make_people(s)
            proc, base = serve_subprocess(url)
            procs.append(proc)
            out[f"{name}_host"] = base
        yield out
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=20)
        for name in urls:
            if name in out:
                out[name].dispose()


def test_supplier_footprint_flows_into_the_cell_model(instances: dict[str, Any], tmp_path: Path) -> None:
    supplier, sp = instances["supplier"], instances["supplier_people"]
    cellmaker, cp = instances["cellmaker"], instances["cellmaker_people"]
    host = instances["supplier_host"]

    # the supplier: its cathode material, certified, shared with the cell maker
    with Session(supplier) as s:
        cathode = wf.create_product(sp.ent_a, s, code="lfp-cathode-material", name_zh="磷酸铁锂正极材料").id
        wf.save_model_version(sp.ent_a, s, product_id=cathode, yaml_text=CATHODE)
        first = certify(s, sp, cathode)
        grant, _ = create_grant(
            sp.ent_a, s, customer_name="电芯厂", product_ids=[cathode], client_id=CLIENT, client_secret=SECRET
        )
    v1 = first.total  # kg CO2e per kg, the certificate's figure

    # the cell maker: its cell model without the supplier factor, and the same model without the cathode
    model = tmp_path / "cell.yaml"
    shutil.copyfile(CELL, model)
    base_model = tmp_path / "cell-without-cathode.yaml"
    data = yaml.safe_load(CELL.read_text(encoding="utf-8"))
    data["processes"]["cell"]["inputs"] = [
        i for i in data["processes"]["cell"]["inputs"] if i.get("factor") != "supplier.lfp-cathode"
    ]
    base_model.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with Session(cellmaker) as s:
        cell = wf.create_product(cp.ent_a, s, code="fixture-cell-supplier-pcf", name_zh="电芯").id
    without = cell_total(cellmaker, cp, cell, base_model)

    pull = (
        "pact",
        "pull",
        host,
        "--client-id",
        CLIENT,
        "--client-secret",
        SECRET,
        "--into",
        str(model),
        "--code",
        "supplier.lfp-cathode",
        "--json",
    )
    r = pcf(*pull, url=instances["urls"]["cellmaker"])
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["added"] is True and report["value"] == pytest.approx(v1, rel=1e-4)
    factor = yaml.safe_load(model.read_text(encoding="utf-8"))["factors"]["supplier.lfp-cathode"]
    prov = factor["provenance"]
    assert prov["pact_id"] == report["pf_id"] and prov["host"] == host
    assert prov["company_name"].startswith("示例正极材料企业")
    assert prov["validity_period"]["end"] == f"{first.expires_on + dt.timedelta(days=1)}T00:00:00Z"
    assert prov["data_quality"]["verification"]["comments"] == f"certificate {first.number}"
    with_v1 = cell_total(cellmaker, cp, cell, model)
    assert with_v1 - without == pytest.approx(CATHODE_PER_CELL * factor["value"], rel=1e-9)

    # a newer certified footprint: the pull shows the diff and the total follows
    with Session(supplier) as s:
        wf.save_model_version(
            sp.ent_a,
            s,
            product_id=cathode,
            yaml_text=less_heat(CATHODE),
        )
        second = certify(s, sp, cathode)
    assert second.total < v1
    r = pcf(*pull, url=instances["urls"]["cellmaker"])
    assert r.returncode == 0, r.stderr
    report2 = json.loads(r.stdout)
    changes = {c["field"]: (c["old"], c["new"]) for c in report2["changes"]}
    assert report2["added"] is False and changes["provenance.pact_id"] == (report["pf_id"], report2["pf_id"])
    assert changes["value"][0] == factor["value"] and changes["value"][1] == pytest.approx(
        second.total, rel=1e-4
    )
    new_value = yaml.safe_load(model.read_text(encoding="utf-8"))["factors"]["supplier.lfp-cathode"]["value"]
    with_v2 = cell_total(cellmaker, cp, cell, model)
    assert with_v2 - with_v1 == pytest.approx(CATHODE_PER_CELL * (new_value - factor["value"]), rel=1e-9)
    assert "fixture.placeholder" in model.read_text(encoding="utf-8")  # the rest of the model kept

    print(
        f"\ntwo instances: cathode v1 {factor['value']} v2 {new_value} kg CO2e/kg; cell without cathode "
        f"{without:.6f}, with v1 {with_v1:.6f} (+{with_v1 - without:.6f}), with v2 {with_v2:.6f} "
        f"({with_v2 - with_v1:+.6f})"
    )

    # the supplier revokes: the next pull is refused with the reason, the model is untouched
    with Session(supplier) as s:
        revoke_grant(sp.ent_a, s, grant_id=grant.id, reason="supply contract ended")
    before = model.read_text(encoding="utf-8")
    r = pcf(*pull, url=instances["urls"]["cellmaker"])
    assert r.returncode == 1 and "revoked" in r.stderr
    assert model.read_text(encoding="utf-8") == before

    # the supplier's audit log has every access of the cell maker's client
    with Session(supplier) as s:
        actions = s.exec(select(AuditLog.action).where(AuditLog.actor == f"pact-client:{CLIENT}")).all()
    assert actions.count("pact.list") == 2 and actions[-1] == "pact.token_refused"

    # the cell maker's own host is a second, independent instance: it shares nothing with the supplier
    r2 = httpx.post(
        f"{instances['cellmaker_host']}/auth/token",
        data={"grant_type": "client_credentials"},
        auth=(CLIENT, SECRET),
    )
    assert r2.status_code == 401
