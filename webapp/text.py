"""The translation table: key → (Chinese, English), Chinese first; every user-facing text of the app."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    # --- navigation and common ----------------------------------------------------------------------------
    "app.title": ("江西产品碳足迹平台", "Jiangxi Product Carbon Footprint Platform"),
    "app.subtitle": ("宜春锂电池碳标识试点", "Yichun lithium-battery carbon-label pilot"),
    "nav.home": ("首页", "Home"),
    "nav.factors": ("因子库", "Factor library"),
    "nav.products": ("我的产品", "My products"),
    "nav.review": ("审核", "Review"),
    "nav.standards": ("标准与因子发布", "Rules & releases"),
    "nav.verify": ("证书查验", "Verify a certificate"),
    "nav.admin": ("平台管理", "Administration"),
    "nav.declarations": ("动力电池碳足迹申报", "Traction-battery declarations"),
    "nav.public": ("公开", "Public"),
    "nav.work": ("我的工作", "My work"),
    "lang.label": ("语言 / Language", "Language / 语言"),
    "common.search": ("搜索", "Search"),
    "common.none": ("无", "none"),
    "common.or": ("或", " or "),
    "common.error": ("出错了", "Something went wrong"),
    # --- roles, organisation kinds, states, actions, severities, stages -------------------------------------
    "role.enterprise": ("企业", "Enterprise"),
    "role.certifier": ("认证机构", "Certification body"),
    "role.standards": ("标准机构", "Standards body"),
    "role.admin": ("平台管理员", "Platform admin"),
    "role.system": ("系统", "System"),
    "org.enterprise": ("企业", "Enterprise"),
    "org.certification_body": ("认证机构", "Certification body"),
    "org.standards_body": ("标准机构", "Standards body"),
    "org.platform_admin": ("平台运营方", "Platform operator"),
    "state.draft": ("草稿", "Draft"),
    "state.submitted": ("已提交", "Submitted"),
    "state.under_review": ("审核中", "Under review"),
    "state.changes_requested": ("需修改", "Changes requested"),
    "state.resubmitted": ("已重新提交", "Resubmitted"),
    "state.approved": ("已批准", "Approved"),
    "state.rejected": ("未通过", "Rejected"),
    "state.certified": ("已发证", "Certified"),
    "state.cancelled": ("已撤回", "Cancelled"),
    "state.active": ("有效", "Valid"),
    "state.suspended": ("暂停", "Suspended"),
    "state.withdrawn": ("撤销", "Withdrawn"),
    "state.expired": ("已过期", "Expired"),
    "state.published": ("已发布", "Published"),
    "state.retired": ("已废止", "Retired"),
    "state.under_verification": ("核查中", "Under verification"),
    "state.verified": ("已核查", "Verified"),
    "state.declared": ("已申报", "Declared"),
    "action.assign": ("指定认证机构", "assign a certification body"),
    "action.submit": ("提交", "submit"),
    "action.start_review": ("开始审核", "start the review"),
    "action.add_finding": ("添加审核意见", "add a finding"),
    "action.resolve_finding": ("关闭审核意见", "resolve a finding"),
    "action.request_changes": ("要求修改", "request changes"),
    "action.answer_finding": ("答复审核意见", "answer a finding"),
    "action.resubmit": ("重新提交", "resubmit"),
    "action.approve": ("批准", "approve"),
    "action.reject": ("不予通过", "reject"),
    "action.issue_certificate": ("颁发证书", "issue the certificate"),
    "action.cancel": ("撤回申请", "cancel"),
    "action.suspend": ("暂停证书", "suspend"),
    "action.reinstate": ("恢复证书", "reinstate"),
    "action.withdraw": ("撤销证书", "withdraw"),
    "action.expire": ("过期", "expire"),
    "action.edit": ("编辑", "edit"),
    "action.publish": ("发布", "publish"),
    "action.retire": ("废止", "retire"),
    "action.revise": ("重新计算申报", "revise the declaration"),
    "action.start_verification": ("开始核查", "start the verification"),
    "action.verify": ("出具核查结论", "verify"),
    "action.declare": ("正式申报", "declare"),
    "action.create a declaration": ("创建申报", "create a declaration"),
    "action.see the declaration overview": ("查看申报总览", "see the declaration overview"),
    "kind.declaration": ("申报", "declaration"),
    "kind.submission": ("认证申请", "submission"),
    "kind.product": ("产品", "product"),
    "kind.certificate": ("证书", "certificate"),
    "kind.model version": ("模型版本", "model version"),
    "severity.major": ("严重不符合", "Major nonconformity"),
    "severity.minor": ("一般不符合", "Minor nonconformity"),
    "severity.observation": ("观察项", "Observation"),
    # stage.*, dq.*, dq.ind.* and check.* come from their vocabularies (webapp/texts/vocab.py)
    # --- sign-in ------------------------------------------------------------------------------------------
    "auth.required": (
        "此页面需要以“{role}”身份登录：请在首页登录。",
        "This page needs a signed-in {role} account: sign in on the home page.",
    ),
    "auth.not_signed_in": (
        "未登录：可查阅因子库和查验证书。",
        "Not signed in: browse factors and verify certificates.",
    ),
    "auth.sign_out": ("退出登录", "Sign out"),
    "home.intro": (
        "本平台支持江西省产品碳足迹标识认证的全流程：**企业**按产品种类规则建立模型、计算碳足迹并提交认证；"
        "**认证机构**预审、提出审核意见、批准并颁发证书；**标准机构**发布产品种类规则与排放因子版本；"
        "**任何人**都可以查验证书编号。各企业的数据互相保密。",
        "This platform runs Jiangxi's product carbon-footprint labelling end to end: an **enterprise** "
        "models a "
        "product under its product category rule, calculates the footprint and submits it; a "
        "**certification body** "
        "pre-reviews, raises findings, approves and issues the certificate; a **standards body** publishes "
        "rules "
        "and factor releases; **anyone** can verify a certificate number. Each enterprise's data stays "
        "confidential.",
    ),
    "home.sign_in": ("登录", "Sign in"),
    "home.username": ("用户名", "Username"),
    "home.password": ("密码", "Password"),
    "home.role": ("角色", "Role"),
    "home.sign_in_button": ("登录", "Sign in"),
    "home.signed_in": ("已登录：{user}（{role}）。", "Signed in as {user} ({role})."),
    "home.demo_title": ("演示模式", "Demo mode"),
    "home.demo_intro": (
        "本数据库含演示数据（虚构企业与机构）。可直接用下列账户登录，或点击按钮一键登录。",
        "This database holds demo data (fictional companies and bodies). Sign in with an account below, or "
        "with "
        "one click.",
    ),
    "home.demo_as": ("以{role}身份登录", "Sign in as {role}"),
    "home.no_demo": (
        "没有演示账户。运行 `pcf demo` 可添加演示数据。",
        "No demo accounts. Run `pcf demo` to add the demo data.",
    ),
    "home.next.enterprise": (
        "打开左侧 **我的产品**：选择“磷酸铁锂电芯”，点击 **计算**，即可看到每功能单位的碳足迹；"
        "在 **认证** 标签页提交认证。",
        "Open **My products** on the left: pick the LFP cell, press **Calculate** to see its footprint per "
        "functional unit, and submit it in the **Certification** tab.",
    ),
    "home.next.certifier": (
        "打开左侧 **审核**：选择待审核的申请，查看自动预审结果、模型与证据，然后批准并颁发证书。",
        "Open **Review** on the left: pick a waiting submission, read the automatic pre-review, the model "
        "and its "
        "evidence, then approve and issue the certificate.",
    ),
    "home.next.standards": (
        "打开左侧 **标准与因子发布**：编辑产品种类规则草案，导入、审查并发布排放因子版本。",
        "Open **Rules & releases** on the left: edit product-category-rule drafts, import, review and "
        "publish "
        "factor releases.",
    ),
    "home.next.admin": (
        "打开左侧 **平台管理** 查看机构、用户与审计日志。",
        "Open **Administration** on the left for organisations, users and the audit log.",
    ),
    "home.quickstart": (
        "**一分钟上手**：① 以企业身份登录（演示模式下点一键登录）；② 在“我的产品”中选择磷酸铁锂电芯；"
        "③ 点击“计算”——总量、阶段贡献、桑基图与数据质量随即显示。",
        "**Get started in a minute**: ① sign in as the enterprise (one click in demo mode); ② pick the LFP "
        "cell "
        "in My products; ③ press Calculate — the total, stage contributions, Sankey diagram and data "
        "quality appear.",
    ),
    # --- errors -------------------------------------------------------------------------------------------
    "err.auth_failed": ("用户名或密码错误。", "Wrong username or password."),
    "err.not_found": (
        "找不到 {what} {ident}，或您无权查看。",
        "There is no {what} {ident}, or you may not see it.",
    ),
    "err.access_denied": ("您的账户无权{what}。", "Your account may not {what}."),
    "err.illegal_transition": (
        "当前状态为“{state}”，不能{action}。此时可以：{allowed}。",
        "In state “{state}” you cannot {action}. Possible now: {allowed}.",
    ),
    "err.invalid_model": ("模型有 {n} 处问题，未保存：", "The model has {n} problem(s) and was not saved:"),
    "err.precondition": ("还不能执行此操作：", "This cannot be done yet:"),
    "err.conflict": ("名称或编号已被占用：", "That name or number is already taken:"),
    "err.version_frozen": (
        "该版本已提交并冻结，修改请保存为新版本。",
        "That version was submitted and is frozen; save changes as a new version.",
    ),
    "err.invalid_input": ("输入有误：", "The input is not valid:"),
    "err.workflow": ("认证流程拒绝了此操作：", "The certification workflow refused this:"),
    "err.factor_import": (
        "因子文件有 {n} 处问题，未导入任何数据：",
        "The factor file has {n} problem(s); nothing was imported:",
    ),
    "err.release_immutable": ("已发布的因子版本不能修改：", "A published factor release cannot change:"),
    "err.release_not_found": ("找不到该因子版本：", "No such factor release:"),
    "err.factor_not_found": (
        "因子 {code} 不在版本 {release} 中。",
        "Factor {code} is not in release {release}.",
    ),
    "err.unknown_geography": ("未知的地区代码：", "Unknown geography code:"),
    "err.factors": ("因子库报告了一个问题：", "The factor database reported a problem:"),
    "err.workbook": (
        "Excel 表格有 {n} 处问题，未导入：",
        "The workbook has {n} problem(s); nothing was imported:",
    ),
    "err.model": ("模型有 {n} 处问题，无法计算：", "The model has {n} problem(s) and cannot be calculated:"),
    "err.rule": ("产品种类规则有 {n} 处问题：", "The product category rule has {n} problem(s):"),
    "err.calculation": ("计算失败：", "The calculation failed:"),
    "err.missing_key": ("找不到所需的条目：", "A required entry is missing:"),
    "err.database": (
        "数据库不可用：请检查 PCF_DATABASE_URL 并运行 pcf db init。",
        "The database is not available: check PCF_DATABASE_URL and run pcf db init.",
    ),
    "err.unexpected": (
        "发生了意外错误（{kind}）。请稍后重试，或联系平台管理员。",
        "An unexpected error occurred ({kind}). Please try again, or tell the platform admin.",
    ),
    "err.decl_out_of_scope": (
        "该电池包的额定能量为 {rated} kWh，不在工信部动力电池碳足迹申报范围内：申报只适用于额定能量大于 "
        "{threshold} kWh 的动力电池。",
        "This pack's rated energy is {rated} kWh: the MIIT declaration covers traction batteries above "
        "{threshold} kWh only, so this pack is out of scope.",
    ),
    "err.decl_no_rated_energy": (
        "模型没有给出电池包的额定能量：请在 product.battery.rated_energy 中填写（例如 75 kWh）。",
        "The model gives no rated energy for the pack: fill in product.battery.rated_energy (e.g. 75 kWh).",
    ),
    "err.decl_lifetime_missing": (
        "计算全生命周期总能量还缺少参数：{fields}。请在模型中填写，"
        "或直接给出 product.battery.lifetime_cycles。",
        "The lifetime energy still needs: {fields}. Fill them in the model, or give "
        "product.battery.lifetime_cycles.",
    ),
    "err.decl_refused": ("该模型不能用于工信部申报：", "This model cannot be declared to MIIT:"),
    "err.decl_bad_body": (
        "所选机构不是有效的认证（核查）机构。",
        "The chosen organisation is not an active certification (verification) body.",
    ),
    "err.decl_choose_body": (
        "提交前请先选择第三方核查机构。",
        "Choose a third-party verification body before submitting.",
    ),
    "err.decl_comment_required": (
        "要求修改时请写明需要修改的内容。",
        "Say what must change when requesting changes.",
    ),
    "err.decl_report_required": ("请填写核查报告编号。", "The verification report number is required."),
    # --- factor library -----------------------------------------------------------------------------------
    "factors.title": ("排放因子库", "Emission-factor library"),
    "factors.query": ("关键词（中文或英文）", "Words (Chinese or English)"),
    "factors.category": ("类别", "Category"),
    "factors.geography": ("地区（含下级）", "Geography (and below)"),
    "factors.year": ("年份", "Year"),
    "factors.release": ("因子版本", "Factor release"),
    "factors.any": ("全部", "any"),
    "factors.count": ("共 {n} 条", "{n} factors"),
    "factors.detail": ("因子详情与出处", "Factor detail and provenance"),
    "factors.pick": ("选择一个因子查看详情", "Pick a factor to see its provenance"),
    "factors.value": ("数值", "Value"),
    "factors.basis": ("气体口径", "Gas basis"),
    "factors.scope": ("生命周期范围", "Life-cycle scope"),
    "factors.uncertainty": ("不确定性", "Uncertainty"),
    "factors.quality": ("数据质量（谱系评分）", "Data quality (pedigree)"),
    "factors.confidence": ("可信度", "Confidence"),
    "factors.citation": ("出处", "Citation"),
    "factors.as_printed": ("原文数值", "As printed in the source"),
    "factors.notes": ("说明", "Notes"),
    "factors.history": ("版本历史", "Release history"),
    "factors.releases": ("因子版本", "Releases"),
    "factors.diff": ("版本比较", "Compare releases"),
    "factors.diff_summary": ("新增 {a} 条，删除 {r} 条，修改 {c} 条", "{a} added, {r} removed, {c} changed"),
    "factors.co2_only": ("仅CO2", "CO2 only"),
    "factors.unspecified_gwp": ("CO2e（来源未说明GWP版本）", "CO2e (GWP set not stated by the source)"),
    "factors.none_given": ("未给出", "none given"),
    # --- table columns ------------------------------------------------------------------------------------
    "col.action": ("操作", "Action"),
    "col.active": ("启用", "Active"),
    "col.amount": ("数量", "Amount"),
    "col.answer": ("企业答复", "Answer"),
    "col.based_on": ("基于", "Based on"),
    "col.body": ("认证机构", "Certification body"),
    "col.categories": ("产品类别", "Categories"),
    "col.citation": ("出处", "Citation"),
    "col.code": ("因子代码", "Factor code"),
    "col.created": ("创建时间", "Created"),
    "col.date": ("日期", "Date"),
    "col.demo": ("演示", "Demo"),
    "col.detail": ("详情", "Detail"),
    "col.enterprise": ("企业", "Enterprise"),
    "col.expires": ("有效期至", "Valid until"),
    "col.factors": ("因子数", "Factors"),
    "col.finding": ("审核意见", "Finding"),
    "col.frozen": ("已冻结", "Frozen"),
    "col.fus": ("功能单位", "Functional units"),
    "col.geography": ("地区", "Geography"),
    "col.identifier": ("统一社会信用代码", "Identifier"),
    "col.issued": ("发证日期", "Issued"),
    "col.kind": ("类型", "Kind"),
    "col.location": ("模型位置", "Place in the model"),
    "col.name": ("名称", "Name"),
    "col.note": ("备注", "Note"),
    "col.number": ("证书编号", "Certificate number"),
    "col.object": ("对象", "Object"),
    "col.organisation": ("机构", "Organisation"),
    "col.path": ("模型路径", "Model path"),
    "col.process": ("过程", "Process"),
    "col.product": ("产品", "Product"),
    "col.published": ("发布日期", "Published"),
    "col.ref": ("引用（因子或过程）", "Reference (factor or process)"),
    "col.region": ("地区", "Region"),
    "col.release": ("因子版本", "Release"),
    "col.resolved": ("已关闭", "Resolved"),
    "col.round": ("轮次", "Round"),
    "col.rule": ("规则", "Rule"),
    "col.severity": ("类别", "Severity"),
    "col.share": ("占比", "Share"),
    "col.source": ("数据来源（证据）", "Source (evidence)"),
    "col.stage": ("生命周期阶段", "Life-cycle stage"),
    "col.state": ("状态", "State"),
    "col.submitted": ("提交时间", "Submitted"),
    "col.title": ("名称", "Title"),
    "col.unit": ("单位", "Unit"),
    "col.unverified": ("未核实参数", "Unverified parameters"),
    "col.updated": ("更新时间", "Updated"),
    "col.value": ("因子值", "Factor value"),
    "col.version": ("版本", "Version"),
    "col.when": ("时间", "When"),
    "col.who": ("操作人", "Who"),
    # --- results and charts -------------------------------------------------------------------------------
    "result.total": ("碳足迹", "Carbon footprint"),
    "result.per_fu": ("每 {fu}", "per {fu}"),
    "result.dqr": ("数据质量评分 DQR", "Data-quality rating (DQR)"),
    "result.primary_share": ("初级数据占比", "Primary-data share"),
    "result.by_process": ("按过程", "By process"),
    "result.factors_used": ("所用排放因子（材料与能源）", "Emission factors used (materials and energy)"),
    "result.by_gas": ("按气体", "By gas"),
    "result.warnings": ("计算提示（{n} 条）", "Calculation notes ({n})"),
    "result.dq_title": ("数据质量", "Data quality"),
    "result.dq_line": (
        "等级：{level}；谱系评分覆盖 {coverage} 的贡献；{n} 项输入未评分。",
        "level: {level}; pedigree scores cover {coverage} of the footprint; {n} input(s) not scored.",
    ),
    "chart.total": ("合计", "Total"),
    "chart.by_stage": ("各生命周期阶段的贡献", "Contribution by life-cycle stage"),
    "chart.sunburst": ("阶段 → 过程 → 材料/能源", "Stage → process → material / energy"),
    "chart.by_factor": ("主要材料与能源的贡献", "Largest contributions by material / energy"),
    "chart.sankey": (
        "产品系统（桑基图，kg CO2e 沿供应链流向产品）",
        "Product system (Sankey: kg CO2e flowing along the supply chain to the product)",
    ),
    "chart.direct": ("直接排放", "Direct emissions"),
    "chart.cut_off": ("小于 1% 的分支", "Branches below 1 %"),
    "chart.unit": ("kg CO2e / {fu}", "kg CO2e per {fu}"),
    "chart.uncertainty": ("不确定性区间（蒙特卡洛）", "Uncertainty band (Monte Carlo)"),
    "chart.interval95": ("95% 区间", "95 % interval"),
    "chart.mc_mean": ("蒙特卡洛均值", "Monte Carlo mean"),
    "chart.deterministic": ("确定性结果", "Deterministic result"),
    # --- enterprise: products -----------------------------------------------------------------------------
    "prod.title": ("我的产品", "My products"),
    "prod.none": (
        "还没有产品。请在上方按产品种类规则新建一个。",
        "No products yet. Create one from a product category rule above.",
    ),
    "prod.pick": ("产品", "Product"),
    "prod.no_version": (
        "该产品还没有模型。请粘贴模型文本（YAML）并保存。",
        "This product has no model yet. Paste a model (YAML) and save it.",
    ),
    "prod.version_line": (
        "模型第 {n} 版（{state}）· 因子版本 {release} · {gwp} · 功能单位：{fu}",
        "Model version {n} ({state}) · factor release {release} · {gwp} · functional unit: {fu}",
    ),
    "prod.frozen": ("已提交，已冻结", "submitted, frozen"),
    "prod.draft": ("草稿，可修改", "draft, editable"),
    "prod.calculate": ("计算", "Calculate"),
    "prod.calculating": ("正在计算…", "Calculating…"),
    "prod.calculated": (
        "计算完成：{total} kg CO2e / {fu}（模型第 {n} 版已保存）。",
        "Calculated: {total} kg CO2e per {fu} (model version {n} saved).",
    ),
    "prod.calculate_hint": (
        "按当前输入计算并保存模型；在“输入”标签页可修改数量和因子。",
        "Calculates and saves the model as it stands; change amounts and factors in the Inputs tab.",
    ),
    "prod.pending_edits": (
        "有 {n} 处未计算的修改：点击“计算”保存并计算。",
        "{n} edit(s) not yet calculated: press Calculate to save and calculate.",
    ),
    "prod.save_yaml": ("保存并计算", "Save and calculate"),
    "tab.results": ("结果", "Results"),
    "tab.inputs": ("输入", "Inputs"),
    "tab.whatif": ("情景分析", "What-if"),
    "tab.uncertainty": ("不确定性", "Uncertainty"),
    "tab.completeness": ("完整性检查", "Completeness"),
    "tab.certification": ("认证", "Certification"),
    "tab.versions": ("版本", "Versions"),
    "tab.prereview": ("自动预审", "Pre-review"),
    "tab.model": ("模型与证据", "Model & evidence"),
    "tab.findings": ("审核意见", "Findings"),
    "tab.history": ("流程记录", "History"),
    "inputs.hint": (
        "可直接修改“数量”和因子引用（仅因子输入），然后点击页面上方的“计算”。",
        "Change amounts and factor references (factor inputs only) here, then press Calculate at the top.",
    ),
    "inputs.kind_factor": ("排放因子", "factor"),
    "inputs.kind_process": ("上游过程", "process"),
    "inputs.yaml_editor": ("高级：编辑模型文本（YAML）", "Advanced: edit the model text (YAML)"),
    "model.yaml": ("模型文本（YAML）", "Model text (YAML)"),
    "new.title": ("按产品种类规则新建产品", "New product from a product category rule"),
    "new.rule": ("产品种类规则（PCR）", "Product category rule (PCR)"),
    "new.rule_caption": (
        "适用类别：{categories}；功能单位：{fus}",
        "Covers: {categories}; functional units: {fus}",
    ),
    "new.source": ("模型来源", "Start from"),
    "new.source_example": ("示例模型", "an example model"),
    "new.source_excel": ("Excel 数据收集模板", "the Excel data-collection template"),
    "new.example": ("示例", "Example"),
    "new.no_example": (
        "该规则没有示例模型，请使用 Excel 模板。",
        "This rule has no example model; use the Excel template.",
    ),
    "new.template": ("下载 Excel 模板", "Download the Excel template"),
    "new.upload": ("上传填好的模板", "Upload the filled-in template"),
    "new.code": ("产品编号（字母、数字、. _ -）", "Product code (letters, digits, . _ -)"),
    "new.name_zh": ("产品名称（中文）", "Product name (Chinese)"),
    "new.name_en": ("产品名称（英文）", "Product name (English)"),
    "new.create": ("新建产品并计算", "Create the product and calculate"),
    "new.created": ("产品 {code} 已建立并完成计算。", "Product {code} was created and calculated."),
    "whatif.none": ("模型中没有可替换的电力因子。", "The model uses no electricity factor to swap."),
    "whatif.hint": (
        "把一个电力因子换成另一个（如绿电），立即看到碳足迹的变化；不会保存。",
        "Swap one electricity factor for another (e.g. green electricity) and see the change at once; "
        "nothing is saved.",
    ),
    "whatif.replace": ("替换", "Replace"),
    "whatif.with": ("换成", "with"),
    "whatif.before": ("当前", "Now"),
    "whatif.after": ("替换后", "After the swap"),
    "whatif.change": ("变化", "Change"),
    "whatif.chart": ("替换前后对比（按阶段）", "Before and after, by stage"),
    "whatif.note": (
        "情景结果仅供分析；认证使用保存的模型。要采用，请在“输入”中修改因子并计算。",
        "What-if results are for analysis only; certification uses the saved model. To adopt one, change "
        "the factor in Inputs and calculate.",
    ),
    "mc.iterations": ("迭代次数", "Iterations"),
    "mc.seed": ("随机种子", "Random seed"),
    "mc.run": ("运行蒙特卡洛模拟", "Run the Monte Carlo simulation"),
    "mc.running": ("正在运行 {n} 次蒙特卡洛模拟…", "Running {n} Monte Carlo iterations…"),
    "mc.step_model": ("检查模型…", "Checking the model…"),
    "mc.step_sampling": ("抽样并求解 {n} 次…", "Sampling and solving {n} times…"),
    "mc.step_done": ("完成", "Done"),
    "mc.done": ("已完成 {n} 次模拟", "{n} iterations done"),
    "mc.failed": ("模拟失败", "The simulation failed"),
    "mc.none": ("尚未运行不确定性分析。", "No uncertainty analysis yet."),
    "mc.mean": ("均值", "Mean"),
    "mc.interval": ("95% 区间（kg CO2e）", "95 % interval (kg CO2e)"),
    "mc.cv": ("变异系数", "Coefficient of variation"),
    "mc.shares": ("方差贡献（按输入）", "Share of variance (by input)"),
    "mc.caption": (
        "{n} 次迭代，随机种子 {seed}（相同种子结果可复现）。",
        "{n} iterations, seed {seed} (the same seed repeats the result).",
    ),
    "check.hint": (
        "按产品种类规则检查完整性与合理性（认证机构预审使用同一检查）。",
        "Completeness and plausibility against the product category rule (the certifier's pre-review runs "
        "the same checks).",
    ),
    "check.counts": ("错误 {e} · 警告 {w} · 提示 {i}", "{e} error(s) · {w} warning(s) · {i} note(s)"),
    "check.none": ("没有发现问题。", "No findings."),
    "cert.submit_intro": (
        "提交模型第 {n} 版（{total} kg CO2e）申请认证；提交后该版本冻结。",
        "Submit model version {n} ({total} kg CO2e) for certification; the version is frozen on submission.",
    ),
    "cert.already": (
        "模型第 {n} 版已获证书（见下方）。修改模型并计算后，可为新版本再次申请认证。",
        "Model version {n} is certified (see below). After changing and calculating the model, "
        "the new version can be submitted again.",
    ),
    "cert.no_body": ("没有可选的认证机构。", "No certification body is available."),
    "cert.body": ("认证机构", "Certification body"),
    "cert.submit": ("提交认证", "Submit for certification"),
    "cert.submitted": ("已提交认证申请 #{id}。", "Submission #{id} was sent for certification."),
    "cert.status.submitted": ("已提交，等待认证机构受理。", "Submitted; waiting for the certification body."),
    "cert.status.resubmitted": (
        "已重新提交，等待认证机构审核。",
        "Resubmitted; waiting for the certification body.",
    ),
    "cert.status.under_review": ("认证机构正在审核。", "The certification body is reviewing it."),
    "cert.status.changes_requested": (
        "认证机构要求修改：请答复下列审核意见，修改模型并重新提交。",
        "The certification body asks for changes: answer the findings below, correct the model and resubmit.",
    ),
    "cert.status.approved": ("已批准，等待颁发证书。", "Approved; the certificate will be issued."),
    "cert.status.certified": ("已发证。", "Certified."),
    "cert.status.rejected": ("未通过认证。", "Certification was refused."),
    "cert.status.cancelled": ("申请已撤回。", "The application was cancelled."),
    "cert.status.draft": ("草稿，尚未提交。", "Draft, not submitted yet."),
    "cert.resubmit_hint": (
        "重新提交将使用最新的模型第 {n} 版。",
        "Resubmitting sends the latest model version ({n}).",
    ),
    "cert.resubmit": ("重新提交", "Resubmit"),
    "cert.resubmitted": ("已重新提交。", "Resubmitted."),
    "cert.cancel": ("撤回申请", "Cancel the application"),
    "cert.certificates": ("证书", "Certificates"),
    "cert.none": ("还没有证书。", "No certificates yet."),
    "cert.line": (
        "**{number}** · {total} kg CO2e / {fu} · 发证 {issued} · 有效期至 {expires}",
        "**{number}** · {total} kg CO2e per {fu} · issued {issued} · valid until {expires}",
    ),
    "cert.verify_link": ("公开查验页面", "Public verification page"),
    "cert.label": ("下载碳标识（SVG）", "Download the carbon label (SVG)"),
    "cert.report": ("生成碳足迹报告（PDF）", "Make the footprint report (PDF)"),
    "cert.report_making": ("正在生成报告…", "Making the report…"),
    "cert.report_download": ("下载报告", "Download the report"),
    "findings.title": ("审核意见", "Findings"),
    "findings.none": ("没有审核意见。", "No findings."),
    "findings.answer": ("答复", "Answer"),
    "findings.send_answer": ("提交答复", "Send the answer"),
    "findings.resolve": ("关闭审核意见 #{id}", "Resolve finding #{id}"),
    "findings.add": ("添加审核意见", "Add a finding"),
    "findings.add_button": ("添加", "Add"),
    "diff.version": ("第 {n} 版", "Version {n}"),
    "diff.inputs": ("变化的输入（{n}）", "Changed inputs ({n})"),
    "diff.text": ("模型文本差异", "Differences in the model text"),
    "diff.same_text": ("两个版本的模型文本相同。", "The two versions have the same model text."),
    "versions.one": ("只有一个版本，暂无可比较的版本。", "Only one version so far; nothing to compare."),
    # --- certifier: review --------------------------------------------------------------------------------
    "rev.title": ("认证审核", "Certification review"),
    "rev.waiting": ("待处理", "Waiting for you"),
    "rev.all": ("全部申请", "All submissions"),
    "rev.issued": ("已发证书", "Certificates issued"),
    "rev.empty": ("目前没有提交给本机构的申请。", "No submissions to this body yet."),
    "rev.pick": ("申请", "Submission"),
    "rev.line": (
        "企业：{enterprise} · 模型第 {n} 版 · 第 {round} 轮 · {total} kg CO2e / {fu} · 因子版本 {release}",
        "Enterprise: {enterprise} · model version {n} · round {round} · {total} kg CO2e per {fu} · release "
        "{release}",
    ),
    "rev.actions": ("审核决定", "Decision"),
    "rev.start": ("受理并开始审核", "Accept and start the review"),
    "rev.started": ("申请 #{id} 已进入审核。", "Submission #{id} is under review."),
    "rev.note": (
        "说明（要求修改或不予通过时必填理由）",
        "Note (the reason, when requesting changes or rejecting)",
    ),
    "rev.note_hint": (
        "有未关闭的严重或一般不符合项时不能批准；要求修改需要至少一条审核意见。",
        "Approval needs every major and minor finding resolved; requesting changes needs at least one open "
        "finding.",
    ),
    "rev.approve": ("批准", "Approve"),
    "rev.approved": (
        "申请 #{id} 已批准，现在可以颁发证书。",
        "Submission #{id} is approved; the certificate can be issued now.",
    ),
    "rev.request_changes": ("要求修改", "Request changes"),
    "rev.changes_requested": ("已将申请 #{id} 退回企业修改。", "Submission #{id} was sent back for changes."),
    "rev.reject": ("不予通过", "Reject"),
    "rev.reason": ("不予通过的理由", "Reason for rejecting"),
    "rev.waiting_enterprise": (
        "等待企业答复并重新提交。",
        "Waiting for the enterprise to answer and resubmit.",
    ),
    "rev.validity": ("有效期（年）", "Validity (years)"),
    "rev.issue": ("颁发证书", "Issue the certificate"),
    "rev.issued_one": ("证书 {number} 已颁发。", "Certificate {number} was issued."),
    "rev.certificate": (
        "证书 **{number}**，发证 {issued}，有效期至 {expires}。",
        "Certificate **{number}**, issued {issued}, valid until {expires}.",
    ),
    "rev.prereview_hint": (
        "按产品种类规则自动检查所提交的版本：错误须纠正，警告须审核员判断。",
        "The submitted version checked automatically against its product category rule: errors must be "
        "corrected, warnings need the reviewer's judgement.",
    ),
    "rev.raise_all": ("将 {n} 条错误和警告转为审核意见", "Raise the {n} errors and warnings as findings"),
    "rev.evidence": ("输入数据及其来源（证据）", "Inputs and their sources (evidence)"),
    "rev.certs_title": ("本机构颁发的证书", "Certificates issued by this body"),
    "rev.recompute_all": ("重新计算全部 {n} 张证书", "Recompute all {n} certificates"),
    "rev.recomputing": ("正在重新计算 {k}/{n}…", "Recomputing {k} of {n}…"),
    "rev.matches": ("结果一致", "Matches"),
    "rev.cert_total": ("证书数值", "Certificate value"),
    "rev.new_total": ("重新计算", "Recomputed"),
    # --- standards body -----------------------------------------------------------------------------------
    "std.title": ("产品种类规则与排放因子发布", "Product category rules and factor releases"),
    "std.tab_pcr": ("产品种类规则（PCR）", "Product category rules (PCR)"),
    "std.tab_releases": ("排放因子版本", "Factor releases"),
    "std.bundled": ("平台内置规则", "Rules built into the platform"),
    "std.pcrs": ("规则草案与已发布规则", "Rule drafts and published rules"),
    "std.no_pcrs": ("还没有规则草案。", "No rule drafts yet."),
    "std.new_draft": ("新建规则草案", "New rule draft"),
    "std.base_rule": ("以内置规则为起点", "Start from a built-in rule"),
    "std.title_zh": ("名称（中文）", "Title (Chinese)"),
    "std.title_en": ("名称（英文）", "Title (English)"),
    "std.yaml": ("规则文本（YAML）", "Rule text (YAML)"),
    "std.create_draft": ("保存为草案", "Save as a draft"),
    "std.draft_created": ("草案 {code} {version} 已保存。", "Draft {code} {version} was saved."),
    "std.pick_pcr": ("本机构的规则", "Rules of this body"),
    "std.diff_bundled": ("与内置规则的差异", "Differences from the built-in rule"),
    "std.save_draft": ("保存草案", "Save the draft"),
    "std.saved": ("草案已保存。", "The draft was saved."),
    "std.publish_pcr": ("发布规则", "Publish the rule"),
    "std.pcr_published": ("规则 {code} {version} 已发布。", "Rule {code} {version} was published."),
    "std.retire_pcr": ("废止规则", "Retire the rule"),
    "std.import": ("导入因子文件", "Import a factor file"),
    "std.import_hint": (
        "CSV 或 Excel，列与因子库导出文件相同；所有行先校验，有任何错误则不导入。导入到草案版本，"
        "审查后再发布。",
        "CSV or Excel with the columns of a factor export; every row is validated first and nothing is "
        "imported if any is wrong. Imports go into a draft release, published after review.",
    ),
    "std.factor_file": ("因子文件", "Factor file"),
    "std.target_release": ("目标草案版本（可选）", "Target draft release (optional)"),
    "std.target_placeholder": ("留空：自动使用下一个版本号", "empty: the next version number"),
    "std.import_button": ("校验并导入", "Validate and import"),
    "std.importing": ("正在校验并导入…", "Validating and importing…"),
    "std.imported": (
        "已导入版本 {version}：新增 {a}，替换 {r}，未变 {u}。",
        "Imported into release {version}: {a} added, {r} replaced, {u} unchanged.",
    ),
    "std.review_release": ("审查并发布草案版本", "Review and publish a draft release"),
    "std.draft": ("草案版本", "Draft release"),
    "std.compare_with": ("对比已发布版本", "Compare with the published release"),
    "std.publish_confirm": (
        "我已审查版本 {version} 的差异；发布后不可更改。",
        "I reviewed the differences of release {version}; once published it cannot change.",
    ),
    "std.publish_release": ("发布因子版本", "Publish the factor release"),
    "std.release_published": ("因子版本 {version} 已发布。", "Factor release {version} was published."),
    "std.no_drafts": (
        "没有草案版本。导入因子文件即可创建。",
        "No draft release. Importing a factor file creates one.",
    ),
    # --- public verification ------------------------------------------------------------------------------
    "verify.title": ("证书查验", "Verify a certificate"),
    "verify.intro": (
        "输入碳足迹证书编号（或扫描碳标识上的二维码），查看证书是否有效及其公开信息。无需登录。",
        "Enter a carbon-footprint certificate number (or scan the label's QR code) to see whether it is "
        "valid and its public details. No sign-in needed.",
    ),
    "verify.number": ("证书编号", "Certificate number"),
    "verify.button": ("查验", "Verify"),
    "verify.not_found": (
        "没有编号为 {number} 的证书。请核对编号。",
        "There is no certificate {number}. Please check the number.",
    ),
    "verify.footprint": ("产品碳足迹", "Product carbon footprint"),
    "verify.issued": ("发证日期", "Issued"),
    "verify.expires": ("有效期至", "Valid until"),
    "verify.details": (
        "证书编号：**{number}**  \n持证企业：{holder}（{identifier}）  \n产品编号：{code} · 类别："
        "{category}  \n"
        "认证机构：{body}  \nGWP：{gwp} · 因子版本：{release} · 模型指纹：`{hash}…`",
        "Certificate: **{number}**  \nHolder: {holder} ({identifier})  \nProduct code: {code} · category: "
        "{category}  \n"
        "Certification body: {body}  \nGWP: {gwp} · factor release: {release} · model fingerprint: `{hash}…`",
    ),
    "verify.meaning.active": ("证书有效。", "The certificate is valid."),
    "verify.meaning.suspended": (
        "证书已暂停：暂停期间不得使用碳标识。",
        "The certificate is suspended: the label may not be used meanwhile.",
    ),
    "verify.meaning.withdrawn": ("证书已撤销。", "The certificate was withdrawn."),
    "verify.meaning.expired": ("证书已过有效期。", "The certificate has expired."),
    # --- admin --------------------------------------------------------------------------------------------
    "adm.title": ("平台管理", "Administration"),
    "adm.orgs": ("机构", "Organisations"),
    "adm.users": ("用户", "Users"),
    "adm.audit_rows": ("审计记录", "Audit entries"),
    "adm.audit": ("最近的审计日志", "Latest audit-log entries"),
    # --- traction-battery declarations (MIIT) --------------------------------------------------------------
    "decl.title": ("动力电池碳足迹申报", "Traction-battery carbon-footprint declarations"),
    "decl.intro": (
        "工信部汽车动力电池碳足迹申报：电池包企业为申报主体，碳足迹为材料获取、电池制造、分销运输、回收利用"
        "四个阶段之和除以电池包全生命周期提供的总能量（kg CO2e/kWh）；额定能量大于 2 kWh 的动力电池均须申报，"
        "每个申报须经第三方核查机构核查并出具核查报告。",
        "China's MIIT traction-battery carbon-footprint declaration: the pack maker declares; the footprint "
        "is the sum of four stages (material acquisition, battery manufacturing, distribution, recycling) "
        "divided by the total energy the pack delivers over its life (kg CO2e/kWh). Every traction battery "
        "above 2 kWh is declared, each declaration checked by a third-party verification body that issues "
        "a verification report.",
    ),
    "decl.packs": ("电池包型号", "Pack models"),
    "decl.in_verification": ("核查中", "In verification"),
    "decl.trial": ("试行期典型电池包（至 2026-12-31）", "Typical packs, trial period (to 2026-12-31)"),
    "decl.declared_of": ("已申报 {n} / {required} 典型电池包", "{n} of {required} typical packs declared"),
    "decl.missing_delta": ("还差 {n} 个", "{n} more needed"),
    "decl.enough_delta": ("已满足试行要求", "trial requirement met"),
    "decl.missing": (
        "试行期内每家电池包企业至少申报 {required} 个典型电池包型号，并经第三方核查；目前已申报 {n} 个，"
        "还差 {missing} 个。",
        "Until 2026-12-31 each pack maker declares at least {required} typical pack models, each verified "
        "by a third party; {n} declared so far, {missing} still missing.",
    ),
    "decl.need_models": (
        "现有未申报的电池包型号 {open} 个，不足以补齐：还需在“我的产品”中按电池包规则新建 {more} 个型号。",
        "{open} pack model(s) are not declared yet, too few to close the gap: create {more} more in My "
        "products from the battery-pack rule.",
    ),
    "decl.enough": (
        "已申报 {n} 个典型电池包，满足试行期至少 {required} 个的要求。",
        "{n} typical packs declared: the trial's minimum of {required} is met.",
    ),
    "decl.no_packs": (
        "还没有电池包产品（类别 battery.pack）。请在“我的产品”中按电池包规则新建。",
        "No battery-pack products (category battery.pack) yet. Create one in My products from the "
        "battery-pack rule.",
    ),
    "decl.not_declared": ("未申报", "Not declared"),
    "decl.pick_pack": ("电池包型号", "Pack model"),
    "decl.create_title": ("创建申报", "Create a declaration"),
    "decl.create_again": (
        "为该型号新建申报（例如模型更新后）",
        "A new declaration of this model (e.g. after a model update)",
    ),
    "decl.create_intro": (
        "按该型号最新的模型第 {n} 版（因子版本 {release}）生成申报数据；提交核查时该版本冻结。",
        "The declaration is built from the model's latest version {n} (factor release {release}); the "
        "version is frozen when the declaration is submitted.",
    ),
    "decl.no_version": (
        "该型号还没有模型版本：请先在“我的产品”中计算。",
        "This model has no version yet: calculate it in My products first.",
    ),
    "decl.body": ("第三方核查机构", "Third-party verification body"),
    "decl.no_body": ("没有可选的核查机构。", "No verification body is available."),
    "decl.create": ("创建申报", "Create the declaration"),
    "decl.created": (
        "已创建 {code} 的申报 #{id}（草稿）：请核对数据后提交核查。",
        "Declaration #{id} of {code} was created (draft): check the figures, then submit it for "
        "verification.",
    ),
    "decl.submit": ("提交第三方核查", "Submit for verification"),
    "decl.submitted": ("申报 #{id} 已提交核查。", "Declaration #{id} was submitted for verification."),
    "decl.revise_title": ("按其他模型版本重新计算", "Recalculate from another model version"),
    "decl.version": ("模型版本", "Model version"),
    "decl.version_label": ("第 {n} 版 · {total} kg CO2e · {when}", "version {n} · {total} kg CO2e · {when}"),
    "decl.revise": ("重新计算申报", "Recalculate the declaration"),
    "decl.revised": (
        "申报 #{id} 已按模型第 {n} 版重新计算。",
        "Declaration #{id} was recalculated from model version {n}.",
    ),
    "decl.declare": ("正式申报", "Declare"),
    "decl.declared": ("申报 #{id} 已正式申报。", "Declaration #{id} is declared."),
    "decl.download": ("下载申报数据（cn-battery JSON）", "Download the declaration (cn-battery JSON)"),
    "decl.status.draft": (
        "草稿：核对数据，选择核查机构后提交核查。",
        "Draft: check the figures, choose the verification body and submit.",
    ),
    "decl.status.submitted": (
        "已提交，等待核查机构受理。",
        "Submitted; waiting for the verification body.",
    ),
    "decl.status.under_verification": ("核查机构正在核查。", "The verification body is checking it."),
    "decl.status.changes_requested": (
        "核查机构要求修改：按意见修改模型后重新计算，再重新提交核查。",
        "The verification body asks for changes: correct the model, recalculate the declaration and "
        "submit it again.",
    ),
    "decl.status.verified": (
        "已通过第三方核查，现在可以正式申报。",
        "Verified by the third party; it can be declared now.",
    ),
    "decl.status.declared": ("已正式申报。", "Declared."),
    "decl.history": ("该型号的全部申报（{n}）", "Every declaration of this model ({n})"),
    "decl.detail_line": (
        "申报 #{id} · 模型第 {n} 版 · 核查机构：{body}",
        "Declaration #{id} · model version {n} · verification body: {body}",
    ),
    "decl.total": ("碳足迹（kg CO2e/kWh）", "Carbon footprint (kg CO2e/kWh)"),
    "decl.per_kwh": ("每 kWh 全生命周期总能量", "per kWh of lifetime energy"),
    "decl.life_cycle": ("单个电池包生命周期排放（kg CO2e）", "Life-cycle emissions per pack (kg CO2e)"),
    "decl.lifetime_energy": ("单个电池包全生命周期总能量（kWh）", "Lifetime energy per pack (kWh)"),
    "decl.stages": ("四阶段碳足迹", "The four stages"),
    "decl.stage_total": ("合计", "Total"),
    "decl.lifetime": ("全生命周期总能量的参数及来源", "Lifetime-energy parameters and where they came from"),
    "decl.param": ("参数", "Parameter"),
    "decl.value": ("数值", "Value"),
    "decl.origin": ("来源", "Origin"),
    "decl.param.rated_energy": ("额定能量", "Rated energy"),
    "decl.param.application": ("车辆类别", "Vehicle category"),
    "decl.param.cycles_per_year": ("每年等效满充放电循环次数", "Full equivalent cycles per year"),
    "decl.param.service_years": ("使用年限（年）", "Service years"),
    "decl.param.full_cycles": ("全生命周期等效循环次数", "Full cycles over the life"),
    "decl.param.capacity_basis": ("容量口径", "Capacity basis"),
    "decl.param.lifetime_energy": ("全生命周期总能量", "Lifetime energy"),
    "decl.basis.rated_energy": ("额定能量", "rated energy"),
    "decl.basis.usable_energy": ("可用能量", "usable energy"),
    "decl.origin.model": ("企业在模型中填写", "entered in the model"),
    "decl.origin.rule": ("产品种类规则默认值", "product category rule default"),
    "decl.origin.override": ("情景覆盖值", "scenario override"),
    "decl.origin.table": ("{origin}（按车辆类别 {category}）", "{origin} (vehicle category {category})"),
    "decl.origin.computed": ("计算：{formula}", "calculated: {formula}"),
    "decl.origin.product": ("模型 product.battery.rated_energy", "model, product.battery.rated_energy"),
    "decl.param_status.verified": ("规则参数已核实", "rule parameter verified"),
    "decl.param_status.unverified": ("规则参数未核实（假设值）", "rule parameter unverified (assumed)"),
    "decl.param_status.project_default": ("项目默认值", "project default"),
    "decl.basis_title": ("申报依据", "Basis"),
    "decl.basis": (
        "- 因子版本：{release}（{gwp}）\n- 模型指纹：`{hash}`\n- 生产地：{plant}\n- 产品种类规则：{rule}",
        "- Factor release: {release} ({gwp})\n- Model fingerprint: `{hash}`\n- Plant: {plant}\n"
        "- Product category rule: {rule}",
    ),
    "decl.notes": ("申报提示（{n} 条）", "Declaration notes ({n})"),
    "decl.note_zero_stage": (
        "模型中没有“{stage}”阶段的过程：该阶段按 0 申报。",
        "No {stage} process in the model: the stage is declared as 0.",
    ),
    "decl.verification": ("第三方核查", "Third-party verification"),
    "decl.report_line": (
        "核查机构：{body} · 核查报告 **{number}** · {date}",
        "Verification body: {body} · report **{number}** · {date}",
    ),
    "decl.comment_line": ("核查意见：{comment}", "Verifier's comment: {comment}"),
    "decl.not_verified": ("尚未经第三方核查。", "Not verified by a third party yet."),
    # verifier
    "decl.queue_waiting": ("待核查", "Waiting for you"),
    "decl.queue_all": ("全部申报", "All declarations"),
    "decl.queue_verified": ("已核查", "Verified"),
    "decl.queue_empty": ("目前没有提交给本机构核查的申报。", "No declarations submitted to this body yet."),
    "decl.pick": ("申报", "Declaration"),
    "decl.declarant": ("申报企业", "Declarant"),
    "decl.declarant_line": ("申报企业：{name}", "Declarant: {name}"),
    "decl.start": ("受理并开始核查", "Accept and start the verification"),
    "decl.started": ("申报 #{id} 已进入核查。", "Declaration #{id} is under verification."),
    "decl.report_number": ("核查报告编号", "Verification report number"),
    "decl.report_date": ("核查报告日期", "Report date"),
    "decl.comment": ("核查意见（要求修改时必填）", "Comment (required when requesting changes)"),
    "decl.verify": ("核查通过并出具报告", "Verify and issue the report"),
    "decl.verified": (
        "申报 #{id} 已核查通过，报告编号 {number}。",
        "Declaration #{id} is verified, report {number}.",
    ),
    "decl.request_changes": ("要求修改", "Request changes"),
    "decl.changes_requested": (
        "已将申报 #{id} 退回企业修改。",
        "Declaration #{id} was sent back for changes.",
    ),
    "decl.waiting_enterprise": (
        "等待企业修改并重新提交。",
        "Waiting for the pack maker to correct and resubmit.",
    ),
    "decl.evidence": ("模型与证据（申报所用的模型版本）", "Model and evidence (the declared model version)"),
    "col.pack_code": ("型号编号", "Model code"),
    "col.pack": ("电池包", "Pack"),
    "col.decl_state": ("申报状态", "Declaration status"),
    "col.kg_per_kwh": ("kg CO2e/kWh", "kg CO2e/kWh"),
    "col.report": ("核查报告", "Report"),
}


def _merge_area_tables() -> None:
    """Add the area tables of `webapp.texts` (one module per area); a key defined twice raises."""
    import importlib
    import pkgutil

    import webapp.texts as area_package

    for info in sorted(pkgutil.iter_modules(area_package.__path__), key=lambda m: m.name):
        area = importlib.import_module(f"webapp.texts.{info.name}")
        for key, pair in area.TEXT.items():
            if key in TEXT:
                raise ValueError(f"translation key {key!r} of webapp/texts/{info.name}.py is already defined")
            TEXT[key] = pair


_merge_area_tables()
