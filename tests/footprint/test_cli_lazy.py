"""The `pcf` console script loads only the command module asked for, with the same commands and help."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer

import pcf_cli


def _names(cli: typer.Typer) -> set[str]:
    commands = {c.name or c.callback.__name__ for c in cli.registered_commands if c.callback is not None}
    return commands | {g.name for g in cli.registered_groups if g.name}


def test_command_table_matches_what_modules_register() -> None:
    everything = _names(pcf_cli.app)
    assert everything == set(pcf_cli.COMMAND_MODULES)
    for module in pcf_cli.MODULES:
        for name in _names(pcf_cli.build_app((module,))):
            assert module in pcf_cli.COMMAND_MODULES[name], (module, name)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], pcf_cli.MODULES),
        (["--help"], pcf_cli.MODULES),
        (["nosuch"], pcf_cli.MODULES),
        (["calc", "m.yaml", "--json"], ("calc_cmd",)),
        (["factors", "impact"], ("factors_cmd", "impact_cmd")),
    ],
)
def test_modules_for_argv(argv: list[str], expected: tuple[str, ...]) -> None:
    assert pcf_cli.modules_for(argv) == expected


def _run(argv: list[str]) -> tuple[str, list[str]]:
    code = (
        "import sys\n"
        f"sys.argv = ['pcf', *{argv!r}]\n"
        "from pcf_cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('LOADED', sorted(m for m in sys.modules if m.startswith('pcf_cli.')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    out, _, loaded = proc.stdout.rpartition("LOADED ")
    return out, json.loads(loaded.replace("'", '"'))


def test_calc_loads_only_its_module_and_keeps_its_help() -> None:
    out, loaded = _run(["calc", "--help"])
    assert "pcf_cli.calc_cmd" in loaded
    assert not {"pcf_cli.workflow_cmd", "pcf_cli.pact_cmd", "pcf_cli.products_cmd"} & set(loaded)
    assert "Usage: pcf calc" in out and "--json" in out


def test_whole_help_lists_every_command() -> None:
    out, loaded = _run(["--help"])
    assert {f"pcf_cli.{m}" for m in pcf_cli.MODULES} <= set(loaded)
    for name in pcf_cli.COMMAND_MODULES:
        assert f" {name} " in out, name
