//! Mail that must never be answered automatically: auto-replies, bounces, bulk and
//! mailing-list mail (RFC 3834, RFC 3464, RFC 2369/2919), plus a per-sender limit
//! on the automatic replies Tessera itself sends. Two help desks acknowledging each
//! other's acknowledgements is the classic mail loop; both halves of this module
//! exist to make that impossible.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use crate::parse::InboundMessage;

/// The machine-readable part of a delivery status notification (RFC 3464). Every
/// field is optional: bounces in the wild are often partial.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DsnInfo {
    /// Message-ID (bare) of the mail that bounced, from the returned message or
    /// its headers — this is how a bounce finds its ticket.
    pub original_message_id: Option<String>,
    /// `Final-Recipient` (or `Original-Recipient`), without the `rfc822;` type.
    pub recipient: Option<String>,
    /// `Action`: failed, delayed, delivered, relayed, expanded.
    pub action: Option<String>,
    /// The enhanced status code, e.g. `5.1.1`.
    pub status: Option<String>,
    /// `Diagnostic-Code` text, e.g. `smtp; 550 5.1.1 user unknown`.
    pub diagnostic: Option<String>,
}

impl DsnInfo {
    /// A permanent failure (`5.x.x` or `Action: failed`): the address should be
    /// marked as failing. Delays (`4.x.x`) are not.
    pub fn is_permanent_failure(&self) -> bool {
        self.status.as_deref().is_some_and(|s| s.starts_with('5'))
            || self
                .action
                .as_deref()
                .is_some_and(|a| a.eq_ignore_ascii_case("failed"))
    }
}

/// What kind of mail this is, as far as answering it is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailClass {
    /// An out-of-office or other automatic response.
    AutoReply { reason: String },
    /// A non-delivery report or other bounce.
    Bounce(DsnInfo),
    /// Machine-generated or bulk mail (newsletters, notifications).
    Bulk { reason: String },
    /// Mail from a mailing list.
    List { list_id: Option<String> },
    /// Written by a person: may be acknowledged.
    Normal,
}

impl MailClass {
    /// Only normal mail may trigger automatic mail (acknowledgements, triggers
    /// that notify the sender). Everything is stored either way.
    pub fn may_auto_reply(&self) -> bool {
        matches!(self, MailClass::Normal)
    }

    /// A short explanation for the ticket timeline and logs.
    pub fn describe(&self) -> String {
        match self {
            MailClass::AutoReply { reason } => format!("automatic reply ({reason})"),
            MailClass::Bounce(dsn) => {
                let mut text = "delivery failure report".to_owned();
                if let Some(recipient) = &dsn.recipient {
                    text.push_str(&format!(" for {recipient}"));
                }
                if let Some(status) = &dsn.status {
                    text.push_str(&format!(", status {status}"));
                }
                text
            }
            MailClass::Bulk { reason } => format!("bulk or machine-generated mail ({reason})"),
            MailClass::List { list_id } => match list_id {
                Some(id) => format!("mailing-list mail ({id})"),
                None => "mailing-list mail".to_owned(),
            },
            MailClass::Normal => "normal mail".to_owned(),
        }
    }
}

/// Subject prefixes of out-of-office replies in Tessera's five languages, lower-case.
/// Only prefixes: "printer out of office" in the middle of a subject is a request.
const AUTO_REPLY_SUBJECTS: &[&str] = &[
    // en
    "out of office",
    "out of the office",
    "automatic reply",
    "auto reply",
    "auto-reply",
    "autoreply",
    "auto response",
    "auto-response",
    "away from the office",
    "vacation reply",
    "on vacation",
    // pl
    "odpowiedź automatyczna",
    "automatyczna odpowiedź",
    "autoodpowiedź",
    "poza biurem",
    "jestem poza biurem",
    "nieobecność w biurze",
    // hr
    "automatski odgovor",
    "izvan ureda",
    "odsutan iz ureda",
    "odsutna iz ureda",
    "nisam u uredu",
    // ru
    "автоматический ответ",
    "автоответ",
    "вне офиса",
    "нет на месте",
    "в отпуске",
    // el
    "αυτόματη απάντηση",
    "εκτός γραφείου",
    "απουσία από το γραφείο",
];

/// Subjects that MTAs put on non-DSN bounces from `MAILER-DAEMON`/`postmaster`.
const BOUNCE_SUBJECTS: &[&str] = &[
    "undelivered mail",
    "undeliverable",
    "delivery status notification",
    "mail delivery failed",
    "delivery failure",
    "returned mail",
    "failure notice",
    "mail system error",
    "niedostarczona",
    "nedostavljivo",
    "не доставлено",
    "недоставленное",
    "μη παράδοση",
];

/// Classifies a parsed message. `envelope_sender` is the SMTP `MAIL FROM` when
/// known: `Some("")` is the null sender used by bounces and auto-replies.
pub fn classify(message: &InboundMessage, envelope_sender: Option<&str>) -> MailClass {
    let is_dsn = message.content_type == "multipart/report"
        && message
            .report_type
            .as_deref()
            .is_some_and(|t| t.ends_with("delivery-status"));
    if is_dsn {
        return MailClass::Bounce(message.delivery_report.clone().unwrap_or_default());
    }
    if let Some(reason) = auto_reply_reason(message) {
        return MailClass::AutoReply { reason };
    }
    let null_sender = envelope_sender.is_some_and(|s| s.trim().trim_matches(['<', '>']).is_empty());
    if null_sender || looks_like_mailer_daemon(message) {
        return MailClass::Bounce(message.delivery_report.clone().unwrap_or_default());
    }
    if let Some(list_id) = message.header("List-Id") {
        return MailClass::List {
            list_id: Some(list_id.trim().to_owned()).filter(|l| !l.is_empty()),
        };
    }
    if let Some(reason) = bulk_reason(message) {
        return MailClass::Bulk { reason };
    }
    if precedence(message).as_deref() == Some("list") {
        return MailClass::List { list_id: None };
    }
    MailClass::Normal
}

fn header_keyword(message: &InboundMessage, name: &str) -> Option<String> {
    message.header(name).map(|v| {
        v.split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    })
}

fn precedence(message: &InboundMessage) -> Option<String> {
    header_keyword(message, "Precedence")
}

fn auto_reply_reason(message: &InboundMessage) -> Option<String> {
    if header_keyword(message, "Auto-Submitted").as_deref() == Some("auto-replied") {
        return Some("Auto-Submitted: auto-replied".to_owned());
    }
    for name in ["X-Autoreply", "X-Autorespond", "X-Autoresponder"] {
        if let Some(value) = header_keyword(message, name)
            && value != "no"
        {
            return Some(format!("{name} header"));
        }
    }
    if header_keyword(message, "X-Autogenerated").as_deref() == Some("reply") {
        return Some("X-Autogenerated: Reply".to_owned());
    }
    if precedence(message).as_deref() == Some("auto_reply") {
        return Some("Precedence: auto_reply".to_owned());
    }
    let subject = message.subject.trim().to_lowercase();
    AUTO_REPLY_SUBJECTS
        .iter()
        .find(|prefix| subject.starts_with(*prefix))
        .map(|prefix| format!("subject starts with \"{prefix}\""))
}

fn looks_like_mailer_daemon(message: &InboundMessage) -> bool {
    let Some(from) = &message.from else {
        return false;
    };
    let local = from
        .normalized()
        .split('@')
        .next()
        .unwrap_or_default()
        .to_owned();
    if local != "mailer-daemon" && local != "postmaster" {
        return false;
    }
    let subject = message.subject.to_lowercase();
    BOUNCE_SUBJECTS.iter().any(|s| subject.contains(s))
}

fn bulk_reason(message: &InboundMessage) -> Option<String> {
    if let Some(value) = header_keyword(message, "Auto-Submitted")
        && !value.is_empty()
        && value != "no"
    {
        return Some(format!("Auto-Submitted: {value}"));
    }
    if let Some(value) = precedence(message)
        && (value == "bulk" || value == "junk")
    {
        return Some(format!("Precedence: {value}"));
    }
    if message.header("List-Unsubscribe").is_some() {
        return Some("List-Unsubscribe header".to_owned());
    }
    None
}

/// Reads the `message/delivery-status` body: a per-message block, then one block
/// per recipient. The first recipient block that failed wins (else the first one).
pub fn parse_delivery_status(body: &[u8]) -> DsnInfo {
    let text = String::from_utf8_lossy(body);
    let mut blocks: Vec<Vec<(String, String)>> = vec![Vec::new()];
    for line in text.lines() {
        if line.trim().is_empty() {
            if blocks.last().is_some_and(|b| !b.is_empty()) {
                blocks.push(Vec::new());
            }
            continue;
        }
        let Some(block) = blocks.last_mut() else {
            continue;
        };
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = block.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            block.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let field = |block: &[(String, String)], name: &str| {
        block
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let recipients: Vec<&Vec<(String, String)>> = blocks
        .iter()
        .filter(|b| {
            field(b, "final-recipient").is_some() || field(b, "original-recipient").is_some()
        })
        .collect();
    let chosen = recipients
        .iter()
        .find(|b| field(b, "action").is_some_and(|a| a.eq_ignore_ascii_case("failed")))
        .or(recipients.first());
    let Some(block) = chosen else {
        return DsnInfo::default();
    };
    let without_type = |v: String| match v.split_once(';') {
        Some((_, address)) => address.trim().to_owned(),
        None => v.trim().to_owned(),
    };
    DsnInfo {
        original_message_id: None,
        recipient: field(block, "final-recipient")
            .or_else(|| field(block, "original-recipient"))
            .map(without_type)
            .filter(|r| !r.is_empty()),
        action: field(block, "action").map(|a| a.to_ascii_lowercase()),
        status: field(block, "status")
            .map(|s| s.split_whitespace().next().unwrap_or_default().to_owned())
            .filter(|s| !s.is_empty()),
        diagnostic: field(block, "diagnostic-code"),
    }
}

/// At most `max_per_window` automatic replies to one sender within `window`.
///
/// Pure: the caller passes the time, so tests need no clock and every node can
/// keep its own limiter (a lost cross-node count only allows a few extra replies,
/// which the loop guard's header checks already bound).
#[derive(Debug, Clone)]
pub struct AutoReplyLimiter {
    max_per_window: usize,
    window_ms: i64,
    sent: HashMap<String, VecDeque<i64>>,
    calls_since_prune: u32,
}

/// How many checks pass between sweeps of idle senders, to bound memory.
const PRUNE_EVERY: u32 = 1024;

impl AutoReplyLimiter {
    pub fn new(max_per_window: usize, window: Duration) -> Self {
        Self {
            max_per_window,
            window_ms: i64::try_from(window.as_millis()).unwrap_or(i64::MAX),
            sent: HashMap::new(),
            calls_since_prune: 0,
        }
    }

    /// Whether an automatic reply to `sender` may go out at `now`; if so, it is
    /// counted. Addresses compare case-insensitively.
    pub fn check_and_record(&mut self, sender: &str, now: jiff::Timestamp) -> bool {
        let now_ms = now.as_millisecond();
        self.calls_since_prune += 1;
        if self.calls_since_prune >= PRUNE_EVERY {
            self.prune(now);
        }
        let key = crate::address::normalize(sender);
        let window_ms = self.window_ms;
        let times = self.sent.entry(key).or_default();
        while times
            .front()
            .is_some_and(|&t| now_ms.saturating_sub(t) >= window_ms)
        {
            times.pop_front();
        }
        if times.len() >= self.max_per_window {
            return false;
        }
        times.push_back(now_ms);
        true
    }

    /// Forgets senders with no reply inside the window.
    pub fn prune(&mut self, now: jiff::Timestamp) {
        let now_ms = now.as_millisecond();
        let window_ms = self.window_ms;
        self.sent.retain(|_, times| {
            times
                .back()
                .is_some_and(|&t| now_ms.saturating_sub(t) < window_ms)
        });
        self.calls_since_prune = 0;
    }

    /// Senders currently tracked.
    pub fn tracked_senders(&self) -> usize {
        self.sent.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{ParseOptions, parse, parse_with};

    fn mail(headers: &str) -> InboundMessage {
        parse(
            format!("From: Jan <jan@example.pl>\r\nMessage-ID: <m@x>\r\n{headers}\r\nbody\r\n")
                .as_bytes(),
        )
    }

    #[test]
    fn header_signals() {
        let cases: &[(&str, &str)] = &[
            ("Subject: hello\r\n", "normal"),
            ("Auto-Submitted: no\r\nSubject: hello\r\n", "normal"),
            ("Auto-Submitted: auto-replied\r\n", "auto"),
            (
                "Auto-Submitted: auto-replied; owner-email=\"x@y\"\r\n",
                "auto",
            ),
            ("Auto-Submitted: auto-generated\r\n", "bulk"),
            ("X-Autoreply: yes\r\n", "auto"),
            ("X-Autorespond: whatever\r\n", "auto"),
            ("Precedence: bulk\r\n", "bulk"),
            ("Precedence: junk\r\n", "bulk"),
            ("Precedence: list\r\n", "list"),
            ("List-Id: Users <users.lists.example.org>\r\n", "list"),
            ("List-Unsubscribe: <mailto:unsub@example.org>\r\n", "bulk"),
            ("Subject: Out of Office: Printer\r\n", "auto"),
            ("Subject: Automatic reply: Printer\r\n", "auto"),
            ("Subject: Odpowiedź automatyczna: Drukarka\r\n", "auto"),
            ("Subject: Automatski odgovor: Pisač\r\n", "auto"),
            (
                "Subject: =?utf-8?b?0JDQstGC0L7QvNCw0YLQuNGH0LXRgdC60LjQuSDQvtGC0LLQtdGCOiDQn9GA0LjQvdGC0LXRgA==?=\r\n",
                "auto",
            ),
            (
                "Subject: =?utf-8?b?zpHPhc+Ez4zOvM6xz4TOtyDOsc+AzqzOvc+EzrfPg863?=\r\n",
                "auto",
            ),
            ("Subject: Printer out of office again\r\n", "normal"),
        ];
        for (headers, expected) in cases {
            let class = mail(headers).classification;
            let got = match class {
                MailClass::AutoReply { .. } => "auto",
                MailClass::Bulk { .. } => "bulk",
                MailClass::List { .. } => "list",
                MailClass::Bounce(_) => "bounce",
                MailClass::Normal => "normal",
            };
            assert_eq!(got, *expected, "{headers}");
        }
    }

    #[test]
    fn null_sender_is_a_bounce_unless_it_says_auto_reply() {
        let raw = b"From: someone@example.org\r\nSubject: whatever\r\n\r\nbody\r\n";
        let options = ParseOptions {
            envelope_sender: Some(""),
            ..ParseOptions::default()
        };
        assert!(matches!(
            parse_with(raw, &options).classification,
            MailClass::Bounce(_)
        ));
        let raw = b"From: someone@example.org\r\nAuto-Submitted: auto-replied\r\n\r\nbody\r\n";
        assert!(matches!(
            parse_with(raw, &options).classification,
            MailClass::AutoReply { .. }
        ));
        assert!(!parse_with(raw, &options).classification.may_auto_reply());
    }

    #[test]
    fn mailer_daemon_without_dsn_is_a_bounce() {
        let raw = b"From: MAILER-DAEMON@mx.example.org\r\nSubject: Undelivered Mail Returned to Sender\r\n\r\nsorry\r\n";
        assert!(matches!(parse(raw).classification, MailClass::Bounce(_)));
    }

    const DSN: &[u8] = b"From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\r\n\
To: support@example.com\r\n\
Subject: Undelivered Mail Returned to Sender\r\n\
Message-ID: <bounce1@mx.example.org>\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"R\"\r\n\
\r\n\
--R\r\n\
Content-Type: text/plain\r\n\
\r\n\
I'm sorry to have to inform you that your message could not be delivered.\r\n\
--R\r\n\
Content-Type: message/delivery-status\r\n\
\r\n\
Reporting-MTA: dns; mx.example.org\r\n\
\r\n\
Final-Recipient: rfc822; ok@example.net\r\n\
Action: delivered\r\n\
Status: 2.0.0\r\n\
\r\n\
Final-Recipient: rfc822; gone@example.net\r\n\
Original-Recipient: rfc822;gone@example.net\r\n\
Action: failed\r\n\
Status: 5.1.1\r\n\
Diagnostic-Code: smtp; 550 5.1.1 <gone@example.net>:\r\n\
\t Recipient address rejected\r\n\
--R\r\n\
Content-Type: text/rfc822-headers\r\n\
\r\n\
From: support@example.com\r\n\
Message-ID: <t1042.abc@tessera.test>\r\n\
Subject: [#1042] Printer\r\n\
--R--\r\n";

    #[test]
    fn dsn_details_are_extracted() {
        let m = parse(DSN);
        let MailClass::Bounce(info) = &m.classification else {
            panic!("expected a bounce, got {:?}", m.classification);
        };
        assert_eq!(
            info.original_message_id.as_deref(),
            Some("t1042.abc@tessera.test")
        );
        assert_eq!(info.recipient.as_deref(), Some("gone@example.net"));
        assert_eq!(info.status.as_deref(), Some("5.1.1"));
        assert_eq!(info.action.as_deref(), Some("failed"));
        assert!(
            info.diagnostic
                .as_deref()
                .unwrap()
                .contains("Recipient address rejected")
        );
        assert!(info.is_permanent_failure());
        assert!(m.classification.describe().contains("gone@example.net"));
    }

    #[test]
    fn dsn_with_attached_message() {
        let raw = b"From: postmaster@example.org\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=R\r\n\r\n--R\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--R\r\nContent-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822; x@example.net\r\nAction: delayed\r\nStatus: 4.4.1\r\n\r\n--R\r\nContent-Type: message/rfc822\r\n\r\nMessage-ID: <orig@tessera.test>\r\nSubject: hi\r\n\r\nbody\r\n--R--\r\n";
        let MailClass::Bounce(info) = parse(raw).classification else {
            panic!("not a bounce");
        };
        assert_eq!(
            info.original_message_id.as_deref(),
            Some("orig@tessera.test")
        );
        assert_eq!(info.status.as_deref(), Some("4.4.1"));
        assert!(!info.is_permanent_failure());
    }

    #[test]
    fn limiter_allows_n_per_window_per_sender() {
        let mut limiter = AutoReplyLimiter::new(2, Duration::from_secs(3600));
        let t0 = jiff::Timestamp::from_second(1_000_000).unwrap();
        let later = |secs: i64| {
            t0.checked_add(jiff::SignedDuration::from_secs(secs))
                .unwrap()
        };
        assert!(limiter.check_and_record("a@x", t0));
        assert!(limiter.check_and_record("A@X", later(10)));
        assert!(!limiter.check_and_record("a@x", later(20)));
        assert!(limiter.check_and_record("b@x", later(20)));
        // The first reply leaves the window after an hour.
        assert!(limiter.check_and_record("a@x", later(3600)));
        assert!(!limiter.check_and_record("a@x", later(3601)));
        limiter.prune(later(100_000));
        assert_eq!(limiter.tracked_senders(), 0);
    }

    #[test]
    fn limiter_bounds_memory() {
        let mut limiter = AutoReplyLimiter::new(1, Duration::from_secs(1));
        let t0 = jiff::Timestamp::from_second(1_000_000).unwrap();
        for i in 0..5000 {
            let now = t0.checked_add(jiff::SignedDuration::from_secs(i)).unwrap();
            assert!(limiter.check_and_record(&format!("s{i}@x"), now));
        }
        assert!(limiter.tracked_senders() < 2 * PRUNE_EVERY as usize);
    }
}
