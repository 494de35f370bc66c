//! What a person reads, in their language: a text in zh or en, a table's header, and
//! the rows the command line prints as text and the briefing lays out on paper, so
//! both show the same cells.

use shared::compare::Comparison;
use shared::format;

use shared::plan::{Lang, Text, Unit};

/// The text in the reader's language.
pub fn zh_en(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A table's header in the reader's language.
pub fn bilingual<const N: usize>(
    lang: Lang,
    zh: [&'static str; N],
    en: [&'static str; N],
) -> [&'static str; N] {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// One line of a comparison: the name, a and b in their unit, and the change (b − a)
/// to `places` decimals.
pub fn change_row(
    name: &Text,
    unit: Unit,
    (a, b, delta): (f64, f64, f64),
    places: usize,
    lang: Lang,
) -> Vec<String> {
    let quantity = |value| format::quantity(value, unit, lang);
    let name = name.get(lang).to_owned();
    vec![
        name,
        quantity(a),
        quantity(b),
        format::number(delta, places),
    ]
}

/// The headline KPIs of a comparison, each a [`change_row`].
pub fn kpi_changes(comparison: &Comparison, lang: Lang) -> Vec<Vec<String>> {
    comparison
        .kpis
        .iter()
        .map(|row| {
            let def = row.key.headline();
            change_row(&def.name, def.unit, (row.a, row.b, row.delta), 4, lang)
        })
        .collect()
}
