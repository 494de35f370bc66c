//! The interface's own words in zh-CN and English. Names of programmes, indicators and
//! units come from the model crate, never from here.

/// Declares interface texts, each a `Text` constant of its zh and en words.
macro_rules! texts {
    ($($name:ident = $zh:literal, $en:literal;)+) => {
        $(
            #[allow(missing_docs)]
            pub const $name: shared::plan::Text = shared::plan::Text { zh: $zh, en: $en };
        )+
    };
}
pub(crate) use texts;

texts! {
    TITLE = "天津市中小企业创新转型 2017–2020 · 资金模拟", "Tianjin SME Innovation & Transformation 2017–2020 · Budget simulator";
    EXPLORER = "资金模拟", "Explorer";
    ASSUMPTIONS = "假设与来源", "Assumptions";
    COMPARE = "方案对比", "Compare";
    LANGUAGE = "English", "中文";
    LANGUAGE_LABEL = "切换到英文", "Switch to Chinese";
    UNDO = "撤销", "Undo";
    REDO = "重做", "Redo";
    RESET = "恢复规划基线", "Reset to plan baseline";
    SCENARIO_NAME = "方案名称", "Scenario name";
    EXPORT_JSON = "导出 JSON", "Export JSON";
    IMPORT_JSON = "导入 JSON", "Import JSON";
    EXPORT_CSV = "下载分配表 CSV", "Download allocations CSV";
    EXPORT_XLSX = "下载 Excel", "Download Excel";
    SHARE = "复制分享链接", "Copy share link";
    SHARE_DONE = "分享链接已放入地址栏并复制", "Share link is in the address bar and copied";
    ENVELOPE = "年度资金", "Annual envelope";
    ALLOCATED = "已分配", "Allocated";
    SURPLUS = "结余", "Unallocated";
    DEFICIT = "超支", "Overspent";
    BALANCED = "收支平衡", "Balanced";
    PLAN_OVERRIDE = "已调整规划值", "PLAN override";
    SAME_EVERY_YEAR = "每年相同", "Same every year";
    YEARS = "编辑年度", "Years";
    LOCK = "锁定", "Lock";
    UNLOCK = "解锁", "Unlock";
    LOCKED = "已锁定", "Locked";
    FLOOR = "专项下限", "Earmark floor";
    TARGET = "目标", "Target";
    REFERENCE = "参照", "Reference";
    ATTAINMENT = "达成", "Attainment";
    MONEY_PER_YEAR = "资金（万元/年）", "Money (CNY million a year)";
    EXPLAIN = "计算过程", "How computed";
    CLOSE = "关闭", "Close";
    VS_BASELINE = "较基线", "vs baseline";
    HEADLINES = "总体目标", "Headline targets";
    CHARTS = "图表", "Charts";
    CHART_ATTAINMENT = "各项目达成率（目标 = 100%）", "Attainment by programme (target = 100%)";
    CHART_TRAJECTORY = "2017–2020 累计进度", "Cumulative 2017–2020 trajectory";
    CHART_SHIFT = "资金投向（万元/4年；竖线 = 规划基线）", "Where the money goes (CNY million over 4 years; tick = plan baseline)";
    CHART_BAND = "不确定性区间（P10–P90）", "Uncertainty band (P10–P90)";
    CHART_TORNADO = "敏感性：哪些假设最影响结果", "Sensitivity: which assumptions move the result most";
    RUN_UNCERTAINTY = "运行不确定性分析（2,000 次模拟，编辑后自动更新）", "Run uncertainty (2,000 draws; then it follows every edit)";
    RUN_SENSITIVITY = "运行敏感性分析（编辑后自动更新）", "Run sensitivity (then it follows every edit)";
    OPTIMISER = "优化", "Optimiser";
    OBJECTIVE_ENTERPRISES = "转型企业最多", "Most enterprises";
    OBJECTIVE_ATTAINMENT = "目标达成最好", "Best attainment";
    OBJECTIVE_MIN_COST = "达标最省钱", "Cheapest that meets every target";
    PROPOSE = "生成优化方案", "Propose";
    ACCEPT = "采用", "Accept";
    DISCARD = "放弃", "Discard";
    CHANGE = "变化", "Change";
    PROBABILITY = "达标概率", "P(meet target)";
    RESPECT_EARMARKS = "遵守专项资金下限", "Respect earmark floors";
    ENVELOPE_OVERRIDE = "年度资金总额（万元，空 = 规划值 30,000）", "Annual envelope (CNY million; empty = the plan's 300)";
    KEY = "参数", "Key";
    VALUE = "取值", "Value";
    DEFAULT = "默认", "Default";
    RANGE = "不确定范围", "Range";
    SOURCE = "来源", "Source";
    MEANING = "含义", "Meaning";
    OVERRIDDEN = "已调整", "overridden";
    RESTORE = "恢复默认", "Restore";
    DRAFT_FOUND = "发现上次未保存的草稿", "An unsaved draft from your last visit was found";
    RESTORE_DRAFT = "恢复草稿", "Restore draft";
    DISCARD_DRAFT = "丢弃", "Discard";
    CLAMPED = "资金不足以达到所设金额，已调整为", "Not enough room for that amount; set to";
    LOADED = "已载入", "Loaded";
    REFUSED = "未执行", "Not done";
    ALL_PROGRAMMES = "项目", "Programme";
    INDICATOR = "指标", "Indicator";
    RESPONSIBLE = "责任单位", "Responsible";
    SAVED = "已保存方案", "Saved scenarios";
    SIGN_IN = "登录", "Sign in";
    SIGN_OUT = "退出", "Sign out";
    USER_NAME = "用户名", "Name";
    PASSWORD = "密码", "Password";
    SIGNED_IN_AS = "当前用户", "Signed in as";
    SAVE = "保存", "Save";
    SAVE_AS_NEW = "另存为新方案", "Save as new";
    SAVED_OK = "已保存", "Saved";
    SAVE_FAILED = "保存失败", "Save failed";
    KEPT_AS_DRAFT = "方案已作为本地草稿保存在此浏览器中，下次打开时可恢复", "the scenario is kept as a local draft in this browser and will be offered back next time";
    LOAD = "打开", "Open";
    CLONE = "复制", "Clone";
    DELETE = "删除", "Delete";
    SEARCH = "按名称筛选", "Filter by name";
    SERVER_UNREACHABLE = "服务器暂不可用，模拟照常进行", "The server is unreachable; the simulator keeps working";
    STATUS = "状态", "Status";
    BRIEFING = "下载简报", "Download briefing";
    BRIEFING_SAVED = "已保存版本的简报（PDF）", "The briefing of the saved version (PDF)";
    PRESENT = "演示模式", "Present";
    PRESENT_COMPARISON = "演示对比", "Present the comparison";
    VIEWS = "视图", "Views";
    NOT_FEASIBLE = "预算未平衡", "Budget not balanced";
    NOT_FEASIBLE_WHY = "每年支出恰好等于预算之前，任何目标都不算达成。", "Until every year spends exactly its envelope, no target counts as met.";
    FIT_ENVELOPE = "按比例调整", "Fit to envelope";
    FIT_ENVELOPE_HELP = "未锁定的项目按比例增减，使每年支出恰好等于预算（以 10 万元为单位，下限保持）", "Scale the unlocked lines in proportion so every year spends exactly its envelope (in units of CNY 0.1 million, floors held)";
    FREE_EDIT = "自由编辑", "Free edit";
    FREE_EDIT_HELP = "只改动所编辑的一项，差额显示在上方；改完后按“按比例调整”或逐项补齐", "An edit changes that one line only and the gap shows above; then fit to the envelope or fix it line by line";
    REBALANCE_HELP = "改动一项时，其他未锁定项目按比例吸收差额（以 10 万元为单位）", "Changing a line makes the other unlocked lines absorb the difference in proportion (in units of CNY 0.1 million)";
    TRANSFER = "调出/调入", "Move money";
    TRANSFER_DIRECTION = "调动方向", "Direction";
    TRANSFER_OUT = "调出至", "Move out to";
    TRANSFER_IN = "调入自", "Move in from";
    TRANSFER_PARTNER = "另一项目", "Other programme";
    TRANSFER_AMOUNT = "金额（万元/年）", "Amount (CNY million a year)";
    TRANSFER_GO = "调动", "Move";
    YEARS_DIFFER = "各年不同", "Years differ";
    REFERENCE_ONLY = "参照值，非目标", "a reference, not a target";
    OBJECTIVE = "优化目标", "Objective";
    KEEP_TARGETS = "同时保持园区、楼宇、土地等其他目标不低于 100%", "Keep the other targets (parks, buildings, land…) at 100% or more";
    PROPOSAL_OVERSPENDS = "此方案超出预算，每年超支", "This proposal exceeds the envelope; it overspends each year by";
    BROKEN_TARGETS = "此方案会使以下原已达成的目标落空", "This proposal breaks these targets that are met now";
    SHORT_BY = "差", "short by";
    PER_YEAR_CAPTION = "每年金额（2017–2020 每年相同）", "Amounts a year (the same each year 2017–2020)";
    CURRENT_PER_YEAR = "当前（每年）", "Now (a year)";
    PROPOSED_PER_YEAR = "建议（每年）", "Proposed (a year)";
    CHANGE_PER_YEAR = "变化（每年）", "Change (a year)";
    MEAN_MARK = "（年均）", " (mean)";
    LINES_UNCHANGED = "个项目不变", "programmes unchanged";
    CONFIRM_BROKEN = "我已了解上述目标将落空，仍要采用", "I understand these targets will be missed and want to take it";
    CONFIRM_OVERSPEND = "我已了解此方案超出预算，仍要采用", "I understand this proposal overspends and want to take it";
    ACCEPT_OVERSPEND = "采用（将超支）", "Accept (overspends)";
    UPDATING = "正在更新…", "updating…";
    UP_TO_DATE = "已是最新", "up to date";
    BAND_CAPTION = "2,000 次模拟的 P10 / P50 / P90 与达标概率", "P10 / P50 / P90 of 2,000 draws and the chance of meeting each target";
    BAND_INFEASIBLE = "预算未平衡：以下按当前（超支或未分配的）资金计算，不代表目标能够达成", "Budget not balanced: these figures use the current (over- or underspent) money and do not mean a target can be met";
    TORNADO_MEASURE = "敏感性的衡量对象", "Measure for the sensitivity";
    EXPLAIN_UNAVAILABLE = "计算过程暂时无法载入：", "How computed cannot be loaded just now: ";
    EXPLAIN_WORKING = "公式与逐年计算（可核对）", "Formula and year-by-year arithmetic (to check)";
    PLAN_HEADING = "规划确定的数字", "Fixed by the plan";
    ASSUMPTION_HEADING = "本系统的假设（可调整）", "This system's assumptions (editable)";
    BASELINE = "规划基线", "Plan baseline";
    CURRENT_SCENARIO = "当前编辑的方案", "The scenario on screen";
    FROM_FILE = "从 JSON 文件导入", "Import a JSON file";
    SIDE_A = "方案 A", "Scenario A";
    SIDE_B = "方案 B", "Scenario B";
    SIDE_A_FOUR_YEARS = "A（4年合计）", "A (4 years)";
    SIDE_B_FOUR_YEARS = "B（4年合计）", "B (4 years)";
    CHOOSE_BOTH = "请为 A 和 B 各选一个方案", "Choose a scenario for A and for B";
    SIGN_IN_FOR_SAVED = "登录后可从已保存方案中选择", "Sign in to choose among saved scenarios";
    VERDICT_CHANGES = "达标情况发生变化的目标", "Targets whose verdict changes";
    NO_VERDICT_CHANGES = "两个方案的各项目标达标情况相同", "Every target has the same verdict in both";
    MONEY_BY_PROGRAMME = "各项目资金", "Money by programme";
    RESULTS = "各项结果", "Results";
    HINT_TITLE = "如何开始", "How to start";
    HINT_MOVE = "拖动滑块或输入金额（万元/年）即可调整某项资金，其他未锁定项目会按比例吸收差额，预算始终平衡。", "Drag a slider or type an amount (CNY million a year): the other unlocked lines absorb the difference in proportion, so the envelope stays balanced.";
    HINT_TRANSFER = "要在两个项目之间精确调动资金，用该行的“调出/调入”。", "To move an exact amount between two lines, use a row's “Move money”.";
    HINT_LOCK = "锁定一项可使其金额保持不变。", "Lock a line to keep its amount fixed.";
    HINT_FREE = "打开“自由编辑”可逐项改动而不自动平衡，再按“按比例调整”补齐预算。", "Turn on “Free edit” to change lines one by one without rebalancing, then press “Fit to envelope”.";
    HINT_DISMISS = "知道了", "Got it";
    OFFLINE_NOTE = "模拟完全在浏览器中运行，无需服务器。", "The simulation runs entirely in your browser; no server needed.";
}

// The skip links, the first stops of the keyboard.
texts! {
    SKIP_LINKS = "快速跳转", "Skip links";
    SKIP_TO_PROGRAMMES = "跳到各项目资金", "Skip to the programmes";
    SKIP_TO_OPTIMISER = "跳到优化", "Skip to the optimiser";
    SKIP_TO_CONTENT = "跳到正文", "Skip to the content";
}
