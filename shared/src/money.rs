//! Money in CNY, exact.
//!
//! Every amount is a [`Decimal`] number of yuan (one currency, CNY: an invariant, so
//! there is no currency field). There is no float constructor. Allocation amounts are
//! whole yuan between 0 and [`Money::MAX_AMOUNT`]; with at most a few hundred of them
//! summed, no arithmetic in the model can come near `Decimal`'s range, which is why the
//! operators below may use `Decimal`'s own (overflow-checked) operators.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An amount of CNY.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

/// Why text is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Not a decimal number at all.
    #[error(
        "`{0}` is not a number: write digits, optionally `.` and more digits (no exponent, `+`, spaces or separators)"
    )]
    NotANumber(String),
}

impl Money {
    /// Zero yuan.
    pub const ZERO: Money = Money(Decimal::ZERO);
    /// 10,000 CNY: one 万元.
    pub const WAN: Money = Money(Decimal::from_parts(10_000, 0, 0, false, 0));
    /// 100,000,000 CNY: one 亿元.
    pub const YI: Money = Money(Decimal::from_parts(100_000_000, 0, 0, false, 0));
    /// The largest single amount (one envelope or allocation) the model accepts:
    /// 10^12 CNY, over three thousand times the plan's envelope.
    pub const MAX_AMOUNT: Money = Money(Decimal::from_parts(3_567_587_328, 232, 0, false, 0));

    /// Whole yuan.
    pub fn yuan(yuan: i64) -> Money {
        Money(Decimal::from(yuan))
    }

    /// Whole 万元 (10,000 CNY).
    pub fn wan(wan: i64) -> Money {
        Money(Decimal::from(wan) * Decimal::from(10_000))
    }

    /// Wraps an exact decimal number of yuan.
    pub fn from_decimal(value: Decimal) -> Money {
        Money(value.normalize())
    }

    /// The exact number of yuan.
    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    /// Parses a decimal number of yuan written plainly: ASCII digits, optionally a `.`
    /// and at least one more digit, optionally after a `-` (`"300000000"`,
    /// `"1234.5"`, `"-20"`). No exponent, `+`, spaces, underscores or thousands
    /// separators, and at most 28 digits, so nothing is rounded on the way in.
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        let unsigned = text.strip_prefix('-').unwrap_or(text);
        let (whole, fraction) = match unsigned.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (unsigned, None),
        };
        let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        let plain = digits(whole) && fraction.is_none_or(digits);
        let significant = whole.len() + fraction.map_or(0, str::len);
        if !plain || significant > 28 {
            return Err(MoneyError::NotANumber(text.to_owned()));
        }
        Decimal::from_str(text)
            .map(Money::from_decimal)
            .map_err(|_| MoneyError::NotANumber(text.to_owned()))
    }

    /// Whether the amount has no fraction of a yuan.
    pub fn is_whole_yuan(self) -> bool {
        self.0.fract().is_zero()
    }

    /// Whether the amount is below zero.
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// Rounds down to whole yuan (toward negative infinity).
    pub fn floor_yuan(self) -> Money {
        Money(self.0.floor())
    }

    /// Rounds up to whole yuan (toward positive infinity).
    pub fn ceil_yuan(self) -> Money {
        Money(self.0.ceil())
    }

    /// The amount as a float, for the response curves only. Exact for whole yuan up to
    /// 2^53, which covers every amount the model accepts.
    pub fn to_f64_lossy(self) -> f64 {
        // Whole-yuan amounts within MAX_AMOUNT fit an i64 and convert exactly; anything
        // else goes through Decimal's own conversion.
        if self.0.fract().is_zero()
            && let Ok(whole) = i64::try_from(self.0)
        {
            return whole as f64;
        }
        rust_decimal::prelude::ToPrimitive::to_f64(&self.0).unwrap_or(f64::NAN)
    }

    /// Multiplies by an exact ratio, keeping full decimal precision.
    pub fn mul_ratio(self, numerator: Money, denominator: Money) -> Money {
        if denominator.0.is_zero() {
            return Money::ZERO;
        }
        Money(self.0 * numerator.0 / denominator.0)
    }

    /// Multiplies by a whole number.
    pub fn times(self, n: i64) -> Money {
        Money(self.0 * Decimal::from(n))
    }

    /// The amount in 万元, rounded half-even to `dp` decimal places.
    pub fn in_wan(self, dp: u32) -> Decimal {
        (self.0 / Decimal::from(10_000))
            .round_dp_with_strategy(dp, RoundingStrategy::MidpointNearestEven)
            .normalize()
    }

    /// The amount in millions of CNY (English amounts), rounded half-even to `dp`
    /// decimal places.
    pub fn in_million(self, dp: u32) -> Decimal {
        (self.0 / Decimal::from(1_000_000))
            .round_dp_with_strategy(dp, RoundingStrategy::MidpointNearestEven)
            .normalize()
    }

    /// The amount in 亿元, rounded half-even to `dp` decimal places.
    pub fn in_yi(self, dp: u32) -> Decimal {
        (self.0 / Decimal::from(100_000_000))
            .round_dp_with_strategy(dp, RoundingStrategy::MidpointNearestEven)
            .normalize()
    }

    /// The larger of two amounts.
    pub fn max(self, other: Money) -> Money {
        if other > self { other } else { self }
    }

    /// The smaller of two amounts.
    pub fn min(self, other: Money) -> Money {
        if other < self { other } else { self }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 -= rhs.0;
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

/// Money is written as a decimal string of CNY, so no JSON reader turns it into a float.
impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0.normalize())
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Money::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_amount_is_ten_to_the_twelfth_yuan() {
        assert_eq!(Money::MAX_AMOUNT, Money::yuan(1_000_000_000_000));
        assert_eq!(Money::WAN, Money::yuan(10_000));
        assert_eq!(Money::YI, Money::yuan(100_000_000));
    }

    #[test]
    fn parses_plain_decimals_only() {
        assert_eq!(Money::parse("300000000"), Ok(Money::yuan(300_000_000)));
        assert_eq!(Money::parse("-20"), Ok(Money::yuan(-20)));
        assert_eq!(
            Money::parse("0.5"),
            Ok(Money::from_decimal(Decimal::new(5, 1)))
        );
        for lenient in [
            "3e8",
            " 1.5E7 ",
            "12,000",
            "",
            "1_000",
            "+5",
            " 5",
            "5.",
            ".5e1",
            "5e6",
            "-",
            "1.2.3",
            "１２",
            "12345678901234567890123456789",
        ] {
            assert!(Money::parse(lenient).is_err(), "{lenient:?} was accepted");
        }
    }

    #[test]
    fn displays_in_wan_and_yi() {
        let envelope = Money::yuan(300_000_000);
        assert_eq!(envelope.in_yi(2).to_string(), "3");
        assert_eq!(Money::yuan(37_500_000).in_wan(1).to_string(), "3750");
        assert_eq!(Money::yuan(12_345).in_wan(2).to_string(), "1.23");
    }

    #[test]
    fn whole_yuan_converts_to_float_exactly() {
        assert_eq!(Money::yuan(57_500_000).to_f64_lossy(), 57_500_000.0);
        assert_eq!(Money::MAX_AMOUNT.to_f64_lossy(), 1e12);
    }
}
