//! The closed vocabularies of the data model: facets, filter modes, size bands, intent
//! signals and gauge, contact function and seniority, lawful basis, regions, and the slug
//! rules that turn labels into URL values.
//!
//! Open vocabularies (industries, technologies, segments, topics, vendors) are data: they
//! live in the dataset's dictionaries, keyed by slug.

use std::fmt;

/// A filterable dimension of an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Facet {
    /// Industry (one per account).
    Industry,
    /// Headquarters country, ISO 3166-1 alpha-2 in lower case (one per account).
    Country,
    /// Headquarters region, derived from the country (one per account).
    Region,
    /// Employee band (one per account).
    Employees,
    /// Revenue band (one per account).
    Revenue,
    /// Installed technologies (many per account).
    Tech,
    /// Market segments the account shows intent in (many per account).
    Segment,
    /// Intent topics the account read about (many per account).
    Topic,
    /// Vendors whose content the account read (many per account).
    Vendor,
    /// Intent signals lit for the ranking segment (many per account).
    Signal,
    /// Interest gauge for the ranking segment (one per account).
    Gauge,
}

impl Facet {
    /// Every facet, in the canonical order of list URLs and facet counts.
    pub const ALL: [Facet; 11] = [
        Facet::Industry,
        Facet::Country,
        Facet::Region,
        Facet::Employees,
        Facet::Revenue,
        Facet::Tech,
        Facet::Segment,
        Facet::Topic,
        Facet::Vendor,
        Facet::Signal,
        Facet::Gauge,
    ];

    /// The facet's name in list URLs, JSON and CSV.
    #[must_use]
    pub const fn slug(self) -> &'static str {
        match self {
            Facet::Industry => "industry",
            Facet::Country => "country",
            Facet::Region => "region",
            Facet::Employees => "employees",
            Facet::Revenue => "revenue",
            Facet::Tech => "tech",
            Facet::Segment => "segment",
            Facet::Topic => "topic",
            Facet::Vendor => "vendor",
            Facet::Signal => "signal",
            Facet::Gauge => "gauge",
        }
    }

    /// The facet named by `slug`.
    #[must_use]
    pub fn from_slug(slug: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|facet| facet.slug() == slug)
    }

    /// Whether an account can hold several values of this facet (so `all` makes sense).
    #[must_use]
    pub const fn is_multi_valued(self) -> bool {
        matches!(
            self,
            Facet::Tech | Facet::Segment | Facet::Topic | Facet::Vendor | Facet::Signal
        )
    }

    /// Whether the facet's values depend on the ranking segment.
    #[must_use]
    pub const fn is_per_segment(self) -> bool {
        matches!(self, Facet::Signal | Facet::Gauge)
    }
}

impl fmt::Display for Facet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// How a clause combines its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    /// Includes any (OR).
    Any,
    /// Includes all (AND); meaningful for multi-valued facets.
    All,
    /// Exclude (NOT any of the values).
    Not,
}

impl Mode {
    /// The mode's name in list URLs.
    #[must_use]
    pub const fn slug(self) -> &'static str {
        match self {
            Mode::Any => "any",
            Mode::All => "all",
            Mode::Not => "not",
        }
    }

    /// The mode named by `slug`.
    #[must_use]
    pub fn from_slug(slug: &str) -> Option<Mode> {
        [Mode::Any, Mode::All, Mode::Not]
            .into_iter()
            .find(|mode| mode.slug() == slug)
    }
}

/// Declares a closed vocabulary: an enum with a slug and a label per value.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = ($slug:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in order (the order is the value's index in the dataset).
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value's slug (URL, JSON and CSV).
            #[must_use]
            pub const fn slug(self) -> &'static str {
                match self { $($name::$variant => $slug),+ }
            }

            /// The value's human label.
            #[must_use]
            pub const fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The value named by `slug`.
            #[must_use]
            pub fn from_slug(slug: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|value| value.slug() == slug)
            }

            /// The value's index in [`Self::ALL`].
            #[must_use]
            #[allow(clippy::cast_possible_truncation, reason = "vocabularies have far fewer than 256 values")]
            pub const fn index(self) -> u8 {
                self as u8
            }

            /// The value at `index` in [`Self::ALL`].
            #[must_use]
            pub fn from_index(index: u8) -> Option<$name> {
                Self::ALL.get(usize::from(index)).copied()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.slug())
            }
        }
    };
}

vocabulary! {
    /// Headcount band.
    EmployeeBand {
        /// 1 to 10.
        E1 = ("1-10", "1–10"),
        /// 11 to 50.
        E11 = ("11-50", "11–50"),
        /// 51 to 200.
        E51 = ("51-200", "51–200"),
        /// 201 to 500.
        E201 = ("201-500", "201–500"),
        /// 501 to 1,000.
        E501 = ("501-1000", "501–1,000"),
        /// 1,001 to 5,000.
        E1001 = ("1001-5000", "1,001–5,000"),
        /// 5,001 to 10,000.
        E5001 = ("5001-10000", "5,001–10,000"),
        /// More than 10,000.
        E10001 = ("10001-plus", "10,001+"),
    }
}

impl EmployeeBand {
    /// The band of a headcount.
    #[must_use]
    pub fn of(employees: u32) -> EmployeeBand {
        match employees {
            0..=10 => EmployeeBand::E1,
            11..=50 => EmployeeBand::E11,
            51..=200 => EmployeeBand::E51,
            201..=500 => EmployeeBand::E201,
            501..=1000 => EmployeeBand::E501,
            1001..=5000 => EmployeeBand::E1001,
            5001..=10_000 => EmployeeBand::E5001,
            _ => EmployeeBand::E10001,
        }
    }
}

vocabulary! {
    /// Annual revenue band, in US dollars.
    RevenueBand {
        /// Under $1M.
        R0 = ("0-1m", "< $1M"),
        /// $1M to $10M.
        R1m = ("1m-10m", "$1M–$10M"),
        /// $10M to $50M.
        R10m = ("10m-50m", "$10M–$50M"),
        /// $50M to $100M.
        R50m = ("50m-100m", "$50M–$100M"),
        /// $100M to $500M.
        R100m = ("100m-500m", "$100M–$500M"),
        /// $500M to $1B.
        R500m = ("500m-1b", "$500M–$1B"),
        /// $1B to $10B.
        R1b = ("1b-10b", "$1B–$10B"),
        /// $10B and more.
        R10b = ("10b-plus", "$10B+"),
    }
}

impl RevenueBand {
    /// The band of an annual revenue in US dollars.
    #[must_use]
    pub fn of(revenue_usd: u64) -> RevenueBand {
        const M: u64 = 1_000_000;
        match revenue_usd {
            r if r < M => RevenueBand::R0,
            r if r < 10 * M => RevenueBand::R1m,
            r if r < 50 * M => RevenueBand::R10m,
            r if r < 100 * M => RevenueBand::R50m,
            r if r < 500 * M => RevenueBand::R100m,
            r if r < 1000 * M => RevenueBand::R500m,
            r if r < 10_000 * M => RevenueBand::R1b,
            _ => RevenueBand::R10b,
        }
    }
}

vocabulary! {
    /// The five intent signals of an account in a segment (thresholds in `intent`).
    Signal {
        /// Many distinct readers.
        Widespread = ("widespread", "Widespread"),
        /// Active in many of the last 13 weeks.
        Sustained = ("sustained", "Sustained"),
        /// Reading late-stage content (comparisons, pricing).
        LateStage = ("late-stage", "Late Stage"),
        /// Senior readers.
        Stakeholder = ("stakeholder", "Stakeholder"),
        /// Content from several vendors.
        CrossVendor = ("cross-vendor", "Cross-Vendor"),
    }
}

vocabulary! {
    /// Where an account stands in a segment's buying cycle.
    Gauge {
        /// Actively comparing vendors.
        EvaluatingVendors = ("evaluating-vendors", "Evaluating Vendors"),
        /// Research is building up.
        RampingUp = ("ramping-up", "Ramping Up"),
        /// No meaningful activity.
        NotActive = ("not-active", "Not Active"),
    }
}

vocabulary! {
    /// A contact's job function.
    Function {
        /// IT and infrastructure.
        It = ("it", "IT"),
        /// Software engineering.
        Engineering = ("engineering", "Engineering"),
        /// Information security.
        Security = ("security", "Security"),
        /// Data and analytics.
        Data = ("data", "Data & Analytics"),
        /// Finance.
        Finance = ("finance", "Finance"),
        /// Marketing.
        Marketing = ("marketing", "Marketing"),
        /// Sales.
        Sales = ("sales", "Sales"),
        /// Operations.
        Operations = ("operations", "Operations"),
        /// Human resources.
        HumanResources = ("hr", "Human Resources"),
        /// Legal and compliance.
        Legal = ("legal", "Legal & Compliance"),
        /// Procurement.
        Procurement = ("procurement", "Procurement"),
        /// General management.
        Executive = ("executive", "Executive"),
    }
}

vocabulary! {
    /// A contact's seniority.
    Seniority {
        /// Chief officers and owners.
        CLevel = ("c-level", "C-Level"),
        /// Vice presidents.
        Vp = ("vp", "VP"),
        /// Directors and heads of.
        Director = ("director", "Director"),
        /// Managers.
        Manager = ("manager", "Manager"),
        /// Individual contributors.
        Staff = ("staff", "Staff"),
    }
}

impl Seniority {
    /// Rank for "at or above" (`level=min:`): staff lowest (0) to c-level highest (4).
    #[must_use]
    pub const fn rank(self) -> u8 {
        match self {
            Seniority::Staff => 0,
            Seniority::Manager => 1,
            Seniority::Director => 2,
            Seniority::Vp => 3,
            Seniority::CLevel => 4,
        }
    }

    /// Whether a reader of this seniority counts for the Stakeholder signal.
    #[must_use]
    pub const fn is_senior(self) -> bool {
        matches!(
            self,
            Seniority::CLevel | Seniority::Vp | Seniority::Director
        )
    }
}

vocabulary! {
    /// The GDPR Art. 6 basis on which a contact's data is processed for marketing.
    LawfulBasis {
        /// The contact consented.
        Consent = ("consent", "Consent"),
        /// Legitimate interest (Art. 6(1)(f)).
        LegitimateInterest = ("legitimate-interest", "Legitimate interest"),
    }
}

vocabulary! {
    /// A world region, for the HQ region facet.
    Region {
        /// United States, Canada and the North Atlantic.
        NorthernAmerica = ("northern-america", "Northern America"),
        /// Central and South America, Mexico and the Caribbean.
        LatinAmerica = ("latin-america", "Latin America & Caribbean"),
        /// Western Europe.
        WesternEurope = ("western-europe", "Western Europe"),
        /// The Nordics, the Baltics, the British Isles.
        NorthernEurope = ("northern-europe", "Northern Europe"),
        /// Southern Europe.
        SouthernEurope = ("southern-europe", "Southern Europe"),
        /// Eastern Europe.
        EasternEurope = ("eastern-europe", "Eastern Europe"),
        /// Western Asia and the Middle East.
        MiddleEast = ("middle-east", "Middle East"),
        /// Africa.
        Africa = ("africa", "Africa"),
        /// Central Asia.
        CentralAsia = ("central-asia", "Central Asia"),
        /// South Asia.
        SouthAsia = ("south-asia", "South Asia"),
        /// East Asia.
        EastAsia = ("east-asia", "East Asia"),
        /// South-East Asia.
        SoutheastAsia = ("southeast-asia", "South-East Asia"),
        /// Australia, New Zealand and the Pacific.
        Oceania = ("oceania", "Oceania"),
    }
}

/// Turns a label into a slug: ASCII transliteration, lower case, runs of anything but
/// letters and digits become one `-`, no leading or trailing `-`.
///
/// Slugs are the values of list URLs, so they use only `[a-z0-9-]`, which never needs
/// percent-encoding.
#[must_use]
pub fn slugify(label: &str) -> String {
    let ascii = deunicode::deunicode(label);
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for ch in ascii.chars() {
        if ch.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(ch.to_ascii_lowercase());
        } else if ch == '+' {
            // "C++" and "C" must not collide.
            if !slug.is_empty() {
                slug.push('-');
            }
            slug.push_str("plus");
            pending_dash = true;
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// Whether `text` is a well-formed slug (`[a-z0-9]+` joined by single `-`).
#[must_use]
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[track_caller]
    fn check(label: &str, slug: &str) {
        assert_eq!(slugify(label), slug);
        assert!(slug.is_empty() || is_slug(slug), "{slug}");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn slugs() {
        check("Computer Software", "computer-software");
        check("  Banking & Finance ", "banking-finance");
        check("Zürich Versicherung", "zurich-versicherung");
        check("C++", "c-plus-plus");
        check("Salesforce Sales Cloud", "salesforce-sales-cloud");
        check("---", "");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn bands() {
        assert_eq!(EmployeeBand::of(10), EmployeeBand::E1);
        assert_eq!(EmployeeBand::of(11), EmployeeBand::E11);
        assert_eq!(EmployeeBand::of(250_000), EmployeeBand::E10001);
        assert_eq!(RevenueBand::of(999_999), RevenueBand::R0);
        assert_eq!(RevenueBand::of(1_000_000), RevenueBand::R1m);
        assert_eq!(RevenueBand::of(u64::MAX), RevenueBand::R10b);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn vocabularies_round_trip() {
        for facet in Facet::ALL {
            assert_eq!(Facet::from_slug(facet.slug()), Some(facet));
        }
        for signal in Signal::ALL {
            assert_eq!(Signal::from_index(signal.index()), Some(*signal));
            assert_eq!(Signal::from_slug(signal.slug()), Some(*signal));
        }
    }
}
