"""Names in finding messages: processes, inputs, stages, roles and rule terms in words (zh, en), not model paths.

A finding keeps its machine-readable place in `Finding.location`; its messages name the same place as a
person reads it: “过程“电芯制造”的第 2 项输入（电解液）” / "process 'Cell assembly', input 2
(electrolyte)". Every vocabulary value a message shows (stage, electricity method, cut-off basis,
allocation method, boundary, factor scope, battery parameter) is named here once, in both languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from footprint.model import Model
from footprint.vocab import STAGE_LABELS, Stage
from products.inventory import role_matches
from products.rules import ElectricityMethod, FunctionalUnit, FuQuantity, Rule

Words = tuple[str, str]
"""A name in Chinese and English."""

ELECTRICITY_METHOD_LABELS: dict[ElectricityMethod, Words] = {
    ElectricityMethod.PROVINCIAL_GRID: ("省级电网平均因子", "provincial grid average"),
    ElectricityMethod.REGIONAL_GRID: ("区域电网平均因子", "regional grid average"),
    ElectricityMethod.NATIONAL_GRID: ("全国电网平均因子", "national grid average"),
    ElectricityMethod.SUPPLIER_SPECIFIC: (
        "供应商特定电力（绿证、购电协议等）",
        "supplier-specific electricity",
    ),
    ElectricityMethod.DIRECT_LINE: ("直连电源", "direct line"),
    ElectricityMethod.ON_SITE: ("厂内自发电", "on-site generation"),
}
"""How each electricity modelling method is named to people."""

QUANTITY_LABELS: dict[FuQuantity, Words] = {
    FuQuantity.RATED_ENERGY: ("额定能量", "rated energy"),
    FuQuantity.LIFETIME_ENERGY: ("寿命期总能量", "lifetime energy"),
    FuQuantity.MASS: ("质量", "mass"),
    FuQuantity.POWER: ("额定功率", "rated power"),
}
"""What a functional unit counts, in words."""

TERM_LABELS: dict[str, Words] = {
    # cut-off bases and allocation methods
    "mass": ("质量", "mass"),
    "impact": ("碳足迹影响", "impact"),
    "energy": ("能量", "energy"),
    "economic": ("经济价值", "economic value"),
    "shares": ("指定比例", "given shares"),
    # system boundaries and factor scopes (factors.vocab.Scope)
    "cradle_to_gate": ("从摇篮到大门", "cradle to gate"),
    "cradle_to_grave": ("从摇篮到坟墓", "cradle to grave"),
    "cradle_to_grave_excluding_use": ("从摇篮到坟墓（不含使用阶段）", "cradle to grave excluding use"),
    "gate_to_gate": ("从大门到大门", "gate to gate"),
    "combustion": ("燃烧排放", "combustion"),
    "generation": ("发电环节", "generation"),
    "well_to_tank": ("从油井到油箱", "well to tank"),
    "well_to_wheel": ("从油井到车轮", "well to wheel"),
    "unspecified": ("未说明", "unspecified"),
    # battery parameters of the lifetime energy and what supplies them
    "rated_energy": ("额定能量", "rated energy"),
    "usable_energy": ("可用能量", "usable energy"),
    "lifetime_cycles": ("全寿命循环次数", "lifetime cycles"),
    "cycles_per_year": ("每年等效满充放电次数", "cycles per year"),
    "service_years": ("使用年限", "service years"),
    "application": ("应用类型（车辆类别）", "application"),
    "model": ("模型", "model"),
    "rule": ("规则默认值", "rule default"),
    "override": ("临时设定", "override"),
}
"""Vocabulary values of rules and factors that messages show, in words (unknown values stay as codes)."""

FIELD_LABELS: dict[str, Words] = {
    "product.reference_flow.unit": ("参考流单位", "reference flow unit"),
    "output.mass": ("产出质量", "output mass"),
    "factor": ("排放因子", "emission factor"),
    "amount": ("数量", "amount"),
    "unit": ("单位", "unit"),
    "mass": ("质量", "mass"),
}
"""Model fields a message asks for (battery parameters: `TERM_LABELS`)."""

_PLACE = re.compile(r"^processes\.(?P<pid>[\w\-]+)(?:\.(?P<list>inputs|x-gaps|substitutes)\[(?P<n>\d+)\])?")
_LISTS: dict[str, Words] = {
    "inputs": ("输入", "input"),
    "x-gaps": ("数据缺口", "data gap"),
    "substitutes": ("替代", "substitute"),
}


def term(value: str) -> Words:
    """A vocabulary value in words; a value not in the tables stays as it is (a code)."""
    return TERM_LABELS.get(value, (value, value.replace("_", " ")))


def terms(values: Iterable[str], lang: str) -> str:
    """Several vocabulary values in words, joined as the language lists them."""
    i = 0 if lang == "zh" else 1
    return ("、" if lang == "zh" else ", ").join(term(str(v))[i] for v in values)


def stage(value: Stage | str) -> Words:
    """A life-cycle stage by its label of the one vocabulary (`footprint.vocab.STAGE_LABELS`)."""
    return STAGE_LABELS[Stage(value)]


def stages(values: Iterable[Stage], lang: str) -> str:
    """Several stages by their labels: “原材料获取”、“生产制造” / Raw materials, Production."""
    return ("、" if lang == "zh" else ", ").join(
        f"“{stage(s)[0]}”" if lang == "zh" else stage(s)[1] for s in values
    )


def method(value: ElectricityMethod | str) -> Words:
    """An electricity modelling method in words."""
    try:
        return ELECTRICITY_METHOD_LABELS[ElectricityMethod(value)]
    except ValueError:
        return (str(value), str(value))


def methods(values: Iterable[str], lang: str) -> str:
    """Several electricity methods in words, joined as the language lists them."""
    i = 0 if lang == "zh" else 1
    return ("、" if lang == "zh" else ", ").join(method(v)[i] for v in values)


def functional_unit(fu: FunctionalUnit) -> Words:
    """A functional unit by its text: “1 kWh 额定能量” / '1 kWh rated energy'."""
    return f"“{fu.text.zh or fu.text.en or fu.id}”", f"'{fu.text.en or fu.text.zh or fu.id}' ({fu.id})"


def rule_name(rule: Rule) -> Words:
    """A rule by its title."""
    return f"“{rule.title.zh or rule.title.en or rule.id}”", rule.id


def process(model: Model, pid: str) -> Words:
    """A process by its name (or its id in quotes when it has none)."""
    p = model.processes.get(pid)
    zh = (p.name.zh or p.name.en) if p is not None else ""
    en = (p.name.en or p.name.zh) if p is not None else ""
    return f"过程“{zh or pid}”", f"process '{en or pid}'"


def role(rule: Rule, value: str, model: Model | None = None) -> Words:
    """A rule role (of a process or an input) by the rule's name for it; an unknown role stays a code."""
    for spec in rule.process_specs(model):
        if role_matches(value, spec.role):
            return spec.name.zh or spec.name.en or value, spec.name.en or value
        for item in spec.inputs:
            if role_matches(value, item.role):
                return item.name.zh or item.name.en or value, item.name.en or value
    return value, value


def place(model: Model, rule: Rule, path: str) -> Words:
    """A model path in words: a process, or one of its inputs, data gaps or substitutes by number and name."""
    m = _PLACE.match(path)
    if m is None:
        field = FIELD_LABELS.get(path)
        return field if field is not None else (path, path)
    zh, en = process(model, m["pid"])
    if m["list"] is None:
        return zh, en
    n = int(m["n"])
    label = _label(model, rule, m["pid"], m["list"], n)
    kind_zh, kind_en = _LISTS[m["list"]]
    return (
        f"{zh}的第 {n + 1} 项{kind_zh}" + (f"（{label[0]}）" if label[0] else ""),
        f"{en}, {kind_en} {n + 1}" + (f" ({label[1]})" if label[1] else ""),
    )


def places(model: Model, rule: Rule, paths: Iterable[str], lang: str) -> str:
    """Several model paths in words (see `place`)."""
    i = 0 if lang == "zh" else 1
    return ("；" if lang == "zh" else "; ").join(place(model, rule, p)[i] for p in paths)


def _label(model: Model, rule: Rule, pid: str, kind: str, n: int) -> Words:
    """What an input (or gap, substitute) is: its rule role, else the process or factor it comes from."""
    p = model.processes.get(pid)
    if p is None:
        return "", ""
    if kind == "x-gaps":
        from products.inventory import gaps

        own = [g for g in gaps(model) if g.process == pid]
        if n < len(own):
            g = own[n]
            return g.name.zh or g.name.en or g.role, g.name.en or g.name.zh or g.role
        return "", ""
    items = p.inputs if kind == "inputs" else p.substitutes
    if n >= len(items):
        return "", ""
    item = items[n]
    item_role = getattr(item, "role", "")
    if item_role:
        named = role(rule, item_role, model)
        if named[0] != item_role:
            return named
    source = getattr(item, "process", None)
    if source and source in model.processes:
        zh, en = process(model, source)
        return zh.removeprefix("过程"), en.removeprefix("process ")
    factor = getattr(item, "factor", None) or item_role
    return factor or "", factor or ""


def origin_zh(origin: str) -> str:
    """Where a lifetime parameter came from (``model``, ``rule``, ``rule table (M1)``), in Chinese."""
    m = re.fullmatch(r"(\w+) table \((.+)\)", origin)
    if m:
        return f"{term(m[1])[0]}中的表（{m[2]}）"
    return term(origin)[0]


def missing_parameters_zh(fields: Iterable[str]) -> str:
    """The battery parameters the lifetime energy lacks, in words, and how to supply them."""
    names: list[str] = []
    for text in fields:
        for m in re.finditer(r"product\.(?:battery\.(\w+)|reference_flow\.unit)", text):
            label = term(m[1])[0] if m[1] else FIELD_LABELS["product.reference_flow.unit"][0]
            if label not in names:
                names.append(label)
    if not names:
        return "参考流的寿命期总能量为 0 kWh。"
    return f"缺少{'、'.join(names)}；请在产品的电池参数中填写，或直接给出全寿命循环次数。"


def failure_zh(model: Model, rule: Rule, exc: Exception) -> str:
    """Why a model could not be calculated, in Chinese, each problem placed in words."""
    from footprint.errors import CalculationError, ModelError, SingularSystem

    if isinstance(exc, ModelError):
        parts = []
        for issue in exc.issues:
            where = place(model, rule, issue.path)[0]
            found = re.search(r"unknown factor '([^']+)'", issue.message)
            parts.append(f"{where}：找不到因子 {found[1]}" if found else f"{where}有误")
        return f"{len(exc.issues)} 处问题：" + "；".join(parts) + "。"
    if isinstance(exc, SingularSystem):
        return "过程之间的关系无法求解（例如过程互相供给而没有净产出）。"
    if isinstance(exc, CalculationError):
        return "求解得到无效的数值（非有限值或负的供应量）。"
    return "计算出错，详见英文说明。"
