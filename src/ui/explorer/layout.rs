//! The result table's column widths: one `grid-template-columns` value, computed once per set of
//! columns from their headers and a sample of their values. The header row and every body row
//! read it from the same custom property (`--bw-x-cols` on the grid), so header cells and body
//! cells share their edges however the table is scrolled (`--bw-x-width` gives every row the
//! same width). Pure, tested natively.
//!
//! Widths are in `ch` of the row's font: a column is as wide as its header (with room for the
//! sort mark) or its widest sampled value, within bounds per kind of column; longer values are
//! ellipsised in the cell and shown in full in its `title` and the row detail.

use bulkwatch_core::result::{ResultSet, RowId};

use super::columns::{cell_text, Column};

/// Rows read to size the columns (spread over the files in view).
pub const SAMPLE_ROWS: usize = 300;

/// Room around a value: the cell's padding (1rem ≈ 2ch).
const PADDING_CH: usize = 2;
/// Room after a header's label for the sort mark (" ▲") and its bolder letters.
const SORT_MARK_CH: usize = 3;

/// The narrowest and widest a column of this kind is drawn, in `ch`.
fn bounds(column: &Column) -> (usize, usize) {
    match column {
        Column::Row => (6, 10),
        Column::File => (9, 20),
        // The badge's label, padded ("Unprocessed").
        Column::Status => (14, 18),
        Column::Errors => (16, 34),
        // Zoho record ids are 19 digits.
        Column::RecordId => (12, 23),
        Column::Field(_) => (9, 30),
        Column::Fields => (30, 64),
    }
}

/// Extra room a cell's drawing needs beyond its text: chips and badges have their own padding.
fn decoration_ch(column: &Column, text_chars: usize) -> usize {
    match column {
        Column::Status => 3,
        // Each error is a chip with padding and a gap after it: about one per 20 characters.
        Column::Errors => 2 * text_chars.div_ceil(20).max(1),
        _ => 0,
    }
}

/// A column's width in `ch`: its header (label and sort mark) or its widest sampled value,
/// whichever is wider, within the column's bounds.
pub fn column_ch(column: &Column, values: impl IntoIterator<Item = usize>) -> usize {
    let (min, max) = bounds(column);
    let mark = if column.sort_key().is_some() {
        SORT_MARK_CH
    } else {
        0
    };
    let header = column.label().chars().count() + mark;
    let widest = values
        .into_iter()
        .map(|chars| chars + decoration_ch(column, chars))
        .max()
        .unwrap_or(0);
    (header.max(widest) + PADDING_CH).clamp(min, max)
}

/// The table's columns as CSS: the tracks (`grid-template-columns`) and the rows' width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// Fixed tracks, the last one taking whatever room is left so a narrow table still fills
    /// its box.
    pub columns: String,
    /// The sum of the tracks: every row (header included) is this wide or as wide as the box,
    /// whichever is wider, so no row's width — and no column edge — depends on its values.
    pub width: String,
}

/// The [`Template`] for `widths` (in `ch`).
pub fn template(widths: &[usize]) -> Template {
    let last = widths.len().saturating_sub(1);
    let columns = widths
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i == last {
                format!("minmax({w}ch, 1fr)")
            } else {
                format!("{w}ch")
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    Template {
        columns,
        width: format!("{}ch", widths.iter().sum::<usize>()),
    }
}

/// Up to [`SAMPLE_ROWS`] rows of the files in view (`file`, or all), an even share of each file.
fn sample(set: &ResultSet, file: Option<usize>) -> Vec<RowId> {
    let files: Vec<usize> = match file {
        Some(i) if set.file(i).is_some() => vec![i],
        _ => (0..set.files().len()).collect(),
    };
    let share = SAMPLE_ROWS / files.len().max(1);
    files
        .into_iter()
        .filter_map(|i| set.file(i))
        .flat_map(|f| f.row_ids().take(share))
        .collect()
}

/// The template for `columns` over the files in view: each column sized from a sample of its
/// values; the row number column from the longest file (its last row number).
pub fn table_template(set: &ResultSet, file: Option<usize>, columns: &[Column]) -> Template {
    let rows = sample(set, file);
    let longest_file = set.files().iter().map(|f| f.len()).max().unwrap_or(0);
    let widths: Vec<usize> = columns
        .iter()
        .map(|column| match column {
            Column::Row => column_ch(column, [longest_file.to_string().len()]),
            _ => column_ch(
                column,
                rows.iter()
                    .filter_map(|&id| set.row(id))
                    .map(|row| cell_text(column, &row).chars().count()),
            ),
        })
        .collect();
    template(&widths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::explorer::columns::table_columns;
    use bulkwatch_core::result::{LoadOptions, ResultLoader};

    fn load(name: &str, csv: &str) -> ResultSet {
        ResultLoader::from_csv(name, csv.as_bytes().to_vec(), LoadOptions::default())
            .finish()
            .expect("loads")
    }

    #[test]
    fn a_column_is_as_wide_as_its_header_or_its_widest_value_within_bounds() {
        // Header "Email" + sort mark = 8, value 22 → 24 with padding.
        assert_eq!(column_ch(&Column::Field("Email".into()), [3, 22, 10]), 24);
        // A long header wins over short values.
        let long = Column::Field("Mailing_Street_Line".into());
        assert_eq!(column_ch(&long, [2]), 19 + 3 + 2);
        // Never narrower than the kind's minimum, never wider than its maximum.
        assert_eq!(column_ch(&Column::Field("X".into()), []), 9);
        assert_eq!(column_ch(&Column::Field("X".into()), [500]), 30);
        // The row number: "Row" + mark, or its digits.
        assert_eq!(column_ch(&Column::Row, ["25000".len()]), 8);
        assert_eq!(column_ch(&Column::Row, ["250000000".len()]), 10);
        // A status badge has padding of its own: "Unprocessed" fits.
        assert!(column_ch(&Column::Status, ["Unprocessed".len()]) >= 11 + 3 + PADDING_CH);
        // "Uploaded values" cannot be sorted: no room for a mark.
        assert_eq!(column_ch(&Column::Fields, []), 30);
    }

    #[test]
    fn the_template_fixes_every_track_but_lets_the_last_fill_the_box() {
        let t = template(&[7, 14, 24]);
        assert_eq!(t.columns, "7ch 14ch minmax(24ch, 1fr)");
        assert_eq!(t.width, "45ch");
        assert_eq!(template(&[9]).columns, "minmax(9ch, 1fr)");
        assert_eq!(template(&[]).columns, "");
    }

    #[test]
    fn a_result_gets_one_track_per_column_sized_from_its_values() {
        let csv = "Company,Email,STATUS,RECORD_ID,ERRORS\r\n\
            Acme,someone.with.a.long.name@example.com,ADDED,5725767000000524157,\r\n\
            ,b@x.io,SKIPPED,,MANDATORY_NOT_FOUND-Company\r\n";
        let set = load("Leads-leads.csv", csv);
        let columns = table_columns(&set, None);
        let t = table_template(&set, None, &columns);
        let tracks: Vec<&str> = t.columns.split(' ').collect();
        // Row, Status, Errors, Record ID, Company, Email (the last one fills). By hand: Row is its
        // header ("Row" + mark + padding = 8); Status its minimum (the badge "Skipped" + 3 + 2 =
        // 12 < 14); Errors "MANDATORY_NOT_FOUND-Company" (27 + 4 for two chips' room + 2); the
        // record id 19 + 2; Company its header (7 + 3 + 2 = 12 > "Acme"); Email its maximum.
        assert_eq!(columns.len(), 6);
        assert_eq!(
            tracks,
            [
                "8ch",
                "14ch",
                "33ch",
                "21ch",
                "12ch",
                "minmax(30ch,",
                "1fr)"
            ]
        );
        assert_eq!(t.width, format!("{}ch", 8 + 14 + 33 + 21 + 12 + 30));
    }
}
