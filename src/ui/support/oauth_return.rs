//! The browser half of sign-in: starting it (random `state`, the link to come back to, kept in
//! this tab's sessionStorage — never a token) and reading Zoho's answer when the page loads with
//! it in the fragment, which is removed from the address bar before anything else happens.

use bulkwatch_core::deeplink::{self, ParsedLink};
use bulkwatch_core::endpoint::ApiOrigin;
use bulkwatch_core::oauth::{self, AuthRequest, Grant, RedirectError};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use crate::token::Token;

/// sessionStorage key of the pending sign-in (state and return link; no secret but the state).
const PENDING_KEY: &str = "bulkwatch.signin.pending";

/// What this tab remembers between leaving for Zoho and coming back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Pending {
    state: String,
    /// The page's deep-link fragment at the time (rebuilt by the core: never a token).
    link: String,
}

/// A completed sign-in: the token (memory only), when it lapses, and the link to restore with the
/// API origin Zoho named.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedIn {
    pub token: Token,
    pub expires_at_ms: u64,
    pub initial: ParsedLink,
    pub api: Option<ApiOrigin>,
}

/// What the page learned from its address at load.
#[derive(Debug, Clone, PartialEq)]
pub enum Return {
    /// No sign-in answer in the fragment.
    None,
    SignedIn(SignedIn),
    /// A sign-in answer that was refused (state mismatch, Zoho's error…): shown as text.
    Failed(String),
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// 16 random bytes from `crypto.getRandomValues`, hex. `None` where the API is missing: then no
/// sign-in starts (a guessable state would defeat its purpose).
fn random_state() -> Option<String> {
    let window = web_sys::window()?;
    let crypto = js_sys::Reflect::get(&window, &JsValue::from_str("crypto")).ok()?;
    let get = js_sys::Reflect::get(&crypto, &JsValue::from_str("getRandomValues"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let bytes = js_sys::Uint8Array::new_with_length(16);
    get.call1(&crypto, &bytes).ok()?;
    Some(bytes.to_vec().iter().map(|b| format!("{b:02x}")).collect())
}

/// Starts a sign-in: stores the pending state and link, then sends the tab to Zoho.
pub fn start(accounts: ApiOrigin, client_id: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let location = window.location();
    let href = location
        .href()
        .map_err(|_| "cannot read the page address")?;
    let state = random_state().ok_or("this browser offers no secure random numbers")?;
    let req = AuthRequest::new(accounts, client_id, &href, &state).map_err(|e| e.to_string())?;
    // Only the parts of the link a deep link may carry survive (the core drops any token).
    let parsed = deeplink::parse_fragment(&location.hash().unwrap_or_default());
    let pending = Pending {
        state,
        link: deeplink::build_fragment(&parsed.link),
    };
    let json = serde_json::to_string(&pending).map_err(|_| "cannot remember the sign-in")?;
    session()
        .and_then(|s| s.set_item(PENDING_KEY, &json).ok())
        .ok_or("this tab cannot remember the sign-in (sessionStorage unavailable)")?;
    location
        .assign(&req.url())
        .map_err(|_| "cannot open Zoho's sign-in page".to_string())
}

/// Reads (and removes) a sign-in answer from the page's fragment. Call before anything else
/// reads the address: the fragment is replaced at once, so the token leaves the address bar and
/// the history entry even when the answer is refused.
pub fn take(now_ms: u64) -> Return {
    let Some(window) = web_sys::window() else {
        return Return::None;
    };
    let location = window.location();
    let fragment = location.hash().unwrap_or_default();
    if !oauth::is_redirect(&fragment) {
        return Return::None;
    }
    let clean = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&clean));
    }
    // The pending sign-in is used once, whatever the answer.
    let pending: Option<Pending> = session().and_then(|s| {
        let raw = s.get_item(PENDING_KEY).ok().flatten();
        let _ = s.remove_item(PENDING_KEY);
        raw.and_then(|r| serde_json::from_str(&r).ok())
    });
    let grant = oauth::parse_redirect(&fragment, pending.as_ref().map(|p| p.state.as_str()));
    match (grant, pending) {
        (Ok(grant), Some(pending)) => signed_in(grant, &pending, now_ms),
        (Err(e), _) => Return::Failed(e.to_string()),
        (Ok(_), None) => Return::Failed(RedirectError::NotStarted.to_string()),
    }
}

fn signed_in(grant: Grant, pending: &Pending, now_ms: u64) -> Return {
    let Some(token) = Token::new(&grant.access_token) else {
        return Return::Failed(RedirectError::NoToken.to_string());
    };
    let mut link = deeplink::parse_fragment(&pending.link).link;
    // Zoho says where this account's API lives: that wins over the data centre picked before.
    // Re-reading the rebuilt link lets the core decide whether that origin needs confirming.
    if let Some(api) = &grant.api_domain {
        link.api = Some(api.clone());
        link.site = None;
    }
    let initial = deeplink::parse_fragment(&deeplink::build_fragment(&link));
    Return::SignedIn(SignedIn {
        token,
        expires_at_ms: oauth::expires_at_ms(now_ms, grant.expires_in),
        initial,
        api: grant.api_domain,
    })
}
