"""One place where the layers above the core install their plug-ins into the core's registries.

Every face (the `pcf` CLI, the Streamlit app, any HTTP API) calls `install_extensions()` before it exports
or reports, so the same model gives the same PDF and the same export formats from every face.
"""

from __future__ import annotations


def install_extensions() -> None:
    """Install the declaration formats and report pages defined above the core (idempotent)."""
    from products.miit import register as register_miit

    register_miit()
