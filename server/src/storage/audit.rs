//! The append-only audit log: every write records itself in its own transaction.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, DatabaseTransaction, DbErr, EntityTrait, NotSet, QueryOrder, Set};

use super::Store;
use super::entities::audit;
use crate::auth::Role;

/// A change to record in the audit log.
pub struct Audit<'a> {
    /// Who.
    pub actor: &'a str,
    /// What, e.g. `scenario.update`.
    pub action: &'a str,
    /// Kind of thing.
    pub entity: &'a str,
    /// Its id.
    pub entity_id: Option<String>,
    /// JSON before.
    pub before: Option<String>,
    /// JSON after.
    pub after: Option<String>,
}

impl<'a> Audit<'a> {
    /// `actor` did `action` to the `entity` with this id; nothing before or after yet.
    pub fn new(actor: &'a str, action: &'a str, entity: &'a str, id: impl ToString) -> Self {
        Audit {
            actor,
            action,
            entity,
            entity_id: Some(id.to_string()),
            before: None,
            after: None,
        }
    }

    /// What it was before, as JSON text.
    pub fn before(self, before: impl Into<Option<String>>) -> Self {
        Audit {
            before: before.into(),
            ..self
        }
    }

    /// What it is after, as JSON text.
    pub fn after(self, after: impl Into<Option<String>>) -> Self {
        Audit {
            after: after.into(),
            ..self
        }
    }
}

impl Store {
    pub(super) async fn record(txn: &DatabaseTransaction, entry: Audit<'_>) -> Result<(), DbErr> {
        audit::ActiveModel {
            id: NotSet,
            at: Set(Utc::now()),
            actor: Set(entry.actor.to_owned()),
            action: Set(entry.action.to_owned()),
            entity: Set(entry.entity.to_owned()),
            entity_id: Set(entry.entity_id),
            before: Set(entry.before),
            after: Set(entry.after),
        }
        .insert(txn)
        .await?;
        Ok(())
    }

    /// Records the change and commits it with the transaction: the audit entry and the
    /// change land together or not at all.
    /// Records `entry`, the creation of something named `name` with `role`, and
    /// commits.
    pub(super) async fn record_creation_and_commit(
        txn: DatabaseTransaction,
        entry: Audit<'_>,
        name: &str,
        role: Role,
    ) -> Result<(), DbErr> {
        let after = serde_json::json!({"name": name, "role": role});
        Self::record_and_commit(txn, entry.after(after.to_string())).await
    }

    pub(super) async fn record_and_commit(
        txn: DatabaseTransaction,
        entry: Audit<'_>,
    ) -> Result<(), DbErr> {
        Self::record(&txn, entry).await?;
        txn.commit().await
    }

    /// A page of the audit log (1-based), newest first, and its length.
    pub async fn audit(&self, page: u64, per_page: u64) -> Result<(Vec<audit::Model>, u64), DbErr> {
        let query = audit::Entity::find().order_by_desc(audit::Column::Id);
        self.page(query, page, per_page).await
    }
}
