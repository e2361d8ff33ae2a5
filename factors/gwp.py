"""GWP100 tables: the one place where a gas amount becomes CO2e, always under a named IPCC set."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from factors.errors import FactorDBError
from factors.vocab import GwpSet

# When a set publishes no value for a split gas, the general value applies (IPCC AR4 has no fossil /
# biogenic CH4 split; AR5 gives only the +2 fossil correction). Biogenic CO2 counts like CO2 and is
# reported separately (ISO 14067 requires biogenic emissions and removals to be documented apart).
FALLBACK: dict[str, str] = {"CH4_fossil": "CH4", "CH4_biogenic": "CH4", "CO2_biogenic": "CO2"}


class UnknownGas(FactorDBError, KeyError):
    """A gas that the GWP table of the release has no value for."""

    def __str__(self) -> str:
        return self.args[0]


@dataclass(frozen=True)
class GwpTable:
    """GWP100 values of one IPCC set, as carried by one factor release."""

    gwp_set: GwpSet
    values: Mapping[str, float]
    release: str = ""
    notes: Mapping[str, str] = field(default_factory=dict)

    def factor(self, gas: str) -> float:
        """kg CO2e per kg of `gas`; falls back from a split gas to its general value (see `FALLBACK`)."""
        if gas in self.values:
            return self.values[gas]
        general = FALLBACK.get(gas)
        if general and general in self.values:
            return self.values[general]
        raise UnknownGas(
            f"gas {gas!r} has no {self.gwp_set.value} GWP100 value in release {self.release or '?'}; "
            f"known: {', '.join(sorted(self.values))}"
        )

    def fallback_used(self, gas: str) -> str | None:
        """The general gas whose value stands in for `gas`, or None when `gas` has its own value."""
        if gas in self.values:
            return None
        return FALLBACK.get(gas)

    def characterize(self, gases: Mapping[str, float]) -> float:
        """Sum of kg gas × GWP100 in kg CO2e."""
        return sum(amount * self.factor(gas) for gas, amount in gases.items())
