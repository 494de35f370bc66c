//! Display helpers shared by the command line, the API's text outputs and the browser:
//! money in 万元 and 亿元 with the unit always printed, numbers with thousands separators.

use rust_decimal::Decimal;

use crate::money::Money;
use crate::plan::{Lang, Unit};

/// `1234567.891` with `dp` decimals → `"1,234,567.89"`.
pub fn number(value: f64, dp: usize) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let text = format!("{:.*}", dp, value.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text.as_str(), None),
    };
    let mut grouped = String::with_capacity(text.len() + whole.len() / 3 + 1);
    if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        grouped.push('-');
    }
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if let Some(fraction) = fraction {
        grouped.push('.');
        grouped.push_str(fraction);
    }
    grouped
}

/// An amount in 万元, e.g. `"3,750 万元"`, or in English `"3,750 (10k CNY)"`.
pub fn wan(amount: Money, lang: Lang) -> String {
    in_unit(amount.in_wan(2), "万元", "10k CNY", lang)
}

/// An amount in 亿元, e.g. `"3 亿元"`.
pub fn yi(amount: Money, lang: Lang) -> String {
    in_unit(amount.in_yi(4), "亿元", "100M CNY", lang)
}

/// A value already in the unit, with the unit's name (and its English gloss).
fn in_unit(value: Decimal, unit: &str, gloss: &str, lang: Lang) -> String {
    let text = number(decimal_to_f64(value), value.scale() as usize);
    match lang {
        Lang::Zh => format!("{text} {unit}"),
        Lang::En => format!("{text} {unit} ({gloss})"),
    }
}

fn decimal_to_f64(value: rust_decimal::Decimal) -> f64 {
    Money::from_decimal(value).to_f64_lossy()
}

/// A projected value in its unit: shares as percentages, CNY in 亿元, counts with one
/// decimal.
pub fn quantity(value: f64, unit: Unit, lang: Lang) -> String {
    match unit {
        Unit::Share => format!("{}%", number(value * 100.0, 1)),
        Unit::Cny => match lang {
            Lang::Zh => format!("{} 亿元", number(value / 1e8, 1)),
            Lang::En => format!("{} 亿元 (100M CNY)", number(value / 1e8, 1)),
        },
        Unit::SquareMetres => match lang {
            Lang::Zh => format!("{} 万平方米", number(value / 1e4, 1)),
            Lang::En => format!("{} 万 m² (10k m²)", number(value / 1e4, 1)),
        },
        other => format!("{} {}", number(value, 1), other.label().get(lang)),
    }
}

/// An amount in 万元 with its sign: `+2,000 万元`, `-8,000 万元`, `±0 万元`.
pub fn signed_wan(amount: Money, lang: Lang) -> String {
    if amount > Money::ZERO {
        format!("+{}", wan(amount, lang))
    } else if amount.as_decimal().is_zero() {
        format!("±{}", wan(Money::ZERO, lang))
    } else {
        wan(amount, lang)
    }
}

/// A change of a projected value in its unit: percentage points for shares, `±0` for
/// no change worth showing, a sign otherwise.
pub fn change(delta: f64, unit: Unit, lang: Lang) -> String {
    if unit == Unit::Share {
        if (delta * 100.0).abs() < 0.05 {
            "±0 pt".to_owned()
        } else {
            format!("{:+.1} pt", delta * 100.0)
        }
    } else if delta.abs() < 0.05 {
        "±0".to_owned()
    } else if delta > 0.0 {
        format!("+{}", quantity(delta, unit, lang))
    } else {
        quantity(delta, unit, lang)
    }
}

/// A ratio as a percentage with one decimal (a probability, a share).
pub fn percent(ratio: f64) -> String {
    format!("{}%", number(ratio * 100.0, 1))
}

/// `result ÷ goal` as a percentage that agrees with [`crate::verdict::meets`]: a result
/// that meets its goal never shows below 100.0%, one that misses never shows 100.0% or
/// more (399.9 of 400 reads 99.9%, not 100.0%).
pub fn attainment(result: f64, goal: f64) -> String {
    let ratio = if goal > 0.0 { result / goal } else { 0.0 };
    let tenths = ratio * 1000.0;
    let shown = if crate::verdict::meets(result, goal) {
        tenths.round().max(1000.0)
    } else {
        tenths.floor().min(999.0)
    };
    format!("{}%", number(shown / 10.0, 1))
}

/// [`attainment`] where there is a goal, or [`NO_VALUE`].
pub fn attainment_or_none(result: f64, goal: Option<f64>) -> String {
    goal.map_or_else(|| NO_VALUE.to_owned(), |goal| attainment(result, goal))
}

/// What a table shows where there is no value: no target, no attainment, no
/// probability.
pub const NO_VALUE: &str = "—";

/// [`percent`], or [`NO_VALUE`].
pub fn percent_or_none(ratio: Option<f64>) -> String {
    ratio.map_or_else(|| NO_VALUE.to_owned(), percent)
}

/// [`quantity`], or [`NO_VALUE`].
pub fn quantity_or_none(value: Option<f64>, unit: Unit, lang: Lang) -> String {
    value.map_or_else(|| NO_VALUE.to_owned(), |value| quantity(value, unit, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_get_thousands_separators() {
        assert_eq!(number(1_234_567.891, 2), "1,234,567.89");
        assert_eq!(number(-11_247.4, 1), "-11,247.4");
        assert_eq!(number(999.0, 0), "999");
        assert_eq!(number(-0.01, 1), "0.0");
    }

    #[test]
    fn money_shows_its_unit() {
        assert_eq!(wan(Money::yuan(37_500_000), Lang::Zh), "3,750 万元");
        assert_eq!(yi(Money::yuan(300_000_000), Lang::Zh), "3 亿元");
        assert_eq!(yi(Money::yuan(250_000_000), Lang::Zh), "2.5 亿元");
        assert_eq!(yi(Money::yuan(3_000_000_000), Lang::Zh), "30 亿元");
        assert_eq!(quantity(0.5, Unit::Share, Lang::En), "50.0%");
        assert_eq!(quantity(30e9, Unit::Cny, Lang::Zh), "300.0 亿元");
        assert_eq!(signed_wan(Money::yuan(20_000_000), Lang::Zh), "+2,000 万元");
        assert_eq!(signed_wan(Money::ZERO, Lang::Zh), "±0 万元");
        assert_eq!(change(-752.6, Unit::Enterprises, Lang::Zh), "-752.6 家");
        assert_eq!(change(-0.024, Unit::Share, Lang::En), "-2.4 pt");
        assert_eq!(change(0.01, Unit::Mu, Lang::Zh), "±0");
        assert_eq!(change(-0.000_1, Unit::Share, Lang::Zh), "±0 pt");
    }

    #[test]
    fn attainment_never_contradicts_the_verdict() {
        assert_eq!(attainment(399.9, 400.0), "99.9%");
        assert_eq!(attainment(399.999, 400.0), "99.9%");
        assert_eq!(attainment(400.0 * (1.0 - 1e-12), 400.0), "100.0%");
        assert_eq!(attainment(634.55, 500.0), "126.9%");
        assert_eq!(attainment(0.0, 400.0), "0.0%");
        assert_eq!(attainment_or_none(1.0, None), "—");
    }
}
