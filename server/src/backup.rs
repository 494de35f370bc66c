//! `planner backup FILE` and `planner restore FILE` for an SQLite database.
//!
//! A backup is `VACUUM INTO FILE`: one read transaction of the live database, so it is
//! consistent and may be taken while `planner serve` runs (writers go on; the copy is
//! the database as of the transaction's start). The file is a plain SQLite database
//! with no write-ahead log beside it.
//!
//! A restore checks the backup (`PRAGMA integrity_check` and the migrations table),
//! refuses to replace an existing database without `--force`, and refuses even then
//! while any process has the database open (a server holds a connection open for as
//! long as it runs); it then copies the backup beside the database, checks the copy and
//! renames it into place, so a failure leaves the old database as it was.
//!
//! PostgreSQL is backed up with its own tools (`pg_dump`, `pg_restore`): see
//! `docs/deploy.md`.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement,
};

use crate::startup::redact;

/// Why PostgreSQL is not backed up by `planner`.
const POSTGRES_TOOLS: &str = "this is a PostgreSQL database: back it up with `pg_dump --format=custom` \
     and restore it with `pg_restore` (docs/deploy.md, \"Backups\")";

/// The SQLite file a `sqlite:` URL names; an error naming the URL for anything else.
fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        bail!("{POSTGRES_TOOLS}");
    }
    let Some(rest) = url.strip_prefix("sqlite:") else {
        bail!(
            "the database URL {} is neither sqlite: nor postgres:",
            redact(url)
        );
    };
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path == ":memory:" {
        bail!("an in-memory database has nothing to back up or restore");
    }
    Ok(PathBuf::from(path))
}

/// One connection to the SQLite file at `path`, in `mode` (`ro` or `rw`).
async fn connect(path: &Path, mode: &str) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(format!("sqlite://{}?mode={mode}", path.display()));
    options
        .max_connections(1)
        .min_connections(1)
        .sqlx_logging(false);
    Database::connect(options)
        .await
        .with_context(|| format!("cannot open the SQLite database {}", path.display()))
}

/// `text` as an SQL string literal.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The first column of every row `sql` returns, as text.
async fn texts(db: &DatabaseConnection, sql: &str) -> anyhow::Result<Vec<String>> {
    let rows = db
        .query_all_raw(Statement::from_string(DbBackend::Sqlite, sql))
        .await
        .with_context(|| format!("`{sql}` failed"))?;
    rows.iter()
        .map(|row| {
            row.try_get_by_index::<String>(0)
                .with_context(|| format!("`{sql}` gave no text"))
        })
        .collect()
}

/// Fails unless the SQLite file at `path` passes `PRAGMA integrity_check` and holds the
/// planner's migrations table; the number of migrations it has.
async fn check(path: &Path) -> anyhow::Result<usize> {
    let db = connect(path, "ro").await?;
    let verdict = texts(&db, "PRAGMA integrity_check").await;
    let migrations = texts(&db, "SELECT version FROM seaql_migrations").await;
    db.close().await?;
    let verdict = verdict?;
    if verdict != ["ok"] {
        bail!(
            "{} fails SQLite's integrity check: {}",
            path.display(),
            verdict.join("; ")
        );
    }
    let migrations = migrations.with_context(|| {
        format!(
            "{} is an SQLite database but not a planner database",
            path.display()
        )
    })?;
    Ok(migrations.len())
}

/// `planner backup FILE`: a consistent copy of the SQLite database at `url` into `file`
/// (which must not exist), taken while the server may run; the line to print.
pub async fn backup(url: &str, file: &Path) -> anyhow::Result<String> {
    let database = sqlite_path(url)?;
    if !database.is_file() {
        bail!("there is no database at {}", database.display());
    }
    if file.exists() {
        bail!(
            "{} exists; name a new file (a backup never overwrites one)",
            file.display()
        );
    }
    let target = file
        .to_str()
        .with_context(|| format!("{} is not a UTF-8 path", file.display()))?;
    let db = connect(&database, "ro").await?;
    // Waits for a writer's commit rather than failing at once.
    db.execute_unprepared("PRAGMA busy_timeout = 10000").await?;
    let copied = db
        .execute_unprepared(&format!("VACUUM INTO {}", quoted(target)))
        .await
        .with_context(|| format!("cannot write the backup to {}", file.display()));
    db.close().await?;
    copied?;
    let migrations = check(file).await?;
    let bytes = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    Ok(format!(
        "backed up {} to {} ({bytes} bytes, {migrations} migrations, integrity ok)",
        database.display(),
        file.display()
    ))
}

/// Fails if a process has the SQLite database at `path` open: every connection to a
/// database in WAL mode holds a shared lock on it, so an exclusive lock is refused.
async fn ensure_unused(path: &Path) -> anyhow::Result<()> {
    let db = connect(path, "rw").await?;
    let locked = async {
        db.execute_unprepared("PRAGMA busy_timeout = 0").await?;
        db.execute_unprepared("PRAGMA locking_mode = EXCLUSIVE")
            .await?;
        db.execute_unprepared("BEGIN EXCLUSIVE").await?;
        db.execute_unprepared("ROLLBACK").await
    }
    .await;
    db.close().await?;
    if locked.is_err() {
        bail!(
            "the database {} is in use (is `planner serve` running on it?); stop every \
             process that has it open, then restore",
            path.display()
        );
    }
    Ok(())
}

/// `planner restore FILE`: the SQLite database at `url` replaced by the backup `file`,
/// checked first; an existing database only with `force`, and never one in use. The
/// line to print.
pub async fn restore(url: &str, file: &Path, force: bool) -> anyhow::Result<String> {
    let database = sqlite_path(url)?;
    if !file.is_file() {
        bail!("there is no backup at {}", file.display());
    }
    let migrations = check(file)
        .await
        .with_context(|| format!("{} is not a usable backup", file.display()))?;
    if database.exists() {
        if !force {
            bail!(
                "{} exists; restoring replaces everything in it: add --force to do that",
                database.display()
            );
        }
        ensure_unused(&database).await?;
    } else if let Some(folder) = database.parent()
        && !folder.as_os_str().is_empty()
    {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create the folder {}", folder.display()))?;
    }
    let incoming = PathBuf::from(format!("{}.restoring", database.display()));
    std::fs::copy(file, &incoming)
        .with_context(|| format!("cannot copy the backup to {}", incoming.display()))?;
    if let Err(error) = check(&incoming).await {
        let _ = std::fs::remove_file(&incoming);
        return Err(error.context("the copied backup does not read back"));
    }
    // The old database's log belongs to the old database: left beside the new one,
    // SQLite would replay it into it.
    for suffix in ["-wal", "-shm"] {
        let log = PathBuf::from(format!("{}{suffix}", database.display()));
        if log.exists() {
            std::fs::remove_file(&log)
                .with_context(|| format!("cannot remove {}", log.display()))?;
        }
    }
    std::fs::rename(&incoming, &database)
        .with_context(|| format!("cannot move the backup into {}", database.display()))?;
    Ok(format!(
        "restored {} from {} ({migrations} migrations, integrity ok); `planner serve` \
         migrates it further if this version has newer migrations",
        database.display(),
        file.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_sqlite_file_is_backed_up_by_planner() {
        assert_eq!(
            sqlite_path("sqlite://./data/planner.sqlite?mode=rwc").unwrap(),
            PathBuf::from("./data/planner.sqlite")
        );
        assert_eq!(
            sqlite_path("sqlite:/tmp/x.db").unwrap(),
            PathBuf::from("/tmp/x.db")
        );
        let postgres = sqlite_path("postgres://planner@db/planner").unwrap_err();
        assert!(postgres.to_string().contains("pg_dump"), "{postgres}");
        assert!(sqlite_path("sqlite::memory:").is_err());
        assert!(sqlite_path("mysql://x").is_err());
    }

    #[test]
    fn a_path_is_quoted_as_an_sql_string() {
        assert_eq!(quoted("/tmp/it's.db"), "'/tmp/it''s.db'");
    }
}
