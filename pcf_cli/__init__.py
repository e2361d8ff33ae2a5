"""The `pcf` command line: a thin face over the packages (heavy imports happen inside commands).

`main()` loads only the module of the command asked for (`pcf calc` does not import the workflow,
products or PACT commands); `pcf`, `pcf --help` and an unknown command load them all. `app` is the
whole command line, for tests and `python -c "from pcf_cli import app; app()"`.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

HELP = (
    "PCF platform: emission-factor database and product carbon footprints. "
    "Database: PCF_DATABASE_URL (default: SQLite in the user data directory)."
)

# Command modules in the order they register (the order of `pcf --help`); each has `register(app)`.
MODULES = (
    "db_cmd",
    "factors_cmd",
    "calc_cmd",
    "schema_cmd",
    "products_cmd",
    "export_cmd",
    "workflow_cmd",
    "pact_cmd",
    "impact_cmd",
)

# Each top-level command and the modules it needs (`factors impact` is registered by impact_cmd);
# tests/footprint/test_cli_lazy.py holds this equal to what the modules register.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "db": ("db_cmd",),
    "factors": ("factors_cmd", "impact_cmd"),
    "calc": ("calc_cmd",),
    "schema": ("schema_cmd",),
    "rules": ("products_cmd",),
    "check": ("products_cmd",),
    "template": ("products_cmd",),
    "import": ("products_cmd",),
    "report": ("export_cmd",),
    "export": ("export_cmd",),
    "label": ("export_cmd",),
    "import-pact": ("export_cmd",),
    "demo": ("workflow_cmd",),
    "workflow": ("workflow_cmd",),
    "serve-pact": ("pact_cmd",),
    "pact": ("pact_cmd",),
    "recalc": ("impact_cmd",),
}


def build_app(modules: tuple[str, ...] = MODULES) -> typer.Typer:
    """A `pcf` command line with the commands of `modules` (in the order of MODULES)."""
    import typer

    cli = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False, help=HELP)

    @cli.callback()
    def _group() -> None:  # a group even when one command is loaded: `pcf calc X` names its command
        pass

    for name in MODULES:
        if name in modules:
            importlib.import_module(f"pcf_cli.{name}").register(cli)
    return cli


def modules_for(argv: list[str]) -> tuple[str, ...]:
    """The command modules `argv` needs: its command's, or all (no command, an option first, unknown)."""
    if not argv or argv[0].startswith("-"):
        return MODULES
    return COMMAND_MODULES.get(argv[0], MODULES)


def main() -> None:
    """Entry point of the `pcf` console script."""
    build_app(modules_for(sys.argv[1:]))()


def __getattr__(name: str) -> Any:
    """`pcf_cli.app`: the whole command line, built on first use."""
    if name != "app":
        raise AttributeError(f"module 'pcf_cli' has no attribute {name!r}")
    app = build_app()
    globals()["app"] = app
    return app
