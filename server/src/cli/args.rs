//! The value parsers of the command line's flags: each turns one argument into the
//! model's type or says what it accepts.

use server::render::{Chart, Format};
use shared::ids::{ProgrammeId, Year};
use shared::optimise::{keepable_keys, keepable_slot};
use shared::plan::{INDICATORS, Lang};
use shared::{KpiKey, Money, Objective};

pub(super) fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| format!("unknown language `{text}`; use zh or en"))
}

pub(super) fn parse_objective(text: &str) -> Result<Objective, String> {
    Objective::parse(text).ok_or_else(|| {
        format!("unknown objective `{text}`; use enterprises, attainment or min-cost")
    })
}

pub(super) fn parse_programme(text: &str) -> Result<ProgrammeId, String> {
    ProgrammeId::parse(text).ok_or_else(|| {
        let ids: Vec<&str> = ProgrammeId::ALL.iter().map(|id| id.as_str()).collect();
        format!(
            "unknown programme `{text}`; the programmes are {}",
            ids.join(", ")
        )
    })
}

pub(super) fn parse_kpi(text: &str) -> Result<KpiKey, String> {
    KpiKey::parse(text).ok_or_else(|| {
        format!(
            "unknown KPI `{text}`; use enterprises_transformed, profit_tax_growth or employment_growth"
        )
    })
}

pub(super) fn parse_step(text: &str) -> Result<Money, String> {
    let step = Money::parse(text).map_err(|e| e.to_string())?;
    if step < Money::yuan(1) || !step.is_whole_yuan() {
        return Err(format!(
            "step `{text}` must be a whole number of CNY of at least 1"
        ));
    }
    Ok(step)
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
            "unknown target `{text}`; use all or one of {}",
            keepable_keys().join(", ")
        ))
    }
}
pub(super) fn parse_chart(text: &str) -> Result<Chart, String> {
    Chart::parse(text).ok_or_else(|| {
        format!(
            "unknown chart `{text}`; use attainment, allocation, trajectory, uncertainty or tornado"
        )
    })
}

pub(super) fn parse_format(text: &str) -> Result<Format, String> {
    match text {
        "svg" => Ok(Format::Svg),
        "png" => Ok(Format::Png),
        _ => Err(format!("unknown format `{text}`; use svg or png")),
    }
}

pub(super) fn parse_indicator(text: &str) -> Result<usize, String> {
    INDICATORS
        .iter()
        .position(|def| def.key() == text)
        .ok_or_else(|| {
            let keys: Vec<String> = INDICATORS.iter().map(|def| def.key()).collect();
            format!(
                "unknown indicator `{text}`; the indicators are {}",
                keys.join(", ")
            )
        })
}
