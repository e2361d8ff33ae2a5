"""Closed vocabularies of the calculation core shown to people: life-cycle stages with their zh/en labels."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """Life-cycle stages a process belongs to."""

    RAW_MATERIALS = "raw_materials"
    PRODUCTION = "production"
    DISTRIBUTION = "distribution"
    USE = "use"
    END_OF_LIFE = "end_of_life"


STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)
"""The stages in life-cycle order."""

STAGE_LABELS: dict[Stage, tuple[str, str]] = {
    Stage.RAW_MATERIALS: ("原材料获取", "Raw materials"),
    Stage.PRODUCTION: ("生产制造", "Production"),
    Stage.DISTRIBUTION: ("分销运输", "Distribution"),
    Stage.USE: ("使用", "Use"),
    Stage.END_OF_LIFE: ("废弃回收", "End of life"),
}
"""Each stage's short label (zh, en), as the CLI, checks and workbook show it."""

STAGE_REPORT_LABELS: dict[Stage, tuple[str, str]] = {
    **STAGE_LABELS,
    Stage.RAW_MATERIALS: ("原材料获取", "Raw material acquisition"),
}
"""The labels of reports and declarations (the ISO 14067 name of the first stage in English)."""
