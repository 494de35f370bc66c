//! The interface's own words in zh-CN and English. Names of programmes, indicators and
//! units come from the model crate, never from here.

use shared::plan::Text;

macro_rules! texts {
    ($($name:ident = $zh:literal, $en:literal;)+) => {
        $(
            #[allow(missing_docs)]
            pub const $name: Text = Text { zh: $zh, en: $en };
        )+
    };
}

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
    MONEY_PER_YEAR = "资金（万元/年）", "Money (万元 a year)";
    EXPLAIN = "计算过程", "How computed";
    CLOSE = "关闭", "Close";
    VS_BASELINE = "较基线", "vs baseline";
    HEADLINES = "总体目标", "Headline targets";
    CHARTS = "图表", "Charts";
    CHART_ATTAINMENT = "各项目达成率（目标 = 100%）", "Attainment by programme (target = 100%)";
    CHART_TRAJECTORY = "2017–2020 累计进度", "Cumulative 2017–2020 trajectory";
    CHART_SHIFT = "资金变化（较基线，万元/4年）", "Allocation shift vs baseline (万元 over 4 years)";
    CHART_BAND = "不确定性区间（P10–P90）", "Uncertainty band (P10–P90)";
    CHART_TORNADO = "敏感性（转型企业数）", "Sensitivity (enterprises transformed)";
    RUN_UNCERTAINTY = "运行不确定性分析（2,000 次模拟）", "Run uncertainty (2,000 draws)";
    RUN_SENSITIVITY = "运行敏感性分析", "Run sensitivity";
    OPTIMISER = "优化", "Optimiser";
    OBJECTIVE_ENTERPRISES = "转型企业最多", "Most enterprises";
    OBJECTIVE_ATTAINMENT = "目标达成最好", "Best attainment";
    OBJECTIVE_MIN_COST = "达标最省钱", "Cheapest that meets every target";
    PROPOSE = "生成优化方案", "Propose";
    ACCEPT = "采用", "Accept";
    DISCARD = "放弃", "Discard";
    CHANGE = "变化", "Change";
    CURRENT = "当前", "Current";
    PROPOSED = "优化后", "Proposed";
    PROBABILITY = "达标概率", "P(meet target)";
    RESPECT_EARMARKS = "遵守专项资金下限", "Respect earmark floors";
    ENVELOPE_OVERRIDE = "年度资金总额（万元，空 = 规划值 30,000）", "Annual envelope (万元; empty = the plan's 30,000)";
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
    COMPARE_WITH = "与此方案对比（JSON 文件）", "Compare with (JSON file)";
    COMPARE_BASELINE = "与规划基线对比", "Compare with the plan baseline";
    ALL_PROGRAMMES = "项目", "Programme";
    INDICATOR = "指标", "Indicator";
    PLAN_SOURCE = "规划", "PLAN";
    ASSUMPTION_SOURCE = "假设", "ASSUMPTION";
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
    PRESENT = "演示模式", "Present";
    PRESENT_COMPARISON = "演示对比", "Present the comparison";
    OFFLINE_NOTE = "模拟完全在浏览器中运行，无需服务器。", "The simulation runs entirely in your browser; no server needed.";
}
