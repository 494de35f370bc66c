//! What is stored of plan execution, gathered for the model: the adopted year plans,
//! each year's actuals, and the scenario a year is assessed against. The routes and the
//! command line both read it through here, so the two cannot assemble it differently.

use api::{ActualsMeta, ScenarioId, Status, YearPlan, YearState};
use shared::execution::{Actuals, Execution};
use shared::ids::YEAR_COUNT;
use shared::replan::ClosedYears;
use shared::scenario::Allocations;
use shared::{Scenario, Year};

use crate::error::ApiError;
use crate::routes::views;
use crate::storage::Store;

/// The year plans and actuals of the four plan years.
#[derive(Debug, Clone, Default)]
pub struct Stored {
    /// The adopted year plan of each year, by [`Year::index`].
    pub plans: [Option<YearPlan>; YEAR_COUNT],
    /// The actuals of each year.
    pub actuals: Actuals,
    /// Their read-only fields.
    pub meta: [Option<ActualsMeta>; YEAR_COUNT],
}

impl Stored {
    /// Reads every year plan and every year's actuals.
    pub async fn read(store: &Store) -> Result<Stored, ApiError> {
        let rows = store.years().await?;
        let mut stored = Stored::default();
        for row in &rows.plans {
            if let Some(plan) = views::year_plan(row) {
                let index = plan.year.index();
                stored.plans[index] = Some(plan);
            }
        }
        for row in &rows.actuals {
            let actuals = views::stored_actuals(row)?;
            let year = actuals.meta.year;
            stored.actuals.set(year, actuals.actuals);
            stored.meta[year.index()] = Some(actuals.meta);
        }
        Ok(stored)
    }

    /// What was planned each year: the adopted year plan's allocation where one exists,
    /// `scenario`'s own otherwise.
    pub fn planned(&self, scenario: &Scenario) -> Allocations {
        let mut planned = *scenario.allocations();
        for (year, plan) in planned.iter_mut().zip(&self.plans) {
            if let Some(plan) = plan {
                for (amount, id) in year.iter_mut().zip(shared::ProgrammeId::ALL) {
                    if let Some(adopted) = plan.allocations.get(id) {
                        *amount = *adopted;
                    }
                }
            }
        }
        planned
    }

    /// The execution of `scenario` through `through`, planned by the adopted year plans
    /// (the body of `GET /scenarios/{id}/execution` and the briefing's execution pages).
    pub fn execution(&self, scenario: &Scenario, through: Year, calibrate: bool) -> Execution {
        let planned = self.planned(scenario);
        shared::execution::execution(scenario, &planned, &self.actuals, through, calibrate)
    }

    /// The last year with actuals, if any has them.
    pub fn last_reported(&self) -> Option<Year> {
        Year::ALL
            .into_iter()
            .rev()
            .find(|year| self.actuals.year(*year).is_some())
    }

    /// The four years as `GET /years` lists them.
    pub fn states(&self) -> Vec<YearState> {
        Year::ALL
            .into_iter()
            .map(|year| YearState {
                year,
                plan: self.plans[year.index()].clone(),
                actuals: self.actuals.year(year).map(|actuals| actuals.status),
                actuals_meta: self.meta[year.index()].clone(),
            })
            .collect()
    }
}

/// The scenario a year is assessed against, and why that one.
#[derive(Debug, Clone)]
pub struct Basis {
    /// The scenario (its assumptions, and its amounts for years without a year plan).
    pub scenario: Scenario,
    /// Its id, when it is a stored scenario.
    pub id: Option<ScenarioId>,
    /// Which rule chose it.
    pub chosen: Chosen,
}

/// Which rule chose the scenario of a [`Basis`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chosen {
    /// The scenario the year's plan was adopted from.
    YearPlan,
    /// The scenario the caller named.
    Named,
    /// No year plan: the most recently approved scenario.
    Approved,
    /// No year plan and nothing approved: the plan's baseline.
    Baseline,
}

impl Chosen {
    /// Its stable name, as the assessment's `basis.chosen` says it.
    pub fn as_str(self) -> &'static str {
        match self {
            Chosen::YearPlan => "year_plan",
            Chosen::Named => "named",
            Chosen::Approved => "approved",
            Chosen::Baseline => "baseline",
        }
    }
}

fn parse(body: &str) -> Result<Scenario, ApiError> {
    Scenario::from_json(body).map_err(ApiError::internal)
}

/// The scenario `id`, stored; 404 when there is none.
pub async fn stored_scenario(
    store: &Store,
    id: ScenarioId,
) -> Result<(Scenario, Status), ApiError> {
    let row = store
        .scenario(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no scenario has the id {id}")))?;
    Ok((parse(&row.body)?, row.status))
}

/// The scenario `year` is assessed against: `named` when given, else the one its year
/// plan was adopted from, else the most recently approved one, else the baseline.
pub async fn basis(
    store: &Store,
    stored: &Stored,
    year: Year,
    named: Option<ScenarioId>,
) -> Result<Basis, ApiError> {
    let adopted = stored.plans[year.index()]
        .as_ref()
        .map(|plan| plan.scenario);
    let (id, chosen) = match (named, adopted) {
        (Some(id), _) => (Some(id), Chosen::Named),
        (None, Some(id)) => (Some(id), Chosen::YearPlan),
        (None, None) => match store.approved().await? {
            Some(row) => {
                return Ok(Basis {
                    scenario: parse(&row.body)?,
                    id: Some(row.scenario_id()),
                    chosen: Chosen::Approved,
                });
            }
            None => (None, Chosen::Baseline),
        },
    };
    let scenario = match id {
        Some(id) => stored_scenario(store, id).await?.0,
        None => Scenario::baseline(),
    };
    Ok(Basis {
        scenario,
        id,
        chosen,
    })
}

/// What the closed years of `executed` spent and achieved, as the re-plan reads them:
/// each programme's spending in a closed year (its reported amount, or the planned one
/// where it reported none, as the execution says), and each flow's achieved output.
pub fn closed_years(scenario: &Scenario, executed: &Execution) -> ClosedYears {
    let mut spent = *scenario.allocations();
    for indicator in &executed.indicators {
        for cell in &indicator.by_year {
            if let (true, Some(amount)) = (cell.closed, cell.spent) {
                spent[cell.year.index()][indicator.facts.programme.index()] = amount;
            }
        }
    }
    ClosedYears {
        through: executed.through,
        spent,
        achieved: std::array::from_fn(|slot| {
            executed
                .indicators
                .get(slot)
                .map_or(0.0, |indicator| indicator.achieved)
        }),
    }
}

/// The re-plan of `scenario`'s open years after `through` from the stored actuals, with
/// the draft's projection: what `POST /scenarios/{id}/replan` answers and `planner
/// replan --json` prints.
pub fn replan_answer(
    scenario: &Scenario,
    stored: &Stored,
    through: Year,
    options: &shared::replan::ReplanOptions,
) -> Result<api::ReplanBody, shared::optimise::OptimiseError> {
    let executed = stored.execution(scenario, through, false);
    let closed = closed_years(scenario, &executed);
    shared::replan::replan(scenario, &closed, options).map(|replanned| api::ReplanBody {
        projection: shared::project(&replanned.scenario),
        replanned,
    })
}
