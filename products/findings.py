"""A finding of the completeness and plausibility checks: severity, code, place in the model, message."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How much a finding matters: an error blocks a declaration, a warning needs review, info explains."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Finding:
    """One result of a check, located by a model path (``processes.cell.inputs[2]``; ``""`` = the model)."""

    severity: Severity
    code: str
    location: str
    message_zh: str
    message_en: str

    def message(self, lang: str = "zh") -> str:
        return self.message_zh if lang == "zh" else self.message_en

    def as_dict(self) -> dict[str, str]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "location": self.location,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }


def error(code: str, location: str, zh: str, en: str) -> Finding:
    return Finding(Severity.ERROR, code, location, zh, en)


def warning(code: str, location: str, zh: str, en: str) -> Finding:
    return Finding(Severity.WARNING, code, location, zh, en)


def info(code: str, location: str, zh: str, en: str) -> Finding:
    return Finding(Severity.INFO, code, location, zh, en)


def has_errors(findings: list[Finding]) -> bool:
    """True when any finding is an error (the declaration cannot pass as it is)."""
    return any(f.severity is Severity.ERROR for f in findings)


def by_severity(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info; the order within a severity is kept."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])
