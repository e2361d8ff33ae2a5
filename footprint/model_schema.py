"""The shape of `pcf-model/1` as pydantic v2 models, published as a JSON Schema for editors.

The hand-written validator (`footprint.model_validate`) stays the authority: it reports every problem at
once with its path and the project's wording, checks units with pint and references between processes.
These models describe the same keys so that `pcf schema model` (and docs/pcf-model-1.schema.json) give
editors with the YAML language server completion, hover texts and inline errors.

Adding an optional key to the format (as end of life, background processes or carbon content did):

1. check it in the validator (its `keys(...)` call and a `parse_*` function with paths in its messages);
2. add the field here, on the model of the object it belongs to, as optional, with a `description`;
3. regenerate: ``pcf schema model > docs/pcf-model-1.schema.json`` (or ``python -m footprint.model_schema``).

tests/footprint/test_model_schema.py fails until the three agree: every example validates against the
schema, the committed file equals the generated one, and the keys each validator object accepts equal
the schema's properties (and required keys) of that object.
"""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from factors.gases import GASES
from factors.vocab import CALC_GWP_SETS
from footprint.circular import EolMethod
from footprint.eol_model import Fate
from footprint.model_types import Stage

ID_PATTERN = r"^[A-Za-z0-9_.\-]+$"

Gas = StrEnum("Gas", {g: g for g in GASES})  # type: ignore[misc]
CalcGwp = StrEnum("CalcGwp", {g.value: g.value for g in CALC_GWP_SETS})  # type: ignore[misc]


def _extensions(schema: dict[str, Any]) -> None:
    """`x-` keys are kept and ignored everywhere (the validator's extension prefix)."""
    schema["patternProperties"] = {"^x-": {}}


def _one_source(schema: dict[str, Any]) -> None:
    """An input names exactly one of `process` and `factor`."""
    _extensions(schema)
    schema["oneOf"] = [{"required": ["process"]}, {"required": ["factor"]}]


class _Object(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_extensions, populate_by_name=True)


Amount = Annotated[float, Field(ge=0, description="a number ≥ 0 / 非负数")]
Positive = Annotated[float, Field(gt=0, description="a number > 0 / 正数")]
Share = Annotated[float, Field(ge=0, le=1, description="a share 0…1 / 0…1 的比例")]
Unit = Annotated[str, Field(min_length=1, description="a unit pint reads: kg, kWh, t*km, piece / 单位")]
Year = Annotated[int, Field(description="a year / 年份")]


class TextObject(_Object):
    """A text in Chinese and English; either may be empty."""

    zh: str | None = Field(None, description="中文")
    en: str | None = Field(None, description="English")


Text = Annotated[str | TextObject, Field(description="a text, or {zh, en} / 文本（中英文）")]


class QuantityObject(_Object):
    amount: Amount
    unit: Unit


Quantity = Annotated[
    Annotated[str, Field(pattern=r"^\s*\S+\s+\S.*$")] | QuantityObject,
    Field(description="'<amount> <unit>' or {amount, unit} / 数量"),
]


class CitationObject(_Object):
    title: str
    publisher: str | None = None
    year: Year | None = None
    url: str | None = None
    location: str | None = Field(None, description="table, page or cell / 表、页或单元格")


Citation = Annotated[str | CitationObject, Field(description="a source: text or {title, …} / 数据来源")]


class Lognormal(_Object):
    distribution: Literal["lognormal"]
    gsd: Annotated[float, Field(gt=1, description="geometric standard deviation > 1")]


class Normal(_Object):
    distribution: Literal["normal"]
    sd: Positive


class Triangular(_Object):
    distribution: Literal["triangular"]
    min: float
    max: float


class Uniform(_Object):
    distribution: Literal["uniform"]
    min: float
    max: float


Uncertainty = Annotated[
    Lognormal | Normal | Triangular | Uniform,
    Field(discriminator="distribution", description="a distribution around the amount / 不确定性分布"),
]

Score = Annotated[int, Field(ge=1, le=5)]


class Pedigree(_Object):
    """Pedigree scores 1 (best) … 5 / 数据质量谱系评分."""

    reliability: Score
    completeness: Score
    temporal: Score
    geographical: Score
    technological: Score


class RecycledContent(_Object):
    """The recycled share of an input and the recycled material's own factor / 再生料含量."""

    share: Share
    factor: str
    quality_ratio: Share | None = None
    A: Share | None = None
    material: str | None = None
    source: Citation | None = None
    note: str | None = None


class Input(_Object):
    """An input: another process of the model (`process`) or a factor (`factor`) / 输入."""

    model_config = ConfigDict(json_schema_extra=_one_source)

    process: str | None = Field(None, description="a process id of this model / 本模型的过程")
    product: str | None = Field(None, description="a co-product of `process` / 联产品")
    factor: str | None = Field(None, description="a factor code, a local factor or an activity / 因子")
    amount: Amount
    unit: Unit
    uncertainty: Uncertainty | None = None
    pedigree: Pedigree | None = None
    source: Citation | None = None
    note: str | None = None
    mass: Quantity | None = None
    name: Text | None = None
    role: str | None = Field(None, description="its role for a product category rule / 规则中的角色")
    bom: bool | None = Field(None, description="false: a consumable outside the bill of materials")
    recycled_content: RecycledContent | None = None


class Emission(_Object):
    """A direct emission, a mass of one gas / 直接排放."""

    gas: Gas
    amount: Amount
    unit: Unit
    uncertainty: Uncertainty | None = None
    pedigree: Pedigree | None = None
    source: Citation | None = None
    note: str | None = None


class Output(_Object):
    amount: Positive
    unit: Unit
    price: Amount | None = None
    mass: Quantity | None = None


class CoProduct(_Object):
    id: str
    name: Text | None = None
    amount: Positive
    unit: Unit
    price: Amount | None = None
    mass: Quantity | None = None


class Shares(_Object):
    shares: dict[str, Amount]


Allocation = Annotated[
    Literal["mass", "economic", "system_expansion"] | Shares,
    Field(description="how burdens are shared among co-products / 分配方法"),
]


class Substitution(_Object):
    """An avoided burden: what the recovered material displaces (a credit kept apart) / 替代（避免的负荷）."""

    material: str
    amount: Positive | None = None
    unit: Unit | None = None
    factor: str | None = None
    process: str | None = None
    product: str | None = None
    quality_ratio: Share | None = None
    A: Share | None = None
    source: Citation | None = None
    note: str | None = None


class Removal(_Object):
    """Biogenic CO2 taken up, reported apart / 生物源二氧化碳移除."""

    gas: Literal["CO2_biogenic"] | None = None
    amount: Amount
    unit: Unit
    source: Citation
    note: str | None = None


class Cff(_Object):
    """Circular Footprint Formula parameters of an end-of-life process / 循环足迹公式参数."""

    A: Share | None = None
    B: Share | None = None
    source: Citation | None = None
    note: str | None = None


class Process(_Object):
    """A process of the product system / 过程."""

    name: Text | None = None
    stage: Stage
    geography: str | None = Field(None, description="default: product.geography / 地理范围")
    output: Output
    inputs: list[Input] | None = None
    emissions: list[Emission] | None = None
    co_products: list[CoProduct] | None = None
    allocation: Allocation | None = None
    notes: str | None = None
    role: str | None = None
    fate: Fate | None = Field(None, description="end-of-life processes only / 末端处置方式")
    substitutes: list[Substitution] | None = None
    removals: list[Removal] | None = None
    cff: Cff | None = None


class ReferenceFlow(_Object):
    process: str
    product: str | None = None
    amount: Positive
    unit: Unit


class Period(_Object):
    start: date
    end: date


class Battery(_Object):
    chemistry: str | None = None
    rated_energy: Quantity | None = None
    rated_capacity: Quantity | None = None
    cycles_per_year: Positive | None = None
    service_years: Positive | None = None
    lifetime_cycles: Positive | None = None
    usable_energy: Quantity | None = None
    application: str | None = None


class Product(_Object):
    """The product and its functional unit / 产品."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    name: Text
    category: str | None = Field(None, description="a product category of a rule, e.g. battery.cell")
    functional_unit: str
    reference_flow: ReferenceFlow
    geography: str | None = None
    reference_year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    gwp: CalcGwp | None = Field(None, description="GWP100 set, default AR6")
    description: Text | None = None
    manufacturer: dict[str, Any] | None = None
    plant: dict[str, Any] | None = None
    mass: Quantity | None = None
    reference_period: Period | None = None
    battery: Battery | None = None


class LocalGwp(StrEnum):
    AR4 = "AR4"
    AR5 = "AR5"
    AR6 = "AR6"
    UNSPECIFIED = "unspecified"


class LocalFactor(_Object):
    """A model-local factor: a supplier's declared PCF or the enterprise's own primary data / 模型内因子."""

    value: Amount | None = Field(None, description="in the intensity unit, e.g. 12.3 (kg CO2e / kg)")
    unit: Unit
    gwp: LocalGwp | None = None
    gases: dict[Gas, Amount] | None = None
    source: Citation
    name: Text | None = None
    geography: str | None = None
    reference_year: Year | None = None
    uncertainty: Uncertainty | None = None
    pedigree: Pedigree | None = None
    provenance: dict[str, Any] | None = None
    notes: str | None = None
    reason: str | None = Field(None, description="why a value of 0 is right (required for 0)")


class CutoffEntry(_Object):
    flow: str
    reason: str
    share: Amount | None = None
    basis: Literal["mass", "impact", "energy"] | None = None


class Offset(_Object):
    """An offset, reported apart and never subtracted / 抵消（单独报告）."""

    amount: Amount
    unit: Unit
    scheme: str | None = None
    source: Citation | None = None
    note: str | None = None


class EndOfLife(_Object):
    method: EolMethod
    note: str | None = None


class PcfModel(_Object):
    """A product model, `pcf-model/1` / 产品碳足迹模型."""

    model_config = ConfigDict(title="pcf-model/1")

    format: Literal["pcf-model/1"]
    product: Product
    processes: Annotated[
        dict[str, Process],
        Field(
            min_length=1,
            description="process id → process / 过程",
            json_schema_extra={"propertyNames": {"pattern": ID_PATTERN}},
        ),
    ]
    factors: dict[str, LocalFactor] | None = None
    cutoff: list[CutoffEntry] | None = None
    factor_release: str | float | None = Field(None, description="a published factor release to pin")
    notes: str | None = None
    offsets: list[Offset] | None = None
    end_of_life: EndOfLife | None = None


def model_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `pcf-model/1`."""
    schema = PcfModel.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text() -> str:
    """The schema as the committed file's text (2-space JSON, a final newline)."""
    return json.dumps(model_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")
