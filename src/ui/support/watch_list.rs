//! The watch list view: paste several ids, URLs or curl lines at once (one per line), follow
//! every job live (each row its own poller, all behind one global cap), one token per API origin
//! held in memory. The list itself is kept in localStorage without tokens. Pasted lines that name
//! an API origin that is neither Zoho's nor this page's wait until the person confirms it
//! ([`super::watch_confirm`]): only then are they listed, and a token can go there.
//!
//! Bare ids take the API origin and version chosen above the paste field. Each origin on the list
//! without a token gets a token row inside the list — with the simulator's demo-token button when
//! that origin is the page's own loopback origin (the simulator serves both, as in the job view).
//! Below 600 px the rows are stacked cards (CSS only: the markup stays one table).

use std::rc::Rc;

use std::collections::HashSet;

use bulkwatch_core::deeplink::{Confirm, Confirmed};
use bulkwatch_core::endpoint::{ApiOrigin, ApiVersion, DataCenter, Site};
use bulkwatch_core::model::JobStatus;
use bulkwatch_core::poll::budget::DEFAULT_PER_MINUTE;
use bulkwatch_core::watchlist::{self, WatchEntry, WatchList};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::capped::{CappedTransport, DEFAULT_CAP};
use super::watch_budget::WatchBudget;
use super::watch_confirm::{split_pasted, Split};
use super::watch_row::WatchRow;
use super::watch_spend::{RowReport, Spend};
use crate::demo::Demo;
use crate::env::Env;
use crate::token::Token;
use crate::token_map::{TokenChange, TokenMap};
use crate::ui::app::is_own_loopback;
use crate::ui::hooks::use_demo::{use_demo, DemoHandle, DemoState};

/// Props of [`WatchListView`].
#[derive(Properties, PartialEq, Clone)]
pub struct WatchListProps {
    pub env: Env,
    #[prop_or_default]
    pub page_origin: Option<AttrValue>,
    /// The page's tokens by API origin (memory only).
    pub tokens: TokenMap,
    /// A token given, forgotten or refused here, for the page to hold (or drop) for every view.
    pub on_token: Callback<TokenChange>,
    pub on_open: Callback<WatchEntry>,
    pub on_status: Callback<(WatchEntry, JobStatus)>,
}

fn load(env: &Env) -> WatchList {
    env.store
        .get(watchlist::WATCH_KEY)
        .map(|s| WatchList::from_json(&s))
        .unwrap_or_default()
}

/// The watch list.
#[function_component]
pub fn WatchListView(props: &WatchListProps) -> Html {
    let list = use_state({
        let env = props.env.clone();
        move || load(&env)
    });
    // One environment for every row: the same timers and page, a transport with the global cap.
    let env = use_memo(props.env.clone(), |env| Env {
        transport: Rc::new(CappedTransport::new(env.transport.clone(), DEFAULT_CAP)),
        ..env.clone()
    });
    let default_origin = use_state(|| {
        props
            .page_origin
            .as_deref()
            .and_then(|p| ApiOrigin::parse(p).ok())
            .filter(ApiOrigin::is_loopback)
            .unwrap_or_else(|| ApiOrigin::from(Site::production(DataCenter::Us)))
            .origin_string()
    });
    let version = use_state(ApiVersion::default);
    let paste_ref = use_node_ref();
    let section_ref = use_node_ref();
    let note = use_state(String::new);
    // The origin whose token was just given (or forgotten) here: the line that replaces the
    // control that had the focus takes it — the "held" line, or the token field again.
    let focus_held = use_mut_ref(|| None::<String>);
    let focus_field = use_mut_ref(|| None::<String>);
    // Pasted jobs whose origin waits for the person's confirmation, and what was confirmed.
    let pending = use_state(Split::default);
    let confirmed = use_mut_ref(Confirmed::default);
    // The shared budget, and the rows seen finished (they make no more requests).
    let per_minute = use_state(|| DEFAULT_PER_MINUTE);
    let finished = use_mut_ref(HashSet::<String>::new);
    let spend = use_mut_ref(Spend::default);
    let redraw = use_force_update();
    let on_report = {
        let (spend, redraw) = (spend.clone(), redraw.clone());
        Callback::from(move |(entry, report): (WatchEntry, RowReport)| {
            if spend.borrow_mut().report(row_key(&entry), report) {
                redraw.force_update();
            }
        })
    };
    let on_status = {
        let (finished, on_status) = (finished.clone(), props.on_status.clone());
        Callback::from(move |(entry, status): (WatchEntry, JobStatus)| {
            let key = row_key(&entry);
            let changed = if status.is_terminal() {
                finished.borrow_mut().insert(key)
            } else {
                finished.borrow_mut().remove(&key)
            };
            if changed {
                redraw.force_update();
            }
            on_status.emit((entry, status));
        })
    };

    let save = {
        let (list, env) = (list.clone(), props.env.clone());
        move |next: WatchList| {
            env.store.set(watchlist::WATCH_KEY, &next.to_json());
            list.set(next);
        }
    };
    let on_add = {
        let (list, paste_ref, default_origin, version, note, save, pending, confirmed) = (
            list.clone(),
            paste_ref.clone(),
            default_origin.clone(),
            version.clone(),
            note.clone(),
            save.clone(),
            pending.clone(),
            confirmed.clone(),
        );
        let page_origin = props.page_origin.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(area) = paste_ref.cast::<web_sys::HtmlTextAreaElement>() else {
                return;
            };
            let Ok(origin) = ApiOrigin::parse(default_origin.trim()) else {
                note.set("The default API origin is not a valid origin.".into());
                return;
            };
            let (found, problems) = watchlist::parse_many(&area.value(), &origin, *version);
            let split = split_pasted(found, &origin, page_origin.as_deref(), &confirmed.borrow());
            let mut next = (*list).clone();
            let added = next.add(split.add.iter().cloned());
            let mut text = format!("Added {added} job(s).");
            if !split.pending.is_empty() {
                text.push_str(&format!(
                    " {} more wait for you to confirm where they live.",
                    split.pending.len()
                ));
            }
            pending.set(split);
            for p in problems.iter().take(5) {
                text.push_str(&format!(" Line {}: {}.", p.line, p.error));
            }
            note.set(text);
            area.set_value("");
            save(next);
        })
    };
    let on_origin = {
        let default_origin = default_origin.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                default_origin.set(i.value());
            }
        })
    };
    let on_version = {
        let version = version.clone();
        Callback::from(move |e: Event| {
            let chosen = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .and_then(|s| ApiVersion::parse_exact(&s.value()));
            if let Some(v) = chosen {
                version.set(v);
            }
        })
    };
    // A token given here (typed or the demo's): the page holds it, and focus goes to the line
    // that says so.
    let on_token_here = {
        let (on_token, focus_held) = (props.on_token.clone(), focus_held.clone());
        Callback::from(move |change: TokenChange| {
            if let TokenChange::Use { origin, .. } = &change {
                *focus_held.borrow_mut() = Some(origin.clone());
            }
            on_token.emit(change);
        })
    };
    // The simulator's demo token, for the page's own loopback origin.
    let own_origin = props.page_origin.as_deref().and_then(|page| {
        ApiOrigin::parse(page)
            .ok()
            .filter(|o| is_own_loopback(o, page))
            .map(|o| o.origin_string())
    });
    let on_demo = {
        let (on_token, own_origin) = (on_token_here.clone(), own_origin.clone());
        Callback::from(move |demo: Rc<Demo>| {
            if let (Some(origin), Some(token)) = (&own_origin, Token::new(&demo.token)) {
                on_token.emit(TokenChange::Use {
                    origin: origin.clone(),
                    token,
                });
            }
        })
    };
    let demo = use_demo(props.env.clone(), on_demo);
    let on_confirm = {
        let (list, pending, confirmed, save, note) = (
            list.clone(),
            pending.clone(),
            confirmed.clone(),
            save.clone(),
            note.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            confirmed.borrow_mut().add(pending.ask.iter().cloned());
            let mut next = (*list).clone();
            let added = next.add(pending.pending.iter().cloned());
            note.set(format!("Added {added} job(s)."));
            pending.set(Split::default());
            save(next);
        })
    };
    let on_drop = {
        let (pending, note) = (pending.clone(), note.clone());
        Callback::from(move |_: MouseEvent| {
            note.set(format!("Left out {} job(s).", pending.pending.len()));
            pending.set(Split::default());
        })
    };
    let on_remove = {
        let (list, save) = (list.clone(), save.clone());
        Callback::from(move |entry: WatchEntry| {
            let mut next = (*list).clone();
            next.remove(&entry);
            save(next);
        })
    };
    // Origins on the list that still need a token.
    let mut origins: Vec<String> = list.entries.iter().map(|e| e.origin.clone()).collect();
    origins.sort();
    origins.dedup();
    let (held, missing): (Vec<String>, Vec<String>) = origins
        .into_iter()
        .partition(|o| props.tokens.get(o).is_some());
    {
        let (focus_held, focus_field, section_ref) =
            (focus_held.clone(), focus_field.clone(), section_ref.clone());
        use_effect_with((held.clone(), missing.clone()), move |(held, missing)| {
            let take = |wanted: &std::cell::RefCell<Option<String>>, among: &[String]| {
                let origin = wanted.borrow().clone().filter(|o| among.contains(o));
                if origin.is_some() {
                    *wanted.borrow_mut() = None;
                }
                origin
            };
            // An origin is a parsed URL origin: no quote can end a selector early.
            let selector = match (
                take(focus_held.as_ref(), held),
                take(focus_field.as_ref(), missing),
            ) {
                (Some(o), _) => format!(r#"[data-testid="watch-token-held"][data-origin="{o}"]"#),
                (None, Some(o)) => format!(r#"[data-origin="{o}"] [data-testid="watch-token"]"#),
                (None, None) => return,
            };
            let target = section_ref
                .cast::<web_sys::Element>()
                .and_then(|s| s.query_selector(&selector).ok().flatten())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(target) = target {
                let _ = target.focus();
            }
        });
    }

    let running: Vec<String> = {
        let finished = finished.borrow();
        list.entries
            .iter()
            .map(row_key)
            .filter(|k| !finished.contains(k))
            .collect()
    };
    let gaps = spend.borrow().gaps(&running, *per_minute);
    let credits = spend.borrow().credits();
    let running = running.len();
    let on_budget = {
        let per_minute = per_minute.clone();
        Callback::from(move |n: u32| per_minute.set(n))
    };
    html! {
        <section class="bw-watch" aria-labelledby="bw-watch-title" ref={section_ref}>
            <h2 id="bw-watch-title">{ "Watch list" }</h2>
            <form class="bw-watch__add" onsubmit={on_add}>
                <label for="bw-watch-paste" class="bw-watch__paste-label">{ "Job ids, API URLs or curl lines — one per line" }</label>
                <textarea id="bw-watch-paste" rows="4" ref={paste_ref} data-testid="watch-paste" spellcheck="false" />
                <div class="bw-watch__defaults">
                    <div class="bw-row-field">
                        <label for="bw-watch-origin">{ "API origin for bare ids" }</label>
                        <input id="bw-watch-origin" type="url" value={(*default_origin).clone()} oninput={on_origin} data-testid="watch-origin" />
                    </div>
                    <div class="bw-row-field">
                        <label for="bw-watch-version">{ "API version for bare ids" }</label>
                        <select id="bw-watch-version" data-testid="watch-version" onchange={on_version}>
                            { for ApiVersion::ALL.iter().rev().map(|v| html! {
                                <option value={v.as_str()} selected={*v == *version}>{ v.as_str() }</option>
                            }) }
                        </select>
                    </div>
                    <div class="bw-row-field bw-row-field--actions">
                        <button type="submit" class="bw-btn bw-btn--primary" data-testid="watch-add">{ "Add to the watch list" }</button>
                    </div>
                </div>
                <p role="status" class="bw-muted bw-watch__note">{ (*note).clone() }</p>
            </form>
            if !pending.ask.is_empty() {
                <div class="bw-confirm" role="alert" data-testid="watch-confirm">
                    <p>{ format!("{} pasted job(s) live somewhere that is neither Zoho nor this page; watching them sends your token to:", pending.pending.len()) }</p>
                    <ul>
                        { for pending.ask.iter().map(|c| {
                            let (Confirm::ApiOrigin(text) | Confirm::Proxy(text)) = c;
                            html! { <li><code class="bw-break" data-testid="confirm-what">{ text.clone() }</code></li> }
                        }) }
                    </ul>
                    <p>{ "Add them only if you trust it." }</p>
                    <button type="button" class="bw-btn" data-testid="watch-confirm-add" onclick={on_confirm}>
                        { "Add them and send my token there" }
                    </button>
                    { " " }
                    <button type="button" class="bw-btn" data-testid="watch-confirm-drop" onclick={on_drop}>
                        { "Leave them out" }
                    </button>
                </div>
            }
            { for missing.iter().map(|origin| {
                let demo = (own_origin.as_deref() == Some(origin.as_str())).then(|| demo.clone());
                html! { <TokenField origin={origin.clone()} on_token={on_token_here.clone()} {demo} /> }
            }) }
            { for held.iter().map(|origin| {
                let forget = {
                    let (origin, on_token, focus_field) =
                        (origin.clone(), props.on_token.clone(), focus_field.clone());
                    Callback::from(move |_: MouseEvent| {
                        *focus_field.borrow_mut() = Some(origin.clone());
                        on_token.emit(TokenChange::Forget { origin: origin.clone() });
                    })
                };
                html! {
                    <p class="bw-watch__held bw-muted" data-testid="watch-token-held" data-origin={origin.clone()} tabindex="-1">
                        { format!("A token for {origin} is held in this tab's memory only. ") }
                        <button type="button" class="bw-btn bw-btn--small" data-testid="watch-token-forget"
                            onclick={forget}>{ "Forget token" }</button>
                    </p>
                }
            }) }
            if list.entries.is_empty() {
                <p class="bw-muted">{ "No jobs watched yet." }</p>
            } else {
                <WatchBudget per_minute={*per_minute} {running} {credits} on_change={on_budget} />
                <div class="bw-table-wrap" tabindex="0" role="region" aria-label="Watched jobs">
                <table class="bw-watch__table">
                    <caption class="bw-sr-only">{ "Watched jobs: status, counts, progress and last change" }</caption>
                    <thead><tr>
                        <th scope="col">{ "Job" }</th><th scope="col">{ "Status" }</th><th scope="col">{ "Counts" }</th>
                        <th scope="col">{ "Progress" }</th><th scope="col">{ "Last change" }</th><th scope="col">{ "Actions" }</th>
                    </tr></thead>
                    <tbody>
                        { for list.entries.iter().map(|e| html! {
                            <WatchRow key={row_key(e)} entry={e.clone()}
                                gap_ms={gaps.get(&row_key(e)).copied().unwrap_or_default()}
                                on_report={on_report.clone()}
                                token={props.tokens.get(&e.origin).cloned()} env={(*env).clone()}
                                on_open={props.on_open.clone()} on_remove={on_remove.clone()}
                                on_token={props.on_token.clone()}
                                on_status={on_status.clone()} />
                        }) }
                    </tbody>
                </table>
                </div>
            }
        </section>
    }
}

/// A row's key: its origin and job.
fn row_key(e: &WatchEntry) -> String {
    format!("{}|{}", e.origin, e.job)
}

/// Props of [`TokenField`].
#[derive(Properties, PartialEq, Clone)]
pub struct TokenFieldProps {
    pub origin: String,
    pub on_token: Callback<TokenChange>,
    /// The simulator's demo-token control, when `origin` is the page's own loopback origin.
    #[prop_or_default]
    pub demo: Option<DemoHandle>,
}

/// The id of an origin's token field: unique per origin on the page.
fn token_field_id(origin: &str) -> String {
    let slug: String = origin
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("bw-watch-token-{slug}")
}

/// A password field for one API origin's token (memory only), its label on the same line.
#[function_component]
pub fn TokenField(props: &TokenFieldProps) -> Html {
    let input = use_node_ref();
    let on_submit = {
        let (input, props) = (input.clone(), props.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(i) = input.cast::<web_sys::HtmlInputElement>() {
                if let Some(t) = Token::new(&i.value()) {
                    i.set_value("");
                    props.on_token.emit(TokenChange::Use {
                        origin: props.origin.clone(),
                        token: t,
                    });
                }
            }
        })
    };
    let id = token_field_id(&props.origin);
    html! {
        <form class="bw-watch__token" onsubmit={on_submit} data-testid="watch-token-row"
            data-origin={props.origin.clone()}>
            <label for={id.clone()}>{ format!("Token for {}", props.origin) }</label>
            <input id={id} type="password" autocomplete="off" ref={input} data-testid="watch-token" />
            <button type="submit" class="bw-btn" data-testid="watch-token-use">{ "Use token" }</button>
            if let Some(demo) = &props.demo {
                <button type="button" class="bw-btn bw-watch__demo" data-testid="watch-use-demo-token"
                    onclick={demo.fetch.reform(|_: MouseEvent| ())}
                    disabled={demo.state == DemoState::Loading}>
                    { "Use the simulator's demo token" }
                </button>
                <span class="bw-muted bw-watch__demo-note" aria-live="polite">{
                    match &demo.state {
                        DemoState::Failed(why) => format!("No demo token: {why}"),
                        _ => String::new(),
                    }
                }</span>
            }
        </form>
    }
}
