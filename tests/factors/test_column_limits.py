"""Column constraints checked before writing: SQLite and PostgreSQL refuse the same values, one message."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from factors import ImportValidationError, import_factors, list_releases
from factors.columns import ColumnValueError, check_row
from factors.releases import create_draft
from factors.tables import Release
from tests.factors.test_bundled import row_counts
from tests.factors.test_import_export import row, write_csv, write_xlsx

# Bad-input table: (column, value, the message fragment); each too long for its column's type.
LONG_CELLS: list[tuple[str, str, str]] = [
    ("activity", "a" * 121, "121 characters, at most 120 can be stored"),
    ("category", "material." + "c" * 60, "69 characters, at most 60 can be stored"),
    ("unit", "kg" + "*m/m" * 10, "42 characters, at most 40 can be stored"),
]


class TestImportRefusesWhatAColumnCannotHold:
    @pytest.mark.parametrize(("column", "value", "fragment"), LONG_CELLS)
    @pytest.mark.parametrize("write", [write_csv, write_xlsx])
    def test_a_long_cell_is_named_with_its_limit_on_both_backends(
        self, loaded: Session, tmp_path: Path, column: str, value: str, fragment: str, write
    ) -> None:  # type: ignore[no-untyped-def]
        before = row_counts(loaded)
        path = write(
            tmp_path / ("long.csv" if write is write_csv else "long.xlsx"),
            [row(code="test.long.CN-JX.2024", **{column: value})],
        )
        with pytest.raises(ImportValidationError) as info:
            import_factors(loaded, path)
        assert [(e.row, e.column) for e in info.value.errors] == [(2, column)]
        assert fragment in info.value.errors[0].message
        assert row_counts(loaded) == before

    def test_a_long_release_version_is_refused_before_writing(self, loaded: Session, tmp_path: Path) -> None:
        path = write_csv(tmp_path / "ok.csv", [row(code="test.ok.CN-JX.2024")])
        versions = [r.version for r in list_releases(loaded)]
        with pytest.raises(ColumnValueError, match=r"release\.version: 41 characters, at most 40 can be"):
            import_factors(loaded, path, release="v" * 41)
        assert [r.version for r in list_releases(loaded)] == versions

    def test_create_draft_names_the_field(self, loaded: Session) -> None:
        with pytest.raises(ColumnValueError) as info:
            create_draft(loaded, "2" * 50)
        expected = "50 characters, at most 40 can be stored / 50 个字符，最多 40 个"
        assert info.value.problems == [("version", expected)]
        loaded.rollback()


class TestCheckRow:
    def test_a_missing_required_value_and_a_custom_error(self) -> None:
        release = Release(version="x" * 41, date=None)  # type: ignore[arg-type]
        with pytest.raises(LookupError, match=r"version: 41 char.*date: a value is required"):
            check_row(release, LookupError)

    def test_a_fitting_row_passes(self) -> None:
        import datetime as dt

        check_row(Release(version="2099.1", date=dt.date(2099, 1, 1)))
