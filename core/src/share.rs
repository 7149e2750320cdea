//! One request stream for a job, however many tabs or widgets watch it.
//!
//! Every poller of the same job (the same request URL) joins a group named after that URL. One
//! member leads: it polls, and shares each answer that describes the job with the others, who
//! show it as if they had asked and plan their own next check from it, without sending. When
//! the leader leaves (its tab closes or hides, it loses its token, it pauses or stops), another
//! member takes over at its own next planned check, which is when the leader would have polled.
//!
//! This module is the part of that protocol that can be checked without a browser: the group
//! and lock names, the messages and their tolerant decoding, what is worth sharing, and which
//! shared answers are news. The widget carries it over `BroadcastChannel` and the Web Locks API.
//!
//! What is shared is an answer's status line and body, never a token: a member only takes part
//! while it holds a token of its own, so nothing is shown that it could not have fetched itself.

use serde::{Deserialize, Serialize};

use crate::model::decode_job_response;

/// Bumped when the messages change, so tabs of different versions never mix.
pub const PROTOCOL: u32 = 1;

/// The `BroadcastChannel` (and Web Lock) name of the group polling `job_url`.
pub fn group_name(job_url: &str) -> String {
    format!("bulkwatch/poll/v{PROTOCOL} {job_url}")
}

/// How far ahead of a member's own clock a shared answer's times may be. Tabs and widgets on one
/// machine read the same clock; this is slack for rounding and a busy event loop, small enough
/// that an answer dated just inside it holds the view for seconds at most.
pub const MAX_AHEAD_MS: u64 = 5_000;

/// The longest a shared answer's request may have been in flight (sent to answered). The
/// widget's requests time out long before this.
pub const MAX_FLIGHT_MS: u64 = 10 * 60 * 1000;

/// Why a shared answer's times cannot be true. Such an answer is dropped unread: it could only
/// come from a script posting on the group's channel, and believing it would freeze every
/// follower on a made-up state ([`Freshness`] would refuse every genuine answer after it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Implausible {
    #[error("answered before it was sent")]
    AnsweredBeforeSent,
    #[error("in flight for longer than any request lasts")]
    TooLong,
    #[error("dated in the future")]
    FromTheFuture,
}

/// An HTTP answer to the job request, as the leader received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedAnswer {
    /// When the leader sent the request and when the answer arrived (ms since the epoch): the
    /// bounds every member's timeline uses, so they all tell the same story.
    pub sent_ms: u64,
    pub at_ms: u64,
    pub status: u16,
    pub body: String,
}

impl SharedAnswer {
    /// The answer to share, if it is worth sharing: only answers that describe the job are. An
    /// error is the leader's own business: a refused token says nothing of the others', and the
    /// leader backs off (or steps down) by itself.
    pub fn of(sent_ms: u64, at_ms: u64, status: u16, body: &[u8]) -> Option<SharedAnswer> {
        decode_job_response(status, body).ok()?;
        Some(SharedAnswer {
            sent_ms,
            at_ms,
            status,
            body: String::from_utf8(body.to_vec()).ok()?,
        })
    }

    /// Whether the answer's times can be true when heard at `now_ms`: answered after it was
    /// sent, within [`MAX_FLIGHT_MS`], and not after now (give or take [`MAX_AHEAD_MS`]). An old
    /// answer is plausible: a leader greets newcomers with its latest, which for a finished job
    /// may be hours old, and [`Freshness`] keeps old answers from taking a view back in time.
    pub fn check(&self, now_ms: u64) -> Result<(), Implausible> {
        if self.at_ms < self.sent_ms {
            Err(Implausible::AnsweredBeforeSent)
        } else if self.at_ms - self.sent_ms > MAX_FLIGHT_MS {
            Err(Implausible::TooLong)
        } else if self.at_ms > now_ms.saturating_add(MAX_AHEAD_MS) {
            Err(Implausible::FromTheFuture)
        } else {
            Ok(())
        }
    }

    /// Orders answers by when they were asked, then answered.
    fn key(&self) -> (u64, u64) {
        (self.sent_ms, self.at_ms)
    }
}

/// What members say to each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareMessage {
    /// A member joined: the leader answers with the latest answer it shared, so the newcomer
    /// shows the job at once instead of waiting for the next check.
    Hello { protocol: u32 },
    /// An answer the leader received.
    Answer { protocol: u32, answer: SharedAnswer },
}

/// The wire form: one flat object, `kind` saying which message it is.
#[derive(Serialize, Deserialize)]
struct Wire {
    kind: String,
    protocol: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sent_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    at_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    body: Option<String>,
}

impl ShareMessage {
    pub fn hello() -> ShareMessage {
        ShareMessage::Hello { protocol: PROTOCOL }
    }

    pub fn answer(answer: SharedAnswer) -> ShareMessage {
        ShareMessage::Answer {
            protocol: PROTOCOL,
            answer,
        }
    }

    pub fn encode(&self) -> String {
        let wire = match self {
            ShareMessage::Hello { protocol } => Wire {
                kind: "hello".into(),
                protocol: *protocol,
                sent_ms: None,
                at_ms: None,
                status: None,
                body: None,
            },
            ShareMessage::Answer { protocol, answer } => Wire {
                kind: "answer".into(),
                protocol: *protocol,
                sent_ms: Some(answer.sent_ms),
                at_ms: Some(answer.at_ms),
                status: Some(answer.status),
                body: Some(answer.body.clone()),
            },
        };
        // Serialising these plain fields cannot fail; an empty string would decode as nothing.
        serde_json::to_string(&wire).unwrap_or_default()
    }

    /// A message heard from the group at `now_ms` (this member's clock): [`ShareMessage::decode`],
    /// then an answer only if its times are plausible ([`SharedAnswer::check`]). What the
    /// browser hears goes through here, never through `decode` alone.
    pub fn receive(text: &str, now_ms: u64) -> Option<ShareMessage> {
        match ShareMessage::decode(text)? {
            ShareMessage::Answer { answer, .. } if answer.check(now_ms).is_err() => None,
            message => Some(message),
        }
    }

    /// A message from another member; `None` for anything else (another version, another
    /// program on the same channel name, garbage): such messages are ignored.
    pub fn decode(text: &str) -> Option<ShareMessage> {
        let w: Wire = serde_json::from_str(text).ok()?;
        if w.protocol != PROTOCOL {
            return None;
        }
        match w.kind.as_str() {
            "hello" => Some(ShareMessage::hello()),
            "answer" => Some(ShareMessage::answer(SharedAnswer {
                sent_ms: w.sent_ms?,
                at_ms: w.at_ms?,
                status: w.status?,
                body: w.body?,
            })),
            _ => None,
        }
    }
}

/// The newest answer a member has shown, whoever asked for it. A shared answer is news only
/// when it was asked for after that one (a repeat for a newcomer, or an answer from a leader
/// that has just stepped down, must not take the view back in time).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Freshness {
    newest: Option<(u64, u64)>,
}

impl Freshness {
    /// Records an answer this member received itself.
    pub fn saw(&mut self, sent_ms: u64, at_ms: u64) {
        self.newest = self.newest.max(Some((sent_ms, at_ms)));
    }

    /// Whether `answer` is newer than anything shown; if so, it becomes the newest.
    pub fn accept(&mut self, answer: &SharedAnswer) -> bool {
        let key = Some(answer.key());
        if key > self.newest {
            self.newest = key;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOB: &str = include_str!("../../tests/fixtures/jobs/seed_in_progress.json");

    fn answer(sent_ms: u64, at_ms: u64) -> SharedAnswer {
        SharedAnswer {
            sent_ms,
            at_ms,
            status: 200,
            body: JOB.into(),
        }
    }

    #[test]
    fn groups_are_per_job_url_and_protocol() {
        let a = group_name("https://www.zohoapis.com/crm/bulk/v8/write/1");
        let b = group_name("https://www.zohoapis.eu/crm/bulk/v8/write/1");
        assert_ne!(a, b);
        assert!(a.contains(&format!("v{PROTOCOL}")));
        assert!(a.ends_with("https://www.zohoapis.com/crm/bulk/v8/write/1"));
    }

    #[test]
    fn messages_round_trip() {
        for m in [ShareMessage::hello(), ShareMessage::answer(answer(5, 9))] {
            assert_eq!(ShareMessage::decode(&m.encode()), Some(m));
        }
    }

    #[test]
    fn the_wire_form_is_flat_and_tagged() {
        let text = ShareMessage::answer(answer(5, 9)).encode();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["kind"], "answer");
        assert_eq!(v["protocol"], PROTOCOL);
        assert_eq!(v["sent_ms"], 5);
        assert_eq!(v["at_ms"], 9);
        assert_eq!(v["status"], 200);
        assert_eq!(v["body"], JOB);
    }

    #[test]
    fn foreign_and_broken_messages_are_ignored() {
        let other = format!(r#"{{"kind":"hello","protocol":{}}}"#, PROTOCOL + 1);
        for text in [
            "",
            "null",
            "[]",
            "{}",
            r#"{"kind":"hello"}"#,
            r#"{"kind":"shout","protocol":1}"#,
            r#"{"kind":"answer","protocol":1,"sent_ms":-1,"at_ms":2,"status":200,"body":""}"#,
            r#"{"kind":"answer","protocol":1,"sent_ms":1,"at_ms":2,"status":200}"#,
            other.as_str(),
        ] {
            assert_eq!(ShareMessage::decode(text), None, "{text}");
        }
    }

    #[test]
    fn only_answers_that_describe_the_job_are_shared() {
        assert_eq!(
            SharedAnswer::of(10, 12, 200, JOB.as_bytes()),
            Some(answer(10, 12))
        );
        let unauthorized = include_str!("../../tests/fixtures/errors/invalid_token.json");
        for (status, body) in [
            (401, unauthorized.as_bytes()),
            (200, b"<html>".as_slice()),
            (200, b"".as_slice()),
            (503, JOB.as_bytes()),
        ] {
            assert_eq!(SharedAnswer::of(1, 2, status, body), None, "{status}");
        }
    }

    const NOW: u64 = 1_800_000_000_000;

    #[test]
    fn answers_with_impossible_times_are_not_heard() {
        let hour = 3_600_000;
        // (sent, at, heard)
        let table: Vec<(u64, u64, Option<Implausible>)> = vec![
            (NOW - 900, NOW - 100, None),
            // Just sent and answered, on a clock a little ahead.
            (NOW + 1_000, NOW + MAX_AHEAD_MS, None),
            // A leader greeting a newcomer with a finished job's answer from hours ago.
            (NOW - 5 * hour, NOW - 5 * hour + 300, None),
            (
                NOW,
                NOW + MAX_AHEAD_MS + 1,
                Some(Implausible::FromTheFuture),
            ),
            (
                NOW + 365 * 24 * hour,
                NOW + 365 * 24 * hour,
                Some(Implausible::FromTheFuture),
            ),
            (u64::MAX - 1, u64::MAX, Some(Implausible::FromTheFuture)),
            (NOW, NOW - 1, Some(Implausible::AnsweredBeforeSent)),
            (u64::MAX, 0, Some(Implausible::AnsweredBeforeSent)),
            (0, NOW, Some(Implausible::TooLong)),
            (NOW - MAX_FLIGHT_MS - 1, NOW, Some(Implausible::TooLong)),
        ];
        for (sent, at, want) in table {
            let a = answer(sent, at);
            assert_eq!(a.check(NOW).err(), want, "sent {sent} at {at}");
            let heard = ShareMessage::receive(&ShareMessage::answer(a.clone()).encode(), NOW);
            assert_eq!(heard.is_some(), want.is_none(), "sent {sent} at {at}");
        }
        // A hello has no times to doubt.
        assert_eq!(
            ShareMessage::receive(&ShareMessage::hello().encode(), NOW),
            Some(ShareMessage::hello())
        );
    }

    #[test]
    fn a_forged_answer_from_the_future_does_not_block_genuine_ones() {
        // A follower, as the widget runs it: every message heard goes through `receive`, and
        // only what it lets through reaches `Freshness`.
        let mut f = Freshness::default();
        let mut hear = |a: SharedAnswer, now: u64| {
            ShareMessage::receive(&ShareMessage::answer(a).encode(), now)
                .and_then(|m| match m {
                    ShareMessage::Answer { answer, .. } => Some(answer),
                    ShareMessage::Hello { .. } => None,
                })
                .is_some_and(|a| f.accept(&a))
        };
        let far = NOW + 10 * 365 * 24 * 3_600_000;
        assert!(
            !hear(answer(far, far + 1), NOW),
            "the forged answer is ignored"
        );
        assert!(
            !hear(answer(NOW, NOW - 1), NOW),
            "so is one answered before it was sent"
        );
        assert!(hear(answer(NOW + 1_000, NOW + 1_200), NOW + 1_300));
        assert!(hear(answer(NOW + 31_000, NOW + 31_200), NOW + 31_300));
    }

    #[test]
    fn only_newer_answers_are_news() {
        let mut f = Freshness::default();
        assert!(f.accept(&answer(10, 12)));
        // The same answer again (a leader greeting a newcomer).
        assert!(!f.accept(&answer(10, 12)));
        // Asked earlier: an ex-leader's late answer.
        assert!(!f.accept(&answer(8, 20)));
        assert!(f.accept(&answer(10, 13)));
        assert!(f.accept(&answer(15, 16)));
        // What the member fetched itself counts too.
        f.saw(30, 31);
        assert!(!f.accept(&answer(20, 40)));
        assert!(f.accept(&answer(31, 32)));
        // Seeing an older answer of one's own does not move the mark back.
        f.saw(1, 2);
        assert!(!f.accept(&answer(25, 26)));
    }
}
