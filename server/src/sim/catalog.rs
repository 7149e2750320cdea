//! What the simulated org knows about its modules: mandatory fields (Zoho's defaults for the
//! standard modules, overridable), stable module ids, and the columns and made-up values of the
//! files scenario jobs pretend were uploaded.

use std::collections::BTreeMap;

/// The eight codes Zoho writes into a result file's `ERRORS` column, transcribed here from the
/// reference rather than taken from the core's catalogue on purpose: the result reader is tested
/// against files the simulator writes, so a code missing from the core must not vanish from both.
pub const RESULT_ERROR_CODES: [&str; 8] = [
    "MANDATORY_NOT_FOUND",
    "INVALID_DATA",
    "DUPLICATE_DATA",
    "NOT_APPROVED",
    "BLOCKED_RECORD",
    "CANNOT_PROCESS",
    "LIMIT_EXCEEDED",
    "RESOURCE_NOT_FOUND",
];

/// Zoho's default mandatory fields of the standard modules.
pub fn default_mandatory(module: &str) -> &'static [&'static str] {
    match module {
        "Leads" | "Contacts" => &["Last_Name"],
        "Accounts" => &["Account_Name"],
        "Deals" => &["Deal_Name", "Stage", "Closing_Date"],
        "Products" => &["Product_Name"],
        "Quotes" => &["Subject"],
        _ => &[],
    }
}

/// Mandatory fields of `module`, honouring `--mandatory` overrides.
pub fn mandatory_fields(overrides: &BTreeMap<String, Vec<String>>, module: &str) -> Vec<String> {
    match overrides.get(module) {
        Some(fields) => fields.clone(),
        None => default_mandatory(module)
            .iter()
            .map(|s| s.to_string())
            .collect(),
    }
}

/// A module API name Zoho could accept: a letter, then letters, digits or underscores.
pub fn valid_module_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.len() <= 100
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Fields whose values must be unique within a module (duplicates give `DUPLICATE_DATA`).
pub fn unique_fields(module: &str) -> &'static [&'static str] {
    match module {
        "Leads" | "Contacts" => &["Email"],
        "Products" => &["Product_Code"],
        _ => &[],
    }
}

/// A stable 19-digit module id for `module` in org `org_id`.
pub fn module_id(org_id: &str, module: &str) -> String {
    format!(
        "{org_id}{:012}",
        fnv1a(module.as_bytes()) % 1_000_000_000_000
    )
}

/// FNV-1a: a small hash that, unlike `DefaultHasher`, is stable across Rust releases, so seeds
/// replay the same world everywhere.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// How a synthetic column's values are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gen {
    LastName,
    FirstName,
    Company,
    Email,
    Phone,
    DealName,
    Stage,
    Date,
    Amount,
    Subject,
    Product,
    Quantity,
    ParentRef,
    Label,
    Website,
    /// Surnames with letters beyond ASCII, all in Windows-1252 (ü, ñ, ø, ß, Ž, Œ …).
    LatinName,
    /// Company names with beyond-ASCII letters and `€` (0x80 in Windows-1252, not in Latin-1).
    LatinCompany,
    /// Japanese surnames (all in Shift_JIS).
    JapaneseName,
    JapaneseCompany,
    /// ASCII surnames except one row, [`ONE_ACCENT_ROW`], which is "Müller".
    LastNameOneAccent,
    /// A case's own `Status` field (New, Escalated …), named like Zoho's `STATUS`.
    CaseStatus,
    /// A case's own `Errors` field (free text), named like Zoho's `ERRORS`.
    CaseErrors,
    /// A case's own `Record_Id` field (an external reference), named like Zoho's `RECORD_ID`.
    ExternalRef,
}

/// The one row of [`Gen::LastNameOneAccent`] that is not ASCII.
pub const ONE_ACCENT_ROW: u64 = 7;

/// One column of a synthetic file: its header (= field API name) and generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub gen: Gen,
}

const fn col(name: &'static str, gen: Gen) -> Column {
    Column { name, gen }
}

/// A Cases file whose first three mapped columns are called like Zoho's own three result
/// columns, as Cases, Tasks and custom modules often have them.
pub const CASES_COLLIDING: &[Column] = &[
    col("Status", Gen::CaseStatus),
    col("Errors", Gen::CaseErrors),
    col("Record_Id", Gen::ExternalRef),
    col("Subject", Gen::Label),
];
/// Contacts whose names and companies need Windows-1252 (or UTF-8) beyond ASCII.
pub const CONTACTS_LATIN: &[Column] = &[
    col("Last_Name", Gen::LatinName),
    col("Account_Name", Gen::LatinCompany),
    col("Email", Gen::Email),
];
/// Leads with Japanese names and companies (Shift_JIS).
pub const LEADS_JAPANESE: &[Column] = &[
    col("Last_Name", Gen::JapaneseName),
    col("Company", Gen::JapaneseCompany),
    col("Email", Gen::Email),
];
/// Leads that are ASCII but for one surname.
pub const LEADS_ONE_ACCENT: &[Column] = &[
    col("Last_Name", Gen::LastNameOneAccent),
    col("Company", Gen::Company),
    col("Email", Gen::Email),
];

/// Columns of a synthetic file for `module`; the first three become the result file's columns.
pub fn synthetic_columns(module: &str) -> &'static [Column] {
    const LEADS: &[Column] = &[
        col("Last_Name", Gen::LastName),
        col("Company", Gen::Company),
        col("Email", Gen::Email),
        col("Phone", Gen::Phone),
    ];
    const CONTACTS: &[Column] = &[
        col("Last_Name", Gen::LastName),
        col("Email", Gen::Email),
        col("Account_Name", Gen::Company),
        col("First_Name", Gen::FirstName),
        col("Phone", Gen::Phone),
    ];
    const DEALS: &[Column] = &[
        col("Deal_Name", Gen::DealName),
        col("Stage", Gen::Stage),
        col("Closing_Date", Gen::Date),
        col("Amount", Gen::Amount),
    ];
    const QUOTES: &[Column] = &[
        col("Subject", Gen::Subject),
        col("Account_Name", Gen::Company),
        col("Valid_Till", Gen::Date),
    ];
    const QUOTED_ITEMS: &[Column] = &[
        col("Parent_Id", Gen::ParentRef),
        col("Product_Name", Gen::Product),
        col("Quantity", Gen::Quantity),
    ];
    const ACCOUNTS: &[Column] = &[
        col("Account_Name", Gen::Company),
        col("Phone", Gen::Phone),
        col("Website", Gen::Website),
    ];
    const CHILD: &[Column] = &[
        col("Parent_Id", Gen::ParentRef),
        col("Name", Gen::Label),
        col("Amount", Gen::Amount),
    ];
    match module {
        "Leads" => LEADS,
        "Contacts" => CONTACTS,
        "Deals" => DEALS,
        "Quotes" => QUOTES,
        "Quoted_Items" => QUOTED_ITEMS,
        "Accounts" => ACCOUNTS,
        _ => CHILD,
    }
}

const LAST: [&str; 16] = [
    "Boyle",
    "Okafor",
    "Lindqvist",
    "Tanaka",
    "Moreau",
    "Schmidt",
    "Rossi",
    "Novak",
    "Kowalski",
    "Haddad",
    "Silva",
    "Nguyen",
    "O'Brien",
    "Fischer",
    "Costa",
    "Ivanova",
];
const FIRST: [&str; 12] = [
    "Patricia", "Amara", "Elin", "Haruto", "Camille", "Jonas", "Giulia", "Petr", "Zofia", "Karim",
    "Lucas", "Mai",
];
const COMPANY: [&str; 10] = [
    "Acme Corp",
    "Globex",
    "Initech",
    "Umbrella Ltd",
    "Stark Industries",
    "Wayne Enterprises",
    "Hooli",
    "Vandelay Imports",
    "Soylent Co",
    "Tyrell, Inc.",
];
const STAGES: [&str; 5] = [
    "Qualification",
    "Needs Analysis",
    "Proposal",
    "Negotiation",
    "Closed Won",
];
const PRODUCTS: [&str; 6] = [
    "Widget",
    "Gadget",
    "Sprocket",
    "Flux Capacitor",
    "Gizmo",
    "Doohickey",
];

const LATIN: [&str; 12] = [
    "Müller",
    "Núñez",
    "Françoise",
    "Søndergaard",
    "Straße",
    "Gómez",
    "Björk",
    "Çelik",
    "Žižek",
    "Œhlenschläger",
    "Ångström",
    "Dubois-Lefèvre",
];
const LATIN_CO: [&str; 6] = [
    "Café € Co",
    "Müller & Söhne GmbH",
    "Société Générale d'Étude",
    "Åkesson AB",
    "Peña Hermanos",
    "Ørsted Økonomi",
];
const JAPANESE: [&str; 8] = [
    "山田", "佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "中村",
];
const JAPANESE_CO: [&str; 4] = [
    "株式会社サンプル",
    "東京商事",
    "大阪精機株式会社",
    "ソフト開発合同会社",
];
const CASE_STATUS: [&str; 4] = ["New", "Escalated", "On Hold", "Closed"];
const CASE_ERRORS: [&str; 4] = ["", "customer unreachable", "wrong serial", ""];

fn pick<'a>(list: &[&'a str], n: u64) -> &'a str {
    list[(n % list.len() as u64) as usize]
}

/// The value of a synthetic cell: deterministic in (generator, row, salt).
pub fn synthetic_value(gen: Gen, row: u64, salt: u64) -> String {
    let n = row.wrapping_mul(2_654_435_761).wrapping_add(salt);
    match gen {
        Gen::LastName => pick(&LAST, n).to_string(),
        Gen::FirstName => pick(&FIRST, n / 7).to_string(),
        Gen::Company => pick(&COMPANY, n / 3).to_string(),
        Gen::Email => format!(
            "{}.{}{}@example.com",
            pick(&FIRST, n / 7).to_ascii_lowercase(),
            pick(&LAST, n).to_ascii_lowercase().replace('\'', ""),
            row
        ),
        Gen::Phone => format!("+1-555-01{:02}-{:04}", n % 100, row % 10_000),
        Gen::DealName => format!("{} renewal #{}", pick(&COMPANY, n / 3), row + 1),
        Gen::Stage => pick(&STAGES, n / 5).to_string(),
        Gen::Date => format!("2025-{:02}-{:02}", 1 + n % 12, 1 + (n / 12) % 28),
        Gen::Amount => format!("{}.{:02}", 100 + n % 90_000, n % 100),
        Gen::Subject => format!("Quote Q-{:06}", row + 1),
        Gen::Product => pick(&PRODUCTS, n / 11).to_string(),
        Gen::Quantity => (1 + n % 40).to_string(),
        Gen::ParentRef => format!("P{:06}", row / 3 + 1),
        Gen::Label => format!("Item {}", row + 1),
        Gen::Website => format!("https://www.example{}.com", n % 1000),
        Gen::LatinName => pick(&LATIN, n).to_string(),
        Gen::LatinCompany => pick(&LATIN_CO, n / 3).to_string(),
        Gen::JapaneseName => pick(&JAPANESE, n).to_string(),
        Gen::JapaneseCompany => pick(&JAPANESE_CO, n / 3).to_string(),
        Gen::LastNameOneAccent if row == ONE_ACCENT_ROW => "Müller".to_string(),
        Gen::LastNameOneAccent => pick(&LAST, n).to_string(),
        Gen::CaseStatus => pick(&CASE_STATUS, n / 5).to_string(),
        Gen::CaseErrors => pick(&CASE_ERRORS, n / 7).to_string(),
        Gen::ExternalRef => format!("EXT-{:06}", row + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_basics() {
        assert_eq!(default_mandatory("Deals").len(), 3);
        let mut o = BTreeMap::new();
        o.insert("Leads".to_string(), vec!["Company".to_string()]);
        assert_eq!(mandatory_fields(&o, "Leads"), vec!["Company".to_string()]);
        assert_eq!(
            mandatory_fields(&o, "Contacts"),
            vec!["Last_Name".to_string()]
        );
        assert!(
            valid_module_name("Quoted_Items")
                && !valid_module_name("1x")
                && !valid_module_name("a-b")
        );
        assert_eq!(module_id("7391452", "Leads"), module_id("7391452", "Leads"));
        assert_eq!(module_id("7391452", "Leads").len(), 19);
        assert_eq!(
            synthetic_value(Gen::Email, 5, 9),
            synthetic_value(Gen::Email, 5, 9)
        );
        assert!(synthetic_value(Gen::Email, 5, 9).contains('@'));
    }
}
