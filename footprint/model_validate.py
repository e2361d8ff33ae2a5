"""Validating a parsed model (`pcf-model/1`) into `Model` objects, every problem with its path.

Validation collects every problem with its path (``processes.cell.inputs[2].unit``) and raises one
`ModelError`; units are checked for parseability here and for dimensions when linking to factors.
The format is specified in docs/model-format.md (and published as docs/pcf-model-1.schema.json).
`ModelValidator` walks the model and its cross-references here; the product and process sections are
checked by its mixins `footprint.model_product.ProductChecks` and `footprint.model_process.ProcessChecks`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from footprint.eol_model import check_eol_references, parse_offsets
from footprint.errors import Issue, ModelError
from footprint.model_checks import ID, is_id
from footprint.model_fast import plain_process
from footprint.model_process import ProcessChecks
from footprint.model_product import ProductChecks
from footprint.model_types import FORMAT, LocalFactor, Model, Process, Product
from footprint.pathcheck import bool_hint, describe, join

MAX_PROCESSES = 200_000  # 100,000 calculate in about a minute and 4 GB; refused early above this


def parse_model(data: Any, *, file: str = "<model>") -> Model:
    """Validate a model given as parsed data (dict); raises `ModelError` listing every problem."""
    model, issues = parse_model_lenient(data, file=file)
    if issues or model is None:
        raise ModelError(file, issues or [Issue("", "not a model")])
    return model


def parse_model_lenient(data: Any, *, file: str = "<model>") -> tuple[Model | None, list[Issue]]:
    """Validate without raising: the model built from the valid parts (None if unusable) and all issues.

    Used to report every problem of a file at once, including those found later by linking.
    """
    from footprint.safeload import gc_paused

    v = ModelValidator(file)
    processes = data.get("processes") if isinstance(data, Mapping) else None
    if isinstance(processes, Mapping) and len(processes) > MAX_PROCESSES:
        return None, [
            Issue(
                "processes",
                f"{len(processes):,} processes, more than the limit of {MAX_PROCESSES:,} "
                "a model may have (docs/model-format.md): split the product system into models "
                "whose results enter as local factors",
            )
        ]
    with gc_paused():
        model = v.model(data)
    return model, v.issues


def model_hash(data: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a model's content (key order and YAML layout do not matter)."""
    return hashlib.sha256(_canonical_text(data).encode("utf-8")).hexdigest()


def _canonical_text(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


class ModelValidator(ProcessChecks, ProductChecks):
    """Walks the parsed YAML, building model objects and collecting issues with their paths."""

    def model(self, data: Any) -> Model | None:
        d = self.mapping(data, "")
        if d is None:
            return None
        self.keys(
            d,
            "",
            {
                "format",
                "product",
                "processes",
                "factors",
                "cutoff",
                "factor_release",
                "notes",
                "offsets",
                "end_of_life",
            },
            {"format", "product", "processes"},
        )
        fmt = d.get("format")
        if "format" in d and fmt != FORMAT:
            self.err("format", f"expected {FORMAT!r}, got {fmt!r}")
        processes_raw = self.mapping(d.get("processes"), "processes") if "processes" in d else None
        product = self.product(d.get("product"), "product") if "product" in d else None
        default_geo = product.geography if product else ""
        processes: dict[str, Process] = {}
        if processes_raw is not None:
            if not processes_raw:
                self.err("processes", "at least one process is required")
            for pid, raw in processes_raw.items():
                path = f"processes.{pid}"
                if not isinstance(pid, str) or not is_id(pid):
                    self.err(
                        path, "a process id uses letters, digits, '_', '-' and '.' only" + bool_hint(pid)
                    )
                    continue
                process = plain_process(pid, raw, path, default_geo) or self.process(
                    pid, raw, path, default_geo
                )
                if process is not None:
                    processes[pid] = process
        factors: dict[str, LocalFactor] = {}
        if d.get("factors") is not None:
            fd = self.mapping(d.get("factors"), "factors")
            for code, raw in (fd or {}).items():
                if isinstance(code, bool):
                    self.err(f"factors.{code}", f"a factor code is text, got {code}{bool_hint(code)}")
                    continue
                lf = self.local_factor(str(code), raw, f"factors.{code}")
                if lf is not None:
                    factors[str(code)] = lf
        cutoff = self.cutoff(d.get("cutoff"), "cutoff")
        if product is not None and processes_raw is not None:
            self.check_references(product, processes, processes_raw)
            check_eol_references(self, processes, processes_raw)
        offsets = parse_offsets(self, d.get("offsets"), "offsets")
        method = self.eol_method(d.get("end_of_life"), "end_of_life")
        release = d.get("factor_release")
        if release is not None and not isinstance(release, (str, int, float)):
            self.err("factor_release", f"expected a release version, got {describe(release)}")
            release = None
        if product is None:
            return None
        text = _canonical_text(d)
        return Model(
            self.file,
            product,
            processes,
            factors,
            cutoff,
            str(release) if release is not None else None,
            self.string(d, "notes", ""),
            d,
            hashlib.sha256(text.encode("utf-8")).hexdigest(),
            offsets,
            method,
        )

    def check_references(
        self, product: Product, processes: Mapping[str, Process], raw: Mapping[str, Any]
    ) -> None:
        rf = product.reference_flow
        if rf.process not in raw:
            self.err(
                "product.reference_flow.process",
                f"names no process of this model: {rf.process!r} (processes: {', '.join(map(str, raw))})",
            )
        elif rf.process in processes and rf.product:
            ids = {c.id for c in processes[rf.process].co_products}
            if rf.product not in ids:
                self.err("product.reference_flow.product", f"{rf.process!r} has no co-product {rf.product!r}")
        for process in processes.values():
            for item in process.inputs:
                if item.process is None:
                    continue
                if item.process not in raw:
                    self.err(join(item.path, "process"), f"references a missing process {item.process!r}")
                elif item.product and item.process in processes:
                    ids = {c.id for c in processes[item.process].co_products}
                    if item.product not in ids:
                        self.err(
                            join(item.path, "product"),
                            f"process {item.process!r} has no co-product {item.product!r}",
                        )


__all__ = ["ID", "MAX_PROCESSES", "ModelValidator", "model_hash", "parse_model", "parse_model_lenient"]
