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
        // (from, to, role, outcome), written out: every one of the 36 triples.
        let table = [
            (D, D, Vi, forbidden(Pl, Vi)),
            (D, D, Pl, not_from(D, D)),
            (D, D, Ap, not_from(D, D)),
            (D, D, Ad, not_from(D, D)),
            (D, P, Vi, forbidden(Pl, Vi)),
            (D, P, Pl, Ok(P)),
            (D, P, Ap, Ok(P)),
            (D, P, Ad, Ok(P)),
            (D, A, Vi, forbidden(Ap, Vi)),
            (D, A, Pl, forbidden(Ap, Pl)),
            (D, A, Ap, not_from(D, A)),
            (D, A, Ad, not_from(D, A)),
            (P, D, Vi, forbidden(Pl, Vi)),
            (P, D, Pl, Ok(D)),
            (P, D, Ap, Ok(D)),
            (P, D, Ad, Ok(D)),
            (P, P, Vi, forbidden(Pl, Vi)),
            (P, P, Pl, not_from(P, P)),
            (P, P, Ap, not_from(P, P)),
            (P, P, Ad, not_from(P, P)),
            (P, A, Vi, forbidden(Ap, Vi)),
            (P, A, Pl, forbidden(Ap, Pl)),
            (P, A, Ap, Ok(A)),
            (P, A, Ad, Ok(A)),
            (A, D, Vi, forbidden(Pl, Vi)),
            (A, D, Pl, FROZEN),
            (A, D, Ap, FROZEN),
            (A, D, Ad, FROZEN),
            (A, P, Vi, forbidden(Pl, Vi)),
            (A, P, Pl, FROZEN),
            (A, P, Ap, FROZEN),
            (A, P, Ad, FROZEN),
            (A, A, Vi, forbidden(Ap, Vi)),
            (A, A, Pl, forbidden(Ap, Pl)),
            (A, A, Ap, FROZEN),
            (A, A, Ad, FROZEN),
        ];
        for (from, to, role, expected) in &table {
            assert_eq!(
                from.transition(*to, *role),
                *expected,
                "{from} → {to} by {role}"
            );
        }
        let mut triples: Vec<_> = table.iter().map(|(f, t, r, _)| (*f, *t, *r)).collect();
        triples.sort();
        triples.dedup();
        assert_eq!(
            triples.len(),
            Status::ALL.len() * Status::ALL.len() * Role::ALL.len()
        );
    }

    #[test]
    fn refusals_say_what_to_do_instead() {
        assert_eq!(
            D.transition(A, Ap).unwrap_err().to_string(),
            "a draft scenario cannot become approved; propose it first"
        );
        assert_eq!(
            P.transition(P, Pl).unwrap_err().to_string(),
            "a proposed scenario cannot become proposed; it is already proposed"
        );
        assert_eq!(
            D.transition(D, Pl).unwrap_err().to_string(),
            "a draft scenario cannot become draft; it is already a draft"
        );
        assert_eq!(
            P.transition(A, Pl).unwrap_err().to_string(),
            "this needs the approver role; your role is planner"
        );
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
