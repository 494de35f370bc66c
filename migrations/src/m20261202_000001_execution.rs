//! Plan execution (年初计划、年终考核): the year plans adopted at the start of each
//! year, the actuals reported at its end, and every revision of those actuals.
//!
//! The three tables are written as data (name, columns, kinds), so their shapes are
//! stated once each and built by one function.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_pk_auto, integer, string, text, timestamp_with_time_zone,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What a column holds.
#[derive(Clone, Copy)]
enum Kind {
    /// The plan year, 2017–2020, as the primary key.
    YearKey,
    /// An auto-incremented 64-bit key.
    AutoKey,
    /// A 32-bit whole number.
    Int,
    /// A 64-bit whole number (a scenario id).
    BigInt,
    /// A short name.
    Name,
    /// Free text or JSON.
    Text,
    /// A moment, with time zone.
    At,
}

type Columns = &'static [(&'static str, Kind)];

/// `year_plans`: the scenario an approver adopted as the year's plan, the revision
/// adopted and that year's allocation frozen as JSON (`{"programme id": "CNY"}`).
#[rustfmt::skip]
const YEAR_PLANS: (&str, Columns) = ("year_plans", &[
    ("year", Kind::YearKey), ("scenario_id", Kind::BigInt), ("scenario_revision", Kind::Int),
    ("allocations", Kind::Text), ("adopted_by", Kind::Name), ("adopted_at", Kind::At),
]);

/// `actuals`: a year's current actuals; `body` is the API body as JSON.
#[rustfmt::skip]
const ACTUALS: (&str, Columns) = ("actuals", &[
    ("year", Kind::YearKey), ("revision", Kind::Int), ("status", Kind::Name),
    ("source", Kind::Text), ("note", Kind::Text), ("body", Kind::Text),
    ("updated_by", Kind::Name), ("updated_at", Kind::At),
]);

/// `actual_revisions`: every saved state of a year's actuals, unique by (year, revision).
#[rustfmt::skip]
const ACTUAL_REVISIONS: (&str, Columns) = ("actual_revisions", &[
    ("id", Kind::AutoKey), ("year", Kind::Int), ("revision", Kind::Int), ("body", Kind::Text),
    ("status", Kind::Name), ("author", Kind::Name), ("at", Kind::At),
]);

fn column(name: &'static str, kind: Kind) -> ColumnDef {
    let name = Alias::new(name);
    match kind {
        Kind::YearKey => integer(name).primary_key().to_owned(),
        Kind::AutoKey => big_pk_auto(name),
        Kind::Int => integer(name),
        Kind::BigInt => big_integer(name),
        Kind::Name => string(name),
        Kind::Text => text(name),
        Kind::At => timestamp_with_time_zone(name),
    }
}

fn create((name, columns): (&'static str, Columns)) -> TableCreateStatement {
    let mut table = Table::create();
    table.table(Alias::new(name));
    for &(column_name, kind) in columns {
        table.col(column(column_name, kind));
    }
    table.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [YEAR_PLANS, ACTUALS, ACTUAL_REVISIONS] {
            manager.create_table(create(table)).await?;
        }
        let mut index = Index::create();
        index
            .name("idx_actual_revisions_year_revision")
            .table(Alias::new(ACTUAL_REVISIONS.0))
            .unique();
        for name in ["year", "revision"] {
            index.col(Alias::new(name));
        }
        manager.create_index(index).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in [ACTUAL_REVISIONS, ACTUALS, YEAR_PLANS] {
            manager
                .drop_table(Table::drop().table(Alias::new(name)).to_owned())
                .await?;
        }
        Ok(())
    }
}
