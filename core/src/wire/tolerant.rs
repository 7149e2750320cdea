//! One odd optional field never sinks a job. Before the job-details body is decoded, every
//! optional field is tried on its own against what it should be; a field that does not fit is
//! taken out of the body and reported as an [`UnreadableField`] (its JSON path, the raw value and
//! what was expected), and the rest of the job decodes as usual. `resource` or `field_mappings`
//! sent as a single object instead of an array is read as a list of one.
//!
//! What stays strict, because without it there is no job to show: the job's `id` and `status`,
//! every resource's and file's `status`, the `file` block itself and its counts. Those still fail
//! the whole decode, with their path.

use super::lenient;
use super::WireModule;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The longest raw value kept for display, in characters.
pub const MAX_RAW_CHARS: usize = 200;

/// An optional field that was left out because its value did not fit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnreadableField {
    /// Where it was: `ignore_empty`, `resource[0].field_mappings[2].format`.
    pub path: String,
    /// The value as sent, compact JSON (cut to [`MAX_RAW_CHARS`] with an ellipsis).
    pub raw: String,
    /// What Bulkwatch expected there (`true or false`, `a text`, …).
    pub expected: String,
}

/// How one optional field is tried, and what it should be (in words for people).
#[derive(Clone, Copy)]
struct Check {
    fits: fn(&Value) -> bool,
    expected: &'static str,
}

const TEXT: Check = Check {
    fits: |v| Option::<String>::deserialize(v).is_ok(),
    expected: "a text",
};
const BOOLEAN: Check = Check {
    fits: |v| Option::<bool>::deserialize(v).is_ok(),
    expected: "true or false",
};
const ID: Check = Check {
    fits: |v| lenient::opt_id(v).is_ok(),
    expected: "an id (digits, as a string or a number)",
};
const INDEX: Check = Check {
    fits: |v| lenient::opt_index(v).is_ok(),
    expected: "a column number",
};
const NAMES: Check = Check {
    fits: |v| lenient::opt_string_list(v).is_ok(),
    expected: "a list of file names",
};
const MODULE: Check = Check {
    fits: |v| Option::<WireModule>::deserialize(v).is_ok(),
    expected: "a module name or {api_name, id}",
};

/// Takes every unreadable optional field out of a job-details body and reports it. The body is
/// changed in place (single objects wrapped into lists, unreadable fields removed) so that the
/// strict decoder then sees only what fits. A body that is not an object is left alone.
pub fn tidy_job(body: &mut Value) -> Vec<UnreadableField> {
    let mut out = Vec::new();
    let Some(job) = body.as_object_mut() else {
        return out;
    };
    for (key, check) in [
        ("character_encoding", TEXT),
        ("operation", TEXT),
        ("created_time", TEXT),
        ("ignore_empty", BOOLEAN),
    ] {
        field(job, key, "", check, &mut out);
    }
    block(
        job,
        "created_by",
        "",
        &[("id", ID), ("name", TEXT)],
        &mut out,
    );
    block(job, "result", "", &[("download_url", TEXT)], &mut out);
    block(
        job,
        "callback",
        "",
        &[("url", TEXT), ("method", TEXT)],
        &mut out,
    );
    list(job, "resource", "", tidy_resource, &mut out);
    out
}

fn tidy_resource(res: &mut Map<String, Value>, at: &str, out: &mut Vec<UnreadableField>) {
    for (key, check) in [
        ("type", TEXT),
        ("code", TEXT),
        ("module", MODULE),
        ("file_id", ID),
        ("file_names", NAMES),
        ("find_by", TEXT),
        ("ignore_empty", BOOLEAN),
    ] {
        field(res, key, at, check, out);
    }
    // `file` holds the counts: its shape and counts stay strict; only its texts are tolerated.
    if let Some(Value::Object(file)) = res.get_mut("file") {
        let at = format!("{at}.file");
        field(file, "name", &at, TEXT, out);
        field(file, "module", &at, MODULE, out);
    }
    list(res, "field_mappings", at, tidy_mapping, out);
}

fn tidy_mapping(m: &mut Map<String, Value>, at: &str, out: &mut Vec<UnreadableField>) {
    for (key, check) in [
        ("api_name", TEXT),
        ("index", INDEX),
        ("format", TEXT),
        ("find_by", TEXT),
        ("module", MODULE),
        ("parent_column_index", INDEX),
    ] {
        field(m, key, at, check, out);
    }
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_string()
    } else {
        format!("{at}.{key}")
    }
}

/// One optional field: kept if it fits `check`, otherwise removed and reported.
fn field(
    obj: &mut Map<String, Value>,
    key: &str,
    at: &str,
    check: Check,
    out: &mut Vec<UnreadableField>,
) {
    let Some(value) = obj.get(key) else {
        return;
    };
    if (check.fits)(value) {
        return;
    }
    if let Some(value) = obj.remove(key) {
        out.push(unreadable(join(at, key), &value, check.expected));
    }
}

/// An optional object whose members are checked one by one; not an object (nor `null`) at all:
/// the whole block is unreadable.
fn block(
    obj: &mut Map<String, Value>,
    key: &str,
    at: &str,
    members: &[(&str, Check)],
    out: &mut Vec<UnreadableField>,
) {
    let path = join(at, key);
    match obj.get_mut(key) {
        None | Some(Value::Null) => {}
        Some(Value::Object(inner)) => {
            for (member, check) in members {
                field(inner, member, &path, *check, out);
            }
        }
        Some(_) => {
            if let Some(value) = obj.remove(key) {
                out.push(unreadable(path, &value, "an object"));
            }
        }
    }
}

/// An optional list of objects: a single object is read as a list of one; an item that is not
/// an object is dropped and reported; each object item is tidied by `each`.
fn list(
    obj: &mut Map<String, Value>,
    key: &str,
    at: &str,
    each: fn(&mut Map<String, Value>, &str, &mut Vec<UnreadableField>),
    out: &mut Vec<UnreadableField>,
) {
    let path = join(at, key);
    let Some(value) = obj.get_mut(key) else {
        return;
    };
    match value {
        Value::Null => {}
        Value::Object(_) => {
            let single = value.take();
            *value = Value::Array(vec![single]);
        }
        Value::Array(_) => {}
        _ => {
            if let Some(value) = obj.remove(key) {
                out.push(unreadable(path, &value, "a list"));
            }
            return;
        }
    }
    let Some(Value::Array(items)) = obj.get_mut(key) else {
        return;
    };
    let mut kept = Vec::with_capacity(items.len());
    for (i, mut item) in std::mem::take(items).into_iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        match item.as_object_mut() {
            Some(inner) => {
                // Paths name the position as sent, so they match what a person sees in the body.
                each(inner, &item_path, out);
                kept.push(item);
            }
            None => out.push(unreadable(item_path, &item, "an object")),
        }
    }
    *items = kept;
}

fn unreadable(path: String, value: &Value, expected: &str) -> UnreadableField {
    let full = value.to_string();
    let raw = match full.char_indices().nth(MAX_RAW_CHARS) {
        Some((cut, _)) => format!("{}…", &full[..cut]),
        None => full,
    };
    UnreadableField {
        path,
        raw,
        expected: expected.to_string(),
    }
}

/// The fields under `prefix` (`resource[0]`), with their paths made relative to it
/// (`field_mappings[1].format`): what one resource or mapping shows in its own place.
pub fn unreadable_under(fields: &[UnreadableField], prefix: &str) -> Vec<UnreadableField> {
    fields
        .iter()
        .filter_map(|u| {
            let rest = u.path.strip_prefix(prefix)?.strip_prefix('.')?;
            Some(UnreadableField {
                path: rest.to_string(),
                ..u.clone()
            })
        })
        .collect()
}
