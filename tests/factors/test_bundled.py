"""Loading the bundled release: content, idempotence, immutability, newer releases."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from factors import (
    BundledReleaseConflict,
    diff_releases,
    get_factor,
    get_release,
    load_bundled,
    release_infos,
)
from factors.bundled import DATA_DIR, read_manifest
from factors.tables import Factor, Release, ReleaseFactor, Source


def row_counts(session: Session) -> dict[str, int]:
    return {
        t.name: session.exec(select(func.count()).select_from(t)).one()
        for t in SQLModel.metadata.sorted_tables
    }


class TestBundledContent:
    def test_release_is_published_with_a_content_hash(self, loaded: Session) -> None:
        release = get_release(loaded)
        assert release.version == read_manifest().version
        assert release.status == "published"
        assert len(release.content_hash) == 64

    @pytest.mark.parametrize(
        ("code", "value", "unit", "basis"),
        [
            ("elec.grid.CN-JX.2021", 0.5835, "kWh", "CO2"),
            ("elec.grid.CN-JX.2022", 0.5752, "kWh", "CO2"),
            ("elec.grid.CN-JX.2023", 0.5836, "kWh", "CO2"),
            ("elec.grid.CN-Central-Grid.2022", 0.5395, "kWh", "CO2"),
            ("elec.grid.CN.2022", 0.5366, "kWh", "CO2"),
            ("elec.footprint.CN.2023", 0.6205, "kWh", "CO2e"),
        ],
    )
    def test_key_values_as_researched(
        self, loaded: Session, code: str, value: float, unit: str, basis: str
    ) -> None:
        f = get_factor(loaded, code)
        assert (f.value, f.unit, f.basis) == (pytest.approx(value), unit, basis)

    def test_co2_only_grid_factors_are_kept_apart_from_the_life_cycle_factor(self, loaded: Session) -> None:
        grid = get_factor(loaded, "elec.grid.CN.2023")
        footprint = get_factor(loaded, "elec.footprint.CN.2023")
        assert (grid.basis, grid.scope) == ("CO2", "generation")
        assert (footprint.basis, footprint.scope) == ("CO2e", "cradle_to_gate")

    def test_every_factor_has_a_source_and_a_confidence_grade(self, loaded: Session) -> None:
        rows = loaded.exec(select(Factor, Source).join(Source)).all()
        assert rows
        for factor, source in rows:
            assert source.title.strip() and source.url.strip(), factor.code
            assert factor.confidence in ("high", "medium", "low"), factor.code

    def test_gwp_tables_carry_the_ipcc_values(self, loaded: Session) -> None:
        from factors import gwp_table
        from factors.vocab import GwpSet

        ar6, ar5, ar4 = (gwp_table(loaded, None, s) for s in (GwpSet.AR6, GwpSet.AR5, GwpSet.AR4))
        assert (ar6.factor("CH4_fossil"), ar6.factor("CH4_biogenic"), ar6.factor("N2O")) == (29.8, 27.0, 273)
        assert (ar5.factor("CH4"), ar5.factor("N2O"), ar4.factor("N2O")) == (28, 265, 298)
        assert ar4.fallback_used("CH4_fossil") == "CH4" and ar4.factor("CH4_fossil") == 25


class TestIdempotence:
    def test_loading_twice_changes_nothing(self, loaded: Session) -> None:
        before = row_counts(loaded)
        hash_before = get_release(loaded).content_hash
        result = load_bundled(loaded)
        assert result.created is False
        assert row_counts(loaded) == before
        assert get_release(loaded).content_hash == hash_before


def copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def set_version(data: Path, version: str) -> None:
    path = data / "release.toml"
    text = path.read_text(encoding="utf-8")
    old = tomllib.loads(text)["version"]
    path.write_text(text.replace(f'version = "{old}"', f'version = "{version}"'), encoding="utf-8")


def change_value(data: Path, code: str, new_value: str) -> None:
    import csv

    path = data / "electricity.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    hit = [r for r in rows if r["code"] == code]
    assert hit, code
    hit[0]["value"] = new_value
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


class TestNewerAndConflictingReleases:
    def test_changed_data_under_the_same_version_is_refused_and_nothing_changes(
        self, loaded: Session, tmp_path: Path
    ) -> None:
        data = copy_data(tmp_path)
        change_value(data, "elec.grid.CN-JX.2022", "0.6")
        before = row_counts(loaded)
        with pytest.raises(BundledReleaseConflict, match="immutable"):
            load_bundled(loaded, data)
        loaded.rollback()
        assert row_counts(loaded) == before
        assert get_factor(loaded, "elec.grid.CN-JX.2022").value == pytest.approx(0.5752)

    def test_a_newer_release_is_added_beside_the_older_one(self, loaded: Session, tmp_path: Path) -> None:
        old_version = get_release(loaded).version
        data = copy_data(tmp_path)
        set_version(data, "2099.1")
        change_value(data, "elec.grid.CN-JX.2022", "0.6")
        result = load_bundled(loaded, data)
        assert result.created and result.version == "2099.1"
        # the old release still answers with the old value; the new one with the new value
        assert get_factor(loaded, "elec.grid.CN-JX.2022", release=old_version).value == pytest.approx(0.5752)
        new = get_factor(loaded, "elec.grid.CN-JX.2022")
        assert new.release == "2099.1" and new.value == pytest.approx(0.6)
        old = get_factor(loaded, "elec.grid.CN-JX.2022", release=old_version)
        assert new.supersedes_id == old.id and old.status == "deprecated"
        diff = diff_releases(loaded, old_version, "2099.1")
        assert [c.code for c in diff.changed] == ["elec.grid.CN-JX.2022"]
        assert diff.changed[0].fields["value"] == (pytest.approx(0.5752), pytest.approx(0.6))
        assert not diff.added and not diff.removed
        # unchanged factors are shared, not copied
        n_links = loaded.exec(select(func.count()).select_from(ReleaseFactor)).one()
        n_factors = loaded.exec(select(func.count()).select_from(Factor)).one()
        assert n_factors == n_links // 2 + 1
        assert [i.version for i in release_infos(loaded)] == [old_version, "2099.1"]

    def test_the_old_release_hash_survives_a_newer_release(self, loaded: Session, tmp_path: Path) -> None:
        from factors.releases import content_hash

        release = get_release(loaded)
        stored = release.content_hash
        data = copy_data(tmp_path)
        set_version(data, "2099.1")
        change_value(data, "elec.grid.CN-JX.2021", "0.7")
        load_bundled(loaded, data)
        old = loaded.exec(select(Release).where(Release.version == release.version)).one()
        assert content_hash(loaded, old) == stored == old.content_hash
