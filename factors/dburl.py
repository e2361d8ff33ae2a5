"""Where the database is: ``PCF_DATABASE_URL``, else the embedded SQLite file (no SQLAlchemy needed)."""

from __future__ import annotations

import os
from pathlib import Path

ENV_URL = "PCF_DATABASE_URL"


def default_database_path() -> Path:
    """The embedded default: ``pcf.db`` in the user's data directory (``~/.local/share/pcf`` on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("pcf", appauthor=False) / "pcf.db"


def database_url() -> str:
    """``PCF_DATABASE_URL`` if set, else a SQLite file at `default_database_path`."""
    url = os.environ.get(ENV_URL, "").strip()
    if url:
        return url
    return f"sqlite:///{default_database_path()}"


def sqlite_file(url: str) -> Path | None:
    """The file of a plain ``sqlite:///path`` URL, or None (another database, driver or in memory)."""
    if not url.startswith("sqlite:///"):
        return None
    path = url[len("sqlite:///") :]
    return Path(path) if path and path != ":memory:" and "?" not in path else None
