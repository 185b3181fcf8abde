//! The generator's names: personal names per culture (accents included, so that search
//! and email normalisation meet real spellings), company-name parts, and job titles per
//! function and seniority. Data only.
//!
//! Word lists are packed several to a line under `#[rustfmt::skip]`: one word per line,
//! as rustfmt would have it, makes them hard to read and review.

use super::geo::Culture;
use super::words::Sector;
use clearlist_engine::taxonomy::{Function, Seniority};

/// Given names of a culture.
#[rustfmt::skip]
pub(super) fn first_names(culture: Culture) -> &'static [&'static str] {
    match culture {
        Culture::English => &[
            "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David",
            "Elizabeth", "William", "Sarah", "Richard", "Jessica", "Thomas", "Karen", "Christopher",
            "Emily", "Daniel", "Olivia", "Matthew", "Sophie", "Andrew", "Zoë", "Ryan", "Megan",
            "Kevin", "Rachel", "Brian", "Chloe", "Jack", "Grace", "Liam", "Amy",
        ],
        Culture::German => &[
            "Lukas", "Anna", "Jonas", "Lena", "Maximilian", "Katharina", "Felix", "Julia", "Jörg",
            "Sabine", "Stefan", "Jürgen", "Birgit", "Matthias", "Claudia", "Andreas", "Günter",
            "Ursula", "Tobias", "Sophie", "Florian", "Maren", "Björn", "Käthe", "Uwe", "Nicole",
        ],
        Culture::French => &[
            "Jean", "Marie", "Pierre", "Camille", "François", "Léa", "Nicolas", "Chloé", "Julien",
            "Élodie", "Antoine", "Hélène", "Sébastien", "Céline", "Guillaume", "Amélie", "Mathieu",
            "Aurélie", "Thomas", "Inès", "Jérôme", "Manon", "Benoît", "Margaux", "Loïc", "Noémie",
        ],
        Culture::Spanish => &[
            "José", "María", "Juan", "Lucía", "Carlos", "Carmen", "Javier", "Sofía", "Miguel",
            "Ana", "Alejandro", "Isabel", "Diego", "Marta", "Andrés", "Paula", "Sergio", "Elena",
            "Raúl", "Inés", "Álvaro", "Beatriz", "Iñaki", "Mónica", "Martín", "Valentina",
        ],
        Culture::Portuguese => &[
            "João", "Maria", "Pedro", "Ana", "Lucas", "Beatriz", "Gabriel", "Mariana", "Rafael",
            "Juliana", "Tiago", "Letícia", "André", "Fernanda", "Gonçalo", "Inês", "Luís", "Camila",
            "Sérgio", "Patrícia", "Thiago", "Larissa", "Vinícius", "Débora",
        ],
        Culture::Italian => &[
            "Giuseppe", "Giulia", "Marco", "Francesca", "Alessandro", "Chiara", "Luca", "Sara",
            "Andrea", "Valentina", "Matteo", "Federica", "Lorenzo", "Elena", "Davide", "Martina",
            "Niccolò", "Alessia", "Stefano", "Silvia", "Fabrizio", "Paola", "Riccardo", "Ilaria",
        ],
        Culture::Dutch => &[
            "Daan", "Emma", "Sem", "Julia", "Lars", "Sanne", "Thijs", "Lotte", "Bram", "Eva",
            "Joost", "Femke", "Pieter", "Anouk", "Ruben", "Inge", "Maarten", "Marloes", "Sjoerd",
            "Noë", "Wouter", "Fleur", "Jeroen", "Ilse",
        ],
        Culture::Nordic => &[
            "Erik", "Anna", "Lars", "Ingrid", "Søren", "Sofia", "Björn", "Maja", "Anders",
            "Astrid", "Magnus", "Freja", "Mikael", "Linnéa", "Jørgen", "Saara", "Mathias",
            "Sigrid", "Olli", "Åsa", "Henrik", "Malin", "Jukka", "Kristín", "Nils", "Elin",
        ],
        Culture::CentralEuropean => &[
            "Łukasz", "Agnieszka", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Jan", "Zuzana",
            "Petr", "Tereza", "Jiří", "Barbora", "Andrei", "Ioana", "Mihai", "Elena", "László",
            "Zsófia", "Dmytro", "Olena", "Marek", "Małgorzata", "Ondřej", "Ivana", "Gábor",
        ],
        Culture::Greek => &[
            "Georgios", "Maria", "Dimitrios", "Eleni", "Konstantinos", "Katerina", "Nikolaos",
            "Sofia", "Ioannis", "Anastasia", "Christos", "Despina", "Panagiotis", "Vasiliki",
        ],
        Culture::Indian => &[
            "Aarav", "Priya", "Rahul", "Ananya", "Vikram", "Sneha", "Arjun", "Divya", "Rohan",
            "Kavya", "Amit", "Pooja", "Sanjay", "Neha", "Karthik", "Lakshmi", "Rajesh", "Meera",
            "Suresh", "Aishwarya", "Imran", "Fatima", "Vivek", "Shreya",
        ],
        Culture::Chinese => &[
            "Wei", "Fang", "Jun", "Li", "Hao", "Xin", "Ming", "Yan", "Jie", "Ying", "Lei", "Mei",
            "Chen", "Jing", "Tao", "Hui", "Bo", "Xiaoling", "Zhiwei", "Yuxuan", "Kai", "Lin",
        ],
        Culture::Japanese => &[
            "Haruto", "Yui", "Sota", "Hina", "Ren", "Aoi", "Takeshi", "Yuki", "Hiroshi", "Sakura",
            "Kenji", "Naomi", "Daisuke", "Emi", "Shota", "Mai", "Kazuki", "Ayaka", "Yuto",
            "Misaki",
        ],
        Culture::Korean => &[
            "Min-jun", "Seo-yeon", "Ji-hoon", "Ji-woo", "Hyun-woo", "Su-bin", "Dong-hyun", "Ye-jin",
            "Sung-min", "Hye-jin", "Jae-won", "Eun-ji", "Tae-yang", "Da-eun",
        ],
        Culture::Arabic => &[
            "Mohammed", "Fatima", "Ahmed", "Aisha", "Omar", "Layla", "Khalid", "Noor", "Youssef",
            "Mariam", "Hassan", "Sara", "Ali", "Huda", "Tariq", "Rania", "Karim", "Salma",
        ],
        Culture::Turkish => &[
            "Mehmet", "Ayşe", "Mustafa", "Fatma", "Ahmet", "Zeynep", "Emre", "Elif", "Burak",
            "Özge", "Çağrı", "Gül", "İbrahim", "Şule", "Onur", "Derya",
        ],
        Culture::Hebrew => &[
            "Noam", "Tamar", "Yosef", "Noa", "Daniel", "Maya", "Eitan", "Shira", "Avi", "Yael",
            "Omer", "Michal", "Itai", "Roni",
        ],
        Culture::African => &[
            "Chinedu", "Amara", "Oluwaseun", "Ngozi", "Kwame", "Abena", "Thabo", "Lerato", "Sipho",
            "Nomvula", "Tunde", "Adaeze", "Kofi", "Wanjiru", "Musa", "Zanele", "Emeka", "Akosua",
        ],
        Culture::SoutheastAsian => &[
            "Wei Ling", "Nurul", "Ahmad", "Siti", "Budi", "Dewi", "Minh", "Linh", "Somchai",
            "Ploy", "Jose", "Maricel", "Rizal", "Putri", "Thanh", "Kanya", "Hafiz", "Mei Ling",
        ],
    }
}

/// Family names of a culture.
#[rustfmt::skip]
pub(super) fn last_names(culture: Culture) -> &'static [&'static str] {
    match culture {
        Culture::English => &[
            "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
            "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White",
            "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "King", "Wright", "Scott",
            "Green", "Baker", "Adams", "Campbell", "Murphy", "O'Brien", "Evans", "Hughes",
            "Morgan", "Cooper", "Reed", "Bennett", "Foster", "Hayes", "Sullivan",
        ],
        Culture::German => &[
            "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
            "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
            "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Köhler",
            "Groß", "Lange", "Jäger", "Vogel", "Weiß", "Böhm",
        ],
        Culture::French => &[
            "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
            "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David",
            "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "Bonnet", "Dupont",
            "Lambert", "Fontaine", "Rousseau", "Mercier", "Chevalier", "Gauthier",
        ],
        Culture::Spanish => &[
            "García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez",
            "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez",
            "Romero", "Alonso", "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos",
            "Núñez", "Castro", "Ortega",
        ],
        Culture::Portuguese => &[
            "Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Rodrigues", "Almeida",
            "Nascimento", "Lima", "Araújo", "Fernandes", "Carvalho", "Gomes", "Martins", "Rocha",
            "Ribeiro", "Alves", "Monteiro", "Mendes", "Barros", "Freitas", "Conceição", "Gonçalves",
        ],
        Culture::Italian => &[
            "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
            "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
            "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro",
            "Mariani",
        ],
        Culture::Dutch => &[
            "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
            "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
            "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra",
        ],
        Culture::Nordic => &[
            "Johansson", "Andersson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsen",
            "Hansen", "Jensen", "Nielsen", "Pedersen", "Sørensen", "Virtanen", "Korhonen",
            "Mäkinen", "Nordström", "Lindqvist", "Bergström", "Håkansson", "Løvås", "Jónsson",
            "Öberg", "Ødegaard", "Laine",
        ],
        Culture::CentralEuropean => &[
            "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
            "Zieliński", "Novák", "Svoboda", "Dvořák", "Černý", "Popescu", "Ionescu", "Popa",
            "Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Shevchenko", "Kovalenko", "Bondarenko",
            "Petrović", "Horvat",
        ],
        Culture::Greek => &[
            "Papadopoulos", "Papadakis", "Georgiou", "Nikolaou", "Konstantinou", "Ioannou",
            "Christodoulou", "Vasileiou", "Dimitriou", "Pappas", "Oikonomou", "Antoniou",
        ],
        Culture::Indian => &[
            "Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair", "Rao", "Das",
            "Mehta", "Joshi", "Shah", "Banerjee", "Chatterjee", "Menon", "Pillai", "Verma",
            "Agarwal", "Kapoor", "Malhotra", "Khan", "Bose", "Desai",
        ],
        Culture::Chinese => &[
            "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
            "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Luo", "Gao", "Chan", "Wong", "Leung",
        ],
        Culture::Japanese => &[
            "Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura",
            "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Yamaguchi", "Matsumoto", "Inoue",
            "Kimura", "Hayashi", "Shimizu", "Mori",
        ],
        Culture::Korean => &[
            "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han",
            "Oh", "Seo", "Shin", "Kwon", "Hwang",
        ],
        Culture::Arabic => &[
            "Al-Farsi", "Haddad", "Al-Mansouri", "Khalil", "Nasser", "Saleh", "Hamdan",
            "Al-Hashimi", "Aziz", "Mansour", "Al-Rashid", "Darwish", "Suleiman", "Qasim",
            "El-Sayed", "Bakr",
        ],
        Culture::Turkish => &[
            "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
            "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Koç",
        ],
        Culture::Hebrew => &[
            "Cohen", "Levi", "Mizrahi", "Peretz", "Biton", "Friedman", "Avraham", "Katz", "Azoulay",
            "Shapiro", "Ben-David", "Goldberg", "Ohana", "Rosen",
        ],
        Culture::African => &[
            "Okafor", "Adeyemi", "Mensah", "Nkosi", "Dlamini", "Okonkwo", "Boateng", "Kamau",
            "Mwangi", "Ndlovu", "Balogun", "Owusu", "Otieno", "Mokoena", "Eze", "Asante",
            "Abubakar", "Naidoo",
        ],
        Culture::SoutheastAsian => &[
            "Tan", "Lim", "Lee", "Ng", "Nguyen", "Tran", "Pham", "Santos", "Reyes", "Cruz",
            "Wijaya", "Pratama", "Abdullah", "Rahman", "Chaiyaporn", "Srisai", "Ong", "Goh",
        ],
    }
}

/// First halves of coined company names ("North" + "wind").
#[rustfmt::skip]
pub(super) static COINED_HEADS: &[&str] = &[
    "North", "Blue", "Silver", "Green", "Red", "Oak", "Pine", "Stone", "River", "Sun", "Star",
    "Iron", "Bright", "Clear", "Swift", "High", "Great", "West", "East", "South", "Gold", "Maple",
    "Cedar", "Falcon", "Eagle", "Summit", "Harbor", "Lake", "Crystal", "Granite", "Summer",
    "Winter", "Ever", "True", "Prime", "Nova", "Alpine", "Coast", "Valley", "Cobalt", "Copper",
    "Amber", "Ash", "Birch", "Storm", "Cloud", "Moon", "Sky", "Wolf", "Fox", "Bear", "Raven",
    "Hawk", "Ocean", "Meadow", "Quarry", "Orchard", "Willow", "Aspen", "Lumen",
];

/// Second halves of coined company names.
#[rustfmt::skip]
pub(super) static COINED_TAILS: &[&str] = &[
    "wind", "peak", "field", "bridge", "stone", "gate", "wood", "line", "view", "point", "crest",
    "brook", "haven", "ridge", "way", "light", "side", "water", "land", "mark", "port", "star",
    "well", "ford", "dale", "shore", "rock", "vale", "path", "spring", "fall", "wave", "hill",
    "stream", "forge", "works", "bay", "moor", "glen", "lane",
];

/// Middle words of three-word English company names ("Bluepeak Digital Logistics").
#[rustfmt::skip]
pub(super) static MIDDLES: &[&str] = &[
    "Digital", "Global", "Advanced", "Integrated", "Applied", "United", "Precision", "Smart",
    "Modern", "Pacific", "Atlantic", "Continental", "National", "International", "Premier", "First",
    "Strategic", "Creative", "Dynamic", "Urban", "Coastal", "Northern", "Southern", "Summit",
    "Pioneer", "Heritage", "Quantum", "Vertex", "Keystone", "Liberty",
];

/// English company-name nouns of a sector.
#[rustfmt::skip]
pub(super) fn sector_nouns(sector: Sector) -> &'static [&'static str] {
    match sector {
        Sector::Tech => &[
            "Software", "Systems", "Technologies", "Labs", "Digital", "Networks", "Data", "Cloud",
            "Solutions", "Analytics", "Computing", "Tech", "AI", "Interactive", "Security",
        ],
        Sector::Finance => &[
            "Capital", "Financial", "Partners", "Bank", "Investments", "Holdings", "Advisors",
            "Insurance", "Asset Management", "Securities", "Wealth", "Credit", "Trust",
        ],
        Sector::Health => &[
            "Health", "Medical", "Healthcare", "Clinics", "Therapeutics", "Biosciences", "Pharma",
            "Diagnostics", "Care", "Life Sciences", "Laboratories",
        ],
        Sector::Manufacturing => &[
            "Manufacturing", "Industries", "Engineering", "Components", "Materials", "Machinery",
            "Metals", "Plastics", "Chemicals", "Electronics", "Automation", "Tools", "Works",
        ],
        Sector::Consumer => &[
            "Brands", "Foods", "Goods", "Retail", "Outfitters", "Trading", "Market", "Apparel",
            "Beverages", "Home", "Stores", "Farms",
        ],
        Sector::Services => &[
            "Consulting", "Partners", "Group", "Associates", "Advisory", "Services", "Solutions",
            "Management", "Staffing", "Law", "Research",
        ],
        Sector::Public => &[
            "Institute", "Foundation", "College", "Council", "Authority", "Academy", "Trust",
            "Agency", "Society", "Alliance",
        ],
        Sector::Media => &[
            "Media", "Studios", "Productions", "Publishing", "Entertainment", "Creative",
            "Broadcasting", "Games", "Records", "Pictures", "Communications",
        ],
        Sector::Energy => &[
            "Energy", "Power", "Renewables", "Oil & Gas", "Utilities", "Solar", "Resources",
            "Mining", "Electric", "Water",
        ],
        Sector::Transport => &[
            "Logistics", "Freight", "Transport", "Shipping", "Aviation", "Express", "Lines",
            "Mobility", "Motors", "Automotive",
        ],
        Sector::Construction => &[
            "Construction", "Builders", "Properties", "Realty", "Developments", "Architects",
            "Homes", "Estates", "Contractors",
        ],
        Sector::Hospitality => &[
            "Hotels", "Travel", "Hospitality", "Resorts", "Restaurants", "Leisure", "Events",
            "Tours",
        ],
    }
}

/// Company-name nouns in the culture's language, where the generator has them; an empty
/// slice means "use the English nouns".
#[rustfmt::skip]
pub(super) fn local_nouns(culture: Culture, sector: Sector) -> &'static [&'static str] {
    match (culture, sector) {
        (Culture::German, Sector::Tech) => {
            &["Software", "Systemhaus", "Informatik", "Datentechnik"]
        }
        (Culture::German, Sector::Finance) => {
            &["Finanz", "Vermögensverwaltung", "Versicherung", "Kapital"]
        }
        (Culture::German, Sector::Health) => {
            &["Medizintechnik", "Pharma", "Klinik", "Labordiagnostik"]
        }
        (Culture::German, Sector::Manufacturing) => &[
            "Maschinenbau", "Werkzeugbau", "Metallwerke", "Elektrotechnik", "Antriebstechnik",
            "Kunststofftechnik",
        ],
        (Culture::German, Sector::Consumer) => {
            &["Handel", "Lebensmittel", "Textil", "Getränke", "Möbelwerke"]
        }
        (Culture::German, Sector::Services) => {
            &["Beratung", "Consulting", "Treuhand", "Personaldienste"]
        }
        (Culture::German, Sector::Media) => &["Medien", "Verlag", "Werbung", "Filmproduktion"],
        (Culture::German, Sector::Energy) => {
            &["Energie", "Stadtwerke", "Solartechnik", "Umwelttechnik"]
        }
        (Culture::German, Sector::Transport) => {
            &["Logistik", "Spedition", "Transporte", "Fahrzeugbau"]
        }
        (Culture::German, Sector::Construction) => &["Bau", "Immobilien", "Hochbau", "Baustoffe"],
        (Culture::German, Sector::Hospitality) => &["Hotels", "Reisen", "Gastronomie", "Touristik"],
        (Culture::French, Sector::Tech) => {
            &["Informatique", "Numérique", "Systèmes", "Électronique"]
        }
        (Culture::French, Sector::Finance) => &["Finance", "Assurances", "Gestion", "Crédit"],
        (Culture::French, Sector::Health) => {
            &["Santé", "Pharmaceutique", "Médical", "Laboratoires"]
        }
        (Culture::French, Sector::Manufacturing) => {
            &["Mécanique", "Industrie", "Métallurgie", "Chimie"]
        }
        (Culture::French, Sector::Consumer) => {
            &["Distribution", "Alimentaire", "Boissons", "Textiles"]
        }
        (Culture::French, Sector::Services) => &["Conseil", "Études", "Expertise", "Associés"],
        (Culture::French, Sector::Media) => &["Communication", "Éditions", "Productions", "Médias"],
        (Culture::French, Sector::Energy) => &["Énergie", "Électricité", "Environnement", "Eaux"],
        (Culture::French, Sector::Transport) => &["Transports", "Logistique", "Fret", "Navigation"],
        (Culture::French, Sector::Construction) => {
            &["Bâtiment", "Travaux Publics", "Immobilier", "Construction"]
        }
        (Culture::French, Sector::Hospitality) => {
            &["Hôtellerie", "Voyages", "Restauration", "Loisirs"]
        }
        (Culture::Spanish, Sector::Tech) => &["Tecnologías", "Sistemas", "Soluciones Informáticas"],
        (Culture::Spanish, Sector::Finance) => &["Inversiones", "Seguros", "Servicios Financieros"],
        (Culture::Spanish, Sector::Health) => &["Laboratorios", "Clínicas", "Farmacéutica"],
        (Culture::Spanish, Sector::Manufacturing) => &["Industrias", "Talleres", "Metalúrgica"],
        (Culture::Spanish, Sector::Consumer) => &["Alimentos", "Distribuciones", "Bodegas"],
        (Culture::Spanish, Sector::Services) => {
            &["Consultores", "Asesores", "Servicios Profesionales"]
        }
        (Culture::Spanish, Sector::Media) => &["Producciones", "Ediciones", "Comunicaciones"],
        (Culture::Spanish, Sector::Energy) => &["Energías", "Minera", "Aguas"],
        (Culture::Spanish, Sector::Transport) => &["Transportes", "Logística", "Naviera"],
        (Culture::Spanish, Sector::Construction) => &["Construcciones", "Inmobiliaria", "Obras"],
        (Culture::Spanish, Sector::Hospitality) => &["Hoteles", "Viajes", "Restaurantes"],
        (Culture::Portuguese, Sector::Tech) => &["Tecnologia", "Sistemas", "Soluções Digitais"],
        (Culture::Portuguese, Sector::Finance) => &["Investimentos", "Seguros", "Financeira"],
        (Culture::Portuguese, Sector::Health) => &["Laboratórios", "Saúde", "Farmacêutica"],
        (Culture::Portuguese, Sector::Manufacturing) => &["Indústrias", "Metalúrgica", "Máquinas"],
        (Culture::Portuguese, Sector::Consumer) => &["Alimentos", "Distribuidora", "Comércio"],
        (Culture::Portuguese, Sector::Services) => &["Consultoria", "Assessoria", "Serviços"],
        (Culture::Portuguese, Sector::Media) => &["Comunicações", "Editora", "Produções"],
        (Culture::Portuguese, Sector::Energy) => &["Energia", "Mineração", "Saneamento"],
        (Culture::Portuguese, Sector::Transport) => &["Transportes", "Logística", "Navegação"],
        (Culture::Portuguese, Sector::Construction) => &["Construções", "Engenharia", "Imóveis"],
        (Culture::Portuguese, Sector::Hospitality) => &["Hotéis", "Viagens", "Turismo"],
        (Culture::Italian, Sector::Tech) => &["Informatica", "Sistemi", "Tecnologie"],
        (Culture::Italian, Sector::Finance) => &["Finanziaria", "Assicurazioni", "Investimenti"],
        (Culture::Italian, Sector::Health) => &["Farmaceutici", "Laboratori", "Medicale"],
        (Culture::Italian, Sector::Manufacturing) => {
            &["Meccanica", "Impianti", "Acciai", "Macchine"]
        }
        (Culture::Italian, Sector::Consumer) => &["Alimentari", "Tessile", "Vini", "Arredamenti"],
        (Culture::Italian, Sector::Services) => &["Consulenze", "Servizi", "Studio Associato"],
        (Culture::Italian, Sector::Media) => &["Comunicazione", "Edizioni", "Produzioni"],
        (Culture::Italian, Sector::Energy) => &["Energia", "Elettrica", "Ambiente"],
        (Culture::Italian, Sector::Transport) => &["Trasporti", "Logistica", "Spedizioni"],
        (Culture::Italian, Sector::Construction) => &["Costruzioni", "Immobiliare", "Edilizia"],
        (Culture::Italian, Sector::Hospitality) => &["Hotel", "Viaggi", "Turismo"],
        (Culture::Dutch, Sector::Tech) => &["Automatisering", "Software", "ICT"],
        (Culture::Dutch, Sector::Finance) => {
            &["Beleggingen", "Verzekeringen", "Financiële Diensten"]
        }
        (Culture::Dutch, Sector::Health) => &["Zorg", "Medische Techniek", "Farma"],
        (Culture::Dutch, Sector::Manufacturing) => &["Machinebouw", "Techniek", "Metaalbewerking"],
        (Culture::Dutch, Sector::Consumer) => &["Handel", "Voeding", "Groothandel"],
        (Culture::Dutch, Sector::Services) => &["Advies", "Groep", "Adviseurs"],
        (Culture::Dutch, Sector::Media) => &["Media", "Uitgeverij", "Producties"],
        (Culture::Dutch, Sector::Energy) => &["Energie", "Duurzaam", "Waterbeheer"],
        (Culture::Dutch, Sector::Transport) => &["Transport", "Logistiek", "Expeditie"],
        (Culture::Dutch, Sector::Construction) => &["Bouw", "Vastgoed", "Aannemers"],
        (Culture::Dutch, Sector::Hospitality) => &["Hotels", "Reizen", "Horeca"],
        (Culture::Nordic, Sector::Tech) => &["Teknik", "Datasystem", "IT"],
        (Culture::Nordic, Sector::Finance) => &["Kapital", "Finans", "Försäkring"],
        (Culture::Nordic, Sector::Health) => &["Medical", "Vård", "Pharma"],
        (Culture::Nordic, Sector::Manufacturing) => &["Industri", "Mekaniska", "Maskin"],
        (Culture::Nordic, Sector::Consumer) => &["Handel", "Livsmedel", "Design"],
        (Culture::Nordic, Sector::Services) => &["Konsult", "Partners", "Rådgivning"],
        (Culture::Nordic, Sector::Media) => &["Media", "Förlag", "Produktion"],
        (Culture::Nordic, Sector::Energy) => &["Energi", "Kraft", "Vind"],
        (Culture::Nordic, Sector::Transport) => &["Logistik", "Transport", "Frakt"],
        (Culture::Nordic, Sector::Construction) => &["Bygg", "Fastigheter", "Entreprenad"],
        (Culture::Nordic, Sector::Hospitality) => &["Hotell", "Resor", "Upplevelser"],
        (Culture::Japanese, Sector::Tech) => &["Denshi", "Joho System", "Soft"],
        (Culture::Japanese, Sector::Finance) => &["Shoken", "Hoken", "Ginko"],
        (Culture::Japanese, Sector::Health) => &["Seiyaku", "Iryo", "Kenko"],
        (Culture::Japanese, Sector::Manufacturing) => &["Seiki", "Kogyo", "Seisakusho", "Kikai"],
        (Culture::Japanese, Sector::Consumer) => &["Shoji", "Shokuhin", "Sangyo"],
        (Culture::Japanese, Sector::Services) => &["Consulting", "Shoji", "Kikaku"],
        (Culture::Japanese, Sector::Media) => &["Shuppan", "Eizo", "Koukoku"],
        (Culture::Japanese, Sector::Energy) => &["Denryoku", "Sekiyu", "Gas"],
        (Culture::Japanese, Sector::Transport) => &["Unyu", "Kaiun", "Butsuryu"],
        (Culture::Japanese, Sector::Construction) => &["Kensetsu", "Fudosan", "Komuten"],
        (Culture::Japanese, Sector::Hospitality) => &["Hotels", "Kanko", "Ryokan"],
        _ => &[],
    }
}

/// The openings of French institutional names ("Société Générale de …").
#[rustfmt::skip]
pub(super) static FRENCH_HEADS: &[&str] = &[
    "Société Générale", "Compagnie Générale", "Société Nouvelle", "Compagnie Européenne",
    "Société Française", "Compagnie Industrielle", "Société Parisienne", "Société Lyonnaise",
    "Compagnie Atlantique", "Société Méditerranéenne", "Société Alpine", "Compagnie Normande",
];

/// German regional adjectives for names like "Süddeutsche Maschinenbau".
#[rustfmt::skip]
pub(super) static GERMAN_REGIONS: &[&str] = &[
    "Süddeutsche", "Norddeutsche", "Bayerische", "Rheinische", "Hanseatische", "Westfälische",
    "Schwäbische", "Märkische", "Sächsische", "Fränkische", "Badische", "Thüringer",
];

/// Place phrases for Spanish names like "Construcciones del Mediterráneo" (invariable, so
/// they agree with any noun).
#[rustfmt::skip]
pub(super) static SPANISH_PLACES: &[&str] = &[
    "del Norte", "del Sur", "del Mediterráneo", "del Pacífico", "del Atlántico", "de Levante",
    "del Cantábrico", "del Centro",
];

/// Free-text job titles that fit a function at a seniority.
#[rustfmt::skip]
pub(super) fn titles(function: Function, seniority: Seniority) -> &'static [&'static str] {
    use Function as F;
    use Seniority as S;
    match (function, seniority) {
        (F::It, S::CLevel) => &["Chief Information Officer", "CIO"],
        (F::It, S::Vp) => &[
            "VP of IT", "VP of Infrastructure", "Vice President, Information Technology",
        ],
        (F::It, S::Director) => &[
            "Director of IT", "Head of IT Operations", "Director of Infrastructure",
        ],
        (F::It, S::Manager) => &[
            "IT Manager", "Infrastructure Manager", "Service Desk Manager", "Network Manager",
        ],
        (F::It, S::Staff) => &[
            "Systems Administrator", "Network Engineer", "IT Support Specialist",
            "Senior Systems Engineer", "Cloud Engineer", "IT Analyst",
        ],
        (F::Engineering, S::CLevel) => &["Chief Technology Officer", "CTO"],
        (F::Engineering, S::Vp) => &[
            "VP of Engineering", "VP of Platform Engineering",
            "Vice President, Software Development",
        ],
        (F::Engineering, S::Director) => &[
            "Director of Engineering", "Head of Platform", "Director of Software Development",
        ],
        (F::Engineering, S::Manager) => &[
            "Engineering Manager", "Software Development Manager", "QA Manager",
        ],
        (F::Engineering, S::Staff) => &[
            "Software Engineer", "Senior Software Engineer", "DevOps Engineer",
            "Site Reliability Engineer", "Frontend Developer", "Backend Developer", "QA Engineer",
            "Staff Engineer",
        ],
        (F::Security, S::CLevel) => &["Chief Information Security Officer", "CISO"],
        (F::Security, S::Vp) => &["VP of Security", "VP of Information Security"],
        (F::Security, S::Director) => &[
            "Director of Information Security", "Head of Security Operations",
            "Director of Cybersecurity",
        ],
        (F::Security, S::Manager) => &[
            "Security Operations Manager", "Information Security Manager", "IAM Manager",
        ],
        (F::Security, S::Staff) => &[
            "Security Analyst", "Senior Security Analyst", "Security Engineer", "SOC Analyst",
            "Penetration Tester", "Cloud Security Engineer",
        ],
        (F::Data, S::CLevel) => &["Chief Data Officer", "Chief Data & Analytics Officer"],
        (F::Data, S::Vp) => &["VP of Data", "VP of Analytics"],
        (F::Data, S::Director) => &[
            "Director of Data Engineering", "Head of Analytics",
            "Director of Business Intelligence",
        ],
        (F::Data, S::Manager) => &[
            "Analytics Manager", "Data Engineering Manager", "BI Manager",
        ],
        (F::Data, S::Staff) => &[
            "Data Engineer", "Data Analyst", "Data Scientist", "Senior Data Scientist",
            "BI Developer", "Machine Learning Engineer",
        ],
        (F::Finance, S::CLevel) => &["Chief Financial Officer", "CFO"],
        (F::Finance, S::Vp) => &[
            "VP of Finance", "Vice President, Finance", "Group Controller",
        ],
        (F::Finance, S::Director) => {
            &["Finance Director", "Director of FP&A", "Head of Accounting"]
        }
        (F::Finance, S::Manager) => &["Finance Manager", "Accounting Manager", "Controller"],
        (F::Finance, S::Staff) => &[
            "Financial Analyst", "Accountant", "Senior Accountant", "Accounts Payable Specialist",
            "Payroll Specialist",
        ],
        (F::Marketing, S::CLevel) => &["Chief Marketing Officer", "CMO"],
        (F::Marketing, S::Vp) => &[
            "VP of Marketing", "VP of Demand Generation", "Vice President, Brand",
        ],
        (F::Marketing, S::Director) => &[
            "Marketing Director", "Director of Demand Generation", "Head of Digital Marketing",
        ],
        (F::Marketing, S::Manager) => &[
            "Marketing Manager", "Product Marketing Manager", "Campaign Manager",
            "Content Marketing Manager",
        ],
        (F::Marketing, S::Staff) => &[
            "Marketing Specialist", "Marketing Coordinator", "Content Writer", "SEO Specialist",
            "Marketing Operations Analyst",
        ],
        (F::Sales, S::CLevel) => &["Chief Revenue Officer", "Chief Commercial Officer"],
        (F::Sales, S::Vp) => &[
            "VP of Sales", "VP of Business Development", "Vice President, Global Sales",
        ],
        (F::Sales, S::Director) => &[
            "Sales Director", "Director of Business Development", "Head of Sales",
        ],
        (F::Sales, S::Manager) => &[
            "Sales Manager", "Regional Sales Manager", "Key Account Manager",
        ],
        (F::Sales, S::Staff) => &[
            "Account Executive", "Sales Development Representative", "Sales Engineer",
            "Account Manager", "Inside Sales Representative",
        ],
        (F::Operations, S::CLevel) => &["Chief Operating Officer", "COO"],
        (F::Operations, S::Vp) => &["VP of Operations", "VP of Supply Chain"],
        (F::Operations, S::Director) => &[
            "Director of Operations", "Head of Supply Chain", "Plant Director",
        ],
        (F::Operations, S::Manager) => &[
            "Operations Manager", "Logistics Manager", "Facilities Manager", "Plant Manager",
        ],
        (F::Operations, S::Staff) => &[
            "Operations Analyst", "Supply Chain Analyst", "Logistics Coordinator",
            "Operations Specialist",
        ],
        (F::HumanResources, S::CLevel) => {
            &["Chief People Officer", "Chief Human Resources Officer"]
        }
        (F::HumanResources, S::Vp) => &["VP of People", "VP of Human Resources"],
        (F::HumanResources, S::Director) => &[
            "HR Director", "Head of Talent Acquisition", "Director of People Operations",
        ],
        (F::HumanResources, S::Manager) => &[
            "HR Manager", "Talent Acquisition Manager", "Learning & Development Manager",
        ],
        (F::HumanResources, S::Staff) => &[
            "HR Business Partner", "Recruiter", "HR Generalist", "People Operations Specialist",
        ],
        (F::Legal, S::CLevel) => &["Chief Legal Officer", "General Counsel"],
        (F::Legal, S::Vp) => &["VP of Legal", "Deputy General Counsel"],
        (F::Legal, S::Director) => &[
            "Director of Compliance", "Head of Legal", "Data Protection Officer",
        ],
        (F::Legal, S::Manager) => &["Compliance Manager", "Legal Manager", "Privacy Manager"],
        (F::Legal, S::Staff) => &[
            "Legal Counsel", "Paralegal", "Compliance Analyst", "Contract Specialist",
        ],
        (F::Procurement, S::CLevel) => &["Chief Procurement Officer"],
        (F::Procurement, S::Vp) => &["VP of Procurement", "VP of Strategic Sourcing"],
        (F::Procurement, S::Director) => &[
            "Procurement Director", "Head of Purchasing", "Director of Strategic Sourcing",
        ],
        (F::Procurement, S::Manager) => &[
            "Procurement Manager", "Purchasing Manager", "Category Manager",
        ],
        (F::Procurement, S::Staff) => &[
            "Buyer", "Procurement Specialist", "Sourcing Analyst", "Purchasing Agent",
        ],
        (F::Executive, S::CLevel) => &[
            "Chief Executive Officer", "CEO", "Founder & CEO", "Managing Director", "President",
            "Owner",
        ],
        (F::Executive, S::Vp) => &[
            "Executive Vice President", "Senior Vice President", "VP of Strategy",
        ],
        (F::Executive, S::Director) => {
            &["Director of Strategy", "Chief of Staff", "General Manager"]
        }
        (F::Executive, S::Manager) => &["Office Manager", "Program Manager", "Business Manager"],
        (F::Executive, S::Staff) => &[
            "Executive Assistant", "Business Analyst", "Strategy Analyst",
        ],
    }
}
