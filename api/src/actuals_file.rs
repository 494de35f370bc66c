//! The one file layout of a year's actuals: the CSV of `GET /actuals/{year}.csv`, the
//! sheet of the `.xlsx` (the server writes the same rows) and what
//! `POST /actuals/{year}/import` and `planner actuals import` read back.
//!
//! UTF-8 with a byte-order mark (so spreadsheet programs read the Chinese names),
//! header [`ACTUALS_HEADER`], one row per (programme, indicator) in plan order;
//! `spent_cny` is repeated on each row of a programme and must agree; an empty
//! `outcome` is not reported; a programme whose rows are all empty is not reported;
//! the name columns are ignored on import. A mistake is named by its line (the header
//! is line 1) and nothing is read from a file that has one.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use shared::execution::YearActuals;
use shared::plan::{self, INDICATORS};
use shared::{IndicatorId, Problem, ProgrammeId, ScenarioError};

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

fn line_problem(line: usize, message: impl std::fmt::Display) -> Problem {
    Problem::new(format!("line {line}"), format!("line {line}: {message}"))
}

fn refused(problems: Vec<Problem>) -> ScenarioError {
    ScenarioError { problems }
}

/// Splits CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks;
/// a leading byte-order mark is skipped) into rows; blank lines are skipped. A quote
/// left open is named by the line it opens on.
pub fn read_csv(text: &str) -> Result<Vec<Row>, ScenarioError> {
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
        return Err(refused(vec![line_problem(
            start,
            "a quoted field is never closed",
        )]));
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
/// `note`. Every problem is named by its line: an unknown column layout, programme or
/// indicator, a repeated row, `spent_cny` that differs between a programme's rows, a
/// non-number outcome, and whatever the actuals' own rules refuse (a negative amount,
/// …), which is traced back to the row it came from.
pub fn actuals_from_rows(
    rows: &[Row],
    mut body: Map<String, Value>,
) -> Result<YearActuals, ScenarioError> {
    let Some((header, rows)) = rows.split_first() else {
        return Err(refused(vec![line_problem(1, "the file is empty")]));
    };
    let names: Vec<&str> = header.cells.iter().map(|cell| cell.trim()).collect();
    if names != ACTUALS_HEADER {
        return Err(refused(vec![line_problem(
            header.line,
            format!("the header must be `{}`", ACTUALS_HEADER.join(",")),
        )]));
    }
    let mut problems = Vec::new();
    let mut lines = Lines::default();
    let mut programmes: BTreeMap<ProgrammeId, Programme> = BTreeMap::new();
    for row in rows {
        if let Err(problem) = read_row(row, &mut lines, &mut programmes) {
            problems.push(problem);
        }
    }
    if !problems.is_empty() {
        return Err(refused(problems));
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
        refused(
            error
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
        )
    })
}

fn read_row(
    row: &Row,
    lines: &mut Lines,
    programmes: &mut BTreeMap<ProgrammeId, Programme>,
) -> Result<(), Problem> {
    let line = row.line;
    if row.cells.len() != ACTUALS_HEADER.len() {
        return Err(line_problem(
            line,
            format!(
                "{} columns, expected {} ({})",
                row.cells.len(),
                ACTUALS_HEADER.len(),
                ACTUALS_HEADER.join(",")
            ),
        ));
    }
    let cell = |column: usize| row.cells[column].trim();
    let id = ProgrammeId::parse(cell(PROGRAMME)).ok_or_else(|| {
        line_problem(
            line,
            format!(
                "programme `{}` is not a programme id; use {}",
                cell(PROGRAMME),
                ProgrammeId::allowed()
            ),
        )
    })?;
    let indicator = IndicatorId::parse(cell(INDICATOR))
        .filter(|indicator| plan::indicator_index(id, *indicator).is_some())
        .ok_or_else(|| {
            let own = plan::indicators_of(id).map(|slot| INDICATORS[slot].indicator.as_str());
            line_problem(
                line,
                format!(
                    "programme `{id}` has no indicator `{}`; use {}",
                    cell(INDICATOR),
                    shared::names::one_of(own)
                ),
            )
        })?;
    if let Some(first) = lines.indicator.insert((id, indicator), line) {
        return Err(line_problem(
            line,
            format!("`{id}`, `{indicator}` is already on line {first}"),
        ));
    }
    lines.programme.entry(id).or_insert(line);
    let programme = programmes.entry(id).or_default();
    let spent = cell(SPENT);
    match &programme.spent {
        _ if spent.is_empty() && programme.spent.is_none() => {}
        None if lines.programme[&id] == line => {
            programme.spent = Some((spent.to_owned(), line));
        }
        None => {
            return Err(line_problem(
                line,
                format!(
                    "spent_cny of `{id}` is {spent} here but empty on line {}; repeat the same amount on every row of a programme",
                    lines.programme[&id]
                ),
            ));
        }
        Some((first, at)) if first != spent => {
            let first = if first.is_empty() { "empty" } else { first };
            return Err(line_problem(
                line,
                format!(
                    "spent_cny of `{id}` is {} here but {first} on line {at}; repeat the same amount on every row of a programme",
                    if spent.is_empty() { "empty" } else { spent }
                ),
            ));
        }
        Some(_) => {}
    }
    let outcome = cell(OUTCOME);
    if !outcome.is_empty() {
        let number = outcome
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .ok_or_else(|| {
                line_problem(
                    line,
                    format!("outcome `{outcome}` of `{id}`, `{indicator}` is not a number"),
                )
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
        assert_eq!(open.problems[0].path, "line 2");
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
            refused.problems[0]
                .message
                .starts_with("line 1: the header must be")
        );
    }
}
