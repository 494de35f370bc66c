//! The scenario workflow: draft → proposed → approved, and who may move a scenario.
//!
//! Planners propose a draft and withdraw a proposal (proposed → draft); only approvers
//! approve, and only a proposed scenario. An approver who sends a proposal back to
//! draft returns it, and a return must say why (a [`Note`]). An approved scenario is
//! frozen: it does not move and cannot be deleted, and an edit of it becomes a new
//! draft. Editing a proposed scenario sends it back to draft.

use api::{MAX_NOTE_CHARS, Role, Status};

/// Why a status changed: trimmed, not blank, at most [`MAX_NOTE_CHARS`] characters,
/// without control characters other than line breaks and tabs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note(String);

/// A note that cannot be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    /// Longer than allowed.
    #[error("is {0} characters long; a note has at most {MAX_NOTE_CHARS}")]
    TooLong(usize),
    /// Holds a control character.
    #[error("must not contain control characters other than line breaks and tabs")]
    Control,
}

impl Note {
    /// The note of a request: `None` when absent or blank.
    pub fn parse(text: Option<&str>) -> Result<Option<Note>, NoteError> {
        let Some(text) = text.map(str::trim).filter(|text| !text.is_empty()) else {
            return Ok(None);
        };
        let length = text.chars().count();
        if length > MAX_NOTE_CHARS {
            return Err(NoteError::TooLong(length));
        }
        if text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(NoteError::Control);
        }
        Ok(Some(Note(text.to_owned())))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

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
    /// An approver returning a proposal must say why.
    #[error("a return to draft needs a note saying why; send it as `note`")]
    NoteRequired,
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

    /// [`Workflow::transition`] with the note the request carries: an approver's
    /// return of a proposal (proposed → draft) needs one; a planner's withdrawal, a
    /// proposal and an approval may carry one.
    fn transition_with(
        self,
        to: Status,
        role: Role,
        note: Option<&Note>,
    ) -> Result<Status, WorkflowError>;

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

    fn transition_with(
        self,
        to: Status,
        role: Role,
        note: Option<&Note>,
    ) -> Result<Status, WorkflowError> {
        let status = self.transition(to, role)?;
        let returned = self == Status::Proposed && to == Status::Draft;
        if returned && role >= Role::Approver && note.is_none() {
            return Err(WorkflowError::NoteRequired);
        }
        Ok(status)
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
    fn an_approver_returning_a_proposal_must_say_why_and_nobody_else_must() {
        let note = Note::parse(Some("  预算需再核  ")).unwrap();
        assert_eq!(note.as_ref().map(Note::as_str), Some("预算需再核"));
        for role in [Ap, Ad] {
            assert_eq!(
                P.transition_with(D, role, None),
                Err(WorkflowError::NoteRequired)
            );
            assert_eq!(P.transition_with(D, role, note.as_ref()), Ok(D));
            assert_eq!(P.transition_with(A, role, None), Ok(A));
        }
        assert_eq!(P.transition_with(D, Pl, None), Ok(D), "a withdrawal");
        assert_eq!(D.transition_with(P, Pl, None), Ok(P));
        // The role and the status are decided first, as without a note.
        assert_eq!(P.transition_with(D, Vi, None), forbidden(Pl, Vi));
        assert_eq!(A.transition_with(D, Ap, None), FROZEN);
        assert_eq!(
            WorkflowError::NoteRequired.to_string(),
            "a return to draft needs a note saying why; send it as `note`"
        );
    }

    #[test]
    fn a_note_is_trimmed_blank_is_none_and_long_or_control_text_is_refused() {
        assert_eq!(Note::parse(None), Ok(None));
        assert_eq!(Note::parse(Some(" \n ")), Ok(None));
        let longest = "字".repeat(MAX_NOTE_CHARS);
        assert!(Note::parse(Some(&longest)).unwrap().is_some());
        let longer = format!("{longest}字");
        assert_eq!(
            Note::parse(Some(&longer)),
            Err(NoteError::TooLong(MAX_NOTE_CHARS + 1))
        );
        assert_eq!(Note::parse(Some("a\u{0}b")), Err(NoteError::Control));
        assert!(Note::parse(Some("line one\nline two")).unwrap().is_some());
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
