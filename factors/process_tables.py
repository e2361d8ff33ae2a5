"""Background processes as stored and as read: the two tables, the exchange and process values, the columns.

`factors.processes` is the entry point (attach, list, export); `factors.process_files` reads and checks
the bundled files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from factors.tables import SourceBase

PROCESS_COLUMNS: tuple[str, ...] = (
    "code", "activity", "name_zh", "name_en", "category", "geography", "reference_year", "unit",
    "confidence", "proxy", "uncertainty", "unc_a", "unc_b", "source_title", "source_publisher",
    "source_year", "source_url", "source_location", "source_licence", "notes",
)  # fmt: skip
EXCHANGE_COLUMNS: tuple[str, ...] = ("process", "kind", "ref", "amount", "unit", "source_location", "note")
KINDS = ("input", "emission")


def _text(**kw: object) -> Column:
    return Column(Text, **kw)  # type: ignore[arg-type]


class BackgroundProcess(SQLModel, table=True):
    """One version of one background process; its exchanges are stored with it (JSON, in file order)."""

    __tablename__ = "background_process"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_type=String(120), index=True)
    activity: str = Field(sa_type=String(120), index=True)
    name_zh: str = Field(sa_column=_text(nullable=False))
    name_en: str = Field(sa_column=_text(nullable=False))
    category: str = Field(sa_type=String(60))
    geography: str = Field(sa_type=String(40), foreign_key="geography.code")
    reference_year: int | None = None
    unit: str = Field(sa_type=String(40))
    confidence: str = Field(sa_type=String(10))
    proxy: bool = False
    uncertainty: str = Field(default="", sa_type=String(12))
    unc_a: float | None = None
    unc_b: float | None = None
    notes: str = Field(default="", sa_column=_text(nullable=False, default=""))
    exchanges: str = Field(sa_column=_text(nullable=False))
    source_id: int = Field(foreign_key="source.id")
    content_hash: str = Field(sa_type=String(64), index=True)


class ReleaseProcess(SQLModel, table=True):
    """Membership of a background-process version in a release; a code appears once per release."""

    __tablename__ = "release_process"
    __table_args__ = (UniqueConstraint("release_id", "code", name="uq_release_process_code"),)
    release_id: int = Field(foreign_key="release.id", primary_key=True)
    process_id: int = Field(foreign_key="background_process.id", primary_key=True)
    code: str = Field(sa_type=String(120), index=True)


@dataclass(frozen=True)
class Exchange:
    """One input (a factor activity or code, or another background process) or direct emission (a gas)."""

    kind: str
    ref: str
    amount: float
    unit: str
    source_location: str = ""
    note: str = ""


@dataclass(frozen=True)
class ProcessRead:
    """A background process as read from a release, with its citation."""

    code: str
    activity: str
    name_zh: str
    name_en: str
    category: str
    geography: str
    reference_year: int | None
    unit: str
    confidence: str
    proxy: bool
    uncertainty: str
    unc_a: float | None
    unc_b: float | None
    notes: str
    exchanges: tuple[Exchange, ...]
    source: SourceBase
    release: str
    content_hash: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "activity": self.activity,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "category": self.category,
            "geography": self.geography,
            "reference_year": self.reference_year,
            "unit": self.unit,
            "confidence": self.confidence,
            "proxy": self.proxy,
            "notes": self.notes,
            "release": self.release,
            "source": self.source.model_dump(),
            "exchanges": [e.__dict__ for e in self.exchanges],
        }


@dataclass(frozen=True)
class ValidProcess:
    """A checked process with the row of ``processes.csv`` it was read from."""

    row: int
    process: ProcessRead
    extra: dict[str, Any] = field(default_factory=dict)
