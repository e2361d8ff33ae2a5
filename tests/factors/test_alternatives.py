"""Alternatives of one activity: the default resolves, all are compared, the spread is its uncertainty."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from sqlmodel import Session

from factors import NoFactorForGeography, get_factor, import_factors, resolve_factor, search_factors
from factors.alternatives import ActivityNotFound, compare_activity, group_problems
from factors.bundled import DATA_DIR, read_manifest
from factors.tableio import read_table
from factors.validate import validate_rows
from tests.factors.test_cli_factors import ok, pcf
from tests.factors.test_import_export import row, write_csv

GRAPHITE = "graphite.synthetic"
GROUP_DEFAULTS = {
    "graphite.synthetic": ("graphite.synthetic.istrate-ei391.CN", 11.08),
    "cam.lfp": ("cam.lfp.cpcd.CN.2025", 7.9),
    "pvdf": ("pvdf.GLO", 55.8),
    "li2co3": ("li2co3.greet2022.GLO.2022", 12.392006),
    "lioh": ("lioh.greet2022.GLO.2022", 24.24398),
    "niso4": ("niso4.greet2022.GLO.2022", 7.569059),
    "coso4": ("coso4.istrate-ei310.CN", 14.99),
}


def bundled_rows() -> list:
    """Every bundled factor row, validated as `pcf db init` validates them."""
    rows = []
    for path in read_manifest().factor_files:
        table = read_table(path)
        rows += validate_rows(
            table.rows,
            file=table.file,
            geographies={r["code"] for _, r in read_table(DATA_DIR / "geographies.csv").rows},
        )
    return rows


class TestBundledGroups:
    def test_sources_that_disagree_more_than_twofold_are_one_group_with_one_default(self) -> None:
        by_key: dict[tuple[str, str, str], list] = defaultdict(list)
        for r in bundled_rows():
            by_key[(r.factor.activity, r.factor.geography, r.factor.unit)].append(r.factor)
        for (activity, geo, _unit), factors in by_key.items():
            plain = [f.value for f in factors if not f.alt_role and f.value > 0]
            if len(plain) > 1 and activity.startswith(
                (
                    "cam.",
                    "graphite",
                    "li",
                    "ni",
                    "co",
                    "pvdf",
                    "copper",
                    "pp.",
                    "pe.",
                    "pet.",
                    "aluminium",
                    "steel",
                    "nmp",
                )
            ):
                assert max(plain) / min(plain) <= 2, (
                    f"{activity} at {geo}: {plain} disagree > 2× outside a group"
                )

    def test_each_default_carries_the_groups_spread_as_triangular_uncertainty(self) -> None:
        members: dict[str, list] = defaultdict(list)
        for r in bundled_rows():
            if r.factor.alt_role:
                members[r.factor.activity].append(r.factor)
        assert set(members) == set(GROUP_DEFAULTS)
        for activity, factors in members.items():
            [default] = [f for f in factors if f.alt_role == "default"]
            values = [f.value for f in factors]
            assert (default.code, default.value) == (
                GROUP_DEFAULTS[activity][0],
                pytest.approx(GROUP_DEFAULTS[activity][1]),
            )
            assert (default.uncertainty, default.unc_a, default.unc_b) == (
                "triangular",
                min(values),
                max(values),
            )
            assert max(values) / min(values) > 2 and "ALTERNATIVES" in default.notes
            assert all("ALTERNATIVE of activity" in f.notes for f in factors if f is not default)

    def test_a_group_without_exactly_one_default_is_refused(self) -> None:
        rows = validate_rows(
            [
                (2, row(code="x.a.CN", activity="x", alt_role="alternative")),
                (3, row(code="x.b.CN", activity="x", alt_role="alternative")),
            ],
            file="f.csv",
            geographies={"CN", "CN-JX", "GLO"},
        )
        [problem] = group_problems(rows, "f.csv")
        assert (problem.row, problem.column) == (2, "alt_role") and "0 defaults" in problem.message
        rows = validate_rows(
            [(2, row(code="y.a.CN", activity="y", alt_role="default"))],
            file="f.csv",
            geographies={"CN", "CN-JX", "GLO"},
        )
        assert "no alternative" in group_problems(rows, "f.csv")[0].message


class TestResolution:
    @pytest.mark.parametrize(("activity", "expected"), list(GROUP_DEFAULTS.items()))
    def test_a_model_referencing_the_activity_in_yichun_gets_the_default(
        self, loaded: Session, activity: str, expected: tuple[str, float]
    ) -> None:
        match = resolve_factor(loaded, activity, "CN-JX-YC")
        assert (match.factor.code, match.factor.value) == (expected[0], pytest.approx(expected[1]))

    def test_an_alternative_stays_usable_by_its_code_and_legacy_activities_still_resolve(
        self, loaded: Session
    ) -> None:
        assert get_factor(loaded, "graphite.synthetic.istrate-ei310.CN").value == 43.87
        legacy = resolve_factor(loaded, "graphite.synthetic.ecoinvent-model", "CN-JX")
        assert (legacy.factor.code, legacy.factor.value) == ("graphite.synthetic.ecoinvent-model.CN", 43.87)

    def test_an_activity_with_only_alternatives_at_reach_names_them(
        self, loaded: Session, tmp_path: Path
    ) -> None:
        path = write_csv(
            tmp_path / "alt.csv",
            [
                row(code="z.only.GB.2024", activity="z.only", geography="GB", alt_role="default"),
                row(code="z.only.CN-JX.2024", activity="z.only", geography="CN-JX", alt_role="alternative"),
            ],
        )
        import_factors(loaded, path, release="2099.1", publish_release=True)
        with pytest.raises(
            NoFactorForGeography,
            match=r"alternatives usable by code: z\.only\.CN-JX\.2024, "
            r"z\.only\.GB\.2024",
        ):
            resolve_factor(loaded, "z.only", "CN-JX")


class TestCompare:
    def test_compare_lists_every_value_the_default_first(self, loaded: Session) -> None:
        c = compare_activity(loaded, GRAPHITE)
        assert c.factors[0].code == "graphite.synthetic.istrate-ei391.CN" == c.default.code  # type: ignore[union-attr]
        assert sorted(f.value for f in c.factors) == [3.1, 4.7, 5.48, pytest.approx(9.111809), 11.08, 43.87]
        assert {f.alt_role for f in c.factors[1:]} == {"alternative"}
        assert c.spread == pytest.approx(43.87 / 3.1)

    def test_an_unknown_activity_is_named_with_similar_ones(self, loaded: Session) -> None:
        with pytest.raises(
            ActivityNotFound,
            match=r"no factor of activity 'graphite' in release .*similar "
            r"activities: graphite\.natural",
        ):
            compare_activity(loaded, "graphite")

    @pytest.mark.slow  # runs `pcf` as a subprocess
    def test_cli_compare_json_and_table(self, tmp_path: Path) -> None:
        db = f"sqlite:///{tmp_path / 'c.db'}"
        ok(pcf(db, "db", "init"))
        data = json.loads(ok(pcf(db, "factors", "compare", GRAPHITE, "--json")))
        assert data["default"] == "graphite.synthetic.istrate-ei391.CN" and data["spread"] == pytest.approx(
            14.1516
        )
        first = data["factors"][0]
        assert (
            first["is_default"],
            first["value"],
            first["unit"],
            first["geography"],
            first["confidence"],
            first["uncertainty"],
            first["unc_a"],
            first["unc_b"],
        ) == (True, 11.08, "kg", "CN", "medium", "triangular", 3.1, 43.87)
        assert [f["role"] for f in data["factors"]].count("alternative") == 5
        assert {f["source"].split(" ")[0] for f in data["factors"]} >= {
            "Istrate",
            "EverBatt",
            "中国产品全生命周期温室气体排放系数库",
        }
        table = ok(pcf(db, "factors", "compare", GRAPHITE, "--lang", "en"))
        assert "default" in table and "43.87" in table and "Default and why:" in table and "14.2×" in table
        result = pcf(db, "factors", "compare", "no.such.activity")
        assert result.returncode == 1 and "no factor of activity 'no.such.activity'" in result.stderr

    def test_search_shows_alternatives_too(self, loaded: Session) -> None:
        found = {f.code: f.alt_role for f in search_factors(loaded, "graphite synthetic", limit=None)}
        assert found["graphite.synthetic.cpcd-lit.CN.2015"] == "alternative"
        assert found["graphite.synthetic.istrate-ei391.CN"] == "default"
