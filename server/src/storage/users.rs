//! People who sign in.

use api::Role;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, NotSet, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, SqlErr,
};

use super::entities::{api_token, session, user};
use super::{Audit, StorageError, Store};
use crate::domain::UserName;
use crate::domain::accounts::{self, Account, AccountChange, TokenCreator};

/// An account change applied: the account after it (`None` once deleted), and how many
/// of its sessions ended and tokens were revoked with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountChanged {
    /// The account now.
    pub user: Option<user::Model>,
    /// Sessions ended.
    pub sessions_ended: u64,
    /// API tokens revoked (a deleted user's).
    pub tokens_revoked: u64,
}

impl user::Model {
    /// The account's state, as the rules of [`accounts`] read it.
    pub fn account(&self) -> Account {
        Account {
            role: self.role,
            disabled: self.disabled,
            must_change_password: self.must_change_password,
        }
    }

    /// How the audit log and the API tokens it creates name the user.
    pub fn actor(&self) -> String {
        format!("user:{}", self.name)
    }
}

/// An account's state as the audit log records it before and after a change.
fn audited(name: &str, account: Option<Account>) -> Option<serde_json::Value> {
    account.map(|account| {
        serde_json::json!({
            "name": name,
            "role": account.role,
            "disabled": account.disabled,
            "must_change_password": account.must_change_password,
        })
    })
}

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
            disabled: Set(false),
            must_change_password: Set(false),
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

    /// Makes an admin's `change` to the account `name`, audited, in one transaction:
    /// `None` if no such user exists. The rules ([`accounts::check_change`]) see the
    /// account and the other enabled admins as this transaction reads them, after
    /// locking every enabled admin's row (PostgreSQL; SQLite's immediate transaction
    /// already runs one writer at a time): two changes racing to remove the last two
    /// admins queue there, and the second counts what the first left.
    pub async fn change_account(
        &self,
        actor: &str,
        name: &UserName,
        change: AccountChange,
    ) -> Result<Option<AccountChanged>, StorageError> {
        let (_guard, txn) = self.begin().await?;
        let admins = user::Entity::find()
            .filter(user::Column::Role.eq(Role::Admin))
            .filter(user::Column::Disabled.eq(false))
            .order_by_asc(user::Column::Id)
            .lock_exclusive()
            .all(&txn)
            .await?;
        let Some(row) = user::Entity::find()
            .filter(user::Column::Name.eq(name.as_str()))
            .lock_exclusive()
            .one(&txn)
            .await?
        else {
            return Ok(None);
        };
        let others = admins.iter().filter(|admin| admin.id != row.id).count() as u64;
        let before = row.account();
        accounts::check_change(&row.name, before, &change, others)?;
        let sessions_ended = if change.ends_sessions() {
            session::Entity::delete_many()
                .filter(session::Column::UserId.eq(row.id))
                .exec(&txn)
                .await?
                .rows_affected
        } else {
            0
        };
        let after = change.applied(before);
        let (user, tokens_revoked) = match after {
            Some(after) => {
                let mut active: user::ActiveModel = row.clone().into();
                active.role = Set(after.role);
                active.disabled = Set(after.disabled);
                active.must_change_password = Set(after.must_change_password);
                if let AccountChange::ResetPassword(hash) = &change {
                    active.password_hash = Set(Some(hash.clone()));
                }
                (Some(active.update(&txn).await?), 0)
            }
            None => {
                // The audit log keeps every entry naming the user; their tokens stop.
                let revoked = api_token::Entity::update_many()
                    .col_expr(api_token::Column::RevokedAt, Expr::value(Utc::now()))
                    .filter(api_token::Column::CreatedBy.eq(row.actor()))
                    .filter(api_token::Column::RevokedAt.is_null())
                    .exec(&txn)
                    .await?
                    .rows_affected;
                user::Entity::delete_by_id(row.id).exec(&txn).await?;
                (None, revoked)
            }
        };
        let mut recorded = audited(&row.name, after);
        if change.ends_sessions() || tokens_revoked > 0 {
            let counts = recorded.get_or_insert_with(|| serde_json::json!({}));
            counts["sessions_ended"] = sessions_ended.into();
            if matches!(change, AccountChange::Delete) {
                counts["tokens_revoked"] = tokens_revoked.into();
            }
        }
        let entry = Audit::new(actor, change.action(), "user", row.id)
            .before(audited(&row.name, Some(before)).map(|value| value.to_string()))
            .after(recorded.map(|value| value.to_string()));
        Self::record_and_commit(txn, entry).await?;
        Ok(Some(AccountChanged {
            user,
            sessions_ended,
            tokens_revoked,
        }))
    }

    /// Who created `token`, as far as its authority goes ([`accounts::token_role`]).
    pub async fn token_creator(&self, token: &api_token::Model) -> Result<TokenCreator, DbErr> {
        let Some(name) = token.created_by.strip_prefix("user:") else {
            return Ok(TokenCreator::Operator);
        };
        let creator = user::Entity::find()
            .filter(user::Column::Name.eq(name))
            .one(&self.db)
            .await?;
        Ok(creator.map_or(TokenCreator::Deleted, |user| {
            TokenCreator::User(user.account())
        }))
    }

    /// Sets `user`'s own new password and lifts a reset's must-change flag, ending every
    /// session of theirs, audited; `false` (nothing changed) if the account was disabled
    /// meanwhile.
    pub async fn set_password(&self, user: &user::Model, hash: String) -> Result<bool, DbErr> {
        let (_guard, txn) = self.begin().await?;
        let changed = user::Entity::update_many()
            .col_expr(user::Column::PasswordHash, Expr::value(hash))
            .col_expr(user::Column::MustChangePassword, Expr::value(false))
            .filter(user::Column::Id.eq(user.id))
            .filter(user::Column::Disabled.eq(false))
            .exec(&txn)
            .await?;
        if changed.rows_affected == 0 {
            return Ok(false);
        }
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(user.id))
            .exec(&txn)
            .await?;
        let actor = user.actor();
        Self::record_and_commit(txn, Audit::new(&actor, "user.password", "user", user.id)).await?;
        Ok(true)
    }
}
