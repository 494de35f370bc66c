//! The value parsers of the command line's flags: each turns one argument into the
//! model's type or says what it accepts.

use std::str::FromStr;

use server::render::{Chart, Format};
use shared::ids::{ProgrammeId, Year};
use shared::names::{self, UnknownName};
use shared::optimise::{keepable_keys, keepable_slot};
use shared::plan::Lang;
use shared::{Draws, IndicatorKey, KpiKey, Money, Objective, Step};

/// A stable name (language, objective, programme, KPI, chart, format); the error lists
/// every allowed value.
fn parse_name<T: FromStr<Err = UnknownName>>(text: &str) -> Result<T, String> {
    text.parse().map_err(|error: UnknownName| error.to_string())
}

pub(super) fn parse_lang(text: &str) -> Result<Lang, String> {
    parse_name(text)
}

pub(super) fn parse_carry_over(text: &str) -> Result<shared::replan::CarryOver, String> {
    parse_name(text)
}

pub(super) fn parse_actual_status(text: &str) -> Result<shared::execution::ActualStatus, String> {
    parse_name(text)
}

pub(super) fn parse_objective(text: &str) -> Result<Objective, String> {
    parse_name(text)
}

pub(super) fn parse_programme(text: &str) -> Result<ProgrammeId, String> {
    parse_name(text)
}

pub(super) fn parse_kpi(text: &str) -> Result<KpiKey, String> {
    parse_name(text)
}

pub(super) fn parse_step(text: &str) -> Result<Step, String> {
    let step = Money::parse(text).map_err(|e| e.to_string())?;
    Step::new(step).map_err(|e| e.to_string())
}

/// The model's limits, stated for the flag.
pub(super) fn parse_draws(text: &str) -> Result<Draws, String> {
    let draws = text.parse::<u64>().map_err(|e| format!("`{text}`: {e}"))?;
    Draws::new(draws).map_err(|e| format!("--{e}"))
}

pub(super) fn parse_amount(text: &str) -> Result<Money, String> {
    let amount = Money::parse(text).map_err(|e| format!("{e}; give an amount of CNY"))?;
    if amount > Money::MAX_AMOUNT || -amount > Money::MAX_AMOUNT {
        return Err(format!(
            "{text} CNY is beyond the largest amount, {} CNY",
            Money::MAX_AMOUNT
        ));
    }
    Ok(amount)
}

pub(super) fn parse_year(text: &str) -> Result<Year, String> {
    Year::parse(text).ok_or_else(|| {
        format!(
            "unknown year `{text}`; the plan years are {} to {}",
            Year::ALL[0],
            Year::ALL[Year::ALL.len() - 1]
        )
    })
}

/// `ID=CNY`, a bound of `optimize --min` or `--max`.
pub(super) fn parse_bound(text: &str) -> Result<(ProgrammeId, Money), String> {
    let (id, amount) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not ID=CNY, e.g. patents=15000000"))?;
    let id = parse_programme(id.trim())?;
    let amount = parse_amount(amount)?;
    if amount.is_negative() || !amount.is_whole_yuan() {
        return Err(format!(
            "{id}: {amount} CNY is not a whole, non-negative number of yuan"
        ));
    }
    Ok((id, amount))
}

/// An indicator key whose target `optimize --keep` can keep, or `all`.
pub(super) fn parse_keep(text: &str) -> Result<String, String> {
    if text == "all" || keepable_slot(text).is_some() {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "unknown target `{text}`: use {}",
            names::one_of(std::iter::once("all".to_owned()).chain(keepable_keys()))
        ))
    }
}

pub(super) fn parse_chart(text: &str) -> Result<Chart, String> {
    parse_name(text)
}

pub(super) fn parse_format(text: &str) -> Result<Format, String> {
    parse_name(text)
}

pub(super) fn parse_indicator(text: &str) -> Result<usize, String> {
    IndicatorKey::parse(text)
        .map(IndicatorKey::slot)
        .map_err(|e| e.to_string())
}
