//! Display helpers shared by the command line, the API's text outputs and the browser:
//! money in 万元 and 亿元 in Chinese and in CNY million (billion) in English, always with
//! its unit, counts as whole numbers, numbers with thousands separators.

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

/// An amount of the plan's money: in Chinese in 万元 (`"3,750 万元"`), in English in
/// millions of CNY (`"CNY 37.5 million"`), the one English convention for amounts —
/// except below a million, which English writes out in whole yuan (`"CNY 33,333"` per
/// enterprise, not `"CNY 0.0333 million"`).
pub fn wan(amount: Money, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{} 万元", decimal(amount.in_wan(2))),
        Lang::En if amount.as_decimal().abs() < Money::yuan(1_000_000).as_decimal() => {
            cny(decimal(amount.as_decimal().round().normalize()), "")
        }
        Lang::En => cny(decimal(amount.in_million(4)), "million"),
    }
}

/// `CNY 3.0 billion`, with a minus sign, if any, in front of the currency as a plus sign
/// is (`-CNY 80 million` beside `+CNY 24 million`); `scale` may be empty (`CNY 20,000`).
fn cny(figure: String, scale: &str) -> String {
    let (sign, magnitude) = match figure.strip_prefix('-') {
        Some(magnitude) => ("-", magnitude),
        None => ("", figure.as_str()),
    };
    if scale.is_empty() {
        format!("{sign}CNY {magnitude}")
    } else {
        format!("{sign}CNY {magnitude} {scale}")
    }
}

/// A large amount: in Chinese in 亿元 (`"3 亿元"`), in English in millions of CNY
/// (`"CNY 300 million"`), as [`wan`].
pub fn yi(amount: Money, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{} 亿元", decimal(amount.in_yi(4))),
        Lang::En => wan(amount, lang),
    }
}

/// The unit amounts are typed and tabled in: 万元, or CNY million.
pub fn money_unit(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "万元",
        Lang::En => "CNY million",
    }
}

/// An amount as a figure in [`money_unit`], exact to 100 yuan and without trailing
/// zeros: what an amount field shows.
pub fn money_figure(amount: Money, lang: Lang) -> Decimal {
    match lang {
        Lang::Zh => amount.in_wan(2),
        Lang::En => amount.in_million(4),
    }
}

/// One [`money_unit`]: 10,000 yuan, or 1,000,000.
pub fn money_unit_amount(lang: Lang) -> Money {
    match lang {
        Lang::Zh => Money::WAN,
        Lang::En => Money::yuan(1_000_000),
    }
}

/// A figure typed in [`money_unit`] as an amount, whole yuan (rounded down); `None`
/// for what is not a non-negative number.
pub fn parse_money(text: &str, lang: Lang) -> Option<Money> {
    let figure = Money::parse(text.trim().replace(',', "").as_str()).ok()?;
    let unit = money_unit_amount(lang);
    let yuan = figure.mul_ratio(unit, Money::yuan(1)).floor_yuan();
    (!yuan.is_negative()).then_some(yuan)
}

/// The slider and amount fields' step in [`money_unit`]: 10万元, CNY 0.1 million.
pub fn money_step(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "10",
        Lang::En => "0.1",
    }
}

/// A decimal with thousands separators and its own decimals.
pub fn decimal(value: Decimal) -> String {
    number(decimal_to_f64(value), value.scale() as usize)
}

fn decimal_to_f64(value: rust_decimal::Decimal) -> f64 {
    Money::from_decimal(value).to_f64_lossy()
}

/// Whether the unit counts whole things (enterprises, projects, mu…), shown without
/// decimals.
pub fn is_whole(unit: Unit) -> bool {
    !matches!(unit, Unit::Share | Unit::Cny | Unit::SquareMetres)
}

/// A projected value in its unit: shares as percentages; CNY in 亿元 (English: CNY
/// billion, or million below a billion); square metres in 万平方米 (English: million
/// m², or m² below a million); counts as whole numbers.
pub fn quantity(value: f64, unit: Unit, lang: Lang) -> String {
    match (unit, lang) {
        (Unit::Share, _) => format!("{}%", number(value * 100.0, 1)),
        (Unit::Cny, Lang::Zh) => format!("{} 亿元", number(value / 1e8, 1)),
        (Unit::Cny, Lang::En) if value.abs() >= 1e9 => cny(number(value / 1e9, 1), "billion"),
        (Unit::Cny, Lang::En) => cny(number(value / 1e6, 0), "million"),
        (Unit::SquareMetres, Lang::Zh) => format!("{} 万平方米", number(value / 1e4, 1)),
        (Unit::SquareMetres, Lang::En) if value.abs() >= 1e6 => {
            format!("{} million m²", number(value / 1e6, 1))
        }
        (Unit::SquareMetres, Lang::En) => format!("{} m²", number(value, 0)),
        (other, _) => count(value, 0, other, lang),
    }
}

/// A count in its unit with `dp` decimals (0 unless precision was asked for):
/// `"12,000 家"`, `"12,000 enterprises"`.
pub fn count(value: f64, dp: usize, unit: Unit, lang: Lang) -> String {
    format!("{} {}", number(value, dp), unit.label().get(lang))
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
        let points = match lang {
            Lang::Zh => "个百分点",
            Lang::En => "pt",
        };
        if (delta * 100.0).abs() < 0.05 {
            format!("±0 {points}")
        } else {
            format!("{:+.1} {points}", delta * 100.0)
        }
    } else if delta.abs() < if is_whole(unit) { 0.5 } else { 0.05 } {
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
        assert_eq!(change(-752.6, Unit::Enterprises, Lang::Zh), "-753 家");
        assert_eq!(change(0.4, Unit::Projects, Lang::En), "±0");
        assert_eq!(change(-0.024, Unit::Share, Lang::En), "-2.4 pt");
        assert_eq!(change(0.01, Unit::Mu, Lang::Zh), "±0");
        assert_eq!(change(-0.000_1, Unit::Share, Lang::Zh), "±0 个百分点");
    }

    #[test]
    fn english_amounts_are_in_words_and_counts_are_whole() {
        assert_eq!(wan(Money::yuan(37_500_000), Lang::En), "CNY 37.5 million");
        // Below a million, whole yuan: a cost per enterprise reads as one.
        assert_eq!(
            wan(Money::parse("33333.33").unwrap(), Lang::En),
            "CNY 33,333"
        );
        assert_eq!(wan(Money::yuan(-500_000), Lang::En), "-CNY 500,000");
        assert_eq!(wan(Money::yuan(1_000_000), Lang::En), "CNY 1 million");
        assert_eq!(
            wan(Money::parse("33333.33").unwrap(), Lang::Zh),
            "3.33 万元"
        );
        assert_eq!(yi(Money::yuan(300_000_000), Lang::En), "CNY 300 million");
        assert_eq!(
            signed_wan(Money::yuan(-80_000_000), Lang::En),
            "-CNY 80 million"
        );
        assert_eq!(
            change(-3e9, Unit::Cny, Lang::En),
            "-CNY 3.0 billion",
            "the sign stands before the currency, as a plus sign does"
        );
        assert_eq!(change(2.4e7, Unit::Cny, Lang::En), "+CNY 24 million");
        assert_eq!(quantity(30e9, Unit::Cny, Lang::En), "CNY 30.0 billion");
        assert_eq!(quantity(5.2e8, Unit::Cny, Lang::En), "CNY 520 million");
        assert_eq!(
            quantity(8e6, Unit::SquareMetres, Lang::En),
            "8.0 million m²"
        );
        assert_eq!(
            quantity(8e6, Unit::SquareMetres, Lang::Zh),
            "800.0 万平方米"
        );
        assert_eq!(quantity(12_000.0, Unit::Enterprises, Lang::Zh), "12,000 家");
        assert_eq!(quantity(40.0, Unit::Bases, Lang::En), "40 bases");
        assert_eq!(count(39.96, 2, Unit::Mu, Lang::Zh), "39.96 亩");
        assert_eq!(money_unit(Lang::En), "CNY million");
        assert_eq!(
            money_figure(Money::yuan(50_000_000), Lang::En).to_string(),
            "50"
        );
        assert_eq!(
            money_figure(Money::yuan(50_000_000), Lang::Zh).to_string(),
            "5000"
        );
    }

    #[test]
    fn typed_amounts_are_read_in_the_languages_unit() {
        assert_eq!(parse_money("37.5", Lang::En), Some(Money::yuan(37_500_000)));
        assert_eq!(
            parse_money(" 3,750 ", Lang::Zh),
            Some(Money::yuan(37_500_000))
        );
        assert_eq!(parse_money("0.00001", Lang::Zh), Some(Money::ZERO));
        assert_eq!(parse_money("-1", Lang::En), None);
        assert_eq!(parse_money("many", Lang::Zh), None);
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
