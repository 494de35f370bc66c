//! The year plans (年度计划): the approved scenario an approver adopted for a year,
//! with that year's allocation frozen from it.
//!
//! Adopting again replaces the plan until the year's actuals are final; that rule is
//! the caller's decision, applied to the actuals the write's own transaction reads.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, DbErr, EntityTrait, IntoActiveModel};
use shared::Year;
use shared::execution::ActualStatus;

use super::entities::{actual, year_plan};
use super::{Audit, Store};

/// A year plan as it is to be adopted.
pub struct NewYearPlan<'a> {
    /// The plan year.
    pub year: Year,
    /// The scenario adopted.
    pub scenario_id: i64,
    /// Its revision.
    pub scenario_revision: i32,
    /// The year's allocation, JSON.
    pub allocations: &'a str,
    /// Who.
    pub actor: &'a str,
}

/// The outcome of [`Store::adopt_year_plan`].
#[derive(Debug)]
pub enum AdoptOutcome<R> {
    /// Adopted; the plan it replaced, if any.
    Adopted {
        /// The new plan.
        plan: year_plan::Model,
        /// The one it replaced.
        replaced: Option<year_plan::Model>,
    },
    /// The rules refused it.
    Refused(R),
}

/// A year plan as the audit log keeps it.
fn audited(row: &year_plan::Model) -> String {
    let allocations: serde_json::Value =
        serde_json::from_str(&row.allocations).unwrap_or(serde_json::Value::Null);
    serde_json::json!({
        "scenario": row.scenario_id,
        "scenario_revision": row.scenario_revision,
        "allocations": allocations,
    })
    .to_string()
}

impl Store {
    /// Adopts `new` as its year's plan if `allowed`, given the year's actuals as the
    /// transaction reads them, agrees; audit-logged with the plan it replaces.
    pub async fn adopt_year_plan<R>(
        &self,
        new: NewYearPlan<'_>,
        allowed: impl FnOnce(Option<ActualStatus>) -> Result<(), R>,
    ) -> Result<AdoptOutcome<R>, DbErr> {
        let year = i32::from(new.year.get());
        let (_guard, txn) = self.begin().await?;
        let actuals = actual::Entity::find_by_id(year).one(&txn).await?;
        if let Err(refusal) = allowed(actuals.as_ref().map(actual::Model::actual_status)) {
            return Ok(AdoptOutcome::Refused(refusal));
        }
        let replaced = year_plan::Entity::find_by_id(year).one(&txn).await?;
        let row = year_plan::Model {
            year,
            scenario_id: new.scenario_id,
            scenario_revision: new.scenario_revision,
            allocations: new.allocations.to_owned(),
            adopted_by: new.actor.to_owned(),
            adopted_at: Utc::now(),
        };
        let active = row.clone().into_active_model();
        if replaced.is_some() {
            active.reset_all().update(&txn).await?;
        } else {
            active.insert(&txn).await?;
        }
        Self::record_and_commit(
            txn,
            Audit::new(new.actor, "year_plan.adopt", "year_plan", year)
                .before(replaced.as_ref().map(audited))
                .after(audited(&row)),
        )
        .await?;
        Ok(AdoptOutcome::Adopted {
            plan: row,
            replaced,
        })
    }
}
