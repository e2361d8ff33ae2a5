"""One definition of the pedigree indicators (factors.vocab), read by factor columns, model and workbook."""

from __future__ import annotations

from dataclasses import fields

from factors.vocab import DQ_FIELDS, PEDIGREE_INDICATORS, PEDIGREE_LABELS
from footprint.model import Pedigree


def test_indicators_order_labels_and_columns() -> None:
    assert PEDIGREE_INDICATORS == ("reliability", "completeness", "temporal", "geographical", "technological")
    assert tuple(f.name for f in fields(Pedigree)) == PEDIGREE_INDICATORS
    assert tuple(f"dq_{n}" for n in PEDIGREE_INDICATORS) == DQ_FIELDS
    assert set(PEDIGREE_LABELS) == set(PEDIGREE_INDICATORS)
    assert all(zh and en for zh, en in PEDIGREE_LABELS.values())


def test_workbook_and_model_checks_read_it() -> None:
    from footprint.model_checks import PEDIGREE_INDICATORS as checked
    from products.workbook_layout import PEDIGREE

    assert checked is PEDIGREE_INDICATORS
    assert PEDIGREE is PEDIGREE_INDICATORS
