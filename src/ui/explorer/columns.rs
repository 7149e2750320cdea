//! What the result table shows: its columns for the files in view, each cell's text, the field
//! mapping an error's column comes from, and numbers for people. Pure, tested natively.

use bulkwatch_core::result::{ResultSet, RowStatus, RowView, SortKey};
use bulkwatch_core::Job;

/// One column of the result table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    /// The record's position in the uploaded file (1 = first data row).
    Row,
    /// The resource (module) the row belongs to; shown when several files are in view.
    File,
    Status,
    Errors,
    RecordId,
    /// One mapped column, by name (shown when one file is in view).
    Field(String),
    /// The mapped columns of each row's own file, `name: value` (several files in view, whose
    /// columns differ).
    Fields,
}

impl Column {
    /// The header text.
    pub fn label(&self) -> String {
        match self {
            Column::Row => "Row".into(),
            Column::File => "Module".into(),
            Column::Status => "Status".into(),
            Column::Errors => "Errors".into(),
            Column::RecordId => "Record ID".into(),
            Column::Field(name) => name.clone(),
            Column::Fields => "Uploaded values".into(),
        }
    }

    /// What sorting by this column means, if it can be sorted.
    pub fn sort_key(&self) -> Option<SortKey> {
        match self {
            Column::Row => Some(SortKey::Row),
            Column::Status => Some(SortKey::Status),
            Column::Errors => Some(SortKey::Errors),
            Column::RecordId => Some(SortKey::RecordId),
            Column::Field(name) => Some(SortKey::Column(name.clone())),
            Column::File | Column::Fields => None,
        }
    }

    /// A CSS class suffix for the column's width (`bw-x-c--…`).
    pub fn class(&self) -> &'static str {
        match self {
            Column::Row => "row",
            Column::File => "file",
            Column::Status => "status",
            Column::Errors => "errors",
            Column::RecordId => "record",
            Column::Field(_) => "field",
            Column::Fields => "fields",
        }
    }
}

/// The columns for the files in view: `file` is the one file filtered on, if any.
pub fn table_columns(set: &ResultSet, file: Option<usize>) -> Vec<Column> {
    let one_file = match file {
        Some(i) => set.file(i),
        None if set.files().len() == 1 => set.file(0),
        None => None,
    };
    let mut columns = vec![Column::Row];
    if one_file.is_none() {
        columns.push(Column::File);
    }
    columns.extend([Column::Status, Column::Errors, Column::RecordId]);
    match one_file {
        Some(f) => {
            columns.extend(
                f.header()
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !f.is_result_column(*i))
                    .map(|(_, name)| Column::Field(name.clone())),
            );
        }
        None => columns.push(Column::Fields),
    }
    columns
}

/// The mapped (non-result) fields of a row: `(column name, value)`, header order.
pub fn mapped_fields<'a>(row: &RowView<'a>) -> Vec<(&'a str, &'a str)> {
    let file = row.file();
    file.header()
        .iter()
        .enumerate()
        .filter(|(i, _)| !file.is_result_column(*i))
        .map(|(i, name)| (name.as_str(), row.fields().field(i)))
        .collect()
}

/// A cell's text (the errors cell is drawn as chips; this is its plain form).
pub fn cell_text(column: &Column, row: &RowView<'_>) -> String {
    match column {
        Column::Row => (row.index_in_file() + 1).to_string(),
        Column::File => row.file().module().to_string(),
        Column::Status => row.status().label().to_string(),
        Column::Errors => row.errors_raw().to_string(),
        Column::RecordId => row.record_id().to_string(),
        Column::Field(name) => row
            .file()
            .data_column(name)
            .map_or("", |i| row.fields().field(i))
            .to_string(),
        Column::Fields => mapped_fields(row)
            .iter()
            .map(|(name, value)| format!("{name}: {value}"))
            .collect::<Vec<_>>()
            .join(" · "),
    }
}

/// The class suffix of a status badge: the documented statuses by name, anything else `other`.
pub fn status_class(status: &RowStatus) -> &'static str {
    match status {
        RowStatus::Added => "added",
        RowStatus::Updated => "updated",
        RowStatus::Skipped => "skipped",
        RowStatus::Unprocessed => "unprocessed",
        RowStatus::Other(_) => "other",
    }
}

/// Where an error's column comes from: a field mapping of one of the job's resources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingRef {
    /// Index in the job's `resource[]` (the order the resource panels are shown in).
    pub resource: usize,
    /// The resource's module.
    pub module: String,
    /// The field's API name as the mapping writes it.
    pub api_name: String,
    /// The uploaded file's column index, as Zoho counts it.
    pub index: Option<u32>,
}

/// The field mapping naming `column` (case-insensitive), preferring a resource of `module`.
pub fn find_mapping(job: &Job, column: &str, module: Option<&str>) -> Option<MappingRef> {
    let column = column.trim();
    let same_module =
        |name: &str| module.is_some_and(|m| !m.is_empty() && m.eq_ignore_ascii_case(name));
    let mut found = None;
    for (resource, r) in job.resources.iter().enumerate() {
        let Some(m) = r
            .field_mappings
            .iter()
            .find(|m| m.api_name.trim().eq_ignore_ascii_case(column))
        else {
            continue;
        };
        let candidate = MappingRef {
            resource,
            module: r.module_name().to_string(),
            api_name: m.api_name.clone(),
            index: m.index,
        };
        if same_module(r.module_name()) {
            return Some(candidate);
        }
        found.get_or_insert(candidate);
    }
    found
}

/// A count for people: `12,345`.
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 row`, `12,345 rows`.
pub fn rows_text(n: u64) -> String {
    if n == 1 {
        "1 row".into()
    } else {
        format!("{} rows", group_digits(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bulkwatch_core::decode_job_response;
    use bulkwatch_core::result::{ExportOptions, LoadOptions, ResultLoader, RowId};

    fn load(name: &str, csv: &str) -> ResultSet {
        ResultLoader::from_csv(name, csv.as_bytes().to_vec(), LoadOptions::default())
            .finish()
            .expect("loads")
    }

    const LEADS: &str = "Company,Last_Name,Email,STATUS,RECORD_ID,ERRORS\r\n\
        Acme,Smith,a@x.io,ADDED,111,\r\n\
        ,Jones,b@x.io,SKIPPED,,MANDATORY_NOT_FOUND-Company\r\n";

    #[test]
    fn one_file_shows_its_mapped_columns() {
        let set = load("Leads-leads.csv", LEADS);
        let cols = table_columns(&set, None);
        assert_eq!(
            cols,
            vec![
                Column::Row,
                Column::Status,
                Column::Errors,
                Column::RecordId,
                Column::Field("Company".into()),
                Column::Field("Last_Name".into()),
                Column::Field("Email".into()),
            ]
        );
        let row = set.row(RowId(1)).expect("row 1");
        let text: Vec<String> = cols.iter().map(|c| cell_text(c, &row)).collect();
        assert_eq!(
            text,
            [
                "2",
                "Skipped",
                "MANDATORY_NOT_FOUND-Company",
                "",
                "",
                "Jones",
                "b@x.io"
            ]
        );
        assert_eq!(
            cell_text(&Column::Fields, &row),
            "Company:  · Last_Name: Jones · Email: b@x.io"
        );
        assert_eq!(
            Column::Field("Email".into()).sort_key(),
            Some(SortKey::Column("Email".into()))
        );
        assert_eq!(Column::Fields.sort_key(), None);
        // The export of the same rows is unaffected by what the table shows.
        assert!(set
            .export_rows(&[RowId(1)], ExportOptions::default())
            .starts_with(b"Company,"));
    }

    #[test]
    fn status_classes() {
        assert_eq!(status_class(&RowStatus::Skipped), "skipped");
        assert_eq!(status_class(&RowStatus::Other("weird".into())), "other");
    }

    #[test]
    fn numbers_for_people() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1_000), "1,000");
        assert_eq!(group_digits(250_000), "250,000");
        assert_eq!(group_digits(1_234_567), "1,234,567");
        assert_eq!(rows_text(1), "1 row");
        assert_eq!(rows_text(25_000), "25,000 rows");
    }

    #[test]
    fn mappings_are_found_by_api_name_preferring_the_module() {
        let job = decode_job_response(
            200,
            include_bytes!("../../../tests/fixtures/jobs/v3_parent_child.json"),
        )
        .expect("fixture");
        let first = &job.resources[0].field_mappings[0];
        let found = find_mapping(&job, &first.api_name.to_uppercase(), None).expect("found");
        assert_eq!(found.api_name, first.api_name);
        assert_eq!(found.index, first.index);
        assert!(find_mapping(&job, "No_Such_Field", None).is_none());
        // A field both resources map resolves to the hinted module's mapping.
        for (ri, r) in job.resources.iter().enumerate() {
            for m in &r.field_mappings {
                let hit = find_mapping(&job, &m.api_name, Some(r.module_name())).expect("hit");
                assert!(hit.resource == ri || hit.module.eq_ignore_ascii_case(r.module_name()));
            }
        }
    }
}
