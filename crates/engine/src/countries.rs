//! ISO 3166-1 alpha-2 country codes with English short names and world regions: the
//! table behind the HQ country and region facets, the CSV import's country check and
//! the generator's geography.
//!
//! Regions follow the UN M49 sub-regions, grouped as the [`Region`] variants describe:
//! Northern Africa and Sub-Saharan Africa are one `Africa`; Western Asia (Cyprus and
//! Türkiye included) is `MiddleEast`; Iran is in M49's Southern Asia, so `SouthAsia`;
//! Central America, South America and the Caribbean are `LatinAmerica`; Australia and New
//! Zealand, Melanesia, Micronesia and Polynesia are `Oceania`. Antarctica has no M49
//! sub-region; it is filed under `Oceania` so that every code has a region (a company
//! headquartered there is unlikely, but an import must not fail on a valid code).

use crate::taxonomy::Region;
use crate::taxonomy::Region::{
    Africa, CentralAsia, EastAsia, EasternEurope, LatinAmerica, MiddleEast, NorthernAmerica,
    NorthernEurope, Oceania, SouthAsia, SoutheastAsia, SouthernEurope, WesternEurope,
};

/// A country of ISO 3166-1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, upper case (`"DE"`).
    pub code: &'static str,
    /// English short name (`"Germany"`); unique across the table.
    pub name: &'static str,
    /// World region.
    pub region: Region,
}

/// Every ISO 3166-1 alpha-2 country, sorted by code (lookups binary-search it).
pub static COUNTRIES: &[Country] = &[
    c("AD", "Andorra", SouthernEurope),
    c("AE", "United Arab Emirates", MiddleEast),
    c("AF", "Afghanistan", SouthAsia),
    c("AG", "Antigua and Barbuda", LatinAmerica),
    c("AI", "Anguilla", LatinAmerica),
    c("AL", "Albania", SouthernEurope),
    c("AM", "Armenia", MiddleEast),
    c("AO", "Angola", Africa),
    c("AQ", "Antarctica", Oceania),
    c("AR", "Argentina", LatinAmerica),
    c("AS", "American Samoa", Oceania),
    c("AT", "Austria", WesternEurope),
    c("AU", "Australia", Oceania),
    c("AW", "Aruba", LatinAmerica),
    c("AX", "Åland Islands", NorthernEurope),
    c("AZ", "Azerbaijan", MiddleEast),
    c("BA", "Bosnia and Herzegovina", SouthernEurope),
    c("BB", "Barbados", LatinAmerica),
    c("BD", "Bangladesh", SouthAsia),
    c("BE", "Belgium", WesternEurope),
    c("BF", "Burkina Faso", Africa),
    c("BG", "Bulgaria", EasternEurope),
    c("BH", "Bahrain", MiddleEast),
    c("BI", "Burundi", Africa),
    c("BJ", "Benin", Africa),
    c("BL", "Saint Barthélemy", LatinAmerica),
    c("BM", "Bermuda", NorthernAmerica),
    c("BN", "Brunei", SoutheastAsia),
    c("BO", "Bolivia", LatinAmerica),
    c("BQ", "Caribbean Netherlands", LatinAmerica),
    c("BR", "Brazil", LatinAmerica),
    c("BS", "Bahamas", LatinAmerica),
    c("BT", "Bhutan", SouthAsia),
    c("BV", "Bouvet Island", LatinAmerica),
    c("BW", "Botswana", Africa),
    c("BY", "Belarus", EasternEurope),
    c("BZ", "Belize", LatinAmerica),
    c("CA", "Canada", NorthernAmerica),
    c("CC", "Cocos (Keeling) Islands", Oceania),
    c("CD", "Democratic Republic of the Congo", Africa),
    c("CF", "Central African Republic", Africa),
    c("CG", "Republic of the Congo", Africa),
    c("CH", "Switzerland", WesternEurope),
    c("CI", "Côte d'Ivoire", Africa),
    c("CK", "Cook Islands", Oceania),
    c("CL", "Chile", LatinAmerica),
    c("CM", "Cameroon", Africa),
    c("CN", "China", EastAsia),
    c("CO", "Colombia", LatinAmerica),
    c("CR", "Costa Rica", LatinAmerica),
    c("CU", "Cuba", LatinAmerica),
    c("CV", "Cabo Verde", Africa),
    c("CW", "Curaçao", LatinAmerica),
    c("CX", "Christmas Island", Oceania),
    c("CY", "Cyprus", MiddleEast),
    c("CZ", "Czechia", EasternEurope),
    c("DE", "Germany", WesternEurope),
    c("DJ", "Djibouti", Africa),
    c("DK", "Denmark", NorthernEurope),
    c("DM", "Dominica", LatinAmerica),
    c("DO", "Dominican Republic", LatinAmerica),
    c("DZ", "Algeria", Africa),
    c("EC", "Ecuador", LatinAmerica),
    c("EE", "Estonia", NorthernEurope),
    c("EG", "Egypt", Africa),
    c("EH", "Western Sahara", Africa),
    c("ER", "Eritrea", Africa),
    c("ES", "Spain", SouthernEurope),
    c("ET", "Ethiopia", Africa),
    c("FI", "Finland", NorthernEurope),
    c("FJ", "Fiji", Oceania),
    c("FK", "Falkland Islands", LatinAmerica),
    c("FM", "Micronesia", Oceania),
    c("FO", "Faroe Islands", NorthernEurope),
    c("FR", "France", WesternEurope),
    c("GA", "Gabon", Africa),
    c("GB", "United Kingdom", NorthernEurope),
    c("GD", "Grenada", LatinAmerica),
    c("GE", "Georgia", MiddleEast),
    c("GF", "French Guiana", LatinAmerica),
    c("GG", "Guernsey", NorthernEurope),
    c("GH", "Ghana", Africa),
    c("GI", "Gibraltar", SouthernEurope),
    c("GL", "Greenland", NorthernAmerica),
    c("GM", "Gambia", Africa),
    c("GN", "Guinea", Africa),
    c("GP", "Guadeloupe", LatinAmerica),
    c("GQ", "Equatorial Guinea", Africa),
    c("GR", "Greece", SouthernEurope),
    c(
        "GS",
        "South Georgia and the South Sandwich Islands",
        LatinAmerica,
    ),
    c("GT", "Guatemala", LatinAmerica),
    c("GU", "Guam", Oceania),
    c("GW", "Guinea-Bissau", Africa),
    c("GY", "Guyana", LatinAmerica),
    c("HK", "Hong Kong", EastAsia),
    c("HM", "Heard Island and McDonald Islands", Oceania),
    c("HN", "Honduras", LatinAmerica),
    c("HR", "Croatia", SouthernEurope),
    c("HT", "Haiti", LatinAmerica),
    c("HU", "Hungary", EasternEurope),
    c("ID", "Indonesia", SoutheastAsia),
    c("IE", "Ireland", NorthernEurope),
    c("IL", "Israel", MiddleEast),
    c("IM", "Isle of Man", NorthernEurope),
    c("IN", "India", SouthAsia),
    c("IO", "British Indian Ocean Territory", Africa),
    c("IQ", "Iraq", MiddleEast),
    c("IR", "Iran", SouthAsia),
    c("IS", "Iceland", NorthernEurope),
    c("IT", "Italy", SouthernEurope),
    c("JE", "Jersey", NorthernEurope),
    c("JM", "Jamaica", LatinAmerica),
    c("JO", "Jordan", MiddleEast),
    c("JP", "Japan", EastAsia),
    c("KE", "Kenya", Africa),
    c("KG", "Kyrgyzstan", CentralAsia),
    c("KH", "Cambodia", SoutheastAsia),
    c("KI", "Kiribati", Oceania),
    c("KM", "Comoros", Africa),
    c("KN", "Saint Kitts and Nevis", LatinAmerica),
    c("KP", "North Korea", EastAsia),
    c("KR", "South Korea", EastAsia),
    c("KW", "Kuwait", MiddleEast),
    c("KY", "Cayman Islands", LatinAmerica),
    c("KZ", "Kazakhstan", CentralAsia),
    c("LA", "Laos", SoutheastAsia),
    c("LB", "Lebanon", MiddleEast),
    c("LC", "Saint Lucia", LatinAmerica),
    c("LI", "Liechtenstein", WesternEurope),
    c("LK", "Sri Lanka", SouthAsia),
    c("LR", "Liberia", Africa),
    c("LS", "Lesotho", Africa),
    c("LT", "Lithuania", NorthernEurope),
    c("LU", "Luxembourg", WesternEurope),
    c("LV", "Latvia", NorthernEurope),
    c("LY", "Libya", Africa),
    c("MA", "Morocco", Africa),
    c("MC", "Monaco", WesternEurope),
    c("MD", "Moldova", EasternEurope),
    c("ME", "Montenegro", SouthernEurope),
    c("MF", "Saint Martin", LatinAmerica),
    c("MG", "Madagascar", Africa),
    c("MH", "Marshall Islands", Oceania),
    c("MK", "North Macedonia", SouthernEurope),
    c("ML", "Mali", Africa),
    c("MM", "Myanmar", SoutheastAsia),
    c("MN", "Mongolia", EastAsia),
    c("MO", "Macao", EastAsia),
    c("MP", "Northern Mariana Islands", Oceania),
    c("MQ", "Martinique", LatinAmerica),
    c("MR", "Mauritania", Africa),
    c("MS", "Montserrat", LatinAmerica),
    c("MT", "Malta", SouthernEurope),
    c("MU", "Mauritius", Africa),
    c("MV", "Maldives", SouthAsia),
    c("MW", "Malawi", Africa),
    c("MX", "Mexico", LatinAmerica),
    c("MY", "Malaysia", SoutheastAsia),
    c("MZ", "Mozambique", Africa),
    c("NA", "Namibia", Africa),
    c("NC", "New Caledonia", Oceania),
    c("NE", "Niger", Africa),
    c("NF", "Norfolk Island", Oceania),
    c("NG", "Nigeria", Africa),
    c("NI", "Nicaragua", LatinAmerica),
    c("NL", "Netherlands", WesternEurope),
    c("NO", "Norway", NorthernEurope),
    c("NP", "Nepal", SouthAsia),
    c("NR", "Nauru", Oceania),
    c("NU", "Niue", Oceania),
    c("NZ", "New Zealand", Oceania),
    c("OM", "Oman", MiddleEast),
    c("PA", "Panama", LatinAmerica),
    c("PE", "Peru", LatinAmerica),
    c("PF", "French Polynesia", Oceania),
    c("PG", "Papua New Guinea", Oceania),
    c("PH", "Philippines", SoutheastAsia),
    c("PK", "Pakistan", SouthAsia),
    c("PL", "Poland", EasternEurope),
    c("PM", "Saint Pierre and Miquelon", NorthernAmerica),
    c("PN", "Pitcairn Islands", Oceania),
    c("PR", "Puerto Rico", LatinAmerica),
    c("PS", "Palestine", MiddleEast),
    c("PT", "Portugal", SouthernEurope),
    c("PW", "Palau", Oceania),
    c("PY", "Paraguay", LatinAmerica),
    c("QA", "Qatar", MiddleEast),
    c("RE", "Réunion", Africa),
    c("RO", "Romania", EasternEurope),
    c("RS", "Serbia", SouthernEurope),
    c("RU", "Russia", EasternEurope),
    c("RW", "Rwanda", Africa),
    c("SA", "Saudi Arabia", MiddleEast),
    c("SB", "Solomon Islands", Oceania),
    c("SC", "Seychelles", Africa),
    c("SD", "Sudan", Africa),
    c("SE", "Sweden", NorthernEurope),
    c("SG", "Singapore", SoutheastAsia),
    c("SH", "Saint Helena, Ascension and Tristan da Cunha", Africa),
    c("SI", "Slovenia", SouthernEurope),
    c("SJ", "Svalbard and Jan Mayen", NorthernEurope),
    c("SK", "Slovakia", EasternEurope),
    c("SL", "Sierra Leone", Africa),
    c("SM", "San Marino", SouthernEurope),
    c("SN", "Senegal", Africa),
    c("SO", "Somalia", Africa),
    c("SR", "Suriname", LatinAmerica),
    c("SS", "South Sudan", Africa),
    c("ST", "São Tomé and Príncipe", Africa),
    c("SV", "El Salvador", LatinAmerica),
    c("SX", "Sint Maarten", LatinAmerica),
    c("SY", "Syria", MiddleEast),
    c("SZ", "Eswatini", Africa),
    c("TC", "Turks and Caicos Islands", LatinAmerica),
    c("TD", "Chad", Africa),
    c("TF", "French Southern Territories", Africa),
    c("TG", "Togo", Africa),
    c("TH", "Thailand", SoutheastAsia),
    c("TJ", "Tajikistan", CentralAsia),
    c("TK", "Tokelau", Oceania),
    c("TL", "Timor-Leste", SoutheastAsia),
    c("TM", "Turkmenistan", CentralAsia),
    c("TN", "Tunisia", Africa),
    c("TO", "Tonga", Oceania),
    c("TR", "Türkiye", MiddleEast),
    c("TT", "Trinidad and Tobago", LatinAmerica),
    c("TV", "Tuvalu", Oceania),
    c("TW", "Taiwan", EastAsia),
    c("TZ", "Tanzania", Africa),
    c("UA", "Ukraine", EasternEurope),
    c("UG", "Uganda", Africa),
    c("UM", "United States Minor Outlying Islands", Oceania),
    c("US", "United States", NorthernAmerica),
    c("UY", "Uruguay", LatinAmerica),
    c("UZ", "Uzbekistan", CentralAsia),
    c("VA", "Vatican City", SouthernEurope),
    c("VC", "Saint Vincent and the Grenadines", LatinAmerica),
    c("VE", "Venezuela", LatinAmerica),
    c("VG", "British Virgin Islands", LatinAmerica),
    c("VI", "United States Virgin Islands", LatinAmerica),
    c("VN", "Vietnam", SoutheastAsia),
    c("VU", "Vanuatu", Oceania),
    c("WF", "Wallis and Futuna", Oceania),
    c("WS", "Samoa", Oceania),
    c("YE", "Yemen", MiddleEast),
    c("YT", "Mayotte", Africa),
    c("ZA", "South Africa", Africa),
    c("ZM", "Zambia", Africa),
    c("ZW", "Zimbabwe", Africa),
];

/// The country of an ISO 3166-1 alpha-2 code, in any letter case.
#[must_use]
pub fn country(code: &str) -> Option<&'static Country> {
    let &[first, second] = code.as_bytes() else {
        return None;
    };
    let key = [first.to_ascii_uppercase(), second.to_ascii_uppercase()];
    COUNTRIES
        .binary_search_by(|country| country.code.as_bytes().cmp(&key[..]))
        .ok()
        .map(|index| &COUNTRIES[index])
}

/// Builds a table row; keeps the table one line per country.
const fn c(code: &'static str, name: &'static str, region: Region) -> Country {
    Country { code, name, region }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use std::collections::HashSet;

    use super::*;

    #[wasm_bindgen_test(unsupported = test)]
    fn table_is_sorted_complete_and_unique() {
        assert_eq!(COUNTRIES.len(), 249);
        assert!(
            COUNTRIES.windows(2).all(|pair| pair[0].code < pair[1].code),
            "sorted, no duplicate codes"
        );
        let names: HashSet<&str> = COUNTRIES.iter().map(|country| country.name).collect();
        assert_eq!(names.len(), COUNTRIES.len(), "names are unique");
        for country in COUNTRIES {
            assert!(
                country.code.len() == 2 && country.code.bytes().all(|b| b.is_ascii_uppercase())
            );
            assert!(!country.name.is_empty());
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn every_region_has_countries() {
        for region in Region::ALL {
            assert!(
                COUNTRIES.iter().any(|country| country.region == *region),
                "{region}"
            );
        }
    }

    #[track_caller]
    fn check(code: &str, expected: Option<(&str, Region)>) {
        assert_eq!(
            country(code).map(|country| (country.name, country.region)),
            expected
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn lookups() {
        check("US", Some(("United States", Region::NorthernAmerica)));
        check("de", Some(("Germany", Region::WesternEurope)));
        check("Gb", Some(("United Kingdom", Region::NorthernEurope)));
        check("fr", Some(("France", Region::WesternEurope)));
        check("IT", Some(("Italy", Region::SouthernEurope)));
        check("pl", Some(("Poland", Region::EasternEurope)));
        check("AE", Some(("United Arab Emirates", Region::MiddleEast)));
        check("ng", Some(("Nigeria", Region::Africa)));
        check("KZ", Some(("Kazakhstan", Region::CentralAsia)));
        check("IN", Some(("India", Region::SouthAsia)));
        check("JP", Some(("Japan", Region::EastAsia)));
        check("SG", Some(("Singapore", Region::SoutheastAsia)));
        check("NZ", Some(("New Zealand", Region::Oceania)));
        check("BR", Some(("Brazil", Region::LatinAmerica)));
        check("AA", None);
        check("XK", None);
        check("USA", None);
        check("U", None);
        check("", None);
        check("ü", None);
        check("éa", None);
    }
}
