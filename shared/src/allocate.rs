//! Greedy marginal allocation, the engine of the optimiser and the re-plan.
//!
//! Money is handed out in steps over *slots*: the optimiser has one slot, an annual
//! amount that stands for every year (weight 4); a re-plan has one slot per open year
//! (weight 1), after closed years that already produced outputs (a flow's `offset`) or
//! already funded a level (a level's `offset`, added to the funding it sees). A line's
//! value is what its indicators reach: a flow `offset + Σ weight·y(a_s)`, a level
//! `y(offset + Σ weight·a_s)`; every objective is concave in each slot's money, and each
//! step goes to the (slot, line) whose next step buys the most, while the slot has money.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::ids::{PROGRAMME_COUNT, ProgrammeId, YEAR_COUNT};
use crate::model::Model;
use crate::money::Money;
use crate::optimise::{MAX_STEPS, Objective, OptimiseError};
use crate::plan::{ENTERPRISE_LINES, INDICATOR_COUNT, INDICATORS, IndicatorKind};

/// Money per slot and programme; only the first `slots` rows are used.
pub(crate) type Grid = [[Money; PROGRAMME_COUNT]; YEAR_COUNT];

/// Σ w·min(1, result ÷ goal); 0 without a goal.
pub(crate) fn capped_attainment(result: f64, goal: f64) -> f64 {
    if goal > 0.0 {
        (result / goal).min(1.0)
    } else {
        0.0
    }
}

/// The lines' values over the slots, with every flow's curve value per slot cached.
pub(crate) struct Lines<'a> {
    model: &'a Model,
    objective: Objective,
    slots: usize,
    weight: f64,
    offset: [f64; INDICATOR_COUNT],
    /// y(a_s) of every flow indicator at the current allocation.
    flows: [[f64; YEAR_COUNT]; INDICATOR_COUNT],
    /// The current allocation as floats.
    funding: [[f64; PROGRAMME_COUNT]; YEAR_COUNT],
    /// Each line's indicator slots, in order, and how many.
    members: [([usize; INDICATOR_COUNT], usize); PROGRAMME_COUNT],
}

impl<'a> Lines<'a> {
    /// `slots` slots of weight `weight`, after `offset` per indicator.
    pub(crate) fn new(
        model: &'a Model,
        objective: Objective,
        slots: usize,
        weight: f64,
        offset: [f64; INDICATOR_COUNT],
    ) -> Lines<'a> {
        Lines {
            model,
            objective,
            slots,
            weight,
            offset,
            flows: [[0.0; YEAR_COUNT]; INDICATOR_COUNT],
            funding: [[0.0; PROGRAMME_COUNT]; YEAR_COUNT],
            members: std::array::from_fn(|programme| {
                let mut slots = ([0; INDICATOR_COUNT], 0);
                for (i, def) in INDICATORS.iter().enumerate() {
                    if def.programme.index() == programme {
                        slots.0[slots.1] = i;
                        slots.1 += 1;
                    }
                }
                slots
            }),
        }
    }

    fn members(&self, programme: usize) -> &[usize] {
        let (slots, count) = &self.members[programme];
        &slots[..*count]
    }

    /// Sets one (slot, line)'s amount.
    fn set(&mut self, slot: usize, programme: usize, amount: Money) {
        let a = amount.to_f64_lossy();
        self.funding[slot][programme] = a;
        for index in 0..self.members[programme].1 {
            let i = self.members[programme].0[index];
            if INDICATORS[i].kind == IndicatorKind::Flow {
                self.flows[i][slot] = self.model.curve(i).eval(a);
            }
        }
    }

    /// Each indicator's result at the current allocation, except that slot `slot` of
    /// line `programme` holds `a` (as a float).
    fn result(&self, i: usize, slot: usize, a: Option<f64>) -> f64 {
        let curve = self.model.curve(i);
        let programme = INDICATORS[i].programme.index();
        match curve.kind {
            IndicatorKind::Flow => {
                let mut sum = self.offset[i];
                for s in 0..self.slots {
                    let y = match a {
                        Some(a) if s == slot => curve.eval(a),
                        _ => self.flows[i][s],
                    };
                    sum += self.weight * y;
                }
                sum
            }
            IndicatorKind::Level => {
                let mut funding = self.offset[i];
                for s in 0..self.slots {
                    let amount = match a {
                        Some(a) if s == slot => a,
                        _ => self.funding[s][programme],
                    };
                    funding += self.weight * amount;
                }
                curve.eval(funding)
            }
        }
    }

    /// (primary, secondary) objective of a line, with slot `slot` at `a` if given.
    fn value(&self, programme: usize, slot: usize, a: Option<f64>) -> (f64, f64) {
        let mut enterprises = 0.0;
        let mut attainment = 0.0;
        for i in self.members(programme) {
            let result = self.result(*i, slot, a);
            if programme < ENTERPRISE_LINES {
                enterprises += result;
            }
            attainment += capped_attainment(result, INDICATORS[*i].goal());
        }
        match self.objective {
            Objective::Attainment => (attainment, enterprises),
            _ => (enterprises, attainment),
        }
    }
}

/// One (slot, line) and the gain of its next step.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Candidate {
    gain: (f64, f64),
    /// Money the slot has left: on a tie the roomier slot wins, so a line indifferent
    /// between years (a level) leaves the tighter years to lines that are not.
    room: f64,
    slot: usize,
    programme: usize,
}

impl Candidate {
    /// Whether `self` is a better step than `other`. Lower index, then the roomier
    /// and earlier slot, wins ties, so results are deterministic.
    fn beats(&self, other: &Candidate) -> bool {
        self.gain
            .0
            .total_cmp(&other.gain.0)
            .then(self.gain.1.total_cmp(&other.gain.1))
            .then_with(|| other.programme.cmp(&self.programme))
            .then_with(|| self.room.total_cmp(&other.room))
            .then_with(|| other.slot.cmp(&self.slot))
            == Ordering::Greater
    }
}

/// The best of `candidates`.
fn best(candidates: impl Iterator<Item = Candidate>) -> Option<Candidate> {
    candidates.fold(None, |best: Option<Candidate>, candidate| match best {
        Some(best) if !candidate.beats(&best) => Some(best),
        _ => Some(candidate),
    })
}

/// Refuses more than [`MAX_STEPS`] steps for `budget` in all.
pub(crate) fn check_steps(budget: Money, step: Money) -> Result<(), OptimiseError> {
    let steps = budget.as_decimal() / step.as_decimal();
    let steps = i64::try_from(steps.floor()).unwrap_or(i64::MAX);
    if steps > MAX_STEPS {
        let min_step = Money::from_decimal((budget.as_decimal() / Decimal::from(MAX_STEPS)).ceil());
        return Err(OptimiseError::TooManySteps {
            step,
            steps,
            max: MAX_STEPS,
            min_step,
        });
    }
    Ok(())
}

/// Hands out every slot's money in steps, each to the (slot, line) whose step gains
/// the most; what is left of a slot below a step (or that no line takes a whole step
/// of) goes in parts where each buys the most, up to the lines' bounds. Money no line
/// may take stays unallocated.
///
/// Every slot starts at `lower`; `upper` caps a line in any slot; `fixed` lines do not
/// move; `money` is each slot's budget beyond `lower`.
pub(crate) fn greedy(
    lines: &mut Lines,
    lower: [Money; PROGRAMME_COUNT],
    upper: &[Money; PROGRAMME_COUNT],
    fixed: &[bool; PROGRAMME_COUNT],
    money: [Money; YEAR_COUNT],
    step: Money,
) -> Grid {
    let slots = lines.slots;
    let mut allocation = [lower; YEAR_COUNT];
    for (slot, row) in allocation.iter().enumerate().take(slots) {
        for (programme, amount) in row.iter().enumerate() {
            lines.set(slot, programme, *amount);
        }
    }
    let mut current: [(f64, f64); PROGRAMME_COUNT] =
        std::array::from_fn(|programme| lines.value(programme, 0, None));
    let step_f = step.to_f64_lossy();
    // The gain of `by` more (a float, exact for whole yuan) in (slot, line).
    let gain_of = |lines: &Lines, current: &(f64, f64), slot: usize, p: usize, by: f64| {
        let after = lines.value(p, slot, Some(lines.funding[slot][p] + by));
        (after.0 - current.0, after.1 - current.1)
    };
    // Floats, exact for whole yuan: the hot loop does no decimal arithmetic.
    let upper_f = upper.map(Money::to_f64_lossy);
    let fits = |lines: &Lines, slot: usize, p: usize| {
        !fixed[p] && lines.funding[slot][p] + step_f <= upper_f[p]
    };
    let mut gains = [[None; PROGRAMME_COUNT]; YEAR_COUNT];
    for (slot, row) in gains.iter_mut().enumerate().take(slots) {
        for (p, gain) in row.iter_mut().enumerate() {
            *gain = fits(lines, slot, p).then(|| gain_of(lines, &current[p], slot, p, step_f));
        }
    }
    let mut stale = [[false; PROGRAMME_COUNT]; YEAR_COUNT];
    let mut remaining = money;
    // The money left per slot as a float, exact for whole yuan: ties only.
    let mut room = remaining.map(|money| money.to_f64_lossy());
    // Each slot's best line (the room is the same within a slot), found again only
    // when one of the slot's gains changes.
    let slot_best = |gains: &[Option<(f64, f64)>; PROGRAMME_COUNT], slot: usize| {
        best(gains.iter().enumerate().filter_map(|(programme, gain)| {
            gain.map(|gain| Candidate {
                gain,
                room: 0.0,
                slot,
                programme,
            })
        }))
    };
    let mut bests: [Option<Candidate>; YEAR_COUNT] =
        std::array::from_fn(|slot| slot_best(&gains[slot], slot));
    loop {
        let candidates = (0..slots)
            .filter(|slot| room[*slot] >= step_f)
            .filter_map(|slot| {
                bests[slot].map(|candidate| Candidate {
                    room: room[slot],
                    ..candidate
                })
            });
        let Some(Candidate {
            slot, programme, ..
        }) = best(candidates)
        else {
            break;
        };
        if stale[slot][programme] {
            stale[slot][programme] = false;
            gains[slot][programme] =
                Some(gain_of(lines, &current[programme], slot, programme, step_f));
            bests[slot] = slot_best(&gains[slot], slot);
            continue;
        }
        allocation[slot][programme] += step;
        remaining[slot] -= step;
        room[slot] -= step_f;
        lines.set(slot, programme, allocation[slot][programme]);
        current[programme] = lines.value(programme, 0, None);
        gains[slot][programme] = fits(lines, slot, programme)
            .then(|| gain_of(lines, &current[programme], slot, programme, step_f));
        bests[slot] = slot_best(&gains[slot], slot);
        // Money in one slot only lowers the line's gains in the others (each value is
        // concave in the line's total and in each slot's money), so their gains are
        // upper bounds until one of them comes out on top and is recomputed.
        for (s, stale) in stale.iter_mut().enumerate().take(slots) {
            stale[programme] = s != slot && gains[s][programme].is_some();
        }
    }
    for slot in 0..slots {
        while remaining[slot] > Money::ZERO {
            let room = |p: usize| upper[p] - allocation[slot][p];
            let candidates = (0..PROGRAMME_COUNT)
                .filter(|p| !fixed[*p] && room(*p) > Money::ZERO)
                .map(|programme| {
                    let part = remaining[slot].min(room(programme));
                    Candidate {
                        gain: gain_of(
                            lines,
                            &current[programme],
                            slot,
                            programme,
                            part.to_f64_lossy(),
                        ),
                        room: 0.0,
                        slot,
                        programme,
                    }
                });
            let Some(Candidate { programme, .. }) = best(candidates) else {
                break;
            };
            let part = remaining[slot].min(room(programme));
            allocation[slot][programme] += part;
            remaining[slot] -= part;
            lines.set(slot, programme, allocation[slot][programme]);
            current[programme] = lines.value(programme, 0, None);
        }
    }
    allocation
}

/// A line's least and most amount per slot from its floor and the `min`/`max` asked,
/// or why they conflict.
pub(crate) fn line_bounds(
    id: ProgrammeId,
    floor: Money,
    min: Option<Money>,
    max: Option<Money>,
) -> Result<(Money, Money), OptimiseError> {
    let lower = floor.max(min.unwrap_or(Money::ZERO));
    let mut upper = Money::MAX_AMOUNT;
    if let Some(max) = max {
        if max < floor {
            return Err(conflict(
                id,
                format!("max.{id}"),
                format!("max {max} CNY is below the floor of {floor} CNY"),
            ));
        }
        upper = max;
    }
    if lower > upper {
        return Err(conflict(
            id,
            format!("min.{id}"),
            format!("min {lower} CNY is above max {upper} CNY"),
        ));
    }
    Ok((lower, upper))
}

/// A kept target's need per slot against the line's upper bound: the new lower bound,
/// or the conflict.
pub(crate) fn keep_need(
    slot: usize,
    need: Money,
    lower: Money,
    upper: Money,
    fixed: bool,
) -> Result<Money, OptimiseError> {
    let def = &INDICATORS[slot];
    if need > upper {
        let why = if fixed { "locked at" } else { "capped at" };
        return Err(conflict(
            def.programme,
            "keep_targets".to_owned(),
            format!(
                "keeping {} needs {need} CNY a year, but the line is {why} {upper} CNY",
                def.key()
            ),
        ));
    }
    Ok(lower.max(need))
}

pub(crate) fn conflict(programme: ProgrammeId, field: String, reason: String) -> OptimiseError {
    OptimiseError::Conflict {
        programme,
        field,
        reason,
    }
}

/// The cheapest amounts per line that meet every target: each line at least its lower
/// bound and the need of each of its indicators (`None`: no amount reaches it). A
/// target beyond a line's bound or beyond reach is listed as unreachable; the line then
/// gets its bound where one is set.
pub(crate) fn min_cost(
    need: impl Fn(usize) -> Option<Money>,
    lower: [Money; PROGRAMME_COUNT],
    upper: &[Money; PROGRAMME_COUNT],
    fixed: &[bool; PROGRAMME_COUNT],
) -> ([Money; PROGRAMME_COUNT], Vec<String>) {
    let mut allocation = lower;
    let mut unreachable = Vec::new();
    for (slot, def) in INDICATORS.iter().enumerate() {
        let i = def.programme.index();
        let Some(need) = need(slot) else {
            unreachable.push(def.key());
            if !fixed[i] && upper[i] < Money::MAX_AMOUNT {
                allocation[i] = allocation[i].max(upper[i]);
            }
            continue;
        };
        if fixed[i] || need > upper[i] {
            if allocation[i].max(upper[i].min(need)) < need {
                unreachable.push(def.key());
            }
            if !fixed[i] {
                allocation[i] = allocation[i].max(upper[i]);
            }
        } else {
            allocation[i] = allocation[i].max(need);
        }
    }
    (allocation, unreachable)
}
