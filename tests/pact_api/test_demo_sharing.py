"""`pcf demo` shares the demo enterprise's certified footprint with the demo customer (README credentials)."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlmodel import Session, select

import workflow as wf
from factors.db import make_engine
from workflow.sharing import authenticate_client, served_footprints
from workflow.sharing_demo import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, seed_demo_sharing
from workflow.sharing_tables import SharingGrant
from workflow.tables import Certificate, Submission

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_demo_serves_a_footprint_to_the_demo_customer(_bundled_sqlite: str, tmp_path: Path) -> None:
    shutil.copyfile(_bundled_sqlite, tmp_path / "demo.db")
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    with Session(engine) as s:
        wf.seed_demo(s)
        made, notes = seed_demo_sharing(s)  # what `pcf demo` runs after the seed
        assert made >= 1, notes
        queue = s.exec(select(Submission.state).where(Submission.state == "submitted")).all()
        assert queue == ["submitted"]  # the demo submission still waits for the certifier
        grant = authenticate_client(s, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)
        docs = served_footprints(s, grant)
        assert len(docs) >= 1 and all(d["status"] in ("Active", "Deprecated") for d in docs)
        certified = s.exec(select(Certificate)).all()
        assert {d["pcf"]["verification"]["comments"] for d in docs} <= {
            f"certificate {c.number}" for c in certified
        }
        assert seed_demo_sharing(s) == (0, []) and len(s.exec(select(SharingGrant)).all()) == 1
    engine.dispose()
    assert DEMO_CLIENT_ID in README and DEMO_CLIENT_SECRET in README
