//! A MIME-heavy message: nested multiparts, three legacy charsets, an inline image,
//! a forwarded message and an encoded attachment name.

use tessera_mail::{ParseOptions, parse_with};

use crate::common::fixture;

#[test]
fn nested_mime_with_legacy_charsets() {
    let raw = fixture("mime/nested.eml");
    let resolver = |_cid: &str, index: usize| Some(format!("/api/v1/attachments/{index}"));
    let message = parse_with(
        &raw,
        &ParseOptions {
            cid_resolver: Some(&resolver),
            ..ParseOptions::default()
        },
    );
    assert!(
        message.parse_warnings.is_empty(),
        "{:?}",
        message.parse_warnings
    );
    assert_eq!(message.subject, "Принтер, мир! ✓");
    let from = message.from.as_ref().unwrap();
    assert_eq!(from.name.as_deref(), Some("Привет"));
    assert_eq!(message.cc.len(), 2);
    assert_eq!(message.cc[0].name.as_deref(), Some("Kowalski, Jan"));
    assert_eq!(message.cc[1].name.as_deref(), Some("Γιάννης"));
    assert_eq!(message.reply_to[0].address, "ivan.reply@example.ru");
    assert_eq!(message.references, vec!["a@x", "b@y"]);
    assert_eq!(message.date.unwrap().to_string(), "2025-11-04T05:00:00Z");
    assert_eq!(message.text_body.trim(), "Принтер не работает.");

    let html = message.html_body_sanitized.as_deref().unwrap();
    assert!(html.contains("<b>не работает</b>"), "{html}");
    assert!(!html.contains("script"), "{html}");

    let names: Vec<Option<&str>> = message
        .attachments
        .iter()
        .map(|a| a.filename.as_deref())
        .collect();
    assert_eq!(
        names,
        vec![None, Some("forwarded.eml"), Some("лог.txt")],
        "{:?}",
        message.attachments
    );
    let image = &message.attachments[0];
    assert!(image.inline);
    assert_eq!(image.content_id.as_deref(), Some("shot@example.ru"));
    assert!(html.contains("src=\"/api/v1/attachments/0\""), "{html}");
    let forwarded = &message.attachments[1];
    assert_eq!(forwarded.content_type, "message/rfc822");
    assert!(String::from_utf8_lossy(&forwarded.content).contains("Inner body."));
    assert_eq!(message.attachments[2].content, b"log line\n");
    assert_eq!(message.content_type, "multipart/mixed");
}
