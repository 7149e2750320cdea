//! Keyboard navigation of the result table: which row becomes active for a key. Pure.

/// A navigation key of the table (the grid pattern of WAI-ARIA, by rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavKey {
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
}

impl NavKey {
    /// Reads `KeyboardEvent.key`; `None` for keys the table leaves alone.
    pub fn from_key(key: &str) -> Option<NavKey> {
        Some(match key {
            "ArrowUp" | "Up" => NavKey::Up,
            "ArrowDown" | "Down" => NavKey::Down,
            "PageUp" => NavKey::PageUp,
            "PageDown" => NavKey::PageDown,
            "Home" => NavKey::Home,
            "End" => NavKey::End,
            _ => return None,
        })
    }
}

/// The active row after `key`, for a table of `rows` rows showing `page` rows at a time. With no
/// active row, any key but `End` / `Up` starts at the first row.
pub fn next_active(active: Option<usize>, key: NavKey, rows: usize, page: usize) -> Option<usize> {
    if rows == 0 {
        return None;
    }
    let last = rows - 1;
    let page = page.max(1);
    let Some(at) = active.map(|a| a.min(last)) else {
        return Some(match key {
            NavKey::End | NavKey::Up => last,
            _ => 0,
        });
    };
    Some(match key {
        NavKey::Up => at.saturating_sub(1),
        NavKey::Down => (at + 1).min(last),
        NavKey::PageUp => at.saturating_sub(page),
        NavKey::PageDown => at.saturating_add(page).min(last),
        NavKey::Home => 0,
        NavKey::End => last,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_within_bounds() {
        assert_eq!(next_active(Some(5), NavKey::Down, 10, 3), Some(6));
        assert_eq!(next_active(Some(9), NavKey::Down, 10, 3), Some(9));
        assert_eq!(next_active(Some(0), NavKey::Up, 10, 3), Some(0));
        assert_eq!(next_active(Some(5), NavKey::PageDown, 10, 3), Some(8));
        assert_eq!(next_active(Some(8), NavKey::PageDown, 10, 3), Some(9));
        assert_eq!(next_active(Some(2), NavKey::PageUp, 10, 3), Some(0));
        assert_eq!(next_active(Some(5), NavKey::Home, 10, 3), Some(0));
        assert_eq!(next_active(Some(5), NavKey::End, 10, 3), Some(9));
    }

    #[test]
    fn starts_somewhere_sensible_and_survives_a_shrunk_table() {
        assert_eq!(next_active(None, NavKey::Down, 10, 3), Some(0));
        assert_eq!(next_active(None, NavKey::End, 10, 3), Some(9));
        assert_eq!(next_active(None, NavKey::Up, 10, 3), Some(9));
        assert_eq!(next_active(Some(50), NavKey::Up, 10, 3), Some(8));
        assert_eq!(next_active(Some(3), NavKey::Down, 0, 3), None);
        assert_eq!(next_active(Some(3), NavKey::PageDown, 10, 0), Some(4));
    }

    #[test]
    fn reads_key_names() {
        assert_eq!(NavKey::from_key("ArrowDown"), Some(NavKey::Down));
        assert_eq!(NavKey::from_key("End"), Some(NavKey::End));
        assert_eq!(NavKey::from_key("a"), None);
        assert_eq!(NavKey::from_key("Enter"), None);
    }
}
