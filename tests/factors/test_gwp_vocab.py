"""One definition of the GWP sets: factors.vocab.GwpSet and the sets a calculation may use."""

from __future__ import annotations

import pytest

from factors.vocab import CALC_GWP_SETS, GWP_LABELS, GwpSet, gwp_names
from footprint.errors import ModelError
from footprint.model import parse_model


def test_calc_sets_are_the_named_sets() -> None:
    assert [s.value for s in CALC_GWP_SETS] == ["AR4", "AR5", "AR6"]
    assert set(GWP_LABELS) == set(GwpSet)
    assert all(zh and en for zh, en in GWP_LABELS.values())


def test_names_as_written_in_messages() -> None:
    assert gwp_names() == "AR4, AR5 or AR6"
    assert gwp_names(last=", ") == "AR4, AR5, AR6"
    assert gwp_names(tuple(GwpSet)) == "AR4, AR5, AR6 or unspecified"


def test_cli_help_names_the_calc_sets() -> None:
    from pcf_cli.common import GWP_HELP

    assert f"GWP100 set: {gwp_names()} " in GWP_HELP


def _model(gwp: str) -> dict:
    return {
        "format": "pcf-model/1",
        "product": {
            "id": "p",
            "name": {"en": "p"},
            "functional_unit": "1 kg",
            "gwp": gwp,
            "reference_flow": {"process": "a", "amount": 1, "unit": "kg"},
        },
        "processes": {
            "a": {
                "name": {"en": "a"},
                "stage": "production",
                "output": {"amount": 1, "unit": "kg"},
                "emissions": [{"gas": "CO2", "amount": 1, "unit": "kg"}],
            }
        },
    }


@pytest.mark.parametrize("gwp", ["AR4", "ar5", "AR6"])
def test_model_uses_gwp_set(gwp: str) -> None:
    model = parse_model(_model(gwp))
    assert model.product.gwp is GwpSet(gwp.upper())


def test_model_refuses_unspecified() -> None:
    with pytest.raises(ModelError, match="'unspecified' is not one of AR4, AR5, AR6"):
        parse_model(_model("unspecified"))
