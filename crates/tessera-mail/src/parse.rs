//! Raw RFC 5322 bytes → [`InboundMessage`].
//!
//! mail-parser does the MIME and charset work (every charset it knows: KOI8-R,
//! windows-125x, ISO-8859-x, ISO-2022-JP, UTF-7, …); this module turns its borrowed
//! tree into an owned, Tessera-shaped value, sanitises HTML with ammonia and records
//! everything suspicious as a parse warning. Parsing never fails: whatever arrives
//! was already accepted (and stored raw) by the listener, so the worst case is a
//! best-effort message whose warnings say what went wrong.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::{
    Address, HeaderValue, Message, MessageParser, MessagePart, MimeHeaders, PartType,
};
use sha2::{Digest, Sha256};

use crate::address::MailAddress;
use crate::html_text::html_to_text;
use crate::loop_guard::{self, DsnInfo, MailClass};

/// One attachment or inline part (images referenced by `cid:`, nested messages, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The decoded file name, when the sender gave one.
    pub filename: Option<String>,
    /// `type/subtype`, lower-cased; `application/octet-stream` when absent.
    pub content_type: String,
    /// The decoded bytes (base64 / quoted-printable removed). A nested message is
    /// kept as its raw RFC 5322 bytes.
    pub content: Vec<u8>,
    /// The `Content-ID` without angle brackets, used by `cid:` references.
    pub content_id: Option<String>,
    /// Meant to be shown inside the body rather than listed as a download.
    pub inline: bool,
}

/// A header as it appeared, unfolded, with RFC 2047 words left encoded: kept for
/// the "show original" view and for the loop guard's header checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHeader {
    pub name: String,
    pub value: String,
}

/// A parsed inbound email. Message-IDs are stored bare, without angle brackets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundMessage {
    pub message_id: Option<String>,
    /// Usually one id; the header may list several.
    pub in_reply_to: Vec<String>,
    /// Oldest first, as in the header.
    pub references: Vec<String>,
    pub from: Option<MailAddress>,
    pub to: Vec<MailAddress>,
    pub cc: Vec<MailAddress>,
    pub reply_to: Vec<MailAddress>,
    /// RFC 2047-decoded; empty when the header is missing.
    pub subject: String,
    pub date: Option<jiff::Timestamp>,
    /// The plain-text body; for HTML-only mail a text rendition of the HTML.
    pub text_body: String,
    /// The HTML body after ammonia, when the mail had an HTML part.
    pub html_body_sanitized: Option<String>,
    pub attachments: Vec<Attachment>,
    /// `type/subtype` of the top-level part, lower-cased.
    pub content_type: String,
    /// `report-type` of a top-level `multipart/report`.
    pub report_type: Option<String>,
    /// The machine-readable part of a delivery status notification, if any.
    pub delivery_report: Option<DsnInfo>,
    /// Top-level headers in order.
    pub headers: Vec<RawHeader>,
    /// Auto-reply / bounce / bulk / list / normal, see [`loop_guard::classify`].
    pub classification: MailClass,
    /// Lower-case hex SHA-256 of the raw bytes: a stable key for messages without
    /// a Message-ID (duplicate deliveries are detected on it then).
    pub raw_sha256: String,
    /// What was wrong with the message; empty for a clean one.
    pub parse_warnings: Vec<String>,
}

impl InboundMessage {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    /// All Message-IDs this mail refers to, most relevant first: `In-Reply-To`,
    /// then `References` newest to oldest, without duplicates.
    pub fn referenced_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for id in self.in_reply_to.iter().chain(self.references.iter().rev()) {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        ids
    }
}

/// Maps a `Content-ID` (and the attachment's index in
/// [`InboundMessage::attachments`]) to the URL the sanitised HTML should use for it.
pub type CidResolver<'a> = dyn Fn(&str, usize) -> Option<String> + 'a;

/// Knobs for [`parse_with`].
#[derive(Default)]
pub struct ParseOptions<'a> {
    /// The envelope sender (`MAIL FROM`), when the mail came over SMTP: `Some("")`
    /// is the null sender, which marks bounces and auto-replies.
    pub envelope_sender: Option<&'a str>,
    /// Rewrites `cid:` references in the HTML; unresolved ones stay `cid:…` so a
    /// later pass (see [`sanitize_html`]) can still map them.
    pub cid_resolver: Option<&'a CidResolver<'a>>,
}

/// Parses with default options.
pub fn parse(raw: &[u8]) -> InboundMessage {
    parse_with(raw, &ParseOptions::default())
}

/// Parses raw bytes into a best-effort [`InboundMessage`]. Never panics and never
/// fails; problems end up in `parse_warnings`.
pub fn parse_with(raw: &[u8], options: &ParseOptions<'_>) -> InboundMessage {
    let raw_sha256 = hex(&Sha256::digest(raw));
    // mail-parser and html5ever promise not to panic, but they run on hostile input
    // in a server that must keep going; a panic here becomes a warning instead.
    let parsed = catch_unwind(AssertUnwindSafe(|| parse_inner(raw, options)));
    let mut message = parsed.unwrap_or_else(|_| {
        let mut fallback = fallback_message(raw);
        fallback
            .parse_warnings
            .push("the MIME parser failed; the body is the raw message text".to_owned());
        fallback
    });
    message.raw_sha256 = raw_sha256;
    message.classification = loop_guard::classify(&message, options.envelope_sender);
    message
}

fn parse_inner(raw: &[u8], options: &ParseOptions<'_>) -> InboundMessage {
    let Some(parsed) = MessageParser::default().parse(raw) else {
        let mut message = fallback_message(raw);
        message
            .parse_warnings
            .push("no header section found; the whole input is kept as plain text".to_owned());
        return message;
    };
    let mut warnings = Vec::new();

    let message_id = parsed.message_id().map(bare_id).filter(|id| !id.is_empty());
    if message_id.is_none() {
        warnings.push("no Message-ID header".to_owned());
    }
    let from = first_address(parsed.from());
    if from.is_none() {
        warnings.push("no usable From address".to_owned());
    }
    let date = parsed.date().and_then(|d| {
        d.is_valid()
            .then(|| jiff::Timestamp::from_second(d.to_timestamp()).ok())
            .flatten()
    });
    if date.is_none() && parsed.header_raw("Date").is_some() {
        warnings.push("the Date header could not be parsed".to_owned());
    }

    let attachments = collect_attachments(&parsed, &mut warnings);
    let cid_urls = resolve_cids(&attachments, options.cid_resolver);
    let (mut text_body, html_body_sanitized) = bodies(&parsed, &cid_urls);
    check_parts(&parsed, &mut warnings);
    if text_body.trim().is_empty() && html_body_sanitized.is_none() {
        // A truncated multipart leaves its text part among the attachments; an
        // agent would rather read it than open a file.
        if let Some(part) = attachments.iter().find(|a| {
            a.content_type == "text/plain" && a.filename.is_none() && !a.content.is_empty()
        }) {
            text_body = String::from_utf8_lossy(&part.content).into_owned();
            warnings.push("no complete text body; showing an incomplete text part".to_owned());
        }
    }

    let (content_type, report_type) = top_content_type(&parsed);
    InboundMessage {
        message_id,
        in_reply_to: id_list(parsed.in_reply_to()),
        references: id_list(parsed.references()),
        from,
        to: address_list(parsed.to()),
        cc: address_list(parsed.cc()),
        reply_to: address_list(parsed.reply_to()),
        subject: parsed.subject().unwrap_or_default().trim().to_owned(),
        date,
        text_body,
        html_body_sanitized,
        attachments,
        content_type,
        report_type,
        delivery_report: delivery_report(&parsed),
        headers: parsed
            .headers_raw()
            .map(|(name, value)| RawHeader {
                name: name.to_owned(),
                value: unfold(value),
            })
            .collect(),
        classification: MailClass::Normal,
        raw_sha256: String::new(),
        parse_warnings: warnings,
    }
}

/// What is left when there is no parseable header section: the bytes as text.
fn fallback_message(raw: &[u8]) -> InboundMessage {
    InboundMessage {
        message_id: None,
        in_reply_to: Vec::new(),
        references: Vec::new(),
        from: None,
        to: Vec::new(),
        cc: Vec::new(),
        reply_to: Vec::new(),
        subject: String::new(),
        date: None,
        text_body: String::from_utf8_lossy(raw).into_owned(),
        html_body_sanitized: None,
        attachments: Vec::new(),
        content_type: "text/plain".to_owned(),
        report_type: None,
        delivery_report: None,
        headers: Vec::new(),
        classification: MailClass::Normal,
        raw_sha256: String::new(),
        parse_warnings: Vec::new(),
    }
}

/// `<abc@host>` → `abc@host`.
pub(crate) fn bare_id(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .to_owned()
}

fn id_list(value: &HeaderValue<'_>) -> Vec<String> {
    let ids: Vec<String> = match value {
        HeaderValue::Text(id) => vec![bare_id(id)],
        HeaderValue::TextList(ids) => ids.iter().map(|id| bare_id(id)).collect(),
        _ => Vec::new(),
    };
    ids.into_iter().filter(|id| !id.is_empty()).collect()
}

fn address_list(address: Option<&Address<'_>>) -> Vec<MailAddress> {
    address
        .map(|a| {
            a.iter()
                .filter_map(|addr| {
                    let address = addr.address()?.trim();
                    (!address.is_empty()).then(|| {
                        MailAddress::new(
                            address,
                            addr.name()
                                .map(str::trim)
                                .filter(|n| !n.is_empty())
                                .map(str::to_owned),
                        )
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

fn first_address(address: Option<&Address<'_>>) -> Option<MailAddress> {
    address_list(address).into_iter().next()
}

fn top_content_type(parsed: &Message<'_>) -> (String, Option<String>) {
    match parsed.root_part().content_type() {
        Some(ct) => {
            let full = match ct.subtype() {
                Some(sub) => format!("{}/{}", ct.ctype(), sub),
                None => ct.ctype().to_owned(),
            };
            (
                full.to_ascii_lowercase(),
                ct.attribute("report-type").map(str::to_ascii_lowercase),
            )
        }
        None => ("text/plain".to_owned(), None),
    }
}

fn part_content_type(part: &MessagePart<'_>) -> String {
    part.content_type()
        .map(|ct| match ct.subtype() {
            Some(sub) => format!("{}/{}", ct.ctype(), sub),
            None => ct.ctype().to_owned(),
        })
        .map(|t| t.to_ascii_lowercase())
        .unwrap_or_else(|| match part.body {
            PartType::Text(_) => "text/plain".to_owned(),
            PartType::Html(_) => "text/html".to_owned(),
            PartType::Message(_) => "message/rfc822".to_owned(),
            _ => "application/octet-stream".to_owned(),
        })
}

fn collect_attachments(parsed: &Message<'_>, warnings: &mut Vec<String>) -> Vec<Attachment> {
    parsed
        .attachments()
        .enumerate()
        .map(|(index, part)| {
            if part.is_encoding_problem {
                warnings.push(format!(
                    "attachment {} could not be fully decoded; kept as received",
                    index + 1
                ));
            }
            let content_id = part.content_id().map(bare_id).filter(|c| !c.is_empty());
            let disposition_inline = part.content_disposition().map(|d| d.is_inline());
            let inline = match disposition_inline {
                Some(inline) => inline,
                // No Content-Disposition: an image with a Content-ID is referenced
                // from the HTML; anything else is a download.
                None => content_id.is_some() || matches!(part.body, PartType::InlineBinary(_)),
            };
            Attachment {
                filename: part
                    .attachment_name()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(str::to_owned),
                content_type: part_content_type(part),
                content: part.contents().to_vec(),
                content_id,
                inline,
            }
        })
        .collect()
}

fn resolve_cids(
    attachments: &[Attachment],
    resolver: Option<&CidResolver<'_>>,
) -> HashMap<String, String> {
    let Some(resolver) = resolver else {
        return HashMap::new();
    };
    attachments
        .iter()
        .enumerate()
        .filter_map(|(index, a)| {
            let cid = a.content_id.as_deref()?;
            Some((cid.to_ascii_lowercase(), resolver(cid, index)?))
        })
        .collect()
}

/// The text body (HTML rendered to text when there is no text part) and the
/// sanitised HTML body (only when the mail really has HTML).
fn bodies(parsed: &Message<'_>, cid_urls: &HashMap<String, String>) -> (String, Option<String>) {
    let texts: Vec<String> = parsed
        .text_bodies()
        .filter_map(|part| match &part.body {
            PartType::Text(text) => Some(text.to_string()),
            // HTML-only mail (or an HTML alternative standing in for text).
            PartType::Html(html) => Some(html_to_text(html)),
            _ => None,
        })
        .collect();
    // Stored and shown with LF line ends, whatever the wire used.
    let text_body = texts.join("\n\n").replace("\r\n", "\n");

    let has_html = parsed
        .html_bodies()
        .any(|part| matches!(part.body, PartType::Html(_)));
    let html = has_html.then(|| {
        let joined: Vec<String> = (0..parsed.html_body_count())
            .filter_map(|i| parsed.body_html(i))
            .map(|h| h.into_owned())
            .collect();
        sanitize_html(&joined.join("\n"), cid_urls)
    });
    (text_body, html)
}

/// Records undecodable parts and charsets mail-parser did not know (it falls back
/// to lossy UTF-8 for those, which is worth telling the agent).
fn check_parts(parsed: &Message<'_>, warnings: &mut Vec<String>) {
    for part in parsed.text_bodies().chain(parsed.html_bodies()) {
        if let Some(charset) = part.content_type().and_then(|ct| ct.attribute("charset"))
            && !is_native_charset(charset)
            && charset_decoder(charset.as_bytes()).is_none()
        {
            let warning =
                format!("unknown charset {charset:?}; decoded as UTF-8 with replacements");
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
    }
    if parsed
        .parts
        .iter()
        .any(|p| p.is_encoding_problem && !matches!(p.body, PartType::Multipart(_)))
        && !warnings.iter().any(|w| w.starts_with("attachment"))
    {
        warnings.push("a body part is truncated or could not be decoded".to_owned());
    }
}

/// UTF-8 and ASCII need no decoder, so mail-parser's charset map has none.
fn is_native_charset(charset: &str) -> bool {
    let name = charset.trim().trim_matches('"').to_ascii_lowercase();
    matches!(
        name.as_str(),
        "utf-8" | "utf8" | "us-ascii" | "ascii" | "unicode-1-1-utf-8" | ""
    )
}

/// Sanitises mail HTML with ammonia's allowlist, drops relative URLs (they would
/// point into Tessera itself) and rewrites `cid:` references found in `cid_urls`
/// (keys are lower-cased content ids). Unknown `cid:` references are kept so a
/// later pass can resolve them; the UI treats them as broken images.
pub fn sanitize_html(html: &str, cid_urls: &HashMap<String, String>) -> String {
    let cid_urls = Arc::new(cid_urls.clone());
    let mut builder = ammonia::Builder::default();
    builder
        .add_url_schemes(["cid"])
        .link_rel(Some("noopener noreferrer nofollow"))
        .attribute_filter(move |_element, attribute, value| {
            if !is_url_attribute(attribute) {
                return Some(value.into());
            }
            let trimmed = value.trim();
            if let Some(cid) = strip_prefix_ignore_case(trimmed, "cid:") {
                return Some(match cid_urls.get(&cid.to_ascii_lowercase()) {
                    Some(url) => url.clone().into(),
                    None => value.into(),
                });
            }
            match url::Url::parse(trimmed) {
                Ok(_) => Some(value.into()),
                Err(_) => None,
            }
        });
    builder.clean(html).to_string()
}

fn is_url_attribute(attribute: &str) -> bool {
    matches!(
        attribute,
        "href" | "src" | "cite" | "longdesc" | "action" | "background" | "poster"
    )
}

fn strip_prefix_ignore_case<'a>(value: &'a str, prefix: &str) -> Option<&'a str> {
    let head = value.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &value[prefix.len()..])
}

/// Machine-readable DSN fields (RFC 3464) and the bounced message's Message-ID.
fn delivery_report(parsed: &Message<'_>) -> Option<DsnInfo> {
    let status_part = parsed.parts.iter().find(|p| {
        let ct = part_content_type(p);
        ct == "message/delivery-status" || ct == "message/global-delivery-status"
    });
    let mut info = status_part
        .map(|p| loop_guard::parse_delivery_status(p.contents()))
        .unwrap_or_default();
    info.original_message_id = original_message_id(parsed);
    (status_part.is_some() || info.original_message_id.is_some()).then_some(info)
}

/// The Message-ID of the returned message in a bounce: from an attached
/// `message/rfc822` or `text/rfc822-headers` part.
fn original_message_id(parsed: &Message<'_>) -> Option<String> {
    parsed.parts.iter().find_map(|part| match &part.body {
        PartType::Message(inner) => inner.message_id().map(bare_id),
        _ if part_content_type(part) == "text/rfc822-headers" => MessageParser::default()
            .parse_headers(part.contents())
            .and_then(|headers| headers.message_id().map(bare_id)),
        _ => None,
    })
}

fn unfold(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for (i, line) in value.split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        if i == 0 {
            out.push_str(line.trim());
        } else if !line.trim().is_empty() {
            out.push(' ');
            out.push_str(line.trim());
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIMPLE: &[u8] = b"From: =?utf-8?q?Jan_Kowalski?= <jan@example.pl>\r\n\
To: Support <support@example.com>, other@example.com\r\n\
Cc: boss@example.pl\r\n\
Subject: =?iso-8859-2?q?Drukarka_nie_dzia=B3a?=\r\n\
Message-ID: <abc@example.pl>\r\n\
In-Reply-To: <t1042.x@tessera.test>\r\n\
References: <first@x> <t1042.x@tessera.test>\r\n\
Date: Mon, 3 Nov 2025 10:15:00 +0100\r\n\
\r\n\
Hello\r\n";

    #[test]
    fn decodes_headers_and_addresses() {
        let m = parse(SIMPLE);
        assert_eq!(m.subject, "Drukarka nie działa");
        assert_eq!(m.message_id.as_deref(), Some("abc@example.pl"));
        assert_eq!(m.in_reply_to, vec!["t1042.x@tessera.test"]);
        assert_eq!(m.references, vec!["first@x", "t1042.x@tessera.test"]);
        let from = m.from.clone().unwrap();
        assert_eq!(from.address, "jan@example.pl");
        assert_eq!(from.name.as_deref(), Some("Jan Kowalski"));
        assert_eq!(m.to.len(), 2);
        assert_eq!(m.cc[0].address, "boss@example.pl");
        assert_eq!(m.date.unwrap().to_string(), "2025-11-03T09:15:00Z");
        assert_eq!(m.text_body.trim(), "Hello");
        assert!(m.html_body_sanitized.is_none());
        assert!(m.parse_warnings.is_empty(), "{:?}", m.parse_warnings);
        assert_eq!(m.classification, MailClass::Normal);
        assert_eq!(
            m.referenced_ids(),
            vec!["t1042.x@tessera.test".to_owned(), "first@x".to_owned()]
        );
        assert_eq!(m.raw_sha256.len(), 64);
    }

    #[test]
    fn decodes_legacy_charsets() {
        let cases: [(&str, &[u8], &str); 5] = [
            ("koi8-r", b"\xf0\xd2\xc9\xd7\xc5\xd4", "Привет"),
            ("windows-1251", b"\xcf\xf0\xe8\xe2\xe5\xf2", "Привет"),
            ("windows-1250", b"Pro\x9a\xedm", "Proším"),
            ("iso-8859-7", b"\xe3\xe5\xe9\xe1", "γεια"),
            ("iso-8859-2", b"\xbf\xf3\xb3w", "żółw"),
        ];
        for (charset, body, expected) in cases {
            let mut raw = format!(
                "From: a@b.c\r\nMessage-ID: <x@y>\r\nContent-Type: text/plain; charset={charset}\r\n\r\n"
            )
            .into_bytes();
            raw.extend_from_slice(body);
            let m = parse(&raw);
            assert_eq!(m.text_body, expected, "{charset}");
            assert!(
                m.parse_warnings.is_empty(),
                "{charset}: {:?}",
                m.parse_warnings
            );
        }
    }

    #[test]
    fn decodes_iso_2022_jp_and_utf7() {
        let raw = b"From: a@b.c\r\nMessage-ID: <x@y>\r\nSubject: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n\r\n\x1b$B%F%9%H\x1b(B\r\n";
        let m = parse(raw);
        assert_eq!(m.subject, "テスト");
        assert_eq!(m.text_body.trim(), "テスト");

        let raw = b"From: a@b.c\r\nMessage-ID: <x@y>\r\nContent-Type: text/plain; charset=utf-7\r\n\r\nHi Mom -+Jjo--!\r\n";
        assert_eq!(parse(raw).text_body.trim(), "Hi Mom -\u{263a}-!");
    }

    #[test]
    fn unknown_charset_is_a_warning() {
        let raw = b"From: a@b.c\r\nMessage-ID: <x@y>\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\nqapla'\r\n";
        let m = parse(raw);
        assert_eq!(m.text_body.trim(), "qapla'");
        assert!(
            m.parse_warnings[0].contains("x-klingon"),
            "{:?}",
            m.parse_warnings
        );
    }

    const HTML_WITH_IMAGE: &[u8] = b"From: a@b.c\r\n\
Message-ID: <x@y>\r\n\
Content-Type: multipart/related; boundary=\"b1\"\r\n\
\r\n\
--b1\r\n\
Content-Type: text/html; charset=utf-8\r\n\
\r\n\
<p onclick=\"evil()\">Hi <b>there</b><script>alert(1)</script></p><img src=\"cid:Logo@x\"><img src=\"cid:missing@x\"><a href=\"/api/v1/tickets\">rel</a><a href=\"https://example.com\">abs</a>\r\n\
--b1\r\n\
Content-Type: image/png; name=\"logo.png\"\r\n\
Content-ID: <logo@x>\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
iVBORw0KGgo=\r\n\
--b1--\r\n";

    #[test]
    fn sanitises_html_and_rewrites_cid_references() {
        let resolver = |cid: &str, index: usize| Some(format!("/attachments/{index}?cid={cid}"));
        let options = ParseOptions {
            cid_resolver: Some(&resolver),
            ..ParseOptions::default()
        };
        let m = parse_with(HTML_WITH_IMAGE, &options);
        let html = m.html_body_sanitized.clone().unwrap();
        assert!(
            !html.contains("script") && !html.contains("onclick"),
            "{html}"
        );
        assert!(html.contains("<b>there</b>"), "{html}");
        assert!(html.contains("src=\"/attachments/0?cid=logo@x\""), "{html}");
        assert!(html.contains("src=\"cid:missing@x\""), "{html}");
        assert!(!html.contains("/api/v1/tickets"), "{html}");
        assert!(html.contains("href=\"https://example.com\""), "{html}");
        // The HTML-only mail still has a text rendition.
        assert!(m.text_body.contains("Hi there"), "{}", m.text_body);
        assert!(!m.text_body.contains("alert"), "{}", m.text_body);

        let logo = &m.attachments[0];
        assert_eq!(logo.filename.as_deref(), Some("logo.png"));
        assert_eq!(logo.content_type, "image/png");
        assert_eq!(logo.content_id.as_deref(), Some("logo@x"));
        assert!(logo.inline);
        assert_eq!(&logo.content[..4], b"\x89PNG");
    }

    #[test]
    fn attachments_carry_names_and_disposition() {
        let raw = b"From: a@b.c\r\nMessage-ID: <x@y>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"=?utf-8?q?faktura_=C5=BC.pdf?=\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n";
        let m = parse(raw);
        assert_eq!(m.text_body.trim(), "see attached");
        let pdf = &m.attachments[0];
        assert_eq!(pdf.filename.as_deref(), Some("faktura ż.pdf"));
        assert_eq!(pdf.content, b"%PDF-");
        assert!(!pdf.inline);
    }

    #[test]
    fn garbage_becomes_a_best_effort_message() {
        let m = parse(b"\x00\x01 not an email at all");
        assert!(!m.parse_warnings.is_empty());
        let m = parse(b"");
        assert!(!m.parse_warnings.is_empty());
        assert_eq!(m.classification, MailClass::Normal);
    }

    #[test]
    fn truncated_multipart_is_kept_with_a_warning() {
        let raw = b"From: a@b.c\r\nMessage-ID: <x@y>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nstart of the text";
        let m = parse(raw);
        assert!(m.text_body.contains("start of the text"), "{:?}", m);
    }

    #[test]
    fn missing_headers_are_warnings() {
        let m = parse(b"Subject: hi\r\n\r\nbody\r\n");
        assert!(m.parse_warnings.iter().any(|w| w.contains("Message-ID")));
        assert!(m.parse_warnings.iter().any(|w| w.contains("From")));
        assert_eq!(m.subject, "hi");
    }
}
