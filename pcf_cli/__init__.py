"""The `pcf` command line: a thin face over the packages (heavy imports happen inside commands)."""

from __future__ import annotations

import importlib
import importlib.util

import typer

from pcf_cli import calc_cmd, db_cmd, factors_cmd, schema_cmd

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="PCF platform: emission-factor database and product carbon footprints. "
    "Database: PCF_DATABASE_URL (default: SQLite in the user data directory).",
)
app.add_typer(db_cmd.app, name="db")
app.add_typer(factors_cmd.app, name="factors")
app.command("calc")(calc_cmd.calc)
schema_cmd.register(app)

# Command modules of the layers above the core (products, declarations, workflow). Each defines
# `register(app)`; they are listed here and loaded when present in the installed tree.
for _name in ("products_cmd", "export_cmd", "workflow_cmd", "pact_cmd", "impact_cmd"):
    if importlib.util.find_spec(f"pcf_cli.{_name}") is not None:
        importlib.import_module(f"pcf_cli.{_name}").register(app)


def main() -> None:
    """Entry point of the `pcf` console script."""
    app()
