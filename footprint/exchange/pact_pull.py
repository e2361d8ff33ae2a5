"""A supplier's footprint, fetched from a PACT host, into a model file: checked, added or updated with a diff.

The network part lives in the faces (`pact_api.client`); this module decides whether a fetched footprint
may be used (valid, Active, inside its validity period) and writes it as a model-local factor.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from footprint.exchange.errors import MergeError, PactImportError
from footprint.exchange.model_merge import merge_factor
from footprint.exchange.pact_import import _parse_time, check_footprint, factor_from_footprint

VALIDITY_YEARS = 3  # PACT: without a validity period a footprint is valid 3 years after its reference period


@dataclass(frozen=True)
class Change:
    """One field of the factor that a newer footprint changes."""

    field: str
    old: Any
    new: Any


def validity_period(doc: Mapping[str, Any]) -> tuple[dt.datetime, dt.datetime]:
    """The footprint's validity period (its own, else 3 years from the end of the reference period)."""
    start = _parse_time(doc.get("validityPeriodStart") or doc["pcf"]["referencePeriodEnd"])
    end = _parse_time(doc.get("validityPeriodEnd")) if doc.get("validityPeriodEnd") else None
    if start is None:
        raise PactImportError("<footprint>", [("$.validityPeriodStart", "unreadable date-time")])
    if end is None:
        try:
            end = start.replace(year=start.year + VALIDITY_YEARS)
        except ValueError:  # 29 February
            end = start.replace(year=start.year + VALIDITY_YEARS, day=28)
    return start, end


def usable(doc: Mapping[str, Any], *, source: str, now: dt.datetime | None = None) -> None:
    """Raise `PactImportError` with the reason unless `doc` is valid, Active and valid at `now`."""
    check_footprint(doc, source)
    now = now or dt.datetime.now(dt.UTC)
    start, end = validity_period(doc)
    if now > end:
        raise PactImportError(
            source,
            [
                (
                    "$.validityPeriodEnd",
                    f"the footprint expired on {end:%Y-%m-%d}: ask the supplier for a current one",
                )
            ],
        )
    if now < start:
        raise PactImportError(
            source, [("$.validityPeriodStart", f"the footprint is valid only from {start:%Y-%m-%d}")]
        )


def factor_of(doc: Mapping[str, Any], *, host: str) -> dict[str, Any]:
    """The model-local factor of a pulled footprint, its provenance naming the host and the validity."""
    factor = factor_from_footprint(doc, source_name=host)
    start, end = validity_period(doc)
    prov = factor["provenance"]
    prov.pop("file", None)
    prov["host"] = host
    prov["validity_period"] = {"start": f"{start:%Y-%m-%dT%H:%M:%SZ}", "end": f"{end:%Y-%m-%dT%H:%M:%SZ}"}
    prov["status"] = str(doc.get("status"))
    if doc.get("precedingPfIds"):
        prov["preceding_pf_ids"] = list(doc["precedingPfIds"])
    pcf = doc["pcf"]
    quality = {k: pcf[k] for k in ("primaryDataShare", "dqi", "verification") if pcf.get(k) is not None}
    if quality:
        prov["data_quality"] = quality
    return factor


def put_factor(
    model_text: str, code: str, factor: Mapping[str, Any], *, file: str = "<model>"
) -> tuple[str, list[Change]]:
    """`model_text` with `factors.<code>` added, or replaced by a newer footprint (the changes listed)."""
    import yaml

    data = yaml.safe_load(model_text) or {}
    old = (data.get("factors") or {}).get(code) if isinstance(data, dict) else None
    if old is None:
        return merge_factor(model_text, code, factor, file=file), []
    old_id = (old.get("provenance") or {}).get("pact_id") if isinstance(old, dict) else None
    new_id = factor["provenance"]["pact_id"]
    if old_id == new_id:
        return model_text, []
    changes = _changes(old, factor)
    return merge_factor(_without(model_text, code, file), code, factor, file=file), changes


def _changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    out = [
        Change(k, old.get(k), new.get(k))
        for k in ("value", "unit", "gwp", "reference_year")
        if old.get(k) != new.get(k)
    ]
    op, np_ = old.get("provenance") or {}, new.get("provenance") or {}
    for key in ("pact_id", "created", "validity_period", "company_name", "host"):
        if op.get(key) != np_.get(key):
            out.append(Change(f"provenance.{key}", op.get(key), np_.get(key)))
    return out


def _without(model_text: str, code: str, file: str) -> str:
    """The text with the block of `factors.<code>` removed (a block entry under a block `factors:`)."""
    lines = model_text.splitlines(keepends=True)
    top = next((i for i, line in enumerate(lines) if re.match(r"^factors:\s*(#.*)?$", line)), None)
    if top is not None:
        for i in range(top + 1, len(lines)):
            if re.match(r"^\S", lines[i]):
                break
            m = re.match(rf"^(\s+){re.escape(code)}:", lines[i])
            if m:
                indent = len(m.group(1))
                end = i + 1
                while end < len(lines) and (
                    not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
                ):
                    end += 1
                return "".join(lines[:i] + lines[end:])
    raise MergeError(f"{file}: factors.{code} is not a block entry under 'factors:'; replace it by hand")
