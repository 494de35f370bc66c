//! Re-plan: the open years of a plan optimised from where execution stands.
//!
//! After `through` (the last closed year) the money already spent is fixed at its
//! actual amounts, and the open years are split again — a different amount each year
//! allowed — by greedy marginal allocation over (year, programme) in steps, under each
//! open year's envelope, the earmarks still to spend, the targets less what is already
//! achieved, and the optimiser's objectives, bounds and kept targets. The result is a
//! draft scenario whose closed years hold their actual spending and whose per-year
//! envelopes (`envelope_by_year`) balance every year.
//!
//! Unspent money of the closed years, Σ closed envelope − Σ closed spent (negative
//! when they overspent), is handled by [`CarryOver`]: added to the first open year,
//! spread equally over the open years (whole yuan, the remainder to the first), or
//! lapsed. An overspend carried forward is repaid from the open years' envelopes; under
//! `lapse` it is written off and the open years keep their envelopes.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::allocate::{Grid, Lines, check_steps, greedy, keep_need, line_bounds, min_cost};
use crate::format;
use crate::ids::{PROGRAMME_COUNT, ProgrammeId, YEAR_COUNT, Year};
use crate::model::{Model, Outcomes};
use crate::money::Money;
use crate::optimise::{
    Aim, BrokenTarget, Objective, OptimiseError, broken_between, broken_words, closed_form_words,
    objective_of, value_words,
};
use crate::plan::{INDICATOR_COUNT, INDICATORS, IndicatorKind, Lang, Words};
use crate::rebalance::Overrun;
use crate::scenario::{Allocations, Scenario};

crate::string_enum! {
    /// What happens to the money the closed years did not spend (a PLAN override: by
    /// the plan each year's money is that year's, so it lapses).
    pub enum CarryOver("carry_over") {
        /// All of it goes to the first open year.
        NextYear = "next_year",
        /// Spread equally over the open years in whole yuan, the remainder to the first.
        Spread = "spread",
        /// It lapses: every open year keeps its envelope.
        Lapse = "lapse",
    }
}

/// What execution has closed: the years through `through`, what they spent and
/// achieved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClosedYears {
    /// The last closed year.
    pub through: Year,
    /// Actual spending per year and programme; only years up to `through` are read.
    pub spent: Allocations,
    /// Per indicator (slot of [`crate::plan::INDICATORS`]): for a flow, Σ the actual
    /// outputs of the closed years; ignored for a level, whose value the model takes
    /// from the cumulative spending.
    pub achieved: [f64; INDICATOR_COUNT],
}

/// How to re-plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReplanOptions {
    /// Objective, step, bounds (for each open year) and kept targets (counting what is
    /// already achieved).
    pub aim: Aim,
    /// What happens to closed years' unspent money.
    pub carry_over: CarryOver,
}

impl ReplanOptions {
    /// The objective and carry-over rule with the default step, no bounds or kept
    /// targets.
    pub fn new(objective: Objective, carry_over: CarryOver) -> ReplanOptions {
        ReplanOptions {
            aim: Aim::new(objective),
            carry_over,
        }
    }
}

impl ClosedYears {
    /// The years through `through` as the scenario planned them: spending as
    /// allocated, every flow's output as the model projects it. A re-plan from these
    /// closes nothing the plan did not already say.
    pub fn as_planned(scenario: &Scenario, through: Year) -> ClosedYears {
        let outcomes = crate::projection::outcomes(scenario);
        let closed = through.index() + 1;
        ClosedYears {
            through,
            spent: *scenario.allocations(),
            achieved: std::array::from_fn(|slot| match INDICATORS[slot].kind {
                IndicatorKind::Flow => outcomes.by_year[slot][..closed].iter().sum(),
                IndicatorKind::Level => 0.0,
            }),
        }
    }
}

/// One (year, programme) of a re-plan: the amount before and after.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearChange {
    /// The year.
    pub year: Year,
    /// The programme.
    pub programme: ProgrammeId,
    /// Whether the year is closed (after = actual spending).
    pub closed: bool,
    /// The current scenario's amount.
    pub before: Money,
    /// The re-plan's amount (a closed year's actual spending).
    pub after: Money,
    /// after − before.
    pub delta: Money,
}

/// A re-planned scenario and what it changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Replanned {
    /// The draft, in the scenario file format: closed years at actual spending, its
    /// `envelope_by_year` and `carry_over` set.
    pub scenario: Scenario,
    /// The last closed year.
    pub through: Year,
    /// The objective.
    pub objective: Objective,
    /// The greedy step.
    pub step: Money,
    /// Every year's envelope: a closed year's actual spending, an open year's envelope
    /// with what is carried to it.
    #[serde(serialize_with = "crate::replan::by_year")]
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::ByYearMoney))]
    pub envelopes: [Money; YEAR_COUNT],
    /// Σ closed envelopes − Σ closed spending: negative when the closed years overspent.
    pub unspent: Money,
    /// What of `unspent` is added to the open years (`next_year`, `spread`).
    pub carried: Money,
    /// What of `unspent` lapses (`lapse`); carried + lapsed = unspent.
    pub lapsed: Money,
    /// The objective's value for the current scenario's open years (re-forecast from
    /// the closed years' actuals).
    pub starting_value: f64,
    /// The objective's value for the re-plan.
    pub value: f64,
    /// Every (year, programme): before, after, delta.
    pub changes: Vec<YearChange>,
    /// Targets the current scenario's re-forecast meets and the re-plan's misses.
    pub broken_targets: Vec<BrokenTarget>,
    /// Indicators (`programme.indicator`) no allowed money in the open years can bring
    /// to their target, counting what is already achieved.
    pub unreachable: Vec<String>,
    /// The objective's value before and after, in words.
    pub summary: Words,
    /// How to read the result.
    pub note: Words,
}

fn by_year<S: serde::Serializer>(
    values: &[Money; YEAR_COUNT],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    crate::projection::ByYear(*values).serialize(serializer)
}

/// Re-plans the open years of `current` (the years after `closed.through`) from the
/// closed years' actuals; see the module documentation. Actuals that close every year
/// (`through` 2020) are refused with [`OptimiseError::NoOpenYears`]: there is nothing
/// to re-plan, and an answer that changed nothing would read as a re-plan.
pub fn replan(
    current: &Scenario,
    closed: &ClosedYears,
    options: &ReplanOptions,
) -> Result<Replanned, OptimiseError> {
    let through = closed.through;
    let first_open = through.index() + 1;
    if first_open >= YEAR_COUNT {
        return Err(OptimiseError::NoOpenYears(through));
    }
    check_actuals(closed, first_open)?;
    let open = YEAR_COUNT - first_open;
    let step = options.aim.step.get();
    let model = current.model();

    let mut envelopes = [Money::ZERO; YEAR_COUNT];
    let mut unspent = Money::ZERO;
    for year in Year::ALL {
        let y = year.index();
        if y < first_open {
            envelopes[y] = closed.spent[y].iter().copied().sum();
            unspent += current.year_envelope(year) - envelopes[y];
        } else {
            envelopes[y] = current.year_envelope(year);
        }
    }
    let carried = match options.carry_over {
        CarryOver::Lapse => Money::ZERO,
        CarryOver::NextYear => {
            envelopes[first_open] += unspent;
            unspent
        }
        CarryOver::Spread => {
            let part = Money::from_decimal((unspent.as_decimal() / Decimal::from(open)).trunc());
            for envelope in &mut envelopes[first_open..] {
                *envelope += part;
            }
            envelopes[first_open] += unspent - part.times(open as i64);
            unspent
        }
    };

    // What the closed years already did: a flow's outputs, a level's funding.
    let offset: [f64; INDICATOR_COUNT] = std::array::from_fn(|slot| {
        let def = &INDICATORS[slot];
        match def.kind {
            IndicatorKind::Flow => closed.achieved[slot],
            IndicatorKind::Level => {
                let mut funding = 0.0;
                for year in &closed.spent[..first_open] {
                    funding += year[def.programme.index()].to_f64_lossy();
                }
                funding
            }
        }
    });
    let need = |slot: usize| open_year_need(model, slot, offset[slot], open);

    let mut lower = [Money::ZERO; PROGRAMME_COUNT];
    let mut upper = [Money::MAX_AMOUNT; PROGRAMME_COUNT];
    for id in ProgrammeId::ALL.iter().copied() {
        let i = id.index();
        let floor = open_year_floor(current, closed, id, first_open);
        (lower[i], upper[i]) = line_bounds(id, floor, options.aim.min[i], options.aim.max[i])?;
    }
    let fixed = [false; PROGRAMME_COUNT];
    let mut unreachable = Vec::new();
    let grid: Grid = if options.aim.objective == Objective::MinCost {
        let (amounts, missed) = min_cost(need, lower, &upper, &fixed);
        unreachable = missed;
        [amounts; YEAR_COUNT]
    } else {
        for (slot, keep) in options.aim.keep.iter().enumerate() {
            if !keep {
                continue;
            }
            let i = INDICATORS[slot].programme.index();
            match need(slot) {
                Some(need) => lower[i] = keep_need(slot, need, lower[i], upper[i], false)?,
                None => unreachable.push(INDICATORS[slot].key()),
            }
        }
        let fixed_total: Money = lower.iter().copied().sum();
        let mut money = [Money::ZERO; YEAR_COUNT];
        for (slot, year) in Year::ALL[first_open..].iter().enumerate() {
            let envelope = envelopes[year.index()];
            if let Some(overrun) = Overrun::of(fixed_total, envelope) {
                return Err(OptimiseError::YearOverCommitted {
                    year: *year,
                    overrun,
                });
            }
            money[slot] = envelope - fixed_total;
        }
        check_steps(money.iter().copied().sum(), step)?;
        let mut lines = Lines::new(model, options.aim.objective, open, 1.0, offset);
        greedy(&mut lines, lower, &upper, &fixed, money, step)
    };

    let mut allocations = closed.spent;
    allocations[first_open..].copy_from_slice(&grid[..open]);
    let mut before = closed.spent;
    before[first_open..].copy_from_slice(&current.allocations()[first_open..]);
    let mut draft = current.to_draft();
    draft.allocations = allocations;
    draft.envelopes = Some(envelopes);
    draft.carry_over = Some(options.carry_over);
    let scenario = Scenario::new(draft)?;

    let was = reforecast(model, closed, first_open, &before);
    let now = reforecast(model, closed, first_open, &allocations);
    let open_cost = |allocations: &Allocations| {
        let total: Money = allocations[first_open..].iter().flatten().copied().sum();
        total.to_f64_lossy() / open as f64
    };
    let starting_value = objective_of(options.aim.objective, &was, || open_cost(&before));
    let value = objective_of(options.aim.objective, &now, || open_cost(&allocations));
    let changes = year_changes(current, &allocations, first_open);
    let broken_targets = broken_between(&was, &now);
    let words = Wording {
        objective: options.aim.objective,
        through,
        step,
        carry_over: options.carry_over,
        unspent,
        open_envelope: envelopes[first_open..].iter().copied().sum(),
        open_spent: allocations[first_open..].iter().flatten().copied().sum(),
        starting_value,
        value,
        earmarks: current.respect_earmarks(),
        broken: broken_targets.len(),
        unreachable: unreachable.len(),
    };
    Ok(Replanned {
        scenario,
        through,
        objective: options.aim.objective,
        step,
        envelopes,
        unspent,
        carried,
        lapsed: unspent - carried,
        starting_value,
        value,
        changes,
        broken_targets,
        unreachable,
        summary: Words::each(|lang| words.summary(lang)),
        note: Words::each(|lang| words.note(lang)),
    })
}

/// Refuses actual spending a scenario cannot hold and achieved outputs that are not
/// non-negative numbers.
fn check_actuals(closed: &ClosedYears, first_open: usize) -> Result<(), OptimiseError> {
    for (year, row) in Year::ALL.iter().zip(&closed.spent).take(first_open) {
        for (programme, amount) in ProgrammeId::ALL.iter().zip(row) {
            let Err(reason) = crate::scenario::check_amount(*amount) else {
                continue;
            };
            return Err(OptimiseError::BadSpending {
                year: *year,
                programme: *programme,
                reason,
            });
        }
    }
    for (def, value) in INDICATORS.iter().zip(&closed.achieved) {
        if def.kind == IndicatorKind::Flow && !(value.is_finite() && *value >= 0.0) {
            return Err(OptimiseError::BadAchieved {
                key: def.key(),
                reason: format!("{value} is not a number of at least 0"),
            });
        }
    }
    Ok(())
}

/// A line's floor in each open year: what is left of its earmark after the closed
/// years' actual spending, spread evenly (rounded up to the yuan, so the four years
/// together still reach the earmark); 0 once the earmark is spent, or without
/// earmarks.
fn open_year_floor(
    current: &Scenario,
    closed: &ClosedYears,
    id: ProgrammeId,
    first_open: usize,
) -> Money {
    let Some(earmark) = crate::plan::programme(id).earmark else {
        return Money::ZERO;
    };
    if !current.respect_earmarks() {
        return Money::ZERO;
    }
    let spent: Money = closed.spent[..first_open]
        .iter()
        .map(|year| year[id.index()])
        .sum();
    let left = (earmark.total() - spent).max(Money::ZERO);
    let open = Decimal::from(YEAR_COUNT - first_open);
    Money::from_decimal((left.as_decimal() / open).ceil())
}

/// The least amount in each of `open` open years that brings indicator `slot` to its
/// goal, counting what the closed years did (`done`: a flow's output, a level's
/// funding); `None` when no amount does.
fn open_year_need(model: &Model, slot: usize, done: f64, open: usize) -> Option<Money> {
    let def = &INDICATORS[slot];
    let curve = model.curve(slot);
    let goal = def.goal();
    let total = match def.kind {
        // Equal amounts are the cheapest way to a sum of concave outputs.
        IndicatorKind::Flow => curve.funding_for((goal - done) / open as f64)? * open as f64,
        IndicatorKind::Level => (curve.funding_for(goal)? - done).max(0.0),
    };
    let total = Decimal::from_f64_retain(total)?.ceil();
    let per_year = Money::from_decimal((total / Decimal::from(open)).ceil());
    (per_year <= Money::MAX_AMOUNT).then_some(per_year)
}

/// The outcomes of `allocations` with the closed years as they happened: a flow's
/// result is what the closed years achieved plus the model's open years; a level's is
/// the model at the cumulative funding, actual spending included.
fn reforecast(
    model: &Model,
    closed: &ClosedYears,
    first_open: usize,
    allocations: &Allocations,
) -> Outcomes {
    let out = model.evaluate(&Model::funding_of(allocations));
    let mut result = out.result;
    for (slot, def) in INDICATORS.iter().enumerate() {
        if def.kind == IndicatorKind::Flow {
            let mut sum = closed.achieved[slot];
            for output in &out.by_year[slot][first_open..] {
                sum += output;
            }
            result[slot] = sum;
        }
    }
    model.outcomes(out.by_year, result)
}

fn year_changes(current: &Scenario, after: &Allocations, first_open: usize) -> Vec<YearChange> {
    Year::ALL
        .iter()
        .flat_map(|year| {
            ProgrammeId::ALL.iter().map(move |programme| {
                let before = current.allocation(*year, *programme);
                let now = after[year.index()][programme.index()];
                YearChange {
                    year: *year,
                    programme: *programme,
                    closed: year.index() < first_open,
                    before,
                    after: now,
                    delta: now - before,
                }
            })
        })
        .collect()
}

/// "2018" or "2018–2020".
fn years(from: Year, to: Year) -> String {
    if from == to {
        from.to_string()
    } else {
        format!("{from}–{to}")
    }
}

/// What the result says in words.
struct Wording {
    objective: Objective,
    through: Year,
    step: Money,
    carry_over: CarryOver,
    unspent: Money,
    open_envelope: Money,
    open_spent: Money,
    starting_value: f64,
    value: f64,
    earmarks: bool,
    broken: usize,
    unreachable: usize,
}

impl Wording {
    fn open_years(&self) -> String {
        years(
            Year::ALL[self.through.index() + 1],
            Year::ALL[YEAR_COUNT - 1],
        )
    }

    fn summary(&self, lang: Lang) -> String {
        if let Some(words) = value_words(self.objective, self.starting_value, self.value, lang) {
            return words;
        }
        let open = (YEAR_COUNT - self.through.index() - 1) as i64;
        let mean = |value: f64| {
            Money::from_decimal(Decimal::from_f64_retain(value).unwrap_or_default().round())
        };
        let envelope = Money::from_decimal(self.open_envelope.as_decimal() / Decimal::from(open));
        let (from, to) = (mean(self.starting_value), mean(self.value));
        let years = self.open_years();
        match lang {
            Lang::Zh => format!(
                "{years} 年平均每年所需资金：{} → {}（预算 {}）",
                format::yi(from, lang),
                format::yi(to, lang),
                format::yi(envelope, lang)
            ),
            Lang::En => format!(
                "Money needed a year in {years}: {} → {} (envelope {})",
                format::yi(from, lang),
                format::yi(to, lang),
                format::yi(envelope, lang)
            ),
        }
    }

    fn note(&self, lang: Lang) -> String {
        let closed = years(Year::ALL[0], self.through);
        let open = self.open_years();
        let first = Year::ALL[self.through.index() + 1];
        let mut parts = vec![match lang {
            Lang::Zh => format!("{closed} 年已结束，按实际支出固定；{open} 年重新分配"),
            Lang::En => format!("{closed} closed: held at actual spending; {open} re-planned"),
        }];
        let amount = format::wan(self.unspent.max(-self.unspent), lang);
        let surplus = self.unspent > Money::ZERO;
        if self.unspent != Money::ZERO {
            parts.push(match (lang, self.carry_over, surplus) {
                (Lang::Zh, CarryOver::NextYear, true) => format!("已结束年度结余 {amount}，全部转入 {first} 年"),
                (Lang::En, CarryOver::NextYear, true) => format!("The closed years left {amount} unspent; all of it goes to {first}"),
                (Lang::Zh, CarryOver::NextYear, false) => format!("已结束年度超支 {amount}，从 {first} 年预算中扣回"),
                (Lang::En, CarryOver::NextYear, false) => format!("The closed years overspent by {amount}; {first}'s envelope repays it"),
                (Lang::Zh, CarryOver::Spread, true) => format!("已结束年度结余 {amount}，平均分配到 {open} 年（余数计入 {first} 年）"),
                (Lang::En, CarryOver::Spread, true) => format!("The closed years left {amount} unspent; it is spread equally over {open} (the remainder to {first})"),
                (Lang::Zh, CarryOver::Spread, false) => format!("已结束年度超支 {amount}，由 {open} 年平均扣回（余数计入 {first} 年）"),
                (Lang::En, CarryOver::Spread, false) => format!("The closed years overspent by {amount}; {open} repay it equally (the remainder in {first})"),
                (Lang::Zh, CarryOver::Lapse, true) => format!("已结束年度结余 {amount} 不再使用（按规划，各年资金当年有效）"),
                (Lang::En, CarryOver::Lapse, true) => format!("The closed years left {amount} unspent; it lapses (by the plan, a year's money is that year's)"),
                (Lang::Zh, CarryOver::Lapse, false) => format!("已结束年度超支 {amount}，不从剩余年度扣回"),
                (Lang::En, CarryOver::Lapse, false) => format!("The closed years overspent by {amount}; it is not repaid from the open years"),
            });
        }
        if self.earmarks {
            parts.push(match lang {
                Lang::Zh => "专项资金下限：各专项扣除已结束年度实际支出后的余额，在剩余年度平均分配".to_owned(),
                Lang::En => "Earmark floors: what is left of each earmark after actual spending, spread evenly over the open years".to_owned(),
            });
        }
        if self.objective == Objective::MinCost {
            parts.push(closed_form_words(lang).to_owned());
            let gap = self.open_spent - self.open_envelope;
            if gap != Money::ZERO {
                let wan = format::wan(gap.max(-gap), lang);
                parts.push(match (lang, gap > Money::ZERO) {
                    (Lang::Zh, true) => format!("剩余年度共需比预算多 {wan}：按此方案执行将超支"),
                    (Lang::En, true) => format!("The open years need {wan} more than their envelopes: taking it overspends"),
                    (Lang::Zh, false) => format!("剩余年度比预算共节省 {wan}，这部分资金未分配"),
                    (Lang::En, false) => format!("The open years save {wan} against their envelopes; that money is left unallocated"),
                });
            }
        } else {
            let step = format::wan(self.step, lang);
            parts.push(match lang {
                Lang::Zh => format!("以 {step} 为步长逐年逐项分配：每一步给仍有预算的年度中边际收益最高的项目"),
                Lang::En => format!("Greedy marginal allocation over years and programmes in steps of {step}: each step goes where it buys the most in a year with money left"),
            });
        }
        if self.unreachable > 0 {
            parts.push(match lang {
                Lang::Zh => format!("{} 项指标计入已完成部分后，剩余年度无论投入多少都无法达到目标", self.unreachable),
                Lang::En => format!("{} indicators cannot reach their targets in the open years with any money, counting what is already achieved", self.unreachable),
            });
        }
        if self.broken > 0 {
            parts.push(broken_words(self.broken, lang));
        }
        parts.join(if lang == Lang::Zh { "。" } else { ". " })
    }
}
