"""Texts of the sharing page's event credentials: how the platform authenticates at a customer's host."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "pev.col_events": ("事件发送", "Events"),
    "pev.bearer": ("令牌认证（{client_id}）", "bearer token ({client_id})"),
    "pev.unauthenticated": ("无认证", "unauthenticated"),
    "pev.none": ("—", "—"),
    "pev.token_url": (
        "客户主机的令牌地址（可选，例如 https://…/auth/token）",
        "Token endpoint of the customer's host (optional, e.g. https://…/auth/token)",
    ),
    "pev.client_id": (
        "客户为您签发的事件客户端 ID",
        "Client id the customer issued to you for events",
    ),
    "pev.secret": (
        "客户为您签发的密钥（保存后不再显示）",
        "Secret the customer issued to you (never shown again once saved)",
    ),
    "pev.secret_keep": (
        "密钥（留空则保留已保存的密钥）",
        "Secret (empty: keep the stored one)",
    ),
    "pev.edit": ("事件地址与认证", "Events address and authentication"),
    "pev.edit_intro": (
        "PACT 要求向客户的 /3/events 发送事件（请求的答复、新碳足迹的通知）时进行认证：客户为您签发客户端 ID "
        "和密钥，平台据此从客户的令牌地址取得令牌并随事件发送。未填写时事件不带认证发送，多数客户主机会拒收。"
        "密钥在数据库中加密保存（密钥由平台密钥 PCF_SECRET_KEY 派生；未设置时由数据库内生成的密钥派生），"
        "不会再次显示或写入日志。",
        "PACT requires events sent to a customer's /3/events (answers to requests, notices of new "
        "footprints) to be authenticated: the customer issues you a client id and secret, and the platform "
        "gets a token from the customer's token endpoint and sends it with each event. Without them events "
        "go unauthenticated, which most customer hosts refuse. The secret is stored encrypted in the "
        "database (under a key derived from the platform secret PCF_SECRET_KEY, or, when it is not set, "
        "from a secret generated into the database); it is never shown again nor written to any log.",
    ),
    "pev.which": ("授权", "Grant"),
    "pev.events_url": ("客户的事件地址（/3/events）", "Customer's events URL (/3/events)"),
    "pev.save": ("保存", "Save"),
    "pev.saved_bearer": (
        "授权 #{grant}：事件将以令牌认证发送到 {url}。",
        "Grant #{grant}: events go to {url} with a bearer token.",
    ),
    "pev.saved_plain": (
        "授权 #{grant}：事件将不带认证发送到 {url}。",
        "Grant #{grant}: events go to {url} unauthenticated.",
    ),
    "wf.err.pact_event_token_url": (
        "令牌地址 {url} 无效：应为客户主机令牌端点的 http(s) 地址，例如 https://pact.customer.example/auth/token。",
        "Token URL {url} is not valid: expected the http(s) URL of the customer host's token endpoint, e.g. "
        "https://pact.customer.example/auth/token.",
    ),
    "wf.err.pact_event_client_id": (
        "请填写客户为您签发的事件客户端 ID（最多 200 个字符）。",
        "Enter the client id the customer's host issued to you for events (at most 200 characters).",
    ),
    "wf.err.pact_event_secret": (
        "请填写客户为您签发的密钥。",
        "Enter the client secret the customer's host issued to you.",
    ),
    "wf.err.pact_event_needs_url": (
        "事件认证需要客户的事件地址（/3/events）：令牌只发送到该地址。",
        "Event credentials need the customer's events URL (/3/events): the token is sent there only.",
    ),
    "wf.err.pact_event_url": (
        "事件地址 {url} 无效：应为客户 /3/events 的 http(s) 地址。",
        "Events URL {url} is not valid: expected the http(s) URL of the customer's /3/events.",
    ),
}
