//! The plain statements about an indicator.

use super::text::{against, amount, reference_note};
use super::*;

impl IndicatorExplanation {
    /// The plain statements about this indicator, one sentence each.
    pub fn summary(&self, lang: Lang, enterprises_total: f64, budget_gap: &str) -> Vec<String> {
        let zh = lang == Lang::Zh;
        let name = self.name.get(lang);
        let shown = shown(self.unit);
        let q = |value: f64| format::quantity(value, self.unit, lang);
        let flow = self.kind == IndicatorKind::Flow;
        let attainment = format::attainment(self.result, self.goal);
        let mut sentences = Vec::new();

        let goal_clause = match (self.verdict, self.target, lang) {
            (Verdict::Met | Verdict::Missed, Some(target), Lang::Zh) => format!(
                "为规划目标 {}的 {attainment}（{}）",
                q(target),
                self.verdict.label(lang)
            ),
            (Verdict::Met | Verdict::Missed, Some(target), Lang::En) => format!(
                "{attainment} of the plan target of {} ({})",
                q(target),
                self.verdict.label(lang)
            ),
            (Verdict::Infeasible, Some(target), Lang::Zh) => format!(
                "为规划目标 {}的 {attainment}；但本情景预算未平衡（{budget_gap}），不判定是否达成",
                q(target)
            ),
            (Verdict::Infeasible, Some(target), Lang::En) => format!(
                "{attainment} of the plan target of {}; but the scenario's budget is not \
                 balanced ({budget_gap}), so no target is claimed",
                q(target)
            ),
            (_, _, Lang::Zh) => format!(
                "为参考值 {}的 {attainment}（{}）",
                q(self.goal),
                reference_note(self, lang)
            ),
            (_, _, Lang::En) => format!(
                "{attainment} of the reference value of {} ({})",
                q(self.goal),
                reference_note(self, lang)
            ),
        };
        let (funding, result) = (format::wan(self.funding_total, lang), q(self.result));
        sentences.push(match (flow, zh) {
            (true, true) => format!(
                "{name}：四年投入 {funding}，预计四年共 {result}，{goal_clause}。"
            ),
            (false, true) => format!(
                "{name}：四年累计投入 {funding}，预计2020年达到 {result}，{goal_clause}。"
            ),
            (true, false) => format!(
                "{name}: {funding} over four years is projected to give {result} over four years, {goal_clause}."
            ),
            (false, false) => format!(
                "{name}: {funding} over four years is projected to reach {result} in 2020, {goal_clause}."
            ),
        });

        let (unsubsidised, added) = (
            q(self.without_subsidy),
            q(self.result - self.without_subsidy),
        );
        let each = shown.each.get(lang);
        let cost_of = |cost: Option<Money>| cost.map(|cost| format::wan(cost, lang));
        sentences.push(
            match (cost_of(self.average_cost), cost_of(self.average_cost_of_added), lang) {
                (None, _, Lang::Zh) => "平均成本：结果为零，无法计算。".to_owned(),
                (None, _, Lang::En) => {
                    "Average cost: the result is zero, so there is none.".to_owned()
                }
                (Some(cost), added_cost, Lang::Zh) => format!(
                    "平均成本：{each} {cost}（四年投入 ÷ {}）；其中 {unsubsidised}没有补贴也会发生，{}。",
                    if flow { "四年结果" } else { "2020年水平" },
                    match added_cost {
                        Some(added_cost) => format!("只算资金带来的 {added}，{each} {added_cost}"),
                        None => "资金没有带来额外的结果".to_owned(),
                    }
                ),
                (Some(cost), added_cost, Lang::En) => format!(
                    "Average cost: {cost} {each} (four-year money ÷ {}); {unsubsidised} would happen without subsidy \
                 anyway, {}.",
                    if flow { "four-year result" } else { "2020 level" },
                    match added_cost {
                        Some(added_cost) => {
                            format!("so counting only the {added} the money adds, {added_cost} {each}")
                        }
                        None => "so the money adds nothing".to_owned(),
                    }
                ),
            },
        );

        let extra = Money::yuan(EXTRA_PER_YEAR_YUAN);
        let extra_total = extra.times(YEAR_COUNT as i64);
        let gain = amount(self.marginal_per_million, self.unit, lang, 2);
        sentences.push(match (self.marginal_cost, lang) {
            (Some(cost), Lang::Zh) => format!(
                "多投入的效果：每年再多投入 {}（四年共 {}），{} {}，折合{} {}。",
                format::wan(extra, lang),
                format::wan(extra_total, lang),
                if flow {
                    "四年结果增加"
                } else {
                    "2020年水平提高"
                },
                gain,
                shown.extra.get(lang),
                format::wan(cost, lang)
            ),
            (None, Lang::Zh) => format!(
                "多投入的效果：每年再多投入 {}（四年共 {}），结果几乎不再增加（已接近饱和上限）。",
                format::wan(extra, lang),
                format::wan(extra_total, lang)
            ),
            (Some(cost), Lang::En) => format!(
                "One more {} a year ({} over four years) {}: {} {}.",
                format::wan(extra, lang),
                format::wan(extra_total, lang),
                if flow {
                    format!("gives {gain} more over four years")
                } else {
                    format!("raises the 2020 level by {gain}")
                },
                format::wan(cost, lang),
                shown.extra.get(lang)
            ),
            (None, Lang::En) => format!(
                "One more {} a year ({} over four years) adds next to nothing: the curve is \
                 close to its ceiling.",
                format::wan(extra, lang),
                format::wan(extra_total, lang)
            ),
        });

        let reference = self.goal_is_reference();
        let now = format::wan(self.funding_per_year, lang);
        let on_average = !self.uniform_funding();
        let gives = match (lang, on_average) {
            (Lang::Zh, false) => format!("本情景每年 {now}"),
            (Lang::Zh, true) => format!("本情景平均每年 {now}"),
            (Lang::En, false) => format!("the scenario gives {now} a year"),
            (Lang::En, true) => format!("the scenario gives {now} a year on average"),
        };
        let need = self.money_for_target;
        sentences.push(match (lang, reference) {
            (Lang::Zh, false) => format!(
                "达到目标：每年需要 {}；{gives}，{}。",
                format::wan(need, lang),
                against(self.funding_per_year, need, lang)
            ),
            (Lang::Zh, true) => format!(
                "达到参考值（参考值，不是目标）：每年需要 {}；{gives}，{}。",
                format::wan(need, lang),
                against(self.funding_per_year, need, lang)
            ),
            (Lang::En, false) => format!(
                "Reaching the target takes {} a year; {gives}: {}.",
                format::wan(need, lang),
                against(self.funding_per_year, need, lang)
            ),
            (Lang::En, true) => format!(
                "Reaching the reference value (a reference, not a target) takes {} a year; \
                 {gives}: {}.",
                format::wan(need, lang),
                against(self.funding_per_year, need, lang)
            ),
        });
        let need = self.money_for_90_percent;
        let alpha = format::percent(self.parameter(ParamKind::Alpha));
        sentences.push(match (lang, reference, self.ninety_percent_without_subsidy()) {
            (Lang::Zh, false, true) => {
                format!("达到目标的90%：没有补贴也能达到（没有补贴也会发生的部分就有目标的 {alpha}）。")
            }
            (Lang::Zh, true, true) => format!(
                "达到参考值的90%：没有补贴也能达到（没有补贴也会发生的部分就有参考值的 {alpha}）。"
            ),
            (Lang::Zh, reference, false) => format!(
                "达到{}的90%：每年需要 {}；{gives}，{}。",
                if reference { "参考值" } else { "目标" },
                format::wan(need, lang),
                against(self.funding_per_year, need, lang)
            ),
            (Lang::En, reference, true) => format!(
                "90% of the {} is reached without subsidy ({alpha} of it happens anyway).",
                if reference { "reference value" } else { "target" }
            ),
            (Lang::En, reference, false) => format!(
                "Reaching 90% of the {} takes {} a year; {gives}: {}.",
                if reference { "reference value" } else { "target" },
                format::wan(need, lang),
                against(self.funding_per_year, need, lang)
            ),
        });

        if self.counts_toward_enterprises {
            let unit = Unit::Enterprises;
            sentences.push(match lang {
                Lang::Zh => format!(
                    "计入转型企业总数：本项 {}，十二项合计 {}（目标 {}）。",
                    format::quantity(self.result, unit, lang),
                    format::quantity(enterprises_total, unit, lang),
                    format::quantity(ENTERPRISES_TARGET, unit, lang)
                ),
                Lang::En => format!(
                    "Counts toward enterprises transformed: {} of the twelve lines' {} \
                     (target {}).",
                    format::quantity(self.result, unit, lang),
                    format::quantity(enterprises_total, unit, lang),
                    format::quantity(ENTERPRISES_TARGET, unit, lang)
                ),
            });
        }
        sentences
    }
}
