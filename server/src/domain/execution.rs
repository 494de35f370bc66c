//! The rules of plan execution (年初计划、年终考核): who may write a year's actuals, and
//! when a year plan may still be adopted.
//!
//! Planners write provisional actuals; marking them final, or changing actuals that
//! are final, needs an approver. A year plan is adopted by an approver from an approved
//! scenario, and never changes once its year's actuals are final.

use api::{Role, Status};
use shared::Year;
use shared::execution::ActualStatus;

/// Why a write of actuals or an adoption is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ExecutionError {
    /// Marking actuals final needs an approver.
    #[error("marking the {year} actuals final needs the approver role; your role is {role}")]
    FinalNeedsApprover {
        /// The year.
        year: Year,
        /// The caller's role.
        role: Role,
    },
    /// The actuals are final: changing them needs an approver.
    #[error(
        "the {year} actuals are final; changing them needs the approver role; your role is {role}"
    )]
    FinalIsApprovers {
        /// The year.
        year: Year,
        /// The caller's role.
        role: Role,
    },
    /// The year's actuals are final: its plan no longer changes.
    #[error("the {year} actuals are final, so the {year} year plan is frozen")]
    PlanFrozen {
        /// The year.
        year: Year,
    },
    /// Only an approved scenario becomes a year plan.
    #[error("the scenario is {status}; only an approved scenario can be adopted as a year plan")]
    NotApproved {
        /// Its status.
        status: Status,
    },
}

impl ExecutionError {
    /// Whether the refusal is about the caller's role (403) rather than the state of
    /// what they write (409).
    pub fn is_forbidden(self) -> bool {
        matches!(
            self,
            ExecutionError::FinalNeedsApprover { .. } | ExecutionError::FinalIsApprovers { .. }
        )
    }
}

/// Whether `role` may replace the year's actuals (`current` status, none when the year
/// has none) by actuals of status `new`.
pub fn may_write_actuals(
    year: Year,
    current: Option<ActualStatus>,
    new: ActualStatus,
    role: Role,
) -> Result<(), ExecutionError> {
    if role >= Role::Approver {
        return Ok(());
    }
    if current == Some(ActualStatus::Final) {
        return Err(ExecutionError::FinalIsApprovers { year, role });
    }
    if new == ActualStatus::Final {
        return Err(ExecutionError::FinalNeedsApprover { year, role });
    }
    Ok(())
}

/// Whether a scenario in `status` may become the year's plan while its actuals are in
/// `actuals` (none when it has none).
pub fn may_adopt(
    year: Year,
    status: Status,
    actuals: Option<ActualStatus>,
) -> Result<(), ExecutionError> {
    if status != Status::Approved {
        return Err(ExecutionError::NotApproved { status });
    }
    if actuals == Some(ActualStatus::Final) {
        return Err(ExecutionError::PlanFrozen { year });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planners_write_provisional_and_approvers_anything() {
        let year = Year::ALL[0];
        use ActualStatus::{Final, Provisional};
        for current in [None, Some(Provisional), Some(Final)] {
            for new in [Provisional, Final] {
                for role in Role::ALL.iter().copied() {
                    let allowed = may_write_actuals(year, current, new, role).is_ok();
                    let expected =
                        role >= Role::Approver || (current != Some(Final) && new == Provisional);
                    assert_eq!(allowed, expected, "{current:?} → {new:?} as {role}");
                }
            }
        }
        let refusal = may_write_actuals(year, Some(Final), Provisional, Role::Planner);
        assert!(refusal.is_err_and(|error| error.is_forbidden()));
    }

    #[test]
    fn only_an_approved_scenario_is_adopted_and_never_over_final_actuals() {
        let year = Year::ALL[1];
        assert!(may_adopt(year, Status::Approved, None).is_ok());
        assert!(may_adopt(year, Status::Approved, Some(ActualStatus::Provisional)).is_ok());
        assert_eq!(
            may_adopt(year, Status::Approved, Some(ActualStatus::Final)),
            Err(ExecutionError::PlanFrozen { year })
        );
        for status in [Status::Draft, Status::Proposed] {
            let refusal = may_adopt(year, status, None);
            assert_eq!(refusal, Err(ExecutionError::NotApproved { status }));
            assert!(refusal.is_err_and(|error| !error.is_forbidden()));
        }
    }
}
