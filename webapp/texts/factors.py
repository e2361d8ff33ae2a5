"""Factor library texts added by issue 11: emission-source class, industry and alternatives."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "factors.source_class": ("排放源类别", "Emission source"),
    "factors.industry": ("行业（GB/T 4754）", "Industry (GB/T 4754)"),
    "factors.role": ("角色", "Role"),
    "factors.role_default": ("默认值", "default"),
    "factors.role_alternative": ("备选值", "alternative"),
    "factors.role_only": ("唯一值", "only value"),
    "factors.alternatives": ("同一活动的全部公开数值", "All published values of this activity"),
    "factors.alternatives_note": (
        "这些来源相差超过2倍：模型引用活动“{activity}”时使用默认值，差异作为其不确定性；备选值只能按代码使用。",
        "These sources disagree by more than 2×: a model referencing activity '{activity}' gets the default, "
        "which carries the spread as its uncertainty; an alternative is used only by its code.",
    ),
    "factors.spread": ("最大/最小 = {x}倍", "max/min = {x}×"),
    "factors.compare": ("比较一个活动的全部数值", "Compare all values of an activity"),
    "factors.compare_pick": ("有多个来源的活动", "Activity with several sources"),
    "factors.dist.triangular": ("三角分布", "triangular"),
    "factors.dist.uniform": ("均匀分布", "uniform"),
    "factors.dist.normal": ("正态分布", "normal"),
    "factors.dist.lognormal": ("对数正态分布", "lognormal"),
}
