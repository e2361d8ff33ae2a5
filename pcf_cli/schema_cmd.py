"""`pcf schema model`: the JSON Schema of the model format, for editors with the YAML language server."""

from __future__ import annotations

import sys
from enum import StrEnum

import typer


class SchemaName(StrEnum):
    MODEL = "model"


def schema(name: SchemaName = typer.Argument(..., help="model: pcf-model/1")) -> None:
    """Print the JSON Schema of a file format: `pcf schema model > pcf-model-1.schema.json`."""
    from footprint.model_schema import schema_text

    if name is SchemaName.MODEL:
        sys.stdout.write(schema_text())


def register(app: typer.Typer) -> None:
    """Add `pcf schema <name>` to the `pcf` application."""
    app.command("schema")(schema)
