"""Errors of the report and label."""

from __future__ import annotations

from footprint.errors import FootprintError


class ReportError(FootprintError):
    """The report or label cannot be produced (missing font, unwritable output, bad options)."""
