//! The connect panel's reducer: the form (data centre or custom origin, version, job id, proxy),
//! the token held in memory, and one [`ConnectPhase`] — editing, confirming an unusual origin
//! that came from a link, or watching a target. Pasted URLs and curl lines go through the core's
//! parser; origins, ids and proxy prefixes through the core's validators.

use std::rc::Rc;

use crate::token::Token;
use crate::ui::pending::deeplink::DeepLink;
use crate::ui::pending::endpoint::{
    ApiOrigin, ApiVersion, DataCenter, Environment, JobId, ProxyBase,
};
use crate::ui::pending::paste;
use crate::ui::target::Target;

/// The data-centre select: one of Zoho's eight, or a custom origin.
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
    /// The origin or proxy came from a link and is neither Zoho nor loopback: shown plainly,
    /// nothing is sent until a person confirms it.
    Confirming(Rc<Target>),
    /// Watching this target.
    Watching(Rc<Target>),
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
    /// The origin and proxy fields hold what a link put there (not typed by this person).
    pub from_link: bool,
    pub phase: ConnectPhase,
    /// Why the last "Watch" was refused, or what a paste filled in.
    pub note: Option<Note>,
}

/// A message under the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    Problem(String),
    Filled(String),
    TokenRejected,
}

/// Everything the connect panel can be told.
#[derive(Debug, Clone, PartialEq)]
pub enum ConnectAction {
    SetDc(DcChoice),
    SetCustomOrigin(String),
    SetVersion(ApiVersion),
    /// Typed or pasted into the job field: a URL or curl line fills data centre and version.
    SetJobInput(String),
    SetProxy(String),
    /// "Watch": `token_text` is what the password field holds (empty = keep the held token).
    Connect {
        token_text: String,
    },
    /// "Send my token there": the unusual origin is confirmed.
    ConfirmOrigin,
    ForgetToken,
    /// The API answered 401: the held token is useless; ask for a new one.
    TokenRejected,
    /// A token from the simulator's demo endpoint, and a job to fill in if the field is empty.
    UseDemo {
        token: Token,
        job: Option<String>,
    },
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
            from_link: false,
            phase: ConnectPhase::Editing,
            note: None,
        }
    }
}

impl ConnectState {
    /// The form as a deep link restores it (everything but the token, which links never carry).
    pub fn from_link(link: &DeepLink) -> ConnectState {
        let mut s = ConnectState::default();
        if let Some(dc) = link.dc {
            s.dc = DcChoice::Zoho(dc);
        }
        if let Some(v) = link.version {
            s.version = v;
        }
        if let Some(job) = &link.job {
            s.job_input = job.clone();
        }
        if let Some(api) = &link.api {
            s.dc = DcChoice::Custom;
            s.custom_origin = api.clone();
        }
        if let Some(proxy) = &link.proxy {
            s.proxy_input = proxy.clone();
        }
        s.from_link = link.api.is_some() || link.proxy.is_some();
        s
    }

    /// The deep link for the watched target (no token, ever).
    pub fn to_link(target: &Target) -> DeepLink {
        let dc = target.origin.data_center();
        let production =
            dc.is_some_and(|dc| target.origin == ApiOrigin::for_dc(dc, Environment::Production));
        DeepLink {
            dc: if production { dc } else { None },
            version: Some(target.version),
            job: Some(target.job.as_str().to_string()),
            api: (!production).then(|| target.origin.as_str().to_string()),
            proxy: target.proxy.as_ref().map(|p| p.as_str().to_string()),
        }
    }

    /// The origin the form selects, if valid.
    pub fn origin(&self) -> Result<ApiOrigin, String> {
        match self.dc {
            DcChoice::Zoho(dc) => Ok(ApiOrigin::for_dc(dc, Environment::Production)),
            DcChoice::Custom => ApiOrigin::parse(&self.custom_origin),
        }
    }

    /// The watched (or awaiting confirmation) target.
    pub fn watching(&self) -> Option<Rc<Target>> {
        match &self.phase {
            ConnectPhase::Watching(t) => Some(t.clone()),
            _ => None,
        }
    }

    /// Builds the target the form describes, or says why it cannot.
    fn target(&self) -> Result<Target, String> {
        let origin = self.origin()?;
        let job = JobId::parse(&self.job_input)
            .or_else(|_| paste::parse(&self.job_input).map(|p| p.job_id))
            .map_err(|e| format!("Job id: {e}"))?;
        let proxy = Some(self.proxy_input.trim())
            .filter(|p| !p.is_empty())
            .map(|p| ProxyBase::parse(p).map_err(|e| format!("Proxy: {e}")))
            .transpose()?;
        if proxy.is_some() && origin.data_center().is_none() {
            return Err("The proxy reaches Zoho's data centres only; clear the proxy to use a custom origin.".into());
        }
        Ok(Target {
            origin,
            version: self.version,
            job,
            proxy,
        })
    }
}

/// A link-provided destination for the token that needs a person's confirmation.
fn unusual(target: &Target) -> bool {
    let origin_unusual = !(target.origin.is_zoho() || target.origin.is_loopback());
    let proxy_unusual = target.proxy.as_ref().is_some_and(|p| !p.is_loopback());
    origin_unusual || proxy_unusual
}

impl yew::Reducible for ConnectState {
    type Action = ConnectAction;

    fn reduce(self: Rc<Self>, action: ConnectAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            ConnectAction::SetDc(dc) => {
                s.dc = dc;
                s.from_link = false;
            }
            ConnectAction::SetCustomOrigin(o) => {
                s.custom_origin = o;
                s.from_link = false;
            }
            ConnectAction::SetVersion(v) => s.version = v,
            ConnectAction::SetProxy(p) => {
                s.proxy_input = p;
                s.from_link = false;
            }
            ConnectAction::SetJobInput(text) => {
                s.note = None;
                match paste::parse(&text) {
                    Ok(p) if p.dc.is_some() || p.version.is_some() => {
                        let mut filled = Vec::new();
                        if let Some(dc) = p.dc {
                            s.dc = DcChoice::Zoho(dc);
                            s.from_link = false;
                            filled.push(format!("data centre {}", dc.code().to_uppercase()));
                        }
                        if let Some(v) = p.version {
                            s.version = v;
                            filled.push(format!("version {v}"));
                        }
                        s.job_input = p.job_id.as_str().to_string();
                        s.note = Some(Note::Filled(format!(
                            "Filled {} from what you pasted.",
                            filled.join(" and ")
                        )));
                    }
                    _ => s.job_input = text,
                }
            }
            ConnectAction::Connect { token_text } => {
                if let Some(t) = Token::new(&token_text) {
                    s.token = Some(t);
                }
                match s.target() {
                    Err(problem) => s.note = Some(Note::Problem(problem)),
                    Ok(_) if s.token.is_none() => {
                        s.note = Some(Note::Problem("Paste an access token first.".into()))
                    }
                    Ok(target) => {
                        s.note = None;
                        let target = Rc::new(target);
                        // Keep the same Rc when nothing changed, so the poller is not restarted.
                        let same = matches!(&s.phase, ConnectPhase::Watching(t) if **t == *target);
                        if !same {
                            s.phase = if s.from_link && unusual(&target) {
                                ConnectPhase::Confirming(target)
                            } else {
                                ConnectPhase::Watching(target)
                            };
                        }
                    }
                }
            }
            ConnectAction::ConfirmOrigin => {
                if let ConnectPhase::Confirming(t) = &s.phase {
                    s.phase = ConnectPhase::Watching(t.clone());
                    s.from_link = false;
                }
            }
            ConnectAction::ForgetToken => s.token = None,
            ConnectAction::TokenRejected => {
                s.token = None;
                s.note = Some(Note::TokenRejected);
            }
            ConnectAction::UseDemo { token, job } => {
                s.token = Some(token);
                if s.job_input.trim().is_empty() {
                    if let Some(job) = job {
                        s.job_input = job;
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
