//! Saved scenarios and every revision of them.
//!
//! Writes are conditional on the revision the caller read ([`IfRevision`]). What a
//! write may do to a scenario in its current status is not decided here: the caller
//! passes the domain's decision ([`crate::domain::Workflow`]), which is applied to the
//! status read in the write's own transaction.

use api::{Revision, ScenarioId, Status};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, IntoActiveModel,
    NotSet, QueryFilter, QueryOrder, Set,
};

use super::entities::{scenario, scenario_revision};
use super::{Audit, Store};
use crate::domain::{Edit, Note, WorkflowError};

/// A new scenario row's content.
pub struct NewScenario<'a> {
    /// Name.
    pub name: &'a str,
    /// Canonical file-format JSON.
    pub body: &'a str,
    /// Who.
    pub actor: &'a str,
}

/// The revision a conditional write expects to replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfRevision {
    /// Whichever is current (`If-Match: *`, or no header where none is required).
    Any,
    /// This one.
    Is(Revision),
    /// A tag this server did not issue: it names no revision, so the write is refused
    /// as stale.
    Foreign,
}

impl IfRevision {
    /// Whether a scenario at `current` may be written.
    pub fn matches(self, current: Revision) -> bool {
        match self {
            IfRevision::Any => true,
            IfRevision::Is(expected) => expected == current,
            IfRevision::Foreign => false,
        }
    }
}

/// The outcome of [`Store::update_scenario`].
#[derive(Debug)]
pub enum UpdateOutcome {
    /// Saved as the scenario's next revision.
    Saved(scenario::Model),
    /// The scenario was frozen: the content is a new draft, this one.
    Forked(scenario::Model),
    /// No such scenario.
    NotFound,
    /// The revision the caller read is no longer current; this one is.
    Stale(Revision),
}

/// The outcome of [`Store::set_status`].
#[derive(Debug)]
pub enum StatusOutcome {
    /// Moved; the scenario at its new revision.
    Moved(scenario::Model),
    /// No such scenario.
    NotFound,
    /// The revision the caller read is no longer current; this one is.
    Stale(Revision),
    /// The workflow does not allow the move.
    Refused(WorkflowError),
}

/// The outcome of [`Store::delete_scenario`].
#[derive(Debug)]
pub enum DeleteOutcome {
    /// Deleted with its revisions.
    Deleted,
    /// No such scenario.
    NotFound,
    /// The revision the caller read is no longer current; this one is.
    Stale(Revision),
    /// The workflow does not allow the deletion.
    Refused(WorkflowError),
}

/// Why a conditional write found nothing to write to.
enum Miss {
    NotFound,
    Stale(Revision),
}

macro_rules! from_miss {
    ($($outcome:ident),+) => {$(
        impl From<Miss> for $outcome {
            fn from(miss: Miss) -> $outcome {
                match miss {
                    Miss::NotFound => $outcome::NotFound,
                    Miss::Stale(current) => $outcome::Stale(current),
                }
            }
        }
    )+};
}

from_miss!(UpdateOutcome, StatusOutcome, DeleteOutcome);

/// Restricts a write to the row as it was read: same id, same revision.
fn as_read<Q: QueryFilter>(query: Q, row: &scenario::Model) -> Q {
    query
        .filter(scenario::Column::Id.eq(row.id))
        .filter(scenario::Column::Revision.eq(row.revision))
}

impl Store {
    /// A page of scenarios (1-based), newest first, whose name contains `name`
    /// (case-insensitively), and how many match in all.
    pub async fn scenarios(
        &self,
        name: Option<&str>,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<scenario::Model>, u64), DbErr> {
        let mut query = scenario::Entity::find();
        if let Some(name) = name {
            let escaped = name
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            query = query.filter(
                Expr::expr(Func::lower(Expr::col(scenario::Column::Name)))
                    .like(LikeExpr::new(format!("%{escaped}%")).escape('\\')),
            );
        }
        let query = query.order_by_desc(scenario::Column::Id);
        self.page(query, page, per_page).await
    }

    /// The scenario `id`.
    pub async fn scenario(&self, id: ScenarioId) -> Result<Option<scenario::Model>, DbErr> {
        scenario::Entity::find_by_id(id.0).one(&self.db).await
    }

    /// The most recently approved scenario.
    pub async fn approved(&self) -> Result<Option<scenario::Model>, DbErr> {
        scenario::Entity::find()
            .filter(scenario::Column::Status.eq(Status::Approved))
            .order_by_desc(scenario::Column::ApprovedAt)
            .order_by_desc(scenario::Column::Id)
            .one(&self.db)
            .await
    }

    /// The scenario `id` as the write in `txn` finds it, if it is at the revision
    /// the caller expects.
    async fn current(
        txn: &DatabaseTransaction,
        id: ScenarioId,
        expected: IfRevision,
    ) -> Result<Result<scenario::Model, Miss>, DbErr> {
        let Some(current) = scenario::Entity::find_by_id(id.0).one(txn).await? else {
            return Ok(Err(Miss::NotFound));
        };
        if !expected.matches(current.current_revision()) {
            return Ok(Err(Miss::Stale(current.current_revision())));
        }
        Ok(Ok(current))
    }

    /// Replaces `current` by `row` unless another write came first; `row` becomes a
    /// revision too. `false`: the write lost.
    async fn replace(
        txn: &DatabaseTransaction,
        current: &scenario::Model,
        row: &scenario::Model,
        note: Option<&Note>,
    ) -> Result<bool, DbErr> {
        let update =
            scenario::Entity::update_many().set(row.clone().into_active_model().reset_all());
        let result = as_read(update, current).exec(txn).await?;
        if result.rows_affected == 0 {
            return Ok(false);
        }
        Self::insert_revision(txn, row, note).await?;
        Ok(true)
    }

    async fn insert_revision(
        txn: &DatabaseTransaction,
        row: &scenario::Model,
        note: Option<&Note>,
    ) -> Result<(), DbErr> {
        scenario_revision::ActiveModel {
            id: NotSet,
            scenario_id: Set(row.id),
            revision: Set(row.revision),
            name: Set(row.name.clone()),
            status: Set(row.status),
            body: Set(row.body.clone()),
            created_by: Set(row.updated_by.clone()),
            created_at: Set(row.updated_at),
            note: Set(note.map(|note| note.as_str().to_owned())),
        }
        .insert(txn)
        .await?;
        Ok(())
    }

    async fn insert_scenario(
        txn: &DatabaseTransaction,
        new: &NewScenario<'_>,
        action: &str,
        before: Option<String>,
    ) -> Result<scenario::Model, DbErr> {
        let now = Utc::now();
        let row = scenario::ActiveModel {
            id: NotSet,
            name: Set(new.name.to_owned()),
            status: Set(Status::Draft),
            revision: Set(Revision::FIRST.0),
            body: Set(new.body.to_owned()),
            created_by: Set(new.actor.to_owned()),
            created_at: Set(now),
            updated_by: Set(new.actor.to_owned()),
            updated_at: Set(now),
            approved_by: Set(None),
            approved_at: Set(None),
        }
        .insert(txn)
        .await?;
        Self::insert_revision(txn, &row, None).await?;
        let entry = Audit::new(new.actor, action, "scenario", row.id)
            .before(before)
            .after(row.body.clone());
        Self::record(txn, entry).await?;
        Ok(row)
    }

    /// Saves a new draft scenario with its first revision.
    pub async fn create_scenario(&self, new: NewScenario<'_>) -> Result<scenario::Model, DbErr> {
        let (_guard, txn) = self.begin().await?;
        let row = Self::insert_scenario(&txn, &new, "scenario.create", None).await?;
        txn.commit().await?;
        Ok(row)
    }

    /// Copies scenario `id` into a new draft named `name`.
    pub async fn clone_scenario(
        &self,
        id: ScenarioId,
        name: &str,
        body: &str,
        actor: &str,
    ) -> Result<Option<scenario::Model>, DbErr> {
        let (_guard, txn) = self.begin().await?;
        if scenario::Entity::find_by_id(id.0)
            .one(&txn)
            .await?
            .is_none()
        {
            return Ok(None);
        }
        let new = NewScenario { name, body, actor };
        let before = format!("{{\"from\":{id}}}");
        let row = Self::insert_scenario(&txn, &new, "scenario.clone", Some(before)).await?;
        txn.commit().await?;
        Ok(Some(row))
    }

    /// Replaces scenario `id`'s content if its revision is still `expected`, as `edit`
    /// decides for its current status: a next revision with the status it gives, or a
    /// new draft, the scenario left as it is.
    pub async fn update_scenario(
        &self,
        id: ScenarioId,
        expected: IfRevision,
        new: NewScenario<'_>,
        edit: impl FnOnce(Status) -> Edit,
    ) -> Result<UpdateOutcome, DbErr> {
        let (_guard, txn) = self.begin().await?;
        let current = match Self::current(&txn, id, expected).await? {
            Ok(current) => current,
            Err(miss) => return Ok(miss.into()),
        };
        let status = match edit(current.status) {
            Edit::Revise(status) => status,
            Edit::Fork => {
                let before = format!("{{\"from_approved\":{id}}}");
                let row =
                    Self::insert_scenario(&txn, &new, "scenario.create", Some(before)).await?;
                txn.commit().await?;
                return Ok(UpdateOutcome::Forked(row));
            }
        };
        let row = scenario::Model {
            name: new.name.to_owned(),
            body: new.body.to_owned(),
            status,
            revision: current.current_revision().next().0,
            updated_by: new.actor.to_owned(),
            updated_at: Utc::now(),
            ..current.clone()
        };
        if !Self::replace(&txn, &current, &row, None).await? {
            return Ok(UpdateOutcome::Stale(current.current_revision()));
        }
        Self::record_and_commit(
            txn,
            Audit::new(new.actor, "scenario.update", "scenario", id)
                .before(current.body)
                .after(row.body.clone()),
        )
        .await?;
        Ok(UpdateOutcome::Saved(row))
    }

    /// Moves scenario `id` to the status `transition` gives for its current one, if
    /// its revision is still `expected`; the new revision keeps `note`.
    pub async fn set_status(
        &self,
        id: ScenarioId,
        expected: IfRevision,
        actor: &str,
        note: Option<&Note>,
        transition: impl FnOnce(Status) -> Result<Status, WorkflowError>,
    ) -> Result<StatusOutcome, DbErr> {
        let (_guard, txn) = self.begin().await?;
        let current = match Self::current(&txn, id, expected).await? {
            Ok(current) => current,
            Err(miss) => return Ok(miss.into()),
        };
        let status = match transition(current.status) {
            Ok(status) => status,
            Err(refusal) => return Ok(StatusOutcome::Refused(refusal)),
        };
        let now = Utc::now();
        let approved = status == Status::Approved;
        let row = scenario::Model {
            status,
            revision: current.current_revision().next().0,
            updated_by: actor.to_owned(),
            updated_at: now,
            approved_by: if approved {
                Some(actor.to_owned())
            } else {
                current.approved_by.clone()
            },
            approved_at: if approved {
                Some(now)
            } else {
                current.approved_at
            },
            ..current.clone()
        };
        if !Self::replace(&txn, &current, &row, note).await? {
            return Ok(StatusOutcome::Stale(current.current_revision()));
        }
        let state = |row: &scenario::Model, note: Option<&Note>| {
            let mut state = serde_json::json!({"status": row.status, "revision": row.revision});
            if let Some(note) = note {
                state["note"] = note.as_str().into();
            }
            state.to_string()
        };
        Self::record_and_commit(
            txn,
            Audit::new(actor, "scenario.status", "scenario", id)
                .before(state(&current, None))
                .after(state(&row, note)),
        )
        .await?;
        Ok(StatusOutcome::Moved(row))
    }

    /// Deletes scenario `id` and its revisions if its revision is still `expected` and
    /// `allowed` says a scenario in its status may go; the audit log keeps its last
    /// content.
    pub async fn delete_scenario(
        &self,
        id: ScenarioId,
        expected: IfRevision,
        actor: &str,
        allowed: impl FnOnce(Status) -> Result<(), WorkflowError>,
    ) -> Result<DeleteOutcome, DbErr> {
        let (_guard, txn) = self.begin().await?;
        let current = match Self::current(&txn, id, expected).await? {
            Ok(current) => current,
            Err(miss) => return Ok(miss.into()),
        };
        if let Err(refusal) = allowed(current.status) {
            return Ok(DeleteOutcome::Refused(refusal));
        }
        let result = as_read(scenario::Entity::delete_many(), &current)
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            return Ok(DeleteOutcome::Stale(current.current_revision()));
        }
        scenario_revision::Entity::delete_many()
            .filter(scenario_revision::Column::ScenarioId.eq(id.0))
            .exec(&txn)
            .await?;
        Self::record_and_commit(
            txn,
            Audit::new(actor, "scenario.delete", "scenario", id).before(current.body),
        )
        .await?;
        Ok(DeleteOutcome::Deleted)
    }

    /// A page (1-based) of scenario `id`'s revisions, oldest first, and how many
    /// there are.
    pub async fn revisions(
        &self,
        id: ScenarioId,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<scenario_revision::Model>, u64), DbErr> {
        let query = scenario_revision::Entity::find()
            .filter(scenario_revision::Column::ScenarioId.eq(id.0))
            .order_by_asc(scenario_revision::Column::Revision);
        self.page(query, page, per_page).await
    }

    /// Revision `revision` of scenario `id`.
    pub async fn revision(
        &self,
        id: ScenarioId,
        revision: Revision,
    ) -> Result<Option<scenario_revision::Model>, DbErr> {
        scenario_revision::Entity::find()
            .filter(scenario_revision::Column::ScenarioId.eq(id.0))
            .filter(scenario_revision::Column::Revision.eq(revision.0))
            .one(&self.db)
            .await
    }
}
