//! The connect panel's reducer: the form (data centre or custom origin, version, job, proxy),
//! the token held in memory, and one [`ConnectPhase`] — editing, confirming an origin or proxy
//! that came from a link, a paste or a sign-in answer, or watching a target. Pastes go through
//! the core's parser; origins, ids and proxies through the core's validators. What needs
//! confirming is the core's call ([`bulkwatch_core::deeplink::confirm`]), made on "Watch" — when
//! a token is about to be sent — from where each destination came, so no edit can skip it.

use std::rc::Rc;

use bulkwatch_core::deeplink::confirm::to_confirm;
use bulkwatch_core::deeplink::{
    Confirm, Confirmed, DeepLink, Destination, ParsedLink, Provenance, Source,
};
use bulkwatch_core::endpoint::{
    ApiOrigin, ApiVersion, DataCenter, Environment, JobId, ProxyBase, Site,
};
use bulkwatch_core::paste::{parse_paste, PasteKind};

use crate::token::Token;
use crate::ui::target::Target;

/// The data-centre select: one of Zoho's eight (production), or a custom origin (sandbox and
/// developer orgs, the simulator, anything else).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DcChoice {
    Zoho(DataCenter),
    Custom,
}

/// Where the connect panel stands.
#[derive(Debug, Clone, PartialEq)]
pub enum ConnectPhase {
    /// Nothing watched yet.
    Editing,
    /// An origin or proxy from a link, a paste or a sign-in answer would receive the token
    /// without being Zoho's or the page's own: shown plainly, nothing is sent until a person
    /// confirms.
    Confirming {
        target: Rc<Target>,
        what: Vec<Confirm>,
    },
    /// Watching this target.
    Watching(Rc<Target>),
}

/// A message under the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    Problem(String),
    Filled(String),
    TokenRejected,
}

/// The connect panel's state.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectState {
    pub dc: DcChoice,
    pub custom_origin: String,
    pub version: ApiVersion,
    pub job_input: String,
    pub proxy_input: String,
    /// The token, in memory only.
    pub token: Option<Token>,
    /// Where each destination offered to the form came from (a link, a paste, a sign-in
    /// answer); anything not recorded was typed by the person.
    pub provenance: Provenance,
    /// What the person confirmed in this tab: kept when a new link is followed.
    pub confirmed: Confirmed,
    /// The page's own origin (`location.origin`): a destination there needs no confirmation.
    pub page_origin: Option<String>,
    /// What was wrong with the link, or ignored in it (a token).
    pub link_notes: Vec<String>,
    pub phase: ConnectPhase,
    pub note: Option<Note>,
    /// The form is shown in full. Once a job is watched it folds into one line (the job is what
    /// the page is about) until "Change" opens it again; it stays open while a destination waits
    /// for confirmation, since the confirmation lives in the form.
    pub open: bool,
    /// How many times "Watch" (or a confirmation) has put a job on screen: the view moves focus
    /// to the job's heading when this grows.
    pub watch_seq: u32,
}

/// Everything the connect panel can be told.
#[derive(Debug, Clone, PartialEq)]
pub enum ConnectAction {
    SetDc(DcChoice),
    SetCustomOrigin(String),
    SetVersion(ApiVersion),
    /// Typed or pasted into the job field: a URL or curl line fills origin and version too.
    SetJobInput(String),
    SetProxy(String),
    /// "Watch": `token_text` is what the password field holds (empty = keep the held token).
    Connect {
        token_text: String,
    },
    /// "Send my token there".
    ConfirmOrigin,
    ForgetToken,
    /// The token a page sharing tokens between its views holds for the form's origin: it
    /// replaces the form's own, whatever that was (`None`: the form has none).
    HoldToken(Option<Token>),
    /// The API answered 401: the held token is useless; ask for a new one.
    TokenRejected,
    /// A token from the simulator's demo endpoint, and a job (with its version) to fill in if
    /// the job field is empty.
    UseDemo {
        token: Token,
        job: Option<(String, Option<ApiVersion>)>,
    },
    /// A deep link followed while the page is open (the fragment changed): the form takes it
    /// and starts afresh — nothing watched, and no token, since a link may name another
    /// destination than the one the token was given for.
    ApplyLink(ParsedLink),
    /// Use this origin as a custom API origin (typed in by the person, so no confirmation).
    UseOrigin(String),
    /// One of the simulator's demo jobs picked: its id (and version, when known).
    PickJob {
        id: String,
        version: Option<ApiVersion>,
    },
    /// "Change": open the folded form again, as it was.
    Change,
}

impl Default for ConnectState {
    fn default() -> Self {
        ConnectState {
            dc: DcChoice::Zoho(DataCenter::Us),
            custom_origin: String::new(),
            version: ApiVersion::default(),
            job_input: String::new(),
            proxy_input: String::new(),
            token: None,
            provenance: Provenance::default(),
            confirmed: Confirmed::default(),
            page_origin: None,
            link_notes: Vec::new(),
            phase: ConnectPhase::Editing,
            note: None,
            open: true,
            watch_seq: 0,
        }
    }
}

impl ConnectState {
    /// The form as a deep link restores it: everything but a token, which links never carry.
    pub fn from_link(parsed: &ParsedLink) -> ConnectState {
        let mut s = ConnectState::default();
        let link = &parsed.link;
        if let Some(origin) = link.origin() {
            s.set_origin(&origin);
        }
        if let Some(v) = link.version {
            s.version = v;
        }
        if let Some(job) = &link.job {
            s.job_input = job.as_str().to_string();
        }
        if let Some(proxy) = &link.proxy {
            s.proxy_input = proxy.as_str().to_string();
        }
        for dest in link.destinations() {
            s.provenance.note(&dest, Source::Link);
        }
        if parsed.token_ignored {
            s.link_notes.push(
                "The link carried a token; it was ignored (links never carry tokens).".into(),
            );
        }
        s.link_notes
            .extend(parsed.problems.iter().map(|p| format!("Link: {p}.")));
        s
    }

    /// The same form on a page served from `page_origin`.
    pub fn with_page_origin(mut self, page_origin: Option<String>) -> ConnectState {
        self.page_origin = page_origin;
        self
    }

    /// What must be confirmed before a token is sent for `target`: every destination it names
    /// that came from a link, paste or sign-in answer and is neither Zoho's nor the page's own,
    /// unless confirmed already in this tab.
    pub fn to_confirm(&self, target: &Target) -> Vec<Confirm> {
        let api = Destination::Api(target.origin.clone());
        let proxy = target.proxy.clone().map(Destination::Proxy);
        let dests: Vec<Destination> = std::iter::once(api).chain(proxy).collect();
        to_confirm(
            &dests,
            &self.provenance,
            self.page_origin.as_deref(),
            &self.confirmed,
        )
    }

    /// The deep link of a target (no token, ever).
    pub fn to_link(target: &Target) -> DeepLink {
        let site = target.origin.site();
        DeepLink {
            site,
            version: Some(target.version),
            job: Some(target.job.clone()),
            api: site.is_none().then(|| target.origin.clone()),
            proxy: target.proxy.clone(),
        }
    }

    /// Shows an origin in the form: a production Zoho origin as its data centre, anything else
    /// (sandbox, developer, custom) as the custom origin's text.
    fn set_origin(&mut self, origin: &ApiOrigin) {
        match origin {
            ApiOrigin::Zoho {
                dc,
                env: Environment::Production,
            } => self.dc = DcChoice::Zoho(*dc),
            other => {
                self.dc = DcChoice::Custom;
                self.custom_origin = other.origin_string();
            }
        }
    }

    /// The origin the form selects, if valid.
    pub fn origin(&self) -> Result<ApiOrigin, String> {
        match self.dc {
            DcChoice::Zoho(dc) => Ok(ApiOrigin::from(Site::production(dc))),
            DcChoice::Custom => {
                ApiOrigin::parse(&self.custom_origin).map_err(|e| format!("API origin: {e}"))
            }
        }
    }

    /// The watched target.
    pub fn watching(&self) -> Option<Rc<Target>> {
        match &self.phase {
            ConnectPhase::Watching(t) => Some(t.clone()),
            _ => None,
        }
    }

    /// Builds the target the form describes, or says why it cannot.
    fn target(&self) -> Result<Target, String> {
        let origin = self.origin()?;
        let job_text = self.job_input.trim();
        let job = match JobId::parse(job_text) {
            Ok(job) => job,
            Err(_) => parse_paste(job_text)
                .map(|p| p.job)
                .map_err(|e| format!("Job: {e}"))?,
        };
        let proxy = Some(self.proxy_input.trim())
            .filter(|p| !p.is_empty())
            .map(|p| ProxyBase::parse(p).map_err(|e| format!("Proxy: {e}")))
            .transpose()?;
        if proxy.is_some() && origin.site().is_none() {
            return Err(
                "The proxy reaches Zoho's data centres only: clear the proxy to use a custom origin."
                    .into(),
            );
        }
        Ok(Target {
            origin,
            version: self.version,
            job,
            proxy,
        })
    }

    /// After "Watch" or a confirmation: a watched job folds the form and takes the focus.
    fn watched(&mut self) {
        if matches!(self.phase, ConnectPhase::Watching(_)) {
            self.open = false;
            self.watch_seq = self.watch_seq.wrapping_add(1);
        }
    }

    /// A paste in the job field: fills what it names and says so.
    fn paste(&mut self, text: String) {
        self.note = None;
        let pasted = match parse_paste(&text) {
            Ok(p) if p.kind != PasteKind::BareId => p,
            _ => {
                self.job_input = text;
                return;
            }
        };
        let mut filled = Vec::new();
        if let Some(origin) = &pasted.origin {
            self.set_origin(origin);
            self.provenance
                .note(&Destination::Api(origin.clone()), Source::Paste);
            filled.push(match origin.site() {
                Some(site) => format!("data centre {}", site.code().to_uppercase()),
                None => format!("API origin {}", origin.origin_string()),
            });
        }
        if let Some(v) = pasted.version {
            self.version = v;
            filled.push(format!("version {v}"));
        }
        self.job_input = pasted.job.as_str().to_string();
        let mut text = format!("Took job {}", pasted.job);
        if !filled.is_empty() {
            text.push_str(&format!(" and {}", filled.join(" and ")));
        }
        text.push_str(" from the paste.");
        if pasted.token_seen {
            text.push_str(" The token in it was not taken: paste tokens into the token field.");
        }
        self.note = Some(Note::Filled(text));
    }
}

impl yew::Reducible for ConnectState {
    type Action = ConnectAction;

    fn reduce(self: Rc<Self>, action: ConnectAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            ConnectAction::SetDc(dc) => s.dc = dc,
            ConnectAction::SetCustomOrigin(o) => s.custom_origin = o,
            ConnectAction::SetVersion(v) => s.version = v,
            ConnectAction::SetProxy(p) => s.proxy_input = p,
            ConnectAction::SetJobInput(text) => s.paste(text),
            ConnectAction::Connect { token_text } => {
                if let Some(t) = Token::new(&token_text) {
                    s.token = Some(t);
                }
                match s.target() {
                    Err(problem) => {
                        s.note = Some(Note::Problem(problem));
                        // The problem is in a field: show them.
                        s.open = true;
                    }
                    Ok(_) if s.token.is_none() => {
                        s.note = Some(Note::Problem("Paste an access token first.".into()))
                    }
                    Ok(target) => {
                        s.note = None;
                        // The same target keeps its Rc, so the poller is not restarted.
                        let same = matches!(&s.phase, ConnectPhase::Watching(t) if **t == target);
                        if !same {
                            let what = s.to_confirm(&target);
                            let target = Rc::new(target);
                            s.phase = if what.is_empty() {
                                ConnectPhase::Watching(target)
                            } else {
                                ConnectPhase::Confirming { target, what }
                            };
                        }
                        s.watched();
                    }
                }
            }
            ConnectAction::ConfirmOrigin => {
                if let ConnectPhase::Confirming { target, what } = &s.phase {
                    s.confirmed.add(what.iter().cloned());
                    s.phase = ConnectPhase::Watching(target.clone());
                    s.watched();
                }
            }
            ConnectAction::ForgetToken => s.token = None,
            ConnectAction::HoldToken(token) => s.token = token,
            ConnectAction::TokenRejected => {
                s.token = None;
                s.note = Some(Note::TokenRejected);
            }
            ConnectAction::ApplyLink(parsed) => {
                // What was confirmed in this tab stays confirmed; the rest starts afresh.
                let mut next = ConnectState::from_link(&parsed).with_page_origin(s.page_origin);
                next.confirmed = s.confirmed;
                next.watch_seq = s.watch_seq;
                s = next;
            }
            ConnectAction::UseOrigin(origin) => {
                s.dc = DcChoice::Custom;
                s.custom_origin = origin;
            }
            ConnectAction::PickJob { id, version } => {
                s.job_input = id;
                if let Some(v) = version {
                    s.version = v;
                }
                s.note = None;
            }
            ConnectAction::Change => s.open = true,
            ConnectAction::UseDemo { token, job } => {
                s.token = Some(token);
                // The folded line's token field goes away with the token: the job takes the
                // focus, as after "Watch".
                if !s.open {
                    s.watched();
                }
                if s.job_input.trim().is_empty() {
                    if let Some((id, version)) = job {
                        s.job_input = id;
                        s.version = version.unwrap_or(s.version);
                    }
                }
                s.note = None;
            }
        }
        if s == *self {
            self
        } else {
            Rc::new(s)
        }
    }
}

#[cfg(test)]
mod fold_tests;
#[cfg(test)]
mod tests;
