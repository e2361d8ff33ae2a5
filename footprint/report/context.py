"""What every part of the report reads: the study, the language, the certification status and the options."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from footprint.exchange.figures import figure
from footprint.exchange.options import Certification, ExportOptions
from footprint.exchange.study import Study
from footprint.model import Text
from footprint.report.i18n import t


@dataclass(frozen=True)
class ReportContext:
    """The inputs of one report; `date` is printed on it (default: today)."""

    study: Study
    lang: str = "zh"
    certification: Certification = Certification()
    options: ExportOptions = ExportOptions()
    date: dt.date = field(default_factory=dt.date.today)
    # Names from the certified record of the store (product_zh/en, producer_zh/en, site), which win over the
    # model's editable fields so that report, label and public verification page say the same.
    record: Mapping[str, str] = field(default_factory=dict)

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def name(self, text: Text | Mapping[str, str] | None, fallback: str = "") -> str:
        """A bilingual name in the report's language (the other language if that one is empty)."""
        if text is None:
            return fallback
        if isinstance(text, Text):
            return text.get(self.lang) or fallback
        other = "en" if self.lang == "zh" else "zh"
        return text.get(self.lang) or text.get(other) or fallback

    def product_name(self) -> str:
        names = {"zh": self.record.get("product_zh", ""), "en": self.record.get("product_en", "")}
        recorded = self.name(names)
        return recorded or self.name(self.study.product.name, self.study.product.id)

    def producer(self) -> str:
        """The producer: the certified record's holder, else the model's manufacturer."""
        names = {"zh": self.record.get("producer_zh", ""), "en": self.record.get("producer_en", "")}
        recorded = self.name(names)
        return recorded or str(self.study.product.manufacturer.get("name") or "")

    def kg(self, value: float) -> str:
        """A figure in kg CO2e as printed everywhere in the report."""
        return figure(value)
