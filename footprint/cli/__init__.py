"""The `pcf` command line: a thin face over the packages (heavy imports happen inside commands)."""

from __future__ import annotations

import typer

from footprint.cli import calc_cmd, db_cmd, factors_cmd

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


def main() -> None:
    """Entry point of the `pcf` console script."""
    app()
