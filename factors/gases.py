"""The greenhouse gases a factor or a process can report, by the codes used in files."""

from __future__ import annotations

# Codes accepted in `gases` columns, model emissions and the GWP table. CH4 without a suffix is the
# general IPCC value; the fossil / biogenic split exists only in the sets that publish it.
GASES: tuple[str, ...] = (
    "CO2",
    "CO2_biogenic",
    "CH4",
    "CH4_fossil",
    "CH4_biogenic",
    "N2O",
    "SF6",
    "NF3",
    "CF4",
    "C2F6",
    "HFC-134a",
    "HFC-32",
    "HFC-23",
)


def parse_gases(text: str) -> dict[str, float]:
    """Parse ``"CO2=0.5; CH4_fossil=0.001"`` into ``{"CO2": 0.5, "CH4_fossil": 0.001}``.

    Raises ValueError naming the bad part: an unknown gas, a missing ``=``, a non-numeric or negative
    amount, or a gas given twice.
    """
    out: dict[str, float] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        gas, sep, amount = (s.strip() for s in part.partition("="))
        if not sep:
            raise ValueError(f"{part!r} is not GAS=AMOUNT")
        if gas not in GASES:
            raise ValueError(f"unknown gas {gas!r}; expected one of {', '.join(GASES)}")
        if gas in out:
            raise ValueError(f"gas {gas!r} is given twice")
        try:
            number = float(amount)
        except ValueError:
            raise ValueError(f"amount {amount!r} of {gas} is not a number") from None
        if not number >= 0:
            raise ValueError(f"amount of {gas} must be zero or positive, got {amount}")
        out[gas] = number
    if not out:
        raise ValueError("no gas amounts given")
    return out


def format_gases(gases: dict[str, float]) -> str:
    """The canonical text form of a gas dictionary (file order of `GASES`)."""
    return "; ".join(f"{g}={gases[g]!r}" for g in GASES if g in gases)
