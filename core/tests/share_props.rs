//! The shared-poller messages come from other tabs and any program on the same origin: decoding
//! never panics, accepts only this protocol's messages, and round-trips every message it makes.

use bulkwatch_core::share::{Freshness, ShareMessage, SharedAnswer, PROTOCOL};
use proptest::prelude::*;

fn answer() -> impl Strategy<Value = SharedAnswer> {
    (any::<u64>(), any::<u64>(), 100u16..600, ".{0,200}").prop_map(
        |(sent_ms, at_ms, status, body)| SharedAnswer {
            sent_ms,
            at_ms,
            status,
            body,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,300}") {
        let _ = ShareMessage::decode(&text);
    }

    #[test]
    fn json_shaped_text_decodes_only_for_this_protocol(
        kind in prop_oneof![Just("hello".to_string()), Just("answer".to_string()), "[a-z]{1,8}"],
        protocol in prop_oneof![Just(PROTOCOL), any::<u32>()],
        sent in any::<i64>(),
        body in ".{0,40}",
    ) {
        let text = serde_json::json!({
            "kind": kind, "protocol": protocol, "sent_ms": sent, "at_ms": 1, "status": 200, "body": body,
        })
        .to_string();
        if let Some(m) = ShareMessage::decode(&text) {
            let p = match m {
                ShareMessage::Hello { protocol } | ShareMessage::Answer { protocol, .. } => protocol,
            };
            prop_assert_eq!(p, PROTOCOL);
            prop_assert!(kind == "hello" || (kind == "answer" && sent >= 0));
        }
    }

    #[test]
    fn every_message_round_trips(a in answer()) {
        for m in [ShareMessage::hello(), ShareMessage::answer(a.clone())] {
            prop_assert_eq!(ShareMessage::decode(&m.encode()), Some(m));
        }
    }

    #[test]
    fn freshness_accepts_a_strictly_increasing_sequence(mut answers in prop::collection::vec(answer(), 0..30)) {
        let mut f = Freshness::default();
        let mut newest: Option<(u64, u64)> = None;
        for a in answers.drain(..) {
            let key = (a.sent_ms, a.at_ms);
            let accepted = f.accept(&a);
            prop_assert_eq!(accepted, Some(key) > newest);
            if accepted {
                newest = Some(key);
            }
        }
    }
}
