//! What the simulated org knows about its modules: mandatory fields (Zoho's defaults for the
//! standard modules, overridable), stable module ids, and the columns and made-up values of the
//! files scenario jobs pretend were uploaded.

use std::collections::BTreeMap;

/// The eight codes Zoho writes into a result file's `ERRORS` column.
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
}

/// One column of a synthetic file: its header (= field API name) and generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub gen: Gen,
}

const fn col(name: &'static str, gen: Gen) -> Column {
    Column { name, gen }
}

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
