"""Texts of secrets kept encrypted at rest (`workflow.secret_box`): what to do when one cannot be read."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "wf.err.pact_event_secret_unreadable": (
        "共享授权 #{grant}：已保存的事件密钥（客户端 ID {client_id}）无法用当前密钥解密（PCF_SECRET_KEY "
        "已更改，或在保存密钥之后才设置）。请重新填写客户主机为您签发的事件认证信息（共享页面的“事件地址与认证”，"
        "或 pcf pact events {grant}）。",
        "Sharing grant #{grant}: the stored event secret (client id {client_id}) cannot be decrypted with the "
        "current key (PCF_SECRET_KEY was changed, or set after the secret was stored). Enter the event "
        "credentials the customer's host issued to you again (sharing page, 'Events address and "
        "authentication', or pcf pact events {grant}).",
    ),
}
