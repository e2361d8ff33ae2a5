"""End of life and recycling credits (issue 14)."""

TEXT: dict[str, tuple[str, str]] = {
    "chart.credits": ("抵免（单列，不计入负荷）", "Credits (shown apart from burdens)"),
    "chart.burdens": ("负荷", "Burdens"),
}
