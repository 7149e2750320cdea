//! Decides every row's fate: for an uploaded file, by reading the row the way Zoho would
//! (mandatory fields, `find_by` matches, duplicates, malformed emails and dates); for a scenario,
//! by drawing from the scenario's mix with the seeded generator.

use std::collections::{BTreeMap, HashSet};

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::catalog::{fnv1a, unique_fields};
use super::plan::{Mapping, Operation, Outcome, RowStatus};
use super::upload::CsvTable;

/// One entry of an `ERRORS` cell: a code and the columns it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrSpec {
    pub code: &'static str,
    pub columns: &'static [&'static str],
}

/// One possible draw of a scenario's mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Draw {
    Added,
    Updated,
    Unprocessed,
    Skipped(&'static [ErrSpec]),
}

/// Formats errors as Zoho's result file does: `CODE-col,col:CODE-col`.
pub fn format_errors<'a, C>(errors: impl IntoIterator<Item = (&'a str, C)>) -> String
where
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    errors
        .into_iter()
        .map(|(code, cols)| {
            let cols: Vec<String> = cols.into_iter().map(|c| c.as_ref().to_string()).collect();
            format!("{code}-{}", cols.join(","))
        })
        .collect::<Vec<_>>()
        .join(":")
}

/// Draws `rows` outcomes from a weighted mix.
pub fn synthesize(mix: &[(u32, Draw)], rows: usize, rng: &mut ChaCha8Rng) -> Vec<Outcome> {
    let total: u32 = mix.iter().map(|(w, _)| *w).sum();
    (0..rows)
        .map(|_| {
            let mut roll = if total == 0 {
                0
            } else {
                rng.gen_range(0..total)
            };
            let draw = mix
                .iter()
                .find(|(w, _)| {
                    if roll < *w {
                        true
                    } else {
                        roll -= *w;
                        false
                    }
                })
                .map(|(_, d)| *d)
                .unwrap_or(Draw::Added);
            match draw {
                Draw::Added => ok(RowStatus::Added),
                Draw::Updated => ok(RowStatus::Updated),
                Draw::Unprocessed => ok(RowStatus::Unprocessed),
                Draw::Skipped(errs) => Outcome {
                    status: RowStatus::Skipped,
                    errors: Some(
                        format_errors(errs.iter().map(|e| (e.code, e.columns.iter().copied())))
                            .into_boxed_str(),
                    ),
                },
            }
        })
        .collect()
}

fn ok(status: RowStatus) -> Outcome {
    Outcome {
        status,
        errors: None,
    }
}

/// What [`evaluate`] needs besides the table.
#[derive(Debug, Clone)]
pub struct EvalRules<'a> {
    pub operation: Operation,
    pub module: &'a str,
    pub mandatory: &'a [String],
    pub mappings: &'a [Mapping],
    pub find_by: Option<&'a str>,
    pub ignore_empty: bool,
    /// Share (0–100) of `find_by` values taken to match an existing record.
    pub existing_pct: u8,
    /// Mixed into the "does this record exist" hash, so seeds change which rows match.
    pub salt: u64,
}

/// Reads every row of an uploaded table as Zoho would and decides its outcome.
pub fn evaluate(table: &CsvTable, rules: &EvalRules<'_>) -> Vec<Outcome> {
    let uniques: Vec<&str> = unique_fields(rules.module)
        .iter()
        .copied()
        .filter(|f| rules.mappings.iter().any(|m| m.api_name == *f))
        .collect();
    let mut seen: Vec<HashSet<String>> = vec![HashSet::new(); uniques.len()];
    table
        .rows
        .iter()
        .map(|row| {
            let value = |api: &str| value_of(row, rules.mappings, api);
            // BTreeMap keeps codes in a stable order; Vec keeps columns in mapping order.
            let mut errors: BTreeMap<u8, (&'static str, Vec<String>)> = BTreeMap::new();
            let mut add = |rank: u8, code: &'static str, col: &str| {
                errors
                    .entry(rank)
                    .or_insert_with(|| (code, Vec::new()))
                    .1
                    .push(col.to_string());
            };
            let key = rules.find_by.unwrap_or("id");
            let mut key_missing = false;
            let exists = match rules.operation {
                Operation::Insert => false,
                Operation::Update | Operation::Upsert => match value(key) {
                    Some(v) => {
                        let h = fnv1a(v.as_bytes()) ^ rules.salt;
                        (h % 100) < u64::from(rules.existing_pct)
                    }
                    None => {
                        key_missing = true;
                        add(0, "MANDATORY_NOT_FOUND", key);
                        false
                    }
                },
            };
            let inserting = match rules.operation {
                Operation::Insert => true,
                Operation::Update => false,
                Operation::Upsert => !exists,
            };
            if rules.operation == Operation::Update && !exists && !key_missing {
                add(7, "RESOURCE_NOT_FOUND", key);
            }
            for field in rules.mandatory {
                let mapped = rules.mappings.iter().any(|m| &m.api_name == field);
                let missing = value(field).is_none();
                // An update leaves unmapped fields alone; `ignore_empty` keeps old values.
                let counts = if inserting {
                    missing
                } else {
                    mapped && missing && !rules.ignore_empty
                };
                if counts {
                    add(0, "MANDATORY_NOT_FOUND", field);
                }
            }
            for m in rules.mappings {
                if let Some(v) = value(&m.api_name) {
                    if !looks_valid(&m.api_name, &v) {
                        add(1, "INVALID_DATA", &m.api_name);
                    }
                }
            }
            for (slot, field) in uniques.iter().enumerate() {
                if let Some(v) = value(field) {
                    if !seen[slot].insert(v.to_ascii_lowercase()) {
                        add(2, "DUPLICATE_DATA", field);
                    }
                }
            }
            if errors.is_empty() {
                ok(if inserting {
                    RowStatus::Added
                } else {
                    RowStatus::Updated
                })
            } else {
                Outcome {
                    status: RowStatus::Skipped,
                    errors: Some(format_errors(errors.into_values()).into_boxed_str()),
                }
            }
        })
        .collect()
}

/// A row's value for a field: its mapped cell when not blank, else the mapping's default.
fn value_of(row: &[String], mappings: &[Mapping], api: &str) -> Option<String> {
    let m = mappings.iter().find(|m| m.api_name == api)?;
    let cell = m
        .index
        .and_then(|i| row.get(i))
        .map(|s| s.trim())
        .filter(|s| !s.is_empty());
    match cell {
        Some(c) => Some(c.to_string()),
        None => m.default_value.as_ref().and_then(default_text),
    }
}

fn default_text(v: &serde_json::Value) -> Option<String> {
    let inner = v.get("value").unwrap_or(v);
    match inner {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Field-type checks Zoho makes that a simulator can make without the org's layout.
fn looks_valid(api: &str, v: &str) -> bool {
    if api.contains("Email") {
        let parts: Vec<&str> = v.split('@').collect();
        return parts.len() == 2 && !parts[0].is_empty() && parts[1].contains('.');
    }
    if api.ends_with("_Date") || api == "Valid_Till" {
        let b = v.as_bytes();
        return b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn table(rows: &[&[&str]]) -> CsvTable {
        CsvTable {
            name: "Leads.csv".into(),
            delimiter: b',',
            headers: vec!["Last".into(), "Company".into(), "Email".into()],
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect(),
        }
    }

    #[test]
    fn insert_rules() {
        let t = table(&[
            &["Boyle", "Acme", "p@x.com"],
            &["", "", "bad-email"],
            &["Okafor", "Globex", "P@x.com"],
        ]);
        let maps = vec![
            Mapping::column("Last_Name", 0),
            Mapping::column("Company", 1),
            Mapping::column("Email", 2),
        ];
        let mandatory = vec!["Last_Name".to_string(), "Company".to_string()];
        let rules = EvalRules {
            operation: Operation::Insert,
            module: "Leads",
            mandatory: &mandatory,
            mappings: &maps,
            find_by: None,
            ignore_empty: false,
            existing_pct: 80,
            salt: 0,
        };
        let out = evaluate(&t, &rules);
        assert_eq!(out[0].status, RowStatus::Added);
        assert_eq!(out[1].status, RowStatus::Skipped);
        assert_eq!(
            out[1].errors.as_deref(),
            Some("MANDATORY_NOT_FOUND-Last_Name,Company:INVALID_DATA-Email")
        );
        assert_eq!(out[2].errors.as_deref(), Some("DUPLICATE_DATA-Email"));
    }

    #[test]
    fn update_rules_depend_on_existing_share() {
        let t = table(&[
            &["Boyle", "Acme", "a@x.com"],
            &["Okafor", "Globex", "b@x.com"],
        ]);
        let maps = vec![Mapping::column("Last_Name", 0), Mapping::column("Email", 2)];
        let mut rules = EvalRules {
            operation: Operation::Update,
            module: "Contacts",
            mandatory: &[],
            mappings: &maps,
            find_by: Some("Email"),
            ignore_empty: false,
            existing_pct: 100,
            salt: 0,
        };
        assert!(evaluate(&t, &rules)
            .iter()
            .all(|o| o.status == RowStatus::Updated));
        rules.existing_pct = 0;
        let out = evaluate(&t, &rules);
        assert_eq!(out[0].errors.as_deref(), Some("RESOURCE_NOT_FOUND-Email"));
        rules.operation = Operation::Upsert;
        assert!(evaluate(&t, &rules)
            .iter()
            .all(|o| o.status == RowStatus::Added));
    }

    #[test]
    fn synthesize_follows_weights() {
        const E: &[ErrSpec] = &[ErrSpec {
            code: "LIMIT_EXCEEDED",
            columns: &["Phone"],
        }];
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let out = synthesize(&[(1, Draw::Added), (1, Draw::Skipped(E))], 1000, &mut rng);
        let skipped = out
            .iter()
            .filter(|o| o.status == RowStatus::Skipped)
            .count();
        assert!((350..650).contains(&skipped), "{skipped}");
        assert!(out
            .iter()
            .filter(|o| o.status == RowStatus::Skipped)
            .all(|o| o.errors.as_deref() == Some("LIMIT_EXCEEDED-Phone")));
    }
}
