//! Plan execution (年初计划、年终考核, plan §5(2)): what was spent and achieved in the
//! years that have closed, the assessment of one year against its year plan, and the
//! re-forecast of the four-year results from where things stand.
//!
//! - [`actuals`]: a year's reported spending and outcomes ([`YearActuals`]), read from the
//!   API/CLI body with every problem named by its field path.
//! - [`assess()`]: per programme and indicator, the year plan's amount against the money
//!   spent and the model's output against the measured one, with a status from the
//!   documented [`Thresholds`], rolled up per responsible department.
//! - [`execution()`]: the re-forecast — actual outputs of closed years plus the model's
//!   outputs for the open years (flows), the model at actual plus planned spending
//!   (levels) — optionally with each curve's cost multiplier re-estimated from the
//!   closed years ([`Calibrated`]).
//!
//! The domain is described in `docs/execution.md`. Everything here is pure.

pub mod actuals;
mod assess;
mod reforecast;

use serde::Serialize;

use crate::format;
use crate::ids::ProgrammeId;
use crate::money::Money;
use crate::plan::{Lang, PROGRAMMES, Text, Words};

pub use actuals::{
    ActualStatus, Actuals, MAX_NOTE_CHARS, MAX_SOURCE_CHARS, ProgrammeActual, YearActuals,
};
pub use assess::{Assessment, AssessmentRow, assess, assess_with_history};
pub use reforecast::{Calibrated, Execution, IndicatorExecution, YearExecution, execution};

/// Attainment at or above this share of the planned output is on track (95%).
pub const ON_TRACK_AT: f64 = 0.95;
/// Attainment at or above this share, and below [`ON_TRACK_AT`], is at risk (80%);
/// below it is off track.
pub const AT_RISK_AT: f64 = 0.80;

crate::string_enum! {
    /// Where an output stands against what was planned for it.
    pub enum AssessmentStatus("assessment status") {
        /// Attainment ≥ 95%: on track.
        OnTrack = "on_track" ("正常", "on track"),
        /// 80% ≤ attainment < 95%: at risk.
        AtRisk = "at_risk" ("预警", "at risk"),
        /// Attainment < 80%: off track.
        OffTrack = "off_track" ("滞后", "off track"),
        /// No measured output was reported, so there is nothing to assess.
        NotReported = "not_reported" ("未报送", "not reported"),
    }
}

impl AssessmentStatus {
    /// The status of an attainment (actual ÷ planned); `None` (nothing measured) is not
    /// reported. A planned output of zero met by any output is on track.
    pub fn of(attainment: Option<f64>) -> AssessmentStatus {
        match attainment {
            None => AssessmentStatus::NotReported,
            Some(value) if value >= ON_TRACK_AT => AssessmentStatus::OnTrack,
            Some(value) if value >= AT_RISK_AT => AssessmentStatus::AtRisk,
            Some(_) => AssessmentStatus::OffTrack,
        }
    }
}

/// One status with its name and rule, as the page's legend shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusRule {
    /// The status.
    pub status: AssessmentStatus,
    /// Its name.
    pub name: Text,
    /// When it applies.
    pub rule: Words,
}

/// The thresholds every status is judged by, sent in each body so the page shows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Thresholds {
    /// Attainment from which an output is on track ([`ON_TRACK_AT`]).
    pub on_track: f64,
    /// Attainment from which an output is at risk ([`AT_RISK_AT`]).
    pub at_risk: f64,
    /// Every status in order, with its rule.
    pub statuses: Vec<StatusRule>,
}

impl Thresholds {
    /// The documented thresholds.
    pub fn documented() -> Thresholds {
        let (on, risk) = (percent(ON_TRACK_AT), percent(AT_RISK_AT));
        let rule = |status: AssessmentStatus| match status {
            AssessmentStatus::OnTrack => {
                Words::new(format!("完成率 ≥ {on}%"), format!("attainment ≥ {on}%"))
            }
            AssessmentStatus::AtRisk => Words::new(
                format!("{risk}% ≤ 完成率 < {on}%"),
                format!("{risk}% ≤ attainment < {on}%"),
            ),
            AssessmentStatus::OffTrack => {
                Words::new(format!("完成率 < {risk}%"), format!("attainment < {risk}%"))
            }
            AssessmentStatus::NotReported => {
                Words::new("未报送实际产出", "no measured output reported")
            }
        };
        Thresholds {
            on_track: ON_TRACK_AT,
            at_risk: AT_RISK_AT,
            statuses: AssessmentStatus::ALL
                .iter()
                .map(|status| StatusRule {
                    status: *status,
                    name: status.name(),
                    rule: rule(*status),
                })
                .collect(),
        }
    }
}

fn percent(share: f64) -> String {
    format!("{}", (share * 100.0).round())
}

/// One responsible body of the plan (市科委, 市中小企业局, …) with the programmes it is
/// responsible for: the assessment §5(2) assigns to each department.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentRow {
    /// The body, as the plan names it.
    pub department: Text,
    /// Its programmes (a programme with several bodies counts for each).
    pub programmes: Vec<ProgrammeId>,
    /// Σ planned amounts of its programmes over the years assessed.
    pub planned: Money,
    /// Σ money spent on them over the years assessed.
    pub spent: Money,
    /// spent ÷ planned; `null` when nothing was planned.
    pub execution_rate: Option<f64>,
    /// How many of its indicator rows are on track.
    pub on_track: usize,
    /// … at risk.
    pub at_risk: usize,
    /// … off track.
    pub off_track: usize,
    /// … not reported.
    pub not_reported: usize,
}

impl DepartmentRow {
    /// The row's figures as a table shows them, in the order of the fields: planned and
    /// spent in 万元, the execution rate, then the counts on track, at risk, off track
    /// and not reported (the CLI's and the briefing's department tables).
    pub fn figures(&self, lang: Lang) -> Vec<String> {
        let counts = [
            self.on_track,
            self.at_risk,
            self.off_track,
            self.not_reported,
        ];
        [
            format::wan(self.planned, lang),
            format::wan(self.spent, lang),
            format::percent_or_none(self.execution_rate),
        ]
        .into_iter()
        .chain(counts.iter().map(ToString::to_string))
        .collect()
    }
}

/// What the department roll-up needs of each programme.
pub(crate) struct ProgrammeTotals {
    pub(crate) planned: Money,
    pub(crate) spent: Money,
}

/// Rolls programme totals and indicator statuses up to the responsible bodies, in the
/// order the plan first names them.
pub(crate) fn departments(
    totals: &[ProgrammeTotals; crate::ids::PROGRAMME_COUNT],
    statuses: impl Iterator<Item = (ProgrammeId, AssessmentStatus)> + Clone,
) -> Vec<DepartmentRow> {
    let mut rows: Vec<DepartmentRow> = Vec::new();
    for def in &PROGRAMMES {
        for body in def.responsible {
            let position = match rows.iter().position(|row| row.department == *body) {
                Some(position) => position,
                None => {
                    rows.push(DepartmentRow {
                        department: *body,
                        programmes: Vec::new(),
                        planned: Money::ZERO,
                        spent: Money::ZERO,
                        execution_rate: None,
                        on_track: 0,
                        at_risk: 0,
                        off_track: 0,
                        not_reported: 0,
                    });
                    rows.len() - 1
                }
            };
            let row = &mut rows[position];
            row.programmes.push(def.id);
            row.planned += totals[def.id.index()].planned;
            row.spent += totals[def.id.index()].spent;
            for (_, status) in statuses.clone().filter(|(id, _)| *id == def.id) {
                match status {
                    AssessmentStatus::OnTrack => row.on_track += 1,
                    AssessmentStatus::AtRisk => row.at_risk += 1,
                    AssessmentStatus::OffTrack => row.off_track += 1,
                    AssessmentStatus::NotReported => row.not_reported += 1,
                }
            }
        }
    }
    for row in &mut rows {
        row.execution_rate = rate(row.spent, row.planned);
    }
    rows
}

/// spent ÷ planned; `None` when nothing was planned.
pub(crate) fn rate(spent: Money, planned: Money) -> Option<f64> {
    (!planned.as_decimal().is_zero()).then(|| spent.to_f64_lossy() / planned.to_f64_lossy())
}

/// `numerator ÷ denominator` of two outputs; `None` when the denominator is zero.
pub(crate) fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator != 0.0).then(|| numerator / denominator)
}

/// CNY per unit of output, to four decimal places (a unit may cost less than a fen);
/// `None` when there is no output.
pub(crate) fn per_unit(money: Money, units: f64) -> Option<Money> {
    use rust_decimal::prelude::FromPrimitive;
    if units <= 0.0 || units.is_nan() {
        return None;
    }
    let units = rust_decimal::Decimal::from_f64(units)?;
    let cost = money.as_decimal().checked_div(units)?;
    Some(Money::from_decimal(cost.round_dp(4)))
}
