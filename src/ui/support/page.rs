//! The standalone page's shell: a small nav between the job view and the watch list
//! (`#view=watch`), sign-in, and recent jobs. Only the standalone page uses it; the embedded
//! widget and the custom element mount [`App`] alone — so only this page speaks through the tab's
//! title and favicon, and only it keeps recent jobs.

use std::collections::BTreeMap;
use std::rc::Rc;

use bulkwatch_core::deeplink::{self, DeepLink};
use bulkwatch_core::model::JobStatus;
use bulkwatch_core::watchlist::{self, RecentJobs, WatchEntry};
use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::notify::{self, TabLook};
use super::recent_jobs::{Recent, RecentAction, RecentJobsList};
use super::sign_in::SignIn;
use super::watch_list::WatchListView;
use crate::events::JobChange;
use crate::token_map::{TokenChange, TokenMap};
use crate::ui::app::{App, AppEvents, AppOptions, TokenShare};
use crate::ui::connect::state::ConnectState;
use crate::ui::target::Target;
use crate::ui::time_fmt::to_ms;

/// Props of [`SupportPage`].
#[derive(Properties, PartialEq, Clone)]
pub struct SupportPageProps {
    pub options: AppOptions,
    /// When the signed-in token lapses (epoch ms); `None` without a sign-in.
    #[prop_or_default]
    pub expires_at_ms: Option<u64>,
    /// Why the sign-in answer in the address was refused.
    #[prop_or_default]
    pub sign_in_failure: Option<AttrValue>,
}

/// Which view the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Job,
    Watch,
}

/// Whether a fragment asks for the watch list (`#view=watch`).
pub fn view_of(fragment: &str) -> View {
    let watch = fragment
        .trim_start_matches('#')
        .split('&')
        .any(|p| p == "view=watch");
    if watch {
        View::Watch
    } else {
        View::Job
    }
}

fn set_fragment(fragment: &str) {
    if let Some(w) = web_sys::window() {
        if let Ok(h) = w.history() {
            let url = format!(
                "{}{}{}",
                w.location().pathname().unwrap_or_default(),
                w.location().search().unwrap_or_default(),
                fragment
            );
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
}

fn entry_of(link: &DeepLink) -> Option<WatchEntry> {
    let origin = link.origin()?;
    Some(WatchEntry::new(
        &origin,
        link.version.unwrap_or_default(),
        link.job.as_ref()?,
    ))
}

/// The standalone page.
#[function_component]
pub fn SupportPage(props: &SupportPageProps) -> Html {
    let env = props.options.env.clone();
    let view = use_state(|| {
        web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .map_or(View::Job, |h| view_of(&h))
    });
    // What the job view starts from; a new value (with a new key) remounts it.
    let job_options = use_state(|| (0u32, props.options.clone()));
    // The page's tokens, one per API origin, in memory only: the job view, the watch list and
    // sign-in all use and report through this one map. A sign-in (or the sample) starts it, for
    // the origin the job view's form starts on.
    let tokens = use_reducer(|| {
        let o = &props.options;
        let token = o.auto_token.clone().or(o.held_token.clone());
        let origin = ConnectState::from_link(&o.initial).origin().ok();
        match (token, origin) {
            (Some(t), Some(origin)) => TokenMap::with(&origin, t),
            _ => TokenMap::default(),
        }
    });
    // One callback for the page's life, so the views' props do not change with each render.
    let on_token = use_memo((), {
        let tokens = tokens.dispatcher();
        move |_| Callback::from(move |change: TokenChange| tokens.dispatch(change))
    });
    let recent = use_reducer(|| {
        let mut r = env
            .store
            .get(watchlist::RECENT_KEY)
            .map(|s| RecentJobs::from_json(&s))
            .unwrap_or_default();
        if let Some(e) = entry_of(&props.options.initial.link) {
            r.opened(e, to_ms(env.page.now_ms()));
        }
        Recent(r)
    });
    {
        // Stored whenever it changes (the stored shape has no place for a token).
        let env = env.clone();
        use_effect_with(recent.0.clone(), move |r| {
            env.store.set(watchlist::RECENT_KEY, &r.to_json());
        });
    }
    // The tab's own title and favicon, as the page was loaded, to put back.
    let tab = use_memo((), |_| TabLook::current());
    {
        // Leaving the job view (or the page) hands the tab back: the watch list sets its own.
        let tab = tab.clone();
        use_effect_with(*view, move |_| {
            move || {
                if let Some(t) = tab.as_ref() {
                    t.restore();
                }
            }
        });
    }
    // The job view's status: the tab's title and favicon follow the job, and recent jobs record
    // its latest (so its final) status.
    let job_events = use_memo((), {
        let (tab, env, recent) = (tab.clone(), env.clone(), recent.dispatcher());
        move |_| AppEvents {
            on_status: Callback::from(move |status: Option<JobStatus>| {
                // Nothing known (a new job is starting): the page's own look until it is.
                if status.is_none() {
                    if let Some(t) = tab.as_ref() {
                        t.restore();
                    }
                }
            }),
            on_change: Callback::from(move |(target, change): (Rc<Target>, JobChange)| {
                let status = change.status.token();
                notify::show_job(change.job_id.as_str(), status);
                recent.dispatch(RecentAction::Watched {
                    entry: WatchEntry::new(&target.origin, target.version, &target.job),
                    status: status.to_string(),
                    now_ms: to_ms(env.page.now_ms()),
                });
            }),
        }
    });

    // The last status each watch row saw, so a job opened from the list arrives in recent jobs
    // with it.
    let seen = use_mut_ref(BTreeMap::<(String, String), String>::new);
    let on_status = {
        let (recent, seen) = (recent.dispatcher(), seen.clone());
        Callback::from(move |(entry, status): (WatchEntry, String)| {
            let key = (entry.origin.clone(), entry.job.clone());
            if notify::newly_final(&seen.borrow(), &key, &status) {
                notify::notify(
                    &format!("Job {} {}", entry.job, status.replace('_', " ")),
                    "Bulkwatch watch list",
                );
            }
            seen.borrow_mut().insert(key, status.clone());
            notify::show(notify::tally(seen.borrow().values().map(String::as_str)));
            recent.dispatch(RecentAction::Saw { entry, status });
        })
    };
    let on_open = {
        let (recent, env, view, job_options, tokens, seen) = (
            recent.dispatcher(),
            env.clone(),
            view.clone(),
            job_options.clone(),
            tokens.clone(),
            seen.clone(),
        );
        Callback::from(move |entry: WatchEntry| {
            let Some((origin, version, job)) = entry.parts() else {
                return;
            };
            let known = seen
                .borrow()
                .get(&(entry.origin.clone(), entry.job.clone()))
                .cloned();
            recent.dispatch(RecentAction::Opened {
                entry: entry.clone(),
                now_ms: to_ms(env.page.now_ms()),
                known,
            });
            let link = DeepLink {
                site: None,
                version: Some(version),
                job: Some(job),
                api: Some(origin),
                proxy: None,
            };
            let fragment = format!("#{}", deeplink::build_fragment(&link));
            set_fragment(&fragment);
            let mut options = job_options.1.clone();
            options.initial = deeplink::parse_fragment(&fragment);
            // The job starts at once when the page holds a token for its origin.
            options.auto_token = tokens.get(&entry.origin).cloned();
            options.held_token = None;
            job_options.set((job_options.0 + 1, options));
            view.set(View::Job);
        })
    };
    let show = |v: View| {
        let view = view.clone();
        Callback::from(move |_: MouseEvent| {
            if v == View::Watch {
                set_fragment("#view=watch");
            }
            view.set(v);
        })
    };
    let current = |v: View| if *view == v { Some("page") } else { None };
    let (key, mut options) = (*job_options).clone();
    options.events = (*job_events).clone();
    options.tokens = Some(TokenShare {
        tokens: (*tokens).clone(),
        on_change: (*on_token).clone(),
    });

    html! {
        <div class="bw-support">
            <nav class="bw-nav" aria-label="Bulkwatch views">
                <button type="button" aria-current={current(View::Job)} data-testid="nav-job" onclick={show(View::Job)}>{ "Job" }</button>
                <button type="button" aria-current={current(View::Watch)} data-testid="nav-watch" onclick={show(View::Watch)}>{ "Watch list" }</button>
            </nav>
            <SignIn env={env.clone()} page_origin={props.options.page_origin.clone().map(AttrValue::from)}
                expires_at_ms={props.expires_at_ms} failure={props.sign_in_failure.clone()} />
            if *view == View::Watch && notify::supported() {
                <p class="bw-notify">
                    <button type="button" data-testid="notify-opt-in" onclick={Callback::from(|_: MouseEvent| notify::request_permission())}>
                        { "Notify me when a watched job completes or fails" }
                    </button>
                </p>
            }
            if *view == View::Watch {
                <WatchListView env={env.clone()} page_origin={props.options.page_origin.clone().map(AttrValue::from)}
                    tokens={(*tokens).clone()} on_token={(*on_token).clone()} on_open={on_open.clone()} {on_status} />
            } else {
                <App key={key.to_string()} {options} />
            }
            <RecentJobsList recent={recent.0.clone()} on_open={on_open} />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_comes_from_the_fragment() {
        assert_eq!(view_of("#view=watch"), View::Watch);
        assert_eq!(view_of("#dc=eu&view=watch"), View::Watch);
        assert_eq!(view_of("#dc=eu&job=1"), View::Job);
        assert_eq!(view_of(""), View::Job);
    }
}
