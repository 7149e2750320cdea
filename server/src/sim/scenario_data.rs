//! The scenarios' data: which resources each pretends was uploaded, with how many rows, which
//! columns, and the weighted mix of outcomes (errors named as Zoho writes them).

use super::catalog::{Column, CASES_COLLIDING, CONTACTS_LATIN, LEADS_JAPANESE, LEADS_ONE_ACCENT};
use super::outcomes::{Draw, ErrSpec};
use super::scenarios::ResourceDef;

const fn e(code: &'static str, columns: &'static [&'static str]) -> ErrSpec {
    ErrSpec { code, columns }
}

const ALL_ADDED: &[(u32, Draw)] = &[(1, Draw::Added)];
const MIX_UPDATE: &[(u32, Draw)] = &[
    (700, Draw::Updated),
    (80, Draw::Skipped(&[e("RESOURCE_NOT_FOUND", &["Email"])])),
    (
        40,
        Draw::Skipped(&[e("MANDATORY_NOT_FOUND", &["Last_Name"])]),
    ),
    (
        20,
        Draw::Skipped(&[
            e("MANDATORY_NOT_FOUND", &["Account_Name", "Last_Name"]),
            e("DUPLICATE_DATA", &["Email"]),
        ]),
    ),
    (30, Draw::Skipped(&[e("INVALID_DATA", &["Email"])])),
    (30, Draw::Skipped(&[e("DUPLICATE_DATA", &["Email"])])),
    (20, Draw::Skipped(&[e("NOT_APPROVED", &["Email"])])),
    (20, Draw::Skipped(&[e("BLOCKED_RECORD", &["Email"])])),
    (
        20,
        Draw::Skipped(&[
            e("CANNOT_PROCESS", &["Account_Name"]),
            e("INVALID_DATA", &["Phone"]),
        ]),
    ),
    (10, Draw::Skipped(&[e("LIMIT_EXCEEDED", &["Phone"])])),
    (10, Draw::Unprocessed),
];
const MIX_QUOTES: &[(u32, Draw)] = &[
    (50, Draw::Added),
    (45, Draw::Updated),
    (3, Draw::Skipped(&[e("MANDATORY_NOT_FOUND", &["Subject"])])),
    (2, Draw::Skipped(&[e("INVALID_DATA", &["Valid_Till"])])),
];
const MIX_ITEMS: &[(u32, Draw)] = &[
    (60, Draw::Added),
    (35, Draw::Updated),
    (
        5,
        Draw::Skipped(&[e("RESOURCE_NOT_FOUND", &["Product_Name"])]),
    ),
];
const MIX_DEALS: &[(u32, Draw)] = &[
    (90, Draw::Added),
    (
        10,
        Draw::Skipped(&[e("MANDATORY_NOT_FOUND", &["Stage", "Closing_Date"])]),
    ),
];
const MIX_LEADS_BIG: &[(u32, Draw)] = &[
    (970, Draw::Added),
    (
        20,
        Draw::Skipped(&[e("MANDATORY_NOT_FOUND", &["Last_Name"])]),
    ),
    (10, Draw::Skipped(&[e("DUPLICATE_DATA", &["Email"])])),
];
const MIX_ACCOUNTS: &[(u32, Draw)] = &[
    (95, Draw::Added),
    (3, Draw::Skipped(&[e("DUPLICATE_DATA", &["Account_Name"])])),
    (2, Draw::Skipped(&[e("LIMIT_EXCEEDED", &["Account_Name"])])),
];
const MIX_CHILD: &[(u32, Draw)] = &[
    (97, Draw::Added),
    (3, Draw::Skipped(&[e("INVALID_DATA", &["Amount"])])),
];
const MIX_CONTACTS: &[(u32, Draw)] = &[
    (95, Draw::Added),
    (
        5,
        Draw::Skipped(&[e("MANDATORY_NOT_FOUND", &["Last_Name"])]),
    ),
];

const fn res(
    module: &'static str,
    file_name: &'static str,
    rows: usize,
    mix: &'static [(u32, Draw)],
) -> ResourceDef {
    ResourceDef {
        module,
        file_name,
        rows,
        mix,
        find_by: None,
        child: false,
        columns: None,
    }
}

pub(super) const SMALL_LEADS: &[ResourceDef] = &[res("Leads", "Leads.csv", 600, ALL_ADDED)];
pub(super) const HAPPY: &[ResourceDef] = &[res("Leads", "Leads.csv", 2400, ALL_ADDED)];
pub(super) const UPDATE_MIXED: &[ResourceDef] = &[ResourceDef {
    find_by: Some("Email"),
    ..res("Contacts", "contacts_update.csv", 2000, MIX_UPDATE)
}];
pub(super) const PARENT_CHILD: &[ResourceDef] = &[
    ResourceDef {
        find_by: Some("Subject"),
        ..res("Quotes", "Quotes.csv", 600, MIX_QUOTES)
    },
    ResourceDef {
        find_by: Some("Product_Name"),
        child: true,
        ..res("Quoted_Items", "Quoted_Items.csv", 1800, MIX_ITEMS)
    },
];
pub(super) const FAILED: &[ResourceDef] = &[res("Deals", "Deals.csv", 1500, MIX_DEALS)];
pub(super) const ROWS_25K: &[ResourceDef] = &[res("Leads", "leads_25k.csv", 25_000, MIX_LEADS_BIG)];
const fn child(module: &'static str, file_name: &'static str) -> ResourceDef {
    ResourceDef {
        child: true,
        ..res(module, file_name, 25_000, MIX_CHILD)
    }
}
pub(super) const ROWS_250K: &[ResourceDef] = &[
    res("Accounts", "Accounts.csv", 25_000, MIX_ACCOUNTS),
    child("Branches", "Branches.csv"),
    child("Contracts", "Contracts.csv"),
    child("Assets", "Assets.csv"),
    child("Visits", "Visits.csv"),
    child("Certifications", "Certifications.csv"),
    child("Licences", "Licences.csv"),
    child("Addresses", "Addresses.csv"),
    child("Bank_Details", "Bank_Details.csv"),
    child("Shipments", "Shipments.csv"),
];
pub(super) const STALLED: &[ResourceDef] = &[res("Contacts", "Contacts.csv", 5000, MIX_CONTACTS)];
const MIX_CASES: &[(u32, Draw)] = &[
    (85, Draw::Added),
    (10, Draw::Skipped(&[e("MANDATORY_NOT_FOUND", &["Subject"])])),
    (5, Draw::Skipped(&[e("INVALID_DATA", &["Status"])])),
];
const MIX_TEXT: &[(u32, Draw)] = &[
    (90, Draw::Added),
    (6, Draw::Skipped(&[e("DUPLICATE_DATA", &["Email"])])),
    (4, Draw::Skipped(&[e("INVALID_DATA", &["Email"])])),
];
const fn with_columns(r: ResourceDef, columns: &'static [Column]) -> ResourceDef {
    ResourceDef {
        columns: Some(columns),
        ..r
    }
}
pub(super) const COLLISION: &[ResourceDef] = &[with_columns(
    res("Cases", "Cases.csv", 1000, MIX_CASES),
    CASES_COLLIDING,
)];
pub(super) const LATIN_CONTACTS: &[ResourceDef] = &[with_columns(
    res("Contacts", "Contacts.csv", 1000, MIX_TEXT),
    CONTACTS_LATIN,
)];
pub(super) const JAPANESE_LEADS: &[ResourceDef] = &[with_columns(
    res("Leads", "Leads.csv", 1000, MIX_TEXT),
    LEADS_JAPANESE,
)];
pub(super) const ONE_ACCENT_LEADS: &[ResourceDef] = &[with_columns(
    res("Leads", "Leads.csv", 1000, MIX_TEXT),
    LEADS_ONE_ACCENT,
)];
pub(super) const BARE_LEADS: &[ResourceDef] = &[res("Leads", "Leads.csv", 800, MIX_TEXT)];
