"""Declarations and data exchange: PACT (v3, v2.3) export and import, the EU battery declaration,
Brightway and openLCA exports, behind one registry of export formats (field tables: README.md here)."""

from footprint.exchange.errors import (
    ExchangeError,
    Gap,
    InvalidDeclaration,
    MergeError,
    MissingData,
    PactImportError,
    UnknownFormat,
)
from footprint.exchange.options import Certification, ExportOptions
from footprint.exchange.registry import ExportFormat, export, formats, get_format
from footprint.exchange.study import Study, build_study, load_study

__all__ = [
    "Certification",
    "ExchangeError",
    "ExportFormat",
    "ExportOptions",
    "Gap",
    "InvalidDeclaration",
    "MergeError",
    "MissingData",
    "PactImportError",
    "Study",
    "UnknownFormat",
    "build_study",
    "export",
    "formats",
    "get_format",
    "load_study",
]
