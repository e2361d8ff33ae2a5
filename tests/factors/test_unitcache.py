"""pint's answers on disk: stored only when pint gave them, reused without importing pint, never trusted
when malformed, and a refused unit is refused with pint's message every time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factors.unitcache import ENV_DIR, UnitCache, cache_file

ROOT = Path(__file__).resolve().parents[2]


class TestStore:
    def test_answers_are_written_and_read_back(self, tmp_path: Path) -> None:
        path = tmp_path / "units.json"
        cache = UnitCache(path)
        cache.put("unit", "kWh", True)
        cache.put("mass", "t", True)
        cache.put("factor", "t\nkg", 1000.0)
        again = UnitCache(path)
        assert again.get("unit", "kWh") is True
        assert again.get("mass", "t") is True
        assert again.get("factor", "t\nkg") == 1000.0
        assert again.get("unit", "MWh") is None

    @pytest.mark.parametrize(
        "text",
        [
            "not json",
            "[1, 2]",
            '{"factor": {"t\\nkg": "1000"}}',  # a text where a number belongs
            '{"unit": {"kWh": 1}}',  # a number where true belongs
        ],
    )
    def test_a_malformed_file_gives_no_answers_and_is_replaced(self, tmp_path: Path, text: str) -> None:
        path = tmp_path / "units.json"
        path.write_text(text, encoding="utf-8")
        cache = UnitCache(path)
        assert cache.get("factor", "t\nkg") is None and cache.get("unit", "kWh") is None
        cache.put("unit", "kg", True)
        assert json.loads(path.read_text(encoding="utf-8"))["unit"] == {"kg": True}

    def test_an_unwritable_place_keeps_the_answers_in_memory(self, tmp_path: Path) -> None:
        blocker = tmp_path / "file"
        blocker.write_text("", encoding="utf-8")
        cache = UnitCache(blocker / "sub" / "units.json")  # a directory below a file cannot be made
        cache.put("unit", "kg", True)
        assert cache.get("unit", "kg") is True and cache.path is None


class TestKey:
    def test_the_file_depends_on_the_definitions(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        monkeypatch.setenv(ENV_DIR, str(tmp_path))
        one, other = cache_file(("a = [x]",)), cache_file(("a = [y]",))
        assert one is not None and other is not None
        assert one.parent == tmp_path and one != other

    def test_off_turns_it_off(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv(ENV_DIR, "off")
        assert cache_file(("a = [x]",)) is None


PROBE = """
import sys
from footprint.model import load_model
from footprint.units import UnitError, check_unit
model = load_model(sys.argv[1])
total = sum(i.amount for p in model.processes.values() for i in p.inputs)
imported = "pint" in sys.modules
try:
    check_unit("kg of nonsense")
    refused = ""
except UnitError as exc:
    refused = str(exc)
print(imported, total, refused)
"""


def _probe(model: Path, cache_dir: str) -> list[str]:
    env = {**os.environ, ENV_DIR: cache_dir, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(model)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().split(" ", 2)


@pytest.mark.slow  # three Python subprocesses
def test_a_second_run_validates_without_importing_pint(tmp_path: Path) -> None:
    model = ROOT / "tests" / "footprint" / "models" / "toy.yaml"
    first = _probe(model, str(tmp_path))
    second = _probe(model, str(tmp_path))
    uncached = _probe(model, "off")
    assert first[0] == "True" and second[0] == "False" and uncached[0] == "True"
    assert first[1:] == second[1:] == uncached[1:]
    assert second[2].startswith("unknown unit 'kg of nonsense'")  # refused by pint itself, every time
