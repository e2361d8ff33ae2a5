"""The PEF data-quality indicators of a result (footprint.quality: TeR, GeR, TiR, P)."""

TEXT: dict[str, tuple[str, str]] = {
    "dq.ind.TeR": ("技术代表性", "TeR"),
    "dq.ind.GeR": ("地理代表性", "GeR"),
    "dq.ind.TiR": ("时间代表性", "TiR"),
    "dq.ind.P": ("精确度", "P"),
}
