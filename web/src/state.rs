//! The simulator's state and every change to it, as a Yew `Reducible`. Pure: no DOM, no
//! storage, so it is unit-tested natively (`cargo test -p web`).

use std::rc::Rc;

use shared::ids::{ProgrammeId, Year};
use shared::params::ParamKey;
use shared::{Locks, Money, Objective, OptimiseOptions, Optimised, Scenario, Years};
use yew::Reducible;

/// How many changes undo remembers.
pub const HISTORY: usize = 200;

/// Whether edits apply to every year or to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearMode {
    /// The same split every year.
    Uniform,
    /// Each year edited on its own; this one is shown.
    One(Year),
}

impl YearMode {
    /// The year whose amounts the rows show.
    pub fn shown_year(self) -> Year {
        match self {
            YearMode::Uniform => Year::ALL[0],
            YearMode::One(year) => year,
        }
    }

    fn years(self) -> Years {
        match self {
            YearMode::Uniform => Years::All,
            YearMode::One(year) => Years::One(year),
        }
    }
}

/// Something the planner should read after a change.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// The requested amount did not fit; the line got `applied`.
    Clamped {
        /// The line.
        programme: ProgrammeId,
        /// What was asked for.
        requested: Money,
        /// What it got.
        applied: Money,
    },
    /// An edit was refused.
    Refused(String),
    /// A scenario was loaded from somewhere.
    Loaded(String),
}

/// One undoable state.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The scenario.
    pub scenario: Scenario,
    /// Locked lines.
    pub locks: Locks,
}

/// The simulator's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    /// The scenario being edited, and its locks.
    pub current: Snapshot,
    /// Earlier states, newest last.
    pub past: Vec<Snapshot>,
    /// Undone states, newest last.
    pub future: Vec<Snapshot>,
    /// Edit all years at once, or one.
    pub year_mode: YearMode,
    /// The last notice.
    pub notice: Option<Notice>,
    /// An optimiser proposal waiting to be accepted or discarded.
    pub proposal: Option<Rc<Optimised>>,
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace::new(Scenario::baseline())
    }
}

/// Every change the interface can make.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Set one line; the other unlocked lines absorb the difference.
    SetAmount(ProgrammeId, Money),
    /// Lock or unlock a line.
    ToggleLock(ProgrammeId),
    /// Edit every year, or one.
    SetYearMode(YearMode),
    /// Rename the scenario.
    Rename(String),
    /// Replace the annual envelope (a PLAN override); `None` restores the plan's.
    SetEnvelope(Option<Money>),
    /// Override an assumption; `None` restores its default.
    SetAssumption(ParamKey, Option<f64>),
    /// Earmark floors on or off.
    SetRespectEarmarks(bool),
    /// Replace the scenario (loaded, imported, shared, restored).
    Load(Box<Scenario>, String),
    /// Run the optimiser.
    Optimise(Objective),
    /// Take the optimiser's proposal.
    AcceptProposal,
    /// Drop it.
    DiscardProposal,
    /// Back to the plan baseline.
    Reset,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Tell the planner something (a refused entry, a failed import).
    Notify(Notice),
    /// Dismiss the notice.
    DismissNotice,
}

impl Workspace {
    /// A workspace editing `scenario`, with no history.
    pub fn new(scenario: Scenario) -> Workspace {
        let uniform = ProgrammeId::ALL
            .iter()
            .all(|id| scenario.uniform_allocation(*id).is_some());
        Workspace {
            current: Snapshot {
                scenario,
                locks: Locks::none(),
            },
            past: Vec::new(),
            future: Vec::new(),
            year_mode: if uniform {
                YearMode::Uniform
            } else {
                YearMode::One(Year::ALL[0])
            },
            notice: None,
            proposal: None,
        }
    }

    /// The scenario being edited.
    pub fn scenario(&self) -> &Scenario {
        &self.current.scenario
    }

    /// Whether undo has something to undo.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// Whether redo has something to redo.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    fn commit(&mut self, next: Snapshot) {
        if next == self.current {
            return;
        }
        let previous = std::mem::replace(&mut self.current, next);
        self.past.push(previous);
        if self.past.len() > HISTORY {
            self.past.remove(0);
        }
        self.future.clear();
        self.proposal = None;
    }

    fn edit_draft(&mut self, edit: impl FnOnce(&mut shared::ScenarioDraft)) {
        let mut draft = self.current.scenario.to_draft();
        edit(&mut draft);
        match Scenario::new(draft) {
            Ok(scenario) => {
                let locks = self.current.locks;
                self.commit(Snapshot { scenario, locks });
            }
            Err(error) => self.notice = Some(Notice::Refused(error.to_string())),
        }
    }

    /// Applies one action.
    pub fn apply(&mut self, action: Action) {
        self.notice = None;
        match action {
            Action::SetAmount(programme, amount) => {
                let years = self.year_mode.years();
                match shared::rebalance(
                    &self.current.scenario,
                    programme,
                    years,
                    amount,
                    &self.current.locks,
                ) {
                    Ok(done) => {
                        let shown = done.applied.0[self.year_mode.shown_year().index()];
                        if done.clamped {
                            self.notice = Some(Notice::Clamped {
                                programme,
                                requested: amount,
                                applied: shown,
                            });
                        }
                        let locks = self.current.locks;
                        self.commit(Snapshot {
                            scenario: done.scenario,
                            locks,
                        });
                    }
                    Err(error) => self.notice = Some(Notice::Refused(error.to_string())),
                }
            }
            Action::ToggleLock(programme) => {
                let mut next = self.current.clone();
                next.locks
                    .set(programme, !self.current.locks.is_locked(programme));
                self.commit(next);
            }
            Action::SetYearMode(mode) => self.year_mode = mode,
            Action::Rename(name) => self.edit_draft(|draft| draft.name = name),
            Action::SetEnvelope(envelope) => self.edit_draft(|draft| draft.envelope = envelope),
            Action::SetAssumption(key, value) => {
                let mut draft = self.current.scenario.to_draft();
                let result = match value {
                    Some(value) => draft.overrides.set(key, value).map_err(|e| e.to_string()),
                    None => {
                        draft.overrides.remove(key);
                        Ok(())
                    }
                };
                match result.and_then(|()| Scenario::new(draft).map_err(|e| e.to_string())) {
                    Ok(scenario) => {
                        let locks = self.current.locks;
                        self.commit(Snapshot { scenario, locks });
                    }
                    Err(message) => self.notice = Some(Notice::Refused(message)),
                }
            }
            Action::SetRespectEarmarks(on) => self.edit_draft(|draft| draft.respect_earmarks = on),
            Action::Load(scenario, origin) => {
                let scenario = *scenario;
                let year_mode = Workspace::new(scenario.clone()).year_mode;
                self.commit(Snapshot {
                    scenario,
                    locks: Locks::none(),
                });
                self.year_mode = year_mode;
                self.notice = Some(Notice::Loaded(origin));
            }
            Action::Optimise(objective) => {
                let mut options = OptimiseOptions::new(objective);
                options.locks = self.current.locks;
                match shared::optimise(&self.current.scenario, &options) {
                    Ok(result) => self.proposal = Some(Rc::new(result)),
                    Err(error) => self.notice = Some(Notice::Refused(error.to_string())),
                }
            }
            Action::AcceptProposal => {
                if let Some(proposal) = self.proposal.take() {
                    let locks = self.current.locks;
                    self.commit(Snapshot {
                        scenario: proposal.scenario.clone(),
                        locks,
                    });
                    self.year_mode = YearMode::Uniform;
                }
            }
            Action::DiscardProposal => self.proposal = None,
            Action::Reset => {
                let mut draft = Scenario::baseline().to_draft();
                draft.name = self.current.scenario.name().to_owned();
                if let Ok(scenario) = Scenario::new(draft) {
                    self.commit(Snapshot {
                        scenario,
                        locks: Locks::none(),
                    });
                    self.year_mode = YearMode::Uniform;
                }
            }
            Action::Undo => {
                if let Some(previous) = self.past.pop() {
                    let current = std::mem::replace(&mut self.current, previous);
                    self.future.push(current);
                    self.proposal = None;
                }
            }
            Action::Redo => {
                if let Some(next) = self.future.pop() {
                    let current = std::mem::replace(&mut self.current, next);
                    self.past.push(current);
                    self.proposal = None;
                }
            }
            Action::Notify(notice) => self.notice = Some(notice),
            Action::DismissNotice => {}
        }
    }
}

impl Reducible for Workspace {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(yuan: i64) -> Money {
        Money::yuan(yuan)
    }

    #[test]
    fn moving_a_slider_rebalances_and_undo_redo_walk_the_history() {
        let mut ws = Workspace::default();
        ws.apply(Action::SetAmount(ProgrammeId::Patents, y(20_000_000)));
        assert_eq!(
            ws.scenario().allocation(Year::ALL[3], ProgrammeId::Patents),
            y(20_000_000)
        );
        assert!(ws.scenario().is_balanced());
        ws.apply(Action::ToggleLock(ProgrammeId::Brands));
        assert!(ws.current.locks.is_locked(ProgrammeId::Brands));
        ws.apply(Action::Undo);
        assert!(!ws.current.locks.is_locked(ProgrammeId::Brands));
        ws.apply(Action::Undo);
        assert_eq!(ws.current.scenario, Scenario::baseline());
        assert!(!ws.can_undo());
        ws.apply(Action::Redo);
        assert_eq!(
            ws.scenario().allocation(Year::ALL[0], ProgrammeId::Patents),
            y(20_000_000)
        );
        ws.apply(Action::SetAmount(ProgrammeId::Brands, y(1)));
        assert!(!ws.can_redo(), "a new change clears redo");
    }

    #[test]
    fn locked_lines_hold_and_a_locked_line_cannot_move() {
        let mut ws = Workspace::default();
        ws.apply(Action::ToggleLock(ProgrammeId::TechEnterprise));
        ws.apply(Action::SetAmount(
            ProgrammeId::EquipmentUpgrade,
            y(90_000_000),
        ));
        assert_eq!(
            ws.scenario()
                .allocation(Year::ALL[0], ProgrammeId::TechEnterprise),
            y(50_000_000)
        );
        ws.apply(Action::SetAmount(ProgrammeId::TechEnterprise, y(1)));
        assert!(matches!(ws.notice, Some(Notice::Refused(_))));
    }

    #[test]
    fn a_request_beyond_the_room_is_clamped_and_said() {
        let mut ws = Workspace::default();
        ws.apply(Action::SetAmount(ProgrammeId::Patents, y(400_000_000)));
        assert_eq!(
            ws.notice,
            Some(Notice::Clamped {
                programme: ProgrammeId::Patents,
                requested: y(400_000_000),
                applied: y(237_500_000),
            })
        );
        assert_eq!(
            ws.scenario()
                .allocation(Year::ALL[0], ProgrammeId::LeanManagement),
            y(20_000_000)
        );
    }

    #[test]
    fn one_year_mode_edits_only_that_year() {
        let mut ws = Workspace::default();
        ws.apply(Action::SetYearMode(YearMode::One(Year::ALL[2])));
        ws.apply(Action::SetAmount(ProgrammeId::Patents, y(15_000_000)));
        assert_eq!(
            ws.scenario().allocation(Year::ALL[2], ProgrammeId::Patents),
            y(15_000_000)
        );
        assert_eq!(
            ws.scenario().allocation(Year::ALL[1], ProgrammeId::Patents),
            y(10_000_000)
        );
        assert!(Workspace::new(ws.scenario().clone()).year_mode != YearMode::Uniform);
    }

    #[test]
    fn an_invalid_assumption_is_refused_and_nothing_changes() {
        let mut ws = Workspace::default();
        let key = ParamKey::parse("brands.brands.alpha").expect("key");
        ws.apply(Action::SetAssumption(key, Some(3.0)));
        assert!(matches!(ws.notice, Some(Notice::Refused(_))));
        assert!(!ws.can_undo());
        ws.apply(Action::SetAssumption(key, Some(0.5)));
        assert_eq!(ws.scenario().overrides().get(key), Some(0.5));
    }

    #[test]
    fn an_accepted_proposal_is_one_undoable_change() {
        let mut ws = Workspace::default();
        ws.apply(Action::Optimise(Objective::Enterprises));
        assert!(ws.proposal.is_some());
        ws.apply(Action::AcceptProposal);
        assert!(ws.proposal.is_none());
        assert!(
            shared::project(ws.scenario())
                .kpis
                .enterprises_transformed
                .result
                > 12_000.0
        );
        ws.apply(Action::Undo);
        assert_eq!(ws.current.scenario, Scenario::baseline());
    }
}
