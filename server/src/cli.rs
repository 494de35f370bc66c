//! The model's subcommands of the `planner` binary: project, optimize, edit,
//! uncertainty, sensitivity, compare, explain and plan. They read scenario files, call the model
//! crate and print tables for people or JSON for scripts; no arithmetic of their own.

use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use api::EditedScenario;
use clap::{Args, Subcommand};
use serde::Serialize;
use serde_json::json;
use shared::format;
use shared::ids::{ProgrammeId, Year};
use shared::optimise::{keepable_keys, keepable_slot};
use shared::plan::{self, INDICATORS, Lang, PATHS};
use shared::verdict::{self, Verdict};
use shared::{
    Edited, KpiKey, Locks, Money, Objective, OptimiseOptions, Optimised, Projection, Scenario,
    Years,
};
use unicode_width::UnicodeWidthStr;

/// Most Monte Carlo draws the command line accepts (the model's own cap).
const MAX_DRAWS: u64 = shared::uncertainty::MAX_DRAWS as u64;

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

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| format!("unknown language `{text}`; use zh or en"))
}

fn parse_objective(text: &str) -> Result<Objective, String> {
    Objective::parse(text).ok_or_else(|| {
        format!("unknown objective `{text}`; use enterprises, attainment or min-cost")
    })
}

fn parse_programme(text: &str) -> Result<ProgrammeId, String> {
    ProgrammeId::parse(text).ok_or_else(|| {
        let ids: Vec<&str> = ProgrammeId::ALL.iter().map(|id| id.as_str()).collect();
        format!(
            "unknown programme `{text}`; the programmes are {}",
            ids.join(", ")
        )
    })
}

fn parse_kpi(text: &str) -> Result<KpiKey, String> {
    KpiKey::parse(text).ok_or_else(|| {
        format!(
            "unknown KPI `{text}`; use enterprises_transformed, profit_tax_growth or employment_growth"
        )
    })
}

fn parse_step(text: &str) -> Result<Money, String> {
    let step = Money::parse(text).map_err(|e| e.to_string())?;
    if step < Money::yuan(1) || !step.is_whole_yuan() {
        return Err(format!(
            "step `{text}` must be a whole number of CNY of at least 1"
        ));
    }
    Ok(step)
}

fn parse_amount(text: &str) -> Result<Money, String> {
    let amount = Money::parse(text).map_err(|e| format!("{e}; give an amount of CNY"))?;
    if amount > Money::MAX_AMOUNT || -amount > Money::MAX_AMOUNT {
        return Err(format!(
            "{text} CNY is beyond the largest amount, {} CNY",
            Money::MAX_AMOUNT
        ));
    }
    Ok(amount)
}

fn parse_year(text: &str) -> Result<Year, String> {
    Year::parse(text).ok_or_else(|| {
        format!(
            "unknown year `{text}`; the plan years are {} to {}",
            Year::ALL[0],
            Year::ALL[Year::ALL.len() - 1]
        )
    })
}

/// `ID=CNY`, a bound of `optimize --min` or `--max`.
fn parse_bound(text: &str) -> Result<(ProgrammeId, Money), String> {
    let (id, amount) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not ID=CNY, e.g. patents=15000000"))?;
    let id = parse_programme(id.trim())?;
    let amount = parse_amount(amount)?;
    if amount.is_negative() || !amount.is_whole_yuan() {
        return Err(format!(
            "{id}: {amount} CNY is not a whole, non-negative number of yuan"
        ));
    }
    Ok((id, amount))
}

/// An indicator key whose target `optimize --keep` can keep, or `all`.
fn parse_keep(text: &str) -> Result<String, String> {
    if text == "all" || keepable_slot(text).is_some() {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "unknown target `{text}`; use all or one of {}",
            keepable_keys().join(", ")
        ))
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
    Optimize {
        /// enterprises, attainment or min-cost.
        #[arg(long, value_parser = parse_objective)]
        objective: Objective,
        /// Scenario file; `-` reads standard input.
        scenario: Option<PathBuf>,
        /// Greedy step in CNY.
        #[arg(long, default_value = "100000", value_parser = parse_step)]
        step: Money,
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
    },
    /// Edit a scenario file as the page does: move money between two programmes, set
    /// one line, or fit the lines to the envelope.
    Edit {
        #[command(subcommand)]
        edit: EditCommand,
    },
    /// Monte Carlo: P10/P50/P90 of every indicator and KPI and the probability of
    /// meeting each target.
    Uncertainty {
        /// Scenario file; `-` reads standard input.
        scenario: Option<PathBuf>,
        /// Number of draws (1 to 200,000).
        #[arg(long, default_value_t = 10_000)]
        draws: u64,
        /// Seed of the generator: the same seed gives the same result.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[command(flatten)]
        output: Output,
    },
    /// Sensitivity: a KPI with each assumption at its low and high value (a tornado).
    Sensitivity {
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
    },
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
    Brief {
        /// Scenario file; `-` reads standard input; the plan baseline when omitted.
        scenario: Option<PathBuf>,
        /// Compare with this scenario (adds what changed and what it buys).
        #[arg(long)]
        compare: Option<PathBuf>,
        /// Author on the title page.
        #[arg(long, default_value = "planner")]
        author: String,
        /// Language: zh (default) or en.
        #[arg(long, default_value = "zh", value_parser = parse_lang)]
        lang: Lang,
        /// The PDF file to write.
        #[arg(long, short)]
        output: PathBuf,
    },
    /// Draw a chart as SVG or PNG: attainment, allocation, trajectory, uncertainty or
    /// tornado, the same charts as in the browser.
    Chart {
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
        #[arg(long, default_value_t = 1200)]
        width: u32,
        /// Height in pixels.
        #[arg(long, default_value_t = 700)]
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
    },
}

/// The edits of `planner edit`.
#[derive(Debug, Subcommand)]
pub enum EditCommand {
    /// Move exactly an amount from one programme to another, in every year or one;
    /// nothing else moves. Refused when the first would go below its floor.
    Transfer {
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
    },
    /// Set one line; the other unlocked lines absorb the difference in proportion, in
    /// round units, floors held.
    Set {
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
        /// Programmes that must not move (repeatable, comma-separated).
        #[arg(long, value_delimiter = ',', value_parser = parse_programme)]
        lock: Vec<ProgrammeId>,
        /// The other lines move in multiples of this many CNY.
        #[arg(long, default_value = "100000", value_parser = parse_amount)]
        unit: Money,
        #[command(flatten)]
        output: EditOutput,
    },
    /// Scale the unlocked lines in proportion so that every year spends exactly its
    /// envelope, in round units, floors held.
    Fit {
        /// Scenario file; `-` reads standard input; the plan baseline when omitted.
        scenario: Option<PathBuf>,
        /// Programmes that must not move (repeatable, comma-separated).
        #[arg(long, value_delimiter = ',', value_parser = parse_programme)]
        lock: Vec<ProgrammeId>,
        /// The lines move in multiples of this many CNY.
        #[arg(long, default_value = "100000", value_parser = parse_amount)]
        unit: Money,
        #[command(flatten)]
        output: EditOutput,
    },
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

fn parse_chart(text: &str) -> Result<server::render::Chart, String> {
    server::render::Chart::parse(text).ok_or_else(|| {
        format!(
            "unknown chart `{text}`; use attainment, allocation, trajectory, uncertainty or tornado"
        )
    })
}

fn parse_format(text: &str) -> Result<server::render::Format, String> {
    match text {
        "svg" => Ok(server::render::Format::Svg),
        "png" => Ok(server::render::Format::Png),
        _ => Err(format!("unknown format `{text}`; use svg or png")),
    }
}

fn parse_indicator(text: &str) -> Result<usize, String> {
    INDICATORS
        .iter()
        .position(|def| def.key() == text)
        .ok_or_else(|| {
            let keys: Vec<String> = INDICATORS.iter().map(|def| def.key()).collect();
            format!(
                "unknown indicator `{text}`; the indicators are {}",
                keys.join(", ")
            )
        })
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

/// Runs one model command and returns what it prints on standard output.
pub fn run(command: ModelCommand) -> Result<String> {
    match command {
        ModelCommand::Project { scenario, output } => {
            let scenario = load_scenario(scenario.as_deref())?;
            let projection = shared::project(&scenario);
            if output.json {
                print_json(&projection)
            } else {
                Ok(projection_table(&scenario, &projection, output.lang))
            }
        }
        ModelCommand::Optimize {
            objective,
            scenario,
            step,
            lock,
            min,
            max,
            keep,
            output,
        } => {
            let scenario = load_scenario(scenario.as_deref())?;
            let mut options = OptimiseOptions::new(objective);
            options.step = step;
            options.locks = Locks::of(&lock);
            for (id, amount) in min {
                options.min[id.index()] = Some(amount);
            }
            for (id, amount) in max {
                options.max[id.index()] = Some(amount);
            }
            for key in &keep {
                if key == "all" {
                    options.keep_all();
                } else {
                    options.keep_target(key);
                }
            }
            let optimised = shared::optimise(&scenario, &options)?;
            let projection = shared::project(&optimised.scenario);
            if output.json {
                print_json(&OptimizeJson {
                    optimised: &optimised,
                    projection: &projection,
                })
            } else {
                Ok(optimize_text(&optimised, &projection, output.lang))
            }
        }
        ModelCommand::Edit { edit } => run_edit(edit),
        ModelCommand::Uncertainty {
            scenario,
            draws,
            seed,
            output,
        } => {
            if draws == 0 || draws > MAX_DRAWS {
                bail!("--draws must be between 1 and {MAX_DRAWS}, not {draws}");
            }
            let scenario = load_scenario(scenario.as_deref())?;
            let result = shared::monte_carlo(&scenario, draws, seed)?;
            if output.json {
                return print_json(&result);
            }
            let lang = output.lang;
            let rows: Vec<Vec<String>> = result
                .indicators
                .iter()
                .zip(INDICATORS.iter())
                .map(|(band, def)| {
                    vec![
                        def.name.get(lang).to_owned(),
                        format::quantity(band.band.p10, def.unit, lang),
                        format::quantity(band.band.p50, def.unit, lang),
                        format::quantity(band.band.p90, def.unit, lang),
                        format::percent_or_none(band.probability_meeting_target),
                    ]
                })
                .chain(result.kpis.iter().zip(plan::KPIS.iter()).map(|(kpi, def)| {
                    vec![
                        def.name.get(lang).to_owned(),
                        format::quantity(kpi.band.p10, def.unit, lang),
                        format::quantity(kpi.band.p50, def.unit, lang),
                        format::quantity(kpi.band.p90, def.unit, lang),
                        format::percent(kpi.probability_meeting_target),
                    ]
                }))
                .collect();
            let header = match lang {
                Lang::Zh => ["指标", "P10", "P50", "P90", "达标概率"],
                Lang::En => ["indicator", "P10", "P50", "P90", "P(meet target)"],
            };
            Ok(format!(
                "{} draws, seed {}: {}\n\n{}",
                result.draws,
                result.seed,
                result.note,
                table(&header, &rows)
            ))
        }
        ModelCommand::Sensitivity {
            scenario,
            kpi,
            top,
            output,
        } => {
            let scenario = load_scenario(scenario.as_deref())?;
            let result = shared::sensitivity(&scenario, kpi);
            if output.json {
                return print_json(&result);
            }
            let lang = output.lang;
            let mut text = format!("{}: {}\n\n", kpi.as_str(), format::number(result.base, 4));
            let rows: Vec<Vec<String>> = result
                .bars
                .iter()
                .take(top)
                .map(|bar| {
                    vec![
                        bar.key.to_string(),
                        format!(
                            "{} – {}",
                            format::number(bar.low, 3),
                            format::number(bar.high, 3)
                        ),
                        format::number(bar.kpi_at_low, 4),
                        format::number(bar.kpi_at_high, 4),
                        format::number(bar.swing, 4),
                    ]
                })
                .collect();
            let header = match lang {
                Lang::Zh => ["假设", "范围", "取低值时", "取高值时", "摆幅"],
                Lang::En => ["assumption", "range", "at low", "at high", "swing"],
            };
            text.push_str(&table(&header, &rows));
            Ok(text)
        }
        ModelCommand::Compare { a, b, output } => {
            let a = load_scenario(Some(&a))?;
            let b = load_scenario(Some(&b))?;
            let comparison = shared::compare(&a, &b);
            if output.json {
                return print_json(&comparison);
            }
            let lang = output.lang;
            let mut text = format!("a = {}\nb = {}\n\n", comparison.a, comparison.b);
            let rows: Vec<Vec<String>> = comparison
                .allocations
                .iter()
                .map(|row| {
                    vec![
                        plan::programme(row.programme).name.get(lang).to_owned(),
                        format::signed_wan(row.total_delta, lang),
                    ]
                })
                .collect();
            text.push_str(&table(&["programme", "Δ money (4 yr)"], &rows));
            text.push('\n');
            let rows: Vec<Vec<String>> = comparison
                .indicators
                .iter()
                .zip(INDICATORS.iter())
                .map(|(row, def)| {
                    vec![
                        def.name.get(lang).to_owned(),
                        format::quantity(row.a, def.unit, lang),
                        format::quantity(row.b, def.unit, lang),
                        format::number(row.delta, 2),
                    ]
                })
                .chain(
                    comparison
                        .kpis
                        .iter()
                        .zip(plan::KPIS.iter())
                        .map(|(row, def)| {
                            vec![
                                def.name.get(lang).to_owned(),
                                format::quantity(row.a, def.unit, lang),
                                format::quantity(row.b, def.unit, lang),
                                format::number(row.delta, 4),
                            ]
                        }),
                )
                .collect();
            text.push_str(&table(&["indicator", "a", "b", "Δ"], &rows));
            Ok(text)
        }
        ModelCommand::Explain {
            programme,
            scenario,
            output,
        } => {
            let scenario = load_scenario(scenario.as_deref())?;
            let explanation = shared::explain(&scenario, programme);
            if output.json {
                print_json(&explanation)
            } else {
                Ok(explanation.render(output.lang))
            }
        }
        ModelCommand::Plan { output } => {
            let document = plan_document();
            if output.json {
                print_json(&document)
            } else {
                Ok(plan_text(output.lang))
            }
        }
        ModelCommand::Baseline => Ok(Scenario::baseline().to_json_pretty() + "\n"),
        ModelCommand::Brief {
            scenario,
            compare,
            author,
            lang,
            output,
        } => {
            let scenario = load_scenario(scenario.as_deref())?;
            let compare = compare.map(|path| load_scenario(Some(&path))).transpose()?;
            let bytes = server::brief::pdf(&server::brief::Briefing {
                scenario: &scenario,
                compare: compare.as_ref(),
                author,
                date: server::brief::today(),
                lang,
            })?;
            std::fs::write(&output, &bytes)
                .with_context(|| format!("cannot write {}", output.display()))?;
            Ok(format!(
                "wrote {} ({} bytes)\n",
                output.display(),
                bytes.len()
            ))
        }
        ModelCommand::Chart {
            chart,
            scenario,
            compare,
            format,
            width,
            height,
            indicator,
            lang,
            output,
        } => {
            let scenario = load_scenario(scenario.as_deref())?;
            let compare = compare.map(|path| load_scenario(Some(&path))).transpose()?;
            let request = server::render::Request {
                chart,
                scenario: &scenario,
                compare: compare.as_ref(),
                lang,
                width,
                height,
                indicator: indicator.unwrap_or_else(server::render::default_indicator),
            };
            let (bytes, _) = server::render::render(&request, format)?;
            match output {
                Some(path) => {
                    std::fs::write(&path, &bytes)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    Ok(format!(
                        "wrote {} ({} bytes)\n",
                        path.display(),
                        bytes.len()
                    ))
                }
                None if format == server::render::Format::Svg => {
                    Ok(String::from_utf8_lossy(&bytes).into_owned())
                }
                None => bail!("a PNG needs --output FILE"),
            }
        }
    }
}

/// `planner optimize --json`: the API's answer and the proposal's projection.
#[derive(Serialize)]
struct OptimizeJson<'a> {
    #[serde(flatten)]
    optimised: &'a Optimised,
    projection: &'a Projection,
}

/// The proposal for people: what it achieves, the targets it breaks, every line's
/// change, then its projection.
fn optimize_text(optimised: &Optimised, projection: &Projection, lang: Lang) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "{}", optimised.summary.get(lang));
    let _ = writeln!(text, "{}", optimised.note.get(lang));
    if !optimised.unreachable.is_empty() {
        let _ = writeln!(
            text,
            "{}: {}",
            match lang {
                Lang::Zh => "在锁定或限定的金额下无法达成",
                Lang::En => "unreachable with the locked or capped amounts",
            },
            optimised.unreachable.join(", ")
        );
    }
    let _ = writeln!(text);
    if optimised.broken_targets.is_empty() {
        let _ = writeln!(
            text,
            "{}",
            match lang {
                Lang::Zh => "没有原已达成的目标落空。",
                Lang::En => "no target met now is broken",
            }
        );
    } else {
        let _ = writeln!(
            text,
            "{}",
            match lang {
                Lang::Zh => format!(
                    "此方案使 {} 项原已达成的目标落空：",
                    optimised.broken_targets.len()
                ),
                Lang::En => format!(
                    "targets met now that the proposal breaks ({}):",
                    optimised.broken_targets.len()
                ),
            }
        );
        let rows: Vec<Vec<String>> = optimised
            .broken_targets
            .iter()
            .map(|broken| {
                vec![
                    format!("{} ({})", broken.name.get(lang), broken.key),
                    format::quantity(broken.target, broken.unit, lang),
                    format::quantity(broken.before, broken.unit, lang),
                    format::quantity(broken.after, broken.unit, lang),
                    format::quantity(broken.shortfall, broken.unit, lang),
                ]
            })
            .collect();
        let header = match lang {
            Lang::Zh => ["目标", "规划目标", "现方案", "优化方案", "缺口"],
            Lang::En => ["target", "plan target", "current", "proposed", "shortfall"],
        };
        text.push_str(&table(&header, &rows));
    }
    let _ = writeln!(text);
    let rows: Vec<Vec<String>> = optimised
        .changes
        .iter()
        .map(|change| {
            let before = format::wan(change.before_per_year, lang);
            vec![
                plan::programme(change.programme).name.get(lang).to_owned(),
                if change.before_varies {
                    match lang {
                        Lang::Zh => format!("{before}（四年平均）"),
                        Lang::En => format!("{before} (mean of 4 years)"),
                    }
                } else {
                    before
                },
                format::wan(change.after_per_year, lang),
                format::signed_wan(change.change_per_year, lang),
            ]
        })
        .collect();
    let header = match lang {
        Lang::Zh => ["项目", "现方案(每年)", "优化方案(每年)", "变化(每年)"],
        Lang::En => [
            "programme",
            "current (a year)",
            "proposed (a year)",
            "change (a year)",
        ],
    };
    text.push_str(&table(&header, &rows));
    let _ = writeln!(text);
    text.push_str(&projection_table(&optimised.scenario, projection, lang));
    text
}

/// Runs one edit: prints the description and the changed lines (or the API's JSON
/// body) and writes the edited scenario file when asked to.
fn run_edit(command: EditCommand) -> Result<String> {
    let (edited, output) = match command {
        EditCommand::Transfer {
            scenario,
            from,
            to,
            amount,
            year,
            output,
        } => {
            let scenario = load_scenario(scenario.as_deref())?;
            let years = year.map_or(Years::All, Years::One);
            (
                shared::transfer(&scenario, from, to, amount, years)?,
                output,
            )
        }
        EditCommand::Set {
            scenario,
            programme,
            amount,
            year,
            lock,
            unit,
            output,
        } => {
            let scenario = load_scenario(scenario.as_deref())?;
            let years = year.map_or(Years::All, Years::One);
            (
                shared::set(&scenario, programme, amount, years, &Locks::of(&lock), unit)?,
                output,
            )
        }
        EditCommand::Fit {
            scenario,
            lock,
            unit,
            output,
        } => {
            let scenario = load_scenario(scenario.as_deref())?;
            (
                shared::fit_envelope(&scenario, &Locks::of(&lock), unit)?,
                output,
            )
        }
    };
    let lang = output.print.lang;
    let mut text = if output.print.json {
        String::new()
    } else {
        edit_text(&edited, lang)
    };
    if let Some(path) = &output.file {
        std::fs::write(path, edited.scenario.to_json_pretty() + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
        if !output.print.json {
            let _ = writeln!(text, "\nwrote {}", path.display());
        }
    }
    if output.print.json {
        return print_json(&EditedScenario::from(edited));
    }
    Ok(text)
}

/// An edit for people: its description, every changed line in 万元, and the gap if
/// the edited scenario does not spend its envelope exactly.
fn edit_text(edited: &Edited, lang: Lang) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "{}", edited.description.get(lang));
    let _ = writeln!(text);
    if edited.changes.is_empty() {
        let _ = writeln!(
            text,
            "{}",
            match lang {
                Lang::Zh => "没有金额变化。",
                Lang::En => "no amount changed",
            }
        );
    } else {
        let rows: Vec<Vec<String>> = edited
            .changes
            .iter()
            .map(|change| {
                vec![
                    change.year.to_string(),
                    plan::programme(change.programme).name.get(lang).to_owned(),
                    format::wan(change.before, lang),
                    format::wan(change.after, lang),
                    format::signed_wan(change.after - change.before, lang),
                ]
            })
            .collect();
        let header = match lang {
            Lang::Zh => ["年度", "项目", "调整前", "调整后", "变化"],
            Lang::En => ["year", "programme", "before", "after", "change"],
        };
        text.push_str(&table(&header, &rows));
    }
    let gaps = verdict::gaps(&shared::project(&edited.scenario).envelope);
    if !gaps.is_empty() {
        let _ = writeln!(
            text,
            "{}",
            match lang {
                Lang::Zh => format!(
                    "资金不平衡：{}；目标均不计为达成。",
                    verdict::gap_text(&gaps, lang)
                ),
                Lang::En => format!(
                    "not balanced: {}; no target counts as met",
                    verdict::gap_text(&gaps, lang)
                ),
            }
        );
    }
    text
}

/// The plan as one JSON document: every PLAN fact and every assumption with its
/// provenance.
pub fn plan_document() -> serde_json::Value {
    let assumptions: Vec<_> = shared::params::ParamKey::all()
        .map(|key| key.info())
        .collect();
    json!({
        "years": Year::ALL,
        "envelope": {
            "annual": plan::annual_envelope(),
            "total": plan::annual_envelope().times(4),
            "provenance": plan::Provenance::Plan { reference: plan::ENVELOPE_REFERENCE },
            "funds": plan::FUNDS,
        },
        "paths": PATHS,
        "programmes": plan::PROGRAMMES.iter().map(|def| json!({
            "id": def.id,
            "name": def.name,
            "short_name": def.short_name,
            "path": def.path,
            "responsible": def.responsible,
            "reference": def.reference,
            "baseline": def.baseline(),
            "baseline_provenance": def.baseline_provenance(),
            "earmark": def.earmark.map(|e| json!({
                "total": e.total(),
                "annual_floor": e.annual_floor(),
                "provenance": plan::Provenance::Plan { reference: e.reference },
            })),
            "counts_toward_enterprises": def.counts_toward_enterprises(),
            "note": def.note,
        })).collect::<Vec<_>>(),
        "indicators": INDICATORS.iter().map(|def| json!({
            "programme": def.programme,
            "indicator": def.indicator,
            "name": def.name,
            "kind": def.kind,
            "unit": def.unit,
            "unit_label": def.unit.label(),
            "target": def.target,
            "reference_value": def.reference_value,
            "reference_note": def.reference_note,
            "provenance": def.target.map(|_| plan::Provenance::Plan { reference: def.reference }),
        })).collect::<Vec<_>>(),
        "kpis": plan::KPIS,
        "assumptions": assumptions,
    })
}

fn plan_text(lang: Lang) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "envelope: {} a year, {} over 2017-2020 [PLAN {}]\n",
        format::yi(plan::annual_envelope(), lang),
        format::yi(plan::annual_envelope().times(4), lang),
        plan::ENVELOPE_REFERENCE
    );
    let rows: Vec<Vec<String>> = INDICATORS
        .iter()
        .map(|def| {
            let programme = plan::programme(def.programme);
            vec![
                programme.name.get(lang).to_owned(),
                def.name.get(lang).to_owned(),
                format::quantity_or_none(def.target, def.unit, lang),
                def.reference.to_owned(),
                format::wan(programme.baseline(), lang),
                programme
                    .earmark
                    .map(|e| format!("{} ({})", format::yi(e.total(), lang), e.reference))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    text.push_str(&table(
        &[
            "programme",
            "indicator",
            "target [PLAN]",
            "ref",
            "baseline/yr",
            "earmark [PLAN]",
        ],
        &rows,
    ));
    let _ = writeln!(text, "\nassumptions [ASSUMPTION]:");
    let rows: Vec<Vec<String>> = shared::params::ParamKey::all()
        .map(|key| {
            let info = key.info();
            vec![
                key.to_string(),
                format::number(info.default, 3),
                format!(
                    "{} – {}",
                    format::number(info.low, 3),
                    format::number(info.high, 3)
                ),
                info.rationale.get(lang).to_owned(),
            ]
        })
        .collect();
    text.push_str(&table(&["key", "default", "range", "meaning"], &rows));
    text
}

/// The human projection: programmes by path with money, result, target and attainment;
/// the envelope by year; the headline KPIs.
pub fn projection_table(scenario: &Scenario, projection: &Projection, lang: Lang) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "{}", projection.scenario);
    if let Some(envelope) = scenario.envelope_override() {
        let _ = writeln!(
            text,
            "PLAN override: envelope {} a year instead of the plan's {} ({})",
            format::yi(envelope, lang),
            format::yi(plan::annual_envelope(), lang),
            plan::ENVELOPE_REFERENCE
        );
    }
    for item in &projection.assumption_overrides {
        let _ = writeln!(
            text,
            "ASSUMPTION override: {} = {} (default {})",
            item.key,
            format::number(item.value, 3),
            format::number(item.default, 3)
        );
    }
    let _ = writeln!(text);
    let header = match lang {
        Lang::Zh => [
            "路径",
            "项目",
            "资金(4年)",
            "预测结果",
            "目标",
            "达成率",
            "达成",
        ],
        Lang::En => [
            "path",
            "programme",
            "money (4 yr)",
            "result",
            "target",
            "attainment",
            "verdict",
        ],
    };
    let rows: Vec<Vec<String>> = projection
        .indicators
        .iter()
        .zip(INDICATORS.iter())
        .map(|(row, def)| {
            let programme = plan::programme(row.programme);
            let path = PATHS
                .iter()
                .find(|path| path.id == programme.path)
                .map(|path| path.name.get(lang))
                .unwrap_or_default();
            vec![
                path.to_owned(),
                format!(
                    "{} · {}",
                    programme.short_name.get(lang),
                    def.name.get(lang)
                ),
                format::wan(row.funding, lang),
                format::quantity(row.result, row.unit, lang),
                match (row.target, row.reference) {
                    (Some(target), _) => format::quantity(target, row.unit, lang),
                    (None, Some(reference)) => {
                        format!("({} ref)", format::quantity(reference, row.unit, lang))
                    }
                    _ => format::NO_VALUE.to_owned(),
                },
                format::attainment_or_none(row.result, row.target),
                row.verdict.mark().to_owned(),
            ]
        })
        .collect();
    text.push_str(&table(&header, &rows));
    let _ = writeln!(text);
    let envelope_rows: Vec<Vec<String>> = projection
        .envelope
        .iter()
        .map(|year| {
            vec![
                year.year.to_string(),
                format::yi(year.total, lang),
                format::yi(year.allocated, lang),
                format::wan(year.unallocated, lang),
            ]
        })
        .collect();
    let header = match lang {
        Lang::Zh => ["年度", "资金总额", "已分配", "未分配"],
        Lang::En => ["year", "envelope", "allocated", "unallocated"],
    };
    text.push_str(&table(&header, &envelope_rows));
    let gap = verdict::gap_text(&verdict::gaps(&projection.envelope), lang);
    let _ = writeln!(
        text,
        "{}",
        match (projection.feasible, lang) {
            (true, Lang::Zh) => "资金平衡：每年恰好用完。".to_owned(),
            (true, Lang::En) => "balanced: every year spends its envelope exactly".to_owned(),
            (false, Lang::Zh) => format!(
                "资金不平衡：{gap}；目标均不计为达成（{}）。",
                Verdict::Infeasible.mark()
            ),
            (false, Lang::En) => format!(
                "not balanced: {gap}; no target counts as met ({})",
                Verdict::Infeasible.mark()
            ),
        }
    );
    let _ = writeln!(text);
    let kpis = [
        (&plan::KPIS[0], projection.kpis.enterprises_transformed),
        (&plan::KPIS[1], projection.kpis.profit_tax_growth),
        (&plan::KPIS[2], projection.kpis.employment_growth),
    ];
    let rows: Vec<Vec<String>> = kpis
        .iter()
        .map(|(def, kpi)| {
            vec![
                def.name.get(lang).to_owned(),
                format::quantity(kpi.result, def.unit, lang),
                format::quantity(kpi.target, def.unit, lang),
                format::attainment(kpi.result, kpi.target),
                kpi.verdict.mark().to_owned(),
            ]
        })
        .collect();
    let header = match lang {
        Lang::Zh => ["总体目标", "预测", "目标", "达成率", "达成"],
        Lang::En => ["headline", "projected", "target", "attainment", "verdict"],
    };
    text.push_str(&table(&header, &rows));
    text
}

/// A plain-text table aligned by display width, so Chinese lines up.
fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(cell.width());
        }
    }
    let mut text = String::new();
    let line = |text: &mut String, cells: &[&str]| {
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.width());
            // Text columns align left, numbers right.
            let numeric = i > 0
                && cell
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '+');
            if numeric {
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            }
            text.push_str(if i + 1 < cells.len() { "  " } else { "\n" });
        }
    };
    line(&mut text, header);
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    line(
        &mut text,
        &rule.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    for row in rows {
        line(
            &mut text,
            &row.iter().map(String::as_str).collect::<Vec<_>>(),
        );
    }
    text
}
