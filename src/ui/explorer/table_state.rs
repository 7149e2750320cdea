//! The result table's reducer: the filter (file, status, error code, error column, free text) and
//! the sort. The rows these select are computed by `use_rows`, in slices.

use std::rc::Rc;

use bulkwatch_core::result::{ErrorCode, Filter, RowStatus, SortKey, SortOrder};

/// What the table shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableState {
    pub filter: Filter,
    pub sort: SortKey,
    pub order: SortOrder,
}

impl TableState {
    /// The one status filtered on, if any.
    pub fn status(&self) -> Option<&RowStatus> {
        self.filter.statuses.first()
    }

    /// Some filter is set.
    pub fn is_filtered(&self) -> bool {
        self.filter != Filter::default()
    }
}

/// What the person changed.
#[derive(Debug, Clone, PartialEq)]
pub enum TableAction {
    /// Only rows of this file (`None`: all files).
    File(Option<usize>),
    Status(Option<RowStatus>),
    Code(Option<ErrorCode>),
    Column(Option<String>),
    Text(String),
    /// Exactly one error group's rows (a click on "MANDATORY_NOT_FOUND × Company"): that code and
    /// column, any status, no text.
    Group {
        code: ErrorCode,
        column: Option<String>,
    },
    /// Sort by a column; the same column again flips the direction.
    Sort(SortKey),
    /// Every filter off (the file in view stays).
    Clear,
}

impl yew::Reducible for TableState {
    type Action = TableAction;

    fn reduce(self: Rc<Self>, action: TableAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            TableAction::File(file) => {
                next.filter.file = file;
                // A column of the previous file may not exist in the new view.
                if matches!(next.sort, SortKey::Column(_)) {
                    next.sort = SortKey::Row;
                    next.order = SortOrder::Ascending;
                }
            }
            TableAction::Status(status) => next.filter.statuses = status.into_iter().collect(),
            TableAction::Code(code) => next.filter.code = code,
            TableAction::Column(column) => next.filter.column = column,
            TableAction::Text(text) => next.filter.text = text,
            TableAction::Group { code, column } => {
                next.filter.statuses.clear();
                next.filter.text.clear();
                next.filter.code = Some(code);
                next.filter.column = column;
            }
            TableAction::Sort(key) => {
                if next.sort == key {
                    next.order = match next.order {
                        SortOrder::Ascending => SortOrder::Descending,
                        SortOrder::Descending => SortOrder::Ascending,
                    };
                } else {
                    next.sort = key;
                    next.order = SortOrder::Ascending;
                }
            }
            TableAction::Clear => {
                next.filter = bulkwatch_core::result::Filter {
                    file: next.filter.file,
                    ..Default::default()
                }
            }
        }
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yew::Reducible;

    #[test]
    fn filters_combine_and_clear_keeps_the_file() {
        let s = Rc::new(TableState::default());
        let s = s.reduce(TableAction::File(Some(1)));
        let s = s.reduce(TableAction::Status(Some(RowStatus::Skipped)));
        let s = s.reduce(TableAction::Text("acme".into()));
        assert_eq!(s.status(), Some(&RowStatus::Skipped));
        assert!(s.is_filtered());
        let s = s.reduce(TableAction::Clear);
        assert_eq!(s.filter.file, Some(1));
        assert_eq!(s.filter.text, "");
        assert!(s.filter.statuses.is_empty());
    }

    #[test]
    fn a_group_selects_exactly_its_rows() {
        let s = Rc::new(TableState::default())
            .reduce(TableAction::Status(Some(RowStatus::Added)))
            .reduce(TableAction::Text("x".into()))
            .reduce(TableAction::Group {
                code: ErrorCode::MandatoryNotFound,
                column: Some("Company".into()),
            });
        assert!(s.filter.statuses.is_empty());
        assert_eq!(s.filter.text, "");
        assert_eq!(s.filter.code, Some(ErrorCode::MandatoryNotFound));
        assert_eq!(s.filter.column.as_deref(), Some("Company"));
    }

    #[test]
    fn sorting_toggles_and_a_new_file_drops_a_column_sort() {
        let s = Rc::new(TableState::default()).reduce(TableAction::Sort(SortKey::Status));
        assert_eq!(
            (s.sort.clone(), s.order),
            (SortKey::Status, SortOrder::Ascending)
        );
        let s = s.reduce(TableAction::Sort(SortKey::Status));
        assert_eq!(s.order, SortOrder::Descending);
        let s = s.reduce(TableAction::Sort(SortKey::Column("Email".into())));
        assert_eq!(s.order, SortOrder::Ascending);
        let s = s.reduce(TableAction::File(Some(0)));
        assert_eq!(s.sort, SortKey::Row);
    }

    #[test]
    fn no_change_no_new_state() {
        let s = Rc::new(TableState::default());
        let same = s.clone().reduce(TableAction::Clear);
        assert!(Rc::ptr_eq(&s, &same));
    }
}
