//! The model's subcommands of the `planner` binary: project, edit, optimize,
//! uncertainty, sensitivity, compare, explain, plan, baseline, chart, brief and
//! workbook. They read scenario files, call the model crate and print tables for
//! people, JSON for scripts or documents; no arithmetic of their own. This module holds the command line's types and
//! the dispatch; each command is a module of its own, and [`table`] is the one table
//! layout they share.

/// Writes a line to `text` in the reader's language: `zh` or `en`, each a format string
/// given the same `args`.
macro_rules! writeln_in {
    ($text:expr, $lang:expr, $zh:literal, $en:literal $(, $arg:expr)* $(,)?) => {{
        let _ = match $lang {
            shared::plan::Lang::Zh => writeln!($text, $zh $(, $arg)*),
            shared::plan::Lang::En => writeln!($text, $en $(, $arg)*),
        };
    }};
}

mod actuals;
mod args;
mod assess;
mod brief;
mod chart;
mod compare;
mod edit;
mod explain;
mod optimize;
mod plan;
mod project;
mod replan;
mod sensitivity;
mod table;
mod uncertainty;
mod workbook;

use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use shared::ids::{ProgrammeId, Year};
use shared::plan::Lang;
use shared::{Draws, KpiKey, Money, Objective, Scenario, Step};

use args::{
    parse_actual_status, parse_amount, parse_bound, parse_carry_over, parse_chart, parse_draws,
    parse_format, parse_indicator, parse_keep, parse_kpi, parse_lang, parse_objective,
    parse_programme, parse_step, parse_year,
};

/// Options every model command shares.
#[derive(Debug, Args)]
pub struct Output {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Language of the table: zh (default) or en.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    pub lang: Lang,
}

impl Output {
    /// `value` as JSON with `--json`, else what `text` writes of it in the chosen
    /// language.
    fn print<T: serde::Serialize>(
        &self,
        value: &T,
        text: impl FnOnce(&T, Lang) -> String,
    ) -> Result<String> {
        if self.json {
            print_json(value)
        } else {
            Ok(text(value, self.lang))
        }
    }
}

/// The model's subcommands.
#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Project a scenario (the plan baseline without a file): every indicator against
    /// its target, the envelope, and the headline KPIs.
    Project {
        /// Scenario file (JSON, the scenario file format); `-` reads standard input.
        scenario: Option<PathBuf>,
        #[command(flatten)]
        output: Output,
    },
    /// Propose the best annual split under the scenario's envelope, assumptions and
    /// floors (the plan's without a file).
    Optimize(OptimizeArgs),
    /// Edit a scenario file as the page does: move money between two programmes, set
    /// one line, or fit the lines to the envelope.
    Edit {
        #[command(subcommand)]
        edit: EditCommand,
    },
    /// Monte Carlo: P10/P50/P90 of every indicator and KPI and the probability of
    /// meeting each target.
    Uncertainty(UncertaintyArgs),
    /// Sensitivity: a KPI with each assumption at its low and high value (a tornado).
    Sensitivity(SensitivityArgs),
    /// Compare two scenarios: allocation deltas and every indicator and KPI (b − a).
    Compare {
        /// Scenario a.
        a: PathBuf,
        /// Scenario b.
        b: PathBuf,
        #[command(flatten)]
        output: Output,
    },
    /// Explain how a programme's numbers were computed: curve, parameters with
    /// provenance, calibrated k and the arithmetic of every year.
    Explain {
        /// The programme id, e.g. specialised_products.
        #[arg(value_parser = parse_programme)]
        programme: ProgrammeId,
        /// Scenario file; `-` reads standard input.
        scenario: Option<PathBuf>,
        #[command(flatten)]
        output: Output,
    },
    /// Print the plan: programmes, targets, envelope, earmarks and every assumption
    /// with its provenance.
    Plan {
        #[command(flatten)]
        output: Output,
    },
    /// Print the plan baseline as a scenario file, a starting point for your own.
    Baseline,
    /// Write the briefing document: an A4 landscape PDF with the headline targets, the
    /// charts, the programme table and the assumptions appendix.
    Brief(BriefArgs),
    /// Write the Excel workbook of a scenario: allocations in 万元 with live totals and
    /// the envelope check, projections, assumptions with provenance and, with
    /// `--compare`, a comparison sheet.
    Workbook(WorkbookArgs),
    /// Draw a chart as SVG or PNG: attainment, allocation, trajectory, uncertainty or
    /// tornado, the same charts as in the browser.
    Chart(ChartArgs),
    /// A year's actuals (年终考核 data) in the database: import a CSV or XLSX file.
    Actuals {
        #[command(subcommand)]
        command: ActualsCommand,
    },
    /// Assess a year (年终考核) from the year plans and actuals in the database: per
    /// programme and indicator, and per responsible department.
    Assess(AssessArgs),
    /// Re-plan the open years of a stored scenario from the actuals in the database
    /// (nothing is saved).
    Replan(ReplanArgs),
}

/// `planner actuals …`.
#[derive(Debug, Subcommand)]
pub enum ActualsCommand {
    /// Import a year's actuals from a CSV or XLSX file laid out as the download
    /// (`GET /api/v1/actuals/{year}.csv`); every bad row is named by its line and
    /// nothing is stored.
    Import(ImportArgs),
}

// The flags of `planner actuals import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file: .csv (UTF-8) or .xlsx.
    file: PathBuf,
    /// The plan year, 2017 to 2020.
    #[arg(long, value_parser = parse_year)]
    year: Year,
    /// provisional or final.
    #[arg(long, default_value = "provisional", value_parser = parse_actual_status)]
    status: shared::execution::ActualStatus,
    /// Where the figures come from.
    #[arg(long)]
    source: Option<String>,
    /// A note.
    #[arg(long)]
    note: Option<String>,
    #[command(flatten)]
    database: server::ops::DatabaseArgs,
}

// The flags of `planner assess`.
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The plan year, 2017 to 2020.
    #[arg(long, value_parser = parse_year)]
    year: Year,
    /// Assess against this stored scenario (default: the year plan's, else the
    /// approved one, else the baseline).
    #[arg(long, value_parser = parse_scenario_id)]
    scenario: Option<api::ScenarioId>,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    database: server::ops::DatabaseArgs,
}

// The flags of `planner replan`.
#[derive(Debug, Args)]
pub struct ReplanArgs {
    /// The stored scenario's id.
    #[arg(value_parser = parse_scenario_id)]
    scenario: api::ScenarioId,
    /// The last closed year.
    #[arg(long, value_parser = parse_year)]
    through: Year,
    /// enterprises, attainment or min-cost.
    #[arg(long, default_value = "enterprises", value_parser = parse_objective)]
    objective: Objective,
    /// What the closed years' unspent money does: next_year, spread or lapse.
    #[arg(long, default_value = "lapse", value_parser = parse_carry_over)]
    carry_over: shared::replan::CarryOver,
    /// Greedy step in CNY.
    #[arg(long, default_value = "100000", value_parser = parse_step)]
    step: Step,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    database: server::ops::DatabaseArgs,
}

fn parse_scenario_id(text: &str) -> Result<api::ScenarioId, String> {
    text.parse()
        .map_err(|error: api::NotAnId| format!("{error}: give a stored scenario's id"))
}

/// Runs `work` on the database `database` names (opened and migrated), on a runtime of
/// its own: the commands that read the store are otherwise as synchronous as the rest.
fn with_store<T>(
    database: &server::ops::DatabaseArgs,
    work: impl AsyncFnOnce(&server::storage::Store) -> Result<T>,
) -> Result<T> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    runtime.block_on(async {
        let url = database.url();
        let store = server::storage::Store::open(&url).await.with_context(|| {
            format!("cannot open the database {}", server::startup::redact(&url))
        })?;
        let result = work(&store).await;
        store.close().await.ok();
        result
    })
}

/// An API error as the command line says it: every problem on a line of its own.
fn problems(error: server::error::ApiError) -> anyhow::Error {
    match error {
        server::error::ApiError::Invalid { detail, problems } => {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            anyhow::anyhow!(
                "{detail}
{}",
                lines.join("\n")
            )
        }
        other => anyhow::anyhow!("{other}"),
    }
}

// The flags of `planner optimize` (a plain comment: clap takes the command's help
// from the variant).
#[derive(Debug, Args)]
pub struct OptimizeArgs {
    /// enterprises, attainment or min-cost.
    #[arg(long, value_parser = parse_objective)]
    objective: Objective,
    /// Scenario file; `-` reads standard input.
    scenario: Option<PathBuf>,
    /// Greedy step in CNY.
    #[arg(long, default_value = "100000", value_parser = parse_step)]
    step: Step,
    /// Programmes held at their current amount (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_parser = parse_programme)]
    lock: Vec<ProgrammeId>,
    /// The least CNY a year a programme may get, as ID=CNY (repeatable).
    #[arg(long, value_name = "ID=CNY", value_parser = parse_bound)]
    min: Vec<(ProgrammeId, Money)>,
    /// The most CNY a year a programme may get, as ID=CNY (repeatable).
    #[arg(long, value_name = "ID=CNY", value_parser = parse_bound)]
    max: Vec<(ProgrammeId, Money)>,
    /// Keep this target at 100% or more: programme.indicator, or `all` for every
    /// target the objective does not count itself (repeatable, comma-separated).
    #[arg(long, value_name = "KEY", value_delimiter = ',', value_parser = parse_keep)]
    keep: Vec<String>,
    #[command(flatten)]
    output: Output,
}

// The flags of `planner uncertainty`.
#[derive(Debug, Args)]
pub struct UncertaintyArgs {
    /// Scenario file; `-` reads standard input.
    scenario: Option<PathBuf>,
    /// Number of draws (1 to 200,000).
    #[arg(long, default_value = "10000", value_parser = parse_draws)]
    draws: Draws,
    /// Seed of the generator: the same seed gives the same result.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[command(flatten)]
    output: Output,
}

// The flags of `planner sensitivity`.
#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// Scenario file; `-` reads standard input.
    scenario: Option<PathBuf>,
    /// enterprises_transformed, profit_tax_growth or employment_growth.
    #[arg(long, default_value = "enterprises_transformed", value_parser = parse_kpi)]
    kpi: KpiKey,
    /// Show only the largest swings.
    #[arg(long, default_value_t = 15)]
    top: usize,
    #[command(flatten)]
    output: Output,
}

// The flags of `planner brief`.
#[derive(Debug, Args)]
pub struct BriefArgs {
    /// Scenario file; `-` reads standard input; the plan baseline when omitted.
    scenario: Option<PathBuf>,
    /// Compare with this scenario (adds what changed and what it buys).
    #[arg(long)]
    compare: Option<PathBuf>,
    /// Author on the title page.
    #[arg(long, default_value = "planner")]
    author: String,
    /// A closed year's actuals, `YEAR=FILE` (the JSON body of `PUT /api/v1/actuals/{year}`);
    /// repeat for each year. Adds the execution pages, through the last year given.
    #[arg(long = "actuals", value_name = "YEAR=FILE")]
    actuals: Vec<String>,
    /// Language: zh (default) or en.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    lang: Lang,
    /// The PDF file to write.
    #[arg(long, short)]
    output: PathBuf,
}

// The flags of `planner workbook`.
#[derive(Debug, Args)]
pub struct WorkbookArgs {
    /// Scenario file (JSON, the scenario file format); `-` reads standard input.
    scenario: PathBuf,
    /// Add a comparison sheet: `baseline` (the plan baseline) or another scenario file.
    #[arg(long, value_name = "baseline|FILE")]
    compare: Option<String>,
    /// Language of every sheet name, header and label: zh (default) or en.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    lang: Lang,
    /// The .xlsx file to write.
    #[arg(long, short)]
    output: PathBuf,
}

// The flags of `planner chart`.
#[derive(Debug, Args)]
pub struct ChartArgs {
    /// attainment, allocation, trajectory, uncertainty or tornado.
    #[arg(value_parser = parse_chart)]
    chart: server::render::Chart,
    /// Scenario file; `-` reads standard input.
    scenario: Option<PathBuf>,
    /// Compare with this scenario instead of the plan baseline.
    #[arg(long)]
    compare: Option<PathBuf>,
    /// svg or png.
    #[arg(long, default_value = "svg", value_parser = parse_format)]
    format: server::render::Format,
    /// Width in pixels.
    #[arg(long, default_value_t = server::render::DEFAULT_SIZE.0)]
    width: u32,
    /// Height in pixels.
    #[arg(long, default_value_t = server::render::DEFAULT_SIZE.1)]
    height: u32,
    /// Trajectory chart: the indicator, as programme.indicator.
    #[arg(long, value_parser = parse_indicator)]
    indicator: Option<usize>,
    /// Language of the labels: zh (default) or en.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    lang: Lang,
    /// Output file; standard output when omitted (SVG only).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// The edits of `planner edit`.
#[derive(Debug, Subcommand)]
pub enum EditCommand {
    /// Move exactly an amount from one programme to another, in every year or one;
    /// nothing else moves. Refused when the first would go below its floor.
    Transfer(TransferArgs),
    /// Set one line; the other unlocked lines absorb the difference in proportion, in
    /// round units, floors held.
    #[command(mut_arg("unit", |unit| unit.help("The other lines move in multiples of this many CNY")))]
    Set(SetArgs),
    /// Scale the unlocked lines in proportion so that every year spends exactly its
    /// envelope, in round units, floors held.
    Fit(FitArgs),
}

// The flags of `planner edit transfer`.
#[derive(Debug, Args)]
pub struct TransferArgs {
    /// Scenario file; `-` reads standard input; the plan baseline when omitted.
    scenario: Option<PathBuf>,
    /// The programme the money leaves.
    #[arg(long, value_parser = parse_programme)]
    from: ProgrammeId,
    /// The programme the money goes to.
    #[arg(long, value_parser = parse_programme)]
    to: ProgrammeId,
    /// CNY moved in each year concerned.
    #[arg(long, value_parser = parse_amount)]
    amount: Money,
    /// Only this year (2017 to 2020); every year when omitted.
    #[arg(long, value_parser = parse_year)]
    year: Option<Year>,
    #[command(flatten)]
    output: EditOutput,
}

// The flags of `planner edit set`.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// Scenario file; `-` reads standard input; the plan baseline when omitted.
    scenario: Option<PathBuf>,
    /// The programme to set.
    #[arg(long, value_parser = parse_programme)]
    programme: ProgrammeId,
    /// Its new amount in CNY, in each year concerned.
    #[arg(long, value_parser = parse_amount)]
    amount: Money,
    /// Only this year (2017 to 2020); every year when omitted.
    #[arg(long, value_parser = parse_year)]
    year: Option<Year>,
    #[command(flatten)]
    moving: Moving,
    #[command(flatten)]
    output: EditOutput,
}

// The flags of `planner edit fit`.
#[derive(Debug, Args)]
pub struct FitArgs {
    /// Scenario file; `-` reads standard input; the plan baseline when omitted.
    scenario: Option<PathBuf>,
    #[command(flatten)]
    moving: Moving,
    #[command(flatten)]
    output: EditOutput,
}

/// How `set` and `fit` move the other lines: which stay put, and in what units.
#[derive(Debug, Args)]
pub struct Moving {
    /// Programmes that must not move (repeatable, comma-separated).
    #[arg(long, value_delimiter = ',', value_parser = parse_programme)]
    lock: Vec<ProgrammeId>,
    /// The lines move in multiples of this many CNY.
    #[arg(long, default_value = "100000", value_parser = parse_amount)]
    unit: Money,
}

/// What `planner edit` prints and writes.
#[derive(Debug, Args)]
pub struct EditOutput {
    #[command(flatten)]
    pub print: Output,
    /// Write the edited scenario file here.
    #[arg(long = "output", short = 'o', value_name = "FILE")]
    pub file: Option<PathBuf>,
}

/// Reads and parses a scenario file; the baseline when no path is given.
pub fn load_scenario(path: Option<&Path>) -> Result<Scenario> {
    let Some(path) = path else {
        return Ok(Scenario::baseline());
    };
    let text = if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read the scenario from standard input")?;
        text
    } else {
        std::fs::read_to_string(path)
            .with_context(|| format!("cannot read scenario file {}", path.display()))?
    };
    Scenario::from_json(&text).with_context(|| format!("in scenario file {}", path.display()))
}

fn print_json(value: &impl serde::Serialize) -> Result<String> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}

/// The scenario and the one it is compared with, if any.
fn load_pair(
    scenario: Option<&Path>,
    compare: Option<&Path>,
) -> Result<(Scenario, Option<Scenario>)> {
    let scenario = load_scenario(scenario)?;
    let compare = compare.map(|path| load_scenario(Some(path))).transpose()?;
    Ok((scenario, compare))
}

/// Writes a file the command made and says so.
fn write_file(path: &Path, bytes: &[u8]) -> Result<String> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(format!(
        "wrote {} ({} bytes)\n",
        path.display(),
        bytes.len()
    ))
}

/// Runs one model command and returns what it prints on standard output.
pub fn run(command: ModelCommand) -> Result<String> {
    match command {
        ModelCommand::Project { scenario, output } => project::run(scenario.as_deref(), &output),
        ModelCommand::Optimize(args) => optimize::run(args),
        ModelCommand::Edit { edit } => edit::run(edit),
        ModelCommand::Uncertainty(args) => uncertainty::run(&args),
        ModelCommand::Sensitivity(args) => sensitivity::run(&args),
        ModelCommand::Compare { a, b, output } => compare::run(&a, &b, &output),
        ModelCommand::Explain {
            programme,
            scenario,
            output,
        } => explain::run(programme, scenario.as_deref(), &output),
        ModelCommand::Plan { output } => plan::run(&output),
        ModelCommand::Baseline => Ok(plan::baseline()),
        ModelCommand::Actuals {
            command: ActualsCommand::Import(args),
        } => actuals::import(&args),
        ModelCommand::Assess(args) => assess::run(&args),
        ModelCommand::Replan(args) => replan::run(&args),
        ModelCommand::Brief(args) => brief::run(args),
        ModelCommand::Chart(args) => chart::run(args),
        ModelCommand::Workbook(args) => workbook::run(&args),
    }
}
