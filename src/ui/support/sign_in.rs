//! The "Sign in with Zoho" panel: data centre, client id and accounts origin (remembered per data
//! centre), the sign-in button, and — once signed in — when the token lapses, with a prompt to
//! sign in again shortly before.

use bulkwatch_core::endpoint::{ApiOrigin, DataCenter};
use bulkwatch_core::oauth::{self, Expiry};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::oauth_return;
use super::sign_in_config::{self, ClientSetting};
use crate::env::Env;
use crate::ui::hooks::use_now::use_now;
use crate::ui::time_fmt::local_clock;

/// Props of [`SignIn`].
#[derive(Properties, PartialEq, Clone)]
pub struct SignInProps {
    pub env: Env,
    #[prop_or_default]
    pub page_origin: Option<AttrValue>,
    /// When the held signed-in token lapses (epoch ms).
    #[prop_or_default]
    pub expires_at_ms: Option<u64>,
    /// Why the last sign-in answer was refused.
    #[prop_or_default]
    pub failure: Option<AttrValue>,
}

fn value_of<T: JsCast>(e: &Event) -> Option<T> {
    e.target().and_then(|t| t.dyn_into::<T>().ok())
}

/// The sign-in panel.
#[function_component]
pub fn SignIn(props: &SignInProps) -> Html {
    let page_origin = props.page_origin.as_deref().map(str::to_string);
    // A page on loopback (the simulator) starts on "custom": its accounts server is the page.
    let loopback_page = page_origin
        .as_deref()
        .and_then(|p| ApiOrigin::parse(p).ok())
        .is_some_and(|o| o.is_loopback());
    let dc = use_state(|| (!loopback_page).then_some(DataCenter::Us));
    let setting = {
        let env = props.env.clone();
        let page_origin = page_origin.clone();
        let dc = *dc;
        use_state(move || sign_in_config::load(&*env.store, dc, page_origin.as_deref()))
    };
    let problem = use_state(|| None::<String>);
    let now = use_now(props.env.clone());

    let on_dc = {
        let (dc, setting, env, page_origin) = (
            dc.clone(),
            setting.clone(),
            props.env.clone(),
            page_origin.clone(),
        );
        Callback::from(move |e: Event| {
            let v = value_of::<web_sys::HtmlSelectElement>(&e).map(|s| s.value());
            let next = v.as_deref().and_then(DataCenter::from_code);
            dc.set(next);
            setting.set(sign_in_config::load(
                &*env.store,
                next,
                page_origin.as_deref(),
            ));
        })
    };
    let on_client = {
        let setting = setting.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = value_of::<web_sys::HtmlInputElement>(&e) {
                setting.set(ClientSetting {
                    client_id: i.value(),
                    ..(*setting).clone()
                });
            }
        })
    };
    let on_accounts = {
        let setting = setting.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = value_of::<web_sys::HtmlInputElement>(&e) {
                setting.set(ClientSetting {
                    accounts: i.value(),
                    ..(*setting).clone()
                });
            }
        })
    };
    let on_submit = {
        let (dc, setting, env, problem) =
            (*dc, setting.clone(), props.env.clone(), problem.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let accounts = match oauth::parse_accounts(setting.accounts.trim()) {
                Ok(a) => a,
                Err(err) => {
                    problem.set(Some(format!("Accounts origin: {err}")));
                    return;
                }
            };
            sign_in_config::save(&*env.store, dc, &setting);
            if let Err(err) = oauth_return::start(accounts, &setting.client_id) {
                problem.set(Some(err));
            }
        })
    };

    let expiry = match (props.expires_at_ms, now) {
        (Some(at), Some(now)) => Some((at, oauth::expiry(now, at))),
        _ => None,
    };
    let status = match expiry {
        Some((at, Expiry::Fresh(_))) => html! {
            <p class="bw-muted" data-testid="sign-in-status">
                { format!("Signed in with Zoho. The token stays in this tab's memory until {}.", local_clock(at)) }
            </p>
        },
        Some((at, Expiry::RenewSoon(left))) => html! {
            <p role="alert" data-testid="sign-in-status">
                { format!("Your sign-in lapses at {} (in {} min): sign in again to keep watching.", local_clock(at), left.div_ceil(60)) }
            </p>
        },
        Some((_, Expiry::Expired)) => html! {
            <p role="alert" data-testid="sign-in-status">{ "Your sign-in has lapsed: sign in again." }</p>
        },
        None => html! {},
    };
    let selected = sign_in_config::dc_key(*dc);

    html! {
        <section class="bw-signin" aria-labelledby="bw-signin-title">
            <h2 id="bw-signin-title" class="bw-signin__title">{ "Sign in with Zoho" }</h2>
            { status }
            if let Some(f) = &props.failure {
                <p role="alert" class="bw-signin__problem" data-testid="sign-in-problem">{ format!("Sign-in refused: {f}") }</p>
            }
            <form class="bw-signin__form" onsubmit={on_submit}>
                <div class="bw-row-field">
                    <label for="bw-signin-dc">{ "Data centre" }</label>
                    <select id="bw-signin-dc" onchange={on_dc} data-testid="sign-in-dc">
                        { for DataCenter::ALL.iter().map(|d| html! {
                            <option value={d.code()} selected={selected == d.code()}>{ d.label() }</option>
                        }) }
                        <option value="custom" selected={selected == "custom"}>{ "Custom accounts origin" }</option>
                    </select>
                </div>
                <div class="bw-row-field">
                    <label for="bw-signin-client">{ "Client id" }</label>
                    <input id="bw-signin-client" type="text" autocomplete="off" spellcheck="false" data-testid="sign-in-client"
                        value={setting.client_id.clone()} oninput={on_client} />
                </div>
                <div class="bw-row-field">
                    <label for="bw-signin-accounts">{ "Accounts origin" }</label>
                    <input id="bw-signin-accounts" type="url" autocomplete="off" spellcheck="false" data-testid="sign-in-accounts"
                        value={setting.accounts.clone()} oninput={on_accounts} />
                </div>
                <div class="bw-row-field bw-row-field--actions">
                    <button type="submit" class="bw-btn bw-btn--primary" data-testid="sign-in">
                        { if props.expires_at_ms.is_some() { "Sign in again" } else { "Sign in with Zoho" } }
                    </button>
                </div>
            </form>
            if let Some(p) = &*problem {
                <p role="alert" class="bw-signin__problem">{ p.clone() }</p>
            }
        </section>
    }
}
