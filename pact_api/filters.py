"""The ListFootprints filters of PACT v3 (OR within a criterion, AND between criteria), validity periods."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

LIST_CRITERIA = ("productId", "companyId", "geography", "classification")
TIME_CRITERIA = ("validOn", "validAfter", "validBefore")
VALIDITY_YEARS = 3  # a footprint without a validity period is valid 3 years after its reference period


class FilterError(ValueError):
    """A filter value that is not what the specification allows (answered with 400 BadRequest)."""


@dataclass(frozen=True)
class Criteria:
    """The parsed filters of a ListFootprints call or a RequestCreatedEvent."""

    lists: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    times: Mapping[str, dt.datetime] = field(default_factory=dict)
    status: str | None = None

    @property
    def empty(self) -> bool:
        return not self.lists and not self.times and self.status is None


def parse_time(value: str, name: str) -> dt.datetime:
    """An RFC 3339 date-time with a time zone; `FilterError` naming the parameter otherwise."""
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or "T" not in value.upper():
        raise FilterError(
            f"{name}: expected an RFC 3339 date-time such as 2025-01-01T00:00:00Z, got {value!r}"
        )
    return moment


def criteria(values: Mapping[str, Sequence[str]]) -> Criteria:
    """Criteria from parameter values; names match case-insensitively (a leading '$' is ignored)."""
    canon = {n.lower(): n for n in (*LIST_CRITERIA, *TIME_CRITERIA, "status")}
    lists: dict[str, tuple[str, ...]] = {}
    times: dict[str, dt.datetime] = {}
    status = None
    for raw_name, raw_values in values.items():
        name = canon.get(raw_name.lstrip("$").lower())
        vals = [v for v in (str(x).strip() for x in raw_values) if v]
        if name is None or not vals:
            continue
        if name in LIST_CRITERIA:
            lists[name] = tuple(dict.fromkeys([*lists.get(name, ()), *vals]))
        elif name in TIME_CRITERIA:
            times[name] = parse_time(vals[-1], name)
        else:
            status = vals[-1].capitalize()
            if status not in ("Active", "Deprecated"):
                raise FilterError(f"status: expected Active or Deprecated, got {vals[-1]!r}")
    return Criteria(lists, times, status)


def criteria_of_event(data: Mapping[str, Any]) -> Criteria:
    """Criteria of a RequestCreatedEvent's data (also the older ``data.pf.productIds`` shape)."""
    values: dict[str, list[str]] = {}
    pf = data.get("pf")
    if isinstance(pf, Mapping) and isinstance(pf.get("productIds"), list):
        values["productId"] = [str(x) for x in pf["productIds"]]
    for key, value in data.items():
        if key in ("pf", "comment"):
            continue
        if isinstance(value, list):
            values.setdefault(key, []).extend(str(x) for x in value)
        elif isinstance(value, str):
            values.setdefault(key, []).append(value)
        else:
            raise FilterError(f"data.{key}: expected a text or a list of texts, got {type(value).__name__}")
    return criteria(values)


def validity(doc: Mapping[str, Any]) -> tuple[dt.datetime, dt.datetime]:
    """The validity period: the footprint's own, else 3 years from the end of its reference period."""
    start = doc.get("validityPeriodStart") or doc["pcf"]["referencePeriodEnd"]
    begin = parse_time(str(start), "validityPeriodStart")
    if doc.get("validityPeriodEnd"):
        return begin, parse_time(str(doc["validityPeriodEnd"]), "validityPeriodEnd")
    try:
        return begin, begin.replace(year=begin.year + VALIDITY_YEARS)
    except ValueError:  # 29 February
        return begin, begin.replace(year=begin.year + VALIDITY_YEARS, day=28)


def matches(doc: Mapping[str, Any], c: Criteria) -> bool:
    """Whether `doc` meets every criterion (at least one value of each)."""
    fold = str.casefold
    if c.status is not None and doc.get("status") != c.status:
        return False
    fields = {
        "productId": [fold(x) for x in doc.get("productIds", [])],
        "companyId": [fold(x) for x in doc.get("companyIds", [])],
        "classification": [fold(x) for x in doc.get("productClassifications", [])],
    }
    for name, wanted in c.lists.items():
        if name == "geography":
            if not any(_in_geography(doc, w) for w in wanted):
                return False
        elif not any(fold(w) in fields[name] for w in wanted):
            return False
    if c.times:
        start, end = validity(doc)
        on, after, before = (c.times.get(k) for k in TIME_CRITERIA)
        if on is not None and not start <= on <= end:
            return False
        if after is not None and not start > after:
            return False
        if before is not None and not end < before:
            return False
    return True


def _in_geography(doc: Mapping[str, Any], wanted: str) -> bool:
    pcf = doc.get("pcf", {})
    w = wanted.casefold()
    for key in ("geographyCountrySubdivision", "geographyCountry", "geographyRegionOrSubregion"):
        value = str(pcf.get(key) or "").casefold()
        if value and (value == w or value.startswith(w + "-")):
            return True
    return False
