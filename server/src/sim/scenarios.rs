//! The named scenarios: what each job pretends was uploaded, how its rows turn out, how fast it
//! runs, how it ends and which fault it carries. Listed at `GET /__sim/scenarios`, created with
//! `--scenario NAME=JOB_ID`, `POST /__sim/jobs`, or the header `X-Sim-Scenario` on Zoho's create
//! route (which then keeps the uploaded rows and takes only the pace, ending and fault).

use super::version::Version;
use serde::Serialize;

use super::catalog::Column;
use super::config::DownloadForm;
use super::outcomes::Draw;
use super::plan::{Behaviour, Ending, Fault, Operation, Quirks, ResultFormat};
use super::scenario_data::{
    BARE_LEADS, COLLISION, FAILED, HAPPY, JAPANESE_LEADS, LATIN_CONTACTS, ONE_ACCENT_LEADS,
    PARENT_CHILD, ROWS_250K, ROWS_25K, SMALL_LEADS, STALLED, UPDATE_MIXED,
};

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
    FaultErrorWithoutStatus,
    ResultCollision,
    ResultWindows1252,
    ResultShiftJis,
    ResultInvalidByte,
    ResultBomExtraEntries,
    ResultBareCsv,
}

impl ScenarioKind {
    pub const ALL: [ScenarioKind; 22] = [
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
        ScenarioKind::FaultErrorWithoutStatus,
        ScenarioKind::ResultCollision,
        ScenarioKind::ResultWindows1252,
        ScenarioKind::ResultShiftJis,
        ScenarioKind::ResultInvalidByte,
        ScenarioKind::ResultBomExtraEntries,
        ScenarioKind::ResultBareCsv,
    ];

    /// The scenarios the demo creates one job of (new ones go last, so demo ids stay stable).
    pub const MAIN: [ScenarioKind; 14] = [
        ScenarioKind::HappyInsert,
        ScenarioKind::UpdateMixed,
        ScenarioKind::UpsertParentChild,
        ScenarioKind::Failed,
        ScenarioKind::Rows25k,
        ScenarioKind::Rows250k,
        ScenarioKind::Stalled,
        ScenarioKind::ResultCollision,
        ScenarioKind::ResultWindows1252,
        ScenarioKind::ResultShiftJis,
        ScenarioKind::ResultInvalidByte,
        ScenarioKind::ResultBomExtraEntries,
        ScenarioKind::ResultBareCsv,
        ScenarioKind::FaultErrorWithoutStatus,
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
            ScenarioKind::FaultErrorWithoutStatus => "fault-error-without-status",
            ScenarioKind::ResultCollision => "result-collision",
            ScenarioKind::ResultWindows1252 => "result-windows-1252",
            ScenarioKind::ResultShiftJis => "result-shift-jis",
            ScenarioKind::ResultInvalidByte => "result-invalid-byte",
            ScenarioKind::ResultBomExtraEntries => "result-bom-extra-entries",
            ScenarioKind::ResultBareCsv => "result-bare-csv",
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
            ScenarioKind::FaultErrorWithoutStatus => {
                "Every details answer is 404 RESOURCE_NOT_FOUND in Zoho's wording but without \
                 \"status\": \"error\", as some Zoho answers are"
            }
            ScenarioKind::ResultCollision => {
                "Insert 1,000 Cases whose first three columns are the user's own Status, Errors \
                 and Record_Id, so the result CSV has two columns of each name"
            }
            ScenarioKind::ResultWindows1252 => {
                "Insert 1,000 Contacts with accented names and €; character_encoding \
                 windows-1252, result written in it with CRLF line ends"
            }
            ScenarioKind::ResultShiftJis => {
                "Insert 1,000 Leads with Japanese names; character_encoding Shift_JIS, result \
                 written in it with CRLF line ends"
            }
            ScenarioKind::ResultInvalidByte => {
                "Insert 1,000 Leads declared UTF-8, but the result is Windows-1252: one row \
                 (Müller) holds a byte that is invalid UTF-8"
            }
            ScenarioKind::ResultBomExtraEntries => {
                "Insert 1,000 Contacts; the result CSV starts with a UTF-8 BOM, ends lines with \
                 CRLF, and the zip also holds __MACOSX/, readme.txt and an empty folder"
            }
            ScenarioKind::ResultBareCsv => {
                "Insert 800 Leads; the result download is the CSV itself, not a zip"
            }
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
            version: Version::V8,
            character_encoding: "UTF-8",
            result: ResultFormat::default(),
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
                    file_module: true,
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
            ScenarioKind::FaultErrorWithoutStatus => fault(base, Fault::ErrorWithoutStatus),
            ScenarioKind::ResultCollision => ScenarioDef {
                resources: COLLISION,
                rows_per_sec: 100,
                ..base
            },
            ScenarioKind::ResultWindows1252 => ScenarioDef {
                resources: LATIN_CONTACTS,
                rows_per_sec: 100,
                character_encoding: "windows-1252",
                result: ResultFormat {
                    crlf: true,
                    ..ResultFormat::default()
                },
                ..base
            },
            ScenarioKind::ResultShiftJis => ScenarioDef {
                resources: JAPANESE_LEADS,
                rows_per_sec: 100,
                character_encoding: "Shift_JIS",
                result: ResultFormat {
                    crlf: true,
                    ..ResultFormat::default()
                },
                ..base
            },
            ScenarioKind::ResultInvalidByte => ScenarioDef {
                resources: ONE_ACCENT_LEADS,
                rows_per_sec: 100,
                result: ResultFormat {
                    written_in: Some("windows-1252"),
                    ..ResultFormat::default()
                },
                ..base
            },
            ScenarioKind::ResultBomExtraEntries => ScenarioDef {
                resources: LATIN_CONTACTS,
                rows_per_sec: 100,
                result: ResultFormat {
                    bom: true,
                    crlf: true,
                    extra_entries: true,
                    ..ResultFormat::default()
                },
                ..base
            },
            ScenarioKind::ResultBareCsv => ScenarioDef {
                resources: BARE_LEADS,
                rows_per_sec: 100,
                result: ResultFormat {
                    bare_csv: true,
                    ..ResultFormat::default()
                },
                ..base
            },
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
    /// The uploaded file's columns; `None`: the module's usual ones.
    pub columns: Option<&'static [Column]>,
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
    pub version: Version,
    /// The job's declared `character_encoding`; the result file is written in it.
    pub character_encoding: &'static str,
    pub result: ResultFormat,
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
            result: self.result,
        }
    }

    pub fn total_rows(&self) -> usize {
        self.resources.iter().map(|r| r.rows).sum()
    }
}

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
