"""End of life and recycling credits (issue 14)."""

TEXT: dict[str, tuple[str, str]] = {
    "chart.credits": ("抵免（单列，不计入负荷）", "Credits (shown apart from burdens)"),
    "chart.burdens": ("负荷", "Burdens"),
    "mw.at_substitute": ("的第 {n} 项替代（避免负荷）{label}", ", substitution {n} {label}"),
    "mw.at_removal": ("的第 {n} 项生物碳移除{label}", ", removal {n} {label}"),
    "mw.f.fate": ("末端处置方式", "fate"),
    "mw.f.quality_ratio": ("质量比", "quality ratio"),
    "mw.f.recycled_content": ("再生料含量", "recycled content"),
    "mw.f.share": ("比例", "share"),
    "mw.f.cff": ("循环足迹公式参数", "CFF parameters"),
    "mw.f.material": ("被替代材料", "material"),
    "err.decl_cff_missing": (
        "规则规定的寿命终止方法（循环足迹公式）缺少参数："
        "分配系数 A 没有公开的默认值，请在模型中给出并注明来源。",
        "The rule's end-of-life method (Circular Footprint Formula) lacks a parameter: "
        "the allocation factor A has no public default; state it in the model with its source.",
    ),
}
