//! Stored scenarios: their read-only fields, lists, revisions, status changes and
//! allocations.

use std::sync::Arc;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use shared::{Money, ProgrammeId, Scenario, Year};

use crate::{Revision, ScenarioId, Status};

/// A stored scenario's read-only fields: identity, status and authorship. A client may
/// send them back in a body (they are ignored), so a `GET` body can be edited and
/// `PUT` back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScenarioMeta {
    /// The scenario's id.
    pub id: ScenarioId,
    /// `draft`, `proposed` or `approved`.
    pub status: Status,
    /// The current revision; the `ETag` is `"rev-N"`.
    pub revision: Revision,
    /// Who created it (`user:NAME` or `token:NAME`).
    pub created_by: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
    /// Who saved the current revision.
    pub updated_by: String,
    /// When, RFC 3339 UTC.
    pub updated_at: String,
    /// Who approved it, once approved.
    pub approved_by: Option<String>,
    /// When, RFC 3339 UTC.
    pub approved_at: Option<String>,
}

/// A stored scenario in a list: its name and read-only fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScenarioSummary {
    /// Its name.
    pub name: String,
    /// Identity, status and authorship.
    #[serde(flatten)]
    pub meta: ScenarioMeta,
}

/// Read through a JSON object rather than serde's `flatten`, whose buffering would cost
/// the browser's first load several KiB for one list.
impl<'de> Deserialize<'de> for ScenarioSummary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ScenarioSummary, D::Error> {
        let mut object = Map::<String, Value>::deserialize(deserializer)?;
        let name = match object.remove("name") {
            Some(Value::String(name)) => name,
            _ => return Err(D::Error::missing_field("name")),
        };
        let meta = ScenarioMeta::deserialize(Value::Object(object)).map_err(D::Error::custom)?;
        Ok(ScenarioSummary { name, meta })
    }
}

/// A stored scenario: the file format plus the read-only fields, in one object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredScenario {
    /// The scenario, in the file format (its name among the fields).
    #[serde(flatten)]
    pub scenario: Arc<Scenario>,
    /// Identity, status and authorship.
    #[serde(flatten)]
    pub meta: ScenarioMeta,
}

/// The file format admits no unknown field, so the object is split: the read-only
/// fields ([`shared::scenario::STORED_FIELDS`]) make the meta, the rest the scenario.
impl<'de> Deserialize<'de> for StoredScenario {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<StoredScenario, D::Error> {
        let mut file = Map::<String, Value>::deserialize(deserializer)?;
        let mut meta = Map::new();
        for field in shared::scenario::STORED_FIELDS {
            if let Some(value) = file.remove(field) {
                meta.insert(field.to_owned(), value);
            }
        }
        let meta = ScenarioMeta::deserialize(Value::Object(meta)).map_err(D::Error::custom)?;
        let scenario = Scenario::deserialize(Value::Object(file)).map_err(D::Error::custom)?;
        Ok(StoredScenario {
            scenario: Arc::new(scenario),
            meta,
        })
    }
}

/// `?name=&page=&per_page=` of `GET /scenarios`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    /// Only scenarios whose name contains this, ignoring case.
    pub name: Option<String>,
    /// 1-based page.
    pub page: Option<u64>,
    /// Items per page, at most 100.
    pub per_page: Option<u64>,
}

/// `{"name": "..."}`, optional, for a clone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CloneBody {
    /// The copy's name; default: the original's with " (copy)".
    pub name: Option<String>,
}

/// `{"status": "draft" | "proposed" | "approved", "note": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StatusBody {
    /// The status wanted.
    pub status: Status,
    /// Why, kept with the revision the move makes (at most
    /// [`MAX_NOTE_CHARS`] characters; blank is no note). Required when an approver
    /// returns a proposed scenario to draft; optional otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The longest note a status change may carry, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;

/// One saved revision of a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionSummary {
    /// The revision number, from 1.
    pub revision: Revision,
    /// The scenario's name in this revision.
    pub name: String,
    /// Its status in this revision.
    pub status: Status,
    /// Who saved it.
    pub created_by: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
    /// Why, when the revision is a status change that said so.
    #[serde(default)]
    pub note: Option<String>,
}

/// A page of a scenario's revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionPage {
    /// The scenario.
    pub scenario_id: ScenarioId,
    /// Its current revision.
    pub current: Revision,
    /// The revisions on this page, oldest first.
    pub items: Vec<RevisionSummary>,
    /// The 1-based page.
    pub page: u64,
    /// Items a page.
    pub per_page: u64,
    /// How many revisions there are.
    pub total: u64,
}

/// One revision with the scenario as it was then.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScenarioRevision {
    /// The revision's number, name, status and author.
    #[serde(flatten)]
    pub summary: RevisionSummary,
    /// The scenario.
    pub scenario_id: ScenarioId,
    /// The scenario as saved in this revision, in the file format.
    #[cfg_attr(feature = "openapi", schema(value_type = Scenario))]
    pub scenario: Arc<Scenario>,
}

/// One programme's money in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllocationRow {
    /// The year.
    pub year: Year,
    /// The programme.
    pub programme: ProgrammeId,
    /// CNY.
    pub amount: Money,
}

/// A scenario's allocation: one row per year and programme, in CNY.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Allocations {
    /// The scenario.
    pub scenario_id: ScenarioId,
    /// Its name.
    pub name: String,
    /// Its status.
    pub status: Status,
    /// The revision these amounts belong to.
    pub revision: Revision,
    /// Always `CNY`.
    #[cfg_attr(feature = "openapi", schema(example = "CNY"))]
    pub currency: String,
    /// The envelope of each year.
    pub annual_envelope: Money,
    /// 64 rows: every programme in every year, years in order.
    pub allocations: Vec<AllocationRow>,
}

impl Allocations {
    /// Every programme in every year of `scenario`, years in order.
    pub fn rows(scenario: &Scenario) -> Vec<AllocationRow> {
        Year::ALL
            .into_iter()
            .flat_map(|year| {
                ProgrammeId::ALL.iter().map(move |id| AllocationRow {
                    year,
                    programme: *id,
                    amount: scenario.allocation(year, *id),
                })
            })
            .collect()
    }
}

/// The header of the allocations CSV.
pub const ALLOCATIONS_CSV_HEADER: &str = "year,programme,amount_cny,name_zh,name_en";

/// The allocations of `scenario` as CSV, the one layout of the API's
/// `Accept: text/csv` and of the page's download: one row per year and programme,
/// years in order, amounts in whole CNY, the programme's names last (quoted when they
/// hold a comma or a quote). UTF-8 starting with a byte-order mark, so a spreadsheet
/// (Excel on Chinese Windows among them) reads the Chinese names as they are.
pub fn allocations_csv(scenario: &Scenario) -> String {
    let mut csv = String::from(crate::actuals_file::BOM);
    csv.push_str(ALLOCATIONS_CSV_HEADER);
    csv.push('\n');
    for row in Allocations::rows(scenario) {
        let names = shared::plan::programme(row.programme).name;
        csv.push_str(&format!(
            "{},{},{},{},{}\n",
            row.year,
            row.programme,
            row.amount,
            csv_field(names.zh),
            csv_field(names.en)
        ));
    }
    csv
}

/// A CSV field, quoted (RFC 4180) when it must be.
pub(crate) fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_scenario_reads_back_as_it_was_written() {
        let stored = StoredScenario {
            scenario: Arc::new(Scenario::baseline()),
            meta: ScenarioMeta {
                id: ScenarioId(3),
                status: Status::Proposed,
                revision: Revision(2),
                created_by: "user:a".to_owned(),
                created_at: "2026-12-01T00:00:00Z".to_owned(),
                updated_by: "user:b".to_owned(),
                updated_at: "2026-12-02T00:00:00Z".to_owned(),
                approved_by: None,
                approved_at: None,
            },
        };
        let text = serde_json::to_string(&stored).unwrap();
        let back: StoredScenario = serde_json::from_str(&text).unwrap();
        assert_eq!(back, stored);
        let summary = ScenarioSummary {
            name: "plan".to_owned(),
            meta: stored.meta.clone(),
        };
        let text = serde_json::to_string(&summary).unwrap();
        assert_eq!(
            serde_json::from_str::<ScenarioSummary>(&text).unwrap(),
            summary
        );
        assert!(serde_json::from_str::<ScenarioSummary>("{\"id\": 1}").is_err());
    }

    #[test]
    fn the_csv_has_a_row_for_every_programme_in_every_year() {
        let csv = allocations_csv(&Scenario::baseline());
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], format!("\u{feff}{ALLOCATIONS_CSV_HEADER}"));
        assert_eq!(lines.len(), 1 + Year::ALL.len() * ProgrammeId::ALL.len());
        let first = ProgrammeId::ALL[0];
        assert!(lines[1].starts_with(&format!(
            "2017,{first},{},",
            Scenario::baseline().allocation(Year::ALL[0], first)
        )));
        assert_eq!(csv_field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }
}
