"""The standard-library read path of `pcf calc` (`factors.sqlite_read`, `footprint.sqlite_source`) answers
exactly as the SQLModel layer does: the same factor records (values and types), GWP tables, release choice,
results and errors; anything it does not read itself goes to `DatabaseFactors`."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from factors.errors import DraftRelease, ReleaseNotFound
from factors.releases import create_draft, list_releases
from factors.vocab import CALC_GWP_SETS
from footprint.calculate import calculate
from footprint.model import load_model
from footprint.sources import DatabaseFactors
from footprint.sqlite_source import SqliteFactors, database_source

EXAMPLES = Path(__file__).resolve().parents[2] / "products" / "examples"


@pytest.fixture
def sqlite_db(tmp_path: Path, _bundled_sqlite: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A copy of the bundled SQLite database, configured as PCF_DATABASE_URL."""
    import shutil

    from factors.db import make_engine

    target = tmp_path / "pcf.db"
    shutil.copyfile(_bundled_sqlite, target)
    monkeypatch.setenv("PCF_DATABASE_URL", f"sqlite:///{target}")
    eng = make_engine(f"sqlite:///{target}")
    yield eng
    eng.dispose()


def _strict(value: object) -> object:
    """A record as nested plain values with their types, so 1 and 1.0 (or a str and an enum) differ."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__name__,
            {f.name: _strict(getattr(value, f.name)) for f in dataclasses.fields(value)},
        )
    if isinstance(value, dict):
        return {k: _strict(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_strict(v) for v in value]
    return (type(value).__name__, value)


def test_every_factor_and_gwp_table_reads_the_same(sqlite_db: Engine) -> None:
    with Session(sqlite_db) as session, database_source() as lite:
        full = DatabaseFactors(session, None, allow_draft=False)
        assert isinstance(lite, SqliteFactors)
        assert (lite.release, lite.release_label, lite.draft) == (
            full.release,
            full.release_label,
            full.draft,
        )
        codes = full.known_codes()
        assert len(codes) > 400
        ours, theirs = lite.get([*codes, "no.such.code"]), full.get([*codes, "no.such.code"])
        assert set(ours) == set(theirs) == set(codes)
        for code in codes:
            assert _strict(ours[code]) == _strict(theirs[code]), code
        for gwp_set in CALC_GWP_SETS:
            a, b = lite.gwp_table(gwp_set), full.gwp_table(gwp_set)
            assert _strict(a) == _strict(b)
            assert a.values, gwp_set
        # what it does not read itself, the database layer answers
        assert lite.known_codes() == codes
        hit = lite.resolve("electricity.grid", "CN-JX", 2023)
        assert hit == full.resolve("electricity.grid", "CN-JX", 2023)


@pytest.mark.slow
def test_resolution_by_activity_matches_everywhere(sqlite_db: Engine) -> None:
    """Every activity at every geography (and a year before, at and after its data) resolves the same."""
    from sqlmodel import select

    from factors.tables import Geography

    with Session(sqlite_db) as session, database_source() as lite:
        full = DatabaseFactors(session, None, allow_draft=False)
        records = full.get(full.known_codes()).values()
        activities = sorted({r.activity for r in records})
        tree = {g.code: g.parent for g in session.exec(select(Geography)).all()}
        leaves = sorted(set(tree) - set(tree.values()))
        years = sorted({r.reference_year for r in records if r.reference_year})
        assert len(activities) > 100 and len(leaves) > 10
        found = 0
        for i, activity in enumerate(activities):
            # where its data is, two leaves (they fall back), no place and an unknown one
            at = {r.geography for r in records if r.activity == activity}
            places = [*sorted(at), leaves[i % len(leaves)], "CN-JX-YC", "", "XX-NOWHERE"]
            for place in places:
                for year in (None, years[0] - 1, years[-1] + 1):
                    ours, theirs = lite.resolve(activity, place, year), full.resolve(activity, place, year)
                    assert (ours is None) == (theirs is None), (activity, place, year)
                    if ours is not None and theirs is not None:
                        found += 1
                        assert ours[1] == theirs[1]
                        assert _strict(ours[0]) == _strict(theirs[0]), (activity, place, year)
        assert found > 1000


def test_background_processes_match(sqlite_db: Engine) -> None:
    from factors.processes import list_processes

    with Session(sqlite_db) as session, database_source() as lite:
        full = DatabaseFactors(session, None, allow_draft=False)
        codes = [p.code for p in list_processes(session)] + ["no.such.process"]
        assert lite.get_processes(codes) == full.get_processes(codes)
        assert lite.get_processes(["no.such.process"]) == {}


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_examples_calculate_the_same(sqlite_db: Engine, name: str) -> None:
    model = load_model(EXAMPLES / name)
    with Session(sqlite_db) as session, database_source(model.factor_release) as lite:
        assert isinstance(lite, SqliteFactors)
        full = DatabaseFactors(session, model.factor_release, allow_draft=False)
        ours, theirs = calculate(model, lite), calculate(model, full)
    assert ours.to_json() == theirs.to_json()


def test_release_choice_and_refusals_match(sqlite_db: Engine) -> None:
    with Session(sqlite_db) as session:
        latest = list_releases(session)[-1].version
        create_draft(session, "2099.1")
        session.commit()
    with database_source(latest) as source:  # pinned, published
        assert isinstance(source, SqliteFactors) and source.release == latest
    with database_source() as source:  # latest published, not the newer draft
        assert source.release == latest
    with database_source("2099.1", allow_draft=True) as source:
        assert isinstance(source, SqliteFactors)
        assert (source.draft, source.release_label) == (True, "2099.1 (draft)")
    with pytest.raises(DraftRelease) as refused, database_source("2099.1"):
        pass
    assert "2099.1" in str(refused.value)
    with pytest.raises(ReleaseNotFound) as missing, database_source("1999.9"):
        pass
    assert "1999.9" in str(missing.value) and latest in str(missing.value)


def test_missing_file_gives_the_database_layers_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    monkeypatch.setenv("PCF_DATABASE_URL", f"sqlite:///{tmp_path / 'none' / 'pcf.db'}")
    with pytest.raises(OperationalError) as exc, database_source():
        pass
    assert "no such table" in str(exc.value)


@pytest.mark.postgres
def test_postgresql_reads_through_the_database_layer(pg_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from factors.bundled import load_bundled
    from factors.db import create_schema, make_engine

    eng = make_engine(pg_server)
    create_schema(eng)
    with Session(eng) as s:
        load_bundled(s)
    eng.dispose()
    monkeypatch.setenv("PCF_DATABASE_URL", pg_server)
    with database_source() as source:
        assert isinstance(source, DatabaseFactors)
        assert source.gwp_table("AR6").values["CO2"] == 1.0


@pytest.mark.slow
def test_pcf_calc_json_does_not_load_sqlalchemy_or_rich(sqlite_db: Engine, tmp_path: Path) -> None:
    model = EXAMPLES / "lfp-cathode.yaml"
    code = (
        "import sys\n"
        f"sys.argv = ['pcf', 'calc', {str(model)!r}, '--json']\n"
        "from pcf_cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print('LOADED', sorted({m.split('.')[0] for m in sys.modules}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    result, _, loaded = proc.stdout.rpartition("LOADED ")
    assert json.loads(result)["total"] > 0
    modules = set(json.loads(loaded.replace("'", '"')))
    assert "bw2calc" in modules
    assert not {"sqlalchemy", "sqlmodel", "rich"} & modules


def test_a_schema_the_reader_does_not_know_goes_to_the_database_layer(sqlite_db: Engine) -> None:
    """A column missing (an old database not yet upgraded): the database layer's message, no sqlite3 error."""
    import sqlite3

    from sqlalchemy.exc import OperationalError
    from typer.testing import CliRunner

    from pcf_cli import app

    path = str(sqlite_db.url.database)
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE factor DROP COLUMN alt_role")
    with database_source() as source:
        assert isinstance(source, SqliteFactors)
        with pytest.raises(OperationalError):
            source.resolve("electricity.grid", "CN-JX", 2023)
    result = CliRunner().invoke(app, ["calc", str(EXAMPLES / "lfp-cathode.yaml")])
    assert result.exit_code == 1, result.output
    assert "database error" in result.output and "pcf db init" in result.output
