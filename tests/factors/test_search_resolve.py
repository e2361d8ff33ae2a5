"""Reading the bundled database: search, get by code, geography fallback, history and release listings."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from factors import (
    FactorNotFound,
    NoFactorForGeography,
    ReleaseNotFound,
    UnknownGeography,
    factor_history,
    get_factor,
    get_factors,
    get_release,
    import_factors,
    release_infos,
    resolve_factor,
    search_factors,
)
from factors.bundled import read_manifest
from factors.geography import descendants
from factors.tableio import read_table
from tests.factors.test_import_export import row, write_csv

JIANGXI = ["elec.grid.CN-JX.2023", "elec.grid.CN-JX.2022", "elec.grid.CN-JX.2021"]


def codes(found: list) -> list[str]:
    return [f.code for f in found]


class TestSearch:
    @pytest.mark.parametrize(
        "text", ["江西 电力", "Jiangxi electricity", "江西电力", "电力 江西", "JIANGXI Electricity"]
    )
    def test_jiangxi_electricity_in_chinese_english_and_unspaced(self, loaded: Session, text: str) -> None:
        found = search_factors(loaded, text)
        assert codes(found) == JIANGXI
        assert all(f.source.title.strip() and f.source.url.strip() for f in found)
        assert {(f.geography, f.geography_name_zh, f.geography_name_en) for f in found} == {
            ("CN-JX", "江西省", "Jiangxi")
        }

    def test_a_query_matching_nothing_returns_nothing(self, loaded: Session) -> None:
        assert search_factors(loaded, "江西 钢铁 unobtainium") == []

    def test_like_wildcards_in_the_query_are_literal(self, loaded: Session) -> None:
        assert search_factors(loaded, "elec_grid") == []
        assert search_factors(loaded, "elec%grid") == []
        assert len(search_factors(loaded, "elec.grid.CN-JX")) == 3

    def test_geography_keeps_the_place_and_those_below_it(self, loaded: Session) -> None:
        assert codes(search_factors(loaded, geography="CN-JX")) == JIANGXI
        central = search_factors(loaded, "elec.grid", geography="CN-Central-Grid", year=2022)
        assert {f.geography for f in central} == {"CN-Central-Grid", "CN-HA", "CN-HB", "CN-HN", "CN-JX"}
        assert {f.geography for f in search_factors(loaded, geography="CN", limit=None)} <= descendants(
            loaded, "CN"
        )

    def test_unknown_geography_filter_is_refused(self, loaded: Session) -> None:
        with pytest.raises(UnknownGeography, match="unknown geography 'CN-ZZ'"):
            search_factors(loaded, geography="CN-ZZ")

    def test_category_is_a_prefix(self, loaded: Session) -> None:
        material = search_factors(loaded, category="material", limit=None)
        assert {f.category for f in material} == {
            "material.lithium",
            "material.battery",
            "material.metal",
            "material.building",
            "material.plastic",
            "material.chemical",
            "material.electronics",
        }
        lithium = search_factors(loaded, category="material.lithium", limit=None)
        assert lithium and {f.category for f in lithium} == {"material.lithium"}
        assert set(codes(lithium)) < set(codes(material))
        assert {"li2co3.lepidolite.CN", "li2co3.brine.CN"} <= set(codes(lithium))
        assert {f.category for f in search_factors(loaded, category="transport", limit=None)} == {
            "transport",
            "transport.passenger",
        }

    def test_category_does_not_match_in_the_middle(self, loaded: Session, tmp_path: Path) -> None:
        scrap = row(code="waste.scrap.CN.2024", category="waste.material.scrap", geography="CN")
        path = write_csv(tmp_path / "waste.csv", [scrap])
        import_factors(loaded, path, release="2099.1")
        found = search_factors(loaded, category="material", release="2099.1", limit=None)
        assert "waste.scrap.CN.2024" not in codes(found)

    def test_year_and_text_and_geography_combine(self, loaded: Session) -> None:
        assert codes(search_factors(loaded, "electricity", geography="CN-JX", year=2022)) == [
            "elec.grid.CN-JX.2022"
        ]
        by_year = search_factors(loaded, year=2021, limit=None)
        assert by_year and {f.reference_year for f in by_year} == {2021}

    def test_limit(self, loaded: Session) -> None:
        assert len(search_factors(loaded, limit=5)) == 5
        assert len(search_factors(loaded)) == 200  # the default limit
        everything = search_factors(loaded, limit=None)
        assert len(everything) == len({f.code for f in everything}) == 527

    def test_search_in_a_named_release(self, loaded: Session) -> None:
        version = get_release(loaded).version
        assert {f.release for f in search_factors(loaded, "Jiangxi", release=version)} == {version}
        with pytest.raises(ReleaseNotFound, match=r"no factor release '1999\.1'"):
            search_factors(loaded, "Jiangxi", release="1999.1")


class TestGetFactor:
    def test_a_factor_carries_its_citation_and_release(self, loaded: Session) -> None:
        f = get_factor(loaded, "elec.grid.CN-JX.2022")
        assert (f.value, f.unit, f.basis, f.scope) == (pytest.approx(0.5752), "kWh", "CO2", "generation")
        assert (f.release, f.status, f.activity) == (get_release(loaded).version, "published", "elec.grid")
        assert f.source.title.startswith("2021/2022年电力二氧化碳排放因子")

    def test_an_unknown_code_offers_near_matches(self, loaded: Session) -> None:
        with pytest.raises(
            FactorNotFound,
            match=r"factor 'elec.grid.CN-JX.2020' is not in release 2026.2; "
            r"did you mean elec.grid.CN-JX.20\d\d",
        ) as info:
            get_factor(loaded, "elec.grid.CN-JX.2020")
        assert set(info.value.near) <= set(JIANGXI) and info.value.near
        assert isinstance(info.value, KeyError)

    def test_an_unknown_code_without_near_matches_says_so_plainly(self, loaded: Session) -> None:
        with pytest.raises(FactorNotFound, match=r"^factor 'zzz' is not in release 2026.2$"):
            get_factor(loaded, "zzz")

    def test_an_unknown_release_lists_the_known_ones(self, loaded: Session) -> None:
        with pytest.raises(ReleaseNotFound, match=r"no factor release '1999.1'; releases: 2026.2"):
            get_factor(loaded, "elec.grid.CN-JX.2022", release="1999.1")

    def test_an_empty_database_asks_for_db_init(self, session: Session) -> None:
        with pytest.raises(ReleaseNotFound, match=r"no published factor release.*pcf db init"):
            get_factor(session, "elec.grid.CN-JX.2022")

    def test_get_factors_returns_the_known_codes_only(self, loaded: Session) -> None:
        found = get_factors(loaded, [*JIANGXI, "no.such.code"])
        assert sorted(found) == sorted(JIANGXI)


class TestResolve:
    @pytest.mark.parametrize(
        ("activity", "geography", "year", "code", "level", "path", "note"),
        [
            ("elec.grid", "CN-JX-YC", None, "elec.grid.CN-JX.2023", "province", ("CN-JX-YC", "CN-JX"), ""),
            (
                "elec.footprint",
                "CN-JX-YC",
                None,
                "elec.footprint.CN.2024",
                "country",
                ("CN-JX-YC", "CN-JX", "CN-Central-Grid", "CN"),
                "",
            ),
            (
                "elec.footprint",
                "CN-JX-YC",
                2023,
                "elec.footprint.CN.2023",
                "country",
                ("CN-JX-YC", "CN-JX", "CN-Central-Grid", "CN"),
                "",
            ),
            (
                "fuel.diesel.combustion",
                "CN-JX-YC",
                None,
                "fuel.diesel.combustion.GLO.2006",
                "global",
                ("CN-JX-YC", "CN-JX", "CN-Central-Grid", "CN", "GLO"),
                "",
            ),
            (
                "elec.grid",
                "CN-XZ",
                None,
                "elec.grid.CN-Southwest-Grid.2023",
                "grid_region",
                ("CN-XZ", "CN-Southwest-Grid"),
                "",
            ),
            ("elec.grid", "CN-JX", 2022, "elec.grid.CN-JX.2022", "province", ("CN-JX",), ""),
            ("elec.grid", "CN-JX-YC", 2021, "elec.grid.CN-JX.2021", "province", ("CN-JX-YC", "CN-JX"), ""),
            (
                "elec.grid",
                "CN-JX",
                2025,
                "elec.grid.CN-JX.2023",
                "province",
                ("CN-JX",),
                "no 2025 value; used 2023",
            ),
            (
                "elec.grid",
                "CN-JX",
                2019,
                "elec.grid.CN-JX.2021",
                "province",
                ("CN-JX",),
                "no 2019 value; used 2021",
            ),
            (
                "elec.grid",
                "CN-XZ",
                2022,
                "elec.grid.CN-Southwest-Grid.2022",
                "grid_region",
                ("CN-XZ", "CN-Southwest-Grid"),
                "",
            ),
        ],
    )
    def test_fallback_up_the_geography_tree(
        self,
        loaded: Session,
        activity: str,
        geography: str,
        year: int | None,
        code: str,
        level: str,
        path: tuple[str, ...],
        note: str,
    ) -> None:
        m = resolve_factor(loaded, activity, geography, year=year)
        assert (m.factor.code, m.matched_geography, m.level, m.path) == (code, path[-1], level, path)
        assert (m.requested_geography, m.requested_year, m.year_note) == (geography, year, note)
        assert m.fell_back == (len(path) > 1)
        assert m.factor.value == pytest.approx(get_factor(loaded, code).value)

    def test_tibet_gets_the_southwest_grid_value(self, loaded: Session) -> None:
        assert resolve_factor(loaded, "elec.grid", "CN-XZ", year=2023).factor.value == pytest.approx(0.2472)

    def test_an_unknown_geography_is_refused(self, loaded: Session) -> None:
        with pytest.raises(UnknownGeography, match="unknown geography 'CN-JX-XX'; known codes include"):
            resolve_factor(loaded, "elec.grid", "CN-JX-XX")

    def test_an_unknown_activity_names_the_path_tried(self, loaded: Session) -> None:
        with pytest.raises(
            NoFactorForGeography,
            match=r"no factor for activity 'elec.nothing' at CN-JX-YC "
            r"or above \(CN-JX-YC > CN-JX > CN-Central-Grid > CN > GLO\) in release 2026.2",
        ):
            resolve_factor(loaded, "elec.nothing", "CN-JX-YC")


class TestHistoryAndReleases:
    def test_history_of_a_bundled_factor(self, loaded: Session) -> None:
        [(version, f)] = factor_history(loaded, "elec.grid.CN-JX.2022")
        assert (version, f.value, f.release) == ("2026.2", pytest.approx(0.5752), "2026.2")
        assert factor_history(loaded, "no.such.code") == []

    def test_release_infos_of_the_bundled_database(self, loaded: Session) -> None:
        manifest = read_manifest()
        n_rows = sum(len(read_table(p).rows) for p in manifest.factor_files)
        [info] = release_infos(loaded)
        assert (info.version, info.date, info.status) == (
            manifest.version,
            manifest.date.isoformat(),
            "published",
        )
        assert (info.factors, info.based_on, info.notes) == (n_rows, None, manifest.notes)
        assert info.content_hash == get_release(loaded).content_hash and len(info.content_hash) == 64

    def test_a_draft_is_listed_after_its_base(self, loaded: Session, tmp_path: Path) -> None:
        import_factors(loaded, write_csv(tmp_path / "new.csv", [row()]), release="2099.1")
        old, new = release_infos(loaded)
        assert (new.version, new.status, new.based_on, new.content_hash) == ("2099.1", "draft", "2026.2", "")
        assert new.factors == old.factors + 1
