//! The simulator's state and every change to it, as a Yew `Reducible`. Pure: no DOM, no
//! storage, so it is unit-tested natively (`cargo test -p web`).

use std::rc::Rc;

use shared::edit::default_unit;
use shared::ids::{ProgrammeId, Year};
use shared::params::ParamKey;
use shared::plan::{Refusal, Words};
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

    /// The years an edit in this mode applies to.
    pub fn years(self) -> Years {
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
    /// An edit was refused, with the reason in both languages.
    Refused(Words),
    /// An edit was made; this is what moved.
    Done(Words),
    /// A scenario was loaded from somewhere.
    Loaded(String),
}

impl Notice {
    /// A refusal whose reason is the same in both languages (a file name, a value).
    pub fn refused(zh: impl Into<String>, en: impl Into<String>) -> Notice {
        Notice::Refused(Words::new(zh, en))
    }
}

/// The undo (or redo) history: a persistent stack, so that a new workspace state
/// shares the whole history with the previous one instead of copying it.
#[derive(Debug, Clone, Default)]
pub struct History(Option<Rc<Entry>>);

#[derive(Debug)]
struct Entry {
    snapshot: Snapshot,
    below: History,
    depth: usize,
}

impl PartialEq for History {
    /// Histories are equal when they are the same stack (cheap, and all that a
    /// re-render needs to know).
    fn eq(&self, other: &History) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

impl History {
    /// How many states it holds.
    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |entry| entry.depth)
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    fn push(&mut self, snapshot: Snapshot) {
        let below = std::mem::take(self);
        let depth = below.len() + 1;
        *self = History(Some(Rc::new(Entry {
            snapshot,
            below,
            depth,
        })));
        // Past twice the cap, keep the newest states only: rare, so amortised O(1).
        if depth > 2 * HISTORY {
            let mut newest = Vec::with_capacity(HISTORY);
            let mut rest = self.clone();
            while newest.len() < HISTORY {
                match rest.pop() {
                    Some(snapshot) => newest.push(snapshot),
                    None => break,
                }
            }
            *self = History::default();
            for snapshot in newest.into_iter().rev() {
                self.push(snapshot);
            }
        }
    }

    fn pop(&mut self) -> Option<Snapshot> {
        let entry = self.0.take()?;
        match Rc::try_unwrap(entry) {
            Ok(entry) => {
                *self = entry.below;
                Some(entry.snapshot)
            }
            Err(shared) => {
                *self = shared.below.clone();
                Some(shared.snapshot.clone())
            }
        }
    }
}

/// One undoable state.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The scenario; it carries `locks` too (`Scenario::locks`), so whatever saves,
    /// shares or keeps it as a draft keeps the locks, and opening it restores them.
    pub scenario: Scenario,
    /// Locked lines.
    pub locks: Locks,
}

/// The simulator's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    /// The scenario being edited, and its locks.
    pub current: Snapshot,
    /// Earlier states.
    pub past: History,
    /// Undone states.
    pub future: History,
    /// Edit all years at once, or one.
    pub year_mode: YearMode,
    /// Free edit: an edit changes its one line only and the envelope shows the gap,
    /// instead of the other unlocked lines absorbing it.
    pub free_edit: bool,
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
    /// Set one line; the other unlocked lines absorb the difference (in free edit,
    /// nothing else moves).
    SetAmount(ProgrammeId, Money),
    /// Move exactly this much from one line to another in the years being edited.
    Transfer {
        /// Where the money comes from.
        from: ProgrammeId,
        /// Where it goes.
        to: ProgrammeId,
        /// CNY a year.
        amount: Money,
    },
    /// Scale the unlocked lines so every year spends exactly its envelope.
    FitEnvelope,
    /// Free edit on or off.
    SetFreeEdit(bool),
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
    /// Run the optimiser; `true` keeps every target the objective does not count.
    Optimise(Objective, bool),
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
        let locks = scenario.locks();
        Workspace {
            current: Snapshot { scenario, locks },
            past: History::default(),
            future: History::default(),
            year_mode: if uniform {
                YearMode::Uniform
            } else {
                YearMode::One(Year::ALL[0])
            },
            free_edit: false,
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
        let next = Snapshot {
            scenario: next.scenario.with_locks(next.locks),
            locks: next.locks,
        };
        if next == self.current {
            return;
        }
        let previous = std::mem::replace(&mut self.current, next);
        self.past.push(previous);
        self.future = History::default();
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
            Err(error) => self.notice = Some(Notice::Refused(scenario_problems(&error))),
        }
    }

    fn commit_edit(&mut self, edited: Result<shared::Edited, shared::EditError>) {
        match edited {
            Ok(edited) => {
                let locks = self.current.locks;
                self.commit(Snapshot {
                    scenario: edited.scenario,
                    locks,
                });
                self.notice = Some(Notice::Done(edited.description));
            }
            Err(error) => self.notice = Some(Notice::Refused(error.words())),
        }
    }

    /// Free edit: this one line takes `amount` in the years being edited (its floor at
    /// the least); nothing else moves.
    fn set_alone(&mut self, programme: ProgrammeId, amount: Money) {
        let scenario = &self.current.scenario;
        let floor = scenario.floor(programme);
        let applied = amount.max(floor).min(Money::MAX_AMOUNT);
        let mut allocations = *scenario.allocations();
        for year in Year::ALL {
            if self.year_mode.years().includes(year) {
                allocations[year.index()][programme.index()] = applied;
            }
        }
        match scenario.with_allocations(allocations) {
            Ok(next) => {
                let locks = self.current.locks;
                self.commit(Snapshot {
                    scenario: next,
                    locks,
                });
                if applied != amount {
                    self.notice = Some(Notice::Clamped {
                        programme,
                        requested: amount,
                        applied,
                    });
                }
            }
            Err(error) => self.notice = Some(Notice::Refused(scenario_problems(&error))),
        }
    }

    /// Applies one action.
    pub fn apply(&mut self, action: Action) {
        self.notice = None;
        match action {
            Action::SetAmount(programme, amount) if self.free_edit => {
                if self.current.locks.is_locked(programme) {
                    let error = shared::EditError::Locked(programme);
                    self.notice = Some(Notice::Refused(error.words()));
                } else {
                    self.set_alone(programme, amount);
                }
            }
            Action::SetAmount(programme, amount) => {
                let years = self.year_mode.years();
                match shared::set(
                    &self.current.scenario,
                    programme,
                    amount,
                    years,
                    &self.current.locks,
                    default_unit(),
                ) {
                    Ok(done) => {
                        let shown = self.year_mode.shown_year();
                        let applied = done.scenario.allocation(shown, programme);
                        let clamped = done.clamped;
                        let locks = self.current.locks;
                        self.commit(Snapshot {
                            scenario: done.scenario,
                            locks,
                        });
                        if clamped {
                            self.notice = Some(Notice::Clamped {
                                programme,
                                requested: amount,
                                applied,
                            });
                        }
                    }
                    Err(error) => self.notice = Some(Notice::Refused(error.words())),
                }
            }
            Action::Transfer { from, to, amount } => {
                let years = self.year_mode.years();
                let done = shared::transfer(&self.current.scenario, from, to, amount, years);
                self.commit_edit(done);
            }
            Action::FitEnvelope => {
                let done = shared::fit_envelope(
                    &self.current.scenario,
                    &self.current.locks,
                    default_unit(),
                );
                self.commit_edit(done);
            }
            Action::SetFreeEdit(on) => self.free_edit = on,
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
                    Err(message) => {
                        self.notice = Some(Notice::Refused(Words::new(
                            format!("假设取值无效：{}", localise_override(&message)),
                            message,
                        )))
                    }
                }
            }
            Action::SetRespectEarmarks(on) => self.edit_draft(|draft| draft.respect_earmarks = on),
            Action::Load(scenario, origin) => {
                let scenario = *scenario;
                let year_mode = Workspace::new(scenario.clone()).year_mode;
                let locks = scenario.locks();
                self.commit(Snapshot { scenario, locks });
                self.year_mode = year_mode;
                self.notice = Some(Notice::Loaded(origin));
            }
            Action::Optimise(objective, keep) => {
                let mut options = OptimiseOptions::new(objective);
                options.locks = self.current.locks;
                if keep {
                    options.aim.keep_all();
                }
                match shared::optimise(&self.current.scenario, &options) {
                    Ok(result) => self.proposal = Some(Rc::new(result)),
                    Err(error) => self.notice = Some(Notice::Refused(error.words())),
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

/// A scenario's problems in both languages: the field paths are the file format's own
/// names, the same in either.
pub fn scenario_problems(error: &shared::ScenarioError) -> Words {
    // In Chinese, a problem is named by its programme and year where it has them, a
    // file that is not JSON by where it breaks, anything else by its field path.
    let places: Vec<String> = error
        .problems
        .iter()
        .filter_map(|p| match (p.programme, p.year) {
            (Some(id), Some(year)) => Some(format!(
                "「{}」{year} 年",
                shared::plan::programme(id).short_name.zh
            )),
            (Some(id), None) => Some(format!("「{}」", shared::plan::programme(id).short_name.zh)),
            _ if p.message.starts_with("malformed JSON") => {
                let numbers: Vec<&str> = p
                    .message
                    .split(|c: char| !c.is_ascii_digit())
                    .filter(|part| !part.is_empty())
                    .take(2)
                    .collect();
                Some(match numbers.as_slice() {
                    [line, column] => format!("文件不是有效的 JSON（第 {line} 行第 {column} 列）"),
                    _ => "文件不是有效的 JSON".to_owned(),
                })
            }
            _ => (!p.path.is_empty()).then(|| p.path.clone()),
        })
        .collect();
    let zh = if places.is_empty() {
        format!("方案无效（{} 处问题）", error.problems.len())
    } else {
        format!(
            "方案无效（{} 处问题）：{}",
            error.problems.len(),
            places.join("、")
        )
    };
    Words::new(zh, error.to_string())
}

/// An assumption refusal in Chinese: the value and the allowed range are numbers.
fn localise_override(message: &str) -> String {
    let numbers: Vec<&str> = message
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter(|part| part.chars().any(|c| c.is_ascii_digit()))
        .collect();
    match numbers.as_slice() {
        [.., value, min, max] => format!("{value} 超出允许范围 {min} 至 {max}"),
        _ => "须为有限数值".to_owned(),
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

    /// A line's amount in the `year`th plan year of the workspace's scenario.
    fn amount(ws: &Workspace, year: usize, id: ProgrammeId) -> Money {
        ws.scenario().allocation(Year::ALL[year], id)
    }

    #[test]
    fn moving_a_slider_rebalances_and_undo_redo_walk_the_history() {
        let mut ws = Workspace::default();
        ws.apply(Action::SetAmount(ProgrammeId::Patents, y(20_000_000)));
        assert_eq!(amount(&ws, 3, ProgrammeId::Patents), y(20_000_000));
        assert!(ws.scenario().is_balanced());
        ws.apply(Action::ToggleLock(ProgrammeId::Brands));
        assert!(ws.current.locks.is_locked(ProgrammeId::Brands));
        ws.apply(Action::Undo);
        assert!(!ws.current.locks.is_locked(ProgrammeId::Brands));
        ws.apply(Action::Undo);
        assert_eq!(ws.current.scenario, Scenario::baseline());
        assert!(!ws.can_undo());
        ws.apply(Action::Redo);
        assert_eq!(amount(&ws, 0, ProgrammeId::Patents), y(20_000_000));
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
        assert_eq!(amount(&ws, 0, ProgrammeId::TechEnterprise), y(50_000_000));
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
        assert_eq!(amount(&ws, 0, ProgrammeId::LeanManagement), y(20_000_000));
    }

    #[test]
    fn one_year_mode_edits_only_that_year() {
        let mut ws = Workspace::default();
        ws.apply(Action::SetYearMode(YearMode::One(Year::ALL[2])));
        ws.apply(Action::SetAmount(ProgrammeId::Patents, y(15_000_000)));
        assert_eq!(amount(&ws, 2, ProgrammeId::Patents), y(15_000_000));
        assert_eq!(amount(&ws, 1, ProgrammeId::Patents), y(10_000_000));
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
        ws.apply(Action::Optimise(Objective::Enterprises, false));
        assert!(ws.proposal.is_some());
        ws.apply(Action::AcceptProposal);
        assert!(ws.proposal.is_none());
        assert!(
            shared::project(ws.scenario())
                .kpis
                .get(shared::KpiKey::EnterprisesTransformed)
                .result
                > 12_000.0
        );
        ws.apply(Action::Undo);
        assert_eq!(ws.current.scenario, Scenario::baseline());
    }
    fn with_envelope(yuan: i64) -> Workspace {
        let mut draft = Scenario::baseline().to_draft();
        draft.envelope = Some(y(yuan));
        Workspace::new(Scenario::new(draft).expect("valid"))
    }

    #[test]
    fn a_transfer_is_one_action_and_says_what_moved() {
        let mut ws = Workspace::default();
        ws.apply(Action::Transfer {
            from: ProgrammeId::EquipmentUpgrade,
            to: ProgrammeId::SpecialisedProducts,
            amount: y(20_000_000),
        });
        for year in Year::ALL {
            assert_eq!(
                ws.scenario()
                    .allocation(year, ProgrammeId::EquipmentUpgrade),
                y(30_000_000)
            );
            assert_eq!(
                ws.scenario()
                    .allocation(year, ProgrammeId::SpecialisedProducts),
                y(57_500_000)
            );
            assert_eq!(
                ws.scenario().allocation(year, ProgrammeId::Patents),
                y(10_000_000)
            );
        }
        assert!(
            matches!(&ws.notice, Some(Notice::Done(words)) if words.zh.contains("调出 2,000 万元"))
        );
        ws.apply(Action::Undo);
        assert_eq!(ws.current.scenario, Scenario::baseline());
    }

    #[test]
    fn free_edit_changes_one_line_and_fit_envelope_balances_every_year() {
        let mut ws = with_envelope(250_000_000);
        ws.apply(Action::SetFreeEdit(true));
        ws.apply(Action::SetAmount(
            ProgrammeId::TechEnterprise,
            y(20_000_000),
        ));
        assert_eq!(amount(&ws, 0, ProgrammeId::EquipmentUpgrade), y(50_000_000));
        assert_eq!(ws.scenario().year_total(Year::ALL[0]), y(270_000_000));
        assert!(!shared::project(ws.scenario()).feasible);
        ws.apply(Action::FitEnvelope);
        assert!(shared::project(ws.scenario()).feasible);
        for year in Year::ALL {
            assert_eq!(ws.scenario().year_total(year), y(250_000_000));
        }
    }

    #[test]
    fn with_every_other_line_locked_a_cut_is_refused_in_words_that_say_why() {
        let mut ws = with_envelope(250_000_000);
        for id in ProgrammeId::ALL
            .iter()
            .filter(|id| **id != ProgrammeId::Patents)
        {
            ws.apply(Action::ToggleLock(*id));
        }
        ws.apply(Action::SetAmount(ProgrammeId::Patents, Money::ZERO));
        match &ws.notice {
            Some(Notice::Refused(words)) => {
                assert!(words.zh.contains("均已锁定"), "{}", words.zh);
                assert!(!words.zh.contains("资金不足"), "{}", words.zh);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn locks_travel_with_the_scenario_and_come_back_when_it_is_opened() {
        let mut ws = Workspace::default();
        ws.apply(Action::ToggleLock(ProgrammeId::Brands));
        let saved = ws.scenario().clone();
        assert!(
            saved.locks().is_locked(ProgrammeId::Brands),
            "saved with it"
        );
        let shared = Scenario::from_json(&saved.to_json_pretty()).expect("valid");
        let mut opened = Workspace::default();
        opened.apply(Action::Load(Box::new(shared), "#1".to_owned()));
        assert!(opened.current.locks.is_locked(ProgrammeId::Brands));
        assert!(!opened.current.locks.is_locked(ProgrammeId::Patents));
        assert!(
            Workspace::new(saved)
                .current
                .locks
                .is_locked(ProgrammeId::Brands)
        );
        opened.apply(Action::ToggleLock(ProgrammeId::Brands));
        assert!(!opened.scenario().locks().is_locked(ProgrammeId::Brands));
        opened.apply(Action::Undo);
        assert!(opened.scenario().locks().is_locked(ProgrammeId::Brands));
    }

    #[test]
    fn history_is_shared_between_states_and_capped() {
        let mut ws = Workspace::default();
        for i in 0..(3 * HISTORY) {
            let amount = y(10_000_000 + (i as i64 % 2) * 100_000);
            ws.apply(Action::SetAmount(ProgrammeId::Patents, amount));
        }
        assert!(ws.past.len() <= 2 * HISTORY && ws.past.len() >= HISTORY);
        let before = ws.clone();
        ws.apply(Action::SetAmount(ProgrammeId::Brands, y(6_000_000)));
        ws.apply(Action::Undo);
        assert_eq!(
            ws.past, before.past,
            "undo returns to the very same history"
        );
    }
}
