"""Reading model files: UTF-8 YAML (or JSON) through the safe loader, then validation.

Every refusal of the loader (a repeated key, a YAML 1.1 number form, an alias bomb, deep nesting, an
oversized file, a directory) becomes a `ModelError` naming the file and the line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from footprint.errors import ModelError
from footprint.model_types import Model
from footprint.model_validate import parse_model
from footprint.safeload import InputRefused, load_yaml_file, load_yaml_text


def load_model(path: str | Path) -> Model:
    """Read and validate a model file (YAML); raises `ModelError` listing every problem."""
    return parse_model(read_model_data(path), file=str(path))


def read_model_data(path: str | Path) -> Any:
    """The parsed YAML of a model file; unreadable, malformed or refused files raise `ModelError`."""
    try:
        return load_yaml_file(path)
    except InputRefused as exc:
        raise ModelError(str(path), [exc.issue()]) from None


def read_model_text(text: str, *, file: str = "<model>") -> Any:
    """The parsed YAML of a model given as text (e.g. from the app's editor); refusals raise `ModelError`."""
    try:
        return load_yaml_text(text)
    except InputRefused as exc:
        raise ModelError(file, [exc.issue()]) from None
