//! Scenarios: an allocation of the envelope for every year and programme, with optional
//! PLAN overrides (the envelope) and assumption overrides.
//!
//! A [`Scenario`] can only be valid: it is built from a [`ScenarioDraft`] or from the
//! scenario file format by a constructor that checks everything and reports every
//! problem at once, each naming its field path, programme and year.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ids::{PROGRAMME_COUNT, ProgrammeId, YEAR_COUNT, Year};
use crate::model::Model;
use crate::money::Money;
use crate::params::{Assumptions, OverrideError, Overrides, ParamKey};
use crate::plan::{self, Lang, PROGRAMMES, Text};
use crate::rebalance::Locks;
use crate::replan::CarryOver;

/// CNY per year and programme, indexed `[year][programme]`.
pub type Allocations = [[Money; PROGRAMME_COUNT]; YEAR_COUNT];

/// Longest scenario name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest scenario description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;

/// The plan's baseline allocation, the same every year.
pub fn baseline_allocations() -> Allocations {
    [PROGRAMMES.map(|def| def.baseline()); YEAR_COUNT]
}

/// Everything a scenario says, with public fields, not yet checked. Edit one and pass
/// it to [`Scenario::new`].
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioDraft {
    /// Name shown to people.
    pub name: String,
    /// Free text.
    pub description: String,
    /// Annual envelope replacing the plan's 300,000,000 CNY (a PLAN override).
    pub envelope: Option<Money>,
    /// Whether earmarked lines keep their floor of earmark ÷ 4 a year (default true).
    pub respect_earmarks: bool,
    /// CNY per year and programme.
    pub allocations: Allocations,
    /// Assumption overrides.
    pub overrides: Overrides,
    /// One envelope per year replacing the annual one (a PLAN override, written
    /// `envelope_by_year`): what a re-plan makes, whose closed years' envelope is their
    /// actual spending and whose open years' is the annual envelope with any carried
    /// money. `None` in every scenario that is not a re-plan.
    pub envelopes: Option<[Money; YEAR_COUNT]>,
    /// What happened to closed years' unspent money when the scenario was re-planned (a
    /// PLAN override: by the plan, a year's money is that year's, so it lapses).
    pub carry_over: Option<CarryOver>,
    /// The lines the planner holds still while editing. Saved with the scenario so a
    /// stored scenario, a file and a share link reopen with them; the model ignores
    /// them.
    pub locks: Locks,
}

/// The fields a stored scenario's representation adds to the file format (the API's
/// id, status, revision and authorship). Clients strip them to get the file format
/// back; the server ignores them in a body, so a stored scenario can be edited and
/// sent back as it was read.
pub const STORED_FIELDS: [&str; 9] = [
    "id",
    "status",
    "revision",
    "created_by",
    "created_at",
    "updated_by",
    "updated_at",
    "approved_by",
    "approved_at",
];

/// One thing wrong with a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// Field path in the scenario file format, e.g. `by_year.2019.patents`.
    pub path: String,
    /// The programme concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programme: Option<ProgrammeId>,
    /// The year concerned, if one year only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<Year>,
    /// What is wrong, in words a person can act on.
    pub message: String,
}

impl Problem {
    /// A problem at a field path, concerning no particular programme or year.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            programme: None,
            year: None,
            message: message.into(),
        }
    }

    pub(crate) fn programme(mut self, id: ProgrammeId) -> Problem {
        self.programme = Some(id);
        self
    }

    fn year(mut self, year: Option<Year>) -> Problem {
        self.year = year;
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every problem found in a scenario; never empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioError {
    /// The problems, in field order.
    pub problems: Vec<Problem>,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "invalid scenario: {one}"),
            many => {
                write!(f, "invalid scenario, {} problems:", many.len())?;
                for problem in many {
                    write!(f, "\n  - {problem}")?;
                }
                Ok(())
            }
        }
    }
}

/// A valid scenario with its calibrated model.
#[derive(Debug, Clone)]
pub struct Scenario {
    draft: ScenarioDraft,
    model: Model,
    funding: [[f64; PROGRAMME_COUNT]; YEAR_COUNT],
}

impl PartialEq for Scenario {
    fn eq(&self, other: &Scenario) -> bool {
        self.draft == other.draft
    }
}

/// The baseline's name, one language at a time.
pub const BASELINE_NAME: Text = Text {
    zh: "规划基线",
    en: "Plan baseline",
};

/// What a scenario still named after the baseline is called once its money has moved.
pub const ADJUSTED_BASELINE_NAME: Text = Text {
    zh: "规划基线（已调整）",
    en: "Plan baseline (adjusted)",
};

/// The baseline's description.
pub const BASELINE_DESCRIPTION: Text = Text {
    zh: "规划的基线分配：每年 30,000 万元。",
    en: "The plan's baseline allocation: CNY 300 million a year.",
};

/// The baseline's name and description as files written before they came in one
/// language at a time have them.
const LEGACY_BASELINE_NAME: &str = "规划基线 Plan baseline";
const LEGACY_BASELINE_DESCRIPTION: &str =
    "The plan's baseline allocation of 300,000,000 CNY a year.";

/// A scenario's name as a person reads it in `lang`: see [`Scenario::name_in`].
pub fn name_in(name: &str, lang: Lang) -> &str {
    in_language(name, BASELINE_NAME, LEGACY_BASELINE_NAME, lang)
}

/// `text` in `lang` where it is a default text in either language (or its legacy form).
fn in_language<'a>(text: &'a str, default: Text, legacy: &str, lang: Lang) -> &'a str {
    if text == default.zh || text == default.en || text == legacy {
        default.get(lang)
    } else {
        text
    }
}

impl Scenario {
    /// Checks a draft; on failure reports every problem.
    pub fn new(draft: ScenarioDraft) -> Result<Scenario, ScenarioError> {
        let problems = check_draft(&draft);
        if !problems.is_empty() {
            return Err(ScenarioError { problems });
        }
        let model = Model::calibrate(&Assumptions::with_overrides(&draft.overrides));
        let funding = Model::funding_of(&draft.allocations);
        Ok(Scenario {
            draft,
            model,
            funding,
        })
    }

    /// The plan baseline: every programme at its baseline amount, every year.
    pub fn baseline() -> Scenario {
        let draft = ScenarioDraft {
            name: BASELINE_NAME.zh.to_owned(),
            description: BASELINE_DESCRIPTION.zh.to_owned(),
            envelope: None,
            respect_earmarks: true,
            allocations: baseline_allocations(),
            overrides: Overrides::none(),
            envelopes: None,
            carry_over: None,
            locks: Locks::none(),
        };
        let model = Model::calibrate(&Assumptions::plan_defaults());
        let funding = Model::funding_of(&draft.allocations);
        Scenario {
            draft,
            model,
            funding,
        }
    }

    /// Parses the scenario file format (JSON). Malformed JSON and every invalid field
    /// come back as problems.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let file: ScenarioFile = serde_json::from_str(text).map_err(|error| ScenarioError {
            problems: vec![Problem::new("", json_error_message(&error))],
        })?;
        Scenario::try_from(file)
    }

    /// The scenario file format, pretty-printed.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&ScenarioFile::from(self)).unwrap_or_default()
    }

    /// A copy of everything the scenario says, to edit.
    pub fn to_draft(&self) -> ScenarioDraft {
        self.draft.clone()
    }

    /// The lines saved as locked.
    pub fn locks(&self) -> Locks {
        self.draft.locks
    }

    /// The same scenario with these lines saved as locked.
    pub fn with_locks(&self, locks: Locks) -> Scenario {
        let mut scenario = self.clone();
        scenario.draft.locks = locks;
        scenario
    }

    /// The scenario's name.
    pub fn name(&self) -> &str {
        &self.draft.name
    }

    /// The description.
    pub fn description(&self) -> &str {
        &self.draft.description
    }

    /// The name as a person reads it in `lang`: the baseline's name (in either
    /// language, or both as older files wrote it) in `lang` — [`ADJUSTED_BASELINE_NAME`]
    /// once the money has moved, so no page calls a changed allocation the baseline —
    /// any other name as given.
    pub fn name_in(&self, lang: Lang) -> &str {
        let name = name_in(&self.draft.name, lang);
        if name == BASELINE_NAME.get(lang) && self.moved_from_baseline() {
            ADJUSTED_BASELINE_NAME.get(lang)
        } else {
            name
        }
    }

    /// Whether any amount differs from the plan baseline's.
    fn moved_from_baseline(&self) -> bool {
        self.draft.allocations != baseline_allocations()
    }

    /// The description as a person reads it in `lang`, as [`Scenario::name_in`]; none
    /// where it is still the baseline's default but the money has moved, since the
    /// default says the allocation is the baseline's.
    pub fn description_in(&self, lang: Lang) -> &str {
        let text = in_language(
            &self.draft.description,
            BASELINE_DESCRIPTION,
            LEGACY_BASELINE_DESCRIPTION,
            lang,
        );
        if text == BASELINE_DESCRIPTION.get(lang)
            && self.draft.allocations != baseline_allocations()
        {
            ""
        } else {
            text
        }
    }

    /// The annual envelope in force: the override or the plan's.
    pub fn envelope(&self) -> Money {
        self.draft.envelope.unwrap_or_else(plan::annual_envelope)
    }

    /// The envelope override, if the scenario replaces the plan's.
    pub fn envelope_override(&self) -> Option<Money> {
        self.draft.envelope
    }

    /// The envelope of one year: its `envelope_by_year` entry where the scenario has
    /// one (a re-plan), otherwise the annual envelope.
    pub fn year_envelope(&self, year: Year) -> Money {
        match &self.draft.envelopes {
            Some(envelopes) => envelopes[year.index()],
            None => self.envelope(),
        }
    }

    /// The per-year envelopes, if the scenario replaces the annual one year by year.
    pub fn envelope_by_year(&self) -> Option<&[Money; YEAR_COUNT]> {
        self.draft.envelopes.as_ref()
    }

    /// What happened to closed years' unspent money, if the scenario is a re-plan.
    pub fn carry_over(&self) -> Option<CarryOver> {
        self.draft.carry_over
    }

    /// Whether earmark floors apply.
    pub fn respect_earmarks(&self) -> bool {
        self.draft.respect_earmarks
    }

    /// The annual floor of a programme: earmark ÷ 4 while earmarks are respected.
    pub fn floor(&self, id: ProgrammeId) -> Money {
        floor_of(id, self.draft.respect_earmarks)
    }

    /// Every allocation.
    pub fn allocations(&self) -> &Allocations {
        &self.draft.allocations
    }

    /// One allocation.
    pub fn allocation(&self, year: Year, id: ProgrammeId) -> Money {
        self.draft.allocations[year.index()][id.index()]
    }

    /// The programme's amount if it is the same every year.
    pub fn uniform_allocation(&self, id: ProgrammeId) -> Option<Money> {
        let first = self.draft.allocations[0][id.index()];
        self.draft
            .allocations
            .iter()
            .all(|year| year[id.index()] == first)
            .then_some(first)
    }

    /// Four-year total of a programme.
    pub fn programme_total(&self, id: ProgrammeId) -> Money {
        self.draft
            .allocations
            .iter()
            .map(|year| year[id.index()])
            .sum()
    }

    /// Σ allocations of one year.
    pub fn year_total(&self, year: Year) -> Money {
        self.draft.allocations[year.index()].iter().copied().sum()
    }

    /// The year's envelope minus its allocations: positive is unallocated money,
    /// negative an overspend.
    pub fn unallocated(&self, year: Year) -> Money {
        self.year_envelope(year) - self.year_total(year)
    }

    /// Whether every year spends its envelope exactly.
    pub fn is_balanced(&self) -> bool {
        Year::ALL
            .iter()
            .all(|year| self.unallocated(*year).as_decimal().is_zero())
    }

    /// The assumption overrides.
    pub fn overrides(&self) -> &Overrides {
        &self.draft.overrides
    }

    /// The calibrated model of the scenario's assumptions.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Allocations as the floats the curves take.
    pub fn funding(&self) -> &[[f64; PROGRAMME_COUNT]; YEAR_COUNT] {
        &self.funding
    }

    /// The same scenario with other allocations, checked again.
    pub fn with_allocations(&self, allocations: Allocations) -> Result<Scenario, ScenarioError> {
        let mut draft = self.to_draft();
        draft.allocations = allocations;
        Scenario::new(draft)
    }
}

pub(crate) fn floor_of(id: ProgrammeId, respect_earmarks: bool) -> Money {
    match plan::programme(id).earmark {
        Some(earmark) if respect_earmarks => earmark.annual_floor(),
        _ => Money::ZERO,
    }
}

fn earmark_reference(id: ProgrammeId) -> &'static str {
    plan::programme(id)
        .earmark
        .map(|earmark| earmark.reference)
        .unwrap_or_default()
}

/// A whole, non-negative amount of CNY no larger than [`Money::MAX_AMOUNT`].
pub(crate) fn check_amount(amount: Money) -> Result<(), String> {
    check_money(amount, 0, "a fraction of a yuan; amounts are whole CNY")
}

/// A non-negative amount with at most `places` decimal places (`finer` says what a finer
/// one has), at most [`Money::MAX_AMOUNT`].
pub(crate) fn check_money(amount: Money, places: u32, finer: &str) -> Result<(), String> {
    if amount.is_negative() {
        Err(format!("negative amount {amount} CNY"))
    } else if amount.as_decimal().scale() > places {
        Err(format!("{amount} CNY has {finer}"))
    } else if amount > Money::MAX_AMOUNT {
        Err(format!(
            "{amount} CNY is above the largest amount accepted, {} CNY",
            Money::MAX_AMOUNT
        ))
    } else {
        Ok(())
    }
}

fn check_draft(draft: &ScenarioDraft) -> Vec<Problem> {
    let mut problems = Vec::new();
    if draft.name.trim().is_empty() {
        problems.push(Problem::new(
            "name",
            "name is empty; give the scenario a name",
        ));
    } else if draft.name.chars().count() > MAX_NAME_CHARS {
        problems.push(Problem::new(
            "name",
            format!("name is longer than {MAX_NAME_CHARS} characters"),
        ));
    }
    if draft.description.chars().count() > MAX_DESCRIPTION_CHARS {
        problems.push(Problem::new(
            "description",
            format!("description is longer than {MAX_DESCRIPTION_CHARS} characters"),
        ));
    }
    if let Some(envelope) = draft.envelope {
        if let Err(message) = check_amount(envelope) {
            problems.push(Problem::new("envelope", message));
        } else if envelope.as_decimal().is_zero() {
            problems.push(Problem::new("envelope", "the envelope must be above zero"));
        }
    }
    if let Some(envelopes) = &draft.envelopes {
        for (year, envelope) in Year::ALL.iter().zip(envelopes) {
            if let Err(message) = check_amount(*envelope) {
                problems.push(
                    Problem::new(
                        format!("envelope_by_year.{year}"),
                        format!("the envelope of {year}: {message}"),
                    )
                    .year(Some(*year)),
                );
            }
        }
    }
    // A re-plan's closed years hold what was actually spent, which may be below an
    // earmark's annual floor; its earmarks bind the four years together instead.
    let by_year_envelopes = draft.envelopes.is_some();
    for id in ProgrammeId::ALL.iter().copied() {
        let annual_floor = floor_of(id, draft.respect_earmarks);
        let floor = if by_year_envelopes {
            Money::ZERO
        } else {
            annual_floor
        };
        if by_year_envelopes {
            let total: Money = draft.allocations.iter().map(|year| year[id.index()]).sum();
            let least = annual_floor.times(YEAR_COUNT as i64);
            if total < least {
                problems.push(
                    Problem::new(
                        format!("allocations.{id}"),
                        format!(
                            "{id}: {total} CNY over the four years is below the earmark of {least} CNY ({}); \
                             a scenario with envelope_by_year keeps each earmark over the four years",
                            earmark_reference(id)
                        ),
                    )
                    .programme(id),
                );
            }
        }
        let amounts: Vec<Money> = draft
            .allocations
            .iter()
            .map(|year| year[id.index()])
            .collect();
        let messages: Vec<Option<String>> = amounts
            .iter()
            .map(|amount| {
                check_amount(*amount).err().or_else(|| {
                    (*amount < floor).then(|| {
                        let reference = earmark_reference(id);
                        format!(
                            "{amount} CNY is below the earmark floor of {floor} CNY a year ({reference}); \
                             raise it, or set respect_earmarks to false to explore without the floor"
                        )
                    })
                })
            })
            .collect();
        let same_everywhere = amounts.iter().all(|amount| *amount == amounts[0]);
        if same_everywhere {
            if let Some(message) = &messages[0] {
                problems.push(
                    Problem::new(
                        format!("allocations.{id}"),
                        format!("{id}, every year: {message}"),
                    )
                    .programme(id),
                );
            }
        } else {
            for (year, message) in Year::ALL.iter().zip(&messages) {
                if let Some(message) = message {
                    problems.push(
                        Problem::new(
                            format!("by_year.{year}.{id}"),
                            format!("{id} in {year}: {message}"),
                        )
                        .programme(id)
                        .year(Some(*year)),
                    );
                }
            }
        }
    }
    problems
}

pub(crate) fn json_error_message(error: &serde_json::Error) -> String {
    match error.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => format!(
            "malformed JSON at line {} column {}: {error}",
            error.line(),
            error.column()
        ),
        _ => error.to_string(),
    }
}

/// The scenario file format, the interchange format of the CLI, the API and the browser.
/// Unknown keys are errors.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScenarioFile {
    /// Name, required.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = String, required = true, min_length = 1))]
    pub name: Option<String>,
    /// Optional free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Annual envelope override in CNY (a PLAN override).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::Amount>))]
    pub envelope: Option<Value>,
    /// Whether earmark floors apply; default true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respect_earmarks: Option<bool>,
    /// CNY per year for every programme, applied to every year.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::ProgrammeAmounts, required = true))]
    pub allocations: Option<BTreeMap<String, Value>>,
    /// Single-year overrides: year → programme → CNY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<BTreeMap<String, BTreeMap<crate::ProgrammeId, crate::openapi::Amount>>>))]
    pub by_year: Option<BTreeMap<String, BTreeMap<String, Value>>>,
    /// Assumption overrides: documented key → value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<BTreeMap<String, f64>>))]
    pub assumptions: Option<BTreeMap<String, Value>>,
    /// One envelope per year, every year given, replacing `envelope` year by year (a
    /// PLAN override a re-plan writes: closed years at their actual spending).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::ByYearAmount>))]
    pub envelope_by_year: Option<BTreeMap<String, Value>>,
    /// What a re-plan did with closed years' unspent money (a PLAN override).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<CarryOver>))]
    pub carry_over: Option<Value>,
    /// The programmes held still while editing (ids, plan order); the model ignores
    /// them, the page restores them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<crate::ProgrammeId>>))]
    pub locks: Option<Vec<Value>>,
}

pub(crate) fn amount_of(value: &Value) -> Result<Money, String> {
    let text = match value {
        Value::String(text) => text.clone(),
        Value::Number(number) if number.is_i64() || number.is_u64() => number.to_string(),
        Value::Number(number) => {
            return Err(format!("not exact: write {number} as a decimal string"));
        }
        other => {
            return Err(format!(
                "not a number: expected a decimal string or a JSON number of CNY, found {}",
                json_kind(other)
            ));
        }
    };
    Money::parse(&text).map_err(|_| format!("not a number: `{text}` is not an amount of CNY"))
}

pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl TryFrom<ScenarioFile> for Scenario {
    type Error = ScenarioError;

    fn try_from(file: ScenarioFile) -> Result<Scenario, ScenarioError> {
        let mut problems = Vec::new();
        let name = file.name.unwrap_or_default();
        let envelope = match &file.envelope {
            None => None,
            Some(value) => match amount_of(value) {
                Ok(amount) => Some(amount),
                Err(message) => {
                    problems.push(Problem::new("envelope", message));
                    None
                }
            },
        };
        let mut allocations = [[Money::ZERO; PROGRAMME_COUNT]; YEAR_COUNT];
        let mut seen = [false; PROGRAMME_COUNT];
        match &file.allocations {
            None => problems.push(Problem::new(
                "allocations",
                "allocations is missing: give CNY per year for every programme",
            )),
            Some(map) => {
                for (key, value) in map {
                    let path = format!("allocations.{key}");
                    let Some(id) = ProgrammeId::parse(key) else {
                        problems.push(Problem::new(path, unknown_programme(key)));
                        continue;
                    };
                    seen[id.index()] = true;
                    match amount_of(value) {
                        Ok(amount) => {
                            for year in allocations.iter_mut() {
                                year[id.index()] = amount;
                            }
                        }
                        Err(message) => problems
                            .push(Problem::new(path, format!("{id}: {message}")).programme(id)),
                    }
                }
                for id in ProgrammeId::ALL.iter().copied() {
                    if !seen[id.index()] {
                        problems.push(
                            Problem::new(
                                format!("allocations.{id}"),
                                format!("{id} is missing: allocations must name every programme"),
                            )
                            .programme(id),
                        );
                    }
                }
            }
        }
        for (year_text, lines) in file.by_year.iter().flatten() {
            let Some(year) = Year::parse(year_text) else {
                problems.push(Problem::new(
                    format!("by_year.{year_text}"),
                    not_a_plan_year(year_text),
                ));
                continue;
            };
            for (key, value) in lines {
                let path = format!("by_year.{year}.{key}");
                let Some(id) = ProgrammeId::parse(key) else {
                    problems.push(Problem::new(path, unknown_programme(key)).year(Some(year)));
                    continue;
                };
                match amount_of(value) {
                    Ok(amount) => allocations[year.index()][id.index()] = amount,
                    Err(message) => problems.push(
                        Problem::new(path, format!("{id} in {year}: {message}"))
                            .programme(id)
                            .year(Some(year)),
                    ),
                }
            }
        }
        let envelopes = file
            .envelope_by_year
            .as_ref()
            .and_then(|map| envelopes_of(map, &mut problems));
        let carry_over = match &file.carry_over {
            None => None,
            Some(Value::String(text)) => match text.parse::<CarryOver>() {
                Ok(rule) => Some(rule),
                Err(error) => {
                    problems.push(Problem::new("carry_over", error.to_string()));
                    None
                }
            },
            Some(other) => {
                problems.push(Problem::new(
                    "carry_over",
                    format!(
                        "expected one of {} as a string, found {}",
                        CarryOver::allowed(),
                        json_kind(other)
                    ),
                ));
                None
            }
        };
        let mut locks = Locks::none();
        for (index, value) in file.locks.iter().flatten().enumerate() {
            let path = format!("locks[{index}]");
            match value.as_str().map(|key| (key, ProgrammeId::parse(key))) {
                Some((_, Some(id))) => locks.set(id, true),
                Some((key, None)) => problems.push(Problem::new(path, unknown_programme(key))),
                None => problems.push(Problem::new(
                    path,
                    format!(
                        "expected a programme id as a string, found {}",
                        json_kind(value)
                    ),
                )),
            }
        }
        let mut overrides = Overrides::none();
        for (key_text, value) in file.assumptions.iter().flatten() {
            let path = format!("assumptions.{key_text}");
            let Some(key) = ParamKey::parse(key_text) else {
                problems.push(Problem::new(
                    path,
                    OverrideError::UnknownKey(key_text.clone()).to_string()
                        + "; see the documented keys in the plan's assumptions",
                ));
                continue;
            };
            let number = match value {
                Value::Number(number) => number.as_f64(),
                Value::String(text) => text.trim().parse::<f64>().ok(),
                _ => None,
            };
            let result = match number {
                Some(number) => overrides
                    .set(key, number)
                    .map_err(|error| error.to_string()),
                None => Err(format!("`{key}` is not a number")),
            };
            if let Err(message) = result {
                problems.push(Problem::new(path, message).programme(key.programme()));
            }
        }
        let draft = ScenarioDraft {
            name,
            description: file.description.unwrap_or_default(),
            envelope,
            respect_earmarks: file.respect_earmarks.unwrap_or(true),
            allocations,
            overrides,
            envelopes,
            carry_over,
            locks,
        };
        if problems.is_empty() {
            return Scenario::new(draft);
        }
        // Report the draft's own problems too, except for fields that failed to parse.
        let failed: Vec<String> = problems
            .iter()
            .map(|problem| problem.path.clone())
            .collect();
        problems.extend(
            check_draft(&draft)
                .into_iter()
                .filter(|problem| !failed.iter().any(|path| related(path, problem))),
        );
        Err(ScenarioError { problems })
    }
}

/// `envelope_by_year`: every plan year, each an amount; `None` after any problem.
fn envelopes_of(
    map: &BTreeMap<String, Value>,
    problems: &mut Vec<Problem>,
) -> Option<[Money; YEAR_COUNT]> {
    let before = problems.len();
    let mut envelopes = [None; YEAR_COUNT];
    for (year_text, value) in map {
        let path = format!("envelope_by_year.{year_text}");
        let Some(year) = Year::parse(year_text) else {
            problems.push(Problem::new(path, not_a_plan_year(year_text)));
            continue;
        };
        match amount_of(value) {
            Ok(amount) => envelopes[year.index()] = Some(amount),
            Err(message) => problems.push(
                Problem::new(path, format!("the envelope of {year}: {message}")).year(Some(year)),
            ),
        }
    }
    for year in Year::ALL {
        if !map.contains_key(&year.to_string()) {
            problems.push(
                Problem::new(
                    format!("envelope_by_year.{year}"),
                    format!("{year} is missing: envelope_by_year must give every plan year"),
                )
                .year(Some(year)),
            );
        }
    }
    if problems.len() > before {
        return None;
    }
    Some(envelopes.map(Option::unwrap_or_default))
}

fn not_a_plan_year(text: &str) -> String {
    format!(
        "`{text}` is not a plan year: use {}",
        crate::names::one_of(Year::ALL.map(|year| year.to_string()))
    )
}

fn related(failed_path: &str, problem: &Problem) -> bool {
    match problem.programme {
        Some(id) => failed_path.ends_with(&format!(".{id}")),
        None => failed_path == problem.path,
    }
}

pub(crate) fn unknown_programme(key: &str) -> String {
    format!(
        "unknown programme id `{key}`: use {}",
        ProgrammeId::allowed()
    )
}

impl From<&Scenario> for ScenarioFile {
    /// The canonical file form: per programme, `allocations` holds the amount of most
    /// years (the earliest on a tie) and `by_year` only the years that differ.
    fn from(scenario: &Scenario) -> ScenarioFile {
        let mut allocations = BTreeMap::new();
        let mut by_year: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
        for id in ProgrammeId::ALL.iter().copied() {
            let amounts: Vec<Money> = Year::ALL
                .iter()
                .map(|year| scenario.allocation(*year, id))
                .collect();
            let common = amounts
                .iter()
                .copied()
                .max_by_key(|amount| {
                    let count = amounts.iter().filter(|other| *other == amount).count();
                    let first = amounts
                        .iter()
                        .position(|other| other == amount)
                        .unwrap_or(0);
                    (count, std::cmp::Reverse(first))
                })
                .unwrap_or(Money::ZERO);
            allocations.insert(id.to_string(), Value::String(common.to_string()));
            for (year, amount) in Year::ALL.iter().zip(&amounts) {
                if *amount != common {
                    by_year
                        .entry(year.to_string())
                        .or_default()
                        .insert(id.to_string(), Value::String(amount.to_string()));
                }
            }
        }
        let assumptions: BTreeMap<String, Value> = scenario
            .overrides()
            .iter()
            .map(|(key, value)| (key.to_string(), serde_json::json!(value)))
            .collect();
        ScenarioFile {
            name: Some(scenario.name().to_owned()),
            description: (!scenario.description().is_empty())
                .then(|| scenario.description().to_owned()),
            envelope: scenario
                .envelope_override()
                .map(|envelope| Value::String(envelope.to_string())),
            respect_earmarks: (!scenario.respect_earmarks()).then_some(false),
            allocations: Some(allocations),
            by_year: (!by_year.is_empty()).then_some(by_year),
            assumptions: (!assumptions.is_empty()).then_some(assumptions),
            envelope_by_year: scenario.envelope_by_year().map(|envelopes| {
                Year::ALL
                    .iter()
                    .zip(envelopes)
                    .map(|(year, amount)| (year.to_string(), Value::String(amount.to_string())))
                    .collect()
            }),
            carry_over: scenario
                .carry_over()
                .map(|rule| Value::String(rule.as_str().to_owned())),
            locks: {
                let locks = scenario.locks();
                let ids: Vec<Value> = locks.locked().map(|id| id.to_string().into()).collect();
                (!ids.is_empty()).then_some(ids)
            },
        }
    }
}

impl Serialize for Scenario {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ScenarioFile::from(self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Scenario {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let file = ScenarioFile::deserialize(deserializer)?;
        Scenario::try_from(file).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_says;

    fn baseline_json() -> serde_json::Value {
        serde_json::to_value(Scenario::baseline()).unwrap_or_default()
    }

    #[test]
    fn the_baseline_is_named_in_one_language_at_a_time() {
        let baseline = Scenario::baseline();
        assert_eq!(baseline.name_in(Lang::Zh), "规划基线");
        assert_eq!(baseline.name_in(Lang::En), "Plan baseline");
        assert!(!baseline.description_in(Lang::Zh).contains("baseline"));
        assert!(
            baseline
                .description_in(Lang::En)
                .contains("CNY 300 million")
        );
        // Money moved: the default no longer describes it, so there is none.
        let mut allocations = baseline_allocations();
        allocations[0].swap(0, 1);
        let moved = baseline.with_allocations(allocations).unwrap();
        assert_ne!(moved.allocations(), baseline.allocations());
        assert_eq!(moved.description_in(Lang::Zh), "");
        assert_eq!(moved.name_in(Lang::Zh), "规划基线（已调整）");
        assert_eq!(moved.name_in(Lang::En), "Plan baseline (adjusted)");
        assert_eq!(moved.description_in(Lang::En), "");
        // Files written when the name carried both languages read in one.
        assert_eq!(name_in("规划基线 Plan baseline", Lang::En), "Plan baseline");
        assert_eq!(name_in("规划基线 Plan baseline", Lang::Zh), "规划基线");
        assert_eq!(name_in("我的方案", Lang::En), "我的方案");
    }

    #[test]
    fn a_json_number_is_an_amount_only_when_it_is_an_exact_integer() {
        assert_eq!(
            amount_of(&serde_json::json!(300_000_000)),
            Ok(Money::yuan(300_000_000))
        );
        assert_eq!(
            amount_of(&serde_json::json!("0.5")).map(|m| m.to_string()),
            Ok("0.5".into())
        );
        // From the text, as a request body carries it: f64 reads it as 10000000.
        let imprecise: Value = serde_json::from_str("10000000.0000000001").unwrap_or_default();
        for inexact in [imprecise, serde_json::json!(5e6), serde_json::json!(1.5)] {
            let refused = amount_of(&inexact).unwrap_err();
            assert!(refused.contains("decimal string"), "{refused}");
        }
    }

    #[test]
    fn the_baseline_round_trips_through_the_file_format() {
        let text = Scenario::baseline().to_json_pretty();
        let back = Scenario::from_json(&text);
        assert_eq!(back, Ok(Scenario::baseline()));
        assert!(Scenario::baseline().is_balanced());
    }

    #[test]
    fn locks_are_saved_with_the_scenario_and_a_wrong_one_is_named() {
        let locks = Locks::of(&[ProgrammeId::Brands, ProgrammeId::Patents]);
        let locked = Scenario::baseline().with_locks(locks);
        let text = locked.to_json_pretty();
        let file: Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(file["locks"], serde_json::json!(["patents", "brands"]));
        let back = Scenario::from_json(&text).unwrap_or_else(|_| Scenario::baseline());
        assert_eq!(back.locks(), locks);
        assert_eq!(back, locked);
        assert_ne!(
            locked,
            Scenario::baseline(),
            "locks are part of what is saved"
        );
        assert!(!Scenario::baseline().to_json_pretty().contains("locks"));
        let mut file = baseline_json();
        file["locks"] = serde_json::json!(["brands", "bogus", 7]);
        let error = Scenario::from_json(&file.to_string())
            .err()
            .unwrap_or(ScenarioError { problems: vec![] });
        let paths: Vec<&str> = error.problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["locks[1]", "locks[2]"]);
        assert_says(
            &error.to_string(),
            &["unknown programme id `bogus`", "found a number"],
        );
    }

    #[test]
    fn every_problem_names_programme_and_year() {
        let mut file = baseline_json();
        file["allocations"]["bogus"] = "1".into();
        file["allocations"]
            .as_object_mut()
            .map(|map| map.remove("patents"));
        file["allocations"]["ecommerce"] = "-5".into();
        file["allocations"]["brands"] = "lots".into();
        file["by_year"] = serde_json::json!({"2019": {"lean_management": "10000000"}, "2021": {}});
        let error = Scenario::from_json(&file.to_string())
            .err()
            .unwrap_or(ScenarioError { problems: vec![] });
        let paths: Vec<&str> = error.problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "allocations.bogus",
                "allocations.brands",
                "allocations.patents",
                "by_year.2021",
                "allocations.ecommerce",
                "by_year.2019.lean_management",
            ]
        );
        let text = error.to_string();
        assert_says(
            &text,
            &[
                "unknown programme id `bogus`",
                "patents is missing",
                "negative amount -5 CNY",
                "not a number",
                "lean_management in 2019",
                "below the earmark floor of 20000000",
            ],
        );
    }

    #[test]
    fn unknown_keys_and_malformed_json_are_errors() {
        let mut file = baseline_json();
        file["colour"] = "red".into();
        let error = Scenario::from_json(&file.to_string())
            .err()
            .map(|e| e.to_string());
        assert!(error.is_some_and(|text| text.contains("unknown field `colour`")));
        let error = Scenario::from_json("{\"name\": ")
            .err()
            .map(|e| e.to_string());
        assert!(error.is_some_and(|text| text.contains("malformed JSON at line 1")));
    }

    #[test]
    fn json_integers_and_strings_both_work_and_by_year_overrides_one_year() {
        let mut file = baseline_json();
        file["allocations"]["patents"] = serde_json::json!(10_000_000);
        file["by_year"] = serde_json::json!({
            "2018": {"patents": 12_000_000, "brands": "3000000"},
            "2019": {"patents": "11000000"},
        });
        let scenario = Scenario::from_json(&file.to_string());
        assert!(scenario.is_ok(), "{scenario:?}");
        let scenario = scenario.unwrap_or_else(|_| Scenario::baseline());
        let y2018 = Year::ALL[1];
        assert_eq!(
            scenario.allocation(y2018, ProgrammeId::Patents),
            Money::yuan(12_000_000)
        );
        assert_eq!(
            scenario.allocation(Year::ALL[0], ProgrammeId::Patents),
            Money::yuan(10_000_000)
        );
        assert!(!scenario.is_balanced());
        assert_eq!(scenario.unallocated(y2018), Money::yuan(0));
        assert_eq!(scenario.unallocated(Year::ALL[2]), Money::yuan(-1_000_000));
        assert_eq!(
            Scenario::from_json(&scenario.to_json_pretty()).as_ref(),
            Ok(&scenario)
        );
    }

    #[test]
    fn assumption_overrides_are_checked() {
        let mut file = baseline_json();
        file["assumptions"] = serde_json::json!({
            "patents.enterprises.cost_multiplier": 1.2,
            "patents.enterprises.colour": 1,
            "brands.brands.alpha": 2.0,
        });
        let error = Scenario::from_json(&file.to_string())
            .err()
            .map(|e| e.to_string());
        let text = error.unwrap_or_default();
        assert_says(
            &text,
            &[
                "unknown assumption key `patents.enterprises.colour`",
                "`brands.brands.alpha` = 2 is outside",
            ],
        );
        assert!(!text.contains("cost_multiplier"), "{text}");
    }
}
