//! The comparison sheet: a second scenario beside this one, money and outcomes.

use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{Format, Formula, RowNum, Worksheet, XlsxError};
use shared::Scenario;
use shared::ids::Year;
use shared::plan::{self, INDICATORS, Lang};

use super::projections::{in_unit, unit_label, value_format};
use super::{Styles, header, money, money_unit, write_money, year_label};
use crate::words::{bilingual, zh_en};

/// `=D-C` with the model's delta as its cached value.
fn write_delta(
    sheet: &mut Worksheet,
    row: RowNum,
    delta: String,
    format: &Format,
) -> Result<(), XlsxError> {
    let formula = Formula::new(format!(
        "={}-{}",
        row_col_to_cell(row, 3),
        row_col_to_cell(row, 2)
    ))
    .set_result(delta);
    sheet.write_formula_with_format(row, 4, formula, format)?;
    Ok(())
}

/// The other scenario (a) beside this one (b): per programme and year the two amounts
/// and b − a, then per KPI and indicator the two projections and b − a.
pub(super) fn comparison(
    sheet: &mut Worksheet,
    scenario: &Scenario,
    other: &Scenario,
    lang: Lang,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let compared = shared::compare(other, scenario);
    let this = zh_en(lang, "本方案", "This scenario");
    let that = zh_en(lang, "对比方案", "Compared with");
    sheet.write_string_with_format(0, 0, this, &styles.bold)?;
    sheet.write_string(0, 1, scenario.name_in(lang))?;
    sheet.write_string_with_format(1, 0, that, &styles.bold)?;
    sheet.write_string(1, 1, other.name_in(lang))?;
    let mut row: RowNum = 3;
    let unit = money_unit(lang);
    let titles = match lang {
        Lang::Zh => [
            "项目".to_owned(),
            "年度".to_owned(),
            format!("对比方案（{unit}）"),
            format!("本方案（{unit}）"),
            format!("差额（{unit}）"),
        ],
        Lang::En => [
            "Programme".to_owned(),
            "Year".to_owned(),
            format!("Compared with ({unit})"),
            format!("This scenario ({unit})"),
            format!("Change ({unit})"),
        ],
    };
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    header(sheet, row, &titles, styles)?;
    for line in &compared.allocations {
        let name = plan::programme(line.programme).name.get(lang);
        for (index, year) in Year::ALL.iter().enumerate() {
            row += 1;
            sheet.write_string(row, 0, name)?;
            sheet.write_string(row, 1, year_label(*year, lang))?;
            write_money(sheet, row, 2, money(line.a.0[index], lang), styles)?;
            write_money(sheet, row, 3, money(line.b.0[index], lang), styles)?;
            let delta = money(line.delta.0[index], lang);
            write_delta(sheet, row, delta.to_string(), styles.money(delta))?;
        }
    }
    row += 2;
    header(
        sheet,
        row,
        &bilingual(
            lang,
            ["指标", "单位", "对比方案", "本方案", "差额"],
            [
                "Indicator",
                "Unit",
                "Compared with",
                "This scenario",
                "Change",
            ],
        ),
        styles,
    )?;
    let kpis = compared.kpis.iter().map(|kpi| {
        let def = kpi.key.headline();
        (
            def.name.get(lang).to_owned(),
            def.unit,
            kpi.a,
            kpi.b,
            kpi.delta,
        )
    });
    let indicators = compared
        .indicators
        .iter()
        .zip(&INDICATORS)
        .map(|(line, def)| {
            (
                format!(
                    "{} · {}",
                    plan::programme(line.programme).name.get(lang),
                    def.name.get(lang)
                ),
                line.unit,
                line.a,
                line.b,
                line.delta,
            )
        });
    for (name, unit, a, b, delta) in kpis.chain(indicators) {
        row += 1;
        let format = value_format(unit, styles);
        sheet.write_string(row, 0, &name)?;
        sheet.write_string(row, 1, unit_label(unit, lang))?;
        sheet.write_number_with_format(row, 2, in_unit(a, unit, lang), format)?;
        sheet.write_number_with_format(row, 3, in_unit(b, unit, lang), format)?;
        write_delta(sheet, row, in_unit(delta, unit, lang).to_string(), format)?;
    }
    sheet.set_column_width(0, 46)?;
    for column in 1..=4 {
        sheet.set_column_width(column, 22)?;
    }
    Ok(())
}
