"""The example product models shipped in `products/examples/`, one (at least) per product category rule."""

from __future__ import annotations

from pathlib import Path

EXAMPLES_DIR = Path(__file__).parent / "examples"


def example_files() -> list[Path]:
    """Every example model file, sorted by name."""
    return sorted(EXAMPLES_DIR.glob("*.yaml"))


def example_path(name: str) -> Path:
    """The example model `name` (file stem, e.g. ``lfp-cell``); `FileNotFoundError` lists the known names."""
    path = EXAMPLES_DIR / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(p.stem for p in example_files())
        raise FileNotFoundError(f"no example model {name!r} in {EXAMPLES_DIR}; known: {known}")
    return path
