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
    fn includes(self, year: Year) -> bool {
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
/// lines so each year's total stays the same.
pub fn rebalance(
    scenario: &Scenario,
    programme: ProgrammeId,
    years: Years,
    value: Money,
    locks: &Locks,
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
    let value = value.min(Money::MAX_AMOUNT);
    let floors: [Money; PROGRAMME_COUNT] = ProgrammeId::ALL
        .iter()
        .map(|id| floor_of(*id, scenario.respect_earmarks()))
        .collect::<Vec<_>>()
        .try_into()
        .unwrap_or([Money::ZERO; PROGRAMME_COUNT]);
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
            let got = set_line(row, programme.index(), value, &floors, &movable);
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

/// Sets one line of a year and rebalances the movable lines; returns the amount set.
fn set_line(
    row: &mut [Money; PROGRAMME_COUNT],
    target: usize,
    value: Money,
    floors: &[Money; PROGRAMME_COUNT],
    movable: &[bool; PROGRAMME_COUNT],
) -> Money {
    let value = value.max(floors[target]);
    let current = row[target];
    if value > current {
        let room: Money = (0..PROGRAMME_COUNT)
            .filter(|j| movable[*j])
            .map(|j| (row[j] - floors[j]).max(Money::ZERO))
            .sum();
        let take = (value - current).min(room);
        take_proportionally(row, take, floors, movable);
        row[target] = current + take;
    } else if value < current && movable.iter().any(|m| *m) {
        give_proportionally(row, current - value, movable);
        row[target] = value;
    }
    row[target]
}

/// Takes `amount` from the movable lines in proportion to their amounts, pinning any
/// line that would fall below its floor at the floor. `amount` is at most the room.
fn take_proportionally(
    row: &mut [Money; PROGRAMME_COUNT],
    amount: Money,
    floors: &[Money; PROGRAMME_COUNT],
    movable: &[bool; PROGRAMME_COUNT],
) {
    let mut active: Vec<usize> = (0..PROGRAMME_COUNT)
        .filter(|j| movable[*j] && row[*j] > floors[*j])
        .collect();
    let mut remaining = amount;
    // Water-filling: a line whose proportional share would take it below its floor is
    // pinned at the floor, and the rest is shared again among the others.
    while !active.is_empty() {
        let total: Money = active.iter().map(|j| row[*j]).sum();
        let pinned: Vec<usize> = active
            .iter()
            .copied()
            .filter(|j| row[*j] - remaining.mul_ratio(row[*j], total) < floors[*j])
            .collect();
        if pinned.is_empty() {
            break;
        }
        for j in &pinned {
            remaining -= row[*j] - floors[*j];
            row[*j] = floors[*j];
        }
        active.retain(|j| !pinned.contains(j));
    }
    let total: Money = active.iter().map(|j| row[*j]).sum();
    let shares: Vec<Money> = active
        .iter()
        .map(|j| remaining.mul_ratio(row[*j], total).floor_yuan())
        .collect();
    for (j, share) in active.iter().zip(&shares) {
        row[*j] -= *share;
        remaining -= *share;
    }
    // The residual is under one yuan per line: take it from the largest lines with room.
    active.sort_by(|a, b| row[*b].cmp(&row[*a]).then(a.cmp(b)));
    for j in active {
        if remaining <= Money::ZERO {
            break;
        }
        let take = remaining.min(row[j] - floors[j]);
        row[j] -= take;
        remaining -= take;
    }
}

/// Gives `amount` to the movable lines in proportion to their amounts (equally when
/// they are all zero); the rounding residual goes to the largest.
fn give_proportionally(
    row: &mut [Money; PROGRAMME_COUNT],
    amount: Money,
    movable: &[bool; PROGRAMME_COUNT],
) {
    let lines: Vec<usize> = (0..PROGRAMME_COUNT).filter(|j| movable[*j]).collect();
    let total: Money = lines.iter().map(|j| row[*j]).sum();
    let weight = |j: usize| {
        if total > Money::ZERO {
            row[j]
        } else {
            Money::yuan(1)
        }
    };
    let weights_total = if total > Money::ZERO {
        total
    } else {
        Money::yuan(lines.len() as i64)
    };
    let shares: Vec<Money> = lines
        .iter()
        .map(|j| amount.mul_ratio(weight(*j), weights_total).floor_yuan())
        .collect();
    let mut remaining = amount;
    for (j, share) in lines.iter().zip(&shares) {
        row[*j] += *share;
        remaining -= *share;
    }
    if let Some(largest) = lines
        .iter()
        .copied()
        .max_by(|a, b| row[*a].cmp(&row[*b]).then(b.cmp(a)))
    {
        row[largest] += remaining;
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
        let others: Vec<ProgrammeId> = ProgrammeId::ALL
            .iter()
            .copied()
            .filter(|id| {
                *id != ProgrammeId::EquipmentUpgrade && *id != ProgrammeId::SpecialisedProducts
            })
            .collect();
        let done = rebalance(
            &baseline,
            ProgrammeId::EquipmentUpgrade,
            Years::All,
            y(30_000_000),
            &Locks::of(&others),
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
