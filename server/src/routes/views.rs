//! Rows of the store as the API's bodies (`api` crate): the one place a stored row
//! becomes what a client reads.

use std::collections::BTreeMap;

use api::{
    ActualsMeta, ActualsRevision, AuditEntry, Revision, RevisionSummary, ScenarioId, ScenarioMeta,
    ScenarioSummary, StoredActuals, TokenView, UserView, YearPlan,
};
use shared::execution::YearActuals;
use shared::{Money, ProgrammeId, Year};

use crate::error::ApiError;
use crate::storage::entities::{
    actual, actual_revision, api_token, audit, scenario, scenario_revision, user, year_plan,
};
use crate::storage::timestamp;

/// A user, without the password hash.
pub fn user(row: &user::Model) -> UserView {
    UserView {
        id: row.id,
        name: row.name.clone(),
        role: row.role,
        created_at: timestamp(row.created_at),
        disabled: row.disabled,
        must_change_password: row.must_change_password,
    }
}

/// A token, without its secret.
pub fn token(row: &api_token::Model) -> TokenView {
    TokenView {
        id: row.id,
        name: row.name.clone(),
        role: row.role,
        created_by: row.created_by.clone(),
        created_at: timestamp(row.created_at),
        revoked_at: row.revoked_at.map(timestamp),
    }
}

/// A stored scenario's identity, status and authorship.
pub fn meta(row: &scenario::Model) -> ScenarioMeta {
    ScenarioMeta {
        id: row.scenario_id(),
        status: row.status,
        revision: row.current_revision(),
        created_by: row.created_by.clone(),
        created_at: timestamp(row.created_at),
        updated_by: row.updated_by.clone(),
        updated_at: timestamp(row.updated_at),
        approved_by: row.approved_by.clone(),
        approved_at: row.approved_at.map(timestamp),
    }
}

/// A stored scenario in a list.
pub fn summary(row: &scenario::Model) -> ScenarioSummary {
    ScenarioSummary {
        name: row.name.clone(),
        meta: meta(row),
    }
}

/// One saved revision.
pub fn revision(row: &scenario_revision::Model) -> RevisionSummary {
    RevisionSummary {
        revision: Revision(row.revision),
        name: row.name.clone(),
        status: row.status,
        created_by: row.created_by.clone(),
        created_at: timestamp(row.created_at),
        note: row.note.clone(),
    }
}

/// One entry of the audit log; its JSON columns are sent as JSON.
pub fn audit_entry(row: audit::Model) -> AuditEntry {
    let json = |text: Option<String>| {
        text.map(|text| serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)))
    };
    AuditEntry {
        id: row.id,
        at: timestamp(row.at),
        actor: row.actor,
        action: row.action,
        entity: row.entity,
        entity_id: row.entity_id,
        before: json(row.before),
        after: json(row.after),
    }
}

/// A year plan, its frozen allocation read back; `None` for a row this server did not
/// write (a year or an allocation it cannot read).
pub fn year_plan(row: &year_plan::Model) -> Option<YearPlan> {
    let year = u16::try_from(row.year).ok().and_then(Year::from_number)?;
    let allocations: BTreeMap<ProgrammeId, Money> = serde_json::from_str(&row.allocations).ok()?;
    Some(YearPlan {
        year,
        scenario: ScenarioId(row.scenario_id),
        scenario_revision: Revision(row.scenario_revision),
        total: allocations.values().copied().sum(),
        allocations,
        adopted_by: row.adopted_by.clone(),
        adopted_at: timestamp(row.adopted_at),
    })
}

/// A year's allocation as a year plan freezes it, `{"programme id": "CNY"}`.
pub fn year_allocation(scenario: &shared::Scenario, year: Year) -> BTreeMap<ProgrammeId, Money> {
    ProgrammeId::ALL
        .iter()
        .map(|id| (*id, scenario.allocation(year, *id)))
        .collect()
}

/// The read-only fields of a year's stored actuals.
pub fn actuals_meta(row: &actual::Model) -> Option<ActualsMeta> {
    Some(ActualsMeta {
        year: u16::try_from(row.year).ok().and_then(Year::from_number)?,
        revision: row.current_revision(),
        updated_by: row.updated_by.clone(),
        updated_at: timestamp(row.updated_at),
    })
}

/// Stored actuals read back: what this server wrote, so a failure is its fault.
fn stored_body(body: &str) -> Result<YearActuals, ApiError> {
    YearActuals::from_json(body).map_err(ApiError::internal)
}

/// A year's stored actuals with their read-only fields.
pub fn stored_actuals(row: &actual::Model) -> Result<StoredActuals, ApiError> {
    Ok(StoredActuals {
        actuals: stored_body(&row.body)?,
        meta: actuals_meta(row)
            .ok_or_else(|| ApiError::internal(format!("stored actuals of year {}", row.year)))?,
    })
}

/// One saved revision of a year's actuals.
pub fn actuals_revision(row: &actual_revision::Model) -> Result<ActualsRevision, ApiError> {
    let actuals = stored_body(&row.body)?;
    Ok(ActualsRevision {
        revision: Revision(row.revision),
        status: actuals.status,
        author: row.author.clone(),
        at: timestamp(row.at),
        actuals,
    })
}
