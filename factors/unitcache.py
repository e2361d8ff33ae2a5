"""pint's answers kept on disk, so that a command whose units are all known does not import pint.

Importing pint and building the project registry cost about as much as importing bw2calc, at the start
of every `pcf calc`. The answers the calculation needs – a unit parses, a unit is a mass, how many of one
unit make another – never change for one pint installation and one set of definitions, so they are
stored in a small JSON file under the user's cache directory (``~/.cache/pcf`` on Linux, or
``PCF_CACHE_DIR``; ``PCF_CACHE_DIR=off`` turns it off). The file name carries a hash of the pint
installation (path, size and time of its ``__init__.py``) and of the definitions, so a new pint or a
changed definition starts a new file. Only answers pint gave are stored; a unit pint refuses is asked
again every time (its message comes from pint). An unreadable or malformed file is ignored and
replaced; a cache that cannot be written only costs the time it would have saved.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import tempfile
from pathlib import Path
from typing import Any

ENV_DIR = "PCF_CACHE_DIR"
_KINDS = ("unit", "mass", "factor")  # a unit pint reads; a unit that is a mass; a conversion factor


class UnitCache:
    """The stored answers of one pint installation and definition set (`path` None: memory only)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.answers: dict[str, dict[str, Any]] = {kind: {} for kind in _KINDS}
        if path is not None:
            self.answers.update(_read(path))

    def get(self, kind: str, key: str) -> Any:
        """The stored answer, or None."""
        return self.answers[kind].get(key)

    def put(self, kind: str, key: str, value: bool | float) -> None:
        """Store an answer pint gave (and write the file, replacing it atomically)."""
        self.answers[kind][key] = value
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".units-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self.answers, fh, ensure_ascii=False)
            os.replace(tmp, self.path)
        except OSError:  # a read-only or full disk: the answers are still kept for this process
            self.path = None


def _read(path: Path) -> dict[str, dict[str, Any]]:
    """The answers of a cache file; a missing, unreadable or malformed file gives none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    out: dict[str, dict[str, Any]] = {}
    for kind, expected in (("unit", bool), ("mass", bool), ("factor", float)):
        section = data.get(kind)
        if isinstance(section, dict) and all(
            isinstance(k, str) and type(v) is expected for k, v in section.items()
        ):
            out[kind] = section
    return out


def cache_file(definitions: tuple[str, ...]) -> Path | None:
    """The cache file for the installed pint and `definitions`; None when caching is off or pint is absent."""
    where = os.environ.get(ENV_DIR, "").strip()
    if where.lower() == "off":
        return None
    spec = importlib.util.find_spec("pint")
    if spec is None or spec.origin is None:
        return None
    try:
        stat = os.stat(spec.origin)
    except OSError:
        return None
    key = json.dumps([spec.origin, stat.st_size, stat.st_mtime_ns, list(definitions)])
    name = f"units-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:20]}.json"
    if where:
        return Path(where) / name
    from platformdirs import user_cache_path

    return user_cache_path("pcf", appauthor=False) / name
