//! Rows of the store as the API's bodies (`api` crate): the one place a stored row
//! becomes what a client reads.

use api::{
    AuditEntry, Revision, RevisionSummary, Role, ScenarioId, ScenarioMeta, ScenarioSummary, Status,
    TokenView, UserView,
};

use crate::error::ApiError;
use crate::storage::entities::{api_token, audit, scenario, scenario_revision, user};
use crate::storage::timestamp;

/// A status read back from the store; one it never writes is a server fault.
fn stored_status(text: &str) -> Result<Status, ApiError> {
    text.parse()
        .map_err(|error| ApiError::internal(format!("stored status: {error}")))
}

/// A role read back from the store.
fn stored_role(text: &str) -> Result<Role, ApiError> {
    text.parse()
        .map_err(|error| ApiError::internal(format!("stored role: {error}")))
}

/// A user, without the password hash.
pub fn user(row: &user::Model) -> Result<UserView, ApiError> {
    Ok(UserView {
        id: row.id,
        name: row.name.clone(),
        role: stored_role(&row.role)?,
        created_at: timestamp(row.created_at),
    })
}

/// A token, without its secret.
pub fn token(row: &api_token::Model) -> Result<TokenView, ApiError> {
    Ok(TokenView {
        id: row.id,
        name: row.name.clone(),
        role: stored_role(&row.role)?,
        created_by: row.created_by.clone(),
        created_at: timestamp(row.created_at),
        revoked_at: row.revoked_at.map(timestamp),
    })
}

/// A stored scenario's identity, status and authorship.
pub fn meta(row: &scenario::Model) -> Result<ScenarioMeta, ApiError> {
    Ok(ScenarioMeta {
        id: ScenarioId(row.id),
        status: stored_status(&row.status)?,
        revision: Revision(row.revision),
        created_by: row.created_by.clone(),
        created_at: timestamp(row.created_at),
        updated_by: row.updated_by.clone(),
        updated_at: timestamp(row.updated_at),
        approved_by: row.approved_by.clone(),
        approved_at: row.approved_at.map(timestamp),
    })
}

/// A stored scenario in a list.
pub fn summary(row: &scenario::Model) -> Result<ScenarioSummary, ApiError> {
    Ok(ScenarioSummary {
        name: row.name.clone(),
        meta: meta(row)?,
    })
}

/// One saved revision.
pub fn revision(row: &scenario_revision::Model) -> Result<RevisionSummary, ApiError> {
    Ok(RevisionSummary {
        revision: Revision(row.revision),
        name: row.name.clone(),
        status: stored_status(&row.status)?,
        created_by: row.created_by.clone(),
        created_at: timestamp(row.created_at),
    })
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
