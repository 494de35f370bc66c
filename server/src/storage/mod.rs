//! Storage: connection, migrations and every query, behind [`Store`].
//!
//! Every write is one transaction that also appends to the audit log, so a change and
//! its record land together or not at all. SQLite allows one writer at a time; writes
//! take [`Store`]'s lock so that concurrent requests queue instead of failing with
//! "database is locked". Optimistic concurrency does not rely on the lock: updates are
//! conditional on the revision the caller read.
//!
//! The store only persists: what a change may do (the workflow, the rules of names
//! and passwords) is decided in [`crate::domain`] and arrives here as typed values or
//! as the decision to apply to the row read in the write's transaction. One `impl
//! Store` block per kind of row: [`users`], [`credentials`] (API tokens and first-start
//! sign-in links), [`sessions`], [`attempts`] (sign-in and setup attempts, counted
//! against their limits), [`scenarios`], [`year_plans`], [`actuals`] and [`audit`].

pub mod actuals;
pub mod attempts;
pub mod audit;
pub mod credentials;
pub mod entities;
pub mod scenarios;
pub mod sessions;
pub mod users;
pub mod year_plans;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, EntityTrait, PaginatorTrait, QuerySelect, Select, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use tokio::sync::Mutex;

pub use actuals::{Expected, PutOutcome, YearRows};
pub use audit::Audit;
pub use credentials::NewLink;
pub use scenarios::{DeleteOutcome, IfRevision, NewScenario, StatusOutcome, UpdateOutcome};
pub use users::AccountChanged;
pub use year_plans::{AdoptOutcome, NewYearPlan};

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
    /// The account's rules refuse the change (the last enabled admin stays).
    #[error(transparent)]
    Account(#[from] crate::domain::AccountError),
}

/// The database and the write lock.
#[derive(Clone, Debug)]
pub struct Store {
    db: DatabaseConnection,
    write_lock: Arc<Mutex<()>>,
}

fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then_some(path)
}

/// A write transaction, held with the write lock.
type Write<'a> = (tokio::sync::MutexGuard<'a, ()>, DatabaseTransaction);

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
            // One connection stays open for as long as the process runs: SQLite's shared
            // lock on it is how `planner restore` knows the database is in use.
            .min_connections(1)
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

    /// A write transaction. On SQLite it begins IMMEDIATE, taking the database's write
    /// lock at once: a deferred one that read first and then wrote could find another
    /// process (a second instance, the CLI) holding the lock and fail with "database is
    /// locked" at once, where an immediate one waits for it (the busy timeout). The
    /// process-wide mutex keeps this process's writers from queueing on SQLite's lock.
    async fn begin(&self) -> Result<Write<'_>, DbErr> {
        let guard = self.write_lock.lock().await;
        let txn = self
            .db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            })
            .await?;
        Ok((guard, txn))
    }

    /// A page (1-based) of what `query` selects, in its order, and how many it
    /// selects in all.
    async fn page<E>(
        &self,
        query: Select<E>,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<E::Model>, u64), DbErr>
    where
        E: EntityTrait,
        E::Model: Sync,
    {
        let total = query.clone().count(&self.db).await?;
        let rows = query
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
