//! People who sign in.

use api::Role;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, NotSet, PaginatorTrait,
    QueryFilter, QueryOrder, Set, SqlErr,
};

use super::entities::user;
use super::{Audit, StorageError, Store};
use crate::domain::UserName;

impl Store {
    /// Whether any admin exists.
    pub async fn has_admin(&self) -> Result<bool, DbErr> {
        Self::admins_exist(&self.db).await
    }

    pub(super) async fn admins_exist(db: &impl sea_orm::ConnectionTrait) -> Result<bool, DbErr> {
        Ok(user::Entity::find()
            .filter(user::Column::Role.eq(Role::Admin))
            .count(db)
            .await?
            > 0)
    }

    /// Creates a user.
    pub async fn create_user(
        &self,
        actor: &str,
        name: &UserName,
        role: Role,
        password_hash: Option<String>,
    ) -> Result<user::Model, StorageError> {
        let (_guard, txn) = self.begin().await?;
        let created = Self::insert_user(&txn, name, role, password_hash).await?;
        let entry = Audit::new(actor, "user.create", "user", created.id);
        Self::record_creation_and_commit(txn, entry, name.as_str(), role).await?;
        Ok(created)
    }

    /// Inserts a user unless the name is taken; the caller records and commits.
    pub(super) async fn insert_user(
        txn: &DatabaseTransaction,
        name: &UserName,
        role: Role,
        password_hash: Option<String>,
    ) -> Result<user::Model, StorageError> {
        if user::Entity::find()
            .filter(user::Column::Name.eq(name.as_str()))
            .one(txn)
            .await?
            .is_some()
        {
            return Err(StorageError::UserExists(name.to_string()));
        }
        // Another instance (or a transaction that the check above could not see yet)
        // may insert the name between the check and the insert: the unique index then
        // refuses it, and that is the same answer, not a server error.
        user::ActiveModel {
            id: NotSet,
            name: Set(name.to_string()),
            role: Set(role),
            password_hash: Set(password_hash),
            created_at: Set(Utc::now()),
        }
        .insert(txn)
        .await
        .map_err(|error| match error.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                StorageError::UserExists(name.to_string())
            }
            _ => error.into(),
        })
    }

    /// Every user, by id.
    pub async fn users(&self) -> Result<Vec<user::Model>, DbErr> {
        user::Entity::find()
            .order_by_asc(user::Column::Id)
            .all(&self.db)
            .await
    }

    /// The user named `name`.
    pub async fn user_by_name(&self, name: &UserName) -> Result<Option<user::Model>, DbErr> {
        user::Entity::find()
            .filter(user::Column::Name.eq(name.as_str()))
            .one(&self.db)
            .await
    }
}
