//! The plan as data: one source of truth for every name, target, earmark and default.
//!
//! Facts fixed by the plan's text carry [`Provenance::Plan`] with their reference
//! (§3(2)3 means section 三, part （二）, item 3 of the plan); this project's defaults
//! where the plan is silent carry [`Provenance::Assumption`]. Nothing outside this module
//! restates a name, a unit or a number of the plan.

use serde::Serialize;

use crate::ids::{IndicatorId, PathId, ProgrammeId, YEAR_COUNT, Year};
use crate::money::Money;

/// Number of indicators (target rows) across all programmes.
pub const INDICATOR_COUNT: usize = 17;
/// The first twelve programmes count enterprises toward the 12,000 headline.
pub const ENTERPRISE_LINES: usize = 12;

/// Where a number comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Provenance {
    /// Fixed by the plan's text, at this reference.
    Plan {
        /// Where in the plan, e.g. `§4(4)`.
        reference: &'static str,
    },
    /// This project's documented default where the plan is silent.
    Assumption,
}

impl Provenance {
    /// `PLAN` or `ASSUMPTION`, as shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Provenance::Plan { .. } => "PLAN",
            Provenance::Assumption => "ASSUMPTION",
        }
    }
}

/// Where in the plan, as a person reads it: in English the plan's own `§3(2)3, §4(4)`,
/// in Chinese the plan's numbering `三（二）3、四（四）`.
pub fn reference_in(reference: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return reference.to_owned();
    }
    const NUMERALS: [&str; 11] = [
        "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    ];
    let numeral = |digits: &str| {
        digits
            .parse::<usize>()
            .ok()
            .and_then(|n| NUMERALS.get(n).copied())
            .map_or_else(|| digits.to_owned(), str::to_owned)
    };
    let mut out = String::new();
    let mut digits = String::new();
    // Which numbering the digits being read belong to: a part (§N), a section ((N)) or
    // an item (a trailing N).
    let mut context = ' ';
    let flush = |out: &mut String, digits: &mut String, context: char| {
        if !digits.is_empty() {
            match context {
                '§' => out.push_str(&numeral(digits)),
                '(' => out.push_str(&format!("（{}）", numeral(digits))),
                _ => out.push_str(digits),
            }
            digits.clear();
        }
    };
    for c in reference.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '§' | '(' => {
                flush(&mut out, &mut digits, context);
                context = c;
            }
            ')' => {
                flush(&mut out, &mut digits, context);
                context = ' ';
            }
            ',' => {
                flush(&mut out, &mut digits, context);
                out.push('、');
                context = ' ';
            }
            ' ' => {}
            other => {
                flush(&mut out, &mut digits, context);
                out.push(other);
            }
        }
    }
    flush(&mut out, &mut digits, context);
    out
}

/// A source as a person reads it: `规划 三（二）3` or `假设`; `PLAN §3(2)3` or
/// `ASSUMPTION`.
pub fn source_in(provenance: Provenance, lang: Lang) -> String {
    match (provenance, lang) {
        (Provenance::Plan { reference }, Lang::Zh) => {
            format!("规划 {}", reference_in(reference, lang))
        }
        (Provenance::Plan { reference }, Lang::En) => format!("PLAN {reference}"),
        (Provenance::Assumption, Lang::Zh) => "假设".to_owned(),
        (Provenance::Assumption, Lang::En) => "ASSUMPTION".to_owned(),
    }
}

/// A text in the two languages of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Text {
    /// Simplified Chinese, the default.
    pub zh: &'static str,
    /// English.
    pub en: &'static str,
}

impl Text {
    /// The text with its Chinese and its English.
    pub const fn new(zh: &'static str, en: &'static str) -> Text {
        Text { zh, en }
    }

    /// The text in one language.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

/// A text made at run time (a description, a note) in the two languages of the
/// interface; written in JSON as `{"zh": …, "en": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Words {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Words {
    /// Both languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Words {
        Words {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// Made by one function called once per language.
    pub fn each(mut say: impl FnMut(Lang) -> String) -> Words {
        Words {
            zh: say(Lang::Zh),
            en: say(Lang::En),
        }
    }

    /// The text in one language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lang {
    /// zh-CN, the default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Parses `zh`, `zh-CN` or `en`.
    pub fn parse(text: &str) -> Option<Lang> {
        match text.to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh_cn" | "cn" => Some(Lang::Zh),
            "en" | "en-gb" | "en-us" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A refusal worded in both languages: English is its `Display` (the API's and the
/// command line's message), Chinese is [`Refusal::zh`].
pub trait Refusal: std::fmt::Display {
    /// The refusal in Chinese.
    fn zh(&self) -> String;

    /// The refusal in the interface's language.
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.to_string(),
        }
    }

    /// The refusal in both languages, for a notice.
    fn words(&self) -> Words {
        Words::each(|lang| self.message(lang))
    }
}

impl std::str::FromStr for Lang {
    type Err = crate::names::UnknownName;

    /// [`Lang::parse`]; the error names the two languages.
    fn from_str(text: &str) -> Result<Lang, Self::Err> {
        Lang::parse(text)
            .ok_or_else(|| crate::names::UnknownName::new("language", text, ["zh", "en"]))
    }
}

const fn t(zh: &'static str, en: &'static str) -> Text {
    Text { zh, en }
}

/// Flow indicators are produced each year and summed; level indicators are a 2020
/// state that depends on the four-year total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum IndicatorKind {
    /// Produced each year; the 4-year result is the sum.
    Flow,
    /// A state in 2020, driven by the 4-year total funding.
    Level,
}

/// The unit an indicator is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Unit {
    /// Enterprises (家).
    Enterprises,
    /// Pilot or demonstration projects (个).
    Projects,
    /// Products or technologies (个).
    Products,
    /// Brands (个).
    Brands,
    /// Mu of land (亩), 1 mu ≈ 666.7 m².
    Mu,
    /// Yuan (元).
    Cny,
    /// Square metres (平方米).
    SquareMetres,
    /// Demonstration bases (个).
    Bases,
    /// A share, 0.15 meaning 15%.
    Share,
}

impl Unit {
    /// The unit's label.
    pub fn label(self) -> Text {
        match self {
            Unit::Enterprises => t("家", "enterprises"),
            Unit::Projects => t("个", "projects"),
            Unit::Products => t("个", "products"),
            Unit::Brands => t("个", "brands"),
            Unit::Mu => t("亩", "mu"),
            Unit::Cny => t("元", "CNY"),
            Unit::SquareMetres => t("平方米", "m²"),
            Unit::Bases => t("个", "bases"),
            Unit::Share => t("%", "%"),
        }
    }
}

/// One of the plan's four paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PathDef {
    /// Stable id.
    pub id: PathId,
    /// Name.
    pub name: Text,
    /// Plan reference.
    pub reference: &'static str,
}

/// The four paths in the plan's order.
pub const PATHS: [PathDef; 4] = [
    PathDef {
        id: PathId::IndustryTransformation,
        name: t("产业转型", "Industry transformation"),
        reference: "§3(1)",
    },
    PathDef {
        id: PathId::Upgrading,
        name: t("改造提升", "Upgrading"),
        reference: "§3(2)",
    },
    PathDef {
        id: PathId::Restructuring,
        name: t("重组调整", "Restructuring"),
        reference: "§3(3)",
    },
    PathDef {
        id: PathId::CarrierUpgrade,
        name: t("载体升级", "Carrier upgrading"),
        reference: "§3(4)",
    },
];

/// A four-year earmark the plan sets for one programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Earmark {
    /// CNY over the four years.
    pub total_yuan: i64,
    /// Plan reference.
    pub reference: &'static str,
}

impl Earmark {
    /// The four-year amount.
    pub fn total(self) -> Money {
        Money::yuan(self.total_yuan)
    }

    /// The annual floor while earmarks are respected: a quarter of the earmark.
    pub fn annual_floor(self) -> Money {
        Money::yuan(self.total_yuan / YEAR_COUNT as i64)
    }
}

/// A support programme.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeDef {
    /// Stable id.
    pub id: ProgrammeId,
    /// Name.
    pub name: Text,
    /// Short name for narrow tables and chart axes.
    pub short_name: Text,
    /// The path it belongs to.
    pub path: PathId,
    /// Responsible bodies, as the plan names them (PLAN).
    pub responsible: &'static [Text],
    /// Where the plan sets the programme and its target.
    pub reference: &'static str,
    /// Baseline annual allocation in CNY (ASSUMPTION, except earmarked lines whose
    /// baseline is the earmark ÷ 4).
    pub baseline_yuan: i64,
    /// The plan's earmark, where it sets one.
    pub earmark: Option<Earmark>,
    /// Why the baseline and the autonomous share look the way they do.
    pub note: Text,
}

impl ProgrammeDef {
    /// Baseline annual allocation.
    pub fn baseline(&self) -> Money {
        Money::yuan(self.baseline_yuan)
    }

    /// Provenance of the baseline allocation.
    pub fn baseline_provenance(&self) -> Provenance {
        match self.earmark {
            Some(earmark) => Provenance::Plan {
                reference: earmark.reference,
            },
            None => Provenance::Assumption,
        }
    }

    /// Whether the programme's results count toward the 12,000 enterprises.
    pub fn counts_toward_enterprises(&self) -> bool {
        self.id.index() < ENTERPRISE_LINES
    }
}

/// One target row: what a programme produces.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorDef {
    /// The programme that funds it.
    pub programme: ProgrammeId,
    /// What it counts.
    pub indicator: IndicatorId,
    /// Name.
    pub name: Text,
    /// Flow or level.
    pub kind: IndicatorKind,
    /// Unit.
    pub unit: Unit,
    /// The plan's target: over four years for a flow, the 2020 level for a level
    /// indicator. `None` where the plan sets none.
    pub target: Option<f64>,
    /// A reference value used in place of a target where the plan sets none.
    pub reference_value: Option<f64>,
    /// Where the reference value comes from.
    pub reference_note: Option<Text>,
    /// Plan reference of the target.
    pub reference: &'static str,
    /// Default autonomous share α (ASSUMPTION).
    pub alpha: f64,
}

/// An indicator named by its stable key, `programme.indicator`
/// (`equipment_upgrade.enterprises`): a slot of [`INDICATORS`]; no other value can be
/// constructed, so the command line and the API read indicator keys here only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IndicatorKey(usize);

impl IndicatorKey {
    /// Reads `programme.indicator`; the error lists every indicator key.
    pub fn parse(text: &str) -> Result<IndicatorKey, crate::names::UnknownName> {
        INDICATORS
            .iter()
            .position(|def| def.key() == text)
            .map(IndicatorKey)
            .ok_or_else(|| {
                crate::names::UnknownName::new(
                    "indicator",
                    text,
                    INDICATORS.iter().map(IndicatorDef::key),
                )
            })
    }

    /// The indicator's slot in [`INDICATORS`].
    pub fn slot(self) -> usize {
        self.0
    }

    /// The indicator.
    pub fn def(self) -> &'static IndicatorDef {
        &INDICATORS[self.0]
    }
}

impl std::str::FromStr for IndicatorKey {
    type Err = crate::names::UnknownName;

    fn from_str(text: &str) -> Result<IndicatorKey, Self::Err> {
        IndicatorKey::parse(text)
    }
}

impl std::fmt::Display for IndicatorKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.def().key())
    }
}

/// What an indicator is measured against: the plan's target or, where the plan sets
/// none, a reference value (a reference, not a target).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Goal {
    /// The plan's target.
    Target(f64),
    /// A reference value where the plan sets no target.
    Reference(f64),
}

impl Goal {
    /// The target if there is one, else the reference value: the one fallback.
    pub fn of(target: Option<f64>, reference: Option<f64>) -> Option<Goal> {
        match (target, reference) {
            (Some(target), _) => Some(Goal::Target(target)),
            (None, Some(reference)) => Some(Goal::Reference(reference)),
            (None, None) => None,
        }
    }

    /// The value measured against.
    pub fn value(self) -> f64 {
        match self {
            Goal::Target(value) | Goal::Reference(value) => value,
        }
    }
}

/// Which indicator a result row is about, with its kind and unit: the fields every
/// per-indicator row repeats from the plan, written flat into the row's JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorFacts {
    /// The programme.
    pub programme: ProgrammeId,
    /// The indicator.
    pub indicator: IndicatorId,
    /// Flow or level.
    pub kind: IndicatorKind,
    /// Unit.
    pub unit: Unit,
}

impl IndicatorDef {
    /// The programme, indicator, kind and unit, as a row repeats them.
    pub fn facts(&self) -> IndicatorFacts {
        IndicatorFacts {
            programme: self.programme,
            indicator: self.indicator,
            kind: self.kind,
            unit: self.unit,
        }
    }

    /// The target, or the reference value where the plan sets no target.
    pub fn measured_against(&self) -> Option<Goal> {
        Goal::of(self.target, self.reference_value)
    }

    /// The value the curve is calibrated to: the target, or the reference value (0
    /// without either).
    pub fn goal(&self) -> f64 {
        self.measured_against().map_or(0.0, Goal::value)
    }

    /// `programme.indicator`, the indicator's stable key.
    pub fn key(&self) -> String {
        format!("{}.{}", self.programme, self.indicator)
    }
}

/// The annual envelope: 300,000,000 CNY (§4).
pub const ANNUAL_ENVELOPE_YUAN: i64 = 300_000_000;
/// Where the envelope is set.
pub const ENVELOPE_REFERENCE: &str = "§4";
/// The annual envelope as money.
pub fn annual_envelope() -> Money {
    Money::yuan(ANNUAL_ENVELOPE_YUAN)
}

/// The plan's years.
pub const YEARS: [Year; YEAR_COUNT] = Year::ALL;

/// Municipal special funds the envelope is drawn from (§4).
pub const FUNDS: [Text; 4] = [
    t("科技型中小企业专项资金", "Tech SME special fund"),
    t("中小企业发展专项资金", "SME development special fund"),
    t(
        "工业企业技术改造专项资金",
        "Industrial technical-renovation special fund",
    ),
    t(
        "节能环保专项资金",
        "Energy-saving and environmental special fund",
    ),
];

const SCI: Text = t("市科委", "Municipal Science and Technology Commission");
const NDRC: Text = t(
    "市发展改革委",
    "Municipal Development and Reform Commission",
);
const COMMERCE: Text = t("市商务委", "Municipal Commerce Commission");
const MIIT: Text = t(
    "市工业和信息化委",
    "Municipal Industry and Information Technology Commission",
);
const SME: Text = t("市中小企业局", "Municipal SME Bureau");
const DISTRICTS: Text = t("各区人民政府", "District governments");
const IP: Text = t("市知识产权局", "Municipal Intellectual Property Office");
const MARKET: Text = t("市市场监管委", "Municipal Market Regulation Commission");
const FINANCE: Text = t("市金融局（牵头）", "Municipal Finance Bureau (lead)");
const LISTING: Text = t(
    "市上市办各成员单位",
    "Member units of the Municipal Listing Office",
);
const SASAC: Text = t("市国资委", "Municipal SASAC");
const PRIVATE: Text = t("市民营办", "Municipal Private Economy Office");
const EPB: Text = t("市环保局", "Municipal Environmental Protection Bureau");

/// The sixteen programmes in the plan's order (the order of [`ProgrammeId::ALL`]).
pub const PROGRAMMES: [ProgrammeDef; 16] = [
    ProgrammeDef {
        id: ProgrammeId::TechEnterprise,
        name: t("向科技型企业转型", "Transformation into tech enterprises"),
        short_name: t("科技型企业", "Tech enterprises"),
        path: PathId::IndustryTransformation,
        responsible: &[SCI],
        reference: "§3(1)1, §4(1)",
        baseline_yuan: 50_000_000,
        earmark: None,
        note: t(
            "创新券、重点新产品与股改补贴",
            "Innovation vouchers, new-product and reform subsidies",
        ),
    },
    ProgrammeDef {
        id: ProgrammeId::EmergingIndustry,
        name: t(
            "向战略性新兴产业转型",
            "Transformation into strategic emerging industries",
        ),
        short_name: t("战略性新兴产业", "Emerging industries"),
        path: PathId::IndustryTransformation,
        responsible: &[NDRC],
        reference: "§3(1)2, §4(2)",
        baseline_yuan: 15_000_000,
        earmark: None,
        note: t("新兴产业项目扶持", "Support for emerging-industry projects"),
    },
    ProgrammeDef {
        id: ProgrammeId::ModernServices,
        name: t("向现代服务业转型", "Transformation into modern services"),
        short_name: t("现代服务业", "Modern services"),
        path: PathId::IndustryTransformation,
        responsible: &[NDRC],
        reference: "§3(1)3, §4(2)",
        baseline_yuan: 7_500_000,
        earmark: None,
        note: t("服务业专项资金支持", "Services special fund support"),
    },
    ProgrammeDef {
        id: ProgrammeId::Ecommerce,
        name: t("向电子商务应用转型", "Transformation to e-commerce"),
        short_name: t("电子商务", "E-commerce"),
        path: PathId::IndustryTransformation,
        responsible: &[COMMERCE],
        reference: "§3(1)4, §4(3)",
        baseline_yuan: 5_000_000,
        earmark: None,
        note: t(
            "市场趋势本身带动了大部分转型",
            "The market trend carries much of it",
        ),
    },
    ProgrammeDef {
        id: ProgrammeId::EquipmentUpgrade,
        name: t("设备升级", "Equipment upgrade"),
        short_name: t("设备升级", "Equipment"),
        path: PathId::Upgrading,
        responsible: &[MIIT, SCI, SME, DISTRICTS],
        reference: "§3(2)1",
        baseline_yuan: 50_000_000,
        earmark: None,
        note: t("撬动企业自有投资", "Leverages private investment"),
    },
    ProgrammeDef {
        id: ProgrammeId::SmartManufacturing,
        name: t(
            "智能制造与“互联网＋”应用",
            "Smart manufacturing & Internet+",
        ),
        short_name: t("智能制造", "Smart manufacturing"),
        path: PathId::Upgrading,
        responsible: &[MIIT],
        reference: "§3(2)2",
        baseline_yuan: 30_000_000,
        earmark: None,
        note: t("试点示范项目成本高", "Pilot projects are expensive"),
    },
    ProgrammeDef {
        id: ProgrammeId::SpecialisedProducts,
        name: t(
            "“专精特新”产品",
            "Specialised & innovative (专精特新) products",
        ),
        short_name: t("专精特新", "Specialised products"),
        path: PathId::Upgrading,
        responsible: &[SME],
        reference: "§3(2)3, §4(4)",
        baseline_yuan: 37_500_000,
        earmark: Some(Earmark {
            total_yuan: 150_000_000,
            reference: "§4(4)",
        }),
        note: t(
            "计划专项安排1.5亿元/4年",
            "Plan earmark: 150M CNY over four years",
        ),
    },
    ProgrammeDef {
        id: ProgrammeId::LeanManagement,
        name: t("精益管理创新", "Lean management innovation"),
        short_name: t("精益管理", "Lean management"),
        path: PathId::Upgrading,
        responsible: &[SME],
        reference: "§3(2)4, §4(5)",
        baseline_yuan: 20_000_000,
        earmark: Some(Earmark {
            total_yuan: 80_000_000,
            reference: "§4(5)",
        }),
        note: t(
            "计划专项安排8000万元/4年",
            "Plan earmark: 80M CNY over four years",
        ),
    },
    ProgrammeDef {
        id: ProgrammeId::Patents,
        name: t("专利提升", "Patent upgrading"),
        short_name: t("专利提升", "Patents"),
        path: PathId::Upgrading,
        responsible: &[IP],
        reference: "§3(2)5",
        baseline_yuan: 10_000_000,
        earmark: None,
        note: t("专利试点与服务", "Patent pilots and services"),
    },
    ProgrammeDef {
        id: ProgrammeId::Brands,
        name: t("品牌建设", "Brand building"),
        short_name: t("品牌建设", "Brands"),
        path: PathId::Upgrading,
        responsible: &[MARKET, MIIT],
        reference: "§3(2)6",
        baseline_yuan: 5_000_000,
        earmark: None,
        note: t("名品名牌培育工程", "Brand cultivation programme"),
    },
    ProgrammeDef {
        id: ProgrammeId::ShareholdingReform,
        name: t("企业股改上市挂牌", "Shareholding reform & listing"),
        short_name: t("股改上市", "Shareholding reform"),
        path: PathId::Restructuring,
        responsible: &[FINANCE, LISTING],
        reference: "§3(3)2",
        baseline_yuan: 10_000_000,
        earmark: None,
        note: t("主要由资本市场驱动", "Driven mainly by capital markets"),
    },
    ProgrammeDef {
        id: ProgrammeId::MixedOwnership,
        name: t(
            "民营企业参与国企混合所有制改革",
            "Private participation in mixed-ownership reform",
        ),
        short_name: t("混合所有制改革", "Mixed ownership"),
        path: PathId::Restructuring,
        responsible: &[SASAC, PRIVATE],
        reference: "§3(3)3",
        baseline_yuan: 2_500_000,
        earmark: None,
        note: t(
            "改革驱动，财政杠杆作用弱",
            "Reform-driven; a weak fiscal lever",
        ),
    },
    ProgrammeDef {
        id: ProgrammeId::EnergySaving,
        name: t(
            "节能降耗与淘汰落后产能",
            "Energy saving & exit of backward capacity",
        ),
        short_name: t("节能降耗", "Energy saving"),
        path: PathId::Restructuring,
        responsible: &[DISTRICTS, MIIT, EPB],
        reference: "§3(3)1, §4(6)",
        baseline_yuan: 17_500_000,
        earmark: None,
        note: t(
            "计划未设目标；以上一轮下降15%为参照",
            "No plan target; the previous round's 15% reduction is the reference",
        ),
    },
    ProgrammeDef {
        id: ProgrammeId::ParkUpgrade,
        name: t("园区升级", "Industrial park upgrading"),
        short_name: t("园区升级", "Parks"),
        path: PathId::CarrierUpgrade,
        responsible: &[SME],
        reference: "§3(4)1, §4(7)",
        baseline_yuan: 20_000_000,
        earmark: None,
        note: t("税收是2020年的水平指标", "The tax target is a 2020 level"),
    },
    ProgrammeDef {
        id: ProgrammeId::BuildingUpgrade,
        name: t("楼宇升级", "Vacant building revitalisation"),
        short_name: t("楼宇升级", "Buildings"),
        path: PathId::CarrierUpgrade,
        responsible: &[SME],
        reference: "§3(4)2, §4(7)",
        baseline_yuan: 15_000_000,
        earmark: None,
        note: t("主要由政策和市场驱动", "Mostly policy- and market-driven"),
    },
    ProgrammeDef {
        id: ProgrammeId::DemoBases,
        name: t(
            "小微企业创业创新示范基地",
            "SME innovation demonstration bases",
        ),
        short_name: t("示范基地", "Demo bases"),
        path: PathId::CarrierUpgrade,
        responsible: &[SME],
        reference: "§3(4)3, §4(7)",
        baseline_yuan: 5_000_000,
        earmark: Some(Earmark {
            total_yuan: 20_000_000,
            reference: "§4(7)",
        }),
        note: t(
            "计划专项安排2000万元/4年",
            "Plan earmark: 20M CNY over four years",
        ),
    },
];

const fn flow(
    programme: ProgrammeId,
    indicator: IndicatorId,
    name: Text,
    unit: Unit,
    target: f64,
    reference: &'static str,
    alpha: f64,
) -> IndicatorDef {
    IndicatorDef {
        programme,
        indicator,
        name,
        kind: IndicatorKind::Flow,
        unit,
        target: Some(target),
        reference_value: None,
        reference_note: None,
        reference,
        alpha,
    }
}

use IndicatorId as I;
use ProgrammeId as P;

/// Every indicator. The first twelve belong, in order, to the twelve enterprise lines.
pub const INDICATORS: [IndicatorDef; INDICATOR_COUNT] = [
    flow(
        P::TechEnterprise,
        I::Enterprises,
        t("转型科技型企业", "Enterprises turned tech enterprises"),
        Unit::Enterprises,
        2_000.0,
        "§3(1)1",
        0.30,
    ),
    flow(
        P::EmergingIndustry,
        I::Enterprises,
        t(
            "转型战略性新兴产业企业",
            "Enterprises into emerging industries",
        ),
        Unit::Enterprises,
        150.0,
        "§3(1)2",
        0.20,
    ),
    flow(
        P::ModernServices,
        I::Enterprises,
        t("转型现代服务业企业", "Enterprises into modern services"),
        Unit::Enterprises,
        150.0,
        "§3(1)3",
        0.30,
    ),
    flow(
        P::Ecommerce,
        I::Enterprises,
        t("电子商务应用转型企业", "Enterprises into e-commerce"),
        Unit::Enterprises,
        400.0,
        "§3(1)4",
        0.40,
    ),
    flow(
        P::EquipmentUpgrade,
        I::Enterprises,
        t("设备升级企业", "Enterprises upgrading equipment"),
        Unit::Enterprises,
        4_000.0,
        "§3(2)1",
        0.35,
    ),
    flow(
        P::SmartManufacturing,
        I::PilotProjects,
        t(
            "“两化融合”试点示范项目",
            "Smart-manufacturing pilot projects",
        ),
        Unit::Projects,
        200.0,
        "§3(2)2",
        0.15,
    ),
    flow(
        P::SpecialisedProducts,
        I::Products,
        t(
            "“专精特新”产品（技术）",
            "Specialised products & technologies",
        ),
        Unit::Products,
        500.0,
        "§3(2)3",
        0.20,
    ),
    flow(
        P::LeanManagement,
        I::Enterprises,
        t(
            "精益管理创新达标企业",
            "Lean-management certified enterprises",
        ),
        Unit::Enterprises,
        1_500.0,
        "§3(2)4",
        0.15,
    ),
    flow(
        P::Patents,
        I::Enterprises,
        t("专利提升企业", "Enterprises upgrading patents"),
        Unit::Enterprises,
        2_000.0,
        "§3(2)5",
        0.40,
    ),
    flow(
        P::Brands,
        I::Brands,
        t("中小企业品牌", "SME brands"),
        Unit::Brands,
        400.0,
        "§3(2)6",
        0.35,
    ),
    flow(
        P::ShareholdingReform,
        I::Enterprises,
        t("完成股改企业", "Enterprises completing shareholding reform"),
        Unit::Enterprises,
        400.0,
        "§3(3)2",
        0.40,
    ),
    flow(
        P::MixedOwnership,
        I::Enterprises,
        t("参与混改企业", "Enterprises in mixed-ownership reform"),
        Unit::Enterprises,
        300.0,
        "§3(3)3",
        0.60,
    ),
    IndicatorDef {
        programme: P::EnergySaving,
        indicator: I::EnergyIntensityReduction,
        name: t("万元产值能耗下降", "Energy-intensity reduction"),
        kind: IndicatorKind::Level,
        unit: Unit::Share,
        target: None,
        reference_value: Some(0.15),
        reference_note: Some(t(
            "上一轮（2014–2016年）下降15%以上，仅作参照，计划未设目标",
            "The 2014-2016 round's reduction of 15% or more: a reference, not a plan target",
        )),
        reference: "§1(1), §3(3)1",
        alpha: 0.33,
    },
    flow(
        P::ParkUpgrade,
        I::IdleLand,
        t("工业园区盘活闲置土地", "Idle park land revitalised"),
        Unit::Mu,
        6_000.0,
        "§3(4)1",
        0.30,
    ),
    IndicatorDef {
        programme: P::ParkUpgrade,
        indicator: I::ParkTax,
        name: t("示范工业园区年上交税收", "Demo-park annual tax"),
        kind: IndicatorKind::Level,
        unit: Unit::Cny,
        target: Some(30_000_000_000.0),
        reference_value: None,
        reference_note: None,
        reference: "§2(3), §3(4)1",
        alpha: 0.90,
    },
    flow(
        P::BuildingUpgrade,
        I::FloorArea,
        t("盘活空置楼宇面积", "Vacant floor area revitalised"),
        Unit::SquareMetres,
        8_000_000.0,
        "§2(3), §3(4)2",
        0.60,
    ),
    flow(
        P::DemoBases,
        I::Bases,
        t("小微企业创业创新示范基地", "SME innovation demo bases"),
        Unit::Bases,
        40.0,
        "§3(4)3",
        0.10,
    ),
];

/// The programme's definition.
pub fn programme(id: ProgrammeId) -> &'static ProgrammeDef {
    &PROGRAMMES[id.index()]
}

/// The indices into [`INDICATORS`] of a programme's indicators.
pub fn indicators_of(id: ProgrammeId) -> impl Iterator<Item = usize> {
    INDICATORS
        .iter()
        .enumerate()
        .filter(move |(_, def)| def.programme == id)
        .map(|(index, _)| index)
}

/// The index into [`INDICATORS`] of `programme.indicator`, if it exists.
pub fn indicator_index(programme: ProgrammeId, indicator: IndicatorId) -> Option<usize> {
    INDICATORS
        .iter()
        .position(|def| def.programme == programme && def.indicator == indicator)
}

/// The typical enterprise of an enterprise line, for the profit-tax and employment KPIs
/// (all ASSUMPTION, illustrative).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CohortDefaults {
    /// Profit-tax of a typical enterprise, 万元 a year.
    pub profit_tax: f64,
    /// Relative profit-tax uplift after transformation (a weight, scaled by calibration).
    pub profit_tax_uplift: f64,
    /// Headcount of a typical enterprise.
    pub headcount: f64,
    /// Relative headcount change after transformation (a weight, scaled by calibration).
    pub headcount_change: f64,
}

const fn cohort(w: f64, u: f64, h: f64, v: f64) -> CohortDefaults {
    CohortDefaults {
        profit_tax: w,
        profit_tax_uplift: u,
        headcount: h,
        headcount_change: v,
    }
}

/// Cohort defaults of the twelve enterprise lines, in programme order.
pub const COHORTS: [CohortDefaults; ENTERPRISE_LINES] = [
    cohort(200.0, 1.2, 60.0, 1.3),
    cohort(500.0, 1.5, 120.0, 1.6),
    cohort(150.0, 1.0, 80.0, 1.5),
    cohort(100.0, 0.8, 40.0, 1.2),
    cohort(300.0, 0.9, 150.0, 0.6),
    cohort(600.0, 1.4, 200.0, 0.5),
    cohort(400.0, 1.3, 100.0, 1.0),
    cohort(250.0, 0.7, 150.0, 0.6),
    cohort(200.0, 0.8, 80.0, 1.0),
    cohort(200.0, 0.9, 70.0, 1.0),
    cohort(800.0, 1.1, 300.0, 1.0),
    cohort(1000.0, 1.0, 400.0, 0.8),
];

crate::string_enum! {
    /// One of the three headline KPIs of §2(3), in the order of [`KPIS`].
    pub enum KpiKey("KPI") {
        /// Enterprises transformed.
        EnterprisesTransformed = "enterprises_transformed",
        /// Profit-tax growth.
        ProfitTaxGrowth = "profit_tax_growth",
        /// Employment growth.
        EmploymentGrowth = "employment_growth",
    }
}

impl KpiKey {
    /// The KPI's name, target, unit and plan reference.
    pub fn headline(self) -> &'static Headline {
        &KPIS[self.index()]
    }
}

/// A headline target of §2(3).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Headline {
    /// Stable key.
    pub key: KpiKey,
    /// Name.
    pub name: Text,
    /// Target value.
    pub target: f64,
    /// Unit.
    pub unit: Unit,
    /// Plan reference.
    pub reference: &'static str,
}

/// Enterprises transformed over 2017–2020 (§2(3)).
pub const ENTERPRISES_TARGET: f64 = 12_000.0;
/// Profit-tax growth of the transformed enterprises (§2(3)).
pub const PROFIT_TAX_GROWTH_TARGET: f64 = 0.50;
/// Employment growth of the transformed enterprises (§2(3)).
pub const EMPLOYMENT_GROWTH_TARGET: f64 = 0.15;

/// The three derived headline KPIs, in [`KpiKey`] order.
pub const KPIS: [Headline; KpiKey::COUNT] = [
    Headline {
        key: KpiKey::EnterprisesTransformed,
        name: t("转型企业", "Enterprises transformed"),
        target: ENTERPRISES_TARGET,
        unit: Unit::Enterprises,
        reference: "§2(3)",
    },
    Headline {
        key: KpiKey::ProfitTaxGrowth,
        name: t("利税总额增长", "Profit-tax growth"),
        target: PROFIT_TAX_GROWTH_TARGET,
        unit: Unit::Share,
        reference: "§2(3)",
    },
    Headline {
        key: KpiKey::EmploymentGrowth,
        name: t("从业人员增长", "Employment growth"),
        target: EMPLOYMENT_GROWTH_TARGET,
        unit: Unit::Share,
        reference: "§2(3)",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_references_read_in_the_plans_own_numbering_in_chinese() {
        assert_eq!(
            reference_in("§3(2)3, §4(4)", Lang::Zh),
            "三（二）3、四（四）"
        );
        assert_eq!(reference_in("§4", Lang::Zh), "四");
        assert_eq!(reference_in("§2(3)", Lang::Zh), "二（三）");
        assert_eq!(reference_in("§3(2)3, §4(4)", Lang::En), "§3(2)3, §4(4)");
        assert_eq!(source_in(Provenance::Assumption, Lang::Zh), "假设");
        let plan = Provenance::Plan {
            reference: "§2(3)"
        };
        assert_eq!(source_in(plan, Lang::Zh), "规划 二（三）");
        assert_eq!(source_in(plan, Lang::En), "PLAN §2(3)");
        // Every reference of the plan reads without § or Latin in Chinese.
        for def in PROGRAMMES.iter() {
            let zh = reference_in(def.reference, Lang::Zh);
            assert!(!zh.contains('§') && !zh.contains('('), "{zh}");
        }
    }

    #[test]
    fn programmes_are_in_id_order() {
        for (i, def) in PROGRAMMES.iter().enumerate() {
            assert_eq!(def.id.index(), i, "{}", def.id);
        }
    }

    #[test]
    fn the_first_twelve_indicators_are_the_enterprise_lines_in_order() {
        for (i, def) in INDICATORS.iter().take(ENTERPRISE_LINES).enumerate() {
            assert_eq!(def.programme.index(), i);
            assert_eq!(def.kind, IndicatorKind::Flow);
        }
        let sum: f64 = INDICATORS[..ENTERPRISE_LINES]
            .iter()
            .filter_map(|def| def.target)
            .sum();
        assert_eq!(sum, ENTERPRISES_TARGET);
    }

    #[test]
    fn baseline_spends_the_envelope_exactly_and_earmarked_lines_sit_on_their_floor() {
        let total: Money = PROGRAMMES.iter().map(ProgrammeDef::baseline).sum();
        assert_eq!(total, annual_envelope());
        for def in &PROGRAMMES {
            if let Some(earmark) = def.earmark {
                assert_eq!(def.baseline(), earmark.annual_floor(), "{}", def.id);
            }
        }
    }

    #[test]
    fn indicator_keys_name_their_own_slot_and_unknown_ones_list_every_key() {
        for (slot, def) in INDICATORS.iter().enumerate() {
            let key = IndicatorKey::parse(&def.key()).map(IndicatorKey::slot);
            assert_eq!(key, Ok(slot));
        }
        let refused = IndicatorKey::parse("x.y").map_err(|e| e.to_string());
        let Err(text) = refused else {
            panic!("x.y is no indicator");
        };
        assert!(
            text.starts_with("unknown indicator `x.y`: use tech_enterprise.enterprises, "),
            "{text}"
        );
        assert!(text.ends_with(" or demo_bases.bases"), "{text}");
    }

    #[test]
    fn every_kpi_key_finds_its_own_headline() {
        assert_eq!(KPIS.len(), KpiKey::COUNT);
        for key in KpiKey::ALL {
            assert_eq!(key.headline().key, *key);
        }
    }

    #[test]
    fn every_programme_has_an_indicator() {
        for id in ProgrammeId::ALL {
            assert!(indicators_of(*id).count() >= 1, "{id}");
        }
        assert_eq!(indicators_of(ProgrammeId::ParkUpgrade).count(), 2);
    }
}
