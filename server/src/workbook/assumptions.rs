//! The assumptions sheet: the PLAN facts the scenario spends and every model
//! parameter with its value and provenance.

use rust_xlsxwriter::{RowNum, Worksheet, XlsxError};
use shared::params::ParamKey;
use shared::plan::{self, Lang, Provenance};
use shared::{Scenario, format};

use super::{Styles, cell, header, money, money_unit, write_money};
use crate::words::{bilingual, zh_en};

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

/// The PLAN facts the scenario spends (the envelope, the earmarks), then every model
/// parameter with the value the scenario uses, its default, range and provenance.
pub(super) fn assumptions(
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
    let money_a_year = match lang {
        Lang::Zh => format!("{}/年", money_unit(lang)),
        Lang::En => format!("{} a year", money_unit(lang)),
    };
    let (plan_word, _) = provenance(Provenance::Plan { reference: "" }, lang);
    let mut row: RowNum = 1;
    let envelope = money(scenario.envelope(), lang);
    sheet.write_string(row, 0, zh_en(lang, "年度资金", "Annual envelope"))?;
    write_money(sheet, row, 1, envelope, styles)?;
    write_money(sheet, row, 2, money(plan::annual_envelope(), lang), styles)?;
    sheet.write_string(row, 5, &money_a_year)?;
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
        let floor = money(earmark.annual_floor(), lang);
        let total = money(earmark.total(), lang);
        sheet.write_string(
            row,
            0,
            format!(
                "{} · {}",
                def.name.get(lang),
                zh_en(lang, "专项资金每年下限", "earmark, annual floor")
            ),
        )?;
        write_money(sheet, row, 1, floor, styles)?;
        write_money(sheet, row, 2, floor, styles)?;
        sheet.write_string(row, 5, &money_a_year)?;
        sheet.write_string(row, 6, plan_word)?;
        sheet.write_string(row, 7, earmark.reference)?;
        sheet.write_string(
            row,
            8,
            format!(
                "{} {} {}",
                zh_en(lang, "四年合计", "four-year total"),
                format::number(cell(total), total.scale() as usize),
                money_unit(lang)
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
        sheet.write_string(row, 0, key.label(lang))?;
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
