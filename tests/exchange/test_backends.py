"""The exports on the factor database of each backend (SQLite and PostgreSQL, fixture `loaded`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import Session

from footprint.exchange.olca import write_olca
from footprint.exchange.pact import pact_v3
from footprint.exchange.study import Study, load_study
from footprint.sources import DatabaseFactors
from tests.exchange.conftest import MODELS, OPTIONS
from tests.exchange.olca_readback import total_of_zip


def test_exports_agree_on_every_backend(
    loaded: Session, cell: Study, pact_validator: Callable, tmp_path: Path
) -> None:
    study = load_study(MODELS / "lfp_cell.yaml", DatabaseFactors(loaded))
    assert study.result.total == pytest.approx(cell.result.total, rel=1e-12)
    doc = pact_v3(study, OPTIONS)
    assert list(pact_validator("v3").iter_errors(doc)) == []
    assert doc == pact_v3(cell, OPTIONS)  # same content hash, release, numbers
    zipped = write_olca(study, tmp_path / "cell.zip")
    assert total_of_zip(zipped) == pytest.approx(study.result.total, rel=1e-9)
