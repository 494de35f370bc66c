//! The edits a planner makes, as model operations: the same in the page, the API
//! (`POST /api/v1/operations/{set,transfer,fit-envelope}`) and the command line
//! (`planner edit set|transfer|fit`).
//!
//! - [`transfer`] moves exactly an amount between two programmes and touches nothing
//!   else.
//! - [`set`] sets one line; the other unlocked lines absorb the difference in
//!   proportion, in round units.
//! - [`fit_envelope`] scales the unlocked lines in proportion so that every year spends
//!   exactly its envelope, floors held, in round units.
//!
//! Each returns the edited scenario, every line it changed and a one-line description
//! in both languages; each refusal names the programme, the floor and the room left.

use serde::Serialize;

use crate::format;
use crate::ids::{PROGRAMME_COUNT, ProgrammeId, Year};
use crate::money::Money;
use crate::plan::{self, Lang, Refusal, Words};
use crate::rebalance::{
    Locks, Overrun, RebalanceError, Years, floors, rebalance_in_units, scale_lines,
};
use crate::scenario::{Problem, Scenario, ScenarioError};

/// The default unit of [`set`] and [`fit_envelope`]: 100,000 CNY (10万元).
pub const DEFAULT_UNIT_YUAN: i64 = 100_000;

/// The default unit as money.
pub fn default_unit() -> Money {
    Money::yuan(DEFAULT_UNIT_YUAN)
}

/// One line of one year that an edit changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineChange {
    /// The programme.
    pub programme: ProgrammeId,
    /// The year.
    pub year: Year,
    /// CNY before the edit.
    pub before: Money,
    /// CNY after it.
    pub after: Money,
}

/// An edited scenario and what moved.
#[derive(Debug, Clone, PartialEq)]
pub struct Edited {
    /// The scenario after the edit.
    pub scenario: Scenario,
    /// What moved, in a line, in both languages.
    pub description: Words,
    /// Every line and year whose amount changed, in year then programme order.
    pub changes: Vec<LineChange>,
    /// Whether a [`set`] could not give the line all it asked for.
    pub clamped: bool,
}

/// Why an edit cannot be made. Every variant names what the planner can change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// An amount that is not whole, non-negative yuan (positive for a transfer).
    #[error("{field}: {amount} CNY is not a whole, positive number of yuan")]
    BadAmount {
        /// The field.
        field: &'static str,
        /// The amount given.
        amount: Money,
    },
    /// A unit that is not a whole positive number of yuan.
    #[error("unit: the unit must be a whole number of yuan of at least 1, not {0}")]
    BadUnit(Money),
    /// A transfer from a programme to itself.
    #[error("to: a transfer needs two different programmes, not {0} twice")]
    SameProgramme(ProgrammeId),
    /// The line to change is locked.
    #[error("{0} is locked; unlock it before changing its amount")]
    Locked(ProgrammeId),
    /// A transfer would take a line below its floor (or below zero).
    #[error(
        "{programme}: moving {amount} CNY would take it below its floor of {floor} CNY in {year}; at most {room} CNY can be moved out"
    )]
    BelowFloor {
        /// The line money comes from.
        programme: ProgrammeId,
        /// The year with the least room.
        year: Year,
        /// Its annual floor (0 without an earmark).
        floor: Money,
        /// How much can be moved out in that year.
        room: Money,
        /// The amount asked for.
        amount: Money,
    },
    /// Every other line is locked, so nothing can absorb a [`set`].
    #[error(
        "{0}: every other line is locked, so none can absorb the change; unlock a line, move money with a transfer, or edit freely"
    )]
    NothingToAbsorb(ProgrammeId),
    /// Every line is locked, so [`fit_envelope`] has nothing to scale.
    #[error(
        "every line is locked, so none can be scaled to the envelope; unlock the lines to adjust"
    )]
    NothingToScale,
    /// Floors and locked lines alone exceed a year's envelope.
    #[error(
        "{year}: floors and locked lines need {} CNY, {} CNY more than the envelope of {} CNY; unlock lines or raise the envelope",
        .overrun.fixed, .overrun.excess(), .overrun.envelope
    )]
    FixedExceedsEnvelope {
        /// The year.
        year: Year,
        /// Σ floors of the unlocked lines and the locked amounts, against the envelope.
        overrun: Overrun,
    },
    /// The result is invalid (cannot happen for a valid input; checked, not assumed).
    #[error(transparent)]
    Invalid(#[from] ScenarioError),
}

impl Refusal for EditError {
    fn zh(&self) -> String {
        let name = |id: &ProgrammeId| plan::programme(*id).short_name.zh;
        let wan = |amount: &Money| format::wan(*amount, Lang::Zh);
        match self {
            EditError::BadAmount { amount, .. } => {
                format!("{amount} 元不是一个正的整数金额")
            }
            EditError::BadUnit(unit) => format!("取整单位须为不小于 1 元的整数，而不是 {unit}"),
            EditError::SameProgramme(id) => {
                format!("调出和调入须为两个不同的项目，而不是两次「{}」", name(id))
            }
            EditError::Locked(id) => format!("「{}」已锁定；解锁后才能修改金额", name(id)),
            EditError::BelowFloor {
                programme,
                year,
                floor,
                room,
                amount,
            } => format!(
                "「{}」调出 {} 会使其 {year} 年低于下限 {}；最多可调出 {}",
                name(programme),
                wan(amount),
                wan(floor),
                wan(room)
            ),
            EditError::NothingToAbsorb(id) => format!(
                "除「{}」外的项目均已锁定，无法吸收差额；请解锁一个项目、使用调出/调入，或打开自由编辑",
                name(id)
            ),
            EditError::NothingToScale => "所有项目均已锁定，无法按比例调整；请先解锁".to_owned(),
            EditError::FixedExceedsEnvelope { year, overrun } => {
                let [fixed, envelope, excess] = overrun.wan(Lang::Zh);
                format!(
                    "{year} 年下限与锁定项目共需 {fixed}，超出预算 {envelope} 达 {excess}；请解锁项目或提高预算"
                )
            }
            EditError::Invalid(error) => error.to_string(),
        }
    }
}

impl EditError {
    /// The refusal as problems with field paths, for the API.
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            EditError::Invalid(error) => error.problems.clone(),
            EditError::BadAmount { field, .. } => vec![Problem::new(*field, self.to_string())],
            EditError::BadUnit(_) => vec![Problem::new("unit", self.to_string())],
            EditError::SameProgramme(_) => vec![Problem::new("to", self.to_string())],
            EditError::Locked(_) | EditError::NothingToAbsorb(_) => {
                vec![Problem::new("locks", self.to_string())]
            }
            EditError::BelowFloor { .. } => vec![Problem::new("amount", self.to_string())],
            EditError::NothingToScale | EditError::FixedExceedsEnvelope { .. } => {
                vec![Problem::new("locks", self.to_string())]
            }
        }
    }
}

impl From<RebalanceError> for EditError {
    fn from(error: RebalanceError) -> EditError {
        match error {
            RebalanceError::Locked(id) => EditError::Locked(id),
            RebalanceError::BadAmount { amount, .. } => EditError::BadAmount {
                field: "amount",
                amount,
            },
            RebalanceError::BadUnit(unit) => EditError::BadUnit(unit),
            RebalanceError::NothingToAbsorb(id) => EditError::NothingToAbsorb(id),
            RebalanceError::Invalid(error) => EditError::Invalid(error),
        }
    }
}

fn years_words(years: Years, lang: Lang) -> String {
    match (years, lang) {
        (Years::All, Lang::Zh) => "每年".to_owned(),
        (Years::All, Lang::En) => "every year".to_owned(),
        (Years::One(year), Lang::Zh) => format!("仅 {year} 年"),
        (Years::One(year), Lang::En) => format!("{year} only"),
    }
}

fn changes(before: &Scenario, after: &Scenario) -> Vec<LineChange> {
    let mut changes = Vec::new();
    for year in Year::ALL {
        for id in ProgrammeId::ALL.iter().copied() {
            let (was, now) = (before.allocation(year, id), after.allocation(year, id));
            if was != now {
                changes.push(LineChange {
                    programme: id,
                    year,
                    before: was,
                    after: now,
                });
            }
        }
    }
    changes
}

fn check_unit(unit: Money) -> Result<(), EditError> {
    if unit.is_whole_yuan() && unit >= Money::yuan(1) {
        Ok(())
    } else {
        Err(EditError::BadUnit(unit))
    }
}

/// Moves exactly `amount` CNY from `from` to `to` in the chosen years, touching no
/// other line; refused when `from` would go below its floor (or zero) in any of them.
pub fn transfer(
    scenario: &Scenario,
    from: ProgrammeId,
    to: ProgrammeId,
    amount: Money,
    years: Years,
) -> Result<Edited, EditError> {
    if amount <= Money::ZERO || !amount.is_whole_yuan() {
        return Err(EditError::BadAmount {
            field: "amount",
            amount,
        });
    }
    if from == to {
        return Err(EditError::SameProgramme(from));
    }
    let floor = scenario.floor(from);
    let tightest = Year::ALL
        .iter()
        .copied()
        .filter(|year| years.includes(*year))
        .map(|year| (year, scenario.allocation(year, from) - floor))
        .min_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    if let Some((year, room)) = tightest
        && room < amount
    {
        return Err(EditError::BelowFloor {
            programme: from,
            year,
            floor,
            room: room.max(Money::ZERO),
            amount,
        });
    }
    let mut allocations = *scenario.allocations();
    for year in Year::ALL.iter().filter(|year| years.includes(**year)) {
        let row = &mut allocations[year.index()];
        row[from.index()] -= amount;
        row[to.index()] += amount;
    }
    let edited = scenario.with_allocations(allocations)?;
    let description = Words::each(|lang| {
        let (a, b) = (
            plan::programme(from).short_name.get(lang),
            plan::programme(to).short_name.get(lang),
        );
        let money = format::wan(amount, lang);
        match lang {
            Lang::Zh => format!(
                "从「{a}」调出 {money} 至「{b}」（{}）",
                years_words(years, lang)
            ),
            Lang::En => format!(
                "Moved {money} from {a} to {b} ({})",
                years_words(years, lang)
            ),
        }
    });
    Ok(Edited {
        changes: changes(scenario, &edited),
        scenario: edited,
        description,
        clamped: false,
    })
}

/// Sets `programme` to `amount` CNY in the chosen years; the other unlocked lines
/// absorb the difference in proportion, in multiples of `unit` (the sub-unit residual
/// on the largest of them). Floors hold; if they leave too little room the amount is
/// clamped and the result says so.
pub fn set(
    scenario: &Scenario,
    programme: ProgrammeId,
    amount: Money,
    years: Years,
    locks: &Locks,
    unit: Money,
) -> Result<Edited, EditError> {
    check_unit(unit)?;
    let done = rebalance_in_units(scenario, programme, years, amount, locks, unit)?;
    let changes = changes(scenario, &done.scenario);
    let absorbing = changes
        .iter()
        .filter(|c| c.programme != programme)
        .map(|c| c.programme)
        .fold([false; PROGRAMME_COUNT], |mut seen, id| {
            seen[id.index()] = true;
            seen
        })
        .iter()
        .filter(|seen| **seen)
        .count();
    let floor = scenario.floor(programme);
    let shown = Year::ALL
        .iter()
        .find(|year| years.includes(**year))
        .map(|year| done.applied.0[year.index()])
        .unwrap_or(amount);
    let description = Words::each(|lang| {
        let name = plan::programme(programme).short_name.get(lang);
        let money = format::wan(shown, lang);
        let when = years_words(years, lang);
        let unit_text = format::wan(unit, lang);
        let mut line = match lang {
            Lang::Zh => format!("「{name}」设为 {money}（{when}）"),
            Lang::En => format!("Set {name} to {money} ({when})"),
        };
        if absorbing > 0 {
            line.push_str(&match lang {
                Lang::Zh => format!(
                    "；{absorbing} 个未锁定项目按比例吸收差额，以 {unit_text} 为单位"
                ),
                Lang::En => format!(
                    "; {absorbing} unlocked lines absorb the difference in proportion, in units of {unit_text}"
                ),
            });
        }
        if done.clamped && amount < floor {
            line.push_str(&match lang {
                Lang::Zh => format!(
                    "；所设金额低于其下限 {}，已设为下限",
                    format::wan(floor, lang)
                ),
                Lang::En => format!(
                    "; the amount asked for is below its floor of {}, so it is set to the floor",
                    format::wan(floor, lang)
                ),
            });
        } else if done.clamped {
            line.push_str(match lang {
                Lang::Zh => "；其余项目已到下限，未能达到所设金额",
                Lang::En => "; the other lines are at their floors, so the amount asked for could not be reached",
            });
        }
        line
    });
    Ok(Edited {
        scenario: done.scenario,
        description,
        changes,
        clamped: done.clamped,
    })
}

/// Scales every unlocked line in proportion so that each year spends exactly its
/// envelope, floors held, in multiples of `unit` (the sub-unit residual on the largest
/// line). Years that already spend their envelope exactly are left as they are.
pub fn fit_envelope(scenario: &Scenario, locks: &Locks, unit: Money) -> Result<Edited, EditError> {
    check_unit(unit)?;
    let floors = floors(scenario);
    let mut unlocked = [false; PROGRAMME_COUNT];
    for id in ProgrammeId::ALL.iter().copied() {
        unlocked[id.index()] = !locks.is_locked(id);
    }
    let mut allocations = *scenario.allocations();
    for year in Year::ALL {
        if scenario.unallocated(year).as_decimal().is_zero() {
            continue;
        }
        let envelope = scenario.year_envelope(year);
        if !unlocked.iter().any(|u| *u) {
            return Err(EditError::NothingToScale);
        }
        let row = &mut allocations[year.index()];
        let locked: Money = (0..PROGRAMME_COUNT)
            .filter(|j| !unlocked[*j])
            .map(|j| row[j])
            .sum();
        let floored: Money = (0..PROGRAMME_COUNT)
            .filter(|j| unlocked[*j])
            .map(|j| floors[j])
            .sum();
        if let Some(overrun) = Overrun::of(locked + floored, envelope) {
            return Err(EditError::FixedExceedsEnvelope { year, overrun });
        }
        scale_lines(row, &unlocked, &floors, envelope - locked, unit);
    }
    let edited = scenario.with_allocations(allocations)?;
    let changes = changes(scenario, &edited);
    let mut moved = [false; PROGRAMME_COUNT];
    for change in &changes {
        moved[change.programme.index()] = true;
    }
    let scaled = moved.iter().filter(|m| **m).count();
    let description = Words::each(|lang| {
        let money = format::yi(scenario.envelope(), lang);
        let unit = format::wan(unit, lang);
        match (lang, changes.is_empty()) {
            (Lang::Zh, true) => format!("每年支出已恰好等于预算 {money}，无需调整"),
            (Lang::En, true) => format!(
                "Every year already spends exactly its envelope of {money}; nothing to adjust"
            ),
            (Lang::Zh, false) => format!(
                "{scaled} 个项目按比例调整，每年支出恰好等于预算 {money}（以 {unit} 为单位，锁定项目和下限保持不变）"
            ),
            (Lang::En, false) => format!(
                "Scaled {scaled} lines in proportion so that every year spends exactly its envelope of {money} (in units of {unit}, locked lines and floors held)"
            ),
        }
    });
    Ok(Edited {
        scenario: edited,
        description,
        changes,
        clamped: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(yuan: i64) -> Money {
        Money::yuan(yuan)
    }

    fn with_envelope(yuan: i64) -> Scenario {
        let mut draft = Scenario::baseline().to_draft();
        draft.envelope = Some(y(yuan));
        Scenario::new(draft).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_transfer_moves_exactly_its_amount_and_nothing_else() {
        let base = Scenario::baseline();
        let done = transfer(
            &base,
            ProgrammeId::EquipmentUpgrade,
            ProgrammeId::SpecialisedProducts,
            y(20_000_000),
            Years::All,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(done.changes.len(), 8);
        for year in Year::ALL {
            assert_eq!(
                done.scenario
                    .allocation(year, ProgrammeId::EquipmentUpgrade),
                y(30_000_000)
            );
            assert_eq!(
                done.scenario
                    .allocation(year, ProgrammeId::SpecialisedProducts),
                y(57_500_000)
            );
        }
        assert!(done.scenario.is_balanced());
        assert_eq!(
            done.description.zh,
            "从「设备升级」调出 2,000 万元 至「专精特新」（每年）"
        );
    }

    #[test]
    fn a_transfer_below_the_floor_names_the_floor_and_the_room() {
        let refused = transfer(
            &Scenario::baseline(),
            ProgrammeId::SpecialisedProducts,
            ProgrammeId::Patents,
            y(1_000_000),
            Years::One(Year::ALL[1]),
        );
        assert_eq!(
            refused,
            Err(EditError::BelowFloor {
                programme: ProgrammeId::SpecialisedProducts,
                year: Year::ALL[1],
                floor: y(37_500_000),
                room: Money::ZERO,
                amount: y(1_000_000),
            })
        );
    }

    #[test]
    fn set_moves_the_others_in_round_units() {
        let done = set(
            &Scenario::baseline(),
            ProgrammeId::SpecialisedProducts,
            y(57_500_000),
            Years::All,
            &Locks::none(),
            default_unit(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        for year in Year::ALL {
            assert_eq!(done.scenario.year_total(year), y(300_000_000));
            let off_unit = ProgrammeId::ALL
                .iter()
                .filter(|id| {
                    let amount = done.scenario.allocation(year, **id);
                    !(amount.as_decimal() % default_unit().as_decimal()).is_zero()
                })
                .count();
            assert!(off_unit <= 1);
        }
    }

    #[test]
    fn fit_envelope_refuses_when_floors_and_locks_exceed_it() {
        let scenario = with_envelope(100_000_000);
        let locks = Locks::of(&[ProgrammeId::TechEnterprise, ProgrammeId::EquipmentUpgrade]);
        let refused = fit_envelope(&scenario, &locks, default_unit());
        assert_eq!(
            refused,
            Err(EditError::FixedExceedsEnvelope {
                year: Year::ALL[0],
                overrun: Overrun {
                    fixed: y(162_500_000),
                    envelope: y(100_000_000),
                },
            })
        );
        let Err(EditError::FixedExceedsEnvelope { overrun, .. }) = refused else {
            unreachable!()
        };
        assert_eq!(overrun.excess(), y(62_500_000));
    }
}
