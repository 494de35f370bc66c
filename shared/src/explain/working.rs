//! The formula and the arithmetic behind every statement, line by line.

use super::text::{amount, num, reference_note, source, wan_number};
use super::*;

impl IndicatorExplanation {
    /// The formula and the arithmetic, line by line: every input with its provenance,
    /// k, each year's substitution, the result and attainment, and the arithmetic of
    /// every statement of [`IndicatorExplanation::summary`].
    pub fn working(&self, lang: Lang, enterprises_total: f64, budget_gap: &str) -> Vec<String> {
        let zh = lang == Lang::Zh;
        let flow = self.kind == IndicatorKind::Flow;
        let shown = shown(self.unit);
        let unit = shown.unit.get(lang);
        let y = |value: f64| num(value * shown.scale, 4);
        let p = |value: f64| num(value, 4);
        let (alpha, s, m) = (
            self.parameter(ParamKind::Alpha),
            self.parameter(ParamKind::Saturation),
            self.parameter(ParamKind::CostMultiplier),
        );
        let t = self.input("T");
        let k = format::number(self.k / 1e4, 2);
        let b = wan_number(self.baseline_funding);
        let mut lines = Vec::new();
        lines.push(match (zh, flow) {
            (true, true) => format!("【{}】每年的产出按当年资金计算，四年相加", self.name.zh),
            (true, false) => format!("【{}】2020年的水平，由截至当年的累计资金决定", self.name.zh),
            (false, true) => format!(
                "[{}] a flow: produced each year from that year's money, summed over four years",
                self.name.en
            ),
            (false, false) => format!(
                "[{}] a level: the 2020 state, driven by the money to date",
                self.name.en
            ),
        });
        lines.push(if zh {
            format!("曲线：{}", self.formula)
        } else {
            format!("curve: {}", self.formula)
        });
        lines.push(if zh {
            format!(
                "校准：{}，使 y(B) = T（基线资金正好达到目标）",
                self.calibration
            )
        } else {
            format!(
                "calibration: {}, so that y(B) = T (the baseline money meets the goal exactly)",
                self.calibration
            )
        });

        // Inputs with their provenance.
        for input in &self.inputs {
            let line = match input.symbol {
                "T" => {
                    let derivation = match (self.target, flow, lang) {
                        (Some(target), true, Lang::Zh) => format!(
                            "年度目标 = 四年目标 {} ÷ 4",
                            amount(target, self.unit, lang, 4)
                        ),
                        (Some(target), true, Lang::En) => format!(
                            "annual target = four-year target {} ÷ 4",
                            amount(target, self.unit, lang, 4)
                        ),
                        (Some(_), false, Lang::Zh) => "规划设定的2020年水平".to_owned(),
                        (Some(_), false, Lang::En) => "the 2020 level the plan sets".to_owned(),
                        (None, _, Lang::Zh) => {
                            format!("参考值：{}", reference_note(self, lang))
                        }
                        (None, _, Lang::En) => {
                            format!("reference value: {}", reference_note(self, lang))
                        }
                    };
                    format!(
                        "  T = {} {unit}   [{}] {derivation}",
                        y(input.value),
                        source(input.provenance, lang)
                    )
                }
                _ => {
                    let annual = plan::programme(self.programme).baseline();
                    let why = match (plan::programme(self.programme).earmark, lang) {
                        (Some(earmark), Lang::Zh) => format!(
                            "规划专项安排 {} ÷ 4 = 每年 {}",
                            format::wan(earmark.total(), lang),
                            format::wan(annual, lang)
                        ),
                        (Some(earmark), Lang::En) => format!(
                            "the plan's earmark of {} ÷ 4 = {} a year",
                            format::wan(earmark.total(), lang),
                            format::wan(annual, lang)
                        ),
                        (None, Lang::Zh) => format!(
                            "本项目的默认年度安排 {}；十六项合计正好为规划每年 {}的资金规模",
                            format::wan(annual, lang),
                            format::yi(plan::annual_envelope(), lang)
                        ),
                        (None, Lang::En) => format!(
                            "this project's default of {} a year; the sixteen lines add up to \
                             the plan's {} a year",
                            format::wan(annual, lang),
                            format::yi(plan::annual_envelope(), lang)
                        ),
                    };
                    let what = match (flow, lang) {
                        (true, Lang::Zh) => "基线年度资金：".to_owned(),
                        (true, Lang::En) => "baseline annual money: ".to_owned(),
                        (false, Lang::Zh) => "四年基线 = 4 × 每年基线；".to_owned(),
                        (false, Lang::En) => "four-year baseline = 4 × the annual one; ".to_owned(),
                    };
                    format!(
                        "  B = {}   [{}] {what}{why}",
                        format::wan(self.baseline_funding, lang),
                        source(input.provenance, lang)
                    )
                }
            };
            lines.push(line);
        }
        for param in &self.parameters {
            let status = match (param.overridden, lang) {
                (false, Lang::Zh) => " · 默认值".to_owned(),
                (false, Lang::En) => " · default".to_owned(),
                (true, Lang::Zh) => format!(" · 本情景修改，默认 {}", p(param.default)),
                (true, Lang::En) => {
                    format!(" · set by the scenario; default {}", p(param.default))
                }
            };
            let note = match (param.note, lang) {
                (Some(note), Lang::Zh) => format!("；本项说明：{}", note.get(lang)),
                (Some(note), Lang::En) => format!("; about this line: {}", note.get(lang)),
                (None, _) => String::new(),
            };
            lines.push(format!(
                "  {} = {}   [{}{status}] {}{note}",
                param.symbol,
                p(param.value),
                source(param.provenance, lang),
                param.rationale.get(lang)
            ));
        }
        lines.push(format!(
            "  k = −{b} / ln(1 − (1 − {}) / ({} − {})) = {k} {}",
            p(alpha),
            p(s),
            p(alpha),
            if zh { "万元" } else { "ten thousand CNY" }
        ));

        // Year by year.
        lines.push(if zh {
            format!("逐年代入（a 与 k 以万元计，T 与 y 以{unit}计）：")
        } else {
            format!("year by year (a and k in ten thousand CNY, T and y in {unit}):")
        });
        for step in &self.steps {
            let money = match self.kind {
                IndicatorKind::Flow => step.funding,
                IndicatorKind::Level => self
                    .steps
                    .iter()
                    .take_while(|other| other.year <= step.year)
                    .map(|other| other.funding)
                    .sum(),
            };
            let a = wan_number(money);
            let year = match (zh, flow) {
                (true, true) => format!("{}年", step.year),
                (true, false) => format!("{}年（累计）", step.year),
                (false, true) => format!("{}", step.year),
                (false, false) => format!("{} (to date)", step.year),
            };
            lines.push(format!(
                "  {year}{}y({a}) = {}·{} + ({} − {})·{}·(1 − exp(−{a} / ({}·{k}))) = {}",
                if zh { "：" } else { ": " },
                p(alpha),
                y(t),
                p(s),
                p(alpha),
                y(t),
                p(m),
                y(step.output)
            ));
        }
        let (result, goal) = (y(self.result), y(self.goal));
        let years = self
            .steps
            .iter()
            .map(|step| y(step.output))
            .collect::<Vec<_>>()
            .join(" + ");
        lines.push(match (flow, zh) {
            (true, true) => format!("  结果 = 四年相加 = {years} = {result} {unit}"),
            (true, false) => {
                format!("  result = sum of the four years = {years} = {result} {unit}")
            }
            (false, true) => format!("  结果 = 2020年的水平 = {result} {unit}"),
            (false, false) => format!("  result = the 2020 level = {result} {unit}"),
        });
        let attainment = format::attainment(self.result, self.goal);
        lines.push(match (self.verdict, lang) {
            (Verdict::Met | Verdict::Missed, Lang::Zh) => format!(
                "  达成率 = {result} ÷ {goal} = {attainment}（{}）",
                self.verdict.label(lang)
            ),
            (Verdict::Met | Verdict::Missed, Lang::En) => format!(
                "  attainment = {result} ÷ {goal} = {attainment} ({})",
                self.verdict.label(lang)
            ),
            (Verdict::Infeasible, Lang::Zh) => format!(
                "  达成率 = {result} ÷ {goal} = {attainment}；本情景预算未平衡（{budget_gap}），不判定是否达成"
            ),
            (Verdict::Infeasible, Lang::En) => format!(
                "  attainment = {result} ÷ {goal} = {attainment}; the budget is not balanced ({budget_gap}), \
                 so no target is claimed"
            ),
            (Verdict::NoTarget, Lang::Zh) => format!(
                "  对照参考值 = {result} ÷ {goal} = {attainment}（参考值，不是目标）"
            ),
            (Verdict::NoTarget, Lang::En) => format!(
                "  against the reference value = {result} ÷ {goal} = {attainment} (a reference, not a target)"
            ),
        });

        // The statements' arithmetic.
        let total = wan_number(self.funding_total);
        let wan_unit = if zh { "万元" } else { "ten thousand CNY" };
        let each = shown.each.get(lang);
        if let Some(cost) = self.average_cost {
            let cost = format::wan(cost, lang);
            lines.push(if zh {
                let of = if flow { "四年结果" } else { "2020年水平" };
                format!("  平均成本 = 四年投入 ÷ {of} = {total} 万元 ÷ {result} {unit} = {cost}（{each}）")
            } else {
                let of = if flow { "four-year result" } else { "2020 level" };
                format!(
                    "  average cost = four-year money ÷ {of} = {total} {wan_unit} ÷ {result} {unit} = {cost} {each}"
                )
            });
        }
        let without = if flow {
            format!("4·α·T = 4·{}·{}", p(alpha), y(t))
        } else {
            format!("α·T = {}·{}", p(alpha), y(t))
        };
        let (unsubsidised, added) = (
            y(self.without_subsidy),
            y(self.result - self.without_subsidy),
        );
        lines.push(match (self.average_cost_of_added, lang) {
            (Some(cost), Lang::Zh) => format!(
                "  没有补贴也会发生 = {without} = {unsubsidised} {unit}；资金带来的 = {result} − {unsubsidised} = {added} {unit}；{total} 万元 ÷ {added} {unit} = {}（{each}）",
                format::wan(cost, lang)
            ),
            (Some(cost), Lang::En) => format!(
                "  without subsidy = {without} = {unsubsidised} {unit}; added by the money = {result} − {unsubsidised} = {added} {unit}; \
                 {total} {wan_unit} ÷ {added} {unit} = {} {each}",
                format::wan(cost, lang)
            ),
            (None, Lang::Zh) => {
                format!("  没有补贴也会发生 = {without} = {unsubsidised} {unit}；资金没有带来额外的结果")
            }
            (None, Lang::En) => {
                format!("  without subsidy = {without} = {unsubsidised} {unit}; the money adds nothing")
            }
        });
        let extra = Money::yuan(EXTRA_PER_YEAR_YUAN);
        let extra_total = extra.times(YEAR_COUNT as i64);
        let e = wan_number(extra);
        let difference = match self.kind {
            IndicatorKind::Flow => format!(
                "Σ [y(a + {e}) − y(a)] = {}",
                self.steps
                    .iter()
                    .map(|step| y(step.output_with_extra - step.output))
                    .collect::<Vec<_>>()
                    .join(" + ")
            ),
            IndicatorKind::Level => {
                let last = self.steps.last();
                let now = self.funding_total;
                format!(
                    "y({} + {}) − y({}) = {} − {}",
                    wan_number(now),
                    wan_number(extra_total),
                    wan_number(now),
                    y(last.map_or(f64::NAN, |step| step.output_with_extra)),
                    y(self.result)
                )
            }
        };
        let gain = y(self.marginal_per_million);
        lines.push(match (self.marginal_cost, lang) {
            (Some(cost), Lang::Zh) => format!(
                "  每年多投入 {e} 万元：{difference} = {gain} {unit}；{} 万元 ÷ {gain} {unit} = {}（{}）",
                wan_number(extra_total),
                format::wan(cost, lang),
                shown.extra.get(lang)
            ),
            (Some(cost), Lang::En) => format!(
                "  {e} {wan_unit} more a year: {difference} = {gain} {unit}; {} {wan_unit} ÷ {gain} {unit} = {} {}",
                wan_number(extra_total),
                format::wan(cost, lang),
                shown.extra.get(lang)
            ),
            (None, Lang::Zh) => format!("  每年多投入 {e} 万元：{difference} = {gain} {unit}"),
            (None, Lang::En) => {
                format!("  {e} {wan_unit} more a year: {difference} = {gain} {unit}")
            }
        });
        let reference = self.goal_is_reference();
        let goal_word = match (lang, reference) {
            (Lang::Zh, false) => "目标",
            (Lang::Zh, true) => "参考值",
            (Lang::En, false) => "the target",
            (Lang::En, true) => "the reference value",
        };
        for (share, formula, need) in [
            (1.0, TARGET_MONEY_FORMULA, self.money_for_target),
            (0.9, NINETY_PERCENT_MONEY_FORMULA, self.money_for_90_percent),
        ] {
            let what = match (lang, share < 1.0) {
                (Lang::Zh, false) => format!("达到{goal_word}所需"),
                (Lang::Zh, true) => format!("达到{goal_word}的90%所需"),
                (Lang::En, false) => format!("money for {goal_word}"),
                (Lang::En, true) => format!("money for 90% of {goal_word}"),
            };
            if alpha >= share {
                lines.push(match lang {
                    Lang::Zh => format!(
                        "  {what}：α = {} ≥ {}，没有补贴也能达到，所需为 0",
                        p(alpha),
                        p(share)
                    ),
                    Lang::En => format!(
                        "  {what}: α = {} ≥ {}, reached without subsidy, so 0",
                        p(alpha),
                        p(share)
                    ),
                });
                continue;
            }
            let x = libm::log1p(-(share - alpha) / (s - alpha));
            let a = -m * self.k * x;
            let substituted = format!(
                "−{}·{k}·ln(1 − ({} − {}) / ({} − {}))",
                p(m),
                p(share),
                p(alpha),
                p(s),
                p(alpha)
            );
            let equal = if share < 1.0 {
                String::new()
            } else {
                match lang {
                    Lang::Zh => format!("（k 按 B 校准，故等于 m·B = {}·{b}）", p(m)),
                    Lang::En => format!(" (k is calibrated at B, so this is m·B = {}·{b})", p(m)),
                }
            };
            let value = num(a / 1e4, 2);
            let need = format::wan(need, lang);
            lines.push(match (lang, flow) {
                (Lang::Zh, true) => {
                    format!("  {what}（每年）：{formula} = {substituted} = {need}{equal}")
                }
                (Lang::Zh, false) => format!(
                    "  {what}：{formula} = {substituted} = {value} 万元，四年累计{equal}，即每年 {need}"
                ),
                (Lang::En, true) => {
                    format!("  {what} (a year): {formula} = {substituted} = {need}{equal}")
                }
                (Lang::En, false) => format!(
                    "  {what}: {formula} = {substituted} = {value} {wan_unit} over four years{equal}, \
                     that is {need} a year"
                ),
            });
        }
        if self.counts_toward_enterprises {
            lines.push(match lang {
                Lang::Zh => format!(
                    "  计入转型企业总数：本项 {} 家，十二项合计 {} 家",
                    num(self.result, 2),
                    num(enterprises_total, 2)
                ),
                Lang::En => format!(
                    "  counts toward enterprises transformed: {} of {}",
                    num(self.result, 2),
                    num(enterprises_total, 2)
                ),
            });
        }
        lines
    }
}
