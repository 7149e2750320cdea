//! The standalone page's shell: a small nav between the job view and the watch list
//! (`#view=watch`), sign-in (while a token is missing), and recent jobs. Only the standalone page
//! uses it; the embedded widget and the custom element mount [`App`] alone — so only this page
//! speaks through the tab's title and favicon, and only it keeps recent jobs. The views and each
//! job opened are history entries: Back and Forward (and an edited address) move between them.

use std::collections::BTreeMap;
use std::rc::Rc;

use bulkwatch_core::deeplink::{self, DeepLink};
use bulkwatch_core::model::JobStatus;
use bulkwatch_core::watchlist::{self, RecentJobs, WatchEntry};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::notify::{self, TabLook};
use super::recent_jobs::{Recent, RecentAction, RecentJobsList};
use super::sign_in::SignIn;
use super::watch_list::WatchListView;
use crate::events::JobChange;
use crate::token_map::{TokenChange, TokenMap};
use crate::ui::app::{App, AppEvents, AppOptions, TokenShare};
use crate::ui::connect::state::ConnectState;
use crate::ui::hooks::use_deep_link::{current_fragment, write_fragment, Write};
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

/// The fragment a view is reached by: the watch list's, or the job view's last job (`job`).
fn fragment_of(view: View, job: &str) -> String {
    match view {
        View::Watch => "#view=watch".into(),
        View::Job => job.into(),
    }
}

/// The job view's options for the job a fragment names, with the token the page holds for its
/// API origin (so it starts at once); `None` when the fragment names no job.
fn options_for(
    fragment: &str,
    base: &AppOptions,
    tokens: &TokenMap,
    focus: bool,
) -> Option<AppOptions> {
    let parsed = deeplink::parse_fragment(fragment);
    parsed.link.job.as_ref()?;
    let origin = parsed.link.origin()?;
    let mut options = base.clone();
    options.auto_token = tokens.for_origin(&origin).cloned();
    options.held_token = None;
    options.initial = parsed;
    options.focus = focus;
    Some(options)
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
    // The job view's fragment when it was last left, to come back to (Job tab, Back).
    let job_fragment = use_mut_ref(|| {
        let f = current_fragment();
        if view_of(&f) == View::Job {
            f
        } else {
            String::new()
        }
    });
    // Whether the job view waits for a token: only then is sign-in offered above it.
    let needs_token =
        use_state(|| props.options.auto_token.is_none() && props.options.held_token.is_none());
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
        let needs_token = needs_token.setter();
        move |_| AppEvents {
            on_needs_token: Callback::from(move |needs: bool| needs_token.set(needs)),
            on_status: Callback::from(move |status: Option<JobStatus>| {
                // Nothing known (a new job is starting): the page's own look until it is.
                if status.is_none() {
                    if let Some(t) = tab.as_ref() {
                        t.restore();
                    }
                }
            }),
            on_change: Callback::from(move |(target, change): (Rc<Target>, JobChange)| {
                notify::show_job(change.job_id.as_str(), &change.status);
                recent.dispatch(RecentAction::Watched {
                    entry: WatchEntry::new(&target.origin, target.version, &target.job),
                    status: change.status,
                    now_ms: to_ms(env.page.now_ms()),
                });
            }),
        }
    });

    // The last status each watch row saw, so a job opened from the list arrives in recent jobs
    // with it.
    let seen = use_mut_ref(BTreeMap::<(String, String), JobStatus>::new);
    let on_status = {
        let (recent, seen) = (recent.dispatcher(), seen.clone());
        Callback::from(move |(entry, status): (WatchEntry, JobStatus)| {
            let key = (entry.origin.clone(), entry.job.clone());
            if notify::newly_final(&seen.borrow(), &key, &status) {
                notify::notify(
                    &format!("Job {} {}", entry.job, status.label().to_lowercase()),
                    "Bulkwatch watch list",
                );
            }
            seen.borrow_mut().insert(key, status.clone());
            notify::show(notify::tally(seen.borrow().values()));
            recent.dispatch(RecentAction::Saw { entry, status });
        })
    };
    // Opens the job a fragment names in the job view, remounting it; false when it names none.
    let open_job = {
        let (job_options, tokens) = (job_options.clone(), tokens.clone());
        Rc::new(move |fragment: &str, focus: bool| -> bool {
            match options_for(fragment, &job_options.1, &tokens, focus) {
                Some(options) => {
                    job_options.set((job_options.0 + 1, options));
                    true
                }
                None => false,
            }
        })
    };
    let on_open = {
        let (recent, env, view, seen, open_job, job_fragment) = (
            recent.dispatcher(),
            env.clone(),
            view.clone(),
            seen.clone(),
            open_job.clone(),
            job_fragment.clone(),
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
            let fragment = deeplink::build_fragment(&link);
            // A new place: a new history entry, so Back returns to where Open was pressed.
            if current_fragment() != fragment {
                write_fragment(&fragment, Write::Push);
            }
            *job_fragment.borrow_mut() = fragment.clone();
            // The page has just replaced what held the focus: the job view takes it.
            open_job(&fragment, true);
            view.set(View::Job);
        })
    };
    let show = |v: View| {
        let (view, open_job, job_fragment) = (view.clone(), open_job.clone(), job_fragment.clone());
        Callback::from(move |_: MouseEvent| {
            if *view == v {
                return; // already there: no new entry
            }
            if *view == View::Job {
                *job_fragment.borrow_mut() = current_fragment();
            }
            let fragment = fragment_of(v, &job_fragment.borrow());
            write_fragment(&fragment, Write::Push);
            if v == View::Job {
                // The job view comes back on the job it last showed (the button keeps the focus).
                open_job(&fragment, false);
            }
            view.set(v);
        })
    };
    {
        // Back, Forward, an edited address: the fragment says which view (and, coming back to the
        // job view, which job; within the job view the widget follows the job itself).
        // The listener lives as long as the view; it opens jobs with this render's tokens.
        let latest = use_mut_ref(|| open_job.clone());
        *latest.borrow_mut() = open_job.clone();
        let (view, job_fragment) = (view.clone(), job_fragment.clone());
        use_effect_with(*view, move |shown| {
            let shown = *shown;
            let listener = web_sys::window().map(|w| {
                gloo_events::EventListener::new(&w, "hashchange", move |e| {
                    let fragment = current_fragment();
                    let wanted = view_of(&fragment);
                    if wanted == shown {
                        return;
                    }
                    if wanted == View::Job {
                        let open_job = latest.borrow().clone();
                        open_job(&fragment, true);
                    } else if let Some(old) =
                        e.dyn_ref::<web_sys::HashChangeEvent>().map(|e| e.old_url())
                    {
                        // Left the job view: remember its job to come back to.
                        let old = old.find('#').map_or("", |at| &old[at..]);
                        *job_fragment.borrow_mut() = old.to_string();
                    }
                    view.set(wanted);
                })
            });
            move || drop(listener)
        });
    }
    let current = |v: View| if *view == v { Some("page") } else { None };
    // Sign-in where a token is missing, not above every job: while the job view waits for one,
    // on the watch list while the page holds none, and while a sign-in has something to say.
    let sign_in = match *view {
        View::Job => *needs_token,
        View::Watch => tokens.origins().next().is_none(),
    } || props.expires_at_ms.is_some()
        || props.sign_in_failure.is_some();
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
            if sign_in {
                <SignIn env={env.clone()} page_origin={props.options.page_origin.clone().map(AttrValue::from)}
                    expires_at_ms={props.expires_at_ms} failure={props.sign_in_failure.clone()} />
            }
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
