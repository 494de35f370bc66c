//! The words and numbers the summary and the working share.

use super::*;

/// A number with thousands separators and at most `dp` decimals, trailing zeros dropped.
pub(super) fn num(value: f64, dp: usize) -> String {
    let text = format::number(value, dp);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// An amount of money as a bare number of 万元, for substitutions.
pub(super) fn wan_number(amount: Money) -> String {
    let wan = amount.in_wan(2);
    format::number(
        Money::from_decimal(wan).to_f64_lossy(),
        wan.scale() as usize,
    )
}

/// A quantity of an indicator in its displayed unit, `dp` decimals at most.
pub(super) fn amount(value: f64, unit: Unit, lang: Lang, dp: usize) -> String {
    let shown = shown(unit);
    format!("{} {}", num(value * shown.scale, dp), shown.unit.get(lang))
}

/// PLAN §ref or ASSUMPTION, in the language.
pub(super) fn source(provenance: Provenance, lang: Lang) -> String {
    plan::source_in(provenance, lang)
}

/// What the scenario gives against what is needed, in words.
pub(super) fn against(now: Money, need: Money, lang: Lang) -> String {
    let gap = now - need;
    match (lang, gap.cmp(&Money::ZERO)) {
        (Lang::Zh, std::cmp::Ordering::Less) => format!("还差 {}", format::wan(-gap, lang)),
        (Lang::Zh, std::cmp::Ordering::Greater) => format!("多出 {}", format::wan(gap, lang)),
        (Lang::Zh, std::cmp::Ordering::Equal) => "正好足够".to_owned(),
        (Lang::En, std::cmp::Ordering::Less) => {
            format!("{} short", format::wan(-gap, lang))
        }
        (Lang::En, std::cmp::Ordering::Greater) => {
            format!("{} more than needed", format::wan(gap, lang))
        }
        (Lang::En, std::cmp::Ordering::Equal) => "exactly enough".to_owned(),
    }
}

/// Where the reference value comes from, to follow a colon or an opening parenthesis.
pub(super) fn reference_note(ind: &IndicatorExplanation, lang: Lang) -> String {
    let note = INDICATORS
        .iter()
        .find(|def| def.programme == ind.programme && def.indicator == ind.indicator)
        .and_then(|def| def.reference_note)
        .map_or("", |note| note.get(lang));
    let mut chars = note.chars();
    match chars.next() {
        Some(first) if lang == Lang::En => std::iter::once(first.to_ascii_lowercase())
            .chain(chars)
            .collect(),
        _ => note.to_owned(),
    }
}
