"""The shape of the public API: what the Streamlit pages and the CLI will call."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import workflow as wf

FUNCTIONS = [n for n in wf.__all__ if inspect.isfunction(getattr(wf, n))]
SERVICES = [  # store services: an actor and a session (pure policy such as allowed_actions takes no session)
    n
    for n in FUNCTIONS
    if next(iter(inspect.signature(getattr(wf, n)).parameters), "") == "actor"
    and "session" in inspect.signature(getattr(wf, n)).parameters
]


def test_every_public_name_is_exported_once() -> None:
    assert len(wf.__all__) == len(set(wf.__all__))
    assert all(hasattr(wf, n) for n in wf.__all__)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_public_functions_are_typed_documented_and_keyword_only_past_the_second(name: str) -> None:
    fn = getattr(wf, name)
    sig = inspect.signature(fn)
    positional = [p.name for p in sig.parameters.values() if p.kind is p.POSITIONAL_OR_KEYWORD]
    assert len(positional) <= 2, f"{name}{sig}"
    assert sig.return_annotation is not inspect.Signature.empty
    assert (fn.__doc__ or "").strip()


@pytest.mark.parametrize("name", SERVICES)
def test_services_take_the_actor_first_and_the_session_second(name: str) -> None:
    assert list(inspect.signature(getattr(wf, name)).parameters)[:2] == ["actor", "session"]


def test_there_are_service_functions_for_every_step() -> None:
    assert len(SERVICES) >= 40


def test_importing_the_package_opens_nothing_and_stays_light() -> None:
    """No engine, no database, no Brightway at import (house rule 13)."""
    code = (
        "import sys, workflow, workflow.tables; "
        "print(any(m.startswith(('bw2calc', 'bw_processing', 'psycopg')) for m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("module", sorted(m.name for m in pkgutil.iter_modules(wf.__path__)))
def test_modules_stay_small(module: str) -> None:
    """Every module of the package stays under the house guide of ~400 lines (issue 13 split the two over it)."""
    source = inspect.getsource(importlib.import_module(f"workflow.{module}"))
    assert len(source.splitlines()) < 400
