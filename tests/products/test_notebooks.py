"""The worked-example notebooks run top to bottom, as `pytest --nbmake notebooks/` runs them."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


def test_there_are_the_worked_examples() -> None:
    assert [p.stem for p in NOTEBOOKS] == [
        "01_lfp_cell_hotspots",
        "02_lfp_vs_ncm",
        "03_grid_factor",
        "04_lithium_carbonate_routes",
        "05_monte_carlo",
        "06_one_inventory_every_declaration",
        "07_battery_sensitivity",
        "08_recycling_and_cff",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_notebook_runs_and_is_saved_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    errors = [o for c in code for o in c.outputs if o.get("output_type") == "error"]
    assert not errors
