"""Import a supplier's PACT ProductFootprint (v2 or v3) as a model-local factor with its provenance.

The factor's value is pcfExcludingBiogenicUptake (v2: pCfExcludingBiogenic) divided by the declared unit
amount, in kg CO2e per one declared unit; its GWP set comes from ipccCharacterizationFactors. Validation is
the project's own (the PACT OpenAPI file may not be shipped): every problem is reported with its JSON path.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from factors.vocab import CALC_GWP_SETS
from footprint.exchange.declared_unit import PACT_UNITS, PACT_V2_UNITS
from footprint.exchange.errors import PactImportError
from footprint.exchange.figures import DecimalKind, check_decimal
from footprint.safeload import InputRefused, Limits, load_json_file

_SPEC = re.compile(r"^(\d+)\.\d+\.\d+(-\d{8})?$")
_AR = re.compile(r"^AR\d+$")
KNOWN_GWP_SETS = tuple(s.value for s in CALC_GWP_SETS)
_PACT_LIMITS = Limits(max_bytes=16 * 1024 * 1024, max_depth=32)  # one footprint: a few kB, ~6 levels deep


def read_footprint(path: str | Path) -> dict[str, Any]:
    """The ProductFootprint in a JSON file (a bare footprint or a `{"data": {...}}` response), validated."""
    path = Path(path)
    try:  # duplicate keys, NaN/Infinity, overflowing numbers, deep nesting and size are refused
        doc = load_json_file(path, limits=_PACT_LIMITS)
    except InputRefused as exc:
        raise PactImportError(str(path), [(f"$ ({exc.where})" if exc.where else "$", exc.problem)]) from None
    return unwrap(doc, str(path))


def unwrap(doc: Any, source: str = "<footprint>") -> dict[str, Any]:
    """The footprint itself: `{"data": {...}}` (a GET response) is unwrapped; a list is refused."""
    if isinstance(doc, Mapping) and "data" in doc and "pcf" not in doc:
        if isinstance(doc["data"], list):
            raise PactImportError(
                source,
                [
                    (
                        "$.data",
                        f"a list of {len(doc['data'])} footprints; import one "
                        "footprint at a time (save it as its own file)",
                    )
                ],
            )
        doc = doc["data"]
    if not isinstance(doc, Mapping):
        raise PactImportError(source, [("$", f"expected a JSON object, got {type(doc).__name__}")])
    check_footprint(doc, source)
    return dict(doc)


def spec_major(doc: Mapping[str, Any]) -> int:
    """2 or 3, from `specVersion`."""
    match = _SPEC.match(str(doc.get("specVersion", "")))
    return int(match.group(1)) if match else 0


def check_footprint(doc: Mapping[str, Any], source: str = "<footprint>") -> None:
    """Raise `PactImportError` listing every field the import needs that is missing or malformed."""
    p: list[tuple[str, str]] = []
    major = spec_major(doc)
    if major not in (2, 3):
        p.append(
            (
                "$.specVersion",
                f"expected a PACT spec version 2.x or 3.x (e.g. '3.0.0'), got {doc.get('specVersion')!r}",
            )
        )
    _uuid(doc, "id", p)
    _time(doc, "$.created", doc.get("created"), p)
    for key in ("updated", "validityPeriodStart", "validityPeriodEnd"):
        if key in doc:
            _time(doc, f"$.{key}", doc[key], p)
    if doc.get("status") not in ("Active", "Deprecated"):
        p.append(("$.status", f"expected Active or Deprecated, got {doc.get('status')!r}"))
    elif doc["status"] == "Deprecated":
        p.append(("$.status", "the footprint is Deprecated: ask the supplier for the one that replaces it"))
    for key in ("companyName", "productNameCompany"):
        if not isinstance(doc.get(key), str) or not doc[key].strip():
            p.append((f"$.{key}", "a non-empty text is required"))
    for key in ("companyIds", "productIds"):
        ids = doc.get(key)
        if not isinstance(ids, list) or not ids:
            p.append((f"$.{key}", "a non-empty list of URNs is required"))
        else:
            p += [
                (f"$.{key}[{i}]", f"{x!r} is not a URN (urn:…)")
                for i, x in enumerate(ids)
                if not (isinstance(x, str) and x.lower().startswith("urn:"))
            ]
    pcf = doc.get("pcf")
    if not isinstance(pcf, Mapping):
        p.append(("$.pcf", "the CarbonFootprint object is required"))
    elif major in (2, 3):
        _check_pcf(pcf, major, p)
    if p:
        raise PactImportError(source, p)


def _check_pcf(pcf: Mapping[str, Any], major: int, p: list[tuple[str, str]]) -> None:
    unit_key, amount_key, value_key = _keys(major)
    units = PACT_UNITS if major == 3 else PACT_V2_UNITS
    if pcf.get(unit_key) not in units:
        p.append((f"$.pcf.{unit_key}", f"expected one of {', '.join(units)}, got {pcf.get(unit_key)!r}"))
    for key, kind in ((amount_key, DecimalKind.POSITIVE), (value_key, DecimalKind.ANY)):
        why = check_decimal(pcf.get(key), kind) if key in pcf else "required"
        if why:
            p.append((f"$.pcf.{key}", why))
    if not check_decimal(pcf.get(value_key)) and float(pcf[value_key]) <= 0:
        p.append(
            (
                f"$.pcf.{value_key}",
                f"{pcf[value_key]!r}: a model factor must be greater than 0 (a net "
                "removal cannot be used as an emission factor)",
            )
        )
    for key in ("referencePeriodStart", "referencePeriodEnd"):
        _time(pcf, f"$.pcf.{key}", pcf.get(key), p)
    start, end = _parse_time(pcf.get("referencePeriodStart")), _parse_time(pcf.get("referencePeriodEnd"))
    if start is not None and end is not None and end <= start:
        p.append(
            (
                "$.pcf.referencePeriodEnd",
                f"the reference period ends ({pcf['referencePeriodEnd']}) "
                f"before it starts ({pcf['referencePeriodStart']})",
            )
        )
    sets = _ar_sets(pcf, major)
    key = "ipccCharacterizationFactors" if major == 3 else "ipccCharacterizationFactorsSources"
    if not sets or not all(isinstance(s, str) and _AR.match(s) for s in sets):
        p.append(
            (f"$.pcf.{key}", f"a list of IPCC assessment reports (e.g. ['AR6']) is required, got {sets!r}")
        )
    elif unknown := [s for s in sets if s not in KNOWN_GWP_SETS]:
        p.append(
            (
                f"$.pcf.{key}",
                f"{', '.join(unknown)}: no GWP100 table of that report here (known: "
                f"{', '.join(KNOWN_GWP_SETS)}); the footprint cannot be compared with the model's factors",
            )
        )


def _keys(major: int) -> tuple[str, str, str]:
    if major == 3:
        return "declaredUnitOfMeasurement", "declaredUnitAmount", "pcfExcludingBiogenicUptake"
    return "declaredUnit", "unitaryProductAmount", "pCfExcludingBiogenic"


def _ar_sets(pcf: Mapping[str, Any], major: int) -> list[Any]:
    if major == 3:
        return list(pcf.get("ipccCharacterizationFactors") or [])
    sets = pcf.get("ipccCharacterizationFactorsSources") or (
        [pcf["characterizationFactors"]] if pcf.get("characterizationFactors") else []
    )
    return list(sets)


def _uuid(doc: Mapping[str, Any], key: str, p: list[tuple[str, str]]) -> None:
    try:
        uuid.UUID(str(doc.get(key)))
    except ValueError:
        p.append((f"$.{key}", f"expected a UUID, got {doc.get(key)!r}"))


def _time(_doc: Mapping[str, Any], path: str, value: Any, p: list[tuple[str, str]]) -> None:
    if _parse_time(value) is None:
        p.append((path, f"expected an RFC 3339 date-time (e.g. 2024-12-31T00:00:00Z), got {value!r}"))


def _parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def factor_from_footprint(doc: Mapping[str, Any], *, source_name: str = "") -> dict[str, Any]:
    """The model-local factor (the mapping under `factors.<code>` of a model) of a validated footprint."""
    major = spec_major(doc)
    pcf = doc["pcf"]
    unit_key, amount_key, value_key = _keys(major)
    value = float(pcf[value_key]) / float(pcf[amount_key])
    sets = list(dict.fromkeys(_ar_sets(pcf, major)))
    gwp = sets[0] if len(sets) == 1 and sets[0] in CALC_GWP_SETS else "unspecified"
    end, created = _parse_time(pcf["referencePeriodEnd"]), _parse_time(doc["created"])
    if end is None or created is None:
        check_footprint(doc)  # raises, naming the bad date-time
        raise PactImportError("<footprint>", [("$", "unreadable date-times")])
    declared = f"{pcf[amount_key]} {pcf[unit_key]}"
    factor: dict[str, Any] = {
        "name": {"en": str(doc["productNameCompany"])},
        "value": float(f"{value:.10g}"),
        "unit": f"kg CO2e / {PACT_UNITS[pcf[unit_key]]}",
        "gwp": gwp,
        "source": {
            "title": f"{doc['companyName']}: {doc['productNameCompany']}, PACT ProductFootprint {doc['id']}",
            "publisher": str(doc["companyName"]),
            "year": created.year,
            "location": f"pcf.{value_key} / pcf.{amount_key}",
        },
    }
    geography = pcf.get("geographyCountrySubdivision") or pcf.get("geographyCountry")
    if geography:
        factor["geography"] = str(geography)
    factor["reference_year"] = (end - dt.timedelta(seconds=1)).year
    factor["provenance"] = _provenance(doc, declared, value_key, sets, source_name)
    note = f"Imported from a PACT {doc['specVersion']} footprint: {pcf[value_key]} kg CO2e per {declared}"
    factor["notes"] = note + (f"; GWP sets {', '.join(map(str, sets))}" if gwp == "unspecified" else "")
    return factor


def _provenance(
    doc: Mapping[str, Any], declared: str, value_key: str, sets: list[Any], source_name: str
) -> dict[str, Any]:
    pcf = doc["pcf"]
    out: dict[str, Any] = {
        "pact_id": str(doc["id"]),
        "spec_version": str(doc["specVersion"]),
        "company_name": doc["companyName"],
        "company_ids": list(doc["companyIds"]),
        "product_ids": list(doc["productIds"]),
        "product_name": doc["productNameCompany"],
        "created": str(doc["created"]),
        "reference_period": {
            "start": str(pcf["referencePeriodStart"]),
            "end": str(pcf["referencePeriodEnd"]),
        },
        "declared_unit": declared,
        value_key: str(pcf[value_key]),
        "ipcc_characterization_factors": sets,
    }
    for key in ("pcfIncludingBiogenicUptake", "pCfIncludingBiogenic", "primaryDataShare"):
        if pcf.get(key) is not None:
            out[key] = str(pcf[key])
    for key in ("validityPeriodStart", "validityPeriodEnd"):
        if doc.get(key) is not None:
            out[key] = str(doc[key])
    if source_name:
        out["file"] = source_name
    return out


def validate_with_openapi(doc: Mapping[str, Any], openapi: str | Path, source: str = "<footprint>") -> None:
    """Also validate against `components/schemas/ProductFootprint` of a PACT OpenAPI file, formats checked."""
    import yaml
    from jsonschema import Draft202012Validator, FormatChecker

    api = yaml.safe_load(Path(openapi).read_text(encoding="utf-8"))
    schema = {"$ref": "#/components/schemas/ProductFootprint", "components": api["components"]}
    errors = sorted(
        Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(doc),
        key=lambda e: list(map(str, e.absolute_path)),
    )
    if errors:
        raise PactImportError(
            source,
            [
                (
                    "$" + "".join(f"[{x}]" if isinstance(x, int) else f".{x}" for x in e.absolute_path),
                    e.message,
                )
                for e in errors
            ],
        )


def default_code(doc: Mapping[str, Any]) -> str:
    """``pact.<product name slug>`` (ASCII), else ``pact.<first 8 characters of the footprint id>``."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(doc.get("productNameCompany", "")).lower()).strip("-")
    return f"pact.{slug}" if slug else f"pact.{str(doc.get('id', ''))[:8]}"
