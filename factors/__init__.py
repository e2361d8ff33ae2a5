"""The regional emission-factor database: sources, factors, releases, geography fallback, exchange."""

from factors.bundled import LoadResult, load_bundled
from factors.db import create_schema, database_url, make_engine
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

__all__ = [
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
