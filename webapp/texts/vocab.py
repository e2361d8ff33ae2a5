"""App labels of the closed vocabularies, generated from their one definition (never re-listed here).

Stages (`footprint.vocab`), data-quality levels and indicators (`footprint.pedigree`) and the severities
of rule-check findings (`products.finding_codes`); tests/app/test_webapp.py holds them equal.
"""

from __future__ import annotations

from footprint.pedigree import DQR_INDICATOR_LABELS, DQR_LEVEL_LABELS
from footprint.vocab import STAGE_LABELS
from products.finding_codes import SEVERITY_LABELS

TEXT: dict[str, tuple[str, str]] = {
    **{f"stage.{stage.value}": labels for stage, labels in STAGE_LABELS.items()},
    **{f"dq.{level.replace(' ', '_')}": labels for level, labels in DQR_LEVEL_LABELS.items()},
    **{f"dq.ind.{name}": labels for name, labels in DQR_INDICATOR_LABELS.items()},
    **{f"check.{s.value}": (zh, en.capitalize()) for s, (zh, en) in SEVERITY_LABELS.items()},
    "factors.not_assessed": DQR_LEVEL_LABELS["not assessed"],  # a factor without pedigree scores
}
