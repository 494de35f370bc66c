//! The identities and states of stored scenarios and of the people who handle them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
pub use shared::UnknownName;

/// A stored scenario's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScenarioId(pub i64);

/// A text that is not a scenario id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no scenario has the id `{0}`")]
pub struct NotAnId(pub String);

/// A scenario id as written in a path: a whole number of at least 1.
impl FromStr for ScenarioId {
    type Err = NotAnId;

    fn from_str(text: &str) -> Result<ScenarioId, NotAnId> {
        text.parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(ScenarioId)
            .ok_or_else(|| NotAnId(text.to_owned()))
    }
}

impl fmt::Display for ScenarioId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A stored scenario's revision: 1 when created, one more with every change. The
/// `ETag` of a stored scenario is `"rev-N"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Revision(pub i32);

impl Revision {
    /// The first revision.
    pub const FIRST: Revision = Revision(1);

    /// The revision after this one.
    pub fn next(self) -> Revision {
        Revision(self.0 + 1)
    }

    /// The entity tag of this revision, quoted: `"rev-N"`.
    pub fn etag(self) -> String {
        format!("\"rev-{}\"", self.0)
    }

    /// Reads an entity tag written by [`Revision::etag`] (quoted or not, weak or not).
    pub fn from_etag(tag: &str) -> Option<Revision> {
        let tag = tag.trim();
        let tag = tag.strip_prefix("W/").unwrap_or(tag);
        let tag = tag.trim_matches('"');
        tag.strip_prefix("rev-")?.parse().ok().map(Revision)
    }
}

impl fmt::Display for Revision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A stable name stored by the server (`db`: a sea-orm active enum, each value stored
/// as its name) and described in `/openapi.json` (`openapi`); read, written and refused
/// as every stable name is, by [`shared::string_enum!`].
macro_rules! stored_name {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident = $text:literal ($zh:literal, $en:literal)),+ $(,)? }) => {
        shared::string_enum! {
            $(#[$meta])*
            #[cfg_attr(
                feature = "openapi",
                derive(utoipa::ToSchema),
                schema(rename_all = "lowercase")
            )]
            #[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
            #[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "Text"))]
            pub enum $name($what) {
                $($(#[$vmeta])* #[cfg_attr(feature = "db", sea_orm(string_value = $text))] $variant = $text ($zh, $en)),+
            }
        }
    };
}

stored_name! {
    /// A stored scenario's place in the workflow. The rules of moving between them
    /// belong to the server's domain layer.
    Status, "status" {
        /// Being worked on.
        Draft = "draft" ("草稿", "draft"),
        /// Put forward for approval.
        Proposed = "proposed" ("待审核", "proposed"),
        /// Approved; frozen.
        Approved = "approved" ("已批准", "approved"),
    }
}

stored_name! {
    /// What a caller may do; each role includes the ones below it.
    Role, "role" {
        /// Reads scenarios.
        Viewer = "viewer" ("查看者", "viewer"),
        /// Writes scenarios and proposes them.
        Planner = "planner" ("规划员", "planner"),
        /// Approves proposed scenarios.
        Approver = "approver" ("审批人", "approver"),
        /// Manages users and tokens, reads the audit log.
        Admin = "admin" ("管理员", "administrator"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_ones_list_every_allowed_value() {
        for status in Status::ALL {
            assert_eq!(status.as_str().parse::<Status>(), Ok(*status));
        }
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(*role));
        }
        let error = "boss".parse::<Role>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown role `boss`: use viewer, planner, approver or admin"
        );
        assert!(Role::Viewer < Role::Admin);
        let refused = serde_json::from_str::<Status>("\"done\"").unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("use draft, proposed or approved")
        );
        assert_eq!(
            serde_json::to_string(&Status::Approved).unwrap(),
            "\"approved\""
        );
    }

    #[test]
    fn revisions_read_back_their_own_entity_tags_only() {
        let revision = Revision(7);
        assert_eq!(revision.etag(), "\"rev-7\"");
        assert_eq!(Revision::from_etag(&revision.etag()), Some(revision));
        assert_eq!(Revision::from_etag("W/\"rev-7\""), Some(revision));
        assert_eq!(Revision::from_etag("\"7\""), None);
        assert_eq!(Revision::FIRST.next(), Revision(2));
        assert_eq!("12".parse::<ScenarioId>(), Ok(ScenarioId(12)));
        for junk in ["0", "-3", "x", ""] {
            assert!(junk.parse::<ScenarioId>().is_err(), "{junk}");
        }
    }
}
