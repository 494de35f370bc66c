//! Optimise: the best annual split of the envelope under an objective.
//!
//! Every objective is separable across programmes and concave in each programme's
//! money, so greedy marginal allocation in fixed steps is optimal on the grid of steps,
//! and so within one step of the continuous optimum. The optimiser works on one annual
//! split applied to every year (by symmetry and concavity the best split is the same
//! every year when the envelope is). Floors (earmarks) and locked lines hold.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::allocate::{
    Lines, capped_attainment, check_steps, conflict, greedy, keep_need, line_bounds, min_cost,
};
use crate::format;
use crate::ids::{PROGRAMME_COUNT, ProgrammeId, YEAR_COUNT, Year};
use crate::model::{Model, Outcomes};
use crate::money::Money;
use crate::plan::{
    ENTERPRISE_LINES, INDICATOR_COUNT, INDICATORS, KpiKey, Lang, Refusal, Text, Unit, Words,
};
use crate::projection::outcomes;
use crate::rebalance::{Locks, Overrun};
use crate::scenario::{Scenario, ScenarioError, floor_of};
use crate::verdict::meets;

crate::string_enum! {
    /// What to optimise.
    pub enum Objective("objective") {
        /// Maximise enterprises transformed.
        Enterprises = "enterprises",
        /// Maximise Σ w·min(1, result ÷ target) over every indicator with a target (or a
        /// reference value), equal weights.
        Attainment = "attainment",
        /// The cheapest allocation that meets every target and reference value.
        MinCost = "min-cost",
    }
}

/// The default step: 100,000 CNY (10万元).
pub const DEFAULT_STEP_YUAN: i64 = 100_000;
/// The most greedy steps one optimisation may take.
pub const MAX_STEPS: i64 = 1_000_000;

/// The optimiser's step: a whole number of yuan, at least 1; no other value can be
/// constructed, so the command line and the API check it here only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Step(Money);

impl Step {
    /// `amount` if it is a whole number of yuan of at least 1; the error says so.
    pub fn new(amount: Money) -> Result<Step, OptimiseError> {
        if amount.is_whole_yuan() && amount >= Money::yuan(1) {
            Ok(Step(amount))
        } else {
            Err(OptimiseError::BadStep(amount))
        }
    }

    /// The step in CNY.
    pub fn get(self) -> Money {
        self.0
    }
}

impl Default for Step {
    /// [`DEFAULT_STEP_YUAN`].
    fn default() -> Step {
        Step(Money::yuan(DEFAULT_STEP_YUAN))
    }
}

/// What a search for an allocation aims at and within which bounds: the part the
/// optimiser and the re-plan share.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Aim {
    /// The objective.
    pub objective: Objective,
    /// Step of the greedy allocation.
    pub step: Step,
    /// The least CNY a programme may get in each year searched.
    pub min: [Option<Money>; PROGRAMME_COUNT],
    /// The most CNY a programme may get in each year searched.
    pub max: [Option<Money>; PROGRAMME_COUNT],
    /// Indicators (by slot in [`INDICATORS`]) whose targets the proposal must keep at
    /// 100% or more.
    pub keep: [bool; INDICATOR_COUNT],
}

impl Aim {
    /// The objective with the default step, no bounds or kept targets.
    pub fn new(objective: Objective) -> Aim {
        Aim {
            objective,
            step: Step::default(),
            min: [None; PROGRAMME_COUNT],
            max: [None; PROGRAMME_COUNT],
            keep: [false; INDICATOR_COUNT],
        }
    }

    /// Keeps every indicator with a target or reference value that the objective
    /// does not itself count (`keep_targets: "all"`): see [`kept_by_all`].
    pub fn keep_all(&mut self) {
        self.keep = kept_by_all(self.objective);
    }

    /// Keeps the indicator `programme.indicator`; `false` if there is no such
    /// indicator with a target or reference value.
    pub fn keep_target(&mut self, key: &str) -> bool {
        keepable_slot(key)
            .map(|slot| self.keep[slot] = true)
            .is_some()
    }
}

/// How to optimise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OptimiseOptions {
    /// Objective, step, bounds and kept targets.
    pub aim: Aim,
    /// Lines held at their current (uniform) amount.
    pub locks: Locks,
}

impl OptimiseOptions {
    /// The objective with the default step, no locks, bounds or kept targets.
    pub fn new(objective: Objective) -> OptimiseOptions {
        OptimiseOptions {
            aim: Aim::new(objective),
            locks: Locks::none(),
        }
    }
}

/// What `keep_targets: "all"` keeps under an objective: every indicator with a target
/// or reference value that the objective does not itself count — for `enterprises`, the
/// carrier lines (park tax, idle land, floor area, demo bases, energy); for
/// `attainment` and `min-cost`, which count every indicator, all of them.
pub fn kept_by_all(objective: Objective) -> [bool; INDICATOR_COUNT] {
    std::array::from_fn(|slot| {
        let def = &INDICATORS[slot];
        let counted =
            objective == Objective::Enterprises && def.programme.index() < ENTERPRISE_LINES;
        !counted && def.goal() > 0.0
    })
}

/// The slot of an indicator key whose target (or reference value) can be kept.
pub fn keepable_slot(key: &str) -> Option<usize> {
    INDICATORS
        .iter()
        .position(|def| def.key() == key && def.goal() > 0.0)
}

/// Every key `keep_targets` accepts, for error messages.
pub fn keepable_keys() -> Vec<String> {
    INDICATORS
        .iter()
        .filter(|def| def.goal() > 0.0)
        .map(|def| def.key())
        .collect()
}

/// Why an optimisation cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptimiseError {
    /// The step is not a whole positive number of yuan.
    #[error("the step must be a whole number of yuan of at least 1, not {0}")]
    BadStep(Money),
    /// Too many steps for the envelope.
    #[error(
        "a step of {step} CNY needs {steps} steps to spend the envelope, more than the {max} allowed; use a step of at least {min_step} CNY"
    )]
    TooManySteps {
        /// The step given.
        step: Money,
        /// Steps it would take.
        steps: i64,
        /// The cap.
        max: i64,
        /// The smallest step that fits.
        min_step: Money,
    },
    /// Floors, locked lines, minimums and kept targets already exceed the envelope.
    #[error(
        "floors, locked lines, minimums and kept targets need {} CNY a year, {} CNY more than the envelope of {} CNY",
        .overrun.fixed, .overrun.excess(), .overrun.envelope
    )]
    FixedExceedsEnvelope {
        /// Σ of every line's least amount against the annual envelope.
        overrun: Overrun,
    },
    /// A bound that cannot hold: min above max, a locked line outside its bounds, or a
    /// kept target that needs more than a line's max or locked amount.
    #[error("{programme}: {reason}")]
    Conflict {
        /// The line.
        programme: ProgrammeId,
        /// Field path of the request the conflict is in (`min.patents`, `keep_targets`).
        field: String,
        /// What conflicts.
        reason: String,
    },
    /// A locked line does not have one amount for every year.
    #[error(
        "{0} is locked but its amount differs between years; the optimiser proposes one annual split, so unlock it or make its years equal"
    )]
    LockedLineVaries(ProgrammeId),
    /// A re-plan's actuals close every plan year: no year is left to re-plan.
    #[error("actuals through {0} close every plan year; there is no open year left to re-plan")]
    NoOpenYears(Year),
    /// A closed year's actual spending is not an amount a scenario can hold.
    #[error("spent.{year}.{programme}: {reason}")]
    BadSpending {
        /// The closed year.
        year: Year,
        /// The programme.
        programme: ProgrammeId,
        /// What is wrong.
        reason: String,
    },
    /// An achieved output of a closed year is negative or not a number.
    #[error("achieved.{key}: {reason}")]
    BadAchieved {
        /// `programme.indicator`.
        key: String,
        /// What is wrong.
        reason: String,
    },
    /// Floors, minimums and kept targets of one open year exceed its envelope.
    #[error(
        "floors, minimums and kept targets need {} CNY in {year}, {} CNY more than its envelope of {} CNY",
        .overrun.fixed, .overrun.excess(), .overrun.envelope
    )]
    YearOverCommitted {
        /// The open year.
        year: Year,
        /// Σ of every line's least amount in the year against its envelope (with any
        /// carried money).
        overrun: Overrun,
    },
    /// The proposal is invalid (cannot happen for a valid input; checked, not assumed).
    #[error(transparent)]
    Invalid(#[from] ScenarioError),
}

impl Refusal for OptimiseError {
    fn zh(&self) -> String {
        let name = |id: &ProgrammeId| crate::plan::programme(*id).short_name.zh;
        match self {
            OptimiseError::BadStep(step) => format!("步长须为不小于 1 元的整数，而不是 {step}"),
            OptimiseError::TooManySteps { min_step, .. } => format!(
                "步长太小，分配完预算所需步数超过上限；请使用不小于 {} 的步长",
                format::wan(*min_step, Lang::Zh)
            ),
            OptimiseError::FixedExceedsEnvelope { overrun } => {
                let [fixed, envelope, excess] = overrun.wan(Lang::Zh);
                format!(
                    "下限、锁定项目、最低金额和需保持的目标每年共需 {fixed}，比预算 {envelope} 多 {excess}；请解锁项目、放宽约束或提高预算"
                )
            }
            OptimiseError::Conflict { programme, .. } => format!(
                "「{}」的约束相互矛盾（最低金额、最高金额、锁定金额或需保持的目标无法同时满足）",
                name(programme)
            ),
            OptimiseError::LockedLineVaries(id) => format!(
                "「{}」已锁定但各年金额不同；优化给出每年相同的分配，请解锁或使各年相同",
                name(id)
            ),
            OptimiseError::NoOpenYears(year) => {
                format!("{year} 年及以前的实际数据已覆盖全部规划年度，没有可重新规划的年度")
            }
            OptimiseError::BadSpending {
                year,
                programme,
                reason,
            } => format!("「{}」{year} 年的实际支出无效：{reason}", name(programme)),
            OptimiseError::BadAchieved { key, reason } => {
                format!("指标 {key} 的实际完成值无效：{reason}")
            }
            OptimiseError::YearOverCommitted { year, overrun } => {
                let [fixed, envelope, excess] = overrun.wan(Lang::Zh);
                format!(
                    "{year} 年的下限、最低金额和需保持的目标共需 {fixed}，比该年预算 {envelope} 多 {excess}；请放宽约束或选择结转结余"
                )
            }
            OptimiseError::Invalid(error) => error.to_string(),
        }
    }
}

/// A target the starting scenario met and the proposal misses.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BrokenTarget {
    /// `programme.indicator`, or the KPI key.
    pub key: String,
    /// Name.
    pub name: Text,
    /// Unit.
    pub unit: Unit,
    /// The target (4-year for a flow, 2020 level for a level or KPI).
    pub target: f64,
    /// The starting scenario's result.
    pub before: f64,
    /// The proposal's result.
    pub after: f64,
    /// target − after.
    pub shortfall: f64,
}

/// How one programme's money moves in a proposal, per year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeChange {
    /// The programme.
    pub programme: ProgrammeId,
    /// CNY a year now (the mean of the four years where they differ).
    pub before_per_year: Money,
    /// CNY a year proposed (the proposal is the same every year).
    pub after_per_year: Money,
    /// after − before, CNY a year.
    pub change_per_year: Money,
    /// Whether the starting amounts differ between years.
    pub before_varies: bool,
}

/// A proposed scenario and what it achieves.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Optimised {
    /// The proposal, in the scenario file format.
    pub scenario: Scenario,
    /// The objective.
    pub objective: Objective,
    /// The objective's value for the proposal (enterprises, weighted attainment, or the
    /// annual cost in CNY for min-cost).
    pub value: f64,
    /// The objective's value for the scenario it started from.
    pub starting_value: f64,
    /// The greedy step.
    pub step: Money,
    /// Annual money the proposal needs (min-cost) or spends.
    pub required_envelope: Money,
    /// Envelope minus required: positive is money left over, negative is a shortfall.
    pub surplus: Money,
    /// Indicators no allowed money can bring to their target, as `programme.indicator`.
    pub unreachable: Vec<String>,
    /// Whether the proposal spends at most its envelope (min-cost may need more).
    pub feasible: bool,
    /// Whether the proposal is better than the starting scenario under the objective.
    pub improved: bool,
    /// Targets the starting scenario met and the proposal misses, with the shortfall.
    pub broken_targets: Vec<BrokenTarget>,
    /// Every programme's money, now and proposed, per year.
    pub changes: Vec<ProgrammeChange>,
    /// The objective's value before and after, labelled and with its unit.
    pub summary: Words,
    /// How to read the result, in both languages.
    pub note: Words,
}

/// Optimises a scenario's annual split under its envelope, assumptions and floors.
pub fn optimise(
    scenario: &Scenario,
    options: &OptimiseOptions,
) -> Result<Optimised, OptimiseError> {
    let step = options.aim.step.get();
    let envelope = scenario.envelope();
    let model = scenario.model();
    let (lower, upper, fixed) = bounds(scenario, options)?;
    let fixed_total: Money = lower.iter().copied().sum();
    let (allocation, unreachable) = match options.aim.objective {
        Objective::MinCost => {
            // y(a) = T ⇔ a = −m·k·ln(1 − (1 − α)/(s − α)) = m·B (see `least_money`).
            min_cost(|slot| Some(least_money(model, slot)), lower, &upper, &fixed)
        }
        objective => {
            if let Some(overrun) = Overrun::of(fixed_total, envelope) {
                return Err(OptimiseError::FixedExceedsEnvelope { overrun });
            }
            let budget = envelope - fixed_total;
            check_steps(budget, step)?;
            let mut lines = Lines::new(
                model,
                objective,
                1,
                YEAR_COUNT as f64,
                [0.0; INDICATOR_COUNT],
            );
            let mut money = [Money::ZERO; YEAR_COUNT];
            money[0] = budget;
            let grid = greedy(&mut lines, lower, &upper, &fixed, money, step);
            (grid[0], Vec::new())
        }
    };
    let required_envelope: Money = allocation.iter().copied().sum();
    let mut draft = scenario.to_draft();
    draft.allocations = [allocation; YEAR_COUNT];
    let proposal = Scenario::new(draft)?;
    let value = objective_value(options.aim.objective, &proposal);
    let starting_value = objective_value(options.aim.objective, scenario);
    let improved = match options.aim.objective {
        Objective::MinCost => value < starting_value - 0.5,
        _ => value > starting_value + crate::verdict::MET_TOLERANCE * starting_value.abs().max(1.0),
    };
    // The starting scenario is projected once: broken targets, whether it met
    // everything, and its envelope gaps all read the same projection.
    let start = crate::projection::project(scenario);
    let broken_targets = broken_between(&start, &crate::projection::project(&proposal));
    let changes = programme_changes(scenario, &proposal);
    let surplus = envelope - required_envelope;
    let words = Wording {
        objective: options.aim.objective,
        value,
        starting_value,
        step,
        required_envelope,
        envelope,
        improved,
        unchanged: changes.iter().all(|c| c.change_per_year == Money::ZERO),
        broken: broken_targets.len(),
        all_met_before: meets_everything(&start),
        start_gaps: crate::verdict::gaps(&start.envelope),
    };
    Ok(Optimised {
        scenario: proposal,
        objective: options.aim.objective,
        value,
        starting_value,
        step,
        required_envelope,
        surplus,
        unreachable,
        feasible: surplus >= Money::ZERO,
        improved,
        broken_targets,
        changes,
        summary: Words::each(|lang| words.summary(lang)),
        note: Words::each(|lang| words.note(lang)),
    })
}

/// Every line's least and most annual amount, and which lines are locked.
#[allow(clippy::type_complexity)]
fn bounds(
    scenario: &Scenario,
    options: &OptimiseOptions,
) -> Result<
    (
        [Money; PROGRAMME_COUNT],
        [Money; PROGRAMME_COUNT],
        [bool; PROGRAMME_COUNT],
    ),
    OptimiseError,
> {
    let mut lower = [Money::ZERO; PROGRAMME_COUNT];
    let mut upper = [Money::MAX_AMOUNT; PROGRAMME_COUNT];
    let mut fixed = [false; PROGRAMME_COUNT];
    for id in ProgrammeId::ALL.iter().copied() {
        let i = id.index();
        let floor = floor_of(id, scenario.respect_earmarks());
        (lower[i], upper[i]) = line_bounds(id, floor, options.aim.min[i], options.aim.max[i])?;
        if options.locks.is_locked(id) {
            let amount = scenario
                .uniform_allocation(id)
                .ok_or(OptimiseError::LockedLineVaries(id))?;
            if amount < lower[i] || amount > upper[i] {
                return Err(conflict(
                    id,
                    "locks".to_owned(),
                    format!(
                        "locked at {amount} CNY, outside its bounds of {} to {} CNY",
                        lower[i], upper[i]
                    ),
                ));
            }
            lower[i] = amount;
            upper[i] = amount;
            fixed[i] = true;
        }
    }
    if options.aim.objective != Objective::MinCost {
        for (slot, def) in INDICATORS.iter().enumerate() {
            if options.aim.keep[slot] {
                let i = def.programme.index();
                let need = least_money(scenario.model(), slot);
                lower[i] = keep_need(slot, need, lower[i], upper[i], fixed[i])?;
            }
        }
    }
    Ok((lower, upper, fixed))
}

/// The least annual money that brings indicator `slot` to its goal: m·B exactly, since
/// k is calibrated at the baseline B with the same α and s (computed in decimals, no
/// rounding drift; a level's four-year need is spread evenly over the years).
fn least_money(model: &Model, slot: usize) -> Money {
    let curve = model.curve(slot);
    let baseline = crate::plan::programme(INDICATORS[slot].programme).baseline();
    let multiplier = Decimal::from_f64_retain(curve.cost_multiplier)
        .map(|m| m.round_dp(12))
        .unwrap_or(Decimal::ONE);
    Money::from_decimal(baseline.as_decimal() * multiplier).ceil_yuan()
}

/// Whether the scenario's results meet every target (feasibility aside).
fn meets_everything(projection: &crate::projection::Projection) -> bool {
    projection
        .indicators
        .iter()
        .all(|row| row.target.is_none_or(|t| meets(row.result, t)))
        && projection
            .kpis
            .iter()
            .all(|(_, kpi)| meets(kpi.result, kpi.target))
}

/// The targets `before` meets by its numbers and `after` misses.
pub fn broken_targets(before: &Scenario, after: &Scenario) -> Vec<BrokenTarget> {
    broken_between(
        &crate::projection::project(before),
        &crate::projection::project(after),
    )
}

/// What a broken-target check reads: every indicator's result and every KPI's.
pub(crate) trait Results {
    /// The result of the indicator in `slot`.
    fn indicator(&self, slot: usize) -> f64;
    /// The value of a KPI.
    fn kpi(&self, key: KpiKey) -> f64;
}

impl Results for crate::projection::Projection {
    fn indicator(&self, slot: usize) -> f64 {
        self.indicators[slot].result
    }
    fn kpi(&self, key: KpiKey) -> f64 {
        self.kpis.get(key).result
    }
}

impl Results for Outcomes {
    fn indicator(&self, slot: usize) -> f64 {
        self.result[slot]
    }
    fn kpi(&self, key: KpiKey) -> f64 {
        Outcomes::kpi(self, key)
    }
}

/// The targets `was` meets and `now` misses: the KPIs, then the indicators.
pub(crate) fn broken_between<R: Results>(was: &R, now: &R) -> Vec<BrokenTarget> {
    let mut broken = Vec::new();
    let mut check = |key: String, name: Text, unit: Unit, target: f64, before: f64, after: f64| {
        if meets(before, target) && !meets(after, target) {
            broken.push(BrokenTarget {
                key,
                name,
                unit,
                target,
                before,
                after,
                shortfall: target - after,
            });
        }
    };
    for key in KpiKey::ALL.iter().copied() {
        let def = key.headline();
        check(
            def.key.as_str().to_owned(),
            def.name,
            def.unit,
            def.target,
            was.kpi(key),
            now.kpi(key),
        );
    }
    for (slot, def) in INDICATORS.iter().enumerate() {
        if let Some(target) = def.target {
            check(
                def.key(),
                def.name,
                def.unit,
                target,
                was.indicator(slot),
                now.indicator(slot),
            );
        }
    }
    broken
}

fn programme_changes(before: &Scenario, after: &Scenario) -> Vec<ProgrammeChange> {
    ProgrammeId::ALL
        .iter()
        .map(|id| {
            let years = Decimal::from(YEAR_COUNT as u64);
            let was = Money::from_decimal(before.programme_total(*id).as_decimal() / years);
            let now = Money::from_decimal(after.programme_total(*id).as_decimal() / years);
            ProgrammeChange {
                programme: *id,
                before_per_year: was,
                after_per_year: now,
                change_per_year: now - was,
                before_varies: before.uniform_allocation(*id).is_none(),
            }
        })
        .collect()
}

/// What the result says in words.
struct Wording {
    objective: Objective,
    value: f64,
    starting_value: f64,
    step: Money,
    required_envelope: Money,
    envelope: Money,
    improved: bool,
    unchanged: bool,
    broken: usize,
    all_met_before: bool,
    start_gaps: Vec<crate::verdict::Gap>,
}

impl Wording {
    fn summary(&self, lang: Lang) -> String {
        let (from, to) = (self.starting_value, self.value);
        if let Some(words) = value_words(self.objective, from, to, lang) {
            return words;
        }
        let (a, b) = (
            Money::from_decimal(Decimal::from_f64_retain(from).unwrap_or_default().round()),
            self.required_envelope,
        );
        match lang {
            Lang::Zh => format!(
                "每年所需资金：{} → {}（预算 {}）",
                format::yi(a, lang),
                format::yi(b, lang),
                format::yi(self.envelope, lang)
            ),
            Lang::En => format!(
                "Money needed a year: {} → {} (envelope {})",
                format::yi(a, lang),
                format::yi(b, lang),
                format::yi(self.envelope, lang)
            ),
        }
    }

    fn note(&self, lang: Lang) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.start_gaps.is_empty() {
            let gap = crate::verdict::gap_text(&self.start_gaps, lang);
            parts.push(match lang {
                Lang::Zh => format!("当前方案{gap}，其目标不能算作达成；建议方案按预算重新分配"),
                Lang::En => format!("The current scenario is not balanced ({gap}), so none of its targets counts as met; the proposal re-splits the envelope"),
            });
        } else if !self.improved || self.unchanged {
            parts.push(match (lang, self.all_met_before) {
                (Lang::Zh, true) => "当前方案已同时满足所有目标，此目标下无更优分配".to_owned(),
                (Lang::En, true) => "The current scenario already meets every target; under this objective no better split exists".to_owned(),
                (Lang::Zh, false) => "在现有约束下，当前方案已是此目标下的最优分配".to_owned(),
                (Lang::En, false) => "Under these constraints the current split is already the best for this objective".to_owned(),
            });
        }
        match self.objective {
            Objective::MinCost => {
                let gap = self.required_envelope - self.envelope;
                parts.push(closed_form_words(lang).to_owned());
                if gap > Money::ZERO {
                    parts.push(match lang {
                        Lang::Zh => format!(
                            "需每年 {}，比预算多 {}：按此方案执行将超支，采用前请提高预算或放弃部分目标",
                            format::yi(self.required_envelope, lang),
                            format::wan(gap, lang)
                        ),
                        Lang::En => format!(
                            "It needs {} a year, {} more than the envelope: taking it overspends; raise the envelope or give up some targets first",
                            format::yi(self.required_envelope, lang),
                            format::wan(gap, lang)
                        ),
                    });
                } else if gap < Money::ZERO {
                    parts.push(match lang {
                        Lang::Zh => format!("比预算每年节省 {}，这部分资金未分配", format::wan(-gap, lang)),
                        Lang::En => format!("It saves {} a year against the envelope; that money is left unallocated", format::wan(-gap, lang)),
                    });
                }
            }
            _ => parts.push(greedy_words(self.step, lang)),
        }
        if self.broken > 0 {
            parts.push(broken_words(self.broken, lang));
        }
        parts.join(if lang == Lang::Zh { "。" } else { ". " })
    }
}

/// The objective's value before and after in words, for `enterprises` and
/// `attainment` (`None` for `min-cost`, whose words depend on the envelope).
pub(crate) fn value_words(objective: Objective, from: f64, to: f64, lang: Lang) -> Option<String> {
    let mean = |value: f64| format::percent(value / INDICATORS.len() as f64);
    Some(match (objective, lang) {
        (Objective::Enterprises, Lang::Zh) => format!(
            "转型企业（2017–2020 年合计）：{} 家 → {} 家",
            format::number(from, 0),
            format::number(to, 0)
        ),
        (Objective::Enterprises, Lang::En) => format!(
            "Enterprises transformed (2017–2020 in all): {} → {}",
            format::number(from, 0),
            format::number(to, 0)
        ),
        (Objective::Attainment, Lang::Zh) => format!(
            "加权达标率（{} 项指标平均，每项最多计 100%）：{} → {}",
            INDICATORS.len(),
            mean(from),
            mean(to)
        ),
        (Objective::Attainment, Lang::En) => format!(
            "Weighted attainment (mean of {} indicators, each counted up to 100%): {} → {}",
            INDICATORS.len(),
            mean(from),
            mean(to)
        ),
        (Objective::MinCost, _) => return None,
    })
}

/// How the greedy allocation reads, at its step.
fn greedy_words(step: Money, lang: Lang) -> String {
    let step = format::wan(step, lang);
    match lang {
        Lang::Zh => format!(
            "以 {step} 为步长逐步分配给边际收益最高的项目；目标可分且为凹函数，结果与最优解相差不超过一个步长"
        ),
        Lang::En => format!(
            "Greedy marginal allocation in steps of {step}; the objective is separable and concave, so the result is optimal to within one step"
        ),
    }
}

/// How min-cost reads.
pub(crate) fn closed_form_words(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "逐条曲线求闭式解：每个项目取达到其目标所需的最少资金",
        Lang::En => "Closed form per curve: each line gets the least money that meets its targets",
    }
}

/// The warning that a proposal breaks targets met now.
pub(crate) fn broken_words(broken: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("此方案会使 {broken} 项原已达成的目标落空，采用前请逐项核对"),
        Lang::En => {
            format!(
                "This proposal breaks {broken} targets that are met now; check each before taking it"
            )
        }
    }
}

/// The objective's value for a scenario: enterprises, weighted attainment, or for
/// min-cost the mean annual spend in CNY (lower is better).
pub fn objective_value(objective: Objective, scenario: &Scenario) -> f64 {
    objective_of(objective, &outcomes(scenario), || {
        let total: Money = crate::ids::Year::ALL
            .iter()
            .map(|year| scenario.year_total(*year))
            .sum();
        total.to_f64_lossy() / YEAR_COUNT as f64
    })
}

/// The objective's value of outcomes: enterprises, weighted attainment, or for min-cost
/// `annual_cost`.
pub(crate) fn objective_of(
    objective: Objective,
    out: &Outcomes,
    annual_cost: impl FnOnce() -> f64,
) -> f64 {
    match objective {
        Objective::Enterprises => out.enterprises,
        Objective::Attainment => INDICATORS
            .iter()
            .zip(&out.result)
            .map(|(def, result)| capped_attainment(*result, def.goal()))
            .sum(),
        Objective::MinCost => annual_cost(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objective_names_round_trip() {
        for objective in Objective::ALL {
            assert_eq!(objective.as_str().parse(), Ok(*objective));
        }
        assert_eq!(
            "max".parse::<Objective>().map_err(|e| e.to_string()),
            Err("unknown objective `max`: use enterprises, attainment or min-cost".to_owned())
        );
    }

    #[test]
    fn a_zero_negative_or_fractional_step_cannot_be_made() {
        for refused in [
            Money::ZERO,
            Money::yuan(-5),
            Money::parse("0.5").unwrap_or(Money::ZERO),
        ] {
            let error = Step::new(refused).map_err(|e| e.to_string());
            assert_eq!(
                error,
                Err(format!(
                    "the step must be a whole number of yuan of at least 1, not {refused}"
                ))
            );
        }
        assert_eq!(Step::new(Money::yuan(1)).map(Step::get), Ok(Money::yuan(1)));
        assert_eq!(Step::default().get(), Money::yuan(DEFAULT_STEP_YUAN));
    }
}
