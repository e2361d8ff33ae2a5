"""The regional emission-factor database: sources, factors, releases, geography fallback, exchange.

The public names below are imported on first use (PEP 562): the core imports `factors.units` or
`factors.gwp` without loading SQLModel and SQLAlchemy, which only the database modules need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_PUBLIC = {
    "LoadResult": "factors.bundled",
    "load_bundled": "factors.bundled",
    "create_schema": "factors.db",
    "database_url": "factors.dburl",
    "make_engine": "factors.db",
    "BundledReleaseConflict": "factors.errors",
    "FactorDBError": "factors.errors",
    "FactorNotFound": "factors.errors",
    "ImportValidationError": "factors.errors",
    "NoFactorForGeography": "factors.errors",
    "ReleaseImmutable": "factors.errors",
    "ReleaseNotFound": "factors.errors",
    "RowError": "factors.errors",
    "UnknownGeography": "factors.errors",
    "export_factors": "factors.exchange",
    "import_factors": "factors.exchange",
    "GwpTable": "factors.gwp",
    "FactorMatch": "factors.query",
    "FactorRead": "factors.query",
    "ReleaseDiff": "factors.query",
    "diff_releases": "factors.query",
    "factor_history": "factors.query",
    "get_factor": "factors.query",
    "get_factors": "factors.query",
    "release_infos": "factors.query",
    "resolve_factor": "factors.query",
    "search_factors": "factors.query",
    "get_release": "factors.releases",
    "gwp_table": "factors.releases",
    "list_releases": "factors.releases",
    "publish": "factors.releases",
}

__all__ = [  # the names of _PUBLIC, spelled out so linters see them
    "BundledReleaseConflict",
    "FactorDBError",
    "FactorMatch",
    "FactorNotFound",
    "FactorRead",
    "GwpTable",
    "ImportValidationError",
    "LoadResult",
    "NoFactorForGeography",
    "ReleaseDiff",
    "ReleaseImmutable",
    "ReleaseNotFound",
    "RowError",
    "UnknownGeography",
    "create_schema",
    "database_url",
    "diff_releases",
    "export_factors",
    "factor_history",
    "get_factor",
    "get_factors",
    "get_release",
    "gwp_table",
    "import_factors",
    "list_releases",
    "load_bundled",
    "make_engine",
    "publish",
    "release_infos",
    "resolve_factor",
    "search_factors",
]
assert sorted(__all__) == sorted(_PUBLIC)

if TYPE_CHECKING:
    from factors.bundled import LoadResult, load_bundled
    from factors.db import create_schema, make_engine
    from factors.dburl import database_url
    from factors.errors import (
        BundledReleaseConflict,
        FactorDBError,
        FactorNotFound,
        ImportValidationError,
        NoFactorForGeography,
        ReleaseImmutable,
        ReleaseNotFound,
        RowError,
        UnknownGeography,
    )
    from factors.exchange import export_factors, import_factors
    from factors.gwp import GwpTable
    from factors.query import (
        FactorMatch,
        FactorRead,
        ReleaseDiff,
        diff_releases,
        factor_history,
        get_factor,
        get_factors,
        release_infos,
        resolve_factor,
        search_factors,
    )
    from factors.releases import get_release, gwp_table, list_releases, publish


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first access."""
    try:
        module = _PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module 'factors' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
