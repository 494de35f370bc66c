//! The one file layout of a year's actuals: the CSV of `GET /actuals/{year}.csv`, the
//! sheet of the `.xlsx` (the server writes the same rows) and what
//! `POST /actuals/{year}/import` and `planner actuals import` read back.
//!
//! UTF-8 with a byte-order mark (so spreadsheet programs read the Chinese names),
//! header [`ACTUALS_HEADER`], one row per (programme, indicator) in plan order;
//! `spent_cny` is repeated on each row of a programme and must agree; an empty
//! `outcome` is not reported; a programme whose rows are all empty is not reported;
//! the name columns are ignored on import. A mistake is named by its line (the header
//! is line 1), in English or Chinese ([`LineProblem`]), and nothing is read from a file
//! that has one.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use shared::execution::YearActuals;
use shared::plan::{self, INDICATORS, Lang};
use shared::{IndicatorId, Money, Problem, ProgrammeId, ScenarioError};

use crate::scenarios::csv_field;

/// The columns, in order.
pub const ACTUALS_HEADER: [&str; 8] = [
    "programme",
    "name_zh",
    "name_en",
    "spent_cny",
    "indicator",
    "indicator_zh",
    "indicator_en",
    "outcome",
];

const PROGRAMME: usize = 0;
const SPENT: usize = 3;
const INDICATOR: usize = 4;
const OUTCOME: usize = 7;

/// The byte-order mark the CSV starts with.
pub const BOM: char = '\u{feff}';

/// One row of a file as text cells, with the line it is on (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Line number, from 1.
    pub line: usize,
    /// The cells, in column order.
    pub cells: Vec<String>,
}

/// The rows of the layout for `actuals` (blank amounts and outcomes for what is not
/// reported, or for every row when there are none), header first.
pub fn actuals_rows(actuals: Option<&YearActuals>) -> Vec<[String; 8]> {
    let mut rows = vec![ACTUALS_HEADER.map(str::to_owned)];
    for def in INDICATORS.iter() {
        let programme = plan::programme(def.programme);
        let reported = actuals.and_then(|actuals| actuals.programme(def.programme));
        let spent = reported.map_or(String::new(), |actual| {
            actual.spent.as_decimal().normalize().to_string()
        });
        let outcome = reported
            .and_then(|actual| actual.outcomes.get(&def.indicator))
            .map_or(String::new(), f64::to_string);
        rows.push([
            def.programme.as_str().to_owned(),
            programme.name.zh.to_owned(),
            programme.name.en.to_owned(),
            spent,
            def.indicator.as_str().to_owned(),
            def.name.zh.to_owned(),
            def.name.en.to_owned(),
            outcome,
        ]);
    }
    rows
}

/// The CSV of `actuals` (a blank form when `None`), with its byte-order mark.
pub fn actuals_csv(actuals: Option<&YearActuals>) -> String {
    let mut csv = String::from(BOM);
    for row in actuals_rows(actuals) {
        let cells: Vec<String> = row.iter().map(|cell| csv_field(cell)).collect();
        csv.push_str(&cells.join(","));
        csv.push('\n');
    }
    csv
}

/// What is wrong with one line of a file of actuals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineFault {
    /// Nothing but blank lines.
    Empty,
    /// The first line is not [`ACTUALS_HEADER`].
    Header,
    /// A quoted field opened on this line and never closed.
    Unclosed,
    /// A row without the header's columns.
    Columns { found: usize },
    /// Not a programme id.
    Programme { text: String },
    /// Not an indicator of the programme.
    Indicator {
        programme: ProgrammeId,
        text: String,
    },
    /// A (programme, indicator) row given twice.
    Repeated {
        programme: ProgrammeId,
        indicator: IndicatorId,
        first: usize,
    },
    /// `spent_cny` differs from the programme's first row (`""` for empty).
    SpentDiffers {
        programme: ProgrammeId,
        here: String,
        first: String,
        at: usize,
    },
    /// `spent_cny` is not a non-negative amount of CNY to the fen.
    Spent {
        programme: ProgrammeId,
        text: String,
    },
    /// An outcome that is not a number ≥ 0.
    Outcome {
        programme: ProgrammeId,
        indicator: IndicatorId,
        text: String,
    },
    /// Outcomes of a programme whose `spent_cny` is empty on every row.
    NoSpent { programme: ProgrammeId },
}

/// A mistake in a file of actuals and the line it is on (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    /// Line number, from 1.
    pub line: usize,
    /// What is wrong there.
    pub fault: LineFault,
}

impl LineProblem {
    /// The sentence in `lang`, starting with the line (`line 3: …`, `第 3 行：…`).
    pub fn sentence(&self, lang: Lang) -> String {
        let Some((zh, en)) = self.words() else {
            return match lang {
                Lang::Zh => "文件是空的".to_owned(),
                Lang::En => "the file is empty".to_owned(),
            };
        };
        match lang {
            Lang::Zh => format!("第 {} 行：{zh}", self.line),
            Lang::En => format!("line {}: {en}", self.line),
        }
    }

    /// As a problem of the API: path `line N`, the sentence in `lang`.
    pub fn problem(&self, lang: Lang) -> Problem {
        let problem = Problem::new(format!("line {}", self.line), self.sentence(lang));
        match &self.fault {
            LineFault::Indicator { programme, .. }
            | LineFault::Repeated { programme, .. }
            | LineFault::SpentDiffers { programme, .. }
            | LineFault::Spent { programme, .. }
            | LineFault::Outcome { programme, .. }
            | LineFault::NoSpent { programme } => Problem {
                programme: Some(*programme),
                ..problem
            },
            _ => problem,
        }
    }

    /// What is wrong, in Chinese and in English, without the line; `None` for an empty
    /// file, which has no line to name.
    fn words(&self) -> Option<(String, String)> {
        let name = |id: &ProgrammeId| plan::programme(*id).name.zh;
        let indicator_name = |id: &ProgrammeId, indicator: &IndicatorId| {
            plan::indicator_index(*id, *indicator).map_or("", |slot| INDICATORS[slot].name.zh)
        };
        let empty_or = |text: &str, zh: bool| match (text.is_empty(), zh) {
            (true, true) => "空".to_owned(),
            (true, false) => "empty".to_owned(),
            (false, true) => format!("“{text}”"),
            (false, false) => text.to_owned(),
        };
        let header = ACTUALS_HEADER.join(",");
        let columns = ACTUALS_HEADER.len();
        Some(match &self.fault {
            LineFault::Empty => return None,
            LineFault::Header => (
                format!("表头应为 {header}"),
                format!("the header must be `{header}`"),
            ),
            LineFault::Unclosed => (
                "引号未闭合".to_owned(),
                "a quoted field is never closed".to_owned(),
            ),
            LineFault::Columns { found } => (
                format!("有 {found} 列，应为 {columns} 列"),
                format!("{found} columns, expected {columns} ({header})"),
            ),
            LineFault::Programme { text } => (
                format!("没有编号为“{text}”的项目"),
                format!(
                    "programme `{text}` is not a programme id; use {}",
                    ProgrammeId::allowed()
                ),
            ),
            LineFault::Indicator { programme, text } => {
                let own =
                    plan::indicators_of(*programme).map(|slot| INDICATORS[slot].indicator.as_str());
                (
                    format!("项目“{}”没有编号为“{text}”的指标", name(programme)),
                    format!(
                        "programme `{programme}` has no indicator `{text}`; use {}",
                        shared::names::one_of(own)
                    ),
                )
            }
            LineFault::Repeated {
                programme,
                indicator,
                first,
            } => (
                format!(
                    "项目“{}”的指标“{}”已在第 {first} 行给出",
                    name(programme),
                    indicator_name(programme, indicator)
                ),
                format!("`{programme}`, `{indicator}` is already on line {first}"),
            ),
            LineFault::SpentDiffers {
                programme,
                here,
                first,
                at,
            } => (
                format!(
                    "项目“{}”的实际支出（第 4 列）此处为{}，第 {at} 行为{}；同一项目的每一行应填写相同金额",
                    name(programme),
                    empty_or(here, true),
                    empty_or(first, true)
                ),
                format!(
                    "spent_cny of `{programme}` is {} here but {} on line {at}; repeat the same amount on every row of a programme",
                    empty_or(here, false),
                    empty_or(first, false)
                ),
            ),
            LineFault::Spent { programme, text } => (
                format!(
                    "项目“{}”的实际支出“{text}”应为以元为单位、最多两位小数的非负金额",
                    name(programme)
                ),
                format!(
                    "spent_cny `{text}` of `{programme}` is {}",
                    match Money::parse(text) {
                        Ok(amount) if amount.is_negative() => "negative: spending is 0 or more",
                        Ok(amount) if amount > Money::MAX_AMOUNT => {
                            "above the largest amount accepted"
                        }
                        Ok(_) => "a fraction of a fen: give at most two decimal places",
                        Err(_) => "not an amount of CNY (digits, at most two decimals)",
                    }
                ),
            ),
            LineFault::Outcome {
                programme,
                indicator,
                text,
            } => (
                format!(
                    "项目“{}”指标“{}”的实际产出“{text}”应为不小于 0 的数字",
                    name(programme),
                    indicator_name(programme, indicator)
                ),
                format!("outcome `{text}` of `{programme}`, `{indicator}` is not a number ≥ 0"),
            ),
            LineFault::NoSpent { programme } => (
                format!(
                    "项目“{}”填写了产出，但实际支出（第 4 列）为空",
                    name(programme)
                ),
                format!(
                    "`{programme}` has outcomes but spent_cny is empty; give the CNY spent in the year"
                ),
            ),
        })
    }
}

/// Why a file of actuals was not read: mistakes of its lines, or (not expected once the
/// lines are right) what the actuals' own rules refuse.
#[derive(Debug, Clone, PartialEq)]
pub enum FileRefusal {
    /// Every mistake found in the file's lines.
    Lines(Vec<LineProblem>),
    /// The actuals' rules, their problems traced back to lines where they came from one.
    Actuals(ScenarioError),
}

impl FileRefusal {
    /// The problems in `lang` (the actuals' own rules speak English).
    pub fn problems(&self, lang: Lang) -> Vec<Problem> {
        match self {
            FileRefusal::Lines(lines) => lines.iter().map(|line| line.problem(lang)).collect(),
            FileRefusal::Actuals(error) => error.problems.clone(),
        }
    }
}

impl From<FileRefusal> for ScenarioError {
    fn from(refusal: FileRefusal) -> ScenarioError {
        ScenarioError {
            problems: refusal.problems(Lang::En),
        }
    }
}

fn line_refusal(line: usize, fault: LineFault) -> FileRefusal {
    FileRefusal::Lines(vec![LineProblem { line, fault }])
}

/// Splits CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks;
/// a leading byte-order mark is skipped) into rows; blank lines are skipped. A quote
/// left open is named by the line it opens on.
pub fn read_csv(text: &str) -> Result<Vec<Row>, FileRefusal> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let mut rows = Vec::new();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => cells.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                cells.push(std::mem::take(&mut cell));
                push_row(&mut rows, start, std::mem::take(&mut cells));
                line += 1;
                start = line;
            }
            (_, c) => {
                if c == '\n' {
                    line += 1;
                }
                cell.push(c);
            }
        }
    }
    if quoted {
        return Err(line_refusal(start, LineFault::Unclosed));
    }
    cells.push(cell);
    push_row(&mut rows, start, cells);
    Ok(rows)
}

fn push_row(rows: &mut Vec<Row>, line: usize, cells: Vec<String>) {
    if cells.iter().any(|cell| !cell.trim().is_empty()) {
        rows.push(Row { line, cells });
    }
}

/// Where each programme's first row and each (programme, indicator) row are.
#[derive(Default)]
struct Lines {
    programme: BTreeMap<ProgrammeId, usize>,
    indicator: BTreeMap<(ProgrammeId, IndicatorId), usize>,
}

impl Lines {
    /// The line a problem of the actuals body at `path` comes from.
    fn of(&self, path: &str) -> Option<usize> {
        let mut parts = path.split('.');
        if parts.next() != Some("programmes") {
            return None;
        }
        let programme = ProgrammeId::parse(parts.next()?)?;
        let indicator = match (parts.next(), parts.next()) {
            (Some("outcomes"), Some(indicator)) => IndicatorId::parse(indicator),
            _ => None,
        };
        indicator
            .and_then(|indicator| self.indicator.get(&(programme, indicator)))
            .or_else(|| self.programme.get(&programme))
            .copied()
    }
}

/// What one programme's rows say.
#[derive(Default)]
struct Programme {
    spent: Option<(String, usize)>,
    outcomes: Map<String, Value>,
}

/// The actuals in `rows` (the header first), with `body`'s `status`, `source` and
/// `note`. Every mistake is named by its line: an unknown column layout, programme or
/// indicator, a repeated row, `spent_cny` that is not an amount to the fen or differs
/// between a programme's rows, an outcome that is not a number ≥ 0, outcomes without
/// spending; whatever the actuals' own rules still refuse is traced back to the row it
/// came from.
pub fn actuals_from_rows(
    rows: &[Row],
    mut body: Map<String, Value>,
) -> Result<YearActuals, FileRefusal> {
    let Some((header, rows)) = rows.split_first() else {
        return Err(line_refusal(1, LineFault::Empty));
    };
    let names: Vec<&str> = header.cells.iter().map(|cell| cell.trim()).collect();
    if names != ACTUALS_HEADER {
        return Err(line_refusal(header.line, LineFault::Header));
    }
    let mut problems = Vec::new();
    let mut lines = Lines::default();
    let mut programmes: BTreeMap<ProgrammeId, Programme> = BTreeMap::new();
    for row in rows {
        if let Err(fault) = read_row(row, &mut lines, &mut programmes) {
            problems.push(LineProblem {
                line: row.line,
                fault,
            });
        }
    }
    for (id, programme) in &programmes {
        if programme.spent.is_none() && !programme.outcomes.is_empty() {
            problems.push(LineProblem {
                line: lines.programme[id],
                fault: LineFault::NoSpent { programme: *id },
            });
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|problem| problem.line);
        return Err(FileRefusal::Lines(problems));
    }
    let mut reported = Map::new();
    for (id, programme) in programmes {
        if programme.spent.is_none() && programme.outcomes.is_empty() {
            continue;
        }
        let mut entry = Map::new();
        if let Some((spent, _)) = programme.spent {
            entry.insert("spent".to_owned(), Value::String(spent));
        }
        entry.insert("outcomes".to_owned(), Value::Object(programme.outcomes));
        reported.insert(id.as_str().to_owned(), Value::Object(entry));
    }
    body.insert("programmes".to_owned(), Value::Object(reported));
    YearActuals::from_value(&Value::Object(body)).map_err(|error| {
        FileRefusal::Actuals(ScenarioError {
            problems: error
                .problems
                .into_iter()
                .map(|problem| match lines.of(&problem.path) {
                    Some(line) => Problem {
                        message: format!("line {line}: {}", problem.message),
                        path: format!("line {line}"),
                        ..problem
                    },
                    None => problem,
                })
                .collect(),
        })
    })
}

/// Whether `text` is a non-negative amount of CNY to the fen that the actuals accept.
fn is_spending(text: &str) -> bool {
    Money::parse(text).is_ok_and(|amount| {
        !amount.is_negative() && amount.as_decimal().scale() <= 2 && amount <= Money::MAX_AMOUNT
    })
}

fn read_row(
    row: &Row,
    lines: &mut Lines,
    programmes: &mut BTreeMap<ProgrammeId, Programme>,
) -> Result<(), LineFault> {
    let line = row.line;
    if row.cells.len() != ACTUALS_HEADER.len() {
        return Err(LineFault::Columns {
            found: row.cells.len(),
        });
    }
    let cell = |column: usize| row.cells[column].trim();
    let id = ProgrammeId::parse(cell(PROGRAMME)).ok_or_else(|| LineFault::Programme {
        text: cell(PROGRAMME).to_owned(),
    })?;
    let indicator = IndicatorId::parse(cell(INDICATOR))
        .filter(|indicator| plan::indicator_index(id, *indicator).is_some())
        .ok_or_else(|| LineFault::Indicator {
            programme: id,
            text: cell(INDICATOR).to_owned(),
        })?;
    if let Some(first) = lines.indicator.insert((id, indicator), line) {
        return Err(LineFault::Repeated {
            programme: id,
            indicator,
            first,
        });
    }
    lines.programme.entry(id).or_insert(line);
    let programme = programmes.entry(id).or_default();
    let spent = cell(SPENT);
    let first_line = lines.programme[&id];
    match &programme.spent {
        _ if spent.is_empty() && programme.spent.is_none() => {}
        None if first_line == line => {
            if !is_spending(spent) {
                return Err(LineFault::Spent {
                    programme: id,
                    text: spent.to_owned(),
                });
            }
            programme.spent = Some((spent.to_owned(), line));
        }
        None => {
            return Err(LineFault::SpentDiffers {
                programme: id,
                here: spent.to_owned(),
                first: String::new(),
                at: first_line,
            });
        }
        Some((first, at)) if first != spent => {
            return Err(LineFault::SpentDiffers {
                programme: id,
                here: spent.to_owned(),
                first: first.clone(),
                at: *at,
            });
        }
        Some(_) => {}
    }
    let outcome = cell(OUTCOME);
    if !outcome.is_empty() {
        let number = outcome
            .parse::<f64>()
            .ok()
            .filter(|number| number.is_finite() && *number >= 0.0)
            .and_then(serde_json::Number::from_f64)
            .ok_or_else(|| LineFault::Outcome {
                programme: id,
                indicator,
                text: outcome.to_owned(),
            })?;
        programme
            .outcomes
            .insert(indicator.as_str().to_owned(), Value::Number(number));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_keep_their_commas_and_lines_count_from_the_header() {
        let rows = read_csv("\u{feff}a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\n\nz,w\n").unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].cells, ["x, \"y\"", "two\nlines"]);
        assert_eq!((rows[0].line, rows[1].line, rows[2].line), (1, 2, 5));
        let open = read_csv("a,b\n\"never closed\n").unwrap_err();
        assert_eq!(open.problems(Lang::En)[0].path, "line 2");
    }

    #[test]
    fn the_blank_form_reads_back_as_nothing_reported() {
        let rows = read_csv(&actuals_csv(None)).unwrap();
        assert_eq!(rows.len(), 1 + INDICATORS.len());
        let status = Map::from_iter([("status".to_owned(), Value::from("provisional"))]);
        let actuals = actuals_from_rows(&rows, status).unwrap();
        assert!(actuals.programmes.is_empty());
        let header = read_csv("programme,spent\n").unwrap();
        let refused = actuals_from_rows(&header, Map::new()).unwrap_err();
        assert!(
            refused.problems(Lang::En)[0]
                .message
                .starts_with("line 1: the header must be")
        );
    }

    #[test]
    fn every_mistake_is_named_by_its_line_in_either_language() {
        let mut rows = read_csv(&actuals_csv(None)).unwrap();
        let mut set = |line: usize, column: usize, text: &str| {
            rows[line - 1].cells[column] = text.to_owned();
        };
        set(2, PROGRAMME, "某项目");
        set(3, INDICATOR, "某指标");
        set(4, SPENT, "-5");
        set(5, SPENT, "100");
        set(5, OUTCOME, "-1");
        set(6, OUTCOME, "3");
        // The two rows of the parks programme disagree on its spending.
        set(15, SPENT, "100");
        set(16, SPENT, "200");
        let repeated = rows[16].cells.clone();
        rows.push(Row {
            line: 19,
            cells: repeated,
        });
        rows.push(Row {
            line: 20,
            cells: vec![String::new(); 3],
        });
        let refusal = actuals_from_rows(&rows, Map::new()).unwrap_err();
        let FileRefusal::Lines(problems) = &refusal else {
            panic!("{refusal:?}");
        };
        let lines: Vec<usize> = problems.iter().map(|problem| problem.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6, 16, 19, 20]);
        assert_eq!(
            problems[4].fault,
            LineFault::NoSpent {
                programme: INDICATORS[4].programme
            }
        );
        for problem in problems {
            let zh = problem.sentence(Lang::Zh);
            let en = problem.sentence(Lang::En);
            assert!(zh.starts_with(&format!("第 {} 行：", problem.line)), "{zh}");
            assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{zh}");
            assert!(en.starts_with(&format!("line {}: ", problem.line)), "{en}");
            assert!(
                !en.chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) && !"某项目指标".contains(c)),
                "{en}"
            );
        }
        assert!(problems[2].sentence(Lang::En).contains("negative"));
        // The API's problems: the path names the line, the sentence the language asked.
        let api = refusal.problems(Lang::Zh);
        assert_eq!(api[0].path, "line 2");
        assert!(api[0].message.starts_with("第 2 行："));
        assert_eq!(api[1].programme, Some(INDICATORS[1].programme));
    }
}
