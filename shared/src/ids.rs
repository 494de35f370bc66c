//! Stable identifiers: programmes, indicators, years and the plan's four paths.
//!
//! The string forms are part of the API and of saved scenarios: never rename one.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Number of support programmes in the plan.
pub const PROGRAMME_COUNT: usize = 16;
/// Number of plan years (2017–2020).
pub const YEAR_COUNT: usize = 4;

crate::string_enum! {
    /// One of the sixteen support programmes (plan §3).
    pub enum ProgrammeId("programme") {
        TechEnterprise = "tech_enterprise",
        EmergingIndustry = "emerging_industry",
        ModernServices = "modern_services",
        Ecommerce = "ecommerce",
        EquipmentUpgrade = "equipment_upgrade",
        SmartManufacturing = "smart_manufacturing",
        SpecialisedProducts = "specialised_products",
        LeanManagement = "lean_management",
        Patents = "patents",
        Brands = "brands",
        ShareholdingReform = "shareholding_reform",
        MixedOwnership = "mixed_ownership",
        EnergySaving = "energy_saving",
        ParkUpgrade = "park_upgrade",
        BuildingUpgrade = "building_upgrade",
        DemoBases = "demo_bases",
    }
}

crate::string_enum! {
    /// What an indicator counts; unique together with its programme.
    pub enum IndicatorId("indicator") {
        Enterprises = "enterprises",
        PilotProjects = "pilot_projects",
        Products = "products",
        Brands = "brands",
        IdleLand = "idle_land",
        ParkTax = "park_tax",
        FloorArea = "floor_area",
        Bases = "bases",
        EnergyIntensityReduction = "energy_intensity_reduction",
    }
}

crate::string_enum! {
    /// The plan's four paths (§3 (一)–(四)).
    pub enum PathId("path") {
        /// 产业转型
        IndustryTransformation = "industry_transformation",
        /// 改造提升
        Upgrading = "upgrading",
        /// 重组调整
        Restructuring = "restructuring",
        /// 载体升级
        CarrierUpgrade = "carrier_upgrade",
    }
}

/// A plan year, 2017 to 2020; no other value can be constructed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Year(u16);

impl Year {
    /// The first plan year.
    pub const FIRST: u16 = 2017;
    /// Every plan year in order.
    pub const ALL: [Year; YEAR_COUNT] = [Year(2017), Year(2018), Year(2019), Year(2020)];

    /// The year as a number.
    pub fn get(self) -> u16 {
        self.0
    }

    /// Position in [`Year::ALL`].
    pub fn index(self) -> usize {
        usize::from(self.0 - Self::FIRST)
    }

    /// Parses `"2017"`..`"2020"`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        text.parse::<u16>().ok().and_then(Self::from_number)
    }

    /// `Some` for 2017..=2020.
    pub fn from_number(year: u16) -> Option<Self> {
        (Self::FIRST..Self::FIRST + YEAR_COUNT as u16)
            .contains(&year)
            .then_some(Year(year))
    }
}

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Year {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u16(self.0)
    }
}

impl<'de> Deserialize<'de> for Year {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let year = u16::deserialize(deserializer)?;
        Year::from_number(year).ok_or_else(|| {
            serde::de::Error::custom(format!("year {year} is outside the plan period 2017-2020"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_programme_id_round_trips_through_its_string() {
        assert_eq!(ProgrammeId::ALL.len(), PROGRAMME_COUNT);
        for (i, id) in ProgrammeId::ALL.iter().enumerate() {
            assert_eq!(id.index(), i);
            assert_eq!(ProgrammeId::parse(id.as_str()), Some(*id));
        }
        assert_eq!(ProgrammeId::parse("Tech_Enterprise"), None);
    }

    #[test]
    fn only_plan_years_exist() {
        assert_eq!(Year::parse("2016"), None);
        assert_eq!(Year::parse("2021"), None);
        assert_eq!(Year::parse("2019").map(Year::index), Some(2));
        assert_eq!(Year::parse(" 2019"), None);
    }
}
