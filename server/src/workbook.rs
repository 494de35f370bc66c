//! A scenario as an Excel workbook, in one language: its allocations in 万元 with live
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
use shared::ids::{ProgrammeId, YEAR_COUNT, Year};
use shared::params::ParamKey;
use shared::plan::{self, INDICATORS, Lang, Provenance, Text, Unit};
use shared::{Money, Scenario, format};

use crate::words::{bilingual, zh_en};

/// The media type of an `.xlsx` file.
pub const MEDIA_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The allocations sheet's name.
pub const ALLOCATIONS: Text = Text {
    zh: "资金安排",
    en: "allocations",
};
/// The projections sheet's name.
pub const PROJECTIONS: Text = Text {
    zh: "预测",
    en: "projections",
};
/// The assumptions sheet's name.
pub const ASSUMPTIONS: Text = Text {
    zh: "假设",
    en: "assumptions",
};
/// The comparison sheet's name (only when a second scenario is given).
pub const COMPARISON: Text = Text {
    zh: "对比",
    en: "comparison",
};

/// What the envelope check says of a year that spends its envelope exactly.
pub const BALANCED: Text = Text {
    zh: "平衡",
    en: "balanced",
};
/// What the envelope check says of a year that spends more than its envelope.
pub const OVER: Text = Text {
    zh: "超支",
    en: "over",
};
/// What the envelope check says of a year that leaves some of its envelope unspent.
pub const UNDER: Text = Text {
    zh: "未用完",
    en: "under",
};
/// What the four years' check says when any year is not balanced.
pub const NOT_BALANCED: Text = Text {
    zh: "不平衡",
    en: "not balanced",
};

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

/// The sheets' names in `lang`, in the order they are written (the comparison last,
/// when there is one).
pub fn sheet_names(lang: Lang, compared: bool) -> Vec<&'static str> {
    let mut names = vec![
        ALLOCATIONS.get(lang),
        PROJECTIONS.get(lang),
        ASSUMPTIONS.get(lang),
    ];
    if compared {
        names.push(COMPARISON.get(lang));
    }
    names
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
            fraction: Format::new().set_num_format("#,##0.0###"),
            percent: Format::new().set_num_format("0.0%"),
            number: Format::new().set_num_format("#,##0.####"),
            bold: Format::new().set_bold(),
        }
    }

    /// 万元 as a whole number where it is one, with its decimals where it is not.
    fn wan(&self, value: Decimal) -> &Format {
        if value.fract().is_zero() {
            &self.whole
        } else {
            &self.fraction
        }
    }
}

/// An amount in 万元, exactly: whole yuan divided by 10,000 has at most four decimals.
fn wan(amount: Money) -> Decimal {
    (amount.as_decimal() / Decimal::from(10_000)).normalize()
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

fn write_wan(
    sheet: &mut Worksheet,
    row: RowNum,
    column: ColNum,
    value: Decimal,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.write_number_with_format(row, column, cell(value), styles.wan(value))?;
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

/// One row a programme, one column a year, in 万元; the totals and the envelope check
/// are formulas.
fn allocations(
    sheet: &mut Worksheet,
    scenario: &Scenario,
    lang: Lang,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let mut titles = vec![zh_en(lang, "项目（万元）", "Programme (10k CNY)").to_owned()];
    titles.extend(Year::ALL.iter().map(|year| year_label(*year, lang)));
    titles.push(zh_en(lang, "四年合计", "Four-year total").to_owned());
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    header(sheet, 0, &titles, styles)?;
    let last_programme = rows::YEAR_TOTAL - 1;
    for (row, id) in (rows::FIRST_PROGRAMME..).zip(ProgrammeId::ALL) {
        sheet.write_string(row, 0, plan::programme(*id).name.get(lang))?;
        for (column, year) in (1..).zip(Year::ALL) {
            write_wan(
                sheet,
                row,
                column,
                wan(scenario.allocation(year, *id)),
                styles,
            )?;
        }
        let total = wan(scenario.programme_total(*id));
        write_sum(
            sheet,
            (row, TOTAL_COLUMN),
            (row, 1),
            (row, TOTAL_COLUMN - 1),
            total,
            styles.wan(total),
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
        let total = wan(scenario.year_total(year));
        let envelope = wan(scenario.year_envelope(year));
        grand_total += total;
        envelope_total += envelope;
        write_sum(
            sheet,
            (rows::YEAR_TOTAL, column),
            (rows::FIRST_PROGRAMME, column),
            (last_programme, column),
            total,
            styles.wan(total),
        )?;
        write_wan(sheet, rows::ENVELOPE, column, envelope, styles)?;
        check(sheet, column, scenario.unallocated(year), lang, styles)?;
    }
    write_sum(
        sheet,
        (rows::YEAR_TOTAL, TOTAL_COLUMN),
        (rows::YEAR_TOTAL, 1),
        (rows::YEAR_TOTAL, TOTAL_COLUMN - 1),
        grand_total,
        styles.wan(grand_total),
    )?;
    write_sum(
        sheet,
        (rows::ENVELOPE, TOTAL_COLUMN),
        (rows::ENVELOPE, 1),
        (rows::ENVELOPE, TOTAL_COLUMN - 1),
        envelope_total,
        styles.wan(envelope_total),
    )?;
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

/// A year's check: balanced when its total equals its envelope (to a ten-thousandth of
/// a 万元, one yuan, so float sums cannot tip it), over or under otherwise.
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
    let formula = Formula::new(format!(
        "=IF(ROUND({total}-{envelope},4)=0,\"{}\",IF({total}>{envelope},\"{}\",\"{}\"))",
        BALANCED.get(lang),
        OVER.get(lang),
        UNDER.get(lang),
    ))
    .set_result(said.get(lang));
    sheet.write_formula_with_format(rows::CHECK, column, formula, &styles.bold)?;
    Ok(())
}

/// A projected value as the cell holds it: CNY in 万元, the rest in its unit.
fn in_unit(value: f64, unit: Unit) -> f64 {
    if unit == Unit::Cny {
        value / 10_000.0
    } else {
        value
    }
}

fn unit_label(unit: Unit, lang: Lang) -> &'static str {
    if unit == Unit::Cny {
        zh_en(lang, "万元", "10k CNY")
    } else {
        unit.label().get(lang)
    }
}

fn value_format(unit: Unit, styles: &Styles) -> &Format {
    if unit == Unit::Share {
        &styles.percent
    } else {
        &styles.number
    }
}

/// [`format::attainment`]'s figure as a ratio, so the cell rounds as every other front
/// end does and never contradicts the verdict beside it.
fn attainment(result: f64, goal: f64) -> Option<f64> {
    let shown = format::attainment(result, goal);
    let percent: f64 = shown.trim_end_matches('%').replace(',', "").parse().ok()?;
    Some(percent / 100.0)
}

struct Outcome {
    name: String,
    unit: Unit,
    target: Option<f64>,
    result: f64,
    verdict: shared::Verdict,
}

/// Every KPI, then every indicator, from the model's projection.
fn projections(
    sheet: &mut Worksheet,
    scenario: &Scenario,
    lang: Lang,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let projection = shared::project(scenario);
    header(
        sheet,
        0,
        &bilingual(
            lang,
            ["指标", "单位", "目标", "预测值", "完成率", "结论"],
            [
                "Indicator",
                "Unit",
                "Target",
                "Projected",
                "Attainment",
                "Verdict",
            ],
        ),
        styles,
    )?;
    let kpis = projection.kpis.iter().map(|(def, kpi)| Outcome {
        name: def.name.get(lang).to_owned(),
        unit: def.unit,
        target: Some(kpi.target),
        result: kpi.result,
        verdict: kpi.verdict,
    });
    let indicators = projection
        .indicators
        .iter()
        .zip(&INDICATORS)
        .map(|(row, def)| Outcome {
            name: format!(
                "{} · {}",
                plan::programme(row.programme).name.get(lang),
                def.name.get(lang)
            ),
            unit: row.unit,
            target: row.target,
            result: row.result,
            verdict: row.verdict,
        });
    for (row, outcome) in (1..).zip(kpis.chain(indicators)) {
        let format = value_format(outcome.unit, styles);
        sheet.write_string(row, 0, &outcome.name)?;
        sheet.write_string(row, 1, unit_label(outcome.unit, lang))?;
        match outcome.target {
            Some(target) => {
                sheet.write_number_with_format(row, 2, in_unit(target, outcome.unit), format)?;
                if let Some(ratio) = attainment(outcome.result, target) {
                    sheet.write_number_with_format(row, 4, ratio, &styles.percent)?;
                }
            }
            None => {
                sheet.write_string(row, 2, format::NO_VALUE)?;
                sheet.write_string(row, 4, format::NO_VALUE)?;
            }
        }
        sheet.write_number_with_format(row, 3, in_unit(outcome.result, outcome.unit), format)?;
        sheet.write_string(row, 5, outcome.verdict.name().get(lang))?;
    }
    sheet.set_column_width(0, 46)?;
    for column in 1..=5 {
        sheet.set_column_width(column, 14)?;
    }
    sheet.set_freeze_panes(1, 1)?;
    Ok(())
}

fn provenance(provenance: Provenance, lang: Lang) -> (&'static str, String) {
    match provenance {
        Provenance::Plan { reference } => (zh_en(lang, "规划", "PLAN"), reference.to_owned()),
        Provenance::Assumption => (
            zh_en(lang, "假设", "ASSUMPTION"),
            zh_en(
                lang,
                "本项目文档化的默认值",
                "the project's documented default",
            )
            .to_owned(),
        ),
    }
}

/// The parameter's name: its programme, its indicator for a curve, and what it is.
fn parameter_name(key: ParamKey, lang: Lang) -> String {
    let programme = plan::programme(key.programme()).name.get(lang);
    let kind = key.kind().name().get(lang);
    match key.indicator() {
        Some(slot) => format!("{programme} · {} · {kind}", INDICATORS[slot].name.get(lang)),
        None => format!("{programme} · {kind}"),
    }
}

/// The PLAN facts the scenario spends (the envelope, the earmarks), then every model
/// parameter with the value the scenario uses, its default, range and provenance.
fn assumptions(
    sheet: &mut Worksheet,
    scenario: &Scenario,
    lang: Lang,
    styles: &Styles,
) -> Result<(), XlsxError> {
    header(
        sheet,
        0,
        &bilingual(
            lang,
            [
                "参数",
                "取值",
                "默认值",
                "范围下限",
                "范围上限",
                "单位",
                "来源",
                "出处",
                "含义",
            ],
            [
                "Parameter",
                "Value",
                "Default",
                "Range low",
                "Range high",
                "Unit",
                "Provenance",
                "Source",
                "Meaning",
            ],
        ),
        styles,
    )?;
    let wan_unit = zh_en(lang, "万元/年", "10k CNY a year");
    let (plan_word, _) = provenance(Provenance::Plan { reference: "" }, lang);
    let mut row: RowNum = 1;
    let envelope = wan(scenario.envelope());
    sheet.write_string(row, 0, zh_en(lang, "年度资金", "Annual envelope"))?;
    write_wan(sheet, row, 1, envelope, styles)?;
    write_wan(sheet, row, 2, wan(plan::annual_envelope()), styles)?;
    sheet.write_string(row, 5, wan_unit)?;
    sheet.write_string(row, 6, plan_word)?;
    sheet.write_string(row, 7, plan::ENVELOPE_REFERENCE)?;
    sheet.write_string(
        row,
        8,
        zh_en(
            lang,
            "每年3亿元，四年共12亿元",
            "CNY 300 million a year, 1.2 billion over four years",
        ),
    )?;
    for def in plan::PROGRAMMES.iter() {
        let Some(earmark) = def.earmark else {
            continue;
        };
        row += 1;
        let floor = wan(earmark.annual_floor());
        sheet.write_string(
            row,
            0,
            &format!(
                "{} · {}",
                def.name.get(lang),
                zh_en(lang, "专项资金每年下限", "earmark, annual floor")
            ),
        )?;
        write_wan(sheet, row, 1, floor, styles)?;
        write_wan(sheet, row, 2, floor, styles)?;
        sheet.write_string(row, 5, wan_unit)?;
        sheet.write_string(row, 6, plan_word)?;
        sheet.write_string(row, 7, earmark.reference)?;
        sheet.write_string(
            row,
            8,
            &format!(
                "{} {}",
                zh_en(lang, "四年合计", "four-year total"),
                format::wan(earmark.total(), lang)
            ),
        )?;
    }
    let values = scenario.model().assumptions();
    for key in ParamKey::all() {
        row += 1;
        let info = key.info();
        let overridden = scenario.overrides().get(key).is_some();
        let (word, mut source) = provenance(info.provenance, lang);
        if overridden {
            source = zh_en(lang, "本方案调整", "overridden by this scenario").to_owned();
        }
        sheet.write_string(row, 0, &parameter_name(key, lang))?;
        for (column, value) in [
            (1, values.get(key)),
            (2, info.default),
            (3, info.low),
            (4, info.high),
        ] {
            sheet.write_number_with_format(row, column, value, &styles.number)?;
        }
        sheet.write_string(row, 5, info.unit.get(lang))?;
        sheet.write_string(row, 6, word)?;
        sheet.write_string(row, 7, &source)?;
        let meaning = match info.note {
            Some(note) => format!("{} {}", info.rationale.get(lang), note.get(lang)),
            None => info.rationale.get(lang).to_owned(),
        };
        sheet.write_string(row, 8, &meaning)?;
    }
    sheet.set_column_width(0, 52)?;
    for column in 1..=7 {
        sheet.set_column_width(column, 12)?;
    }
    sheet.set_column_width(8, 80)?;
    sheet.set_freeze_panes(1, 1)?;
    Ok(())
}

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
fn comparison(
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
    sheet.write_string(0, 1, &compared.b)?;
    sheet.write_string_with_format(1, 0, that, &styles.bold)?;
    sheet.write_string(1, 1, &compared.a)?;
    let mut row: RowNum = 3;
    header(
        sheet,
        row,
        &bilingual(
            lang,
            [
                "项目",
                "年度",
                "对比方案（万元）",
                "本方案（万元）",
                "差额（万元）",
            ],
            [
                "Programme",
                "Year",
                "Compared with (10k CNY)",
                "This scenario (10k CNY)",
                "Change (10k CNY)",
            ],
        ),
        styles,
    )?;
    for line in &compared.allocations {
        let name = plan::programme(line.programme).name.get(lang);
        for (index, year) in Year::ALL.iter().enumerate() {
            row += 1;
            sheet.write_string(row, 0, name)?;
            sheet.write_string(row, 1, &year_label(*year, lang))?;
            write_wan(sheet, row, 2, wan(line.a.0[index]), styles)?;
            write_wan(sheet, row, 3, wan(line.b.0[index]), styles)?;
            let delta = wan(line.delta.0[index]);
            write_delta(sheet, row, delta.to_string(), styles.wan(delta))?;
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
        sheet.write_number_with_format(row, 2, in_unit(a, unit), format)?;
        sheet.write_number_with_format(row, 3, in_unit(b, unit), format)?;
        write_delta(sheet, row, in_unit(delta, unit).to_string(), format)?;
    }
    sheet.set_column_width(0, 46)?;
    for column in 1..=4 {
        sheet.set_column_width(column, 22)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_wan_are_exact() {
        assert_eq!(wan(Money::yuan(300_000_000)), Decimal::from(30_000));
        assert_eq!(wan(Money::yuan(12_345)).to_string(), "1.2345");
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
