"""Texts of the workflow store's refusals (``wf.err.<code>``, filled with the error's params) and of the pages
of issue 12 (review decisions, certificates, admin onboarding, account, verification)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    # --- refusals by code (workflow.errors: code + params) ---------------------------------------------------
    "wf.err.already_decided": (
        "该记录刚被他人处理，当前状态为“{state}”；请刷新后再决定。",
        "Someone else decided this at the same moment; it is now “{state}”. Reload and decide again if needed.",
    ),
    "wf.err.open_submission": (
        "产品 {product} 已有未结束的申请（#{submission}）；请先完成或撤回。",
        "Product {product} already has an open submission (#{submission}); finish or cancel it first.",
    ),
    "wf.err.rule_errors_open": (
        "产品种类规则检查发现 {n} 项错误，尚未修正或说明理由：{keys_text}。请修正模型，或为每项错误填写理由后再提交。",
        "The product rule finds {n} error(s) that are neither corrected nor justified: {keys_text}. "
        "Correct the model, or justify each error, then submit.",
    ),
    "wf.err.prereview_errors_open": (
        "预审仍有 {n} 项错误未解决：{keys_text}。请接受企业理由（关闭对应意见）或要求修改。",
        "The pre-review still has {n} unresolved error(s): {keys_text}. Accept the justification (resolve the "
        "finding) or request changes.",
    ),
    "wf.err.findings_open": (
        "仍有未关闭的审核意见（{ids_text}）；请关闭或要求修改。",
        "Review findings {ids_text} are still open; resolve them or request changes.",
    ),
    "wf.err.findings_unanswered": (
        "请先答复所有未关闭的审核意见（{ids_text}）再重新提交。",
        "Answer the open findings {ids_text} before resubmitting.",
    ),
    "wf.err.no_open_findings": (
        "要求修改前，请先添加需要企业修改的审核意见。",
        "Add the findings to correct before requesting changes.",
    ),
    "wf.err.note_required": (
        "要求修改时须写明需要修改的内容。",
        "A request for changes needs a note saying what to change.",
    ),
    "wf.err.reason_required": ("请填写原因。", "Give the reason."),
    "wf.err.choose_body": ("提交前请选择认证机构。", "Choose a certification body before submitting."),
    "wf.err.issue_date": (
        "发证日期 {date} 不可接受：只能在 {earliest} 至 {latest} 之间。",
        "Issue date {date} is not accepted: it must lie between {earliest} and {latest}.",
    ),
    "wf.err.validity_years": (
        "有效期 {years} 年不可接受：应为 1 至 {max} 年。",
        "A validity of {years} years is not accepted: 1 to {max} years.",
    ),
    "wf.err.public_url_local": (
        "标签二维码将指向 {url}，只有本机能打开。请将 PCF_PUBLIC_URL 设为平台的公网地址（演示时可设 PCF_DEMO=1）。",
        "The label's QR code would link to {url}, which only this computer can open. Set PCF_PUBLIC_URL to the "
        "platform's public address (or PCF_DEMO=1 for a demo).",
    ),
    "wf.err.evidence_too_large": (
        "文件 {file} 大小为 {size} 字节，超过 {limit} 字节的上限。",
        "File {file} has {size} bytes, more than the limit of {limit}.",
    ),
    "wf.err.evidence_type": (
        "文件 {file} 的类型 {media_type} 不被接受（可用 PDF、PNG、JPEG、CSV、文本、Excel、Word）。",
        "File {file} of type {media_type} is not accepted (PDF, PNG, JPEG, CSV, text, Excel, Word).",
    ),
    "wf.err.evidence_empty": ("文件为空或没有文件名。", "The file is empty or has no name."),
    "wf.err.evidence_target": (
        "证据指向的工序或输入行在该版本中不存在。",
        "The process or input line the evidence points at is not in this version.",
    ),
    "wf.err.evidence_tampered": (
        "证据文件内容与其哈希不符（可能被篡改）。",
        "The evidence file no longer matches its hash (tampered?).",
    ),
    "wf.err.version_frozen": (
        "该版本已提交并与其证据一同冻结；请保存新版本后再附加。",
        "This version was submitted and is frozen with its evidence; save a new version to attach more.",
    ),
    "wf.err.token_invalid": (
        "该链接无效、已使用或已过期；请重新申请。",
        "This link is unknown, used or expired; ask for a new one.",
    ),
    "wf.err.account_locked": (
        "多次登录失败，账户已锁定至 {until}（UTC）。",
        "Too many failed sign-ins: the account is locked until {until} (UTC).",
    ),
    "wf.err.session_invalid": ("登录已过期，请重新登录。", "Your session has ended; please sign in again."),
    "wf.err.rule_invalid": (
        "这不是有效的产品种类规则：{n} 处问题。",
        "Not a valid product category rule: {n} problem(s).",
    ),
    # --- review: decisions, gate, certificates -------------------------------------------------------------------
    "wf.rev.note": ("修改要求说明（必填）", "What must change (required)"),
    "wf.rev.prereview_gate": (
        "预审错误 {n} 项：企业已逐项说明理由，须接受（关闭意见）后方可批准。",
        "{n} pre-review error(s): the enterprise justified each; accept them (resolve the findings) before approving.",
    ),
    "wf.rev.rule_line": (
        "规则：{rule}（版本 {version}）· 检查哈希 {hash}",
        "Rule: {rule} (version {version}) · check hash {hash}",
    ),
    "wf.rev.justification": ("企业理由", "Enterprise's justification"),
    "wf.rev.accept": ("接受理由", "Accept justification"),
    "wf.rev.evidence": ("证据文件", "Evidence files"),
    "wf.rev.download": ("下载", "Download"),
    "wf.rev.no_evidence": ("未附证据。", "No evidence attached."),
    "wf.rev.link": ("本申请链接", "Link to this submission"),
    "wf.cert.title": ("证书监督", "Certificate surveillance"),
    "wf.cert.pick": ("选择证书", "Choose a certificate"),
    "wf.cert.reason": ("原因", "Reason"),
    "wf.cert.suspend": ("暂停", "Suspend"),
    "wf.cert.reinstate": ("恢复", "Reinstate"),
    "wf.cert.withdraw": ("撤销", "Withdraw"),
    "wf.cert.done": ("证书 {number} 现为“{status}”。", "Certificate {number} is now “{status}”."),
    "wf.cert.record": (
        "规则 {rule} {version} · 审核人 {reviewer} · 关闭意见 {closed} 项",
        "Rule {rule} {version} · reviewer {reviewer} · {closed} finding(s) closed",
    ),
    "wf.col.file": ("文件", "File"),
    "wf.col.size": ("字节", "Bytes"),
    "wf.verify.reason": ("原因：{reason}", "Reason: {reason}"),
    # --- admin: onboarding ----------------------------------------------------------------------------------------
    "wf.adm.onboard": ("新建机构", "New organisation"),
    "wf.adm.kind": ("机构类型", "Kind"),
    "wf.adm.name_zh": ("中文名称", "Name (Chinese)"),
    "wf.adm.name_en": ("英文名称", "Name (English)"),
    "wf.adm.identifier": ("统一社会信用代码", "Unified social credit code"),
    "wf.adm.region": ("地区代码", "Region code"),
    "wf.adm.create_org": ("创建机构", "Create organisation"),
    "wf.adm.org_created": ("已创建机构“{name}”。", "Organisation “{name}” created."),
    "wf.adm.invite": ("邀请用户", "Invite a user"),
    "wf.adm.org": ("所属机构", "Organisation"),
    "wf.adm.username": ("用户名", "Username"),
    "wf.adm.display": ("显示名称", "Display name"),
    "wf.adm.org_admin": ("机构管理员（可管理本机构人员）", "Organisation admin (manages its own staff)"),
    "wf.adm.send": ("生成邀请链接", "Create invitation link"),
    "wf.adm.invited": (
        "邀请链接（仅显示一次，{hours} 小时内有效）：",
        "Invitation link (shown once, valid {hours} hours):",
    ),
    "wf.adm.reset": ("重置密码", "Reset password"),
    "wf.adm.reset_user": ("用户", "User"),
    "wf.adm.reset_make": ("生成重置链接", "Create reset link"),
    "wf.adm.reset_link": ("重置链接（仅显示一次）：", "Reset link (shown once):"),
    "wf.adm.integrity": ("记录完整性", "Record integrity"),
    "wf.adm.verify": ("校验哈希链", "Verify the hash chain"),
    "wf.adm.verify_ok": (
        "审计记录 {rows} 条、冻结版本 {versions} 个、证书 {certs} 张、证据 {blobs} 份：全部哈希与链接一致。",
        "{rows} audit rows, {versions} frozen versions, {certs} certificates, {blobs} evidence files: every hash "
        "and link checks out.",
    ),
    "wf.adm.verify_broken": ("发现 {n} 处问题；第一个断点：", "{n} problem(s); first broken link:"),
    "wf.adm.locked_until": ("锁定至", "Locked until"),
    "wf.adm.org_admin_col": ("机构管理员", "Org admin"),
    # --- account: invitation, reset, password change ---------------------------------------------------------
    "wf.acc.title": ("账户", "Account"),
    "wf.acc.accept": ("接受邀请并设置密码", "Accept the invitation and set a password"),
    "wf.acc.reset": ("设置新密码", "Set a new password"),
    "wf.acc.password": ("新密码（至少 10 个字符）", "New password (at least 10 characters)"),
    "wf.acc.password2": ("再次输入新密码", "New password again"),
    "wf.acc.mismatch": ("两次输入的密码不一致。", "The two passwords differ."),
    "wf.acc.old": ("当前密码", "Current password"),
    "wf.acc.change": ("修改密码", "Change password"),
    "wf.acc.changed": ("密码已修改，其他登录会话已失效。", "Password changed; other sessions have ended."),
    "wf.acc.ready": ("密码已设置，请登录。", "Password set; please sign in."),
    "wf.acc.signed_in_needed": ("请先登录。", "Please sign in first."),
}
