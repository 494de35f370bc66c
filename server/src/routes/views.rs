//! Rows of the store as the API's bodies (`api` crate): the one place a stored row
//! becomes what a client reads.

use api::{
    AuditEntry, Revision, RevisionSummary, ScenarioMeta, ScenarioSummary, TokenView, UserView,
};

use crate::storage::entities::{api_token, audit, scenario, scenario_revision, user};
use crate::storage::timestamp;

/// A user, without the password hash.
pub fn user(row: &user::Model) -> UserView {
    UserView {
        id: row.id,
        name: row.name.clone(),
        role: row.role,
        created_at: timestamp(row.created_at),
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
