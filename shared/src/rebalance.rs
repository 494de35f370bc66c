//! Rebalance: set one line and let the other unlocked lines absorb the difference.
//!
//! The difference is taken from (or given to) the unlocked lines in proportion to their
//! current amounts, never below a floor. If there is not enough room, the requested
//! amount is clamped and the result says so. Amounts stay whole yuan; the rounding
//! residual goes to the largest unlocked lines, so every year's total is unchanged to
//! the yuan.

use serde::Serialize;

use crate::ids::{PROGRAMME_COUNT, ProgrammeId, YEAR_COUNT, Year};
use crate::money::Money;
use crate::projection::ByYear;
use crate::scenario::{Scenario, ScenarioError, floor_of};

/// Which years an edit applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Years {
    /// Every plan year.
    All,
    /// One year.
    One(Year),
}

impl Years {
    /// Whether the edit applies to `year`.
    pub fn includes(self, year: Year) -> bool {
        match self {
            Years::All => true,
            Years::One(one) => one == year,
        }
    }
}

/// Lines held still by the planner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Locks([bool; PROGRAMME_COUNT]);

impl Locks {
    /// Nothing locked.
    pub fn none() -> Locks {
        Locks::default()
    }

    /// These lines locked.
    pub fn of(ids: &[ProgrammeId]) -> Locks {
        let mut locks = Locks::none();
        for id in ids {
            locks.0[id.index()] = true;
        }
        locks
    }

    /// Every line locked but these.
    pub fn all_but(ids: &[ProgrammeId]) -> Locks {
        let mut locks = Locks([true; PROGRAMME_COUNT]);
        for id in ids {
            locks.set(*id, false);
        }
        locks
    }

    /// Whether a line is locked.
    pub fn is_locked(&self, id: ProgrammeId) -> bool {
        self.0[id.index()]
    }

    /// Locks or unlocks a line.
    pub fn set(&mut self, id: ProgrammeId, locked: bool) {
        self.0[id.index()] = locked;
    }

    /// The locked lines.
    pub fn locked(&self) -> impl Iterator<Item = ProgrammeId> + '_ {
        ProgrammeId::ALL
            .iter()
            .copied()
            .filter(|id| self.is_locked(*id))
    }
}

/// Why a rebalance cannot be done.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RebalanceError {
    /// The line to set is itself locked.
    #[error("{0} is locked; unlock it before changing its amount")]
    Locked(ProgrammeId),
    /// The amount is not whole non-negative yuan.
    #[error("{programme}: {amount} CNY is not a whole, non-negative number of yuan")]
    BadAmount {
        /// The line.
        programme: ProgrammeId,
        /// The amount asked for.
        amount: Money,
    },
    /// The unit is not a whole positive number of yuan.
    #[error("the unit must be a whole number of yuan of at least 1, not {0}")]
    BadUnit(Money),
    /// Every other line is locked, so nothing can absorb the change.
    #[error(
        "{0}: every other line is locked, so none can absorb the change; unlock a line, move money with a transfer, or edit freely"
    )]
    NothingToAbsorb(ProgrammeId),
    /// The resulting scenario is invalid (cannot happen for a valid input; kept so the
    /// invariant is checked, not assumed).
    #[error(transparent)]
    Invalid(#[from] ScenarioError),
}

/// The outcome of a rebalance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rebalanced {
    /// The new scenario.
    #[serde(skip)]
    pub scenario: Scenario,
    /// The line that was set.
    pub programme: ProgrammeId,
    /// The amount asked for.
    pub requested: Money,
    /// The amount the line has now, per year.
    pub applied: ByYear<Money>,
    /// Whether any year could not take the requested amount.
    pub clamped: bool,
}

/// Sets `programme` to `value` CNY in the chosen years, rebalancing the other unlocked
/// lines in whole yuan so each year's total stays the same.
pub fn rebalance(
    scenario: &Scenario,
    programme: ProgrammeId,
    years: Years,
    value: Money,
    locks: &Locks,
) -> Result<Rebalanced, RebalanceError> {
    rebalance_in_units(scenario, programme, years, value, locks, Money::yuan(1))
}

/// [`rebalance`], the other lines absorbing the difference in multiples of `unit`
/// (largest remainder first); the sub-unit residual goes to the largest absorbing line,
/// so amounts stay readable and every year's total stays exact.
pub fn rebalance_in_units(
    scenario: &Scenario,
    programme: ProgrammeId,
    years: Years,
    value: Money,
    locks: &Locks,
    unit: Money,
) -> Result<Rebalanced, RebalanceError> {
    if locks.is_locked(programme) {
        return Err(RebalanceError::Locked(programme));
    }
    if value.is_negative() || !value.is_whole_yuan() {
        return Err(RebalanceError::BadAmount {
            programme,
            amount: value,
        });
    }
    if !unit.is_whole_yuan() || unit < Money::yuan(1) {
        return Err(RebalanceError::BadUnit(unit));
    }
    let value = value.min(Money::MAX_AMOUNT);
    let floors = floors(scenario);
    let mut movable = [false; PROGRAMME_COUNT];
    for id in ProgrammeId::ALL.iter().copied() {
        movable[id.index()] = id != programme && !locks.is_locked(id);
    }
    let mut allocations = *scenario.allocations();
    let mut applied = [Money::ZERO; YEAR_COUNT];
    let mut clamped = false;
    for year in Year::ALL {
        let row = &mut allocations[year.index()];
        if years.includes(year) {
            let wanted = value.max(floors[programme.index()]);
            if wanted != row[programme.index()] && !movable.iter().any(|m| *m) {
                return Err(RebalanceError::NothingToAbsorb(programme));
            }
            let got = set_line(row, programme.index(), value, &floors, &movable, unit);
            clamped |= got != value;
        }
        applied[year.index()] = row[programme.index()];
    }
    Ok(Rebalanced {
        scenario: scenario.with_allocations(allocations)?,
        programme,
        requested: value,
        applied: ByYear(applied),
        clamped,
    })
}

/// Every programme's annual floor in this scenario.
pub(crate) fn floors(scenario: &Scenario) -> [Money; PROGRAMME_COUNT] {
    let mut floors = [Money::ZERO; PROGRAMME_COUNT];
    for id in ProgrammeId::ALL.iter().copied() {
        floors[id.index()] = floor_of(id, scenario.respect_earmarks());
    }
    floors
}

/// Sets one line of a year and rebalances the movable lines; returns the amount set.
fn set_line(
    row: &mut [Money; PROGRAMME_COUNT],
    target: usize,
    value: Money,
    floors: &[Money; PROGRAMME_COUNT],
    movable: &[bool; PROGRAMME_COUNT],
    unit: Money,
) -> Money {
    let value = value.max(floors[target]);
    let current = row[target];
    let others: Money = (0..PROGRAMME_COUNT)
        .filter(|j| movable[*j])
        .map(|j| row[j])
        .sum();
    if value > current {
        let room: Money = (0..PROGRAMME_COUNT)
            .filter(|j| movable[*j])
            .map(|j| (row[j] - floors[j]).max(Money::ZERO))
            .sum();
        let take = (value - current).min(room);
        if take > Money::ZERO {
            scale_lines(row, movable, floors, others - take, unit);
        }
        row[target] = current + take;
    } else if value < current && movable.iter().any(|m| *m) {
        scale_lines(row, movable, floors, others + (current - value), unit);
        row[target] = value;
    }
    row[target]
}

/// Sets the `movable` lines of one year so that they add up to `sum` exactly: each in
/// proportion to its current amount (equal shares when they are all zero), none below
/// its floor (a line whose share would be is pinned there and the rest shared again),
/// each a multiple of `unit` handed out by largest remainder, and the sub-unit residual
/// on the largest line. `sum` must be at least the movable lines' floors.
pub(crate) fn scale_lines(
    row: &mut [Money; PROGRAMME_COUNT],
    movable: &[bool; PROGRAMME_COUNT],
    floors: &[Money; PROGRAMME_COUNT],
    sum: Money,
    unit: Money,
) {
    let lines: Vec<usize> = (0..PROGRAMME_COUNT).filter(|j| movable[*j]).collect();
    if lines.is_empty() {
        return;
    }
    let mut pinned = [false; PROGRAMME_COUNT];
    let mut ideal = [Money::ZERO; PROGRAMME_COUNT];
    loop {
        let free: Vec<usize> = lines.iter().copied().filter(|j| !pinned[*j]).collect();
        if free.is_empty() {
            break;
        }
        let pinned_total: Money = lines
            .iter()
            .filter(|j| pinned[**j])
            .map(|j| floors[*j])
            .sum();
        let available = sum - pinned_total;
        let current: Money = free.iter().map(|j| row[*j]).sum();
        let mut pinned_now = false;
        for j in &free {
            ideal[*j] = if current > Money::ZERO {
                available.mul_ratio(row[*j], current)
            } else {
                available.mul_ratio(Money::yuan(1), Money::yuan(free.len() as i64))
            };
            if ideal[*j] < floors[*j] {
                pinned[*j] = true;
                pinned_now = true;
            }
        }
        if !pinned_now {
            break;
        }
    }
    let mut fractions: Vec<(usize, Money)> = Vec::with_capacity(lines.len());
    for j in &lines {
        if pinned[*j] {
            row[*j] = floors[*j];
        } else {
            let units = (ideal[*j].as_decimal() / unit.as_decimal()).floor();
            row[*j] = Money::from_decimal(units * unit.as_decimal()).max(floors[*j]);
            fractions.push((*j, ideal[*j] - row[*j]));
        }
    }
    let mut remaining = sum - lines.iter().map(|j| row[*j]).sum::<Money>();
    // Largest remainder first; ties to the larger line, then the lower index.
    fractions.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(row[b.0].cmp(&row[a.0]))
            .then(a.0.cmp(&b.0))
    });
    while remaining >= unit && !fractions.is_empty() {
        for (j, _) in &fractions {
            if remaining < unit {
                break;
            }
            row[*j] += unit;
            remaining -= unit;
        }
    }
    let largest = if fractions.is_empty() {
        &lines[..]
    } else {
        &[]
    };
    let residual_line = fractions
        .iter()
        .map(|(j, _)| *j)
        .chain(largest.iter().copied())
        .max_by(|a, b| row[*a].cmp(&row[*b]).then(b.cmp(a)));
    if let Some(j) = residual_line {
        row[j] += remaining;
    }
}

/// What the least amounts of a year's lines (floors, locks, minimums, kept targets)
/// need beyond its envelope: the figures of a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overrun {
    /// Σ of every line's least amount.
    pub fixed: Money,
    /// The envelope.
    pub envelope: Money,
}

impl Overrun {
    /// The overrun when `fixed` exceeds `envelope`; `None` when it fits.
    pub fn of(fixed: Money, envelope: Money) -> Option<Overrun> {
        (fixed > envelope).then_some(Overrun { fixed, envelope })
    }

    /// fixed − envelope.
    pub fn excess(self) -> Money {
        self.fixed - self.envelope
    }

    /// The need, the envelope and the excess in 万元, for a message in `lang`.
    pub fn wan(self, lang: crate::plan::Lang) -> [String; 3] {
        [self.fixed, self.envelope, self.excess()].map(|amount| crate::format::wan(amount, lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(yuan: i64) -> Money {
        Money::yuan(yuan)
    }

    #[test]
    fn moving_twenty_million_between_two_lines_with_the_rest_locked() {
        let baseline = Scenario::baseline();
        let locks = Locks::all_but(&[
            ProgrammeId::EquipmentUpgrade,
            ProgrammeId::SpecialisedProducts,
        ]);
        assert_eq!(locks.locked().count(), ProgrammeId::COUNT - 2);
        assert!(!locks.is_locked(ProgrammeId::SpecialisedProducts));
        let done = rebalance(
            &baseline,
            ProgrammeId::EquipmentUpgrade,
            Years::All,
            y(30_000_000),
            &locks,
        );
        let done = done.map(|d| d.scenario);
        let scenario = done.as_ref().unwrap_or(&baseline);
        for year in Year::ALL {
            assert_eq!(
                scenario.allocation(year, ProgrammeId::SpecialisedProducts),
                y(57_500_000)
            );
            assert_eq!(scenario.year_total(year), y(300_000_000));
        }
    }

    #[test]
    fn floors_pin_lines_and_the_request_is_clamped_to_the_room() {
        let baseline = Scenario::baseline();
        // Everything but the three earmarked lines goes to patents: the room is
        // 300M - 62.5M of floors - 10M already in patents.
        let done = rebalance(
            &baseline,
            ProgrammeId::Patents,
            Years::One(Year::ALL[2]),
            y(290_000_000),
            &Locks::none(),
        );
        assert!(done.is_ok());
        let done = done.unwrap_or_else(|_| unreachable!());
        assert!(done.clamped);
        assert_eq!(done.applied.0[2], y(237_500_000));
        assert_eq!(done.applied.0[0], y(10_000_000));
        let scenario = &done.scenario;
        assert_eq!(scenario.year_total(Year::ALL[2]), y(300_000_000));
        assert_eq!(
            scenario.allocation(Year::ALL[2], ProgrammeId::LeanManagement),
            y(20_000_000)
        );
        assert_eq!(
            scenario.allocation(Year::ALL[2], ProgrammeId::TechEnterprise),
            y(0)
        );
    }

    #[test]
    fn a_locked_line_cannot_be_set() {
        let locks = Locks::of(&[ProgrammeId::Brands]);
        let result = rebalance(
            &Scenario::baseline(),
            ProgrammeId::Brands,
            Years::All,
            y(1),
            &locks,
        );
        assert_eq!(
            result.err(),
            Some(RebalanceError::Locked(ProgrammeId::Brands))
        );
    }
}
