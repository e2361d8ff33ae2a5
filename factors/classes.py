"""How the factors are browsed: emission-source class and industry (GB/T 4754-2017), defined once.

The emission-source classes are the six headings under which China's national GHG emission factor
database (MEE/NBS, 2025) organises its factors. Industries are codes of the national economic
industry classification GB/T 4754-2017 (国民经济行业分类): a two-digit division, or a four-digit class
where the product is unambiguous. Both carry Chinese and English labels here and nowhere else.
A factor row may name both explicitly; when it leaves them empty they are derived from its category
(and, for a few categories, from its activity) by `classify`.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from factors.errors import FactorDBError


class SourceClass(StrEnum):
    """Emission-source class of a factor (MEE/NBS national GHG emission factor database, 2025)."""

    FUEL_COMBUSTION = "fuel_combustion"
    PURCHASED_ENERGY = "purchased_energy"
    INDUSTRIAL_PROCESS = "industrial_process"
    TRANSPORT = "transport"
    MATERIALS_PRODUCTS = "materials_products"
    WASTE = "waste"


SOURCE_CLASS_LABELS: dict[str, tuple[str, str]] = {
    SourceClass.FUEL_COMBUSTION: ("化石燃料燃烧", "Fuel combustion"),
    SourceClass.PURCHASED_ENERGY: ("购入电力和热力", "Purchased electricity and heat"),
    SourceClass.INDUSTRIAL_PROCESS: ("工业生产过程", "Industrial processes"),
    SourceClass.TRANSPORT: ("交通运输", "Transport"),
    SourceClass.MATERIALS_PRODUCTS: ("原材料和产品", "Materials and products"),
    SourceClass.WASTE: ("废弃物处理", "Waste"),
}

# GB/T 4754-2017 codes used by the bundled factors: code -> (zh, en).
INDUSTRIES: dict[str, tuple[str, str]] = {
    "06": ("煤炭开采和洗选业", "Mining and washing of coal"),
    "07": ("石油和天然气开采业", "Extraction of petroleum and natural gas"),
    "25": ("石油、煤炭及其他燃料加工业", "Processing of petroleum, coal and other fuels"),
    "26": ("化学原料和化学制品制造业", "Manufacture of raw chemical materials and chemical products"),
    "2611": ("无机酸制造", "Manufacture of inorganic acids"),
    "2612": ("无机碱制造", "Manufacture of inorganic alkalis"),
    "2613": ("无机盐制造", "Manufacture of inorganic salts"),
    "2614": ("有机化学原料制造", "Manufacture of organic chemical raw materials"),
    "2651": ("初级形态塑料及合成树脂制造", "Manufacture of primary plastics and synthetic resins"),
    "3011": ("水泥制造", "Manufacture of cement"),
    "3091": ("石墨及碳素制品制造", "Manufacture of graphite and carbon products"),
    "31": ("黑色金属冶炼和压延加工业", "Smelting and pressing of ferrous metals"),
    "3130": ("钢压延加工", "Steel rolling and processing"),
    "32": ("有色金属冶炼和压延加工业", "Smelting and pressing of non-ferrous metals"),
    "3211": ("铜冶炼", "Copper smelting"),
    "3216": ("铝冶炼", "Aluminium smelting"),
    "3252": ("铝压延加工", "Aluminium rolling and processing"),
    "3841": ("锂离子电池制造", "Manufacture of lithium-ion batteries"),
    "3825": ("光伏设备及元器件制造", "Manufacture of photovoltaic equipment and components"),
    "3985": ("电子专用材料制造", "Manufacture of special materials for electronics"),
    "39": ("计算机、通信和其他电子设备制造业",
           "Manufacture of computers, communication and other electronic equipment"),
    "44": ("电力、热力生产和供应业", "Production and supply of electricity and heat"),
    "4411": ("火力发电", "Thermal power generation"),
    "4413": ("水力发电", "Hydropower generation"),
    "4414": ("核力发电", "Nuclear power generation"),
    "4415": ("风力发电", "Wind power generation"),
    "4416": ("太阳能发电", "Solar power generation"),
    "4417": ("生物质能发电", "Biomass power generation"),
    "4420": ("电力供应", "Electricity supply (transmission and distribution)"),
    "4430": ("热力生产和供应", "Production and supply of heat"),
    "45": ("燃气生产和供应业", "Production and supply of gas"),
    "53": ("铁路运输业", "Rail transport"),
    "54": ("道路运输业", "Road transport"),
    "55": ("水上运输业", "Water transport"),
    "56": ("航空运输业", "Air transport"),
}  # fmt: skip

# Category prefix -> (source class, industry); the longest matching prefix wins.
_BY_CATEGORY: dict[str, tuple[SourceClass, str]] = {
    "electricity": (SourceClass.PURCHASED_ENERGY, "44"),
    "heat": (SourceClass.PURCHASED_ENERGY, "4430"),
    "fuel": (SourceClass.FUEL_COMBUSTION, "25"),
    "fuel.upstream": (SourceClass.MATERIALS_PRODUCTS, "25"),
    "transport": (SourceClass.TRANSPORT, "54"),
    "material": (SourceClass.MATERIALS_PRODUCTS, "26"),
    "material.lithium": (SourceClass.MATERIALS_PRODUCTS, "2613"),
    "material.battery": (SourceClass.MATERIALS_PRODUCTS, "3985"),
    "material.chemical": (SourceClass.MATERIALS_PRODUCTS, "26"),
    "material.plastic": (SourceClass.MATERIALS_PRODUCTS, "2651"),
    "material.metal": (SourceClass.MATERIALS_PRODUCTS, "32"),
    "material.building": (SourceClass.MATERIALS_PRODUCTS, "3011"),
    "material.electronics": (SourceClass.MATERIALS_PRODUCTS, "39"),
    "product.battery": (SourceClass.MATERIALS_PRODUCTS, "3841"),
    "product.pv": (SourceClass.MATERIALS_PRODUCTS, "3825"),
    "waste": (SourceClass.WASTE, ""),
}

# Activity prefix -> industry, where the activity says more than the category (longest prefix wins).
_BY_ACTIVITY: dict[str, str] = {
    "elec.footprint-coal": "4411", "elec.footprint-gas": "4411", "elec.footprint-hydro": "4413",
    "elec.footprint-nuclear": "4414", "elec.footprint-wind": "4415", "elec.footprint-pv": "4416",
    "elec.footprint-solar-thermal": "4416", "elec.footprint-biomass": "4417",
    "elec.footprint-td": "4420", "elec.fossil": "4411",
    "fuel.natural-gas": "45", "natural-gas": "45", "fuel.anthracite": "06", "fuel.bituminous-coal": "06",
    "fuel.coking-coal": "06", "fuel.other-bituminous-coal": "06", "fuel.sub-bituminous-coal": "06",
    "fuel.lignite": "06", "fuel.washed-coal": "06",
    "freight.rail": "53", "freight.sea": "55", "freight.inland-waterway": "55", "freight.air": "56",
    "graphite": "3091", "aluminium.foil": "3252", "aluminium": "3216", "copper": "3211",
    "steel": "3130", "cast-iron": "31", "pp.": "2651", "pe.": "2651", "pet.": "2651", "pvdf": "2651",
    "h3po4": "2611", "naoh": "2612", "nh4oh": "26", "electrolyte-solvent": "2614", "nmp": "2614",
    "carbon-black": "26", "li2co3": "2613", "lioh": "2613", "niso4": "2613", "coso4": "2613",
    "mnso4": "2613", "cement.direct": "3011",
}  # fmt: skip

# Activities whose factor is an industrial-process emission (not a cradle-to-gate material footprint).
_PROCESS_ACTIVITIES: tuple[str, ...] = ("carbon-black.furnace.direct", "cement.direct")


def _longest(prefixes: Iterable[str], key: str) -> str | None:
    """The longest prefix of `prefixes` that `key` equals or starts with at a ``.`` or ``-`` boundary."""
    hits = [p for p in prefixes if key == p or (key.startswith(p) and (p[-1] in ".-" or key[len(p)] in ".-"))]
    return max(hits, key=len) if hits else None


def classify(category: str, activity: str) -> tuple[str, str]:
    """The (source class, GB/T 4754 industry) a factor gets when its row does not name them."""
    prefix = _longest(_BY_CATEGORY, category)
    source, industry = _BY_CATEGORY[prefix] if prefix else (SourceClass.MATERIALS_PRODUCTS, "")
    by_activity = _longest(_BY_ACTIVITY, activity)
    if by_activity:
        industry = _BY_ACTIVITY[by_activity]
    if any(activity == a or activity.startswith(a + ".") for a in _PROCESS_ACTIVITIES):
        source = SourceClass.INDUSTRIAL_PROCESS
    return source.value, industry


def source_class_label(code: str, lang: str) -> str:
    """Chinese or English label of an emission-source class (the code itself when unknown)."""
    zh, en = SOURCE_CLASS_LABELS.get(code, (code, code))
    return zh if lang == "zh" else en


def industry_label(code: str, lang: str) -> str:
    """``3841 锂离子电池制造`` / ``3841 Manufacture of lithium-ion batteries`` (code only when unknown)."""
    if code not in INDUSTRIES:
        return code
    zh, en = INDUSTRIES[code]
    return f"{code} {zh if lang == 'zh' else en}"


def industry_matches(code: str, wanted: str) -> bool:
    """True when industry `code` is `wanted` or lies below it (``3841`` is below division ``38``)."""
    return bool(code) and code.startswith(wanted)


class UnknownClassification(FactorDBError, ValueError):
    """A search asked for an emission-source class or industry code that does not exist."""


def check_filters(source_class: str | None, industry: str | None, lang: str = "en") -> None:
    """Raise `UnknownClassification` (in `lang`) for an unknown source class or industry prefix."""
    if source_class and source_class not in SOURCE_CLASS_LABELS:
        known = ", ".join(f"{c} ({zh} / {en})" for c, (zh, en) in SOURCE_CLASS_LABELS.items())
        raise UnknownClassification(
            f"未知的排放源类别 {source_class!r}；可选：{known}"
            if lang == "zh"
            else f"unknown emission-source class {source_class!r}; expected one of {known}"
        )
    if industry and not any(code.startswith(industry) for code in INDUSTRIES):
        known = ", ".join(INDUSTRIES)
        raise UnknownClassification(
            f"没有以 {industry!r} 开头的 GB/T 4754 行业代码（已用代码：{known}）"
            if lang == "zh"
            else f"no GB/T 4754 industry code starts with {industry!r} (codes in use: {known})"
        )
