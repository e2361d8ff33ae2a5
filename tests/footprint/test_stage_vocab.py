"""One definition of the life-cycle stages (footprint.vocab), read by model, report, checks, CLI, workbook."""

from __future__ import annotations

from footprint.model import Stage
from footprint.report.i18n import STAGE_ORDER, stage_name
from footprint.vocab import STAGE_LABELS, STAGE_REPORT_LABELS
from footprint.vocab import Stage as CoreStage


def test_the_model_exports_the_core_stage() -> None:
    assert Stage is CoreStage
    assert [s.value for s in Stage] == ["raw_materials", "production", "distribution", "use", "end_of_life"]
    assert set(STAGE_LABELS) == set(STAGE_REPORT_LABELS) == set(Stage)


def test_report_reads_the_definition() -> None:
    assert tuple(s.value for s in Stage) == STAGE_ORDER
    assert stage_name("raw_materials", "en") == "Raw material acquisition"
    assert [stage_name(s.value, "zh") for s in Stage] == [zh for zh, _ in STAGE_LABELS.values()]


def test_checks_cli_and_workbook_read_the_definition() -> None:
    from pcf_cli.calc_cmd import STAGE_NAMES
    from products.finding_words import stage
    from products.workbook_layout import STAGE_SHEETS

    assert {s.value: STAGE_LABELS[s] for s in Stage} == STAGE_NAMES
    assert [stage(s) for s in Stage] == list(STAGE_LABELS.values())  # the checks' messages
    assert STAGE_SHEETS[Stage.RAW_MATERIALS] == "原材料获取 raw_materials"
