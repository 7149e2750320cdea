//! The named scenarios: what each job pretends was uploaded, how its rows turn out, how fast it
//! runs, how it ends and which fault it carries. Listed at `GET /__sim/scenarios`, created with
//! `--scenario NAME=JOB_ID`, `POST /__sim/jobs`, or the header `X-Sim-Scenario` on Zoho's create
//! route (which then keeps the uploaded rows and takes only the pace, ending and fault).

use bulkwatch_core::endpoint::ApiVersion;
use serde::Serialize;

use super::config::DownloadForm;
use super::outcomes::{Draw, ErrSpec};
use super::plan::{Behaviour, Ending, Fault, Operation, Quirks};

/// Every scenario the simulator knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ScenarioKind {
    HappyInsert,
    UpdateMixed,
    UpsertParentChild,
    Failed,
    Rows25k,
    Rows250k,
    Stalled,
    FaultLatency,
    FaultDropMidBody,
    FaultTruncatedJson,
    FaultHtml200,
    FaultBurst5xx,
    Fault429Storm,
    FaultExpiredLink,
    FaultInternalError,
}

impl ScenarioKind {
    pub const ALL: [ScenarioKind; 15] = [
        ScenarioKind::HappyInsert,
        ScenarioKind::UpdateMixed,
        ScenarioKind::UpsertParentChild,
        ScenarioKind::Failed,
        ScenarioKind::Rows25k,
        ScenarioKind::Rows250k,
        ScenarioKind::Stalled,
        ScenarioKind::FaultLatency,
        ScenarioKind::FaultDropMidBody,
        ScenarioKind::FaultTruncatedJson,
        ScenarioKind::FaultHtml200,
        ScenarioKind::FaultBurst5xx,
        ScenarioKind::Fault429Storm,
        ScenarioKind::FaultExpiredLink,
        ScenarioKind::FaultInternalError,
    ];

    /// The scenarios the demo creates one job of.
    pub const MAIN: [ScenarioKind; 7] = [
        ScenarioKind::HappyInsert,
        ScenarioKind::UpdateMixed,
        ScenarioKind::UpsertParentChild,
        ScenarioKind::Failed,
        ScenarioKind::Rows25k,
        ScenarioKind::Rows250k,
        ScenarioKind::Stalled,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ScenarioKind::HappyInsert => "happy-insert",
            ScenarioKind::UpdateMixed => "update-mixed",
            ScenarioKind::UpsertParentChild => "upsert-parent-child",
            ScenarioKind::Failed => "failed",
            ScenarioKind::Rows25k => "rows-25k",
            ScenarioKind::Rows250k => "rows-250k",
            ScenarioKind::Stalled => "stalled",
            ScenarioKind::FaultLatency => "fault-latency",
            ScenarioKind::FaultDropMidBody => "fault-drop-mid-body",
            ScenarioKind::FaultTruncatedJson => "fault-truncated-json",
            ScenarioKind::FaultHtml200 => "fault-html-200",
            ScenarioKind::FaultBurst5xx => "fault-burst-5xx",
            ScenarioKind::Fault429Storm => "fault-429-storm",
            ScenarioKind::FaultExpiredLink => "fault-expired-link",
            ScenarioKind::FaultInternalError => "fault-internal-error",
        }
    }

    pub fn parse(name: &str) -> Option<ScenarioKind> {
        let name = name.trim();
        ScenarioKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(name))
    }

    pub fn description(self) -> &'static str {
        match self {
            ScenarioKind::HappyInsert => {
                "Insert 2,400 Leads, every row added; about two minutes at speed 1"
            }
            ScenarioKind::UpdateMixed => {
                "Update 2,000 Contacts by Email: most updated, the rest skipped with all eight \
                 result error codes (some rows with several), a few unprocessed"
            }
            ScenarioKind::UpsertParentChild => {
                "Upsert Quotes (parent, 600 rows) with Quoted_Items (child, 1,800 rows): two \
                 resources, file_names and parent_column_index in v3+"
            }
            ScenarioKind::Failed => "Insert 1,500 Deals; the job FAILS at 40%",
            ScenarioKind::Rows25k => {
                "Insert 25,000 Leads (the per-file maximum); completed resources report code \
                 INPROGRESS and the result STATUS is uppercase, as some real answers do"
            }
            ScenarioKind::Rows250k => {
                "Insert 250,000 rows: Accounts with nine child files of 25,000 rows each"
            }
            ScenarioKind::Stalled => "Insert 5,000 Contacts; counting stops at 37% and never resumes",
            ScenarioKind::FaultLatency => "A small insert whose every details answer takes 3 s",
            ScenarioKind::FaultDropMidBody => {
                "Every 2nd details answer sends half its body, then drops the connection"
            }
            ScenarioKind::FaultTruncatedJson => {
                "Every 2nd details answer is a complete response whose JSON is cut in half"
            }
            ScenarioKind::FaultHtml200 => "Every 3rd details answer is an HTML error page with 200",
            ScenarioKind::FaultBurst5xx => {
                "Details polls 2–5 answer 500, 502, 503, 504; then the job recovers"
            }
            ScenarioKind::Fault429Storm => {
                "Details polls 2–7 answer 429 TOO_MANY_REQUESTS with Retry-After: 2; then it recovers"
            }
            ScenarioKind::FaultExpiredLink => {
                "Completes, but its result link is already expired (403 Link not valid)"
            }
            ScenarioKind::FaultInternalError => "Every details answer is 500 INTERNAL_ERROR",
        }
    }

    /// The full definition.
    pub fn def(self) -> ScenarioDef {
        let base = ScenarioDef {
            operation: Operation::Insert,
            resources: SMALL_LEADS,
            queue_secs: 5,
            rows_per_sec: 20,
            ending: Ending::Complete,
            fault: None,
            download_form: DownloadForm::Absolute,
            link_ttl_secs: None,
            quirks: Quirks::default(),
            version: ApiVersion::V8,
        };
        match self {
            ScenarioKind::HappyInsert => ScenarioDef {
                resources: HAPPY,
                ..base
            },
            ScenarioKind::UpdateMixed => ScenarioDef {
                operation: Operation::Update,
                resources: UPDATE_MIXED,
                rows_per_sec: 40,
                download_form: DownloadForm::Relative,
                ..base
            },
            ScenarioKind::UpsertParentChild => ScenarioDef {
                operation: Operation::Upsert,
                resources: PARENT_CHILD,
                rows_per_sec: 30,
                ..base
            },
            ScenarioKind::Failed => ScenarioDef {
                resources: FAILED,
                rows_per_sec: 25,
                ending: Ending::FailAt { permille: 400 },
                ..base
            },
            ScenarioKind::Rows25k => ScenarioDef {
                resources: ROWS_25K,
                rows_per_sec: 250,
                quirks: Quirks {
                    inprogress_code_on_complete: true,
                    upper_status: true,
                },
                ..base
            },
            ScenarioKind::Rows250k => ScenarioDef {
                resources: ROWS_250K,
                rows_per_sec: 1000,
                ..base
            },
            ScenarioKind::Stalled => ScenarioDef {
                resources: STALLED,
                rows_per_sec: 50,
                ending: Ending::StallAt { permille: 370 },
                ..base
            },
            ScenarioKind::FaultLatency => fault(base, Fault::Latency { ms: 3000 }),
            ScenarioKind::FaultDropMidBody => fault(base, Fault::DropMidBody { every: 2 }),
            ScenarioKind::FaultTruncatedJson => fault(base, Fault::TruncatedJson { every: 2 }),
            ScenarioKind::FaultHtml200 => fault(base, Fault::Html200 { every: 3 }),
            ScenarioKind::FaultBurst5xx => fault(base, Fault::Burst5xx { from: 2, count: 4 }),
            ScenarioKind::Fault429Storm => fault(
                base,
                Fault::Storm429 {
                    from: 2,
                    count: 6,
                    retry_after_s: 2,
                },
            ),
            ScenarioKind::FaultExpiredLink => ScenarioDef {
                link_ttl_secs: Some(0),
                ..base
            },
            ScenarioKind::FaultInternalError => fault(base, Fault::InternalError),
        }
    }
}

fn fault(base: ScenarioDef, fault: Fault) -> ScenarioDef {
    ScenarioDef {
        fault: Some(fault),
        ..base
    }
}

/// One resource of a scenario job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceDef {
    pub module: &'static str,
    pub file_name: &'static str,
    pub rows: usize,
    pub mix: &'static [(u32, Draw)],
    pub find_by: Option<&'static str>,
    /// A child resource: its `Parent_Id` column maps to the parent's first column.
    pub child: bool,
}

/// Everything a scenario fixes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScenarioDef {
    pub operation: Operation,
    pub resources: &'static [ResourceDef],
    pub queue_secs: u64,
    pub rows_per_sec: u64,
    pub ending: Ending,
    pub fault: Option<Fault>,
    pub download_form: DownloadForm,
    /// `None`: the simulator's `--link-ttl-secs`.
    pub link_ttl_secs: Option<u64>,
    pub quirks: Quirks,
    /// Version used for relative links and the demo deep link.
    pub version: ApiVersion,
}

impl ScenarioDef {
    /// The pace and fate part, for applying a scenario to an uploaded job.
    pub fn behaviour(&self, default_ttl_secs: u64) -> Behaviour {
        Behaviour {
            queue_ms: self.queue_secs * 1000,
            rows_per_sec: self.rows_per_sec,
            ending: self.ending,
            fault: self.fault,
            download_form: self.download_form,
            link_ttl_ms: self
                .link_ttl_secs
                .unwrap_or(default_ttl_secs)
                .saturating_mul(1000),
            quirks: self.quirks,
        }
    }

    pub fn total_rows(&self) -> usize {
        self.resources.iter().map(|r| r.rows).sum()
    }
}

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
    }
}

const SMALL_LEADS: &[ResourceDef] = &[res("Leads", "Leads.csv", 600, ALL_ADDED)];
const HAPPY: &[ResourceDef] = &[res("Leads", "Leads.csv", 2400, ALL_ADDED)];
const UPDATE_MIXED: &[ResourceDef] = &[ResourceDef {
    find_by: Some("Email"),
    ..res("Contacts", "contacts_update.csv", 2000, MIX_UPDATE)
}];
const PARENT_CHILD: &[ResourceDef] = &[
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
const FAILED: &[ResourceDef] = &[res("Deals", "Deals.csv", 1500, MIX_DEALS)];
const ROWS_25K: &[ResourceDef] = &[res("Leads", "leads_25k.csv", 25_000, MIX_LEADS_BIG)];
const fn child(module: &'static str, file_name: &'static str) -> ResourceDef {
    ResourceDef {
        child: true,
        ..res(module, file_name, 25_000, MIX_CHILD)
    }
}
const ROWS_250K: &[ResourceDef] = &[
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
const STALLED: &[ResourceDef] = &[res("Contacts", "Contacts.csv", 5000, MIX_CONTACTS)];

/// One line of `GET /__sim/scenarios`.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioInfo {
    pub name: &'static str,
    pub description: &'static str,
    pub operation: &'static str,
    pub rows: usize,
    pub resources: usize,
}

/// The scenario index.
pub fn index() -> Vec<ScenarioInfo> {
    ScenarioKind::ALL
        .into_iter()
        .map(|k| {
            let d = k.def();
            ScenarioInfo {
                name: k.name(),
                description: k.description(),
                operation: d.operation.as_str(),
                rows: d.total_rows(),
                resources: d.resources.len(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::catalog::RESULT_ERROR_CODES;

    #[test]
    fn names_round_trip_and_all_codes_are_used() {
        for k in ScenarioKind::ALL {
            assert_eq!(ScenarioKind::parse(k.name()), Some(k));
        }
        let update = ScenarioKind::UpdateMixed.def();
        for code in RESULT_ERROR_CODES {
            let used = update.resources[0].mix.iter().any(|(_, d)| match d {
                Draw::Skipped(errs) => errs.iter().any(|e| e.code == code),
                _ => false,
            });
            assert!(used, "{code} unused");
        }
        assert_eq!(ScenarioKind::Rows250k.def().total_rows(), 250_000);
        assert!(ScenarioKind::Rows250k
            .def()
            .resources
            .iter()
            .all(|r| r.rows <= 25_000));
    }
}
