"""Texts of the enterprise side: product editor, model problems in words, evidence, submit, declarations."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    # --- model problems in words (webapp.model_words) -----------------------------------------------------
    "mw.required": ("必填，不能为空", "required"),
    "mw.number": ("应为数字，现为 {got}", "expected a number, got {got}"),
    "mw.limit": ("取值须 {relation} {limit}，现为 {got}", "must be {relation} {limit}, got {got}"),
    "mw.unit_required": (
        "请填写单位（如 kg、kWh、t*km、piece）",
        "a unit is required (e.g. kg, kWh, t*km, piece)",
    ),
    "mw.unit_unknown": ("无法识别的单位 {got}", "unknown unit {got}"),
    "mw.unit_unread": (
        "无法识别的单位 {got}：请改写为 {zh} 或 {en}",
        "unknown unit {got}: write {zh} or {en}",
    ),
    "mw.unit_mismatch": (
        "单位 {a} 与 {b} 量纲不同，不能换算",
        "{a} cannot be converted to {b} (other dimension)",
    ),
    "mw.unit_mismatch_plain": (
        "单位与因子或来源过程的单位量纲不同，不能换算",
        "the unit has another dimension than the factor's or the process's unit",
    ),
    "mw.source_required": (
        "请注明数据来源（文件、表格行号、计量记录）",
        "state the source (document, table row, meter record)",
    ),
    "mw.one_of_factor_process": (
        "请选择排放因子或来源过程（二者选一）",
        "choose either an emission factor or a process of this model",
    ),
    "mw.missing_process": ("引用了不存在的过程 {got}", "refers to a process that does not exist: {got}"),
    "mw.unknown_factor": ("因子库中没有排放因子 {got}", "no emission factor {got} in the factor library"),
    "mw.unknown_factor_plain": ("因子库中没有该排放因子", "the emission factor is not in the factor library"),
    "mw.no_process": ("模型至少需要一个过程", "the model needs at least one process"),
    "mw.bad_id": (
        "编号只能使用字母、数字、下划线、连字符和点",
        "an id uses letters, digits, '_', '-' and '.' only",
    ),
    "mw.gwp": ("{got} 不是 AR4、AR5 或 AR6", "{got} is not AR4, AR5 or AR6"),
    "mw.year": ("应为年份，现为 {got}", "expected a year, got {got}"),
    "mw.text": ("应为文字", "expected text"),
    "mw.yaml_bool": (
        "YAML 把未加引号的 yes、no、on、off、true、false（包括国家代码 NO）读作真/假值，而不是文字："
        "请给文字加引号，如 'NO'",
        "YAML reads an unquoted yes, no, on, off, true or false (the country code NO too) as true or false, "
        "not as text: put the text in quotes, e.g. 'NO'",
    ),
    "mw.quantity": (
        "应为“数量 单位”，如 744 g；现为 {got}",
        "expected '<amount> <unit>' such as 744 g, got {got}",
    ),
    "mw.stage": ("{got} 不是生命周期阶段", "{got} is not a life-cycle stage"),
    "mw.product_code": (
        "产品编号须为本产品的编号 {code}",
        "the product id must be this product's code {code}",
    ),
    "mw.not_workbook": (
        "文件不是 Excel 工作簿（.xlsx），请上传由模板填写的文件",
        "the file is not an Excel workbook (.xlsx); upload the filled-in template",
    ),
    "mw.boolean": ("应为 TRUE 或 FALSE", "expected TRUE or FALSE"),
    "mw.score": ("应为 1 至 5 的整数", "expected a whole number 1 to 5"),
    "mw.pedigree_all": ("五项数据质量评分须全部填写或全部留空", "give all five data-quality scores or none"),
    "mw.json": ("不是有效的 JSON", "not valid JSON"),
    "mw.no_process_row": (
        "没有定义过程 {got} 的过程行（行类型 process）",
        "no process row (kind process) defines {got}",
    ),
    "mw.twice": ("重复定义", "defined twice"),
    "mw.not_used": ("此列不用于“{kind}”行", "this column is not used on {kind} rows"),
    "mw.yaml": ("模型文本格式有误", "the model text is not valid"),
    "mw.other": ("{text}", "{text}"),
    "mw.sep": ("的", ": "),
    "mw.colon": ("：", ": "),
    "mw.at_product": ("产品信息“{field}”", "product data '{field}'"),
    "mw.at_process": ("过程“{name}”", "process '{name}'"),
    "mw.at_input": ("的第 {n} 项输入{label}", ", input {n} {label}"),
    "mw.at_emission": ("的第 {n} 项直接排放{label}", ", direct emission {n} {label}"),
    "mw.at_co_product": ("的第 {n} 项副产品{label}", ", co-product {n} {label}"),
    "mw.at_gap": ("的第 {n} 项数据缺口{label}", ", data gap {n} {label}"),
    "mw.at_factor": ("模型自带因子 {code}", "model factor {code}"),
    "mw.cell": (
        "工作表“{sheet}”第 {row} 行 {column} 列（{label}）",
        "sheet '{sheet}', row {row}, column {column} ({label})",
    ),
    "mw.f.amount": ("数量", "amount"),
    "mw.f.unit": ("单位", "unit"),
    "mw.f.factor": ("排放因子", "emission factor"),
    "mw.f.process": ("来源过程", "from process"),
    "mw.f.source": ("数据来源", "source"),
    "mw.f.name": ("名称", "name"),
    "mw.f.stage": ("生命周期阶段", "life-cycle stage"),
    "mw.f.output": ("产出", "output"),
    "mw.f.mass": ("质量", "mass"),
    "mw.f.role": ("规则角色", "rule role"),
    "mw.f.gas": ("温室气体", "gas"),
    "mw.f.reference_flow": ("参考流", "reference flow"),
    "mw.f.functional_unit": ("功能单位", "functional unit"),
    "mw.f.category": ("产品类别", "category"),
    "mw.f.geography": ("地理位置", "geography"),
    "mw.f.reference_year": ("参考年份", "reference year"),
    "mw.f.gwp": ("GWP 数据集", "GWP set"),
    "mw.f.id": ("编号", "id"),
    "mw.f.battery": ("电池参数", "battery data"),
    "mw.f.rated_energy": ("额定能量", "rated energy"),
    "mw.f.usable_energy": ("可用能量", "usable energy"),
    "mw.f.rated_capacity": ("额定容量", "rated capacity"),
    "mw.f.chemistry": ("化学体系", "chemistry"),
    "mw.f.note": ("备注", "note"),
    "mw.f.notes": ("备注", "notes"),
    "mw.f.reason": ("原因", "reason"),
    "mw.f.pedigree": ("数据质量评分", "data-quality scores"),
    "mw.f.bom": ("计入物料清单", "in the bill of materials"),
    "mw.f.allocation": ("分配", "allocation"),
    "mw.f.price": ("价格", "price"),
    "mw.f.value": ("数值", "value"),
    "mw.f.description": ("说明", "description"),
    "mw.invalid_model": ("模型有 {n} 处问题，未保存：", "The model has {n} problem(s); nothing was saved:"),
    "mw.workbook": (
        "工作簿有 {n} 处单元格问题，未导入：",
        "The workbook has {n} bad cell(s); nothing was imported:",
    ),
}
TEXT["err.unexpected_plain"] = (
    "出现了意外错误，已记录在服务器日志中；请稍后重试或联系平台管理员。",
    "An unexpected error occurred and was logged on the server; try again later or contact the platform "
    "admin.",
)
TEXT |= {
    # --- the product editor (webapp.editor_view) ----------------------------------------------------------
    "ed.product": ("产品信息", "Product data"),
    "col.role": ("规则角色", "Rule role"),
    "ed.geography": ("地理位置代码", "Geography code"),
    "ed.geography_help": (
        "如 CN-JX-YC（江西宜春）、CN-JX（江西）、CN",
        "e.g. CN-JX-YC (Yichun), CN-JX (Jiangxi), CN",
    ),
    "ed.year": ("参考年份", "Reference year"),
    "ed.flow_process": ("参考流来自过程", "Reference flow from process"),
    "ed.flow_amount": ("每功能单位的产品数量", "Product amount per functional unit"),
    "ed.flow_amount_help": (
        "例如 1 kWh ÷ 单体额定能量 0.25 kWh = 4 个",
        "e.g. 1 kWh ÷ 0.25 kWh per cell = 4 pieces",
    ),
    "ed.flow_unit": ("参考流单位", "Reference flow unit"),
    "ed.gwp": ("GWP 数据集", "GWP set"),
    "ed.chemistry": ("化学体系", "Chemistry"),
    "ed.rated_energy": ("单体额定能量", "Rated energy of one unit"),
    "ed.mass": ("单体质量", "Mass of one unit"),
    "ed.output": ("每次产出（{unit}）", "Output per operation ({unit})"),
    "ed.remove": ("删除", "Remove"),
    "ed.remove_process": (
        "删除此过程（及引用它的输入）",
        "Remove this process (and the inputs drawing on it)",
    ),
    "ed.remove_input": ("删除此输入", "Remove this input"),
    "ed.kind": ("输入类型", "Input kind"),
    "ed.kind_factor": ("排放因子", "Emission factor"),
    "ed.kind_process": ("本模型中的过程", "Process of this model"),
    "ed.kind_gap": ("数据缺口", "Data gap"),
    "ed.choose": ("请选择", "Choose"),
    "ed.no_factor": ("尚未选择排放因子", "No emission factor chosen yet"),
    "ed.unknown_factor": ("因子库中没有 {code}", "{code} is not in the factor library"),
    "ed.unfilled": ("未填写", "not filled"),
    "ed.source_hint": ("文件、表格行号或计量记录", "document, table row or meter record"),
    "ed.reason": ("原因", "Reason"),
    "ed.pick_factor": ("选择因子", "Pick a factor"),
    "ed.search": ("搜索因子（中文或英文名称）", "Search factors (Chinese or English name)"),
    "ed.search_hint": ("如 石墨、铝、江西电力", "e.g. graphite, aluminium, Jiangxi electricity"),
    "ed.search_none": ("没有找到匹配的因子。", "No factor matches."),
    "ed.use": ("选用", "Use"),
    "ed.add_input": ("添加输入", "Add an input"),
    "ed.add": ("添加", "Add"),
    "ed.add_process": ("添加过程", "Add a process"),
    "ed.process_id": ("过程编号（字母、数字、_）", "Process id (letters, digits, _)"),
    "ed.no_role": ("（无规则角色）", "(no rule role)"),
    "ed.err_id": (
        "过程编号只能使用字母、数字、下划线、连字符和点。",
        "A process id uses letters, digits, '_', '-' and '.' only.",
    ),
    "ed.err_id_taken": ("已有同一编号的过程。", "A process with this id exists already."),
    "ed.card": (
        "{value} {unit} · {geography} · {year} · 出处：{citation}",
        "{value} {unit} · {geography} · {year} · source: {citation}",
    ),
    "ed.problems": (
        "模型还有 {n} 处问题，改正后才能保存：",
        "The model has {n} problem(s) to fix before saving:",
    ),
    "ed.valid": ("模型完整有效，可以保存为新版本。", "The model is valid and can be saved as a new version."),
    "ed.save": ("保存为新版本并计算", "Save as a new version and calculate"),
    "ed.saved": ("已保存为第 {n} 版：{total} kg CO2e / {fu}", "Saved as version {n}: {total} kg CO2e / {fu}"),
    "ed.unfilled_list": (
        "以下 {n} 项输入尚未填写数量，保存时不计入（规则检查会指出缺少的必需输入）：",
        "These {n} input(s) have no amount yet and are left out when saving (the rule check names "
        "missing mandatory inputs):",
    ),
    "ed.unused_list": (
        "以下过程未被任何输入使用，保存时不计入：",
        "These processes feed nothing and are left out when saving:",
    ),
    "ed.title": ("模型编辑（无需 YAML）", "Model editor (no YAML)"),
    "ed.hint": (
        "按产品种类规则列出必需的过程和输入；填写数量、选择因子或来源过程，保存后生成新版本。",
        "The rule's mandatory processes and inputs are listed; fill in amounts, pick factors or processes, "
        "and save to make a new version.",
    ),
    "ed.discard": ("放弃未保存的修改", "Discard unsaved changes"),
    "ed.yaml_advanced": ("高级：直接编辑 YAML 文本", "Advanced: edit the YAML text"),
    "new.source_editor": ("按规则逐项填写", "Fill in from the rule"),
    "new.editor_hint": (
        "创建产品后，在“模型编辑”中按规则列出的过程和输入逐项填写。",
        "After creating the product, fill in the processes and inputs the rule lists in the editor.",
    ),
    "prod.start_editor": ("按规则填写第一个版本", "Fill in the first version from the rule"),
}
TEXT |= {
    "new.created_editor": (
        "产品 {code} 已建立；请在下方按规则填写模型并保存。",
        "Product {code} was created; fill in its model below and save it.",
    ),
    "prod.no_version_editor": (
        "该产品还没有模型版本：按规则列出的过程和输入填写，保存后即计算。",
        "This product has no model version yet: fill in the processes and inputs the "
        "rule lists; saving calculates it.",
    ),
}
TEXT |= {
    "result.citations": ("所用因子的出处全文（{n} 项）", "Full citations of the factors used ({n})"),
    "result.citation_prefix": ("出处：", "source: "),
    "result.gas_unsplit": ("CO2e（未分气体）", "CO2e (not split by gas)"),
}
TEXT |= {  # factor library (app_pages/factor_library.py)
    "fl.query_hint": ("如 江西 电力、石墨、铝", "e.g. Jiangxi electricity, graphite, aluminium"),
    "fl.cat.electricity": ("电力", "electricity"),
    "fl.cat.heat": ("热力", "heat"),
    "fl.cat.fuel": ("燃料", "fuel"),
    "fl.cat.transport": ("运输", "transport"),
    "fl.cat.material": ("材料", "material"),
    "fl.cat.product": ("产品", "product"),
    "fl.year": ("年份", "Year"),
    "fl.scope": ("范围", "Scope"),
    "fl.confidence": ("可信度", "Confidence"),
    "fl.conf.high": ("高", "high"),
    "fl.conf.medium": ("中", "medium"),
    "fl.conf.low": ("低", "low"),
    "fl.status": ("状态", "Status"),
    "fl.hash": ("内容哈希", "Content hash"),
    "fl.based_on": ("基于", "Based on"),
    "fl.field": ("字段", "Field"),
}
TEXT |= {
    "sub.no_errors": (
        "产品种类规则检查：没有错误（{w} 项警告，见“完整性检查”）。",
        "Rule check: no errors ({w} warning(s), see Completeness).",
    ),
    "sub.errors_open": (
        "产品种类规则检查发现 {n} 项错误：改正模型后再提交，或逐项说明理由（由认证机构审核接受）。",
        "The rule check found {n} error(s): fix the model before submitting, or justify each one "
        "(the certification body must accept it).",
    ),
    "sub.whole_model": ("整个模型", "The whole model"),
    "sub.justify": ("理由说明（可选）", "Justification (optional)"),
    "sub.justify_hint": (
        "为什么此项不影响结论，附哪些证据",
        "why this does not affect the result, with which evidence",
    ),
    "mw.f.inputs": ("输入", "inputs"),
    "mw.f.emissions": ("直接排放", "direct emissions"),
    "mw.f.co_products": ("副产品", "co-products"),
    "mw.f.x-gaps": ("数据缺口", "data gaps"),
}
TEXT["mw.f.substitutes"] = ("替代（避免的产品）", "substitutes")
TEXT |= {
    "dc.missing": (
        "此格式还缺 {n} 项数据（在模型中补充后即可导出）：",
        "This format lacks {n} item(s) (add them to the model):",
    ),
    "tab.declarations": ("声明与导出", "Declarations"),
    "dc.hint": (
        "同一份清单（模型第 {n} 版，{total} kg CO2e / {fu}）生成的全部声明格式；功能单位相同的声明总量一致。",
        "Every declaration from the one inventory (version {n}, {total} kg CO2e / {fu}); declarations with "
        "the same functional unit carry the same total.",
    ),
    "dc.download": ("下载 {title}", "Download {title}"),
    "dc.make": ("生成全部声明", "Make every declaration"),
}
TEXT["prog.recompute_done"] = ("已完成：{n} 张证书全部重新计算。", "Done: all {n} certificates recomputed.")
