//! Hostile input never panics: random bytes, random "almost mail", and every
//! prefix-truncation of real messages through parsing, classification and reply
//! extraction.

use proptest::prelude::*;
use tessera_mail::reply::extract_reply;
use tessera_mail::{ParseOptions, parse, parse_with};

use crate::common::fixture;

/// Real messages of every shape we have: the reply fixtures plus a MIME-heavy one.
fn samples() -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reply");
    let mut samples: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| std::fs::read(entry.unwrap().path()).unwrap())
        .collect();
    samples.push(fixture("mime/nested.eml"));
    samples.sort();
    samples
}

fn exercise(raw: &[u8]) {
    let cid = |cid: &str, index: usize| Some(format!("/a/{index}/{cid}"));
    let options = ParseOptions {
        envelope_sender: Some(""),
        cid_resolver: Some(&cid),
    };
    let message = parse_with(raw, &options);
    let _ = extract_reply(&message.text_body);
    let _ = message.classification.describe();
}

#[test]
fn every_truncation_of_real_messages_parses() {
    for sample in samples() {
        // Every prefix for small messages; a stride keeps big ones quick.
        let step = (sample.len() / 400).max(1);
        for end in (0..=sample.len()).step_by(step) {
            exercise(&sample[..end]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(raw in proptest::collection::vec(any::<u8>(), 0..4096)) {
        exercise(&raw);
    }

    #[test]
    fn random_mail_shaped_input_never_panics(
        headers in proptest::collection::vec(
            ("(From|To|Cc|Subject|Content-Type|Content-Transfer-Encoding|References|In-Reply-To|Auto-Submitted|List-Id|Date|Message-ID)",
             "[ -~\u{80}-\u{3ff}]{0,80}"),
            0..12),
        boundary_parts in proptest::collection::vec("[ -~\r\n]{0,200}", 0..6),
        body in "[ -~\r\n\u{400}-\u{4ff}]{0,500}",
    ) {
        let mut raw = String::new();
        for (name, value) in &headers {
            raw.push_str(&format!("{name}: {value}\r\n"));
        }
        raw.push_str("Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n");
        for part in &boundary_parts {
            raw.push_str(&format!("--b\r\n{part}\r\n"));
        }
        raw.push_str(&body);
        exercise(raw.as_bytes());
    }

    #[test]
    fn random_text_never_panics_reply_extraction(text in "(\\PC|\n|>|-- |On .{0,20} wrote:|From: x\nSent: y){0,60}") {
        let extracted = extract_reply(&text);
        if !text.trim().is_empty() {
            prop_assert!(!extracted.reply.is_empty());
        }
    }

    #[test]
    fn random_byte_flips_in_real_mail(index in 0usize..10_000, byte in any::<u8>(), which in 0usize..32) {
        let samples = samples();
        let mut sample = samples[which % samples.len()].clone();
        if !sample.is_empty() {
            let at = index % sample.len();
            sample[at] = byte;
        }
        let _ = parse(&sample);
    }
}
