//! Storage: connection, migrations and every query, behind [`Store`].
//!
//! Every write is one transaction that also appends to the audit log, so a change and
//! its record land together or not at all. SQLite allows one writer at a time; writes
//! take [`Store`]'s lock so that concurrent requests queue instead of failing with
//! "database is locked". Optimistic concurrency does not rely on the lock: updates are
//! conditional on the revision the caller read.

pub mod entities;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use migrations::{Migrator, MigratorTrait};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectOptions, ConnectionTrait, Database, DatabaseConnection,
    DatabaseTransaction, DbBackend, DbErr, EntityTrait, NotSet, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use tokio::sync::Mutex;

use entities::{api_token, audit, scenario, scenario_revision, session, sign_in_link, user};

/// The database used when neither `--database` nor `DATABASE_URL` names one.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://./data/planner.sqlite?mode=rwc";

/// Connections in the pool for SQLite.
pub const SQLITE_CONNECTIONS: u32 = 4;
/// Connections in the pool for PostgreSQL.
pub const POSTGRES_CONNECTIONS: u32 = 16;

/// How long a browser session lasts.
pub const SESSION_HOURS: i64 = 12;

/// How long a first-start sign-in link works.
pub const SIGN_IN_LINK_HOURS: i64 = 24;

/// Why storage failed.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The database refused or failed.
    #[error(transparent)]
    Db(#[from] DbErr),
    /// The SQLite file's folder cannot be created.
    #[error("cannot create the database folder {path}: {source}")]
    Folder {
        /// The folder.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A name is taken.
    #[error("a user named `{0}` already exists")]
    UserExists(String),
}

pub use api::Status;

/// The database and the write lock.
#[derive(Clone, Debug)]
pub struct Store {
    db: DatabaseConnection,
    write_lock: Arc<Mutex<()>>,
}

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

/// The outcome of a conditional scenario write.
#[derive(Debug)]
pub enum Write<T> {
    /// Done.
    Done(T),
    /// No such scenario.
    NotFound,
    /// The revision the caller read is no longer current; carries the current one.
    Stale(i32),
    /// The scenario is approved, hence frozen.
    Frozen,
    /// The change is not allowed from the current status, which it carries.
    WrongStatus(String),
}

/// A new scenario row's content.
pub struct NewScenario<'a> {
    /// Name.
    pub name: &'a str,
    /// Canonical file-format JSON.
    pub body: &'a str,
    /// Who.
    pub actor: &'a str,
}

fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then_some(path)
}

impl Store {
    /// Connects to `url`, creating an SQLite file and its folder if needed, turns on
    /// WAL for SQLite, and runs every pending migration.
    pub async fn open(url: &str) -> Result<Store, StorageError> {
        let mut url = url.to_owned();
        let is_sqlite = url.starts_with("sqlite:");
        if let Some(path) = sqlite_file(&url) {
            if let Some(folder) = Path::new(path).parent()
                && !folder.as_os_str().is_empty()
            {
                std::fs::create_dir_all(folder).map_err(|source| StorageError::Folder {
                    path: folder.display().to_string(),
                    source,
                })?;
            }
            if !url.contains("mode=") {
                url.push_str(if url.contains('?') {
                    "&mode=rwc"
                } else {
                    "?mode=rwc"
                });
            }
        }
        let mut options = ConnectOptions::new(url);
        options
            // SQLite runs each connection on its own thread; a few are enough for WAL
            // readers and more only compete with the HTTP workers for the cores.
            .max_connections(if is_sqlite {
                SQLITE_CONNECTIONS
            } else {
                POSTGRES_CONNECTIONS
            })
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(10))
            .sqlx_logging(false);
        let db = Database::connect(options).await?;
        if db.get_database_backend() == DbBackend::Sqlite {
            db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
        }
        Migrator::up(&db, None).await?;
        Ok(Store {
            db,
            write_lock: Arc::new(Mutex::new(())),
        })
    }

    /// Closes the pool.
    pub async fn close(self) -> Result<(), DbErr> {
        self.db.close().await
    }

    /// Checks the database answers.
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.db.ping().await
    }

    /// Which database this is: `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        match self.db.get_database_backend() {
            DbBackend::Sqlite => "sqlite",
            DbBackend::Postgres => "postgres",
            _ => "other",
        }
    }

    async fn begin(&self) -> Result<(tokio::sync::MutexGuard<'_, ()>, DatabaseTransaction), DbErr> {
        let guard = self.write_lock.lock().await;
        let txn = self.db.begin().await?;
        Ok((guard, txn))
    }

    async fn record(txn: &DatabaseTransaction, entry: Audit<'_>) -> Result<(), DbErr> {
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
    async fn record_and_commit(txn: DatabaseTransaction, entry: Audit<'_>) -> Result<(), DbErr> {
        Self::record(&txn, entry).await?;
        txn.commit().await
    }

    // ---- users, tokens, sessions ----

    /// Whether any admin exists.
    pub async fn has_admin(&self) -> Result<bool, DbErr> {
        Ok(user::Entity::find()
            .filter(user::Column::Role.eq("admin"))
            .count(&self.db)
            .await?
            > 0)
    }

    /// Creates a user.
    pub async fn create_user(
        &self,
        actor: &str,
        name: &str,
        role: &str,
        password_hash: Option<String>,
    ) -> Result<user::Model, StorageError> {
        let (_guard, txn) = self.begin().await?;
        if user::Entity::find()
            .filter(user::Column::Name.eq(name))
            .one(&txn)
            .await?
            .is_some()
        {
            return Err(StorageError::UserExists(name.to_owned()));
        }
        let created = user::ActiveModel {
            id: NotSet,
            name: Set(name.to_owned()),
            role: Set(role.to_owned()),
            password_hash: Set(password_hash),
            created_at: Set(Utc::now()),
        }
        .insert(&txn)
        .await?;
        Self::record_and_commit(
            txn,
            Audit::new(actor, "user.create", "user", created.id)
                .after(serde_json::json!({"name": name, "role": role}).to_string()),
        )
        .await?;
        Ok(created)
    }

    /// Every user, by id.
    pub async fn users(&self) -> Result<Vec<user::Model>, DbErr> {
        user::Entity::find()
            .order_by_asc(user::Column::Id)
            .all(&self.db)
            .await
    }

    /// The user named `name`.
    pub async fn user_by_name(&self, name: &str) -> Result<Option<user::Model>, DbErr> {
        user::Entity::find()
            .filter(user::Column::Name.eq(name))
            .one(&self.db)
            .await
    }

    /// Creates an API token from the hash of its secret.
    pub async fn create_token(
        &self,
        actor: &str,
        name: &str,
        role: &str,
        token_hash: &str,
    ) -> Result<api_token::Model, DbErr> {
        let (_guard, txn) = self.begin().await?;
        let created = api_token::ActiveModel {
            id: NotSet,
            name: Set(name.to_owned()),
            role: Set(role.to_owned()),
            token_hash: Set(token_hash.to_owned()),
            created_by: Set(actor.to_owned()),
            created_at: Set(Utc::now()),
            revoked_at: Set(None),
        }
        .insert(&txn)
        .await?;
        Self::record_and_commit(
            txn,
            Audit::new(actor, "token.create", "token", created.id)
                .after(serde_json::json!({"name": name, "role": role}).to_string()),
        )
        .await?;
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
        Self::record_and_commit(
            txn,
            Audit::new(
                &format!("user:{}", user.name),
                "session.create",
                "user",
                user.id,
            ),
        )
        .await?;
        Ok(())
    }

    /// Ends the session with this hash.
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), DbErr> {
        let (_guard, txn) = self.begin().await?;
        session::Entity::delete_many()
            .filter(session::Column::TokenHash.eq(token_hash))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
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

    /// Stores a one-time sign-in link from the hash of its token.
    pub async fn create_sign_in_link(&self, token_hash: &str) -> Result<(), DbErr> {
        let (_guard, txn) = self.begin().await?;
        let now = Utc::now();
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
        Ok(())
    }

    /// Uses a sign-in link to create the first admin, in one transaction: `None` if the
    /// link is unknown, used or expired, or an admin exists already.
    pub async fn redeem_sign_in_link(
        &self,
        token_hash: &str,
        name: &str,
        password_hash: String,
    ) -> Result<Option<user::Model>, StorageError> {
        let (_guard, txn) = self.begin().await?;
        let now = Utc::now();
        let used = sign_in_link::Entity::update_many()
            .col_expr(sign_in_link::Column::UsedAt, Expr::value(now))
            .filter(sign_in_link::Column::TokenHash.eq(token_hash))
            .filter(sign_in_link::Column::UsedAt.is_null())
            .filter(sign_in_link::Column::ExpiresAt.gt(now))
            .exec(&txn)
            .await?;
        let admins = user::Entity::find()
            .filter(user::Column::Role.eq("admin"))
            .count(&txn)
            .await?;
        if used.rows_affected == 0 || admins > 0 {
            return Ok(None);
        }
        if user::Entity::find()
            .filter(user::Column::Name.eq(name))
            .one(&txn)
            .await?
            .is_some()
        {
            return Err(StorageError::UserExists(name.to_owned()));
        }
        let created = user::ActiveModel {
            id: NotSet,
            name: Set(name.to_owned()),
            role: Set("admin".to_owned()),
            password_hash: Set(Some(password_hash)),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        Self::record_and_commit(
            txn,
            Audit::new(&format!("user:{name}"), "user.create", "user", created.id).after(
                serde_json::json!({"name": name, "role": "admin", "via": "first sign-in link"})
                    .to_string(),
            ),
        )
        .await?;
        Ok(Some(created))
    }

    // ---- scenarios ----

    /// A page of scenarios (1-based), newest first, whose name contains `name`
    /// (case-insensitively), and how many match in all.
    pub async fn scenarios(
        &self,
        name: Option<&str>,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<scenario::Model>, u64), DbErr> {
        let mut query = scenario::Entity::find();
        if let Some(name) = name {
            let escaped = name
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            query = query.filter(
                Expr::expr(Func::lower(Expr::col(scenario::Column::Name)))
                    .like(sea_orm::sea_query::LikeExpr::new(format!("%{escaped}%")).escape('\\')),
            );
        }
        let total = query.clone().count(&self.db).await?;
        let rows = query
            .order_by_desc(scenario::Column::Id)
            .offset((page - 1).saturating_mul(per_page))
            .limit(per_page)
            .all(&self.db)
            .await?;
        Ok((rows, total))
    }

    /// The scenario `id`.
    pub async fn scenario(&self, id: i64) -> Result<Option<scenario::Model>, DbErr> {
        scenario::Entity::find_by_id(id).one(&self.db).await
    }

    /// The most recently approved scenario.
    pub async fn approved(&self) -> Result<Option<scenario::Model>, DbErr> {
        scenario::Entity::find()
            .filter(scenario::Column::Status.eq(Status::Approved.as_str()))
            .order_by_desc(scenario::Column::ApprovedAt)
            .order_by_desc(scenario::Column::Id)
            .one(&self.db)
            .await
    }

    async fn insert_revision(
        txn: &DatabaseTransaction,
        row: &scenario::Model,
    ) -> Result<(), DbErr> {
        scenario_revision::ActiveModel {
            id: NotSet,
            scenario_id: Set(row.id),
            revision: Set(row.revision),
            name: Set(row.name.clone()),
            status: Set(row.status.clone()),
            body: Set(row.body.clone()),
            created_by: Set(row.updated_by.clone()),
            created_at: Set(row.updated_at),
        }
        .insert(txn)
        .await?;
        Ok(())
    }

    async fn insert_scenario(
        txn: &DatabaseTransaction,
        new: &NewScenario<'_>,
        action: &str,
        before: Option<String>,
    ) -> Result<scenario::Model, DbErr> {
        let now = Utc::now();
        let row = scenario::ActiveModel {
            id: NotSet,
            name: Set(new.name.to_owned()),
            status: Set(Status::Draft.as_str().to_owned()),
            revision: Set(1),
            body: Set(new.body.to_owned()),
            created_by: Set(new.actor.to_owned()),
            created_at: Set(now),
            updated_by: Set(new.actor.to_owned()),
            updated_at: Set(now),
            approved_by: Set(None),
            approved_at: Set(None),
        }
        .insert(txn)
        .await?;
        Self::insert_revision(txn, &row).await?;
        let entry = Audit::new(new.actor, action, "scenario", row.id)
            .before(before)
            .after(row.body.clone());
        Self::record(txn, entry).await?;
        Ok(row)
    }

    /// Saves a new draft scenario with its first revision.
    pub async fn create_scenario(&self, new: NewScenario<'_>) -> Result<scenario::Model, DbErr> {
        let (_guard, txn) = self.begin().await?;
        let row = Self::insert_scenario(&txn, &new, "scenario.create", None).await?;
        txn.commit().await?;
        Ok(row)
    }

    /// Copies scenario `id` into a new draft named `name`.
    pub async fn clone_scenario(
        &self,
        id: i64,
        name: &str,
        body: &str,
        actor: &str,
    ) -> Result<Option<scenario::Model>, DbErr> {
        let (_guard, txn) = self.begin().await?;
        if scenario::Entity::find_by_id(id).one(&txn).await?.is_none() {
            return Ok(None);
        }
        let new = NewScenario { name, body, actor };
        let row = Self::insert_scenario(
            &txn,
            &new,
            "scenario.clone",
            Some(format!("{{\"from\":{id}}}")),
        )
        .await?;
        txn.commit().await?;
        Ok(Some(row))
    }

    /// Replaces scenario `id`'s content if its revision is still `expected`
    /// (`None`: any). A proposed scenario goes back to draft; an approved one is
    /// left as it is and the content becomes a new draft, returned as `Ok(Err(row))`.
    pub async fn update_scenario(
        &self,
        id: i64,
        expected: Option<i32>,
        new: NewScenario<'_>,
    ) -> Result<Write<Result<scenario::Model, scenario::Model>>, DbErr> {
        let (_guard, txn) = self.begin().await?;
        let Some(current) = scenario::Entity::find_by_id(id).one(&txn).await? else {
            return Ok(Write::NotFound);
        };
        if expected.is_some_and(|rev| rev != current.revision) {
            return Ok(Write::Stale(current.revision));
        }
        if current.status == Status::Approved.as_str() {
            let row = Self::insert_scenario(
                &txn,
                &new,
                "scenario.create",
                Some(format!("{{\"from_approved\":{id}}}")),
            )
            .await?;
            txn.commit().await?;
            return Ok(Write::Done(Err(row)));
        }
        let now = Utc::now();
        let next = current.revision + 1;
        let result = scenario::Entity::update_many()
            .col_expr(scenario::Column::Name, Expr::value(new.name))
            .col_expr(scenario::Column::Body, Expr::value(new.body))
            .col_expr(
                scenario::Column::Status,
                Expr::value(Status::Draft.as_str()),
            )
            .col_expr(scenario::Column::Revision, Expr::value(next))
            .col_expr(scenario::Column::UpdatedBy, Expr::value(new.actor))
            .col_expr(scenario::Column::UpdatedAt, Expr::value(now))
            .filter(scenario::Column::Id.eq(id))
            .filter(scenario::Column::Revision.eq(current.revision))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            return Ok(Write::Stale(current.revision));
        }
        let row = scenario::Model {
            name: new.name.to_owned(),
            body: new.body.to_owned(),
            status: Status::Draft.as_str().to_owned(),
            revision: next,
            updated_by: new.actor.to_owned(),
            updated_at: now,
            ..current.clone()
        };
        Self::insert_revision(&txn, &row).await?;
        Self::record_and_commit(
            txn,
            Audit::new(new.actor, "scenario.update", "scenario", id)
                .before(current.body)
                .after(row.body.clone()),
        )
        .await?;
        Ok(Write::Done(Ok(row)))
    }

    /// Moves scenario `id` to `status` if its revision is still `expected` and its
    /// status one of `from`; the caller has checked the caller's role.
    pub async fn set_status(
        &self,
        id: i64,
        expected: Option<i32>,
        from: &[Status],
        status: Status,
        actor: &str,
    ) -> Result<Write<scenario::Model>, DbErr> {
        let (_guard, txn) = self.begin().await?;
        let Some(current) = scenario::Entity::find_by_id(id).one(&txn).await? else {
            return Ok(Write::NotFound);
        };
        if expected.is_some_and(|rev| rev != current.revision) {
            return Ok(Write::Stale(current.revision));
        }
        if current.status == Status::Approved.as_str() {
            return Ok(Write::Frozen);
        }
        if !from.iter().any(|s| s.as_str() == current.status) {
            return Ok(Write::WrongStatus(current.status));
        }
        let now = Utc::now();
        let next = current.revision + 1;
        let approved = status == Status::Approved;
        let mut update = scenario::Entity::update_many()
            .col_expr(scenario::Column::Status, Expr::value(status.as_str()))
            .col_expr(scenario::Column::Revision, Expr::value(next))
            .col_expr(scenario::Column::UpdatedBy, Expr::value(actor))
            .col_expr(scenario::Column::UpdatedAt, Expr::value(now));
        if approved {
            update = update
                .col_expr(scenario::Column::ApprovedBy, Expr::value(actor))
                .col_expr(scenario::Column::ApprovedAt, Expr::value(now));
        }
        let result = update
            .filter(scenario::Column::Id.eq(id))
            .filter(scenario::Column::Revision.eq(current.revision))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            return Ok(Write::Stale(current.revision));
        }
        let row = scenario::Model {
            status: status.as_str().to_owned(),
            revision: next,
            updated_by: actor.to_owned(),
            updated_at: now,
            approved_by: if approved {
                Some(actor.to_owned())
            } else {
                current.approved_by.clone()
            },
            approved_at: if approved {
                Some(now)
            } else {
                current.approved_at
            },
            ..current.clone()
        };
        Self::insert_revision(&txn, &row).await?;
        Self::record_and_commit(
            txn,
            Audit::new(actor, "scenario.status", "scenario", id)
                .before(
                    serde_json::json!({"status": current.status, "revision": current.revision})
                        .to_string(),
                )
                .after(
                    serde_json::json!({"status": row.status, "revision": row.revision}).to_string(),
                ),
        )
        .await?;
        Ok(Write::Done(row))
    }

    /// Deletes scenario `id` and its revisions if its revision is still `expected`;
    /// the audit log keeps its last content.
    pub async fn delete_scenario(
        &self,
        id: i64,
        expected: Option<i32>,
        actor: &str,
    ) -> Result<Write<()>, DbErr> {
        let (_guard, txn) = self.begin().await?;
        let Some(current) = scenario::Entity::find_by_id(id).one(&txn).await? else {
            return Ok(Write::NotFound);
        };
        if expected.is_some_and(|rev| rev != current.revision) {
            return Ok(Write::Stale(current.revision));
        }
        if current.status == Status::Approved.as_str() {
            return Ok(Write::Frozen);
        }
        let result = scenario::Entity::delete_many()
            .filter(scenario::Column::Id.eq(id))
            .filter(scenario::Column::Revision.eq(current.revision))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            return Ok(Write::Stale(current.revision));
        }
        scenario_revision::Entity::delete_many()
            .filter(scenario_revision::Column::ScenarioId.eq(id))
            .exec(&txn)
            .await?;
        Self::record_and_commit(
            txn,
            Audit::new(actor, "scenario.delete", "scenario", id).before(current.body),
        )
        .await?;
        Ok(Write::Done(()))
    }

    /// A page (1-based) of scenario `id`'s revisions, oldest first, and how many
    /// there are.
    pub async fn revisions(
        &self,
        id: i64,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<scenario_revision::Model>, u64), DbErr> {
        let query =
            scenario_revision::Entity::find().filter(scenario_revision::Column::ScenarioId.eq(id));
        let total = query.clone().count(&self.db).await?;
        let rows = query
            .order_by_asc(scenario_revision::Column::Revision)
            .offset((page - 1).saturating_mul(per_page))
            .limit(per_page)
            .all(&self.db)
            .await?;
        Ok((rows, total))
    }

    /// Revision `revision` of scenario `id`.
    pub async fn revision(
        &self,
        id: i64,
        revision: i32,
    ) -> Result<Option<scenario_revision::Model>, DbErr> {
        scenario_revision::Entity::find()
            .filter(scenario_revision::Column::ScenarioId.eq(id))
            .filter(scenario_revision::Column::Revision.eq(revision))
            .one(&self.db)
            .await
    }

    /// A page of the audit log (1-based), newest first, and its length.
    pub async fn audit(&self, page: u64, per_page: u64) -> Result<(Vec<audit::Model>, u64), DbErr> {
        let total = audit::Entity::find().count(&self.db).await?;
        let rows = audit::Entity::find()
            .order_by_desc(audit::Column::Id)
            .offset((page - 1).saturating_mul(per_page))
            .limit(per_page)
            .all(&self.db)
            .await?;
        Ok((rows, total))
    }
}

/// RFC 3339 with milliseconds, UTC.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
