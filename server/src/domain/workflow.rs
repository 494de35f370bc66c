//! The scenario workflow: draft → proposed → approved, and who may move a scenario.
//!
//! Planners propose a draft and withdraw a proposal (proposed → draft); only approvers
//! approve, and only a proposed scenario. An approved scenario is frozen: it does not
//! move and cannot be deleted, and an edit of it becomes a new draft. Editing a
//! proposed scenario sends it back to draft.

use api::{Role, Status};

/// Why a scenario may not move (or be deleted) as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    /// The caller's role is too low for the move.
    #[error("this needs the {needed} role; your role is {role}")]
    Forbidden {
        /// The lowest role allowed.
        needed: Role,
        /// The caller's.
        role: Role,
    },
    /// The scenario is approved: it does not move.
    #[error("the scenario is approved and frozen; edit it with PUT to make a new draft from it")]
    Frozen,
    /// The scenario is approved: it stays.
    #[error("an approved scenario is frozen and cannot be deleted")]
    FrozenDelete,
    /// The move is not one of the workflow's from this status.
    #[error("a {from} scenario cannot become {to}; {}", hint(*to))]
    NotFrom {
        /// The current status.
        from: Status,
        /// The status asked for.
        to: Status,
    },
}

fn hint(to: Status) -> &'static str {
    match to {
        Status::Approved => "propose it first",
        Status::Proposed => "it is already proposed",
        Status::Draft => "it is already a draft",
    }
}

/// What saving new content does to a stored scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The content becomes the scenario's next revision, with this status.
    Revise(Status),
    /// The scenario stays as it is; the content becomes a new draft.
    Fork,
}

/// The workflow's rules, for the status a scenario is in.
pub trait Workflow: Sized {
    /// The lowest role that may move a scenario into this status. Known from the
    /// request alone, so a caller without it is refused before the scenario is read.
    fn needed_to_enter(self) -> Role;

    /// The status a scenario in this one takes when `role` asks for `to`; the role is
    /// checked first, then whether the scenario may move at all, then the move.
    fn transition(self, to: Status, role: Role) -> Result<Status, WorkflowError>;

    /// What saving new content does to a scenario in this status.
    fn edit(self) -> Edit;

    /// Whether a scenario in this status may be deleted.
    fn may_delete(self) -> Result<(), WorkflowError>;
}

impl Workflow for Status {
    fn needed_to_enter(self) -> Role {
        match self {
            Status::Draft | Status::Proposed => Role::Planner,
            Status::Approved => Role::Approver,
        }
    }

    fn transition(self, to: Status, role: Role) -> Result<Status, WorkflowError> {
        let needed = to.needed_to_enter();
        if role < needed {
            return Err(WorkflowError::Forbidden { needed, role });
        }
        match (self, to) {
            (Status::Approved, _) => Err(WorkflowError::Frozen),
            (Status::Draft, Status::Proposed)
            | (Status::Proposed, Status::Draft | Status::Approved) => Ok(to),
            (from, to) => Err(WorkflowError::NotFrom { from, to }),
        }
    }

    fn edit(self) -> Edit {
        match self {
            Status::Draft | Status::Proposed => Edit::Revise(Status::Draft),
            Status::Approved => Edit::Fork,
        }
    }

    fn may_delete(self) -> Result<(), WorkflowError> {
        match self {
            Status::Draft | Status::Proposed => Ok(()),
            Status::Approved => Err(WorkflowError::FrozenDelete),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use Role::{Admin as Ad, Approver as Ap, Planner as Pl, Viewer as Vi};
    use Status::{Approved as A, Draft as D, Proposed as P};

    fn forbidden(needed: Role, role: Role) -> Result<Status, WorkflowError> {
        Err(WorkflowError::Forbidden { needed, role })
    }

    fn not_from(from: Status, to: Status) -> Result<Status, WorkflowError> {
        Err(WorkflowError::NotFrom { from, to })
    }

    const FROZEN: Result<Status, WorkflowError> = Err(WorkflowError::Frozen);

    #[test]
    fn every_move_by_every_role_from_every_status_is_decided_by_the_table() {
        // (from, to, [the outcome for a viewer, a planner, an approver, an admin]):
        // every one of the 36 triples, written out.
        #[rustfmt::skip]
        let table = [
            (D, D, [forbidden(Pl, Vi), not_from(D, D), not_from(D, D), not_from(D, D)]),
            (D, P, [forbidden(Pl, Vi), Ok(P), Ok(P), Ok(P)]),
            (D, A, [forbidden(Ap, Vi), forbidden(Ap, Pl), not_from(D, A), not_from(D, A)]),
            (P, D, [forbidden(Pl, Vi), Ok(D), Ok(D), Ok(D)]),
            (P, P, [forbidden(Pl, Vi), not_from(P, P), not_from(P, P), not_from(P, P)]),
            (P, A, [forbidden(Ap, Vi), forbidden(Ap, Pl), Ok(A), Ok(A)]),
            (A, D, [forbidden(Pl, Vi), FROZEN, FROZEN, FROZEN]),
            (A, P, [forbidden(Pl, Vi), FROZEN, FROZEN, FROZEN]),
            (A, A, [forbidden(Ap, Vi), forbidden(Ap, Pl), FROZEN, FROZEN]),
        ];
        assert_eq!(Role::ALL, [Vi, Pl, Ap, Ad], "the columns' order");
        for (from, to, outcomes) in &table {
            for (role, expected) in Role::ALL.iter().zip(outcomes) {
                assert_eq!(
                    from.transition(*to, *role),
                    *expected,
                    "{from} → {to} by {role}"
                );
            }
        }
        let mut moves: Vec<_> = table.iter().map(|(from, to, _)| (*from, *to)).collect();
        moves.sort();
        moves.dedup();
        assert_eq!(moves.len(), Status::ALL.len() * Status::ALL.len());
    }

    #[test]
    fn refusals_say_what_to_do_instead() {
        for (from, to, role, message) in [
            (
                D,
                A,
                Ap,
                "a draft scenario cannot become approved; propose it first",
            ),
            (
                P,
                P,
                Pl,
                "a proposed scenario cannot become proposed; it is already proposed",
            ),
            (
                D,
                D,
                Pl,
                "a draft scenario cannot become draft; it is already a draft",
            ),
            (
                P,
                A,
                Pl,
                "this needs the approver role; your role is planner",
            ),
        ] {
            let refusal = from.transition(to, role).unwrap_err();
            assert_eq!(refusal.to_string(), message, "{from} → {to} by {role}");
        }
    }

    #[test]
    fn an_approved_scenario_is_frozen_for_edits_and_deletion() {
        assert_eq!(D.edit(), Edit::Revise(D));
        assert_eq!(P.edit(), Edit::Revise(D), "an edit withdraws a proposal");
        assert_eq!(A.edit(), Edit::Fork);
        assert_eq!(D.may_delete(), Ok(()));
        assert_eq!(P.may_delete(), Ok(()));
        assert_eq!(A.may_delete(), Err(WorkflowError::FrozenDelete));
    }
}
