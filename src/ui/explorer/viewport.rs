//! The virtual table's geometry: which rows to put in the DOM for a scroll position, where to
//! place them, and how to scroll so a row is visible. Pure, tested natively.
//!
//! Coordinates are those of the table body (the sticky header excluded). Browsers cap an
//! element's height (Chromium near 33.5 million px), so past [`MAX_BODY_PX`] the body is drawn
//! shorter than its rows and scroll positions map linearly onto rows.

use std::ops::Range;

/// Height of one row in CSS pixels unless the page measures another (`.bw-x-row` in CSS).
pub const ROW_PX: f64 = 32.0;
/// Rows rendered above and below the visible ones, so fast scrolling shows no gap.
pub const OVERSCAN: usize = 8;
/// Never more rows in the DOM than this, whatever the viewport.
pub const MAX_DOM_ROWS: usize = 200;
/// The tallest body drawn; taller tables are scaled onto it.
pub const MAX_BODY_PX: f64 = 8_000_000.0;

/// The table's size and scroll position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    /// Rows in the (filtered) table.
    pub rows: usize,
    /// Height of a row.
    pub row_px: f64,
    /// Visible height of the body (the scroll area minus the sticky header).
    pub view_px: f64,
    /// `scrollTop` of the scroll area.
    pub scroll_px: f64,
}

/// What to draw: the rows in the DOM, the body's height, and the offset of the first drawn row.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub rows: Range<usize>,
    pub body_px: f64,
    pub offset_px: f64,
}

impl Geometry {
    fn row_px(&self) -> f64 {
        if self.row_px.is_finite() && self.row_px >= 1.0 {
            self.row_px
        } else {
            ROW_PX
        }
    }

    fn view_px(&self) -> f64 {
        if self.view_px.is_finite() {
            self.view_px.max(0.0)
        } else {
            0.0
        }
    }

    /// Full height of all rows.
    fn full_px(&self) -> f64 {
        self.rows as f64 * self.row_px()
    }

    /// Height of the body as drawn.
    pub fn body_px(&self) -> f64 {
        self.full_px().min(MAX_BODY_PX)
    }

    /// Real (unscaled) scroll position per drawn pixel, 1.0 unless the table is scaled.
    fn scale(&self) -> f64 {
        let (full, body, view) = (self.full_px(), self.body_px(), self.view_px());
        if full <= body || body <= view {
            1.0
        } else {
            (full - view) / (body - view)
        }
    }

    fn scroll_px(&self) -> f64 {
        let max = (self.body_px() - self.view_px()).max(0.0);
        if self.scroll_px.is_finite() {
            self.scroll_px.clamp(0.0, max)
        } else {
            0.0
        }
    }

    /// Rows fully or partly visible, plus [`OVERSCAN`] each side, at most [`MAX_DOM_ROWS`].
    pub fn window(&self) -> Window {
        let row_px = self.row_px();
        let scroll = self.scroll_px();
        let real_top = scroll * self.scale();
        let first_visible = ((real_top / row_px).floor() as usize).min(self.rows);
        let visible = (self.view_px() / row_px).ceil() as usize + 1;
        let start = first_visible.saturating_sub(OVERSCAN);
        let end = (first_visible + visible + OVERSCAN)
            .min(self.rows)
            .min(start + MAX_DOM_ROWS);
        // Where row `start` sits in drawn pixels: the scroll position, minus how far the real
        // position is into the first visible row, minus the overscan rows above it.
        let into_row = real_top - first_visible as f64 * row_px;
        let offset = scroll - into_row - (first_visible - start) as f64 * row_px;
        Window {
            rows: start..end,
            body_px: self.body_px(),
            offset_px: offset.max(0.0),
        }
    }

    /// The scroll position that brings row `index` fully into view, or `None` if it is already.
    pub fn scroll_to_show(&self, index: usize) -> Option<f64> {
        let row_px = self.row_px();
        let scale = self.scale();
        let view = self.view_px();
        let real_top = self.scroll_px() * scale;
        let row_top = index as f64 * row_px;
        let real_view = view.max(row_px);
        let target = if row_top < real_top {
            row_top
        } else if row_top + row_px > real_top + real_view {
            row_top + row_px - real_view
        } else {
            return None;
        };
        Some((target / scale).max(0.0))
    }

    /// Rows in one page (PageUp / PageDown): the visible rows less one, at least one.
    pub fn page_rows(&self) -> usize {
        ((self.view_px() / self.row_px()).floor() as usize)
            .saturating_sub(1)
            .max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geo(rows: usize, scroll: f64) -> Geometry {
        Geometry {
            rows,
            row_px: 32.0,
            view_px: 320.0,
            scroll_px: scroll,
        }
    }

    #[test]
    fn the_top_of_a_table() {
        let w = geo(250_000, 0.0).window();
        assert_eq!(w.rows, 0..19, "10 visible + 1 partial + 8 below");
        assert_eq!(w.offset_px, 0.0);
        assert_eq!(w.body_px, 8_000_000.0);
    }

    #[test]
    fn the_middle_keeps_rows_aligned_with_the_scroll_position() {
        let w = geo(10_000, 32.0 * 500.0 + 10.0).window();
        assert_eq!(w.rows, 492..519);
        // Row 492 drawn at its own position: 8 rows above the scroll position's row.
        assert_eq!(w.offset_px, 492.0 * 32.0);
        assert_eq!(w.body_px, 320_000.0);
    }

    #[test]
    fn the_end_of_a_table_and_a_short_table() {
        let g = geo(1_000, 1e12);
        let w = g.window();
        assert_eq!(w.rows.end, 1_000);
        assert!(w.rows.start >= 1_000 - 10 - 1 - OVERSCAN);
        assert_eq!(geo(3, 0.0).window().rows, 0..3);
        assert_eq!(geo(0, 50.0).window().rows, 0..0);
    }

    #[test]
    fn never_more_than_the_cap_in_the_dom() {
        for rows in [0, 1, 199, 200, 201, 25_000, 250_000, 5_000_000] {
            for view in [0.0, 320.0, 10_000.0, 1e9] {
                for scroll in [0.0, 1234.5, 1e7, f64::NAN, -5.0] {
                    let g = Geometry {
                        rows,
                        row_px: 32.0,
                        view_px: view,
                        scroll_px: scroll,
                    };
                    let w = g.window();
                    assert!(w.rows.len() <= MAX_DOM_ROWS, "{g:?}");
                    assert!(w.rows.end <= rows);
                }
            }
        }
    }

    #[test]
    fn a_huge_table_is_scaled_onto_the_tallest_body_and_reaches_its_last_row() {
        let rows = 5_000_000;
        let top = geo(rows, 0.0).window();
        assert_eq!(top.rows.start, 0);
        let max_scroll = MAX_BODY_PX - 320.0;
        let bottom = geo(rows, max_scroll).window();
        assert_eq!(bottom.rows.end, rows);
        assert!(bottom.offset_px <= MAX_BODY_PX);
        let middle = geo(rows, max_scroll / 2.0).window();
        let first = middle.rows.start + OVERSCAN;
        assert!(
            (first as i64 - (rows as i64 - 10) / 2).abs() < 20,
            "{first}"
        );
    }

    #[test]
    fn scrolling_a_row_into_view() {
        let g = geo(1_000, 3_200.0); // rows 100..110 visible
        assert_eq!(g.scroll_to_show(105), None);
        assert_eq!(g.scroll_to_show(99), Some(3_168.0));
        assert_eq!(g.scroll_to_show(110), Some(32.0 * 111.0 - 320.0));
        assert_eq!(g.page_rows(), 9);
        let huge = geo(5_000_000, 0.0);
        let to = huge.scroll_to_show(4_999_999).expect("must scroll");
        let shown = Geometry {
            scroll_px: to,
            ..huge
        }
        .window();
        assert!(shown.rows.contains(&4_999_999));
    }
}
