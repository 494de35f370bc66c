//! Users, credentials, scenarios with their revisions, and the audit log.

use sea_orm_migration::prelude::*;

use crate::tables::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every table in the order it is created: its name, then each column as `name:kind`
/// with a kind that [`crate::tables::column`] knows. The foreign key and the indexes follow in
/// [`Migration::up`].
const TABLES: [&str; 7] = [
    "users id:pk name:string_uniq role:string password_hash:text_null created_at:timestamp",
    "api_tokens id:pk name:string role:string token_hash:string_uniq created_by:string \
     created_at:timestamp revoked_at:timestamp_null",
    "sessions id:pk token_hash:string_uniq user_id:big_integer created_at:timestamp \
     expires_at:timestamp",
    "sign_in_links id:pk token_hash:string_uniq created_at:timestamp expires_at:timestamp \
     used_at:timestamp_null",
    "scenarios id:pk name:string status:string revision:integer body:text created_by:string \
     created_at:timestamp updated_by:string updated_at:timestamp approved_by:string_null \
     approved_at:timestamp_null",
    "scenario_revisions id:pk scenario_id:big_integer revision:integer name:string \
     status:string body:text created_by:string created_at:timestamp",
    "audit_log id:pk at:timestamp actor:string action:string entity:string \
     entity_id:string_null before:text_null after:text_null",
];

/// The `CREATE TABLE` of the table named `name` in [`TABLES`].
fn table(name: &str) -> Result<TableCreateStatement, DbErr> {
    crate::tables::table(&TABLES, name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(table("users")?).await?;
        manager.create_table(table("api_tokens")?).await?;
        let mut sessions = table("sessions")?;
        sessions.foreign_key(
            ForeignKey::create()
                .from(Alias::new("sessions"), Alias::new("user_id"))
                .to(Alias::new("users"), Alias::new("id"))
                .on_delete(ForeignKeyAction::Cascade),
        );
        manager.create_table(sessions).await?;
        manager.create_table(table("sign_in_links")?).await?;
        manager.create_table(table("scenarios")?).await?;
        let approved_at = index("idx_scenarios_approved_at", "scenarios", &["approved_at"]);
        manager.create_index(approved_at).await?;
        manager.create_table(table("scenario_revisions")?).await?;
        let name = "idx_scenario_revisions_scenario_revision";
        let mut revision = index(name, "scenario_revisions", &["scenario_id", "revision"]);
        manager.create_index(revision.unique().to_owned()).await?;
        manager.create_table(table("audit_log")?).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::tables::drop_all(manager, &TABLES).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_reads_and_a_wrong_kind_is_named() {
        for line in TABLES {
            let name = line.split_whitespace().next().unwrap();
            assert!(table(name).is_ok(), "{name}");
        }
        assert!(table("users_2").is_err());
        let error = crate::tables::column("id", "uuid").unwrap_err().to_string();
        assert!(error.contains("no column kind `uuid`"), "{error}");
    }
}
