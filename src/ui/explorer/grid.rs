//! The virtualised result table: a scroll area whose body is as tall as all rows, holding only
//! the rows in view (plus a few either side, never more than 200) at their place. Heights and
//! offsets are set through the CSSOM, which the page's CSP allows (style attributes it does not).
//! Keyboard: the table is one tab stop; arrows, Page Up/Down, Home and End move the active row
//! (announced through `aria-activedescendant`) and scroll it into view.

use std::rc::Rc;

use bulkwatch_core::result::{RowId, SortKey, SortOrder};
use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::columns::Column;
use super::grid_row::GridRow;
use super::keys::{next_active, NavKey};
use super::layout::Template;
use super::shared::Shared;
use super::state::Loaded;
use super::viewport::{Geometry, ROW_PX};

/// Props of [`Grid`].
#[derive(Properties, PartialEq, Clone)]
pub struct GridProps {
    pub data: Shared<Loaded>,
    pub rows: Shared<Vec<RowId>>,
    pub columns: Rc<Vec<Column>>,
    /// The columns' tracks and the rows' width (see `layout`), set once on the grid as
    /// `--bw-x-cols` and `--bw-x-width` for the header row and every body row alike.
    pub template: Rc<Template>,
    /// Changed by an action elsewhere (a chip, a status total, a filter) that replaced the rows:
    /// the grid scrolls itself into the window if it is not wholly there. 0: never asked.
    #[prop_or_default]
    pub reveal: u32,
    pub sort: SortKey,
    pub order: SortOrder,
    pub on_sort: Callback<SortKey>,
    /// The active row's position in `rows`.
    pub active: Option<usize>,
    pub on_active: Callback<Option<usize>>,
    /// Prefix of row element ids, unique per explorer.
    pub id_prefix: AttrValue,
    /// The rows are being recomputed.
    #[prop_or_default]
    pub busy: bool,
}

fn html_element(node: &NodeRef) -> Option<web_sys::HtmlElement> {
    node.cast::<web_sys::HtmlElement>()
}

/// Scrolls the page (whatever scrolls the grid) so the grid is wholly in the window: its bottom
/// to the window's bottom, which keeps the controls above it in sight, or its top when it is
/// taller than the window. Focus is left where it is.
fn reveal_in_window(grid: &web_sys::HtmlElement) {
    let Some(height) = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
    else {
        return;
    };
    let rect = grid.get_bounding_client_rect();
    if rect.top() >= 0.0 && rect.bottom() <= height {
        return;
    }
    grid.scroll_into_view_with_bool(rect.height() > height);
}

/// The table.
#[function_component]
pub fn Grid(props: &GridProps) -> Html {
    let scroller = use_node_ref();
    let head = use_node_ref();
    let body = use_node_ref();
    let window = use_node_ref();
    let scroll_px = use_state_eq(|| 0.0f64);
    let view_px = use_state_eq(|| 10.0 * ROW_PX);
    let row_px = use_state_eq(|| ROW_PX);

    let measure = {
        let (scroller, head, view_px) = (scroller.clone(), head.clone(), view_px.clone());
        Rc::new(move || {
            if let Some(s) = html_element(&scroller) {
                let head_px = html_element(&head).map_or(0, |h| h.offset_height());
                view_px.set(f64::from((s.client_height() - head_px).max(0)));
            }
        })
    };
    {
        // The viewport's height: now, and whenever the window is resized.
        let measure = measure.clone();
        use_effect_with((), move |_| {
            measure();
            let listener =
                web_sys::window().map(|w| EventListener::new(&w, "resize", move |_| measure()));
            move || drop(listener)
        });
    }
    {
        // The column widths, shared by the header row and the body rows.
        let scroller = scroller.clone();
        use_effect_with(props.template.clone(), move |template| {
            if let Some(s) = html_element(&scroller) {
                let style = s.style();
                let _ = style.set_property("--bw-x-cols", &template.columns);
                let _ = style.set_property("--bw-x-width", &template.width);
            }
        });
    }
    // A chip or filter far above is replacing the rows: show the table now, and once more when
    // the new rows are in (what is above the table may have changed height meanwhile).
    let reveal_pending = use_mut_ref(|| false);
    {
        let (scroller, pending) = (scroller.clone(), reveal_pending.clone());
        use_effect_with(props.reveal, move |reveal| {
            if let (true, Some(s)) = (*reveal > 0, html_element(&scroller)) {
                reveal_in_window(&s);
                *pending.borrow_mut() = true;
            }
        });
    }
    {
        let (scroller, pending) = (scroller.clone(), reveal_pending.clone());
        use_effect_with((props.rows.clone(), props.busy), move |(_, busy)| {
            if !*busy && std::mem::take(&mut *pending.borrow_mut()) {
                if let Some(s) = html_element(&scroller) {
                    reveal_in_window(&s);
                }
            }
        });
    }
    {
        // New rows (another filter or sort): back to the top.
        let (scroller, scroll_px) = (scroller.clone(), scroll_px.clone());
        use_effect_with(props.rows.clone(), move |_| {
            if let Some(s) = html_element(&scroller) {
                s.set_scroll_top(0);
            }
            scroll_px.set(0.0);
        });
    }

    let geometry = Geometry {
        rows: props.rows.len(),
        row_px: *row_px,
        view_px: *view_px,
        scroll_px: *scroll_px,
    };
    let win = geometry.window();
    {
        // After every render: size the body and place the drawn rows (CSSOM, CSP-safe), and
        // learn the real row height (fonts and zoom may differ from the CSS default).
        let (body, window, row_px) = (body.clone(), window.clone(), row_px.clone());
        let (body_px, offset_px) = (win.body_px, win.offset_px);
        use_effect(move || {
            if let Some(b) = html_element(&body) {
                let _ = b.style().set_property("height", &format!("{body_px}px"));
            }
            if let Some(w) = html_element(&window) {
                let _ = w
                    .style()
                    .set_property("transform", &format!("translateY({offset_px}px)"));
                if let Some(first) = w
                    .first_element_child()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let h = f64::from(first.offset_height());
                    if h >= 8.0 && (h - *row_px).abs() > 0.5 {
                        row_px.set(h);
                    }
                }
            }
        });
    }

    let onscroll = {
        let (scroller, scroll_px, measure) = (scroller.clone(), scroll_px.clone(), measure.clone());
        Callback::from(move |_: Event| {
            if let Some(s) = html_element(&scroller) {
                scroll_px.set(f64::from(s.scroll_top()));
            }
            measure();
        })
    };
    let onkeydown = {
        let scroller = scroller.clone();
        let on_active = props.on_active.clone();
        let (active, len) = (props.active, props.rows.len());
        Callback::from(move |e: KeyboardEvent| {
            let Some(key) = NavKey::from_key(&e.key()) else {
                if e.key() == "Escape" && active.is_some() {
                    on_active.emit(None);
                }
                return;
            };
            e.prevent_default();
            let next = next_active(active, key, len, geometry.page_rows());
            on_active.emit(next);
            if let (Some(i), Some(s)) = (next, html_element(&scroller)) {
                if let Some(top) = geometry.scroll_to_show(i) {
                    s.set_scroll_top(top.round() as i32);
                }
            }
        })
    };
    let on_pick = {
        let (on_active, scroller) = (props.on_active.clone(), scroller.clone());
        Callback::from(move |index: usize| {
            on_active.emit(Some(index));
            if let Some(s) = html_element(&scroller) {
                let _ = s.focus();
            }
        })
    };

    let row_id = |i: usize| -> Option<String> {
        let row = props.rows.get(i)?;
        Some(format!("{}-r{}", props.id_prefix, row.0))
    };
    let active_id = props
        .active
        .filter(|i| win.rows.contains(i))
        .and_then(row_id);
    let header = props.columns.iter().map(|column| {
        let class = classes!("bw-x-c", format!("bw-x-c--{}", column.class()));
        let Some(key) = column.sort_key() else {
            return html! { <div role="columnheader" {class} title={column.label()}>{ column.label() }</div> };
        };
        let sorted = props.sort == key;
        let aria_sort = match (sorted, props.order) {
            (false, _) => "none",
            (true, SortOrder::Ascending) => "ascending",
            (true, SortOrder::Descending) => "descending",
        };
        let onclick = {
            let on_sort = props.on_sort.clone();
            Callback::from(move |_: MouseEvent| on_sort.emit(key.clone()))
        };
        html! {
            <div role="columnheader" {class} aria-sort={aria_sort}>
                <button type="button" class="bw-x-sort" data-testid="sort" data-column={column.label()}
                    title={column.label()} {onclick}>
                    { column.label() }
                    <span aria-hidden="true" class="bw-x-sort__mark">{
                        match aria_sort { "ascending" => " ▲", "descending" => " ▼", _ => "" }
                    }</span>
                </button>
            </div>
        }
    });
    let rows = win.rows.clone().filter_map(|i| {
        let row = *props.rows.get(i)?;
        Some(html! {
            <GridRow key={row.0} data={props.data.clone()} {row} index={i} columns={props.columns.clone()}
                active={props.active == Some(i)} id={row_id(i).unwrap_or_default()} on_pick={on_pick.clone()} />
        })
    });
    html! {
        <div class="bw-x-grid" role="grid" tabindex="0" ref={scroller} data-testid="result-grid"
            aria-label="Result rows" aria-rowcount={(props.rows.len() + 1).to_string()}
            aria-colcount={props.columns.len().to_string()} aria-busy={props.busy.to_string()}
            aria-activedescendant={active_id} {onscroll} {onkeydown}>
            <div class="bw-x-head" role="rowgroup" ref={head}>
                <div class="bw-x-row bw-x-row--head" role="row" aria-rowindex="1">{ for header }</div>
            </div>
            <div class="bw-x-body" role="rowgroup" ref={body}>
                <div class="bw-x-window" ref={window}>{ for rows }</div>
            </div>
            if props.rows.is_empty() && !props.busy {
                <p class="bw-x-empty bw-muted" data-testid="no-rows">{ "No row matches these filters." }</p>
            }
        </div>
    }
}
