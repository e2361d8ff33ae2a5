"""One place where the layers above the core install their plug-ins into the core's registries.

Every face (the `pcf` CLI, the Streamlit app, any HTTP API) calls `install_extensions()` before it exports
or reports, so the same model gives the same PDF and the same export formats from every face.
"""

from __future__ import annotations

from typing import Any

from footprint.exchange.options import ExportOptions


def install_extensions() -> None:
    """Install the declaration formats and report pages defined above the core (idempotent)."""
    from products.miit import register as register_miit

    register_miit()


def declaration_options(study: Any, options: ExportOptions | None = None) -> ExportOptions:
    """Export options completed with what the product's rule supplies (EU battery lifetime, end-of-life method).

    Every face (CLI report and export, the app's report and declarations) calls this, so the same model gives
    the same declarations everywhere; a model with no rule or no battery keeps the options it was given.
    """
    import dataclasses

    from products.eol_method import end_of_life_settings
    from products.errors import ProductsError
    from products.lifetime import rule_battery_defaults
    from products.rules import rule_for

    options = options or ExportOptions()
    if not study.model.product.battery:
        return options
    try:
        rule = rule_for(study.model)
        defaults = rule_battery_defaults(study.model, rule, functional_unit="eu_battery")
        eol = end_of_life_settings(rule, "eu_battery")
    except ProductsError:  # no rule or no lifetime data: each declaration says what it lacks
        return options
    return dataclasses.replace(
        options,
        battery_defaults={**defaults, **options.battery_defaults},
        end_of_life={**eol, **options.end_of_life},
    )
