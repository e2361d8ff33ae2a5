"""Validating the parts of a model besides its processes: co-products, allocation, local factors, cut-off."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from factors.vocab import GwpSet, gwp_names
from footprint.errors import Issue
from footprint.model_checks import ModelChecks, scale_uncertainty
from footprint.model_types import Allocation, CoProduct, CutoffEntry, LocalFactor, Output
from footprint.pathcheck import describe, join
from footprint.units import UnitError


class PartChecks(ModelChecks):
    """Co-products, allocation, model-local factors and cut-off entries."""

    def co_products(self, value: Any, path: str, pid: str) -> list[CoProduct]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.err(path, f"expected a list, got {describe(value)}")
            return []
        out, seen = [], {pid}
        for i, raw in enumerate(value):
            p = f"{path}[{i}]"
            d = self.mapping(raw, p)
            if d is None:
                continue
            self.keys(d, p, {"id", "name", "amount", "unit", "price", "mass"}, {"id", "amount", "unit"})
            cid = self.string(d, "id", p, required=True)
            if cid in seen:
                self.err(join(p, "id"), f"duplicate product id {cid!r} in this process")
            seen.add(cid)
            amount = self.number(d.get("amount"), join(p, "amount"), minimum=0.0, allow_equal=False)
            unit = self.unit(d.get("unit"), join(p, "unit"))
            price = self.number(d["price"], join(p, "price")) if d.get("price") is not None else None
            if amount is not None and unit and cid:
                out.append(
                    CoProduct(
                        cid,
                        self.text(d.get("name"), join(p, "name")),
                        amount,
                        unit,
                        price,
                        self.quantity_text(d.get("mass"), join(p, "mass")),
                    )
                )
        return out

    def allocation(
        self, value: Any, path: str, pid: str, co_products: list[CoProduct], output: Output | None
    ) -> Allocation | None:
        if not co_products:
            if value is not None:
                self.err(path, "allocation needs co_products")
            return None
        if value is None:
            self.err(
                path, "a process with co_products needs an allocation rule: mass, economic or {shares: …}"
            )
            return None
        if isinstance(value, str):
            if value not in ("mass", "economic", "system_expansion"):
                self.err(path, f"{value!r} is not mass, economic, system_expansion or {{shares: …}}")
                return None
            if value == "economic":
                if output is not None and output.price is None:
                    self.err(
                        join(path.rsplit(".", 1)[0], "output.price"), "economic allocation needs a price"
                    )
                for i, c in enumerate(co_products):
                    if c.price is None:
                        self.err(
                            f"{path.rsplit('.', 1)[0]}.co_products[{i}].price",
                            "economic allocation needs a price",
                        )
            return Allocation(value)
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(d, path, {"shares"}, {"shares"})
        shares = self.mapping(d.get("shares"), join(path, "shares")) or {}
        ids = {pid} | {c.id for c in co_products}
        parsed: dict[str, float] = {}
        for key, raw in shares.items():
            if key not in ids:
                self.err(
                    join(path, f"shares.{key}"), f"not a product of this process ({', '.join(sorted(ids))})"
                )
                continue
            n = self.number(raw, join(path, f"shares.{key}"))
            if n is not None:
                parsed[key] = n
        missing = ids - set(parsed)
        if missing and not any(i.path.startswith(join(path, "shares")) for i in self.issues):
            self.err(join(path, "shares"), f"missing shares for {', '.join(sorted(missing))}")
        total = sum(parsed.values())
        if parsed and not missing and abs(total - 1.0) > 1e-6:
            self.err(join(path, "shares"), f"shares must add up to 1, they add up to {total:g}")
        return Allocation("shares", parsed)

    def local_factor(self, code: str, value: Any, path: str) -> LocalFactor | None:
        from factors.gases import GASES
        from footprint.units import split_intensity

        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(
            d,
            path,
            {
                "value",
                "unit",
                "gwp",
                "gases",
                "source",
                "name",
                "geography",
                "reference_year",
                "uncertainty",
                "pedigree",
                "provenance",
                "notes",
                "reason",
            },
            {"unit", "source"},
        )
        gwp = self.string(d, "gwp", path)
        if gwp and gwp not in tuple(GwpSet):
            self.err(join(path, "gwp"), f"{gwp!r} is not {gwp_names(tuple(GwpSet))}")
        unit_text = d.get("unit")
        source = self.citation(d.get("source"), join(path, "source"), required=True)
        unc_amount = None
        if d.get("gases") is not None:
            if "value" in d:
                self.err(
                    join(path, "value"), "give either `value` (with an intensity unit) or `gases`, not both"
                )
            gd = self.mapping(d.get("gases"), join(path, "gases")) or {}
            gases: dict[str, float] = {}
            for gas, amount in gd.items():
                if gas not in GASES:
                    self.err(join(path, f"gases.{gas}"), f"unknown gas; expected one of {', '.join(GASES)}")
                    continue
                n = self.number(amount, join(path, f"gases.{gas}"))
                if n is not None:
                    gases[gas] = n
            ref_unit = self.unit(unit_text, join(path, "unit"))
            basis, factor_value = "gases", 0.0
        else:
            gases = {}
            reason = self.string(d, "reason", path)
            raw_value = self.number(
                d.get("value"), join(path, "value"), minimum=0.0, allow_equal=bool(reason)
            )
            if raw_value is None and d.get("value") == 0 and not reason:
                self.issues[-1] = Issue(
                    join(path, "value"),
                    "a factor of 0 is legal only with its source and a "
                    "`reason` (e.g. a burden-free recycled input under cut-off, a waste input)",
                )
            if "value" not in d:
                self.err(join(path, "value"), "required (or give `gases`)")
            ref_unit, basis, factor_value = "", "CO2e", 0.0
            if isinstance(unit_text, str) and unit_text.strip():
                try:
                    multiplier, ref_unit, basis = split_intensity(unit_text)
                    if raw_value is not None:
                        factor_value = raw_value * multiplier
                        unc_amount = raw_value
                except UnitError as exc:
                    self.err(join(path, "unit"), str(exc))
            else:
                self.err(join(path, "unit"), "an intensity unit is required, e.g. 'kg CO2e / kg'")
            if basis == "CO2e" and not gwp:
                self.err(join(path, "gwp"), f"a CO2e factor needs its GWP set ({gwp_names(tuple(GwpSet))})")
        year = self.year(d.get("reference_year"), join(path, "reference_year"))
        provenance = d.get("provenance") or {}
        if not isinstance(provenance, Mapping):
            self.err(join(path, "provenance"), "expected a mapping")
            provenance = {}
        unc = self.uncertainty(d.get("uncertainty"), join(path, "uncertainty"), unc_amount)
        if unc is not None and unc_amount:
            unc = scale_uncertainty(unc, factor_value / unc_amount)  # into kg CO2e per reference unit
        if not ref_unit:
            return None
        return LocalFactor(
            code,
            path,
            ref_unit,
            basis,
            factor_value,
            gwp if basis != "CO2" else "",
            gases,
            source,
            self.text(d.get("name"), join(path, "name")),
            self.string(d, "geography", path),
            year,
            unc,
            self.pedigree(d.get("pedigree"), join(path, "pedigree")),
            dict(provenance),
            self.string(d, "notes", path),
            self.string(d, "reason", path),
        )

    def cutoff(self, value: Any, path: str) -> tuple[CutoffEntry, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.err(path, f"expected a list, got {describe(value)}")
            return ()
        out = []
        for i, raw in enumerate(value):
            p = f"{path}[{i}]"
            d = self.mapping(raw, p)
            if d is None:
                continue
            self.keys(d, p, {"flow", "reason", "share", "basis"}, {"flow", "reason"})
            share = self.number(d["share"], join(p, "share")) if d.get("share") is not None else None
            basis = self.string(d, "basis", p)
            if basis and basis not in ("mass", "impact", "energy"):
                self.err(join(p, "basis"), f"{basis!r} is not mass, impact or energy")
            out.append(
                CutoffEntry(
                    self.string(d, "flow", p, required=True),
                    self.string(d, "reason", p, required=True),
                    share,
                    basis,
                )
            )
        return tuple(out)
