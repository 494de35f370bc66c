//! Users, credentials, scenarios with their revisions, and the audit log.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_pk_auto, integer, string, string_null, string_uniq, text, text_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Name,
    Role,
    PasswordHash,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    Name,
    Role,
    TokenHash,
    CreatedBy,
    CreatedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    TokenHash,
    UserId,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum SignInLinks {
    Table,
    Id,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Scenarios {
    Table,
    Id,
    Name,
    Status,
    Revision,
    Body,
    CreatedBy,
    CreatedAt,
    UpdatedBy,
    UpdatedAt,
    ApprovedBy,
    ApprovedAt,
}

#[derive(DeriveIden)]
enum ScenarioRevisions {
    Table,
    Id,
    ScenarioId,
    Revision,
    Name,
    Status,
    Body,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    Actor,
    Action,
    Entity,
    EntityId,
    Before,
    After,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(big_pk_auto(Users::Id))
                    .col(string_uniq(Users::Name))
                    .col(string(Users::Role))
                    .col(text_null(Users::PasswordHash))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApiTokens::Table)
                    .col(big_pk_auto(ApiTokens::Id))
                    .col(string(ApiTokens::Name))
                    .col(string(ApiTokens::Role))
                    .col(string_uniq(ApiTokens::TokenHash))
                    .col(string(ApiTokens::CreatedBy))
                    .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(big_pk_auto(Sessions::Id))
                    .col(string_uniq(Sessions::TokenHash))
                    .col(big_integer(Sessions::UserId))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Sessions::Table, Sessions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SignInLinks::Table)
                    .col(big_pk_auto(SignInLinks::Id))
                    .col(string_uniq(SignInLinks::TokenHash))
                    .col(timestamp_with_time_zone(SignInLinks::CreatedAt))
                    .col(timestamp_with_time_zone(SignInLinks::ExpiresAt))
                    .col(timestamp_with_time_zone_null(SignInLinks::UsedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Scenarios::Table)
                    .col(big_pk_auto(Scenarios::Id))
                    .col(string(Scenarios::Name))
                    .col(string(Scenarios::Status))
                    .col(integer(Scenarios::Revision))
                    .col(text(Scenarios::Body))
                    .col(string(Scenarios::CreatedBy))
                    .col(timestamp_with_time_zone(Scenarios::CreatedAt))
                    .col(string(Scenarios::UpdatedBy))
                    .col(timestamp_with_time_zone(Scenarios::UpdatedAt))
                    .col(string_null(Scenarios::ApprovedBy))
                    .col(timestamp_with_time_zone_null(Scenarios::ApprovedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_scenarios_approved_at")
                    .table(Scenarios::Table)
                    .col(Scenarios::ApprovedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ScenarioRevisions::Table)
                    .col(big_pk_auto(ScenarioRevisions::Id))
                    .col(big_integer(ScenarioRevisions::ScenarioId))
                    .col(integer(ScenarioRevisions::Revision))
                    .col(string(ScenarioRevisions::Name))
                    .col(string(ScenarioRevisions::Status))
                    .col(text(ScenarioRevisions::Body))
                    .col(string(ScenarioRevisions::CreatedBy))
                    .col(timestamp_with_time_zone(ScenarioRevisions::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_scenario_revisions_scenario_revision")
                    .table(ScenarioRevisions::Table)
                    .col(ScenarioRevisions::ScenarioId)
                    .col(ScenarioRevisions::Revision)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(big_pk_auto(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(string(AuditLog::Actor))
                    .col(string(AuditLog::Action))
                    .col(string(AuditLog::Entity))
                    .col(string_null(AuditLog::EntityId))
                    .col(text_null(AuditLog::Before))
                    .col(text_null(AuditLog::After))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditLog::Table.into_iden(),
            ScenarioRevisions::Table.into_iden(),
            Scenarios::Table.into_iden(),
            SignInLinks::Table.into_iden(),
            Sessions::Table.into_iden(),
            ApiTokens::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
