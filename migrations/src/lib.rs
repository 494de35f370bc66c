//! The planner's database schema as sea-orm migrations, for SQLite and PostgreSQL alike.
//!
//! The server runs [`Migrator::up`] on `planner serve` and `planner migrate`; every
//! migration is written once for both back ends through sea-query, so no SQL dialect
//! appears here.

pub use sea_orm_migration::prelude::*;

mod m20261127_000001_initial;
mod m20261202_000001_execution;
mod m20261206_000001_revision_notes;
mod m20261206_000002_rate_limits;
mod m20261206_000003_users;
mod tables;

/// Every migration, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_initial::Migration),
            Box::new(m20261202_000001_execution::Migration),
            Box::new(m20261206_000001_revision_notes::Migration),
            Box::new(m20261206_000002_rate_limits::Migration),
            Box::new(m20261206_000003_users::Migration),
        ]
    }
}
