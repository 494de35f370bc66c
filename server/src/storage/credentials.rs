//! API tokens and the first-start sign-in links; only hashes of their secrets are kept.

use api::Role;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, NotSet,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use super::entities::{api_token, sign_in_link, user};
use super::{Audit, SIGN_IN_LINK_HOURS, StorageError, Store};
use crate::domain::UserName;

/// What [`Store::create_sign_in_link`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewLink {
    /// Stored the new link.
    Created,
    /// Stored nothing: an earlier link is still valid.
    StillValid,
    /// Stored nothing: an admin or an admin API token exists.
    NotNeeded,
}

impl Store {
    /// Creates an API token from the hash of its secret.
    pub async fn create_token(
        &self,
        actor: &str,
        name: &UserName,
        role: Role,
        token_hash: &str,
    ) -> Result<api_token::Model, DbErr> {
        let (_guard, txn) = self.begin().await?;
        let created = api_token::ActiveModel {
            id: NotSet,
            name: Set(name.to_string()),
            role: Set(role),
            token_hash: Set(token_hash.to_owned()),
            created_by: Set(actor.to_owned()),
            created_at: Set(Utc::now()),
            revoked_at: Set(None),
        }
        .insert(&txn)
        .await?;
        let entry = Audit::new(actor, "token.create", "token", created.id);
        Self::record_creation_and_commit(txn, entry, name.as_str(), role).await?;
        Ok(created)
    }

    /// Every token, by id (hashes included; callers must not show them).
    pub async fn tokens(&self) -> Result<Vec<api_token::Model>, DbErr> {
        api_token::Entity::find()
            .order_by_asc(api_token::Column::Id)
            .all(&self.db)
            .await
    }

    /// Revokes a token; `false` if there is no such live token.
    pub async fn revoke_token(&self, actor: &str, id: i64) -> Result<bool, DbErr> {
        let (_guard, txn) = self.begin().await?;
        let result = api_token::Entity::update_many()
            .col_expr(api_token::Column::RevokedAt, Expr::value(Utc::now()))
            .filter(api_token::Column::Id.eq(id))
            .filter(api_token::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            return Ok(false);
        }
        Self::record_and_commit(txn, Audit::new(actor, "token.revoke", "token", id)).await?;
        Ok(true)
    }

    /// The live token with this hash.
    pub async fn token_by_hash(&self, hash: &str) -> Result<Option<api_token::Model>, DbErr> {
        api_token::Entity::find()
            .filter(api_token::Column::TokenHash.eq(hash))
            .filter(api_token::Column::RevokedAt.is_null())
            .one(&self.db)
            .await
    }

    /// Stores a one-time sign-in link from the hash of its token, in one transaction,
    /// unless an admin or a live admin API token exists ([`NewLink::NotNeeded`]). With
    /// `replace`, every earlier unused link expires now (one valid link at a time);
    /// without it, none is stored while one is still valid ([`NewLink::StillValid`]): a
    /// restart does not make a new link, only `planner setup-link` does. On PostgreSQL
    /// the transaction first locks the links' table, so two instances starting at once
    /// make one link between them (SQLite's immediate transaction runs one writer at a
    /// time already).
    pub async fn create_sign_in_link(
        &self,
        token_hash: &str,
        replace: bool,
    ) -> Result<NewLink, DbErr> {
        let (_guard, txn) = self.begin().await?;
        if txn.get_database_backend() == DbBackend::Postgres {
            txn.execute_unprepared("LOCK TABLE sign_in_links IN SHARE ROW EXCLUSIVE MODE")
                .await?;
        }
        let admin_tokens = api_token::Entity::find()
            .filter(api_token::Column::Role.eq(Role::Admin))
            .filter(api_token::Column::RevokedAt.is_null())
            .count(&txn)
            .await?;
        if admin_tokens > 0 || Self::admins_exist(&txn).await? {
            txn.rollback().await?;
            return Ok(NewLink::NotNeeded);
        }
        let now = Utc::now();
        let valid = sign_in_link::Entity::find()
            .filter(sign_in_link::Column::UsedAt.is_null())
            .filter(sign_in_link::Column::ExpiresAt.gt(now))
            .count(&txn)
            .await?;
        if !replace && valid > 0 {
            txn.rollback().await?;
            return Ok(NewLink::StillValid);
        }
        sign_in_link::Entity::update_many()
            .col_expr(sign_in_link::Column::ExpiresAt, Expr::value(now))
            .filter(sign_in_link::Column::UsedAt.is_null())
            .filter(sign_in_link::Column::ExpiresAt.gt(now))
            .exec(&txn)
            .await?;
        sign_in_link::ActiveModel {
            id: NotSet,
            token_hash: Set(token_hash.to_owned()),
            created_at: Set(now),
            expires_at: Set(now + chrono::Duration::hours(SIGN_IN_LINK_HOURS)),
            used_at: Set(None),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(NewLink::Created)
    }

    /// Uses a sign-in link to create the first admin, in one transaction: `None` if the
    /// link is unknown, used or expired, or an admin exists already.
    pub async fn redeem_sign_in_link(
        &self,
        token_hash: &str,
        name: &UserName,
        password_hash: String,
    ) -> Result<Option<user::Model>, StorageError> {
        let (_guard, txn) = self.begin().await?;
        let now = Utc::now();
        let valid = sign_in_link::Entity::find()
            .filter(sign_in_link::Column::TokenHash.eq(token_hash))
            .filter(sign_in_link::Column::UsedAt.is_null())
            .filter(sign_in_link::Column::ExpiresAt.gt(now))
            .one(&txn)
            .await?;
        if valid.is_none() {
            return Ok(None);
        }
        // Redeeming one link uses every unused one. Two instances each redeeming its own
        // link at once both reach this update; the second waits for the first's row
        // locks (PostgreSQL) or its whole transaction (SQLite, begun IMMEDIATE), then
        // finds nothing unused, or the admin the first created: one admin, never two.
        let used = sign_in_link::Entity::update_many()
            .col_expr(sign_in_link::Column::UsedAt, Expr::value(now))
            .filter(sign_in_link::Column::UsedAt.is_null())
            .exec(&txn)
            .await?;
        if used.rows_affected == 0 || Self::admins_exist(&txn).await? {
            return Ok(None);
        }
        let created = Self::insert_user(&txn, name, Role::Admin, Some(password_hash)).await?;
        let after = serde_json::json!({
            "name": name.as_str(),
            "role": Role::Admin,
            "via": "first sign-in link",
        });
        let actor = format!("user:{name}");
        Self::record_and_commit(
            txn,
            Audit::new(&actor, "user.create", "user", created.id).after(after.to_string()),
        )
        .await?;
        Ok(Some(created))
    }
}
