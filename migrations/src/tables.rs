//! Tables written as data: a line `name column:kind column:kind …` per table, read by
//! one function, so each migration states its tables' shapes once and no two repeat the
//! builder calls.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_pk_auto, integer, string, string_null, string_uniq, text, text_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

/// The definition of column `name` of `kind`, as `sea_orm_migration::schema` writes it.
pub fn column(name: &str, kind: &str) -> Result<ColumnDef, DbErr> {
    let name = Alias::new(name);
    Ok(match kind {
        "pk" => big_pk_auto(name),
        "year_pk" => integer(name).primary_key().to_owned(),
        "big_integer" => big_integer(name),
        "integer" => integer(name),
        "string" => string(name),
        "string_null" => string_null(name),
        "string_uniq" => string_uniq(name),
        "text" => text(name),
        "text_null" => text_null(name),
        "timestamp" => timestamp_with_time_zone(name),
        "timestamp_null" => timestamp_with_time_zone_null(name),
        other => return Err(DbErr::Custom(format!("no column kind `{other}`"))),
    })
}

/// The `CREATE TABLE` of the table named `name` in `tables`.
pub fn table(tables: &[&str], name: &str) -> Result<TableCreateStatement, DbErr> {
    let line = tables
        .iter()
        .find(|line| line.split_whitespace().next() == Some(name))
        .ok_or_else(|| DbErr::Custom(format!("no table `{name}`")))?;
    let mut table = Table::create();
    table.table(Alias::new(name));
    for word in line.split_whitespace().skip(1) {
        let (column_name, kind) = word
            .split_once(':')
            .ok_or_else(|| DbErr::Custom(format!("`{word}` is not `name:kind`")))?;
        table.col(column(column_name, kind)?);
    }
    Ok(table)
}

/// The index `name` on `table`'s `columns`.
pub fn index(name: &str, table: &str, columns: &[&str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(Alias::new(table));
    for column in columns {
        index.col(Alias::new(*column));
    }
    index
}

/// Drops every table of `tables`, the last created first.
pub async fn drop_all(manager: &SchemaManager<'_>, tables: &[&str]) -> Result<(), DbErr> {
    for line in tables.iter().rev() {
        let name = line.split_whitespace().next().unwrap_or_default();
        manager
            .drop_table(Table::drop().table(Alias::new(name)).to_owned())
            .await?;
    }
    Ok(())
}
