# ruff: noqa: E501  (data tables: one material per line reads better than wrapped)
"""Re-derive the issue-11 factor files from the shared research (run by hand; documents every row).

    python factors/data/curate_issue11.py /work/shared/factors

Writes electricity_footprint.csv, battery_materials.csv, materials_cn.csv, energy_upstream.csv,
transport_cn.csv, fuels_cn.csv and fuel_parameters.csv next to this file. Every value is a number of
the cited source; the only transformations are unit conversions (named in `notes`) and, for
fuels_cn.csv, the accounting guideline's own formula (NCV x carbon content x oxidation x 44/12;
NCV x IPCC CH4/N2O default), also named in `notes`. CURATION.md explains the choices.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent))
from factors.cpcd import parse_footprint  # noqa: E402

Row = dict[str, Any]

COLUMNS = (
    "code", "activity", "name_zh", "name_en", "category", "geography", "reference_year",
    "value", "unit", "basis", "gwp", "gases", "scope", "scope_note",
    "uncertainty", "unc_a", "unc_b", "dq_reliability", "dq_completeness", "dq_temporal", "dq_geographical",
    "dq_technological", "valid_from", "valid_to", "confidence",
    "source_title", "source_publisher", "source_year", "source_url", "source_location",
    "source_licence", "source_value", "source_unit", "notes", "source_class", "industry", "alt_role",
)  # fmt: skip
PARAM_COLUMNS = (
    "fuel",
    "parameter",
    "value",
    "unit",
    "source_title",
    "source_publisher",
    "source_year",
    "source_url",
    "source_location",
    "confidence",
    "notes",
)
DQ = {"high": 2, "medium": 3, "low": 4}

# ---- CPCD ---------------------------------------------------------------------------------------
CPCD_TITLE = "中国产品全生命周期温室气体排放系数库 CPCD (China Products Carbon Footprint Factors Database)"
CPCD_PUBLISHER = (
    "中国城市温室气体工作组 CCG (official site https://lca.cityghg.com/, not reachable); "
    "transcription: github leo21468/CarbonCalculator"
)
CPCD_URL = (
    "github: leo21468/CarbonCalculator data/cpcd_catalog.csv @ bebed06 (third-party transcription of "
    "the CPCD catalogue; official site https://lca.cityghg.com/ not read)"
)
CPCD_NOTE = (
    "CPCD value as transcribed by a third party (leo21468/CarbonCalculator @ bebed06); the official CPCD "
    "entry was not read. Data type {kind} ({kind_en}). Boundary as transcribed: {boundary}."
)


def parse_cpcd_footprint(text: str) -> tuple[float, str, str, str, str]:
    """``'7.9kgCO2e / 千克'`` -> (value in kg CO2e per ref unit, ref unit, source value, source unit, note)."""
    fp = parse_footprint(text)
    return fp.value, fp.unit, fp.source_value, fp.source_unit, fp.conversion


def read_cpcd(path: Path) -> dict[str, dict[str, str]]:
    """The transcribed catalogue by CPCD ID."""
    with path.open(encoding="utf-8-sig") as fh:
        return {r["产品ID"]: r for r in csv.DictReader(fh)}


def cpcd_row(cat: dict[str, dict[str, str]], cpcd_id: str, **kw: Any) -> Row:
    """A factor row from one CPCD entry; `kw` sets code, activity, names, category, geography, scope..."""
    src = cat[cpcd_id]
    value, unit, source_value, source_unit, conv = parse_cpcd_footprint(src["碳足迹"])
    core = src["数据类型"] == "核心数据库"
    confidence = kw.pop("confidence", "medium" if core else "low")
    note = CPCD_NOTE.format(
        kind=src["数据类型"], kind_en="core database" if core else "literature data", boundary=src["核算边界"]
    )
    if conv:
        note = f"Unit conversion: {conv}. " + note
    extra = kw.pop("notes", "")
    row: Row = {
        "value": value,
        "unit": kw.pop("unit", unit),
        "basis": "CO2e",
        "gwp": "unspecified",
        "reference_year": int(src["数据年份"]),
        "confidence": confidence,
        "dq_reliability": DQ[confidence],
        "scope_note": f"CPCD 核算边界: {src['核算边界']}",
        "source_title": CPCD_TITLE,
        "source_publisher": CPCD_PUBLISHER,
        "source_url": CPCD_URL,
        "source_location": f"CPCD ID {cpcd_id} '{src['产品名称']}' ({src['数据年份']}, {src['数据类型']})",
        "source_value": source_value,
        "source_unit": source_unit,
        "notes": (note + (" " + extra if extra else "")).strip(),
    }
    row.update(kw)
    return row


# ---- EverBatt / GREET -----------------------------------------------------------------------------
EVERBATT = {  # material name in the research file (prefix) -> (activity, zh, en, category)
    "LFP cathode active material": ("cam.lfp", "磷酸铁锂正极材料", "LFP cathode active material (LiFePO4)", "material.battery"),
    "NCM811 cathode": ("cam.ncm811", "三元NCM811正极材料", "NCM811 cathode active material", "material.battery"),
    "NCM622 cathode": ("cam.ncm622", "三元NCM622正极材料", "NCM622 cathode active material", "material.battery"),
    "NCM532/523 cathode": ("cam.ncm523", "三元NCM523正极材料", "NCM523 (GREET NMC532) cathode active material", "material.battery"),
    "LiPF6": ("lipf6", "六氟磷酸锂（电解质盐）", "LiPF6 electrolyte salt", "material.battery"),
    "Ethylene carbonate": ("electrolyte-solvent.ec", "碳酸乙烯酯（EC，电解液溶剂）", "Ethylene carbonate (EC), electrolyte solvent", "material.chemical"),
    "Dimethyl carbonate": ("electrolyte-solvent.dmc", "碳酸二甲酯（DMC，电解液溶剂）", "Dimethyl carbonate (DMC), electrolyte solvent", "material.chemical"),
    "Electrolyte solvents": ("electrolyte-solvent.mix", "电解液溶剂（GREET综合）", "Electrolyte solvents (GREET aggregate)", "material.chemical"),
    "Polypropylene": ("pp.resin", "聚丙烯树脂", "Polypropylene (PP) resin", "material.plastic"),
    "Polyethylene": ("pe.resin", "聚乙烯树脂", "Polyethylene (PE) resin", "material.plastic"),
    "PET": ("pet.resin", "聚对苯二甲酸乙二醇酯（PET）树脂", "PET resin", "material.plastic"),
    "Copper": ("copper", "铜（金属）", "Copper (metal)", "material.metal"),
    "Aluminium": ("aluminium.unspecified", "铝（金属，原生/再生比例未说明）", "Aluminium metal (primary/secondary share not stated)", "material.metal"),
    "Steel": ("steel.unspecified", "钢（电池壳体/结构件用）", "Steel (battery casing / structure)", "material.metal"),
    "NMP": ("nmp", "N-甲基吡咯烷酮（NMP）溶剂", "NMP (N-methyl-2-pyrrolidone) solvent", "material.chemical"),
    "Battery electronics": ("electronics.bms", "电池管理系统（BMS）电子件", "Battery management system (BMS) electronics", "material.electronics"),
    "Lithium carbonate": ("li2co3", "电池级碳酸锂（工艺路线未区分）", "Battery-grade lithium carbonate (route not distinguished)", "material.lithium"),
    "Lithium hydroxide": ("lioh", "氢氧化锂（GREET口径，水合形态未说明）", "Lithium hydroxide (GREET basis; hydrate form not stated)", "material.lithium"),
    "Nickel sulfate": ("niso4", "硫酸镍", "Nickel sulfate (NiSO4)", "material.battery"),
    "Cobalt sulfate": ("coso4", "硫酸钴", "Cobalt sulfate (CoSO4)", "material.battery"),
    "Manganese sulfate": ("mnso4", "硫酸锰", "Manganese sulfate (MnSO4)", "material.battery"),
    "Phosphoric acid": ("h3po4", "磷酸", "Phosphoric acid (H3PO4)", "material.chemical"),
    "Sodium hydroxide": ("naoh", "氢氧化钠", "Sodium hydroxide (NaOH)", "material.chemical"),
    "Ammonium hydroxide": ("nh4oh", "氨水（氢氧化铵）", "Ammonium hydroxide", "material.chemical"),
    "Graphite": ("graphite.synthetic", "电池负极石墨（GREET，天然/人造未区分）", "Battery anode graphite (GREET; natural/synthetic split not stated)", "material.battery"),
    "PVDF": ("pvdf", "聚偏氟乙烯（PVDF）粘结剂", "PVDF binder", "material.battery"),
    "Coolant": ("coolant", "电池包冷却液", "Battery pack coolant", "material.chemical"),
    "Insulation": ("insulation", "电池包隔热材料", "Battery pack insulation", "material.battery"),
}  # fmt: skip
SHORT_TON_G = 907185.0  # g per short ton (2000 lb = 907.185 kg), EverBatt 'Man Par.' H66
EVERBATT_CAVEAT = (
    "US-centred default supply chain: EverBatt does not consider geographical variations for "
    "materials (ANL-19/16 §2.2), so this is the GREET default (US) value, not a Chinese one; "
    "geography GLO as a fallback only."
)


def everbatt_rows(path: Path) -> list[Row]:
    """One factor row per EverBatt material value (both vintages), with the caveats of the research."""
    out: list[Row] = []
    with path.open(encoding="utf-8") as fh:
        for number, r in enumerate(csv.DictReader(fh), start=2):
            key = next((k for k in EVERBATT if r["material"].startswith(k)), None)
            if key is None or "short ton" not in r["unit"]:
                continue  # electricity and natural gas rows: see electricity_rows / upstream_rows
            grams = float(r["value"])
            if grams <= 0:
                continue  # iron sulfate 0 (burden-free by-product in GREET): not a factor; CURATION.md
            activity, zh, en, category = EVERBATT[key]
            v2023 = r["source_title"].startswith("EverBatt 2023")
            tag, year, gwp = ("greet2022", 2022, "AR6") if v2023 else ("greet2020", 2020, "AR5")
            value = round(grams / SHORT_TON_G, 6)
            out.append(
                {
                    "code": f"{activity}.{tag}.GLO.{year}",
                    "activity": activity,
                    "name_zh": f"{zh}（EverBatt {'2023' if v2023 else '2020'} / GREET {year}，美国默认供应链）",
                    "name_en": f"{en} (EverBatt {'2023' if v2023 else '2020'} / GREET {year}, US-centred default)",
                    "category": category,
                    "geography": "GLO",
                    "reference_year": year,
                    "value": value,
                    "unit": "kg",
                    "basis": "CO2e",
                    "gwp": gwp,
                    "scope": "cradle_to_gate",
                    "scope_note": r["scope"],
                    "confidence": r["confidence"],
                    "dq_reliability": DQ[r["confidence"]],
                    "source_title": f"{r['source_title'].split(';')[0]}",
                    "source_publisher": r["source_authors"],
                    "source_year": int(r["source_year"]),
                    "source_url": r["source_url_or_doi"],
                    "source_location": r["source_location"],
                    "source_licence": "BSD-3-Clause-style (EverBatt ReadMe sheet, Copyright 2018 UChicago Argonne LLC)",
                    "source_value": r["value"],
                    "source_unit": "g CO2e per short ton",
                    "notes": (
                        f"Unit conversion: {r['value']} g per short ton ÷ 907,185 g per short ton = {value:g} kg "
                        f"CO2e/kg. {EVERBATT_CAVEAT} GWP: {r['gwp']}. Research row {number} of "
                        f"everbatt_greet_materials.csv. Research note: {_after_as_read(r['notes'])}"
                    ),
                    "_file": "battery"
                    if category in ("material.battery", "material.lithium")
                    else "materials",
                }
            )
    return out


def _after_as_read(note: str) -> str:
    """The research note without the conversion sentence and licence (both restated in the row)."""
    text = re.sub(r"^As read:.*?kg CO2e/kg\.\s*", "", note)
    text = re.sub(r"EverBatt doc \(ANL-19/16 §2\.2\):.*?value\.\s*", "", text)
    return re.sub(r"\s*Licence:.*$", "", text).strip() or "none"


# ---- Istrate et al. (the ecoinvent 3.9.1 run and the group copies of the 3.10 values) --------------
ISTRATE_TITLE = (
    "Istrate R. et al. (2024) 'Decarbonizing lithium-ion battery primary raw materials supply "
    "chain', Joule – authors' results files"
)
ISTRATE_PUB = "Joule / authors' GitHub repo robyistrate/decarbonization_LIB_raw_materials"


def istrate_rows() -> list[Row]:
    """Synthetic graphite (ecoinvent 3.9.1 run, the article's results) and group copies of 3.10 values."""
    base: Row = {
        "category": "material.battery",
        "unit": "kg",
        "basis": "CO2e",
        "scope": "cradle_to_gate",
        "scope_note": "cradle-to-gate",
        "confidence": "medium",
        "dq_reliability": 3,
        "source_title": ISTRATE_TITLE,
        "source_publisher": ISTRATE_PUB,
        "source_year": 2024,
    }
    return [
        base
        | {
            "code": "graphite.synthetic.istrate-ei391.CN",
            "activity": "graphite.synthetic",
            "geography": "CN",
            "name_zh": "人造石墨负极材料（电池级，中国，Istrate等模型，ecoinvent 3.9.1）",
            "name_en": "Synthetic graphite, battery grade, China (Istrate et al. model, ecoinvent 3.9.1)",
            "value": 11.08,
            "gwp": "unspecified",
            "source_url": "github: robyistrate/decarbonization_LIB_raw_materials @24c88954 "
            "data/results/fig1_total_ghgs_20-12-2023.csv",
            "source_location": "row 'Graphite synthetic', column 'Climate change' (full value 11.080016554165189); "
            "ecoinvent version: analysis/00_project_setup.ipynb at the same commit "
            "(EI_DB = 'ecoinvent 3.9.1 cutoff'; 'The results presented in the scientific "
            "article were produced with ecoinvent 3.9.1 cut-off system model')",
            "source_value": "11.080016554165189",
            "source_unit": "kgCO2e/kg (per 1 unit of reference product)",
            "notes": "Rounded to 2 decimals (full value in source_location). The authors' run with ecoinvent 3.9.1 "
            "cut-off, which the repository's set-up notebook names as the basis of the published "
            "article; the later file fig2_total_ghgs_30-07-2024.csv (ecoinvent 3.10) gives 43.87 for the "
            "same material (graphite.synthetic.istrate-ei310.CN). The results file does not name the "
            "impact method; the later file uses IPCC 2021 GWP100, not re-checked here (gwp unspecified).",
        },
        base
        | {
            "code": "graphite.synthetic.istrate-ei310.CN",
            "activity": "graphite.synthetic",
            "geography": "CN",
            "name_zh": "人造石墨负极材料（电池级，包覆，中国，Istrate等模型，ecoinvent 3.10）",
            "name_en": "Synthetic graphite, battery grade (coated), China (Istrate et al. model, ecoinvent 3.10)",
            "value": 43.87,
            "gwp": "AR6",
            "source_url": "github: robyistrate/decarbonization_LIB_raw_materials @359e93eb "
            "data/results/fig2_total_ghgs_30-07-2024.csv",
            "source_location": "row 'Graphite, synthetic' (full value 43.87147798772766)",
            "source_value": "43.87147798772766",
            "source_unit": "kgCO2e/kg product",
            "notes": "Same value and citation as graphite.synthetic.ecoinvent-model.CN (kept unchanged for models "
            "that reference that activity); here as a member of the graphite.synthetic alternatives. "
            "Model result (ecoinvent 3.10 cut-off + authors' LCIs), IPCC 2021 GWP100 incl. SLCFs.",
        },
        base
        | {
            "code": "coso4.istrate-ei310.CN",
            "activity": "coso4",
            "geography": "CN",
            "name_zh": "硫酸钴（铜钴矿，经济分配，中国，Istrate等模型）",
            "name_en": "Cobalt sulfate from Cu-Co ore, economic allocation, China (Istrate et al. model)",
            "value": 14.99,
            "gwp": "AR6",
            "source_url": "github: robyistrate/decarbonization_LIB_raw_materials @359e93eb "
            "data/results/fig2_total_ghgs_30-07-2024.csv",
            "source_location": "row 'Cobalt' (full value 14.99089722439171)",
            "source_value": "14.99089722439171",
            "source_unit": "kgCO2e/kg product",
            "notes": "Same value and citation as coso4.ecoinvent-model.CN; here as a member of the coso4 "
            "alternatives. Model result (ecoinvent 3.10 cut-off + authors' LCIs).",
        },
        base
        | {
            "code": "niso4.istrate-ei310.GLO-exCN",
            "activity": "niso4",
            "geography": "GLO-exCN",
            "name_zh": "硫酸镍（全球平均，不含中国，经济分配，Istrate等模型）",
            "name_en": "Nickel sulfate, global average excluding China, economic allocation (Istrate et al. model)",
            "value": 5.48,
            "gwp": "AR6",
            "source_url": "github: robyistrate/decarbonization_LIB_raw_materials @359e93eb "
            "data/results/fig2_total_ghgs_30-07-2024.csv",
            "source_location": "row 'Nickel' (full value 5.47906485240924)",
            "source_value": "5.47906485240924",
            "source_unit": "kgCO2e/kg product",
            "notes": "Same value and citation as niso4.ecoinvent-model.GLO-exCN; here as a member of the niso4 "
            "alternatives. Model result (ecoinvent 3.10 cut-off + authors' LCIs).",
        },
    ]


# ---- CPCD rows by file ----------------------------------------------------------------------------
def cpcd_battery_rows(cat: dict[str, dict[str, str]]) -> list[Row]:
    """Chinese battery materials and packs from CPCD (core = medium, literature = low)."""
    m = {"category": "material.battery", "geography": "CN", "scope": "cradle_to_gate"}
    return [
        cpcd_row(
            cat,
            "46430X0172025C",
            **m,
            code="cam.lfp.cpcd.CN.2025",
            activity="cam.lfp",
            name_zh="磷酸铁锂正极材料（CPCD核心库，中国）",
            name_en="LFP cathode active material, China (CPCD core)",
        ),
        cpcd_row(
            cat,
            "46410X0012021A",
            **m,
            code="cam.lfp.cpcd-lit.CN.2021",
            activity="cam.lfp",
            name_zh="磷酸铁锂（CPCD文献数据，2021）",
            name_en="LiFePO4, China (CPCD literature value, 2021)",
        ),
        cpcd_row(
            cat,
            "46430X0012017A",
            **m,
            code="cam.lfp.cpcd-lit.CN.2017",
            activity="cam.lfp",
            name_zh="磷酸铁锂电池正极材料（CPCD文献数据，2017）",
            name_en="LFP battery cathode material, China (CPCD literature value, 2017)",
        ),
        cpcd_row(
            cat,
            "46410X0152010A",
            **m,
            code="cam.lfp.cpcd-lit.CN.2010",
            activity="cam.lfp",
            name_zh="磷酸铁锂（CPCD文献数据，2010）",
            name_en="LiFePO4, China (CPCD literature value, 2010)",
        ),
        cpcd_row(
            cat,
            "46410X0022021A",
            **m,
            code="cam.ncm.cpcd-lit.CN.2021",
            activity="cam.ncm",
            name_zh="镍钴锰酸锂正极材料（镍含量未说明，CPCD文献数据）",
            name_en="NCM cathode material, nickel ratio not stated, China (CPCD literature value)",
            notes="The NCM composition (111/523/622/811) is not stated in the catalogue; not an NCM811 value.",
        ),
        cpcd_row(
            cat,
            "37950X0022015A",
            **m,
            code="graphite.synthetic.cpcd-lit.CN.2015",
            activity="graphite.synthetic",
            name_zh="人造石墨（CPCD文献数据，2015）",
            name_en="Synthetic (artificial) graphite, China (CPCD literature value, 2015)",
            notes="Battery grade and coating not stated.",
        ),
        cpcd_row(
            cat,
            "46950X0022015A",
            **m,
            code="graphite.synthetic.cpcd-lit-anode.CN.2015",
            activity="graphite.synthetic",
            name_zh="锂离子电池阳极石墨（CPCD文献数据，2015）",
            name_en="Lithium-ion battery anode graphite, China (CPCD literature value, 2015)",
            notes="Natural or synthetic not stated in the catalogue name; carried as an alternative of "
            "synthetic graphite, the usual anode of Chinese cells.",
        ),
        cpcd_row(
            cat,
            "46950X0012021A",
            **m,
            code="graphite.synthetic.cpcd-lit-graphite.CN.2021",
            activity="graphite.synthetic",
            name_zh="石墨（CPCD文献数据，2021）",
            name_en="Graphite, China (CPCD literature value, 2021)",
            notes="Type (natural/synthetic, battery grade) not stated in the catalogue name; carried as an "
            "alternative of synthetic graphite.",
        ),
        cpcd_row(
            cat,
            "41421X0012021A",
            **m,
            code="niso4.cpcd-lit.CN.2021",
            activity="niso4",
            name_zh="硫酸镍（CPCD文献数据，2021）",
            name_en="Nickel sulfate, China (CPCD literature value, 2021)",
            notes="Ten times the GREET and Istrate values; hydrate form and basis (per kg NiSO4·6H2O or per kg "
            "Ni) not stated; carried as an alternative, not as the default.",
        ),
        cpcd_row(
            cat,
            "46420X0172021C",
            category="product.battery",
            geography="CN",
            scope="cradle_to_gate",
            code="battery-pack.lfp.cpcd.CN.2021",
            activity="battery-pack.lfp",
            name_zh="磷酸铁锂电池包（每kWh，CPCD核心库）",
            name_en="LFP battery pack per kWh, China (CPCD core)",
            notes="Per kWh of pack capacity. The same value is also listed as literature data (46420X0032021A).",
        ),
        cpcd_row(
            cat,
            "46420X0182021C",
            category="product.battery",
            geography="CN",
            scope="cradle_to_gate",
            code="battery-pack.ncm.cpcd.CN.2021",
            activity="battery-pack.ncm",
            name_zh="镍钴锰酸锂电池包（每kWh，CPCD核心库）",
            name_en="NCM battery pack per kWh, China (CPCD core)",
            notes="Per kWh of pack capacity; NCM composition not stated. Also listed as literature data "
            "(46420X0022021A).",
        ),
    ]


def cn_material_rows(cat: dict[str, dict[str, str]], everbatt: list[Row]) -> list[Row]:
    """Chinese metals, plastics and chemicals from CPCD, plus the non-battery EverBatt materials."""
    m = {"geography": "CN", "scope": "cradle_to_gate"}
    cn = [
        cpcd_row(
            cat,
            "41265X0362022C",
            **m,
            category="material.metal",
            code="steel.cold-rolled.cpcd.CN.2022",
            activity="steel.cold-rolled",
            name_zh="冷轧钢板及钢带（CPCD核心库）",
            name_en="Cold-rolled steel sheet and strip, China (CPCD core)",
        ),
        cpcd_row(
            cat,
            "41511X0012015A",
            **m,
            category="material.metal",
            code="copper.cpcd-lit.CN.2015",
            activity="copper",
            name_zh="铜（CPCD文献数据，2015）",
            name_en="Copper, China (CPCD literature value, 2015)",
            notes="Metal; electrodeposited copper foil not included (no public value found, CURATION.md).",
        ),
        cpcd_row(
            cat,
            "41535X0012021A",
            **m,
            category="material.metal",
            code="aluminium.foil.cpcd-lit.CN.2021",
            activity="aluminium.foil",
            name_zh="铝罐和铝箔（CPCD文献数据，2021）",
            name_en="Aluminium cans and foil, China (CPCD literature value, 2021)",
            notes="Cans and foil in one entry; battery-grade (12–15 µm) foil rolling not stated.",
        ),
        cpcd_row(
            cat,
            "34740F0042021C",
            **m,
            category="material.plastic",
            code="pp.resin.cpcd.CN.2021",
            activity="pp.resin",
            name_zh="聚丙烯（CPCD核心库）",
            name_en="Polypropylene resin, China (CPCD core)",
            notes="Resin; separator film forming (wet or dry process) not included.",
        ),
        cpcd_row(
            cat,
            "34710X0052021A",
            **m,
            category="material.plastic",
            code="pe.resin.cpcd-lit-ldpe.CN.2021",
            activity="pe.resin",
            name_zh="低密度聚乙烯LDPE（CPCD文献数据，2021）",
            name_en="Low-density polyethylene (LDPE), China (CPCD literature value, 2021)",
            notes="LDPE; wet-process separators use UHMWPE (no public value found). Film forming not included.",
        ),
        cpcd_row(
            cat,
            "34730B0032021A",
            **m,
            category="material.plastic",
            code="pet.resin.cpcd-lit.CN.2021",
            activity="pet.resin",
            name_zh="PET（CPCD文献数据，2021）",
            name_en="PET, China (CPCD literature value, 2021)",
        ),
        cpcd_row(
            cat,
            "35499X0692016C",
            **m,
            category="material.chemical",
            code="electrolyte-solvent.dmc.cpcd-lit.CN.2016",
            activity="electrolyte-solvent.dmc",
            name_zh="碳酸二甲酯（CPCD文献数据，2016）",
            name_en="Dimethyl carbonate (DMC), China (CPCD literature value, 2016)",
        ),
        cpcd_row(
            cat,
            "34231H0022015A",
            **m,
            category="material.chemical",
            code="naoh.cpcd-lit.CN.2015",
            activity="naoh",
            name_zh="氢氧化钠（CPCD文献数据，2015）",
            name_en="Sodium hydroxide, China (CPCD literature value, 2015)",
        ),
    ]
    return cn + [r for r in everbatt if r["_file"] == "materials"]


def transport_rows(cat: dict[str, dict[str, str]]) -> list[Row]:
    """Chinese road, rail and inland-waterway freight from CPCD (life-cycle boundary as transcribed)."""
    t = {"category": "transport", "geography": "CN", "scope": "unspecified"}
    note = (
        "Chinese freight factor with the CPCD boundary (not tank-to-wheel like the DESNZ freight.* "
        "activities), so it has its own activity: do not add a -wtt factor to it."
    )
    return [
        cpcd_row(
            cat,
            "65119X0282024C",
            **t,
            code="freight.road.heavy-diesel.lifecycle.CN.2024",
            activity="freight.road.heavy-diesel.lifecycle",
            notes=note,
            name_zh="重型柴油货车运输（CPCD核心库，中国）",
            name_en="Road freight, heavy diesel truck, China (CPCD core)",
        ),
        cpcd_row(
            cat,
            "65119X0272024C",
            **t,
            code="freight.road.diesel.lifecycle.CN.2024",
            activity="freight.road.diesel.lifecycle",
            notes=note,
            name_zh="柴油货车运输-不区分质量区间（CPCD核心库，中国）",
            name_en="Road freight, diesel truck, all mass classes, China (CPCD core)",
        ),
        cpcd_row(
            cat,
            "65129X0032024C",
            **t,
            code="freight.rail.lifecycle.CN.2024",
            activity="freight.rail.lifecycle",
            notes=note,
            name_zh="铁路运输（CPCD核心库，中国）",
            name_en="Rail freight, China (CPCD core)",
        ),
        cpcd_row(
            cat,
            "65229X0052024C",
            **t,
            code="freight.inland-waterway.dry-bulk.lifecycle.CN.2024",
            activity="freight.inland-waterway.dry-bulk.lifecycle",
            notes=note,
            name_zh="内河水运-干散货船（CPCD核心库，中国）",
            name_en="Inland waterway freight, dry bulk carrier, China (CPCD core)",
        ),
    ]


# ---- electricity carbon footprint (life-cycle) factors --------------------------------------------
ANN_2024 = (
    "关于发布2024年电力碳足迹因子数据的公告 (生态环境部、国家统计局、国家能源局, 2025-09-28; 印发 2025-10-23)"
)
ANN_2023 = "关于发布2023年电力碳足迹因子数据的公告 (生态环境部、国家统计局、国家能源局, 2025年第3号)"
ANN_2024_URL = (
    "http://www.tanpaifang.com/zhengcefagui/2025/1024115022.html (announcement text; the annex table "
    "was not read); values via CPCD transcription " + CPCD_URL
)
ELEC_TYPES = {  # CPCD name suffix -> (activity suffix, zh, en, industry note)
    "燃煤发电": ("-coal", "燃煤发电", "coal-fired power"),
    "燃气发电": ("-gas", "燃气发电", "gas-fired power"),
    "水力发电": ("-hydro", "水力发电", "hydropower"),
    "核能发电": ("-nuclear", "核能发电", "nuclear power"),
    "风力发电": ("-wind", "风力发电", "wind power"),
    "光伏发电": ("-pv", "光伏发电", "photovoltaic power"),
    "光热发电": ("-solar-thermal", "光热发电", "solar thermal (CSP) power"),
    "生物质发电": ("-biomass", "生物质发电", "biomass power"),
}
ELEC_IDS = {
    2023: [
        "17100H3512023C",
        "17100H3522023C",
        "17100H3532023C",
        "17100H3542023C",
        "17100H3572023C",
        "17100H3592023C",
    ],
    2024: [
        "17100H3732024C",
        "17100H3752024C",
        "17100A0142024C",
        "17100B0322024C",
        "17100C0112024C",
        "17100D0822024C",
        "17100E0622024C",
        "17100E0632024C",
        "17100F0402024C",
        "17100H3832024C",
        "17100H3842024C",
    ],
}
LIFECYCLE_NOTE = (
    "Life-cycle electricity carbon-footprint factor for product carbon footprints (GB/T 24067-2024 "
    "practice), not comparable with the MEE/NBS CO2-only elec.grid factors (organisation "
    "accounting). The announcement states the 2024 factors use the same method and data sources "
    "as the 2023 ones and that every 2024 generation-type factor uses the 2023 national average "
    "footprint factor (0.6205) for its indirect electricity. GWP set not stated in the sources read."
)


def electricity_rows(cat: dict[str, dict[str, str]]) -> list[Row]:
    """MEE/NBS/NEA electricity carbon-footprint factors 2023 (types not yet curated) and 2024 (all)."""
    out: list[Row] = []
    for year, ids in ELEC_IDS.items():
        for cpcd_id in ids:
            name = cat[cpcd_id]["产品名称"]
            if "全国电力平均碳足迹因子" in name:
                activity, zh, en = "elec.footprint", "全国电力平均碳足迹因子", "national average electricity"
            elif "输配电" in name:
                losses = "含线损" in name and "不含" not in name
                activity = "elec.footprint-td-with-losses" if losses else "elec.footprint-td"
                zh = "输配电碳足迹因子（" + ("含线损" if losses else "不含线损") + "）"
                en = (
                    "transmission and distribution, "
                    + ("including" if losses else "excluding")
                    + " line losses"
                )
            else:
                key = next(k for k in ELEC_TYPES if name.endswith(k))
                suffix, zh, en = ELEC_TYPES[key]
                activity, zh, en = "elec.footprint" + suffix, zh + "碳足迹因子", en
            national = activity == "elec.footprint" and year == 2024
            row = cpcd_row(
                cat,
                cpcd_id,
                category="electricity",
                geography="CN",
                scope="cradle_to_gate",
                code=f"{activity}.CN.{year}",
                activity=activity,
                name_zh=f"{year}年{zh}（生态环境部/国家统计局/国家能源局）",
                name_en=f"Electricity carbon footprint factor {year}, {en}, China (MEE/NBS/NEA)",
                confidence="high" if national else "medium",
                source_title=(ANN_2024 if year == 2024 else ANN_2023) + " – values as transcribed in CPCD",
                source_publisher="生态环境部 MEE, 国家统计局 NBS, 国家能源局 NEA; transcription: CPCD via "
                "github leo21468/CarbonCalculator",
                source_year=2025,
                source_url=ANN_2024_URL if year == 2024 else CPCD_URL,
            )
            row["dq_reliability"] = DQ[row["confidence"]]
            row["notes"] = LIFECYCLE_NOTE + " " + row["notes"]
            if national:
                row["source_url"] = (
                    "http://hasugian.com/tanzuji/2025/1027/115039.html (press report: '2024年全国电力"
                    "平均碳足迹因子为0.5777千克二氧化碳当量每千瓦时，较2023年…0.6205…下降6.9%'); "
                    "announcement: " + ANN_2024_URL
                )
                row["notes"] += " National value also quoted verbatim by a press report (source_url): high."
            if "输配电" in name:
                row["notes"] += (
                    " Transmission and distribution only: add to a generation-type factor for "
                    "electricity delivered through the grid (the with-losses factor includes the "
                    "generation attributed to line losses). 2023: only the without-losses value was "
                    "found."
                )
            if cpcd_id == "17100H3512023C":
                row["notes"] += (
                    " The transcription gives this row boundary 摇篮到大门 while the other type rows of 2023 say 摇篮到坟墓; kept as transcribed."
                )
            out.append(row)
    return out


def greet_electricity_row(path: Path) -> Row:
    """EverBatt 2023's life-cycle electricity of the Chinese mix (GREET model), per kWh."""
    with path.open(encoding="utf-8") as fh:
        r = next(x for x in csv.DictReader(fh) if x["material"].startswith("Electricity, China"))
    value = round(float(r["value"]) / 293.07 / 1000, 4)
    return {
        "code": "elec.footprint.greet-model.CN.2022",
        "activity": "elec.footprint.greet-model",
        "name_zh": "中国电网电力 生命周期（GREET 2022模型，含输配损耗，EverBatt 2023）",
        "name_en": "Electricity, China national mix, life-cycle at wall outlet (GREET 2022 model via EverBatt 2023)",
        "category": "electricity",
        "geography": "CN",
        "reference_year": 2022,
        "value": value,
        "unit": "kWh",
        "basis": "CO2e",
        "gwp": "AR6",
        "scope": "cradle_to_gate",
        "scope_note": r["scope"],
        "confidence": r["confidence"],
        "dq_reliability": DQ[r["confidence"]],
        "source_title": r["source_title"],
        "source_publisher": r["source_authors"],
        "source_year": 2023,
        "source_url": r["source_url_or_doi"],
        "source_location": r["source_location"],
        "source_licence": "BSD-3-Clause-style (EverBatt ReadMe sheet, Copyright 2018 UChicago Argonne LLC)",
        "source_value": r["value"],
        "source_unit": "g CO2e per mmBtu of electricity delivered",
        "notes": (
            f"Unit conversion: {r['value']} g/mmBtu ÷ 293.07 kWh/mmBtu ÷ 1000 = {value:g} kg CO2e/kWh. "
            "GREET's model of the Chinese mix (mix year in the 2023 file not verified); the official "
            "life-cycle factors are elec.footprint (MEE/NBS/NEA). Not Jiangxi-specific."
        ),
    }


def upstream_rows(cat: dict[str, dict[str, str]], path: Path) -> list[Row]:
    """Fuel supply (cradle-to-gate, combustion excluded): CPCD natural gas, diesel, gasoline; GREET gas."""
    u = {"category": "fuel.upstream", "geography": "CN", "scope": "cradle_to_gate"}
    rows = [
        cpcd_row(
            cat,
            "12020X0142024C",
            **u,
            code="natural-gas.upstream.CN.2024",
            activity="natural-gas.upstream",
            name_zh="天然气（摇篮到大门，CPCD核心库）",
            name_en="Natural gas supply, cradle-to-gate, China (CPCD core)",
            notes="Per m3 of gas (reference state as transcribed: 立方米); combustion not included (see "
            "fuel.natural-gas.combustion.cn-default).",
        ),
        cpcd_row(
            cat,
            "12010X0072024C",
            **u,
            code="diesel.upstream.CN.2024",
            activity="diesel.upstream",
            name_zh="柴油（摇篮到大门，CPCD核心库，2024）",
            name_en="Diesel supply, cradle-to-gate, China (CPCD core, 2024)",
            notes="Combustion not included.",
        ),
        cpcd_row(
            cat,
            "33360X0012022C",
            **u,
            code="diesel.upstream.CN.2022",
            activity="diesel.upstream",
            name_zh="柴油（摇篮到大门，CPCD核心库，2022）",
            name_en="Diesel supply, cradle-to-gate, China (CPCD core, 2022)",
            notes="Combustion not included.",
        ),
        cpcd_row(
            cat,
            "12010X0062024C",
            **u,
            code="gasoline.upstream.CN.2024",
            activity="gasoline.upstream",
            name_zh="汽油（摇篮到大门，CPCD核心库）",
            name_en="Gasoline supply, cradle-to-gate, China (CPCD core)",
            notes="Combustion not included.",
        ),
    ]
    with path.open(encoding="utf-8") as fh:
        r = next(x for x in csv.DictReader(fh) if x["material"].startswith("Natural gas as stationary"))
    value = round(float(r["value"]) / 1.055056 / 1000, 4)
    rows.append(
        {
            "code": "natural-gas.upstream-per-energy.greet2022.GLO.2022",
            "activity": "natural-gas.upstream-per-energy",
            "name_zh": "天然气上游（井到门，每GJ，GREET 2022美国默认）",
            "name_en": "Natural gas upstream, well-to-gate, per GJ (GREET 2022, US default)",
            "category": "fuel.upstream",
            "geography": "GLO",
            "reference_year": 2022,
            "value": value,
            "unit": "GJ",
            "basis": "CO2e",
            "gwp": "AR6",
            "scope": "well_to_tank",
            "scope_note": r["scope"],
            "confidence": r["confidence"],
            "dq_reliability": DQ[r["confidence"]],
            "source_title": r["source_title"],
            "source_publisher": r["source_authors"],
            "source_year": 2023,
            "source_url": r["source_url_or_doi"],
            "source_location": r["source_location"],
            "source_licence": "BSD-3-Clause-style (EverBatt ReadMe sheet, Copyright 2018 UChicago Argonne LLC)",
            "source_value": r["value"],
            "source_unit": "g CO2e per mmBtu of natural gas throughput",
            "notes": (
                f"Unit conversion: {r['value']} g/mmBtu ÷ 1.055056 GJ/mmBtu ÷ 1000 = {value:g} kg CO2e/GJ. "
                "US default (GREET does not vary natural gas by geography): a placeholder for non-Chinese "
                "supply; the Chinese value is natural-gas.upstream (CPCD, per m3)."
            ),
        }
    )
    return rows


# ---- Chinese fuel parameters and per-gas combustion factors ---------------------------------------
FUELS = {  # research id -> (activity fuel, zh, en, reference unit, unit of NCV per unit, ghgpy IPCC name)
    "ANTHRACITE": ("anthracite", "无烟煤", "Anthracite", "t", "Anthracite"),
    "BITUMINOUS_COAL": ("bituminous-coal", "烟煤", "Bituminous coal", "t", "Other_Bituminous_Coal"),
    "WASHED_COAL": ("washed-coal", "洗精煤", "Washed (cleaned) coal", "t", "Coking_Coal"),
    "LIGNITE": ("lignite", "褐煤", "Lignite", "t", "Lignite"),
    "COKE": ("coke", "焦炭", "Coke", "t", "Coke_Oven_Coke"),
    "DIESEL": ("diesel", "柴油", "Diesel", "t", "Diesel_Oil"),
    "GASOLINE": ("gasoline", "汽油", "Gasoline", "t", "Motor_Gasoline"),
    "FUEL_OIL": ("fuel-oil", "燃料油", "Fuel oil", "t", "Residual_Fuel_Oil"),
    "LPG": ("lpg", "液化石油气", "Liquefied petroleum gas (LPG)", "t", "Liquefied_Petroleum_Gases"),
    "NATURAL_GAS": ("natural-gas", "天然气", "Natural gas", "Nm3", "Natural_Gas"),
}
# IPCC 2006 Vol.2 Ch.2 Table 2.3 (manufacturing industries and construction) CH4 / N2O, kg per TJ (NCV),
# as transcribed in iClimate/ghgpy src/ghgpy/data/efs.py, dict `s_combustion_manufacturing_construction`.
IPCC_T23 = {
    "Anthracite": (10, 1.5),
    "Other_Bituminous_Coal": (10, 1.5),
    "Coking_Coal": (10, 1.5),
    "Lignite": (10, 1.5),
    "Coke_Oven_Coke": (10, 1.5),
    "Diesel_Oil": (3, 0.6),
    "Motor_Gasoline": (3, 0.6),
    "Residual_Fuel_Oil": (3, 0.6),
    "Liquefied_Petroleum_Gases": (1, 0.1),
    "Natural_Gas": (1, 1.5),
}
GHGPY = (
    "github: iClimate/ghgpy @352b27c8 src/ghgpy/data/efs.py (transcription of IPCC 2006 Vol.2 Ch.2; "
    "https://www.ipcc-nggip.iges.or.jp/public/2006gl/pdf/2_Volume2/V2_2_Ch2_Stationary_Combustion.pdf)"
)


def fuel_parameter_rows(factors_csv: Path) -> list[Row]:
    """NCV, carbon content per heat and oxidation rate (research rows) plus IPCC CH4/N2O per fuel."""
    with factors_csv.open(encoding="utf-8") as fh:
        research = {r["factor_id"]: r for r in csv.DictReader(fh)}
    out: list[Row] = []
    for key, (fuel, _zh, _en, _unit, ipcc) in FUELS.items():
        for suffix, parameter in (("NCV", "ncv"), ("CC", "carbon_content"), ("OF", "oxidation_rate")):
            r = research[f"FUEL-CNDEF-{key}-{suffix}"]
            out.append(
                {
                    "fuel": fuel,
                    "parameter": parameter,
                    "value": r["value"],
                    "unit": r["unit"],
                    "source_title": r["source_title"],
                    "source_publisher": r["source_publisher"],
                    "source_year": "",
                    "source_url": r["source_url_or_path"],
                    "source_location": r["source_location"],
                    "confidence": r["confidence"],
                    "notes": f"Research row {r['factor_id']}. {r['notes']}",
                }
            )
        ch4, n2o = IPCC_T23[ipcc]
        for parameter, value in (("ch4_ef", ch4), ("n2o_ef", n2o)):
            slip = ipcc == "Natural_Gas" and parameter == "n2o_ef"
            out.append(
                {
                    "fuel": fuel,
                    "parameter": parameter,
                    "value": value,
                    "unit": "kg/TJ",
                    "source_title": "2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol.2 Ch.2 "
                    "Stationary Combustion, Table 2.3 (manufacturing industries and construction)",
                    "source_publisher": "IPCC; transcription: iClimate/ghgpy",
                    "source_year": 2006,
                    "source_url": GHGPY,
                    "source_location": f"s_combustion_manufacturing_construction['{ipcc}']['{parameter[:3]}']",
                    "confidence": "low" if slip else "medium",
                    "notes": (
                        "The transcription gives 1.5 kg N2O/TJ for natural gas in every sector table while it "
                        "gives 0.1 for the other gaseous fuels (LPG, refinery gas, coke-oven gas); possibly a "
                        "transcription slip, not checked against the IPCC PDF. Kept as transcribed (the higher "
                        "value); effect on natural-gas combustion about +0.7 % CO2e."
                        if slip
                        else "IPCC Tier 1 default for stationary combustion in manufacturing industries."
                    ),
                }
            )
    return out


def fuel_rows(params: list[Row]) -> list[Row]:
    """Per-gas direct combustion factors per unit of fuel from the parameters (guideline formula)."""
    p = {(r["fuel"], r["parameter"]): r for r in params}
    out: list[Row] = []
    for fuel, zh, en, unit, _ipcc in FUELS.values():
        ncv, cc, of = (float(p[(fuel, k)]["value"]) for k in ("ncv", "carbon_content", "oxidation_rate"))
        ch4, n2o = (float(p[(fuel, k)]["value"]) for k in ("ch4_ef", "n2o_ef"))
        gj = ncv / 10000 if unit == "Nm3" else ncv  # GJ per Nm3 (NCV per 10^4 Nm3) or per t
        per_unit = 1 if unit == "Nm3" else 1000  # kg of fuel basis: per Nm3 or per t
        co2 = gj * cc * (of / 100) * 44 / 12 * 1000  # t C/GJ -> kg CO2
        gases = {"CO2": _sig(co2), "CH4_fossil": _sig(gj / 1000 * ch4), "N2O": _sig(gj / 1000 * n2o)}
        confidences = {
            p[(fuel, k)]["confidence"]
            for k in ("ncv", "carbon_content", "oxidation_rate", "ch4_ef", "n2o_ef")
        }
        confidence = "low" if "low" in confidences else "medium"
        _ = per_unit
        out.append(
            {
                "code": f"fuel.{fuel}.combustion.cn-default.CN",
                "activity": f"fuel.{fuel}.combustion.cn-default",
                "name_zh": f"{zh}燃烧 直接排放（分气体，中国缺省参数，每{'标立方米' if unit == 'Nm3' else '吨'}）",
                "name_en": f"{en} combustion, direct emissions per gas (Chinese default parameters), per "
                f"{'Nm3' if unit == 'Nm3' else 'tonne'}",
                "category": "fuel",
                "geography": "CN",
                "unit": unit,
                "basis": "gases",
                "gases": "; ".join(f"{g}={v!r}" for g, v in gases.items()),
                "scope": "combustion",
                "scope_note": "direct combustion (stationary), CO2 from the fuel's carbon, CH4 and N2O IPCC Tier 1",
                "confidence": confidence,
                "dq_reliability": DQ[confidence],
                "source_title": "Chinese default fuel parameters (低位发热量/单位热值含碳量/碳氧化率) and IPCC 2006 Vol.2 "
                "Table 2.3 CH4/N2O defaults – see factors/data/fuel_parameters.csv",
                "source_publisher": "third-party transcriptions (parameters: public code file, guideline not named; "
                "IPCC: iClimate/ghgpy)",
                "source_url": "factors/data/fuel_parameters.csv (each parameter with its citation)",
                "source_location": f"fuel_parameters.csv rows of fuel '{fuel}'",
                "source_value": f"NCV {p[(fuel, 'ncv')]['value']} {p[(fuel, 'ncv')]['unit']}; CC {cc} tC/GJ; OF {of} %; "
                f"CH4 {ch4:g} kg/TJ; N2O {n2o:g} kg/TJ",
                "source_unit": "parameters",
                "notes": (
                    "Derived with the accounting guideline formula: CO2 = NCV × carbon content per heat × "
                    "oxidation rate × 44/12; CH4 (fossil) and N2O = NCV × IPCC default per TJ; kg of each gas per "
                    f"{'Nm3 (NCV given per 10^4 Nm3, ÷10000)' if unit == 'Nm3' else 't of fuel'}; rounded to 6 "
                    "significant figures. The CO2e total is computed by the release under AR6 and "
                    "re-characterized by a study's GWP set. The parameter file does not name its guideline "
                    "(values consistent with the MEE sector accounting guidelines); verify before use."
                ),
            }
        )
    return out


def _sig(x: float) -> float:
    return float(f"{x:.6g}")


# ---- groups of alternatives ------------------------------------------------------------------------
GROUPS = {  # activity -> (default code, why)
    "cam.lfp": (
        "cam.lfp.cpcd.CN.2025",
        "Default: the CPCD core-database value (Chinese product, 2025, core data) — the only Chinese "
        "core value; the GREET values are US-centred defaults and the other CPCD values are older "
        "literature data.",
    ),
    "graphite.synthetic": (
        "graphite.synthetic.istrate-ei391.CN",
        "Default: Istrate et al.'s Chinese battery-grade synthetic graphite as published in the "
        "article (ecoinvent 3.9.1 run); the same authors' ecoinvent 3.10 re-run (43.87) is an "
        "outlier against every other public value, the CPCD literature values (3.1–5.48) are "
        "2015/2021 literature data without battery grade, GREET's is a US-centred default.",
    ),
    "pvdf": (
        "pvdf.GLO",
        "Default unchanged from release 2026.1: the PVDF-specific LCA (journal abstract) rather than GREET's "
        "US-centred default 2.29, which is 24× lower with no stated reason; the conservative choice until a "
        "source explains the gap.",
    ),
    "li2co3": (
        "li2co3.greet2022.GLO.2022",
        "Default: the newer GREET background (2022, AR6); the 2020 value is kept as an alternative.",
    ),
    "lioh": (
        "lioh.greet2022.GLO.2022",
        "Default: the newer GREET background (2022, AR6); the 2020 value is kept as an alternative.",
    ),
    "niso4": (
        "niso4.greet2022.GLO.2022",
        "Default: GREET 2022 (documented model, medium); the CPCD literature value 74.6 is ten times the "
        "others with its basis unstated, Istrate's value excludes China.",
    ),
    "coso4": (
        "coso4.istrate-ei310.CN",
        "Default: Istrate et al.'s Chinese cobalt sulfate (the Chinese refining route); GREET's is a "
        "US-centred default.",
    ),
}


def apply_groups(rows: list[Row]) -> None:
    """Mark defaults and alternatives; the default carries the group's spread as triangular uncertainty."""
    for activity, (default, why) in GROUPS.items():
        members = [r for r in rows if r.get("activity") == activity]
        values = [float(r["value"]) for r in members]
        for r in members:
            r["alt_role"] = "default" if r["code"] == default else "alternative"
            if r["code"] == default:
                low, high = min(values), max(values)
                r["uncertainty"], r["unc_a"], r["unc_b"] = "triangular", low, high
                others = ", ".join(f"{m['code']} {float(m['value']):g}" for m in members if m is not r)
                r["notes"] = (
                    f"{r['notes']} ALTERNATIVES: default of activity '{activity}' among {len(members)} "
                    f"published values that disagree by {high / low:.1f}× ({others}). {why} The spread "
                    f"is carried as triangular uncertainty [{low:g}, {high:g}], mode = this value; "
                    "`pcf factors compare " + activity + "` shows them side by side."
                ).strip()
            else:
                r["notes"] = (
                    f"{r['notes']} ALTERNATIVE of activity '{activity}' (default {default}): not "
                    "returned by geography resolution; use its code, or `pcf factors compare "
                    f"{activity}`."
                ).strip()


def write(path: Path, rows: list[Row], columns: tuple[str, ...] = COLUMNS) -> None:
    """Write rows with every column (empty where not given), UTF-8."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({c: ("" if r.get(c) is None else r.get(c)) for c in columns})


def read(path: Path) -> list[Row]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def main(shared: Path) -> None:
    """Build every issue-11 file from the shared research directory `shared`."""
    cat = read_cpcd(shared / "cpcd_catalog_transcribed.csv")
    everbatt = everbatt_rows(shared / "everbatt_greet_materials.csv")
    params = fuel_parameter_rows(shared / "factors.csv")
    battery = istrate_rows() + [r for r in everbatt if r["_file"] == "battery"] + cpcd_battery_rows(cat)
    materials = cn_material_rows(cat, everbatt)
    legacy = read(HERE / "materials.csv")
    for r in legacy:  # the pvdf group's default lives in materials.csv (code kept from release 2026.1)
        for c in ("uncertainty", "unc_a", "unc_b", "alt_role"):
            r[c] = ""
        r["notes"] = r["notes"].split(" ALTERNATIVES:")[0]
    apply_groups(battery + materials + legacy)
    greet = greet_electricity_row(shared / "everbatt_greet_materials.csv")
    write(HERE / "electricity_footprint.csv", [*electricity_rows(cat), greet])
    write(HERE / "battery_materials.csv", battery)
    write(HERE / "materials_cn.csv", materials)
    write(HERE / "energy_upstream.csv", upstream_rows(cat, shared / "everbatt_greet_materials.csv"))
    write(HERE / "transport_cn.csv", transport_rows(cat))
    write(HERE / "fuel_parameters.csv", params, PARAM_COLUMNS)
    write(HERE / "fuels_cn.csv", fuel_rows(params))
    write(HERE / "materials.csv", legacy)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/factors"))
