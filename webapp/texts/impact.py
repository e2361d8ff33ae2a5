"""Texts of the impact page (issue 16): a new factor release against every stored record, and notices."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "nav.impact": ("新版因子影响", "Release impact"),
    "imp.title": (
        "新版因子库对已发证书与申报的影响",
        "Impact of a new factor release on certificates and declarations",
    ),
    "imp.caption": (
        "按存档清单（每项因子用量 × 新值，另加各气体 × GWP）一次重算全部证书与申报；"
        "活动的解析结果在新版中改变的记录需要完整重算。",
        "Every stored certificate and declaration re-rated at once from its stored inventory (amount × new "
        "value, plus gases × GWP); records whose activities resolve differently under the new release need "
        "the full recalculation.",
    ),
    "imp.none": (
        "尚无存档清单：证书签发或申报提交后才会存档。",
        "No stored inventories yet: they are kept when a certificate is issued or a declaration is declared.",
    ),
    "imp.one_release": (
        "至少需要两个已发布的因子库版本。",
        "At least two published factor releases are needed.",
    ),
    "imp.old": ("原版本", "Old release"),
    "imp.new": ("新版本", "New release"),
    "imp.threshold": ("变化阈值（%）", "Threshold (%)"),
    "imp.category": ("产品类别（可用 *，如 battery.*）", "Product category (pattern, e.g. battery.*)"),
    "imp.run": ("分析影响并通知企业", "Analyse and notify the enterprises"),
    "imp.stored": (
        "已存为影响分析 #{id}，已通知 {orgs} 家企业。",
        "Stored as impact analysis #{id}; {orgs} enterprise(s) notified.",
    ),
    "imp.records": ("存档记录", "Stored records"),
    "imp.listed": ("列出", "Listed"),
    "imp.recalc_needed": ("需完整重算", "Need recalculation"),
    "imp.enterprise": ("企业", "Enterprise"),
    "imp.hist": ("变化分布（%）", "Distribution of changes (%)"),
    "imp.col.record": ("记录", "Record"),
    "imp.col.kind": ("类型", "Kind"),
    "imp.col.product": ("产品", "Product"),
    "imp.col.old": ("原值", "Old"),
    "imp.col.new": ("新值", "New"),
    "imp.col.change": ("变化（%）", "Change (%)"),
    "imp.col.unit": ("单位", "Unit"),
    "imp.col.drivers": ("主要因子", "Main drivers"),
    "imp.col.recalc": ("需重算", "Recalculate"),
    "imp.kind.certificate": ("证书", "certificate"),
    "imp.kind.declaration": ("申报", "declaration"),
    "imp.resolutions": (
        "新版中解析结果改变的活动",
        "Activities that resolve differently under the new release",
    ),
    "imp.recalc": ("在 Dask 上完整重算（{release}）", "Full recalculation on Dask ({release})"),
    "imp.recalc_progress": ("重算中 {done}/{total}", "Recalculating {done}/{total}"),
    "imp.recalc_done": (
        "完整重算完成：{ok} 个成功，{failed} 个失败。",
        "Full recalculation done: {ok} ok, {failed} failed.",
    ),
    "imp.col.total": ("重算结果", "Recalculated"),
    "imp.col.error": ("错误", "Error"),
    "imp.notice": (
        "因子库新版本 {release} 影响贵单位 {n} 项证书/申报（最大变化 {change}），"
        "其中 {recalc} 项需完整重算。",
        "Factor release {release} changes {n} of your certificates/declarations (largest change {change}); "
        "{recalc} need the full recalculation.",
    ),
}
