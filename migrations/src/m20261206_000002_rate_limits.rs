//! Sign-in and setup attempts, counted in the database so that every instance behind a
//! load balancer enforces the limits together.

use sea_orm_migration::prelude::*;

use crate::tables::{drop_all, index, table};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `attempts`: one row per sign-in or setup attempt still counted, by what it counts
/// against (`key`: the account or the client address) and when it was made (`at_ms`,
/// milliseconds since the Unix epoch, the same integer on every back end).
const TABLES: [&str; 1] = ["attempts id:pk key:string at_ms:big_integer"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(table(&TABLES, "attempts")?).await?;
        manager
            .create_index(index("idx_attempts_key_at", "attempts", &["key", "at_ms"]))
            .await?;
        manager
            .create_index(index("idx_attempts_at", "attempts", &["at_ms"]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(manager, &TABLES).await
    }
}
