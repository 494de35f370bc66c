//! Browser sessions, kept as the hash of their cookie.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, NotSet, QueryFilter, Set};

use super::entities::{session, user};
use super::{Audit, SESSION_HOURS, Store};

impl Store {
    /// Starts a session for `user` from the hash of its cookie value; the sign-in is
    /// audited.
    pub async fn create_session(&self, user: &user::Model, token_hash: &str) -> Result<(), DbErr> {
        let (_guard, txn) = self.begin().await?;
        let now = Utc::now();
        session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lt(now))
            .exec(&txn)
            .await?;
        session::ActiveModel {
            id: NotSet,
            token_hash: Set(token_hash.to_owned()),
            user_id: Set(user.id),
            created_at: Set(now),
            expires_at: Set(now + chrono::Duration::hours(SESSION_HOURS)),
        }
        .insert(&txn)
        .await?;
        let actor = user.actor();
        Self::record_and_commit(txn, Audit::new(&actor, "session.create", "user", user.id)).await
    }

    /// Ends the session with this hash.
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), DbErr> {
        let (_guard, txn) = self.begin().await?;
        session::Entity::delete_many()
            .filter(session::Column::TokenHash.eq(token_hash))
            .exec(&txn)
            .await?;
        txn.commit().await
    }

    /// The user of the live session with this hash.
    pub async fn user_by_session(&self, token_hash: &str) -> Result<Option<user::Model>, DbErr> {
        let Some(session) = session::Entity::find()
            .filter(session::Column::TokenHash.eq(token_hash))
            .filter(session::Column::ExpiresAt.gt(Utc::now()))
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        user::Entity::find_by_id(session.user_id)
            .one(&self.db)
            .await
    }
}
