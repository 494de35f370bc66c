//! Plan execution (年初计划、年终考核): the year plans adopted at the start of each
//! year, the actuals reported at its end, and every revision of those actuals.

use sea_orm_migration::prelude::*;

use crate::tables::{drop_all, index, table};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every table in the order it is created, as `name column:kind …` (see
/// [`crate::tables`]). `year_plans`: the approved scenario adopted as a year's plan, its
/// revision, and the year's allocation frozen as JSON (`{"programme id": "CNY"}`);
/// `actuals`: a year's current actuals (`body` is the API body as JSON); and
/// `actual_revisions`: every saved state of them, unique by (year, revision).
const TABLES: [&str; 3] = [
    "year_plans year:year_pk scenario_id:big_integer scenario_revision:integer \
     allocations:text adopted_by:string adopted_at:timestamp",
    "actuals year:year_pk revision:integer status:string source:text note:text body:text \
     updated_by:string updated_at:timestamp",
    "actual_revisions id:pk year:integer revision:integer body:text status:string \
     author:string at:timestamp",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in ["year_plans", "actuals", "actual_revisions"] {
            manager.create_table(table(&TABLES, name)?).await?;
        }
        let name = "idx_actual_revisions_year_revision";
        let mut revision = index(name, "actual_revisions", &["year", "revision"]);
        manager.create_index(revision.unique().to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(manager, &TABLES).await
    }
}
