//! User administration: a user can be disabled (their sessions and the API tokens they
//! created stop working at once) and made to set a new password at their next sign-in.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::boolean;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The columns added to `users`, each `false` for every existing user. One statement a
/// column: SQLite alters one column at a time.
const COLUMNS: [&str; 2] = ["disabled", "must_change_password"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in COLUMNS {
            let statement = Table::alter()
                .table(Alias::new("users"))
                .add_column(boolean(Alias::new(column)).default(false))
                .to_owned();
            manager.alter_table(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in COLUMNS.iter().rev() {
            let statement = Table::alter()
                .table(Alias::new("users"))
                .drop_column(Alias::new(*column))
                .to_owned();
            manager.alter_table(statement).await?;
        }
        Ok(())
    }
}
