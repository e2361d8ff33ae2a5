"""Texts of the enterprise's sharing page: PACT sharing grants, client credentials, revocation."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "nav.sharing": ("数据共享（PACT）", "Sharing (PACT)"),
    "share.title": ("向客户共享碳足迹（PACT v3）", "Share footprints with customers (PACT v3)"),
    "share.intro": (
        "为每个客户单位建立一项共享授权：选择要共享的产品，客户凭自己的客户端 ID 和密钥，通过 PACT 接口"
        "（`pcf serve-pact`，令牌地址 /auth/token，碳足迹地址 /3/footprints）读取这些产品有效证书的碳足迹。"
        "撤销或到期后，客户不再获得令牌和数据；每次访问都记入审计日志。",
        "Create one sharing grant per customer organisation: choose the products to share; the customer "
        "reads the footprints of their valid certificates over the PACT API (`pcf serve-pact`, token at "
        "/auth/token, footprints at /3/footprints) with its own client id and secret. A revoked or expired "
        "grant gets no token and no data; every access is written to the audit log.",
    ),
    "share.grants": ("共享授权", "Sharing grants"),
    "share.none": ("尚无共享授权。", "No sharing grants yet."),
    "share.col_customer": ("客户", "Customer"),
    "share.col_client": ("客户端 ID", "Client id"),
    "share.col_products": ("共享产品", "Shared products"),
    "share.col_state": ("状态", "State"),
    "share.col_expires": ("到期日", "Last day"),
    "share.col_served": ("可读碳足迹", "Footprints served"),
    "share.col_created": ("创建于", "Created"),
    "share.state.active": ("有效", "active"),
    "share.state.revoked": ("已撤销", "revoked"),
    "share.state.expired": ("已到期", "expired"),
    "share.new": ("新建共享授权", "New sharing grant"),
    "share.customer": ("客户单位名称", "Customer organisation"),
    "share.products": (
        "共享的产品（仅其有效证书的碳足迹会被读取）",
        "Products to share (only footprints of valid certificates are served)",
    ),
    "share.client_id": ("客户端 ID（留空则自动生成）", "Client id (empty: generated)"),
    "share.has_expiry": ("设定到期日", "Set a last day"),
    "share.expires": ("最后可访问日", "Last day of access"),
    "share.events_url": (
        "客户的事件地址（可选，用于通知新碳足迹）",
        "Customer's events URL (optional, for notifications)",
    ),
    "share.create": ("创建授权", "Create grant"),
    "share.created": (
        "已为 {customer} 创建共享授权。客户端 ID：{client_id}；密钥（只显示这一次，请安全转交）：{secret}",
        "Sharing grant for {customer} created. Client id: {client_id}; secret (shown only this once, hand it "
        "over safely): {secret}",
    ),
    "share.revoke": ("撤销授权", "Revoke a grant"),
    "share.revoke_which": ("要撤销的授权", "Grant to revoke"),
    "share.reason": ("撤销原因", "Reason"),
    "share.revoke_button": ("撤销", "Revoke"),
    "share.revoked": ("已撤销对 {customer} 的共享授权。", "The sharing grant of {customer} is revoked."),
    "share.need_products": ("请至少选择一个产品。", "Choose at least one product."),
    "share.certified": ("{code}（{n} 份有效证书）", "{code} ({n} valid certificate(s))"),
}
