"""The product model (`pcf-model/1`): loading a YAML file into validated, immutable objects.

This module keeps the public names in one place; they live in

* `footprint.model_types` – the frozen value types and vocabularies (`Model`, `Process`, `Stage`, …);
* `footprint.model_read` – reading files through the safe loader (`load_model`, `read_model_data`);
* `footprint.model_validate` – validation with every problem's path (`parse_model`, `parse_model_lenient`);
* `footprint.model_product` / `footprint.model_process` – the checks of the product and the processes;
* `footprint.model_checks` / `footprint.model_parts` – the checks of values and of the other parts of a model.

The format is specified in docs/model-format.md and published as docs/pcf-model-1.schema.json.
"""

from __future__ import annotations

from footprint.model_read import load_model, read_model_data, read_model_text
from footprint.model_types import (
    FORMAT,
    Allocation,
    Citation,
    CoProduct,
    CutoffEntry,
    Emission,
    Input,
    LocalFactor,
    Model,
    Output,
    Pedigree,
    Process,
    Product,
    Quantity,
    ReferenceFlow,
    Stage,
    Text,
    Uncertainty,
)
from footprint.model_validate import model_hash, parse_model, parse_model_lenient

__all__ = [
    "FORMAT",
    "Allocation",
    "Citation",
    "CoProduct",
    "CutoffEntry",
    "Emission",
    "Input",
    "LocalFactor",
    "Model",
    "Output",
    "Pedigree",
    "Process",
    "Product",
    "Quantity",
    "ReferenceFlow",
    "Stage",
    "Text",
    "Uncertainty",
    "load_model",
    "model_hash",
    "parse_model",
    "parse_model_lenient",
    "read_model_data",
    "read_model_text",
]
