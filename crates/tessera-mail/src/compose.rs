//! Outbound RFC 5322 messages built with lettre's builder: the headers that make
//! threading work on the customer's side and on ours (`Message-ID`,
//! `In-Reply-To`, `References`, the `[#number]` subject token, `Reply-To`) and the
//! ones that stop loops (`Auto-Submitted: auto-replied` on automatic mail).

use std::str::FromStr;
use std::time::SystemTime;

use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};

use crate::address::MailAddress;
use crate::parse::bare_id;
use crate::thread::{ReplyTokenConfig, subject_token};

/// `References` keeps the first id (the thread root) and the most recent ones;
/// RFC 5322 allows trimming, and some MTAs reject headers of many kilobytes.
const MAX_REFERENCES: usize = 20;

/// Threading headers of an outbound mail. Ids are bare (no angle brackets).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreadHeaders {
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
}

impl ThreadHeaders {
    /// The headers of a reply to a message with `parent_id` and `parent_references`
    /// (the parent's own References, oldest first).
    pub fn reply_to(parent_id: &str, parent_references: &[String]) -> Self {
        let parent = bare_id(parent_id);
        let mut references: Vec<String> = parent_references
            .iter()
            .map(|r| bare_id(r))
            .filter(|r| !r.is_empty() && *r != parent)
            .collect();
        references.push(parent.clone());
        if references.len() > MAX_REFERENCES {
            let tail = references.split_off(references.len() - (MAX_REFERENCES - 1));
            references.truncate(1);
            references.extend(tail);
        }
        Self {
            in_reply_to: Some(parent),
            references,
        }
    }
}

/// A file attached to an outbound mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundAttachment {
    pub filename: String,
    pub content_type: String,
    pub content: Vec<u8>,
}

/// Everything needed to build one outbound mail for a ticket.
#[derive(Debug, Clone)]
pub struct OutboundMail {
    pub ticket_number: i64,
    /// The mailbox the mail is sent from, with the team's display name.
    pub from: MailAddress,
    /// Where replies should go; see [`mailbox_reply_to`].
    pub reply_to: Option<MailAddress>,
    pub to: Vec<MailAddress>,
    pub cc: Vec<MailAddress>,
    /// The subject without the token; [`subject_with_token`] adds it.
    pub subject: String,
    pub text_body: String,
    /// Already-safe HTML (rendered by Tessera's templates).
    pub html_body: Option<String>,
    pub attachments: Vec<OutboundAttachment>,
    pub thread: ThreadHeaders,
    /// Acknowledgements, notifications, anything not typed by an agent.
    pub automatic: bool,
    pub date: jiff::Timestamp,
}

/// A built message and the id to record for threading.
#[derive(Debug, Clone)]
pub struct ComposedMail {
    /// Bare Message-ID, as stored in the ticket's message-id table.
    pub message_id: String,
    pub message: lettre::Message,
}

impl ComposedMail {
    /// The RFC 5322 bytes, as stored in the outbox.
    pub fn formatted(&self) -> Vec<u8> {
        self.message.formatted()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    #[error("invalid address {address:?}: {reason}")]
    InvalidAddress { address: String, reason: String },
    #[error("invalid content type {0:?}")]
    InvalidContentType(String),
    #[error("the mail has no recipient")]
    NoRecipient,
    #[error("cannot build the message: {0}")]
    Build(String),
}

/// `Auto-Submitted` (RFC 3834).
#[derive(Debug, Clone, PartialEq, Eq)]
struct AutoSubmitted(String);

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `X-Auto-Response-Suppress` (Microsoft): asks Exchange/Outlook not to send
/// out-of-office replies to our automatic mail.
#[derive(Debug, Clone, PartialEq, Eq)]
struct AutoResponseSuppress(String);

impl Header for AutoResponseSuppress {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("X-Auto-Response-Suppress")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// Puts `[#number]` into the subject unless it is already there, after any reply
/// or forward prefixes: `Re: Printer` → `Re: [#1042] Printer`.
pub fn subject_with_token(subject: &str, ticket_number: i64) -> String {
    let subject = subject.trim();
    if subject_token(subject) == Some(ticket_number) {
        return subject.to_owned();
    }
    let token = format!("[#{ticket_number}]");
    let mut prefix_end = 0;
    let mut rest = subject;
    loop {
        let trimmed = rest.trim_start();
        let Some(colon) = trimmed.find(':') else {
            break;
        };
        let word = &trimmed[..colon];
        if !is_reply_prefix(word) {
            break;
        }
        let consumed = rest.len() - trimmed.len() + colon + 1;
        prefix_end += consumed;
        rest = &rest[consumed..];
    }
    let (prefix, rest) = subject.split_at(prefix_end);
    let rest = rest.trim_start();
    match (prefix.is_empty(), rest.is_empty()) {
        (true, true) => token,
        (true, false) => format!("{token} {rest}"),
        (false, true) => format!("{prefix} {token}"),
        (false, false) => format!("{prefix} {token} {rest}"),
    }
}

fn is_reply_prefix(word: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "re",
        "fw",
        "fwd",
        "aw",
        "wg",
        "odp",
        "pd",
        "prf",
        "odg",
        "проследи",
        "отв",
        "пересл",
        "σχετ",
        "πρθ",
    ];
    let lower = word.trim().to_lowercase();
    // "Re[2]" and similar counters.
    let base = lower.split('[').next().unwrap_or_default();
    PREFIXES.contains(&base)
}

/// The `Reply-To` for a mailbox: its own address, or the plus-addressed variant
/// carrying the ticket's reply token when tokens are on.
pub fn mailbox_reply_to(
    mailbox: &MailAddress,
    tokens: Option<&ReplyTokenConfig>,
    ticket_number: i64,
) -> MailAddress {
    match tokens {
        Some(tokens) => MailAddress::new(
            tokens.reply_address(&mailbox.address, ticket_number),
            mailbox.name.clone(),
        ),
        None => mailbox.clone(),
    }
}

/// A new Message-ID: `t{ticket}.{128 random bits}@{host}`, bare.
pub fn new_message_id(ticket_number: i64, host: &str) -> String {
    format!("t{ticket_number}.{:032x}@{host}", rand::random::<u128>())
}

fn mailbox(address: &MailAddress) -> Result<Mailbox, ComposeError> {
    let parsed = lettre::Address::from_str(address.address.trim()).map_err(|e| {
        ComposeError::InvalidAddress {
            address: address.address.clone(),
            reason: e.to_string(),
        }
    })?;
    Ok(Mailbox::new(
        address.name.clone().filter(|n| !n.trim().is_empty()),
        parsed,
    ))
}

fn angle(id: &str) -> String {
    format!("<{}>", bare_id(id))
}

/// Builds the message. `message_id_host` is the domain part of the Message-ID
/// (the mailbox's domain or the instance host name).
pub fn compose(mail: &OutboundMail, message_id_host: &str) -> Result<ComposedMail, ComposeError> {
    if mail.to.is_empty() && mail.cc.is_empty() {
        return Err(ComposeError::NoRecipient);
    }
    let message_id = new_message_id(mail.ticket_number, message_id_host);
    let from = mailbox(&mail.from)?;
    let reply_to = mailbox(mail.reply_to.as_ref().unwrap_or(&mail.from))?;

    let mut builder = lettre::Message::builder()
        .from(from)
        .reply_to(reply_to)
        .subject(subject_with_token(&mail.subject, mail.ticket_number))
        .date(SystemTime::from(mail.date))
        .message_id(Some(angle(&message_id)));
    for to in &mail.to {
        builder = builder.to(mailbox(to)?);
    }
    for cc in &mail.cc {
        builder = builder.cc(mailbox(cc)?);
    }
    if let Some(parent) = &mail.thread.in_reply_to {
        builder = builder.in_reply_to(angle(parent));
    }
    if !mail.thread.references.is_empty() {
        let references: Vec<String> = mail.thread.references.iter().map(|r| angle(r)).collect();
        builder = builder.references(references.join(" "));
    }
    if mail.automatic {
        builder = builder
            .header(AutoSubmitted("auto-replied".to_owned()))
            .header(AutoResponseSuppress("All".to_owned()));
    }

    let text = mail.text_body.clone();
    let message = if mail.attachments.is_empty() {
        match &mail.html_body {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(text, html.clone())),
            None => builder.singlepart(SinglePart::plain(text)),
        }
    } else {
        let mut mixed = match &mail.html_body {
            Some(html) => {
                MultiPart::mixed().multipart(MultiPart::alternative_plain_html(text, html.clone()))
            }
            None => MultiPart::mixed().singlepart(SinglePart::plain(text)),
        };
        for attachment in &mail.attachments {
            let content_type = ContentType::parse(&attachment.content_type)
                .map_err(|_| ComposeError::InvalidContentType(attachment.content_type.clone()))?;
            mixed = mixed.singlepart(
                Attachment::new(attachment.filename.clone())
                    .body(attachment.content.clone(), content_type),
            );
        }
        builder.multipart(mixed)
    }
    .map_err(|e| ComposeError::Build(e.to_string()))?;

    Ok(ComposedMail {
        message_id,
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn mail() -> OutboundMail {
        OutboundMail {
            ticket_number: 1042,
            from: MailAddress::new("support@example.com", Some("Acme Support".to_owned())),
            reply_to: None,
            to: vec![MailAddress::new(
                "jan@example.pl",
                Some("Jan Kowalski".to_owned()),
            )],
            cc: vec![MailAddress::new("boss@example.pl", None)],
            subject: "Drukarka nie działa".to_owned(),
            text_body: "We are on it.\n".to_owned(),
            html_body: Some("<p>We are on it.</p>".to_owned()),
            attachments: Vec::new(),
            thread: ThreadHeaders::default(),
            automatic: false,
            date: jiff::Timestamp::from_second(1_762_161_300).unwrap(),
        }
    }

    /// The header block with the random parts replaced: a snapshot that is
    /// stable across runs.
    fn header_snapshot(composed: &ComposedMail) -> String {
        let raw = String::from_utf8(composed.formatted()).unwrap();
        let head = raw.split("\r\n\r\n").next().unwrap().to_owned();
        let random = composed
            .message_id
            .split('.')
            .nth(1)
            .unwrap()
            .split('@')
            .next()
            .unwrap()
            .to_owned();
        let mut lines: Vec<String> = head
            .replace(&random, "RANDOM")
            .split("\r\n")
            .map(str::to_owned)
            .collect();
        for line in &mut lines {
            if let Some(boundary) = line.trim().strip_prefix("boundary=\"") {
                let boundary = boundary.trim_end_matches('"');
                *line = line.replace(boundary, "BOUNDARY");
            }
        }
        lines.join("\n")
    }

    #[test]
    fn first_mail_of_a_ticket() {
        let composed = compose(&mail(), "tessera.example.com").unwrap();
        assert!(composed.message_id.starts_with("t1042."));
        assert!(composed.message_id.ends_with("@tessera.example.com"));
        assert_eq!(
            header_snapshot(&composed),
            "From: \"Acme Support\" <support@example.com>\n\
Reply-To: \"Acme Support\" <support@example.com>\n\
Subject: [#1042] Drukarka nie =?utf-8?b?ZHppYcWCYQ==?=\n\
Date: Mon, 03 Nov 2025 09:15:00 +0000\n\
Message-ID: <t1042.RANDOM@tessera.example.com>\n\
To: \"Jan Kowalski\" <jan@example.pl>\n\
Cc: boss@example.pl\n\
MIME-Version: 1.0\n\
Content-Type: multipart/alternative;\n \
boundary=\"BOUNDARY\""
        );
        // Our own parser reads back what we wrote.
        let parsed = parse(&composed.formatted());
        assert_eq!(parsed.subject, "[#1042] Drukarka nie działa");
        assert_eq!(
            parsed.message_id.as_deref(),
            Some(composed.message_id.as_str())
        );
        assert_eq!(parsed.text_body.trim(), "We are on it.");
        assert!(
            parsed
                .html_body_sanitized
                .unwrap()
                .contains("We are on it.")
        );
        assert!(parsed.classification.may_auto_reply());
    }

    #[test]
    fn automatic_reply_in_a_thread_with_a_reply_token() {
        let tokens = ReplyTokenConfig::new(b"k".to_vec());
        let mut m = mail();
        m.subject = "Re: [#1042] Drukarka".to_owned();
        m.automatic = true;
        m.html_body = None;
        m.cc.clear();
        m.reply_to = Some(mailbox_reply_to(&m.from, Some(&tokens), 1042));
        m.thread = ThreadHeaders::reply_to(
            "<cust-2@example.pl>",
            &[
                "<t1042.a@tessera.example.com>".to_owned(),
                "cust-1@example.pl".to_owned(),
            ],
        );
        let composed = compose(&m, "tessera.example.com").unwrap();
        let token = tokens.token(1042);
        assert_eq!(
            header_snapshot(&composed),
            format!(
                "From: \"Acme Support\" <support@example.com>\n\
Reply-To: \"Acme Support\" <support+{token}@example.com>\n\
Subject: Re: [#1042] Drukarka\n\
Date: Mon, 03 Nov 2025 09:15:00 +0000\n\
Message-ID: <t1042.RANDOM@tessera.example.com>\n\
To: \"Jan Kowalski\" <jan@example.pl>\n\
In-Reply-To: <cust-2@example.pl>\n\
References: <t1042.a@tessera.example.com> <cust-1@example.pl>\n \
<cust-2@example.pl>\n\
Auto-Submitted: auto-replied\n\
X-Auto-Response-Suppress: All\n\
MIME-Version: 1.0\n\
Content-Type: text/plain; charset=utf-8\n\
Content-Transfer-Encoding: 7bit"
            )
        );
        // Our own loop guard recognises our automatic mail.
        let parsed = parse(&composed.formatted());
        assert!(!parsed.classification.may_auto_reply());
        assert_eq!(parsed.in_reply_to, vec!["cust-2@example.pl"]);
        assert_eq!(parsed.references.len(), 3);
    }

    #[test]
    fn attachments_make_a_mixed_message() {
        let mut m = mail();
        m.attachments.push(OutboundAttachment {
            filename: "log.txt".to_owned(),
            content_type: "text/plain".to_owned(),
            content: b"line".to_vec(),
        });
        let parsed = parse(&compose(&m, "h").unwrap().formatted());
        assert_eq!(parsed.attachments.len(), 1);
        assert_eq!(parsed.attachments[0].filename.as_deref(), Some("log.txt"));
        assert_eq!(parsed.text_body.trim(), "We are on it.");
    }

    #[test]
    fn rejects_bad_input() {
        let mut m = mail();
        m.to = vec![MailAddress::new("not an address", None)];
        assert!(matches!(
            compose(&m, "h"),
            Err(ComposeError::InvalidAddress { .. })
        ));
        m.to.clear();
        m.cc.clear();
        assert!(matches!(compose(&m, "h"), Err(ComposeError::NoRecipient)));
    }

    #[test]
    fn subject_tokens_are_added_once() {
        assert_eq!(subject_with_token("Printer", 7), "[#7] Printer");
        assert_eq!(subject_with_token("Re: Printer", 7), "Re: [#7] Printer");
        assert_eq!(
            subject_with_token("RE: Fwd: Printer", 7),
            "RE: Fwd: [#7] Printer"
        );
        assert_eq!(
            subject_with_token("Re: [#7] Printer", 7),
            "Re: [#7] Printer"
        );
        assert_eq!(subject_with_token("Odp: Drukarka", 7), "Odp: [#7] Drukarka");
        assert_eq!(subject_with_token("Note: Printer", 7), "[#7] Note: Printer");
        assert_eq!(subject_with_token("", 7), "[#7]");
        assert_eq!(subject_with_token("Re:", 7), "Re: [#7]");
        assert_eq!(subject_with_token("[#8] other", 7), "[#7] [#8] other");
    }

    #[test]
    fn references_are_capped_and_deduplicated() {
        let parents: Vec<String> = (0..40).map(|i| format!("m{i}@x")).collect();
        let headers = ThreadHeaders::reply_to("<m39@x>", &parents);
        assert_eq!(headers.references.len(), MAX_REFERENCES);
        assert_eq!(headers.references[0], "m0@x");
        assert_eq!(headers.references.last().unwrap(), "m39@x");
        assert_eq!(headers.in_reply_to.as_deref(), Some("m39@x"));
        assert_eq!(
            headers.references.iter().filter(|r| *r == "m39@x").count(),
            1
        );
    }
}
