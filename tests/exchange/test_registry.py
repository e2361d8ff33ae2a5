"""The registry of export formats: every format writes, unknown names are refused, new formats plug in."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from footprint.exchange import registry
from footprint.exchange.errors import UnknownFormat
from footprint.exchange.registry import ExportFormat, export, formats, get_format
from footprint.exchange.study import Study
from tests.exchange.conftest import OPTIONS


@pytest.fixture
def clean_registry() -> Iterator[None]:
    added = dict(registry._ADDED)
    registry._base_formats.cache_clear()
    registry._ADDED.clear()
    yield
    registry._base_formats.cache_clear()
    registry._ADDED.clear()
    registry._ADDED.update(added)


def test_the_formats_of_the_issue() -> None:
    assert list(formats())[:5] == ["pact3", "pact2", "eu-battery", "brightway", "olca"]
    assert get_format("olca").suffix == ".zip" and get_format("pact3").title("zh").startswith("PACT")


@pytest.mark.parametrize("name", ["pact3", "pact2", "eu-battery", "brightway", "olca"])
def test_every_format_writes_the_cell(cell: Study, tmp_path: Path, name: str) -> None:
    out = export(cell, name, tmp_path / f"cell{get_format(name).suffix}", OPTIONS)
    assert out.stat().st_size > 500


def test_unknown_format_lists_the_known_ones() -> None:
    with pytest.raises(UnknownFormat, match="unknown export format 'cn-batery'; known: pact3, pact2"):
        get_format("cn-batery")


def test_a_new_format_is_one_module(
    clean_registry: None, monkeypatch: pytest.MonkeyPatch, cell: Study, tmp_path: Path
) -> None:
    """How the China MIIT declaration will plug in: a module with EXPORTS, one line in MODULES."""
    module = types.ModuleType("fake_cn_battery")

    def write(study: Study, out: Path, options: object) -> Path:
        out.write_text(f"{study.product.id} {study.result.total}", encoding="utf-8")
        return out

    module.EXPORTS = (
        ExportFormat("cn-battery", "China MIIT declaration", "工信部动力电池碳足迹声明", ".json", write),
    )
    monkeypatch.setitem(sys.modules, "fake_cn_battery", module)
    monkeypatch.setattr(registry, "MODULES", (*registry.MODULES, "fake_cn_battery"))
    assert "cn-battery" in formats()
    written = export(cell, "cn-battery", tmp_path / "cn.json")
    assert written.read_text(encoding="utf-8").startswith(cell.product.id)


def test_formats_added_from_above_the_core(clean_registry: None, cell: Study, tmp_path: Path) -> None:
    """The MIIT declaration lives in products (above the core) and registers itself with `add_formats`."""
    from products.miit import register

    register()
    assert list(formats())[-1] == "cn-battery"
    register()  # idempotent
    assert list(formats()).count("cn-battery") == 1


def test_a_name_registered_twice_is_an_error(clean_registry: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "MODULES", (*registry.MODULES, "footprint.exchange.olca"))
    with pytest.raises(ValueError, match="'olca' is registered twice"):
        formats()
