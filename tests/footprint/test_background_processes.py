"""Background processes: stored apart from factors, referenced by models like factors, solved at the
geography of the process that uses them (own geography only where that path has no factor).

Toy system (values written by hand; kg CO2e per unit)::

    geography tree        elec (activity)         background processes (own geography US)
    CN-JX-YC → CN-JX      CN-JX  0.5 / kWh         bg.cam (1 kg): elec 10 kWh, steel 0.5 kg,
    CN-JX → CN → GLO      CN     0.6 / kWh                        bg.pre 0.2 kg, CO2 0.1 kg
    US → GLO, DE → GLO    US     0.4 / kWh         bg.pre (1 kg): elec 2 kWh
                          steel (code) 2.0 / kg

    bg.cam at CN-JX-YC = 10×0.5 + 0.5×2 + 0.2×(2×0.5) + 0.1 = 6.3
    bg.cam at DE       = 10×0.4 + 0.5×2 + 0.2×(2×0.4) + 0.1 = 5.26   (no elec on DE → GLO: own US)
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlmodel import Session

from factors import search_factors
from factors.bundled import DATA_DIR, load_bundled
from factors.errors import BundledReleaseConflict, ImportValidationError
from factors.processes import export_processes, list_processes, read_process_files
from footprint import DatabaseFactors, StaticFactors, UnknownFactors, calculate, parse_model
from footprint.background import ProcessExchange, ProcessRecord
from footprint.model import Citation, Text
from tests.footprint.toys import GWP, fac, model, process, record

TREE = {"CN-JX-YC": "CN-JX", "CN-JX": "CN", "CN": "GLO", "US": "GLO", "DE": "GLO"}


def elec(geo: str, value: float):  # type: ignore[no-untyped-def]
    r = record(f"elec.{geo}", value, "kWh", activity="elec")
    return type(r)(**{**r.__dict__, "geography": geo})


def bg(code: str, *exchanges: tuple[str, str, float, str]) -> ProcessRecord:
    return ProcessRecord(
        code=code,
        activity=code,
        name=Text(code, code),
        unit="kg",
        geography="US",
        reference_year=2022,
        category="process.test",
        confidence="low",
        citation=Citation("toy"),
        release="toy",
        exchanges=tuple(ProcessExchange(k, r, a, u, "by hand") for k, r, a, u in exchanges),
    )


CAM = bg(
    "bg.cam",
    ("input", "elec", 10, "kWh"),
    ("input", "steel", 0.5, "kg"),
    ("input", "bg.pre", 200, "g"),
    ("emission", "CO2", 0.1, "kg"),
)
PRE = bg("bg.pre", ("input", "elec", 2, "kWh"))


def toy_source(*extra: ProcessRecord) -> StaticFactors:
    records = [elec("CN-JX", 0.5), elec("CN", 0.6), elec("US", 0.4), record("steel", 2.0, "kg")]
    procs = {p.code: p for p in (CAM, PRE, *extra)}
    return StaticFactors(
        records={r.code: r for r in records}, gwp=GWP, release="toy", processes=procs, geographies=TREE
    )


def using(*geos: str, amount: float = 1.0) -> dict:
    procs = {
        f"p{i}": process("production", (1, "piece"), [fac("bg.cam", amount, "kg")], geography=g)
        for i, g in enumerate(geos)
    }
    procs["top"] = process(
        "production",
        (1, "piece"),
        [{"process": f"p{i}", "amount": 1, "unit": "piece"} for i in range(len(geos))],
    )
    return model(procs, ref="top")


class TestSolvedAtTheUsersGeography:
    def test_a_process_in_yichun_takes_the_jiangxi_electricity(self) -> None:
        result = calculate(parse_model(using("CN-JX-YC")), toy_source())
        assert result.total == pytest.approx(6.3, rel=1e-12)
        row = next(f for f in result.factors if f["ref"] == "bg.cam")
        assert row["origin"] == "process" and row["geography"] == "CN-JX-YC"
        parts = {p["ref"]: p for p in row["parts"]}
        assert parts["elec"]["code"] == "elec.CN-JX" and parts["elec"]["geography"] == "CN-JX"
        assert parts["elec"]["contribution"] == pytest.approx(5.0)
        assert parts["bg.pre"]["parts"][0]["code"] == "elec.CN-JX"  # nested process: same geography
        assert parts["CO2"]["kind"] == "emission" and parts["CO2"]["contribution"] == pytest.approx(0.1)
        assert sum(p["contribution"] for p in row["parts"]) == pytest.approx(row["value"])

    def test_elsewhere_without_a_factor_on_the_path_it_takes_its_own_geography(self) -> None:
        result = calculate(parse_model(using("DE")), toy_source())
        assert result.total == pytest.approx(5.26, rel=1e-12)
        row = next(f for f in result.factors if f["ref"] == "bg.cam")
        elec_part = next(p for p in row["parts"] if p["ref"] == "elec")
        assert elec_part["code"] == "elec.US" and "own geography (US)" in elec_part["resolution"]

    def test_used_from_two_geographies_it_is_solved_once_for_each(self) -> None:
        result = calculate(parse_model(using("CN-JX-YC", "DE")), toy_source())
        assert result.total == pytest.approx(6.3 + 5.26, rel=1e-12)
        assert result.by_factor["bg.cam@CN-JX-YC"] == pytest.approx(6.3)
        assert result.by_factor["bg.cam@DE"] == pytest.approx(5.26)
        assert sum(result.by_factor.values()) == pytest.approx(result.total)

    def test_amounts_scale_linearly_and_by_gas_splits_the_direct_co2(self) -> None:
        result = calculate(parse_model(using("CN-JX-YC", amount=3)), toy_source())
        assert result.total == pytest.approx(3 * 6.3, rel=1e-12)
        assert sum(result.by_gas.values()) == pytest.approx(result.total)

    def test_monte_carlo_samples_the_process_value(self) -> None:
        from footprint.model import Uncertainty

        wide = ProcessRecord(**{**CAM.__dict__, "uncertainty": Uncertainty("lognormal", gsd=1.5)})
        src = toy_source()
        src.processes = {**src.processes, "bg.cam": wide}  # type: ignore[misc]
        result = calculate(parse_model(using("CN-JX-YC")), src, iterations=300, seed=1)
        assert result.uncertainty is not None and result.uncertainty["sd"] > 0
        assert "factors.bg.cam" in result.uncertainty["variance_shares"]


class TestRefusals:
    def test_a_reference_loop_between_processes_is_named(self) -> None:
        a = bg("bg.a", ("input", "bg.b", 1, "kg"))
        b = bg("bg.b", ("input", "bg.a", 1, "kg"))
        data = model({"a": process("production", (1, "piece"), [fac("bg.a", 1, "kg")], geography="CN")})
        with pytest.raises(UnknownFactors, match=r"bg.a → bg.b → bg.a"):
            calculate(parse_model(data), toy_source(a, b))

    def test_an_input_without_a_factor_anywhere_is_named_with_its_path(self) -> None:
        lost = bg("bg.lost", ("input", "unobtainium", 1, "kg"))
        data = model({"a": process("production", (1, "piece"), [fac("bg.lost", 1, "kg")], geography="CN")})
        with pytest.raises(UnknownFactors, match=r"processes\.a\.inputs\[0\].*bg\.lost.*'unobtainium'"):
            calculate(parse_model(data), toy_source(lost))

    def test_a_unit_mismatch_inside_a_process_is_named(self) -> None:
        odd = bg("bg.odd", ("input", "elec", 1, "kg"))
        data = model({"a": process("production", (1, "piece"), [fac("bg.odd", 1, "kg")], geography="CN")})
        with pytest.raises(UnknownFactors, match=r"bg\.odd.*'kg' cannot be converted to 'kWh'"):
            calculate(parse_model(data), toy_source(odd))


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


class TestTheFactorDatabase:
    def test_bundled_processes_load_with_the_release_apart_from_factors(self, loaded: Session) -> None:
        procs = list_processes(loaded)
        assert procs, "the bundled release carries background processes"
        codes = {p.code for p in procs}
        foil = next(p for p in procs if p.code == "bg.cu-foil.electrodeposition.CN")
        assert foil.exchanges[0].ref == "elec.footprint" and foil.source.url.startswith("https://")
        hits = search_factors(loaded, "copper foil")
        assert not codes & {h.code for h in hits}  # factor search never returns processes
        assert list_processes(loaded, text="铜箔")[0].code == foil.code

    def test_export_writes_the_bundled_format_and_reads_back_equal(
        self, loaded: Session, tmp_path: Path
    ) -> None:
        export_processes(loaded, tmp_path)
        again = read_process_files(
            tmp_path, geographies={"CN", "GLO", "CN-JX"}, factor_refs={"elec.footprint", *_refs(loaded)}
        )
        assert {v.process.content_hash for v in again} == {p.content_hash for p in list_processes(loaded)}

    def test_a_model_in_yichun_solves_the_copper_foil_with_the_national_life_cycle_factor(
        self, loaded: Session
    ) -> None:
        data = model(
            {
                "cell": process(
                    "production",
                    (1, "kWh"),
                    [fac("bg.cu-foil.electrodeposition.CN", 1, "kWh")],
                    geography="CN-JX-YC",
                )
            },
            ref="cell",
            unit="kWh",
        )
        data["product"]["reference_year"] = 2025
        result = calculate(parse_model(data), DatabaseFactors(loaded))
        part = next(f for f in result.factors if f["origin"] == "process")["parts"][0]
        assert part["code"].startswith("elec.footprint.CN.") and part["geography"] == "CN"
        from factors import get_factor

        assert result.total == pytest.approx(5 * get_factor(loaded, part["code"]).value, rel=1e-12)

    def test_loading_twice_is_a_no_op_and_changed_processes_need_a_new_version(
        self, engine, tmp_path: Path
    ) -> None:  # type: ignore[no-untyped-def]
        data = _copy_data(tmp_path)
        with Session(engine) as s:
            first = load_bundled(s, data)
            assert first.processes >= 1
            assert load_bundled(s, data).processes == 0
            path = data / "processes" / "exchanges.csv"
            path.write_text(path.read_text(encoding="utf-8").replace(",5,kWh,", ",6,kWh,"), encoding="utf-8")
            with pytest.raises(BundledReleaseConflict, match="background processes differ"):
                load_bundled(s, data)


def _refs(session: Session) -> set[str]:
    from factors.processes import release_factor_refs
    from factors.releases import get_release

    return release_factor_refs(session, get_release(session))


HEADER_P = (
    "code,activity,name_zh,name_en,category,geography,reference_year,unit,confidence,proxy,uncertainty,"
    "unc_a,unc_b,source_title,source_publisher,source_year,source_url,source_location,source_licence,notes\n"
)
GOOD_P = "bg.x,bg.x,甲,X,process.test,CN,2024,kg,low,no,,,,T,,2024,https://x,,,\n"
HEADER_X = "process,kind,ref,amount,unit,source_location,note\n"
GOOD_X = "bg.x,input,elec,1,kWh,table 1,\n"


class TestFileValidation:
    @pytest.mark.parametrize(
        ("p_rows", "x_rows", "message"),
        [
            (GOOD_P, "bg.x,input,nothing,1,kWh,t1,\n", "neither a factor code or activity"),
            (GOOD_P, "bg.x,input,elec,0,kWh,t1,\n", "expected a number > 0"),
            (GOOD_P, "bg.x,input,elec,-1,kWh,t1,\n", "expected a number > 0"),
            (GOOD_P, "bg.x,input,elec,1,bananas,t1,\n", "unit"),
            (GOOD_P, "bg.x,input,elec,1,kWh,,\n", "say where the amount comes from"),
            (GOOD_P, "bg.x,emission,CO3,1,kg,t1,\n", "unknown gas 'CO3'"),
            (GOOD_P, "bg.x,output,elec,1,kWh,t1,\n", "expected input or emission"),
            (GOOD_P, "bg.y,input,elec,1,kWh,t1,\n", "unknown process 'bg.y'"),
            (GOOD_P, "", "has no exchanges"),
            (GOOD_P + GOOD_P, GOOD_X, "duplicate process code"),
            (
                GOOD_P.replace("bg.x,bg.x", "elec,bg.x"),
                GOOD_X.replace("bg.x", "elec", 1),
                "already a factor code",
            ),
            (GOOD_P.replace(",CN,", ",XX,"), GOOD_X, "unknown geography 'XX'"),
            (GOOD_P.replace(",low,no,", ",high,yes,"), GOOD_X, "a proxy cannot be graded high"),
            (
                GOOD_P.replace(",low,no,,,,", ",low,no,lognormal,0.9,,"),
                GOOD_X,
                "geometric standard deviation",
            ),
            (GOOD_P.replace(",T,,2024,https://x", ",,,2024,"), GOOD_X, "required value is missing"),
            (
                GOOD_P + "bg.z,bg.z,乙,Z,process.test,CN,,kg,low,no,,,,T,,,https://x,,,\n",
                "bg.x,input,bg.z,1,kg,t1,\nbg.z,input,bg.x,1,kg,t1,\n",
                "loop",
            ),
        ],
    )
    def test_every_bad_cell_is_named_and_nothing_is_loaded(
        self, tmp_path: Path, p_rows: str, x_rows: str, message: str
    ) -> None:
        (tmp_path / "processes.csv").write_text(HEADER_P + p_rows, encoding="utf-8")
        (tmp_path / "exchanges.csv").write_text(HEADER_X + x_rows, encoding="utf-8")
        with pytest.raises(ImportValidationError, match=message) as info:
            read_process_files(tmp_path, geographies={"CN", "GLO"}, factor_refs={"elec"})
        assert all(e.row >= 1 and e.column for e in info.value.errors)

    def test_a_good_pair_of_files_reads(self, tmp_path: Path) -> None:
        (tmp_path / "processes.csv").write_text(HEADER_P + GOOD_P, encoding="utf-8")
        (tmp_path / "exchanges.csv").write_text(HEADER_X + GOOD_X, encoding="utf-8")
        [valid] = read_process_files(tmp_path, geographies={"CN", "GLO"}, factor_refs={"elec"})
        assert valid.process.exchanges[0].amount == 1.0 and valid.process.content_hash

    def test_an_unknown_column_is_refused(self, tmp_path: Path) -> None:
        (tmp_path / "processes.csv").write_text(HEADER_P.replace("notes", "notez") + GOOD_P, encoding="utf-8")
        (tmp_path / "exchanges.csv").write_text(HEADER_X + GOOD_X, encoding="utf-8")
        with pytest.raises(ImportValidationError, match="notez"):
            read_process_files(tmp_path, geographies={"CN"}, factor_refs={"elec"})
