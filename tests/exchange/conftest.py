"""Fixtures of the exchange tests: one factor database and one calculated study per model for the session.

The bundled factor release is loaded once into a session SQLite file (loading it per test takes seconds);
tests of the database path on both backends use the `loaded` fixture of tests/conftest.py directly.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from footprint.exchange.options import Certification, ExportOptions
from footprint.exchange.study import Study, build_study

ROOT = Path(__file__).resolve().parents[2]
# ../shared beside the project root, as every developer and CI has it; PCF_SHARED_DIR overrides.
SHARED = Path(os.environ.get("PCF_SHARED_DIR") or ROOT / ".." / "shared")
PACT = SHARED / "pact"
MODELS = Path(__file__).resolve().parent / "models"
FIXTURES = sorted(MODELS.glob("*.yaml"))
EXAMPLES = sorted((ROOT / "products" / "examples").glob("*.yaml"))
# every model that calculates on its own (cell_with_supplier needs an imported factor first)
CALCULABLE = [p for p in FIXTURES if p.name != "cell_with_supplier.yaml"] + EXAMPLES
CREATED = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)
OPTIONS = ExportOptions(created=CREATED, study_url="https://example.org/studies/fixture.pdf")
CERT = Certification(
    "CQC-TEST-2025-0001", "测试认证机构", dt.date(2025, 6, 1), "https://example.org/verify/CQC-TEST-2025-0001"
)


def model_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.fixture(scope="session")
def factor_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a SQLite database holding the bundled factor release (one load per session)."""
    from sqlmodel import Session

    from factors.bundled import load_bundled
    from factors.db import create_schema, make_engine

    url = f"sqlite:///{tmp_path_factory.mktemp('factors') / 'pcf.db'}"
    engine = make_engine(url)
    create_schema(engine)
    with Session(engine) as session:
        load_bundled(session)
    engine.dispose()
    yield url


@pytest.fixture(scope="session")
def study_of(factor_db: str) -> Callable[[Path], Study]:
    """Calculate a model file once per session (a cached `Study`)."""
    from sqlmodel import Session

    from factors.db import make_engine
    from footprint.model import load_model
    from footprint.sources import DatabaseFactors

    engine = make_engine(factor_db)
    cache: dict[Path, Study] = {}

    def get(path: Path) -> Study:
        if path not in cache:
            model = load_model(path)
            with Session(engine) as session:
                cache[path] = build_study(model, DatabaseFactors(session, model.factor_release))
        return cache[path]

    return get


@pytest.fixture(scope="session")
def pact_validator() -> Callable[[str], Draft202012Validator]:
    """The validator of `components/schemas/ProductFootprint` of a PACT version's OpenAPI file (v2, v3)."""
    cache: dict[str, Draft202012Validator] = {}

    def get(version: str) -> Draft202012Validator:
        if version not in cache:
            api = yaml.safe_load((PACT / version / "openapi.yaml").read_text(encoding="utf-8"))
            schema = {"$ref": "#/components/schemas/ProductFootprint", "components": api["components"]}
            cache[version] = Draft202012Validator(schema, format_checker=FormatChecker())
        return cache[version]

    return get


@pytest.fixture
def cell(study_of: Callable[[Path], Study]) -> Study:
    return study_of(MODELS / "lfp_cell.yaml")


@pytest.fixture
def cathode(study_of: Callable[[Path], Study]) -> Study:
    return study_of(MODELS / "lfp_cathode.yaml")


def study_from_data(data: dict, factor_db: str, *, file: str = "<test model>") -> Study:
    """Calculate a model given as parsed data (a fixture changed in a test)."""
    from sqlmodel import Session

    from factors.db import make_engine
    from footprint.model import parse_model
    from footprint.sources import DatabaseFactors

    engine = make_engine(factor_db)
    try:
        with Session(engine) as session:
            return build_study(parse_model(data, file=file), DatabaseFactors(session))
    finally:
        engine.dispose()


def model_data(name: str) -> dict:
    """The parsed YAML of a fixture model, to change in a test."""
    return yaml.safe_load((MODELS / name).read_text(encoding="utf-8"))
