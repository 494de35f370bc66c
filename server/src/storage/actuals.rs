//! Each year's actuals (年终考核 data) and every revision of them.
//!
//! A write is conditional on the revision the caller read ([`IfRevision`]), as a
//! scenario's is; the first write of a year needs no revision. Who may write what is
//! not decided here: the caller passes the domain's decision, applied to the row the
//! write's own transaction reads.

use api::Revision;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, IntoActiveModel,
    NotSet, PrimaryKeyTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};

use shared::Year;
use shared::execution::{ActualStatus, YearActuals};

use super::entities::{actual, actual_revision, year_plan};
use super::{Audit, IfRevision, Store};

/// The revision a write of a year's actuals expects to replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// No `If-Match` was sent: right for a year without actuals, refused (428) for one
    /// that has them.
    Unstated,
    /// `If-Match` was sent.
    Stated(IfRevision),
}

/// The outcome of [`Store::put_actuals`].
#[derive(Debug)]
pub enum PutOutcome<R> {
    /// The year's first actuals.
    Created(actual::Model),
    /// Saved as the year's next revision.
    Saved(actual::Model),
    /// The year has actuals and the write named no revision; this is the current one.
    Unconditional(Revision),
    /// The revision named is not the current one (`None`: the year has no actuals).
    Stale(Option<Revision>),
    /// The rules refused the write.
    Refused(R),
}

impl Store {
    /// Saves `actuals` as the year's if `expected` matches what is stored and `allowed`
    /// (given the stored status, if any) agrees; a revision and an audit entry land in
    /// the same transaction.
    pub async fn put_actuals<R>(
        &self,
        year: Year,
        expected: Expected,
        actuals: &YearActuals,
        actor: &str,
        allowed: impl FnOnce(Option<ActualStatus>) -> Result<(), R>,
    ) -> Result<PutOutcome<R>, DbErr> {
        let body =
            serde_json::to_string(actuals).map_err(|error| DbErr::Json(error.to_string()))?;
        let year = i32::from(year.get());
        let (_guard, txn) = self.begin().await?;
        let current = actual::Entity::find_by_id(year).one(&txn).await?;
        let revision = current.as_ref().map(actual::Model::current_revision);
        match (expected, revision) {
            (Expected::Unstated, Some(revision)) => {
                return Ok(PutOutcome::Unconditional(revision));
            }
            (Expected::Stated(IfRevision::Is(_) | IfRevision::Foreign), None) => {
                return Ok(PutOutcome::Stale(None));
            }
            (Expected::Stated(expected), Some(revision)) if !expected.matches(revision) => {
                return Ok(PutOutcome::Stale(Some(revision)));
            }
            _ => {}
        }
        if let Err(refusal) = allowed(current.as_ref().map(actual::Model::actual_status)) {
            return Ok(PutOutcome::Refused(refusal));
        }
        let row = actual::Model {
            year,
            revision: revision.map_or(Revision::FIRST, Revision::next).0,
            status: actuals.status.as_str().to_owned(),
            source: actuals.source.clone(),
            note: actuals.note.clone(),
            body,
            updated_by: actor.to_owned(),
            updated_at: Utc::now(),
        };
        let action = match &current {
            None => {
                row.clone().into_active_model().insert(&txn).await?;
                "actuals.create"
            }
            Some(current) => {
                let result = actual::Entity::update_many()
                    .set(row.clone().into_active_model().reset_all())
                    .filter(actual::Column::Year.eq(year))
                    .filter(actual::Column::Revision.eq(current.revision))
                    .exec(&txn)
                    .await?;
                if result.rows_affected == 0 {
                    return Ok(PutOutcome::Stale(Some(current.current_revision())));
                }
                "actuals.update"
            }
        };
        Self::insert_actual_revision(&txn, &row).await?;
        let before = current.as_ref().map(|current| current.body.clone());
        Self::record_and_commit(
            txn,
            Audit::new(actor, action, "actuals", year)
                .before(before)
                .after(row.body.clone()),
        )
        .await?;
        Ok(match current {
            None => PutOutcome::Created(row),
            Some(_) => PutOutcome::Saved(row),
        })
    }

    async fn insert_actual_revision(
        txn: &DatabaseTransaction,
        row: &actual::Model,
    ) -> Result<(), DbErr> {
        actual_revision::ActiveModel {
            id: NotSet,
            year: Set(row.year),
            revision: Set(row.revision),
            body: Set(row.body.clone()),
            status: Set(row.status.clone()),
            author: Set(row.updated_by.clone()),
            at: Set(row.updated_at),
        }
        .insert(txn)
        .await?;
        Ok(())
    }

    /// A page (1-based) of the year's revisions of its actuals, oldest first, and how
    /// many there are.
    pub async fn actual_revisions(
        &self,
        year: Year,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<actual_revision::Model>, u64), DbErr> {
        let query = actual_revision::Entity::find()
            .filter(actual_revision::Column::Year.eq(i32::from(year.get())))
            .order_by_asc(actual_revision::Column::Revision);
        self.page(query, page, per_page).await
    }
}

/// Every plan year's stored rows: the adopted plans and the actuals, oldest year first.
#[derive(Debug, Default)]
pub struct YearRows {
    /// The adopted year plans.
    pub plans: Vec<year_plan::Model>,
    /// The stored actuals.
    pub actuals: Vec<actual::Model>,
}

impl Store {
    /// The row of `year` in a table keyed by the plan year (the year's actuals, its
    /// adopted plan), if there is one.
    pub async fn of_year<E>(&self, year: Year) -> Result<Option<E::Model>, DbErr>
    where
        E: EntityTrait,
        i32: Into<<E::PrimaryKey as PrimaryKeyTrait>::ValueType>,
    {
        E::find_by_id(i32::from(year.get())).one(&self.db).await
    }

    /// Every year plan and every year's actuals, read together.
    pub async fn years(&self) -> Result<YearRows, DbErr> {
        let txn = self.db.begin().await?;
        let plans = year_plan::Entity::find()
            .order_by_asc(year_plan::Column::Year)
            .all(&txn)
            .await?;
        let actuals = actual::Entity::find()
            .order_by_asc(actual::Column::Year)
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(YearRows { plans, actuals })
    }
}
