"""Import and export of factor files: all-or-nothing validation, drafts and factor versions, round trips."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlmodel import Session, select

from factors import (
    ImportValidationError,
    ReleaseImmutable,
    diff_releases,
    export_factors,
    factor_history,
    get_factor,
    get_release,
    gwp_table,
    import_factors,
    list_releases,
    publish,
    search_factors,
)
from factors.exchange import factor_row
from factors.releases import ChangeSummary
from factors.tableio import read_table, write_table
from factors.tables import ReleaseFactor
from factors.validate import COLUMNS
from factors.vocab import GwpSet
from tests.factors.test_bundled import row_counts

NEW = "test.widget.CN-JX.2024"
ROW: dict[str, Any] = {
    "code": NEW, "name_zh": "测试部件", "name_en": "Test widget", "category": "material.test",
    "geography": "CN-JX", "reference_year": 2024, "value": 1.5, "unit": "kg", "basis": "CO2e", "gwp": "AR6",
    "scope": "cradle_to_gate", "confidence": "medium", "source_title": "A test source",
    "source_url": "https://example.org/test",
}  # fmt: skip


def row(**changes: Any) -> dict[str, Any]:
    """A complete factor row (every column) that validates, with `changes` applied."""
    return {c: None for c in COLUMNS} | ROW | changes


def write_csv(path: Path, rows: Sequence[dict[str, Any]], columns: Sequence[str] = COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(
    path: Path, rows: Sequence[dict[str, Any]], columns: Sequence[str] = COLUMNS, sheet: str = "2024 factors"
) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(columns))
    for r in rows:
        ws.append([r.get(c) for c in columns])
    wb.save(path)
    return path


def versions(session: Session) -> list[str]:
    return [r.version for r in list_releases(session)]


def codes_in(session: Session, version: str) -> set[str]:
    release = get_release(session, version)
    return set(session.exec(select(ReleaseFactor.code).where(ReleaseFactor.release_id == release.id)).all())


# Row 2 of the file is good; each later row has exactly one bad cell.
BAD_ROWS: list[tuple[int, str, dict[str, Any]]] = [
    (3, "unit", row(code="test.a.CN-JX.2024", unit="kgg")),
    (4, "source_title", row(code="test.b.CN-JX.2024", source_title="")),
    (5, "value", row(code="test.c.CN-JX.2024", value="abc")),
    (6, "code", row()),  # the code of row 2 again
    (7, "geography", row(code="test.d.CN-ZZ.2024", geography="CN-ZZ")),
    (8, "value", row(code="test.e.CN-JX.2024", value=-1.5)),
    (9, "unit", row(code="test.f.CN-JX.2024", unit="kg CO2e / kWh")),
    (10, "gwp", row(code="test.g.CN-JX.2024", gwp=None)),
]


class TestRefusedFiles:
    @pytest.mark.parametrize(
        ("suffix", "write", "sheet"), [(".csv", write_csv, None), (".xlsx", write_xlsx, "2024 factors")]
    )
    def test_every_bad_row_is_named_and_nothing_changes(
        self, loaded: Session, tmp_path: Path, suffix: str, write: Callable[..., Path], sheet: str | None
    ) -> None:
        before, releases_before = row_counts(loaded), versions(loaded)
        path = write(tmp_path / f"bad{suffix}", [row()] + [r for *_, r in BAD_ROWS])
        with pytest.raises(ImportValidationError, match=r"8 problem\(s\) in 8 row\(s\)") as info:
            import_factors(loaded, path)
        errors = info.value.errors
        assert [(e.row, e.column) for e in errors] == [(n, column) for n, column, _ in BAD_ROWS]
        assert {(e.file, e.sheet) for e in errors} == {(str(path), sheet)}
        assert "duplicate code 'test.widget.CN-JX.2024': already on row 2" in str(info.value)
        where = f"{path} [{sheet}]" if sheet else str(path)
        for number, column, _ in BAD_ROWS:
            assert f"{where} row {number}, column '{column}'" in str(info.value)
        assert row_counts(loaded) == before
        assert versions(loaded) == releases_before

    def test_the_factors_sheet_is_read_when_a_workbook_has_several(
        self, loaded: Session, tmp_path: Path
    ) -> None:
        path = write_xlsx(tmp_path / "book.xlsx", [row(unit="kgg")], sheet="factors")
        wb = openpyxl.load_workbook(path)
        wb.create_sheet("read me", 0).append(["this sheet holds no factors"])
        wb.save(path)
        with pytest.raises(ImportValidationError) as info:
            import_factors(loaded, path)
        assert [(e.sheet, e.row, e.column) for e in info.value.errors] == [("factors", 2, "unit")]

    @pytest.mark.parametrize(
        ("name", "content", "where", "fragment"),
        [
            ("empty.csv", b"", (1, "-"), "the file is empty; expected a header row"),
            ("header.csv", ",".join(COLUMNS).encode() + b"\n", (2, "-"), "has a header but no factor rows"),
            (
                "nounit.csv",
                ",".join(c for c in COLUMNS if c != "unit").encode() + b"\n",
                (1, "unit"),
                "required column is missing",
            ),
            (
                "misspelt.csv",
                ",".join(COLUMNS).replace("scope_note", "scope_notes").encode() + b"\n",
                (1, "scope_notes"),
                "unknown column; expected columns are code, activity",
            ),
            ("gbk.csv", "code,name_zh\nx,江西电力\n".encode("gbk"), (0, "-"), "not UTF-8 text"),
            ("cells.csv", b"code,value\na,1,2\n", (2, "-"), "3 cells but the header has 2 columns"),
            ("factors.txt", b"code\n", (0, "-"), "unsupported file type '.txt'; use .csv or .xlsx"),
            ("broken.xlsx", b"PK not a zip", (0, "-"), "not a readable .xlsx workbook"),
        ],
    )
    def test_malformed_file_is_a_clear_validation_error(
        self,
        session: Session,
        tmp_path: Path,
        name: str,
        content: bytes,
        where: tuple[int, str],
        fragment: str,
    ) -> None:
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(ImportValidationError, match="nothing was imported") as info:
            import_factors(session, path)
        assert [(e.file, e.row, e.column) for e in info.value.errors] == [(str(path), *where)]
        assert fragment in info.value.errors[0].message
        assert versions(session) == []

    def test_a_missing_file_is_named(self, session: Session, tmp_path: Path) -> None:
        with pytest.raises(ImportValidationError, match=r"nope\.csv row 0, column '-': file not found"):
            import_factors(session, tmp_path / "nope.csv")

    def test_importing_into_a_published_release_is_refused(self, loaded: Session, tmp_path: Path) -> None:
        before, published = row_counts(loaded), get_release(loaded).version
        path = write_csv(tmp_path / "new.csv", [row()])
        with pytest.raises(ReleaseImmutable, match=f"release {published} is published and immutable"):
            import_factors(loaded, path, release=published)
        assert row_counts(loaded) == before
        assert NEW not in codes_in(loaded, published)


class TestImportIntoADraft:
    def test_a_new_draft_copies_the_release_and_versions_the_changes(
        self, loaded: Session, tmp_path: Path
    ) -> None:
        old = get_release(loaded).version
        old_factor = get_factor(loaded, "elec.grid.CN-JX.2022")
        changed = factor_row(old_factor) | {"value": 0.6}
        same = factor_row(get_factor(loaded, "elec.grid.CN-JX.2021"))
        summary = import_factors(
            loaded, write_csv(tmp_path / "update.csv", [changed, same, row()]), release="2099.1"
        )
        assert summary == ChangeSummary(
            "2099.1", added=[NEW], replaced=["elec.grid.CN-JX.2022"], unchanged=["elec.grid.CN-JX.2021"]
        )
        draft = get_release(loaded, "2099.1")
        assert (draft.status, draft.based_on, draft.notes) == ("draft", old, "import of update.csv")
        assert codes_in(loaded, "2099.1") == codes_in(loaded, old) | {NEW}
        new_factor = get_factor(loaded, "elec.grid.CN-JX.2022", release="2099.1")
        assert new_factor.value == pytest.approx(0.6) and new_factor.id != old_factor.id
        assert (new_factor.supersedes_id, new_factor.status) == (old_factor.id, "draft")
        # the published release is untouched and stays the default until the draft is published
        assert get_factor(loaded, "elec.grid.CN-JX.2022", release=old).value == pytest.approx(0.5752)
        assert get_factor(loaded, "elec.grid.CN-JX.2022").release == old

        publish(loaded, draft)
        loaded.commit()
        assert get_release(loaded).version == "2099.1"
        assert get_factor(loaded, "elec.grid.CN-JX.2022").value == pytest.approx(0.6)
        assert get_factor(loaded, "elec.grid.CN-JX.2022", release=old).status == "deprecated"
        assert (
            get_factor(loaded, "elec.grid.CN-JX.2021").id
            == get_factor(loaded, "elec.grid.CN-JX.2021", release=old).id
        )
        diff = diff_releases(loaded, old, "2099.1")
        assert [f.code for f in diff.added] == [NEW] and diff.removed == []
        assert [(c.code, c.fields) for c in diff.changed] == [
            ("elec.grid.CN-JX.2022", {"value": (pytest.approx(0.5752), pytest.approx(0.6))})
        ]
        assert [(v, f.value) for v, f in factor_history(loaded, "elec.grid.CN-JX.2022")] == [
            (old, pytest.approx(0.5752)),
            ("2099.1", pytest.approx(0.6)),
        ]

    def test_without_a_version_the_next_one_is_created(self, loaded: Session, tmp_path: Path) -> None:
        summary = import_factors(loaded, write_csv(tmp_path / "new.csv", [row()]), notes="widgets")
        assert summary.release == "2026.3" == versions(loaded)[-1]
        assert get_release(loaded, "2026.3").notes == "widgets"

    def test_a_second_import_adds_to_the_same_draft(self, loaded: Session, tmp_path: Path) -> None:
        import_factors(loaded, write_csv(tmp_path / "a.csv", [row()]), release="2099.1")
        summary = import_factors(
            loaded,
            write_csv(tmp_path / "b.csv", [row(value=2.5), row(code="test.other.CN.2024")]),
            release="2099.1",
        )
        assert (summary.added, summary.replaced) == (["test.other.CN.2024"], [NEW])
        assert get_factor(loaded, NEW, release="2099.1").value == pytest.approx(2.5)

    def test_import_and_publish_in_one_step(self, loaded: Session, tmp_path: Path) -> None:
        import_factors(loaded, write_csv(tmp_path / "a.csv", [row()]), release="2099.1", publish_release=True)
        release = get_release(loaded)
        assert (release.version, release.status, len(release.content_hash)) == ("2099.1", "published", 64)
        assert get_factor(loaded, NEW).status == "published"

    @pytest.mark.parametrize(
        ("gwp", "total"), [("AR6", 1 + 0.01 * 29.8), ("AR5", 1 + 0.01 * 30), ("AR4", 1 + 0.01 * 25)]
    )
    def test_per_gas_factor_gets_its_total_from_the_release_gwp_table(
        self, loaded: Session, tmp_path: Path, gwp: str, total: float
    ) -> None:
        gases = row(basis="gases", gases="CO2=1; CH4_fossil=0.01", value=None, gwp=gwp)
        import_factors(loaded, write_csv(tmp_path / "gases.csv", [gases]), release="2099.1")
        f = get_factor(loaded, NEW, release="2099.1")
        table = gwp_table(loaded, "2099.1", GwpSet(gwp))
        assert f.value == pytest.approx(1 + 0.01 * table.factor("CH4_fossil")) == pytest.approx(total)
        assert (f.basis, f.gwp, f.gases) == ("gases", gwp, "CO2=1.0; CH4_fossil=0.01")

    def test_per_gas_factor_with_an_unspecified_gwp_set_is_a_row_error(
        self, loaded: Session, tmp_path: Path
    ) -> None:
        gases = row(basis="gases", gases="CO2=1", value=None, gwp="unspecified")
        with pytest.raises(ImportValidationError) as info:
            import_factors(loaded, write_csv(tmp_path / "gases.csv", [gases]), release="2099.1")
        assert [(e.row, e.column) for e in info.value.errors] == [(2, "gwp")]


class TestExportRoundTrip:
    @pytest.mark.slow  # the whole release (527 factors) through a file: 1-2 s each
    @pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
    def test_export_writes_exactly_the_columns_and_every_factor(
        self, loaded: Session, tmp_path: Path, suffix: str
    ) -> None:
        n = export_factors(loaded, tmp_path / f"out{suffix}")
        table = read_table(tmp_path / f"out{suffix}")
        assert table.columns == list(COLUMNS)
        assert n == len(table.rows) == len(search_factors(loaded, limit=None)) == 527

    def test_a_filtered_export_keeps_only_the_matches(self, loaded: Session, tmp_path: Path) -> None:
        assert export_factors(loaded, tmp_path / "jx.csv", geography="CN-JX", category="electricity") == 3
        codes = [r["code"] for _, r in read_table(tmp_path / "jx.csv").rows]
        assert codes == ["elec.grid.CN-JX.2023", "elec.grid.CN-JX.2022", "elec.grid.CN-JX.2021"]

    @pytest.mark.slow  # the whole release (527 factors) out, in as a draft, published and compared
    @pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
    def test_export_then_import_changes_nothing(self, loaded: Session, tmp_path: Path, suffix: str) -> None:
        bundled = get_release(loaded)
        export_factors(loaded, tmp_path / f"all{suffix}")
        summary = import_factors(loaded, tmp_path / f"all{suffix}", release="2099.1")
        assert (summary.added, summary.replaced) == ([], [])
        assert sorted(summary.unchanged) == sorted(codes_in(loaded, bundled.version))
        published = publish(loaded, get_release(loaded, "2099.1"))
        loaded.commit()
        assert published.content_hash == bundled.content_hash
        diff = diff_releases(loaded, bundled.version, "2099.1")
        assert (diff.added, diff.removed, diff.changed) == ([], [], [])

    @pytest.mark.parametrize(
        ("suffix", "notes"),
        [
            (".csv", 'plain text, with a comma and "quotes"'),
            (".xlsx", "two\nlines"),
            (".csv", "=1+1 written as text"),
            (".csv", "two\nlines"),
            (".xlsx", "=1+1 written as text"),
        ],
    )
    def test_a_text_cell_survives_the_file_format(self, tmp_path: Path, suffix: str, notes: str) -> None:
        path = write_table(tmp_path / f"t{suffix}", COLUMNS, [row(notes=notes)])
        [(number, cells)] = read_table(path).rows
        assert (number, cells["notes"], cells["code"]) == (2, notes, NEW)
