//! The allocations sheet: one row a programme, one column a year, in 万元 (CNY million
//! in English), with
//! `SUM` totals and the envelope check as formulas.

use rust_decimal::Decimal;
use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{ColNum, Formula, RowNum, Worksheet, XlsxError};
use shared::ids::{ProgrammeId, YEAR_COUNT, Year};
use shared::plan::{self, Lang};
use shared::{Money, Scenario};

use super::{
    BALANCED, NOT_BALANCED, OVER, Styles, TOTAL_COLUMN, UNDER, header, money, money_decimals,
    money_unit, rows, write_money, write_sum, year_label,
};
use crate::words::zh_en;

/// One row a programme, one column a year, in the language's unit of money; the totals
/// and the envelope check
/// are formulas.
pub(super) fn allocations(
    sheet: &mut Worksheet,
    scenario: &Scenario,
    lang: Lang,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let mut titles = vec![match lang {
        Lang::Zh => format!("项目（{}）", money_unit(lang)),
        Lang::En => format!("Programme ({})", money_unit(lang)),
    }];
    titles.extend(Year::ALL.iter().map(|year| year_label(*year, lang)));
    titles.push(zh_en(lang, "四年合计", "Four-year total").to_owned());
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    header(sheet, 0, &titles, styles)?;
    let last_programme = rows::YEAR_TOTAL - 1;
    for (row, id) in (rows::FIRST_PROGRAMME..).zip(ProgrammeId::ALL) {
        sheet.write_string(row, 0, plan::programme(*id).name.get(lang))?;
        for (column, year) in (1..).zip(Year::ALL) {
            write_money(
                sheet,
                row,
                column,
                money(scenario.allocation(year, *id), lang),
                styles,
            )?;
        }
        row_total(
            sheet,
            row,
            money(scenario.programme_total(*id), lang),
            styles,
        )?;
    }
    sheet.write_string_with_format(
        rows::YEAR_TOTAL,
        0,
        zh_en(lang, "年度合计", "Year total"),
        &styles.bold,
    )?;
    sheet.write_string(
        rows::ENVELOPE,
        0,
        zh_en(lang, "年度资金（规划 §4）", "Annual envelope (PLAN §4)"),
    )?;
    sheet.write_string_with_format(
        rows::CHECK,
        0,
        zh_en(lang, "资金平衡检查", "Envelope check"),
        &styles.bold,
    )?;
    let mut grand_total = Decimal::ZERO;
    let mut envelope_total = Decimal::ZERO;
    for (column, year) in (1..).zip(Year::ALL) {
        let total = money(scenario.year_total(year), lang);
        let envelope = money(scenario.year_envelope(year), lang);
        grand_total += total;
        envelope_total += envelope;
        write_sum(
            sheet,
            (rows::YEAR_TOTAL, column),
            (rows::FIRST_PROGRAMME, column),
            (last_programme, column),
            total,
            styles.money(total),
        )?;
        write_money(sheet, rows::ENVELOPE, column, envelope, styles)?;
        check(sheet, column, scenario.unallocated(year), lang, styles)?;
    }
    row_total(sheet, rows::YEAR_TOTAL, grand_total, styles)?;
    row_total(sheet, rows::ENVELOPE, envelope_total, styles)?;
    let all = Formula::new(format!(
        "=IF(COUNTIF({}:{},\"{}\")={YEAR_COUNT},\"{}\",\"{}\")",
        row_col_to_cell(rows::CHECK, 1),
        row_col_to_cell(rows::CHECK, TOTAL_COLUMN - 1),
        BALANCED.get(lang),
        BALANCED.get(lang),
        NOT_BALANCED.get(lang),
    ))
    .set_result(if scenario.is_balanced() {
        BALANCED.get(lang)
    } else {
        NOT_BALANCED.get(lang)
    });
    sheet.write_formula_with_format(rows::CHECK, TOTAL_COLUMN, all, &styles.bold)?;
    sheet.set_column_width(0, 34)?;
    for column in 1..=TOTAL_COLUMN {
        sheet.set_column_width(column, 14)?;
    }
    sheet.set_freeze_panes(1, 1)?;
    Ok(())
}

/// The four-year total of `row`: the `SUM` of its year cells, `total` as the cached
/// result.
fn row_total(
    sheet: &mut Worksheet,
    row: RowNum,
    total: Decimal,
    styles: &Styles,
) -> Result<(), XlsxError> {
    write_sum(
        sheet,
        (row, TOTAL_COLUMN),
        (row, 1),
        (row, TOTAL_COLUMN - 1),
        total,
        styles.money(total),
    )
}

/// A year's check: balanced when its total equals its envelope (to one yuan in the
/// language's unit, so float sums cannot tip it), over or under otherwise.
fn check(
    sheet: &mut Worksheet,
    column: ColNum,
    unallocated: Money,
    lang: Lang,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let total = row_col_to_cell(rows::YEAR_TOTAL, column);
    let envelope = row_col_to_cell(rows::ENVELOPE, column);
    let said = if unallocated == Money::default() {
        BALANCED
    } else if unallocated.is_negative() {
        OVER
    } else {
        UNDER
    };
    let decimals = money_decimals(lang);
    let formula = Formula::new(format!(
        "=IF(ROUND({total}-{envelope},{decimals})=0,\"{}\",IF({total}>{envelope},\"{}\",\"{}\"))",
        BALANCED.get(lang),
        OVER.get(lang),
        UNDER.get(lang),
    ))
    .set_result(said.get(lang));
    sheet.write_formula_with_format(rows::CHECK, column, formula, &styles.bold)?;
    Ok(())
}
