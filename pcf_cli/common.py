"""Shared pieces of the CLI: console, language, database session, turning known errors into exit codes."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

import typer

F = TypeVar("F", bound=Callable[..., Any])


def get_console(*, stderr: bool = False) -> Any:
    """The rich Console for stdout or stderr, made on first use (`pcf calc --json` never imports rich).

    Other modules import them as `console` and `err_console` (see `__getattr__` below); piped output
    (files, tests) gets a wide fixed width instead of rich's 80 columns.
    """
    name = "err_console" if stderr else "console"
    made = globals().get(name)
    if made is None:
        from rich.console import Console

        if stderr:
            made = Console(stderr=True, highlight=False)
        else:
            made = Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 200)
        globals()[name] = made
    return made


LangOption = typer.Option(
    None, "--lang", help="Language of labels and names: zh (default, or PCF_LANG) or en."
)
JsonOption = typer.Option(False, "--json", help="Print JSON instead of a table.")
DraftOption = typer.Option(
    False, "--draft", help="Allow a draft factor release (it can still change); the result then says 'draft'."
)


def escape(text: str) -> str:
    """`rich.markup.escape`, imported when something is printed."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def lang_of(value: str | None) -> str:
    lang = (value or os.environ.get("PCF_LANG") or "zh").lower()
    if lang not in ("zh", "en"):
        raise typer.BadParameter(f"--lang must be zh or en, got {lang!r}")
    return lang


def print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")


@contextmanager
def session_scope() -> Iterator[Any]:
    """A session on the configured database (PCF_DATABASE_URL)."""
    from sqlmodel import Session

    from factors.db import make_engine

    engine = make_engine()
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def handle_errors(func: F) -> F:
    """Print the project's own errors as one readable message and exit 1, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from factors.errors import FactorDBError
        from footprint.errors import FootprintError

        try:
            return func(*args, **kwargs)
        except (FactorDBError, FootprintError) as exc:
            get_console(stderr=True).print(
                f"[bold red]error:[/] {escape(str(exc))}", markup=True, soft_wrap=True
            )
            raise typer.Exit(1) from None
        except _db_errors() as exc:
            get_console(stderr=True).print(
                f"[bold red]database error:[/] {exc.__class__.__name__}: {escape(str(exc))}. "
                "Is PCF_DATABASE_URL right, and has `pcf db init` run?",
                soft_wrap=True,
            )
            raise typer.Exit(1) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:
            if os.environ.get("PCF_DEBUG"):
                raise
            get_console(stderr=True).print(
                f"[bold red]internal error:[/] {exc.__class__.__name__}: {escape(str(exc))} "
                "(set PCF_DEBUG=1 for the traceback, and please report it)",
                soft_wrap=True,
            )
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def _db_errors() -> tuple[type[BaseException], ...]:
    from sqlalchemy.exc import OperationalError, ProgrammingError

    return (OperationalError, ProgrammingError)


# = factors.vocab.gwp_names(), kept literal so that `pcf --help` does not import the factor package
GWP_HELP = "GWP100 set: AR4, AR5 or AR6 (default: the model's)"


def check_gwp(gwp: str | None) -> None:
    """Refuse a `--gwp` that is not a set a calculation may use (factors.vocab.CALC_GWP_SETS)."""
    if gwp is None:
        return
    from factors.vocab import CALC_GWP_SETS, gwp_names

    if gwp.upper() not in CALC_GWP_SETS:
        raise typer.BadParameter(f"--gwp must be {gwp_names()}, got {gwp!r}")


def __getattr__(name: str) -> Any:
    """`console`, `err_console` and `TextTable` on first use, so that importing this module does not load rich."""
    if name in ("console", "err_console"):
        return get_console(stderr=name == "err_console")
    if name == "TextTable":
        from pcf_cli.text_table import TextTable

        return TextTable
    raise AttributeError(f"module 'pcf_cli.common' has no attribute {name!r}")
