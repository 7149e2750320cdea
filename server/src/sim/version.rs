//! The API versions the simulator answers for, and which keys each version's job-details body
//! carries. This table is the simulator's own reading of the reference
//! (`zoho-bulk-write-api.md`) and of Zoho's seed page — deliberately not the core's
//! `ApiVersion`, so that a wrong assumption in the product's decoder cannot be mirrored here.
//!
//! What the reference says, and what the simulator chose where it is silent:
//! - `module` is a plain string in v2 and `{api_name, id}` from v2.1 (reference).
//! - Every resource has `code` in every version (the reference lists it without a version).
//! - v2 sends no `file` while the job runs (reference); v2.1+ sends `{"status"}` alone while the
//!   job is ADDED (reference: "can be just"; the seed's Added sample) and the full object after.
//! - `file_id`, `file_names` and `find_by` on a resource, and `module` and
//!   `parent_column_index` on its mappings, are sent in v3+ for parent/child jobs (several
//!   resources), as explicit `null` when unset (reference: "in v3+ parent/child jobs"). Single
//!   resource jobs omit them, like the seed's v3 samples, except `find_by` in v3+ when the
//!   resource has one (update, upsert). *Choice.*
//! - `character_encoding` is sent once the job left ADDED (the seed's Added sample has none).
//!   *Choice.*
//! - `ignore_empty` at the top level up to v7 and per resource in v8 (reference: real samples
//!   put it at the top, the v8 spec per resource). *Choice.*
//! - `file.module` (listed on the seed page, in no sample) is sent only by the `rows-25k`
//!   scenario, beside its other real-org quirks. *Choice.*

use std::fmt;

/// What `bulkwatch simulate --help` says about the shapes it sends, where Zoho's reference is
/// silent (kept beside the table it describes).
pub const CHOICES_HELP: &str = "\
What the simulator sends, per the reference (docs: zoho-bulk-write-api.md), and its choices where \
the reference is silent (marked *):
  - module: a string in v2, {api_name, id} from v2.1; code on every resource in every version.
  - file: absent in v2 while the job runs; from v2.1 just {status} while ADDED, then in full.
  - file_id, file_names, find_by, and mapping module and parent_column_index: v3+ parent/child
    jobs, null when unset; single-resource jobs omit them, like the seed's v3 samples (*), but
    keep find_by in v3+ when they have one (update, upsert) (*).
  - character_encoding: once the job left ADDED, like the seed's samples (*).
  - ignore_empty: top level up to v7, per resource in v8 (*); file.module (a string) only in
    the rows-25k scenario (*).
  - created_time: in the org's zone, --org-utc-offset (default +00:00).
  - error bodies: {code, details, message, status: \"error\"}, the seed page's wording; without
    status under --errors-without-status and in the fault-error-without-status scenario.
  - result files: in the job's character_encoding (WHATWG labels; an unknown label is written as
    UTF-8 (*)), STATUS lowercase (*), LF line ends unless a scenario asks for CRLF (*). The
    result-* scenarios add a colliding column name, Windows-1252, Shift_JIS, a mislabelled file
    with one invalid byte, a BOM with extra zip entries, and a bare CSV download.
  - expired or unknown result links: 403 {\"info\":\"Forbidden\",\"x-info\":\"Link not valid\"} (*).";

/// One API version path segment the simulator routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Version {
    V2,
    V2_1,
    V3,
    V4,
    V5,
    V6,
    V7,
    #[default]
    V8,
}

/// Which optional keys a version's job-details body carries (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presence {
    /// `module` is `{api_name, id}` (else a plain string).
    pub module_object: bool,
    /// `file` is sent while the job runs (else only once it ended).
    pub file_while_running: bool,
    /// The parent/child keys (`file_id`, `file_names`, `find_by`, mapping `module` and
    /// `parent_column_index`) for jobs with several resources.
    pub parent_child_keys: bool,
    /// `ignore_empty` per resource (else at the top level).
    pub ignore_empty_per_resource: bool,
}

/// `(segment, version, presence)`, oldest first: the whole table in one place.
const TABLE: [(&str, Version, Presence); 8] = [
    ("v2", Version::V2, p(false, false, false, false)),
    ("v2.1", Version::V2_1, p(true, true, false, false)),
    ("v3", Version::V3, p(true, true, true, false)),
    ("v4", Version::V4, p(true, true, true, false)),
    ("v5", Version::V5, p(true, true, true, false)),
    ("v6", Version::V6, p(true, true, true, false)),
    ("v7", Version::V7, p(true, true, true, false)),
    ("v8", Version::V8, p(true, true, true, true)),
];

const fn p(module_object: bool, file_while_running: bool, pc: bool, per_res: bool) -> Presence {
    Presence {
        module_object,
        file_while_running,
        parent_child_keys: pc,
        ignore_empty_per_resource: per_res,
    }
}

impl Version {
    /// Every version, oldest first.
    pub const ALL: [Version; 8] = [
        Version::V2,
        Version::V2_1,
        Version::V3,
        Version::V4,
        Version::V5,
        Version::V6,
        Version::V7,
        Version::V8,
    ];

    fn row(self) -> &'static (&'static str, Version, Presence) {
        // The table lists every variant once, in declaration order.
        &TABLE[self as usize]
    }

    /// The path segment, exactly as Zoho spells it (`v2.1`).
    pub fn as_str(self) -> &'static str {
        self.row().0
    }

    /// The keys this version sends.
    pub fn presence(self) -> Presence {
        self.row().2
    }

    /// Reads a path segment spelt exactly as Zoho does (`v2.1`; never `V2.1` or `2.1`).
    pub fn parse_segment(seg: &str) -> Option<Version> {
        TABLE.iter().find(|(s, _, _)| *s == seg).map(|(_, v, _)| *v)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_in_variant_order_and_segments_round_trip() {
        for (i, v) in Version::ALL.into_iter().enumerate() {
            assert_eq!(TABLE[i].1, v);
            assert_eq!(Version::parse_segment(v.as_str()), Some(v));
        }
        for bad in ["V8", "8", "v2.0", "v9", " v8", ""] {
            assert_eq!(Version::parse_segment(bad), None, "{bad:?}");
        }
        assert!(!Version::V2.presence().module_object);
        assert!(Version::V2_1.presence().module_object);
        assert!(!Version::V2_1.presence().parent_child_keys);
        assert!(Version::V3.presence().parent_child_keys);
        assert!(Version::V8.presence().ignore_empty_per_resource);
        assert!(!Version::V7.presence().ignore_empty_per_resource);
    }
}
