//! One verdict, everywhere: whether a target is met, and whether the scenario may claim
//! any target at all.
//!
//! A scenario that overspends or leaves money unallocated in any year is *not
//! feasible*: the money it projects with is not the money there is. While it is, no
//! target is reported as met — tiles, rows, charts, slides, the briefing and the API
//! all say [`Verdict::Infeasible`] and name the gap instead. Every front end calls
//! [`verdict`] (and [`crate::format::attainment`] for the figure beside it), so a mark
//! and its number cannot disagree.

use crate::format;
use crate::ids::Year;
use crate::money::Money;
use crate::plan::Lang;
use crate::projection::EnvelopeYear;

/// A result within this relative distance below its target counts as meeting it: the
/// calibrated baseline hits its targets up to float rounding.
pub const MET_TOLERANCE: f64 = 1e-9;

/// Whether `result` meets `target` (the one comparison the product makes).
pub fn meets(result: f64, target: f64) -> bool {
    result >= target * (1.0 - MET_TOLERANCE)
}

crate::string_enum! {
    /// What may be said of one target.
    pub enum Verdict("verdict") {
        /// The scenario is feasible and the result meets the target.
        Met = "met" ("达成", "met"),
        /// The scenario is feasible and the result falls short.
        Missed = "missed" ("未达成", "missed"),
        /// The scenario over- or underspends a year, so no target is claimed.
        Infeasible = "infeasible" ("预算未平衡", "budget not balanced"),
        /// The plan sets no target.
        NoTarget = "no-target" ("无目标", "no target"),
    }
}

impl Verdict {
    /// Whether a met mark may be shown.
    pub fn is_met(self) -> bool {
        self == Verdict::Met
    }

    /// The mark a table or tile shows: `✓`, `✗`, `—`, or `!` while infeasible.
    pub fn mark(self) -> &'static str {
        match self {
            Verdict::Met => "✓",
            Verdict::Missed => "✗",
            Verdict::Infeasible => "!",
            Verdict::NoTarget => format::NO_VALUE,
        }
    }

    /// The verdict in words.
    pub fn label(self, lang: Lang) -> &'static str {
        self.name().get(lang)
    }
}

/// The verdict of a result against an optional target in a scenario that is or is not
/// feasible.
pub fn verdict(result: f64, target: Option<f64>, feasible: bool) -> Verdict {
    match target {
        None => Verdict::NoTarget,
        Some(_) if !feasible => Verdict::Infeasible,
        Some(target) if meets(result, target) => Verdict::Met,
        Some(_) => Verdict::Missed,
    }
}

/// One year that does not spend its envelope exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    /// The year.
    pub year: Year,
    /// Envelope minus allocations: positive is unallocated, negative overspent.
    pub unallocated: Money,
}

/// The years that over- or underspend, in year order; empty when feasible.
pub fn gaps(envelope: &[EnvelopeYear]) -> Vec<Gap> {
    envelope
        .iter()
        .filter(|year| !year.unallocated.as_decimal().is_zero())
        .map(|year| Gap {
            year: year.year,
            unallocated: year.unallocated,
        })
        .collect()
}

/// Why a scenario is not feasible, in a line: `每年超支 5,000 万元`, or year by year
/// (`2018 年超支 2,000 万元；2019 年未分配 500 万元`). Empty when feasible.
pub fn gap_text(gaps: &[Gap], lang: Lang) -> String {
    let Some(first) = gaps.first() else {
        return String::new();
    };
    let one = |gap: &Gap, every_year: bool| {
        let over = gap.unallocated < Money::ZERO;
        let amount = format::wan(
            if over {
                -gap.unallocated
            } else {
                gap.unallocated
            },
            lang,
        );
        match (lang, every_year, over) {
            (Lang::Zh, true, true) => format!("每年超支 {amount}"),
            (Lang::Zh, true, false) => format!("每年未分配 {amount}"),
            (Lang::Zh, false, true) => format!("{} 年超支 {amount}", gap.year),
            (Lang::Zh, false, false) => format!("{} 年未分配 {amount}", gap.year),
            (Lang::En, true, true) => format!("overspent by {amount} a year"),
            (Lang::En, true, false) => format!("{amount} a year unallocated"),
            (Lang::En, false, true) => format!("{}: overspent by {amount}", gap.year),
            (Lang::En, false, false) => format!("{}: {amount} unallocated", gap.year),
        }
    };
    let every_year =
        gaps.len() == Year::ALL.len() && gaps.iter().all(|g| g.unallocated == first.unallocated);
    if every_year {
        return one(first, true);
    }
    let separator = if lang == Lang::Zh { "；" } else { "; " };
    gaps.iter()
        .map(|gap| one(gap, false))
        .collect::<Vec<_>>()
        .join(separator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_infeasible_scenario_claims_no_target() {
        assert_eq!(verdict(500.0, Some(400.0), false), Verdict::Infeasible);
        assert_eq!(verdict(500.0, Some(400.0), true), Verdict::Met);
        assert_eq!(verdict(399.9, Some(400.0), true), Verdict::Missed);
        assert_eq!(verdict(0.1, None, false), Verdict::NoTarget);
        assert!(meets(400.0 * (1.0 - 1e-12), 400.0));
    }

    #[test]
    fn gaps_read_as_one_line() {
        let year = |i: usize, yuan: i64| Gap {
            year: Year::ALL[i],
            unallocated: Money::yuan(yuan),
        };
        let every: Vec<Gap> = (0..4).map(|i| year(i, -50_000_000)).collect();
        assert_eq!(gap_text(&every, Lang::Zh), "每年超支 5,000 万元");
        assert_eq!(
            gap_text(&every, Lang::En),
            "overspent by CNY 50 million a year"
        );
        let mixed = [year(1, -20_000_000), year(2, 5_000_000)];
        assert_eq!(
            gap_text(&mixed, Lang::Zh),
            "2018 年超支 2,000 万元；2019 年未分配 500 万元"
        );
        assert_eq!(gap_text(&[], Lang::Zh), "");
    }
}
