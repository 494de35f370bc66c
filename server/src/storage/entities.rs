//! sea-orm entities, one module per table of the `migrations` crate.

/// People who sign in.
pub mod user {
    use sea_orm::entity::prelude::*;

    /// A row of `users`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        /// Key.
        #[sea_orm(primary_key)]
        pub id: i64,
        /// Unique sign-in name.
        #[sea_orm(unique)]
        pub name: String,
        /// What the user may do.
        pub role: api::Role,
        /// Argon2id PHC string; `None` until a password is set.
        pub password_hash: Option<String>,
        /// When the user was created.
        pub created_at: DateTimeUtc,
        /// Whether an admin disabled the account: no sign-in, no session, none of the
        /// API tokens they created.
        pub disabled: bool,
        /// Whether the user must set a new password before signing in (after an
        /// admin's reset).
        pub must_change_password: bool,
    }

    /// No relations are navigated.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// API tokens for scripts; only a hash is stored.
pub mod api_token {
    use sea_orm::entity::prelude::*;

    /// A row of `api_tokens`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "api_tokens")]
    pub struct Model {
        /// Key.
        #[sea_orm(primary_key)]
        pub id: i64,
        /// What the token is for.
        pub name: String,
        /// The role the token acts with.
        pub role: api::Role,
        /// SHA-256 of the token, hex.
        #[sea_orm(unique)]
        pub token_hash: String,
        /// Who created it.
        pub created_by: String,
        /// When.
        pub created_at: DateTimeUtc,
        /// When it was revoked, if it was.
        pub revoked_at: Option<DateTimeUtc>,
    }

    /// No relations are navigated.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Browser sessions.
pub mod session {
    use sea_orm::entity::prelude::*;

    /// A row of `sessions`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sessions")]
    pub struct Model {
        /// Key.
        #[sea_orm(primary_key)]
        pub id: i64,
        /// SHA-256 of the cookie value, hex.
        #[sea_orm(unique)]
        pub token_hash: String,
        /// The signed-in user.
        pub user_id: i64,
        /// When.
        pub created_at: DateTimeUtc,
        /// When it stops working.
        pub expires_at: DateTimeUtc,
    }

    /// No relations are navigated.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One-time links that let the first administrator in.
pub mod sign_in_link {
    use sea_orm::entity::prelude::*;

    /// A row of `sign_in_links`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sign_in_links")]
    pub struct Model {
        /// Key.
        #[sea_orm(primary_key)]
        pub id: i64,
        /// SHA-256 of the link's token, hex.
        #[sea_orm(unique)]
        pub token_hash: String,
        /// When.
        pub created_at: DateTimeUtc,
        /// When it stops working.
        pub expires_at: DateTimeUtc,
        /// When it was used; a link works once.
        pub used_at: Option<DateTimeUtc>,
    }

    /// No relations are navigated.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Saved scenarios, current state.
pub mod scenario {
    use sea_orm::entity::prelude::*;

    /// A row of `scenarios`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "scenarios")]
    pub struct Model {
        /// Key.
        #[sea_orm(primary_key)]
        pub id: i64,
        /// The scenario's name (copied from the body for listing and filtering).
        pub name: String,
        /// Its place in the workflow.
        pub status: api::Status,
        /// Current revision, from 1.
        pub revision: i32,
        /// The scenario in the file format.
        pub body: String,
        /// Who created it.
        pub created_by: String,
        /// When.
        pub created_at: DateTimeUtc,
        /// Who saved it last.
        pub updated_by: String,
        /// When.
        pub updated_at: DateTimeUtc,
        /// Who approved it.
        pub approved_by: Option<String>,
        /// When.
        pub approved_at: Option<DateTimeUtc>,
    }

    impl Model {
        /// The id, typed.
        pub fn scenario_id(&self) -> api::ScenarioId {
            api::ScenarioId(self.id)
        }

        /// The current revision, typed.
        pub fn current_revision(&self) -> api::Revision {
            api::Revision(self.revision)
        }
    }

    /// No relations are navigated.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Every saved state of every scenario.
pub mod scenario_revision {
    use sea_orm::entity::prelude::*;

    /// A row of `scenario_revisions`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "scenario_revisions")]
    pub struct Model {
        /// Key.
        #[sea_orm(primary_key)]
        pub id: i64,
        /// The scenario.
        pub scenario_id: i64,
        /// Its revision number.
        pub revision: i32,
        /// Name at that revision.
        pub name: String,
        /// Status at that revision.
        pub status: api::Status,
        /// The scenario in the file format.
        pub body: String,
        /// Who saved it.
        pub created_by: String,
        /// When.
        pub created_at: DateTimeUtc,
        /// Why, for a status change that said so (migration `m20261206_000001`).
        pub note: Option<String>,
    }

    /// No relations are navigated.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The append-only audit log.
pub mod audit {
    use sea_orm::entity::prelude::*;

    /// A row of `audit_log`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_log")]
    pub struct Model {
        /// Key.
        #[sea_orm(primary_key)]
        pub id: i64,
        /// When.
        pub at: DateTimeUtc,
        /// Who: `user:NAME`, `token:NAME` or `cli`.
        pub actor: String,
        /// What, e.g. `scenario.update`.
        pub action: String,
        /// The kind of thing changed.
        pub entity: String,
        /// Its id.
        pub entity_id: Option<String>,
        /// JSON before the change.
        pub before: Option<String>,
        /// JSON after the change.
        pub after: Option<String>,
    }

    /// No relations are navigated.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The year plans (年度计划): per plan year, the approved scenario adopted and that
/// year's allocation frozen from it.
pub mod year_plan {
    use sea_orm::entity::prelude::*;

    /// A row of `year_plans`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "year_plans")]
    pub struct Model {
        /// The plan year, 2017–2020.
        #[sea_orm(primary_key, auto_increment = false)]
        pub year: i32,
        /// The scenario adopted.
        pub scenario_id: i64,
        /// Its revision when adopted.
        pub scenario_revision: i32,
        /// The year's allocation as adopted: `{"programme id": "CNY"}`.
        pub allocations: String,
        /// Who adopted it.
        pub adopted_by: String,
        /// When.
        pub adopted_at: DateTimeUtc,
    }

    /// No relations are navigated.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A year's actuals (年终考核 data), current state.
pub mod actual {
    use sea_orm::entity::prelude::*;

    /// A row of `actuals`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "actuals")]
    pub struct Model {
        /// The plan year, 2017–2020.
        #[sea_orm(primary_key, auto_increment = false)]
        pub year: i32,
        /// Current revision, from 1.
        pub revision: i32,
        /// `provisional` or `final` (copied from the body).
        pub status: String,
        /// Where the figures come from (copied from the body).
        pub source: String,
        /// The note (copied from the body).
        pub note: String,
        /// The actuals as the API body, JSON.
        pub body: String,
        /// Who saved the current revision.
        pub updated_by: String,
        /// When.
        pub updated_at: DateTimeUtc,
    }

    impl Model {
        /// The current revision, typed.
        pub fn current_revision(&self) -> api::Revision {
            api::Revision(self.revision)
        }

        /// The status, typed; a name this server did not write counts as final, so
        /// it is never loosened.
        pub fn actual_status(&self) -> shared::execution::ActualStatus {
            self.status
                .parse()
                .unwrap_or(shared::execution::ActualStatus::Final)
        }
    }

    /// No relations are navigated.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Every saved state of every year's actuals.
pub mod actual_revision {
    use sea_orm::entity::prelude::*;

    /// A row of `actual_revisions`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "actual_revisions")]
    pub struct Model {
        /// Key.
        #[sea_orm(primary_key)]
        pub id: i64,
        /// The plan year.
        pub year: i32,
        /// Its revision number.
        pub revision: i32,
        /// The actuals at that revision, JSON.
        pub body: String,
        /// Their status at that revision.
        pub status: String,
        /// Who saved it.
        pub author: String,
        /// When.
        pub at: DateTimeUtc,
    }

    /// No relations are navigated.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Sign-in and setup attempts still counted against a limit.
pub mod attempt {
    use sea_orm::entity::prelude::*;

    /// A row of `attempts`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "attempts")]
    pub struct Model {
        /// Key.
        #[sea_orm(primary_key)]
        pub id: i64,
        /// What it counts against: `account:SHA256-OF-NAME`, `address:IP` or `setup:IP`.
        pub key: String,
        /// When, in milliseconds since the Unix epoch.
        pub at_ms: i64,
    }

    /// No relations are navigated.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
