//! Attempts counted against the sign-in and setup limits. They live in the database, so
//! every instance on it counts the same attempts.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, NotSet, QueryFilter, QuerySelect, Set,
};

use super::Store;
use super::entities::attempt;

impl Store {
    /// Records one attempt against each of `keys` at `now_ms`, committed before it
    /// returns, and forgets every attempt made before `expired_before_ms`; the new rows'
    /// ids. Counting after the commit ([`Store::attempts_since`]) makes the limits hold
    /// under races: the n-th attempt to commit sees at least n.
    pub async fn record_attempts(
        &self,
        keys: &[String],
        now_ms: i64,
        expired_before_ms: i64,
    ) -> Result<Vec<i64>, DbErr> {
        let (_guard, txn) = self.begin().await?;
        attempt::Entity::delete_many()
            .filter(attempt::Column::AtMs.lt(expired_before_ms))
            .exec(&txn)
            .await?;
        let mut ids = Vec::with_capacity(keys.len());
        for key in keys {
            let row = attempt::ActiveModel {
                id: NotSet,
                key: Set(key.clone()),
                at_ms: Set(now_ms),
            }
            .insert(&txn)
            .await?;
            ids.push(row.id);
        }
        txn.commit().await?;
        Ok(ids)
    }

    /// How many attempts against `key` were made from `since_ms` on, and when the
    /// earliest of them was.
    pub async fn attempts_since(
        &self,
        key: &str,
        since_ms: i64,
    ) -> Result<(i64, Option<i64>), DbErr> {
        let counted = attempt::Entity::find()
            .select_only()
            .column_as(attempt::Column::Id.count(), "attempts")
            .column_as(attempt::Column::AtMs.min(), "earliest")
            .filter(attempt::Column::Key.eq(key))
            .filter(attempt::Column::AtMs.gte(since_ms))
            .into_tuple::<(i64, Option<i64>)>()
            .one(&self.db)
            .await?;
        Ok(counted.unwrap_or((0, None)))
    }

    /// Forgets the attempts with these ids: a sign-in that succeeded, or an attempt
    /// refused by the limit, does not count.
    pub async fn forget_attempts(&self, ids: &[i64]) -> Result<(), DbErr> {
        let (_guard, txn) = self.begin().await?;
        attempt::Entity::delete_many()
            .filter(attempt::Column::Id.is_in(ids.iter().copied()))
            .exec(&txn)
            .await?;
        txn.commit().await
    }
}
