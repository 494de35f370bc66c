//! The allocations CSV read back: what [`crate::allocations_csv`] writes (the API's
//! `Accept: text/csv` and the page's download) imported into a scenario. Every year and
//! programme must be given exactly once, in whole CNY; the name columns are ignored. A
//! mistake is named by its line (the header is line 1) in both languages, and nothing
//! is read from a file that has one.

use shared::{Money, ProgrammeId, Year};

use crate::ALLOCATIONS_CSV_HEADER;
use crate::actuals_file::{FileRefusal, read_csv};

/// What is wrong with an allocations CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllocationsCsvError {
    /// Nothing but blank lines.
    Empty,
    /// The first line is not [`ALLOCATIONS_CSV_HEADER`].
    Header,
    /// A row without the header's five columns.
    Columns { line: usize, found: usize },
    /// Not a plan year.
    Year { line: usize, text: String },
    /// Not a programme id.
    Programme { line: usize, text: String },
    /// Not whole, non-negative CNY.
    Amount { line: usize, text: String },
    /// A year and programme given twice.
    Repeated {
        line: usize,
        first: usize,
        year: Year,
        programme: ProgrammeId,
    },
    /// A year and programme not given.
    Missing { year: Year, programme: ProgrammeId },
    /// A quoted field never closed, from this line.
    Unclosed { line: usize },
}

impl AllocationsCsvError {
    /// The sentence in Chinese.
    pub fn zh(&self) -> String {
        let name = |id: ProgrammeId| shared::plan::programme(id).name.zh;
        match self {
            Self::Empty => "文件是空的".to_owned(),
            Self::Header => format!("第 1 行：表头应为 {ALLOCATIONS_CSV_HEADER}"),
            Self::Columns { line, found } => format!("第 {line} 行：有 {found} 列，应为 5 列"),
            Self::Year { line, text } => format!("第 {line} 行：年份“{text}”不在 2017–2020 之内"),
            Self::Programme { line, text } => format!("第 {line} 行：没有编号为“{text}”的项目"),
            Self::Amount { line, text } => {
                format!("第 {line} 行：金额“{text}”应为以元为单位的非负整数")
            }
            Self::Repeated {
                line,
                first,
                year,
                programme,
            } => format!(
                "第 {line} 行：{year} 年“{}”已在第 {first} 行给出",
                name(*programme)
            ),
            Self::Missing { year, programme } => {
                format!("缺少 {year} 年“{}”（{programme}）的金额", name(*programme))
            }
            Self::Unclosed { line } => format!("第 {line} 行：引号没有闭合"),
        }
    }
}

impl std::fmt::Display for AllocationsCsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => write!(f, "the file is empty"),
            Self::Header => write!(f, "line 1: the header must be `{ALLOCATIONS_CSV_HEADER}`"),
            Self::Columns { line, found } => {
                write!(f, "line {line}: {found} columns, expected 5")
            }
            Self::Year { line, text } => {
                write!(f, "line {line}: `{text}` is not a plan year (2017–2020)")
            }
            Self::Programme { line, text } => write!(
                f,
                "line {line}: `{text}` is not a programme id; use {}",
                ProgrammeId::allowed()
            ),
            Self::Amount { line, text } => {
                write!(
                    f,
                    "line {line}: `{text}` is not a whole, non-negative amount of CNY"
                )
            }
            Self::Repeated {
                line,
                first,
                year,
                programme,
            } => {
                write!(
                    f,
                    "line {line}: {year} `{programme}` is already on line {first}"
                )
            }
            Self::Missing { year, programme } => {
                write!(f, "no amount for `{programme}` in {year}")
            }
            Self::Unclosed { line } => write!(f, "line {line}: a quoted field is never closed"),
        }
    }
}

/// The allocations an allocations CSV gives, or every mistake in it.
pub fn allocations_from_csv(
    text: &str,
) -> Result<shared::scenario::Allocations, Vec<AllocationsCsvError>> {
    let rows = read_csv(text).map_err(|refusal| {
        let line = match refusal {
            FileRefusal::Lines(lines) => lines.first().map_or(1, |problem| problem.line),
            FileRefusal::Actuals(_) => 1,
        };
        vec![AllocationsCsvError::Unclosed { line }]
    })?;
    let Some((header, rows)) = rows.split_first() else {
        return Err(vec![AllocationsCsvError::Empty]);
    };
    if header.cells.join(",").trim() != ALLOCATIONS_CSV_HEADER {
        return Err(vec![AllocationsCsvError::Header]);
    }
    let mut given =
        [[None::<(Money, usize)>; shared::ids::PROGRAMME_COUNT]; shared::ids::YEAR_COUNT];
    let mut problems = Vec::new();
    for row in rows {
        let line = row.line;
        if row.cells.len() != 5 {
            problems.push(AllocationsCsvError::Columns {
                line,
                found: row.cells.len(),
            });
            continue;
        }
        let cell = |column: usize| row.cells[column].trim();
        let year = cell(0).parse::<u16>().ok().and_then(Year::from_number);
        let programme = ProgrammeId::parse(cell(1));
        let amount = Money::parse(cell(2))
            .ok()
            .filter(|amount| amount.is_whole_yuan() && !amount.is_negative());
        let (Some(year), Some(programme), Some(amount)) = (year, programme, amount) else {
            let text = |column: usize| cell(column).to_owned();
            problems.push(if year.is_none() {
                AllocationsCsvError::Year {
                    line,
                    text: text(0),
                }
            } else if programme.is_none() {
                AllocationsCsvError::Programme {
                    line,
                    text: text(1),
                }
            } else {
                AllocationsCsvError::Amount {
                    line,
                    text: text(2),
                }
            });
            continue;
        };
        let slot = &mut given[year.index()][programme.index()];
        match slot {
            Some((_, first)) => problems.push(AllocationsCsvError::Repeated {
                line,
                first: *first,
                year,
                programme,
            }),
            None => *slot = Some((amount, line)),
        }
    }
    let mut allocations = [[Money::ZERO; shared::ids::PROGRAMME_COUNT]; shared::ids::YEAR_COUNT];
    for year in Year::ALL {
        for programme in ProgrammeId::ALL.iter().copied() {
            match given[year.index()][programme.index()] {
                Some((amount, _)) => allocations[year.index()][programme.index()] = amount,
                None if problems.is_empty() => {
                    problems.push(AllocationsCsvError::Missing { year, programme })
                }
                None => {}
            }
        }
    }
    if problems.is_empty() {
        Ok(allocations)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::Scenario;

    #[test]
    fn the_download_reads_back_as_the_scenario_s_allocations() {
        let scenario = Scenario::baseline();
        let csv = crate::allocations_csv(&scenario);
        assert_eq!(allocations_from_csv(&csv), Ok(*scenario.allocations()));
        let crlf = csv.replace('\n', "\r\n");
        assert_eq!(allocations_from_csv(&crlf), Ok(*scenario.allocations()));
    }

    #[test]
    fn every_mistake_is_named_by_its_line_in_both_languages() {
        let csv = crate::allocations_csv(&Scenario::baseline());
        let mut lines: Vec<String> = csv.lines().map(str::to_owned).collect();
        lines[2] = lines[2].replacen("2017", "2031", 1);
        lines[3] = lines[3].replacen(",modern_services,", ",modern_service,", 1);
        lines[4] = lines[4].replace("ecommerce,", "ecommerce,-5");
        lines[5] = "2017,equipment_upgrade".to_owned();
        lines.push(lines[6].clone());
        let errors = allocations_from_csv(&lines.join("\n")).unwrap_err();
        let said: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 5, "{said:?}");
        assert!(
            said[0].starts_with("line 3: `2031` is not a plan year"),
            "{said:?}"
        );
        assert!(
            said[1].starts_with("line 4: `modern_service` is not a programme id"),
            "{said:?}"
        );
        assert!(said[2].starts_with("line 5: `-5"), "{said:?}");
        assert_eq!(said[3], "line 6: 2 columns, expected 5");
        assert_eq!(
            said[4],
            "line 66: 2017 `smart_manufacturing` is already on line 7"
        );
        assert_eq!(errors[0].zh(), "第 3 行：年份“2031”不在 2017–2020 之内");
        assert!(
            errors[4].zh().starts_with("第 66 行：2017 年“"),
            "{}",
            errors[4].zh()
        );
    }

    #[test]
    fn a_json_file_a_missing_row_or_an_empty_file_is_refused_plainly() {
        let json = Scenario::baseline().to_json_pretty();
        assert_eq!(
            allocations_from_csv(&json),
            Err(vec![AllocationsCsvError::Header])
        );
        assert_eq!(
            allocations_from_csv("\u{feff}\n\n"),
            Err(vec![AllocationsCsvError::Empty])
        );
        let csv = crate::allocations_csv(&Scenario::baseline());
        let short: Vec<&str> = csv.lines().take(64).collect();
        let errors = allocations_from_csv(&short.join("\n")).unwrap_err();
        assert_eq!(
            errors,
            [AllocationsCsvError::Missing {
                year: Year::ALL[3],
                programme: ProgrammeId::ALL[15]
            }]
        );
        let said = errors[0].zh();
        assert!(
            said.starts_with("缺少 2020 年“") && said.ends_with("”（demo_bases）的金额"),
            "{said}"
        );
    }
}
