//! The execution view's own words in zh-CN and English (names of programmes,
//! indicators, units, departments and statuses come from the model crate).

crate::i18n::texts! {
    TITLE = "执行情况 · 年初计划、年终考核", "Execution · year plans and year-end assessment";
    TAB = "执行情况", "Execution";
    BACK = "返回资金模拟", "Back to the simulator";
    SIGN_IN_PROMPT = "执行情况需要登录：实际支出与产出保存在服务器上。请用您的账号登录。", "The execution view needs you to sign in: actual spending and outputs are kept on the server. Sign in with your account.";
    UNREACHABLE = "无法连接服务器，执行情况暂不可用（资金模拟仍可离线使用）。", "The server cannot be reached, so the execution view is unavailable (the simulator still works offline).";
    LOADING = "正在载入…", "Loading…";
    YEAR = "年度", "Year";
    YEAR_PLAN = "年度计划", "Year plan";
    PLAN_ADOPTED = "已通过", "adopted";
    PLAN_NONE = "未通过（按方案金额）", "none (scenario's amounts)";
    ACTUALS = "实际数据", "Actuals";
    ACTUALS_NONE = "无", "none";
    SCENARIO = "对照方案", "Scenario";
    BASELINE = "规划基线", "Plan baseline";
    ASSESSMENT = "年终考核", "Year-end assessment";
    NO_ACTUALS = "该年度尚无实际数据。请在下方“录入实际数据”中填写或导入。", "This year has no actuals yet. Enter or import them below under “Enter actuals”.";
    PROGRAMME = "项目", "Programme";
    INDICATOR = "指标", "Indicator";
    PLANNED = "计划（万元）", "Plan (CNY million)";
    SPENT = "实际支出（万元）", "Spent (CNY million)";
    SPENT_ENTRY = "实际支出（万元）", "Spent (CNY million)";
    EXECUTION_RATE = "执行率", "Execution";
    PLANNED_OUTPUT = "计划产出", "Planned output";
    ACTUAL_OUTPUT = "实际产出", "Actual output";
    ATTAINMENT = "完成率", "Attainment";
    COST_ACTUAL = "实际单位成本（元）", "Cost per unit, actual (CNY)";
    COST_MODEL = "模型单位成本（元）", "Cost per unit, model (CNY)";
    STATUS = "状态", "Status";
    THRESHOLDS = "判定标准", "Thresholds";
    DEPARTMENTS = "按责任单位汇总", "By responsible department";
    DEPARTMENT = "责任单位", "Department";
    COUNTS = "正常 / 预警 / 滞后 / 未报送", "On track / at risk / off track / not reported";
    TRAJECTORY = "执行轨迹：实线为实际，虚线为预测", "Trajectory: actuals solid, forecast dashed";
    TRAJECTORY_OF = "指标", "Indicator";
    REFORECAST = "重新预测（4年）", "Re-forecast (4 years)";
    ACHIEVED = "已完成", "Achieved";
    ACHIEVED_NOTE = "已完成为已结束年度报送的实际产出：“—”表示均未报送；带“*”的含未报送年度的模型估计。重新预测的未结束年度为模型值。", "Achieved is the output measured in the closed years: “—” where none was reported; a “*” marks a figure that includes the model's estimate for years not reported. The re-forecast's open years are the model's.";
    CALIBRATE = "用已结束年度的实际数据校准成本系数", "Calibrate cost multipliers from the closed years' actuals";
    ENTRY = "录入实际数据", "Enter actuals";
    ENTRY_HELP = "每个项目填写当年实际支出（万元）和各指标的实际产出；留空表示未报送。", "For each programme give the year's spending (CNY million) and each indicator's measured output; leave empty for not reported.";
    DATA_STATUS = "数据状态", "Data status";
    SOURCE = "数据来源", "Source";
    NOTE = "备注", "Note";
    SAVE = "保存", "Save";
    SAVED = "已保存", "Saved";
    MARK_FINAL = "标记为最终数据（审批人）", "Mark final (approver)";
    MARKED_FINAL = "已标记为最终数据", "Marked final";
    IMPORT = "导入 CSV 或 Excel 文件", "Import a CSV or Excel file";
    IMPORTED = "已导入", "Imported";
    DOWNLOAD_CSV = "下载 CSV", "Download CSV";
    DOWNLOAD_XLSX = "下载 Excel", "Download Excel";
    MISSING_SPENT = "有产出数据但未填写支出", "outputs are given but not the spending";
    BAD_NUMBER = "不是有效的非负数字", "is not a valid number ≥ 0";
    FAILED = "操作失败", "Failed";
    CONFLICT = "保存冲突：他人已在您打开后修改了该年度的实际数据。已重新载入最新数据，请核对后再保存。", "Save conflict: someone changed this year's actuals after you opened them. The latest data has been loaded; check it and save again.";
    NOT_SIGNED_IN = "登录已失效，请重新登录", "You are no longer signed in; sign in again";
    FORBIDDEN = "您的角色无权执行此操作", "Your role may not do this";
    NOT_FOUND = "未找到", "Not found";
    REFUSED = "服务器拒绝了该操作", "The server refused this";
    INVALID = "数据有误", "The data has problems";
    NO_SERVER = "无法连接服务器", "The server cannot be reached";
    SERVER_SAID = "服务器说明", "server says";
    REPLAN = "重新规划剩余年度", "Re-plan the remaining years";
    REPLAN_HELP = "已结束年度按实际支出固定，优化其后各年度的分配。", "The closed years stay at their actual spending; the years after them are optimised.";
    CARRY_OVER = "已结束年度结余资金", "Unspent money of closed years";
    CARRY_NEXT = "结转到下一年", "carry to the next year";
    CARRY_SPREAD = "平均分摊到剩余年度", "spread over the remaining years";
    CARRY_LAPSE = "不再使用", "lapse";
    OBJECTIVE = "优化目标", "Objective";
    KEEP_ALL = "保持每项目标不低于 100%（做不到时会说明）", "Keep every target at 100% or more (says so when it cannot be done)";
    RUN_REPLAN = "重新规划", "Re-plan";
    REPLAN_NEEDS_SAVED = "请先选择一个已保存的方案（规划基线不能重新规划）", "Choose a saved scenario first (the plan baseline cannot be re-planned)";
    REPLAN_NO_OPEN = "2020 年已结束，没有可重新规划的年度", "2020 is closed: there are no years left to re-plan";
    DIFF = "重新规划前后（万元）", "Before → after";
    BEFORE = "原计划", "Before";
    AFTER = "重新规划", "After";
    DELTA = "变化", "Change";
    NO_CHANGES = "重新规划未改变任何金额", "The re-plan changes no amount";
    ACCEPT_DRAFT = "接受为新草稿", "Accept as a new draft";
    ACCEPTED = "已保存为新草稿", "Saved as a new draft";
    OPEN_IN_SIMULATOR = "在资金模拟中打开", "Open in the simulator";
    PRESENT = "演示（含执行情况）", "Present (with execution)";
}

/// `label：value` in Chinese, `label: value` in English.
pub fn labelled(lang: shared::plan::Lang, label: shared::plan::Text, value: &str) -> String {
    match lang {
        shared::plan::Lang::Zh => format!("{}：{value}", label.zh),
        shared::plan::Lang::En => format!("{}: {value}", label.en),
    }
}

/// What went wrong, then what the server said: `保存失败（服务器说明：…）`,
/// `Failed (server says: …)`.
pub fn with_detail(lang: shared::plan::Lang, meaning: shared::plan::Text, detail: &str) -> String {
    match lang {
        shared::plan::Lang::Zh => format!("{}（{}：{detail}）", meaning.zh, SERVER_SAID.zh),
        shared::plan::Lang::En => format!("{} ({}: {detail})", meaning.en, SERVER_SAID.en),
    }
}
