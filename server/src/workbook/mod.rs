//! A scenario as an Excel workbook, in one language: its allocations in the language's
//! unit of money (万元, or CNY million as every English front end writes it) with live
//! `SUM` totals and an envelope check, the model's projection against the targets, every
//! assumption with its provenance and, when asked, a comparison with a second scenario.
//!
//! Every number comes from the model (`shared::project`, `shared::compare`, the
//! scenario's own amounts and assumptions); a formula's cached value is the model's
//! exact figure, so a reader that does not recalculate shows what Excel would.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;
use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{ColNum, Format, Formula, RowNum, Workbook, Worksheet, XlsxError};
use shared::ids::{YEAR_COUNT, Year};
use shared::plan::{Lang, Text};
use shared::{Money, Scenario};

mod allocations;
mod assumptions;
mod comparison;
mod projections;

use allocations::allocations;
use assumptions::assumptions;
use comparison::comparison;
use projections::projections;

/// The media type of an `.xlsx` file.
pub const MEDIA_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The allocations sheet's name.
pub const ALLOCATIONS: Text = Text::new("资金安排", "allocations");
/// The projections sheet's name.
pub const PROJECTIONS: Text = Text::new("预测", "projections");
/// The assumptions sheet's name.
pub const ASSUMPTIONS: Text = Text::new("假设", "assumptions");
/// The comparison sheet's name (only when a second scenario is given).
pub const COMPARISON: Text = Text::new("对比", "comparison");

/// What the envelope check says of a year that spends its envelope exactly.
pub const BALANCED: Text = Text::new("平衡", "balanced");
/// What the envelope check says of a year that spends more than its envelope.
pub const OVER: Text = Text::new("超支", "over");
/// What the envelope check says of a year that leaves some of its envelope unspent.
pub const UNDER: Text = Text::new("未用完", "under");
/// What the four years' check says when any year is not balanced.
pub const NOT_BALANCED: Text = Text::new("不平衡", "not balanced");

/// The allocations sheet's rows (0-based) after the sixteen programmes.
pub mod rows {
    use rust_xlsxwriter::RowNum;
    use shared::ids::PROGRAMME_COUNT;

    /// The first programme's row; the header is row 0.
    pub const FIRST_PROGRAMME: RowNum = 1;
    /// Σ of the programmes, per year (a formula).
    pub const YEAR_TOTAL: RowNum = FIRST_PROGRAMME + PROGRAMME_COUNT as RowNum;
    /// The envelope in force, per year.
    pub const ENVELOPE: RowNum = YEAR_TOTAL + 1;
    /// The envelope check, per year and for the four years (a formula).
    pub const CHECK: RowNum = ENVELOPE + 1;
}

/// The allocations sheet's column of the four-year totals (0-based; years are 1 to 4).
pub const TOTAL_COLUMN: ColNum = 1 + YEAR_COUNT as ColNum;

/// What the workbook is of: a scenario, optionally compared with another, in a language.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The scenario it is compared with (the plan baseline, a saved one), if any.
    pub compare: Option<&'a Scenario>,
    /// The language of every sheet name, header and label.
    pub lang: Lang,
}

/// The workbook's bytes.
pub fn write(request: &Request<'_>) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    let lang = request.lang;
    allocations(
        workbook.add_worksheet().set_name(ALLOCATIONS.get(lang))?,
        request.scenario,
        lang,
        &styles,
    )?;
    projections(
        workbook.add_worksheet().set_name(PROJECTIONS.get(lang))?,
        request.scenario,
        lang,
        &styles,
    )?;
    assumptions(
        workbook.add_worksheet().set_name(ASSUMPTIONS.get(lang))?,
        request.scenario,
        lang,
        &styles,
    )?;
    if let Some(other) = request.compare {
        comparison(
            workbook.add_worksheet().set_name(COMPARISON.get(lang))?,
            request.scenario,
            other,
            lang,
            &styles,
        )?;
    }
    workbook.save_to_buffer()
}

/// The file name a download suggests.
pub fn file_name(stem: &str, lang: Lang) -> String {
    format!("{stem}-{}.xlsx", lang_code(lang))
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

struct Styles {
    header: Format,
    whole: Format,
    fraction: Format,
    percent: Format,
    number: Format,
    bold: Format,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            header: Format::new().set_bold(),
            whole: Format::new().set_num_format("#,##0"),
            fraction: Format::new().set_num_format("#,##0.0#####"),
            percent: Format::new().set_num_format("0.0%"),
            number: Format::new().set_num_format("#,##0.####"),
            bold: Format::new().set_bold(),
        }
    }

    /// An amount in the language's unit as a whole number where it is one, with its
    /// decimals where it is not.
    fn money(&self, value: Decimal) -> &Format {
        if value.fract().is_zero() {
            &self.whole
        } else {
            &self.fraction
        }
    }
}

/// An amount in the language's unit ([`shared::format::money_unit`]: 万元, or CNY
/// million), exactly: whole yuan divided by 10,000 has at most four decimals, by a
/// million at most six ([`money_decimals`]).
fn money(amount: Money, lang: Lang) -> Decimal {
    let unit = match lang {
        Lang::Zh => 10_000,
        Lang::En => 1_000_000,
    };
    (amount.as_decimal() / Decimal::from(unit)).normalize()
}

/// The decimals of one yuan in the language's unit of money.
fn money_decimals(lang: Lang) -> u32 {
    match lang {
        Lang::Zh => 4,
        Lang::En => 6,
    }
}

/// The language's unit of money, as a column or a unit cell names it.
fn money_unit(lang: Lang) -> &'static str {
    shared::format::money_unit(lang)
}

/// The one conversion of money to a cell's float.
fn cell(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(f64::NAN)
}

fn header(
    sheet: &mut Worksheet,
    row: RowNum,
    cells: &[&str],
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (column, text) in (0..).zip(cells) {
        sheet.write_string_with_format(row, column, *text, &styles.header)?;
    }
    Ok(())
}

fn write_money(
    sheet: &mut Worksheet,
    row: RowNum,
    column: ColNum,
    value: Decimal,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.write_number_with_format(row, column, cell(value), styles.money(value))?;
    Ok(())
}

/// `=SUM(from:to)` with the model's exact total as its cached value.
fn write_sum(
    sheet: &mut Worksheet,
    (row, column): (RowNum, ColNum),
    from: (RowNum, ColNum),
    to: (RowNum, ColNum),
    total: Decimal,
    format: &Format,
) -> Result<(), XlsxError> {
    let formula = Formula::new(format!(
        "=SUM({}:{})",
        row_col_to_cell(from.0, from.1),
        row_col_to_cell(to.0, to.1)
    ))
    .set_result(total.to_string());
    sheet.write_formula_with_format(row, column, formula, format)?;
    Ok(())
}

fn year_label(year: Year, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{year}年"),
        Lang::En => year.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::projections::attainment;
    use super::*;

    #[test]
    fn amounts_in_the_languages_unit_are_exact() {
        assert_eq!(
            money(Money::yuan(300_000_000), Lang::Zh),
            Decimal::from(30_000)
        );
        assert_eq!(money(Money::yuan(12_345), Lang::Zh).to_string(), "1.2345");
        assert_eq!(
            money(Money::yuan(300_000_000), Lang::En),
            Decimal::from(300)
        );
        assert_eq!(money(Money::yuan(12_345), Lang::En).to_string(), "0.012345");
        assert_eq!(money_unit(Lang::En), "CNY million");
    }

    #[test]
    fn attainment_rounds_as_every_front_end_does() {
        assert_eq!(attainment(399.9, 400.0), Some(0.999));
        assert_eq!(attainment(400.0, 400.0), Some(1.0));
    }

    #[test]
    fn both_languages_write_a_workbook() {
        let baseline = Scenario::baseline();
        for lang in [Lang::Zh, Lang::En] {
            let bytes = write(&Request {
                scenario: &baseline,
                compare: Some(&baseline),
                lang,
            })
            .unwrap();
            assert!(bytes.starts_with(b"PK"));
        }
    }
}
