//! The generator's geography: the countries companies are headquartered in, how common
//! each is, and what their companies look like there (web domain, legal-form suffixes,
//! cities, the language of names). Data only.

use Culture::{
    African, Arabic, CentralEuropean, Chinese, Dutch, English, French, German, Greek, Hebrew,
    Indian, Italian, Japanese, Korean, Nordic, Portuguese, SoutheastAsian, Spanish, Turkish,
};

/// The naming culture of a country: picks personal names and company-name patterns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Culture {
    English,
    German,
    French,
    Spanish,
    Portuguese,
    Italian,
    Dutch,
    Nordic,
    CentralEuropean,
    Greek,
    Indian,
    Chinese,
    Japanese,
    Korean,
    Arabic,
    Turkish,
    Hebrew,
    African,
    SoutheastAsian,
}

impl Culture {
    /// Every culture (the catalog keeps one name list per culture, in this order).
    pub(super) const ALL: [Culture; 19] = [
        English,
        German,
        French,
        Spanish,
        Portuguese,
        Italian,
        Dutch,
        Nordic,
        CentralEuropean,
        Greek,
        Indian,
        Chinese,
        Japanese,
        Korean,
        Arabic,
        Turkish,
        Hebrew,
        African,
        SoutheastAsian,
    ];
}

/// How companies of one HQ country look.
pub(super) struct Profile {
    /// ISO 3166-1 alpha-2, upper case; must be in `countries::COUNTRIES` (tested).
    pub(super) code: &'static str,
    /// Relative share of companies headquartered here.
    pub(super) weight: u32,
    pub(super) culture: Culture,
    /// Country-code top-level domain, without the leading dot.
    pub(super) tld: &'static str,
    /// Legal-form suffixes, most common first.
    pub(super) suffixes: &'static [&'static str],
    /// Business cities, biggest first (the capital when only one).
    pub(super) cities: &'static [&'static str],
}

/// HQ countries, most common first: a Zipf-like skew with the US far ahead, then a long
/// tail of smaller markets.
// One profile a line or two: rustfmt would spread each over a dozen lines.
#[rustfmt::skip]
pub(super) static PROFILES: &[Profile] = &[
    p("US", 3300, English, "com", &["Inc.", "LLC", "Corp.", "Corporation"], &[
        "New York", "San Francisco", "Chicago", "Boston", "Austin", "Seattle", "Los Angeles",
        "Atlanta", "Dallas", "Denver", "Houston", "Miami", "San Jose", "Washington", "Philadelphia",
        "Minneapolis", "Phoenix", "Raleigh",
    ]),
    p("GB", 700, English, "co.uk", &["Ltd", "PLC", "LLP", "Limited"], &[
        "London", "Manchester", "Birmingham", "Edinburgh", "Bristol", "Leeds", "Cambridge",
        "Glasgow", "Reading",
    ]),
    p("DE", 550, German, "de", &["GmbH", "AG", "SE", "GmbH & Co. KG"], &[
        "Berlin", "München", "Hamburg", "Frankfurt am Main", "Köln", "Stuttgart", "Düsseldorf",
        "Nürnberg", "Leipzig",
    ]),
    p("FR", 420, French, "fr", &["SA", "SAS", "SARL"], &[
        "Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Lille", "Bordeaux", "Nice",
    ]),
    p("IN", 400, Indian, "in", &["Pvt. Ltd.", "Limited"], &[
        "Bengaluru", "Mumbai", "New Delhi", "Hyderabad", "Pune", "Chennai", "Gurugram", "Noida",
    ]),
    p("CA", 330, English, "ca", &["Inc.", "Ltd.", "Corp."], &[
        "Toronto", "Vancouver", "Montréal", "Calgary", "Ottawa", "Québec", "Waterloo",
    ]),
    p("AU", 260, English, "com.au", &["Pty Ltd", "Limited"], &[
        "Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide", "Canberra",
    ]),
    p("NL", 200, Dutch, "nl", &["B.V.", "N.V."], &[
        "Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Den Haag", "Groningen",
    ]),
    p("JP", 190, Japanese, "co.jp", &["KK", "Co., Ltd."], &[
        "Tokyo", "Osaka", "Yokohama", "Nagoya", "Fukuoka", "Kyoto",
    ]),
    p("BR", 180, Portuguese, "com.br", &["Ltda.", "S.A."], &[
        "São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba", "Porto Alegre", "Brasília",
    ]),
    p("ES", 170, Spanish, "es", &["S.A.", "S.L."], &[
        "Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao", "Málaga", "Zaragoza",
    ]),
    p("IT", 160, Italian, "it", &["S.p.A.", "S.r.l."], &[
        "Milano", "Roma", "Torino", "Bologna", "Firenze", "Napoli", "Padova",
    ]),
    p("SE", 120, Nordic, "se", &["AB"], &[
        "Stockholm", "Göteborg", "Malmö", "Uppsala", "Linköping",
    ]),
    p("CH", 120, German, "ch", &["AG", "SA", "GmbH"], &[
        "Zürich", "Genève", "Basel", "Bern", "Lausanne", "Zug",
    ]),
    p("SG", 100, SoutheastAsian, "com.sg", &["Pte. Ltd."], &["Singapore"]),
    p("IE", 90, English, "ie", &["Ltd", "DAC", "PLC"], &["Dublin", "Cork", "Galway", "Limerick"]),
    p("BE", 90, Dutch, "be", &["NV", "SA", "BV"], &[
        "Brussels", "Antwerpen", "Gent", "Liège", "Leuven",
    ]),
    p("MX", 90, Spanish, "com.mx", &["S.A. de C.V."], &[
        "Ciudad de México", "Monterrey", "Guadalajara", "Querétaro",
    ]),
    p("CN", 85, Chinese, "cn", &["Co., Ltd."], &[
        "Shanghai", "Beijing", "Shenzhen", "Hangzhou", "Guangzhou",
    ]),
    p("DK", 70, Nordic, "dk", &["A/S", "ApS"], &["København", "Aarhus", "Odense", "Aalborg"]),
    p("NO", 65, Nordic, "no", &["AS", "ASA"], &["Oslo", "Bergen", "Trondheim", "Stavanger"]),
    p("IL", 65, Hebrew, "co.il", &["Ltd."], &["Tel Aviv", "Jerusalem", "Haifa", "Herzliya"]),
    p("AT", 60, German, "at", &["GmbH", "AG"], &["Wien", "Graz", "Linz", "Salzburg", "Innsbruck"]),
    p("FI", 55, Nordic, "fi", &["Oy", "Oyj"], &["Helsinki", "Espoo", "Tampere", "Oulu", "Turku"]),
    p("PL", 55, CentralEuropean, "pl", &["Sp. z o.o.", "S.A."], &[
        "Warszawa", "Kraków", "Wrocław", "Gdańsk", "Poznań",
    ]),
    p("ZA", 55, African, "co.za", &["(Pty) Ltd"], &[
        "Johannesburg", "Cape Town", "Durban", "Pretoria",
    ]),
    p("AE", 50, Arabic, "ae", &["LLC", "FZ-LLC"], &["Dubai", "Abu Dhabi", "Sharjah"]),
    p("KR", 45, Korean, "co.kr", &["Co., Ltd."], &["Seoul", "Busan", "Incheon", "Seongnam"]),
    p("NZ", 45, English, "co.nz", &["Limited", "Ltd"], &["Auckland", "Wellington", "Christchurch"]),
    p("HK", 40, Chinese, "com.hk", &["Limited"], &["Hong Kong"]),
    p("AR", 35, Spanish, "com.ar", &["S.A.", "S.R.L."], &["Buenos Aires", "Córdoba", "Rosario"]),
    p("PT", 35, Portuguese, "pt", &["S.A.", "Lda."], &["Lisboa", "Porto", "Braga", "Coimbra"]),
    p("CZ", 30, CentralEuropean, "cz", &["s.r.o.", "a.s."], &["Praha", "Brno", "Ostrava"]),
    p("CO", 30, Spanish, "com.co", &["S.A.S."], &["Bogotá", "Medellín", "Cali"]),
    p("CL", 28, Spanish, "cl", &["S.A.", "SpA"], &["Santiago", "Valparaíso", "Concepción"]),
    p("MY", 27, SoutheastAsian, "com.my", &["Sdn. Bhd.", "Berhad"], &[
        "Kuala Lumpur", "Penang", "Johor Bahru",
    ]),
    p("TR", 26, Turkish, "com.tr", &["A.Ş."], &["İstanbul", "Ankara", "İzmir", "Bursa"]),
    p("PH", 25, SoutheastAsian, "com.ph", &["Inc.", "Corporation"], &[
        "Manila", "Makati", "Cebu City", "Taguig",
    ]),
    p("ID", 25, SoutheastAsian, "co.id", &["Tbk"], &["Jakarta", "Surabaya", "Bandung"]),
    p("SA", 24, Arabic, "com.sa", &["LLC"], &["Riyadh", "Jeddah", "Dammam"]),
    p("TW", 22, Chinese, "com.tw", &["Co., Ltd."], &["Taipei", "Hsinchu", "Taichung", "Kaohsiung"]),
    p("TH", 20, SoutheastAsian, "co.th", &["Co., Ltd.", "PCL"], &["Bangkok", "Chiang Mai"]),
    p("RO", 20, CentralEuropean, "ro", &["S.R.L.", "S.A."], &[
        "București", "Cluj-Napoca", "Iași", "Timișoara",
    ]),
    p("GR", 18, Greek, "gr", &["S.A."], &["Athens", "Thessaloniki", "Patras"]),
    p("HU", 17, CentralEuropean, "hu", &["Kft.", "Zrt."], &["Budapest", "Debrecen", "Szeged"]),
    p("UA", 17, CentralEuropean, "com.ua", &["LLC"], &["Kyiv", "Lviv", "Kharkiv", "Dnipro"]),
    p("NG", 15, African, "com.ng", &["Ltd", "PLC"], &["Lagos", "Abuja", "Port Harcourt"]),
    p("EG", 14, Arabic, "com.eg", &["S.A.E."], &["Cairo", "Alexandria", "Giza"]),
    p("KE", 12, African, "co.ke", &["Ltd"], &["Nairobi", "Mombasa"]),
    p("VN", 12, SoutheastAsian, "vn", &["JSC", "Co., Ltd."], &[
        "Ho Chi Minh City", "Hanoi", "Da Nang",
    ]),
    p("LU", 12, French, "lu", &["S.A.", "S.à r.l."], &["Luxembourg"]),
    p("PE", 11, Spanish, "pe", &["S.A.C."], &["Lima", "Arequipa", "Trujillo"]),
    p("EE", 10, Nordic, "ee", &["OÜ", "AS"], &["Tallinn", "Tartu"]),
    p("PK", 9, Indian, "pk", &["(Pvt.) Ltd."], &["Karachi", "Lahore", "Islamabad"]),
    p("LT", 9, CentralEuropean, "lt", &["UAB", "AB"], &["Vilnius", "Kaunas"]),
    p("SK", 8, CentralEuropean, "sk", &["s.r.o.", "a.s."], &["Bratislava", "Košice"]),
    p("BG", 8, CentralEuropean, "bg", &["EOOD", "AD"], &["Sofia", "Plovdiv", "Varna"]),
    p("LV", 7, CentralEuropean, "lv", &["SIA", "AS"], &["Riga"]),
    p("SI", 7, CentralEuropean, "si", &["d.o.o.", "d.d."], &["Ljubljana", "Maribor"]),
    p("HR", 7, CentralEuropean, "hr", &["d.o.o.", "d.d."], &["Zagreb", "Split", "Rijeka"]),
    p("RS", 7, CentralEuropean, "rs", &["d.o.o."], &["Belgrade", "Novi Sad"]),
    p("QA", 7, Arabic, "qa", &["W.L.L."], &["Doha"]),
    p("BD", 7, Indian, "com.bd", &["Ltd."], &["Dhaka", "Chittagong"]),
    p("MA", 6, Arabic, "ma", &["SARL", "SA"], &["Casablanca", "Rabat", "Tangier"]),
    p("KW", 5, Arabic, "com.kw", &["K.S.C."], &["Kuwait City"]),
    p("LK", 5, Indian, "lk", &["(Pvt) Ltd"], &["Colombo"]),
    p("GH", 5, African, "com.gh", &["Ltd"], &["Accra", "Kumasi"]),
    p("CR", 5, Spanish, "cr", &["S.A."], &["San José"]),
    p("UY", 5, Spanish, "com.uy", &["S.A."], &["Montevideo"]),
    p("EC", 5, Spanish, "ec", &["S.A."], &["Quito", "Guayaquil"]),
    p("BH", 4, Arabic, "bh", &["W.L.L.", "B.S.C."], &["Manama"]),
    p("OM", 4, Arabic, "om", &["LLC", "SAOG"], &["Muscat"]),
    p("PA", 4, Spanish, "pa", &["S.A.", "Inc."], &["Panama City"]),
    p("IS", 4, Nordic, "is", &["ehf.", "hf."], &["Reykjavík"]),
    p("MT", 4, English, "com.mt", &["Ltd"], &["Valletta", "Sliema"]),
    p("CY", 4, Greek, "com.cy", &["Ltd"], &["Nicosia", "Limassol"]),
    p("KZ", 4, CentralEuropean, "kz", &["LLP", "JSC"], &["Almaty", "Astana"]),
    p("GE", 3, CentralEuropean, "ge", &["LLC"], &["Tbilisi"]),
    p("JO", 3, Arabic, "jo", &["PLC", "LLC"], &["Amman"]),
    p("TZ", 3, African, "co.tz", &["Ltd"], &["Dar es Salaam"]),
    p("RW", 2, African, "rw", &["Ltd"], &["Kigali"]),
    p("CI", 2, French, "ci", &["SA", "SARL"], &["Abidjan"]),
    p("SN", 2, French, "sn", &["SA", "SARL"], &["Dakar"]),
    p("GT", 2, Spanish, "com.gt", &["S.A."], &["Guatemala City"]),
    p("DO", 2, Spanish, "com.do", &["S.R.L."], &["Santo Domingo"]),
    p("MU", 2, English, "mu", &["Ltd"], &["Port Louis"]),
];

/// Builds a profile; keeps the table one line per country.
const fn p(
    code: &'static str,
    weight: u32,
    culture: Culture,
    tld: &'static str,
    suffixes: &'static [&'static str],
    cities: &'static [&'static str],
) -> Profile {
    Profile {
        code,
        weight,
        culture,
        tld,
        suffixes,
        cities,
    }
}
