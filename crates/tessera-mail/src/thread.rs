//! Which ticket an inbound mail belongs to, and why.
//!
//! The order is fixed (issue 4): (1) `In-Reply-To`/`References` naming a message
//! Tessera sent or received for a ticket, (2) an authenticated reply token in a
//! recipient address (`support+t1042.<hmac>@…`), (3) the `[#1042]` subject token,
//! (4) a new ticket. The first step that finds a ticket decides, but a mail only
//! *joins* when its sender is a participant of that ticket or the reply token is
//! authenticated: a stranger quoting a ticket number gets a new ticket linked to the
//! suspected one, never a seat in someone else's conversation. Replies to closed
//! tickets become follow-ups. Every decision carries a reason that renders as a
//! sentence for the ticket timeline.
//!
//! The module is pure apart from the [`ThreadLookup`] calls the caller implements.

use std::fmt;
use std::future::Future;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::address::MailboxSet;
use crate::loop_guard::MailClass;
use crate::parse::InboundMessage;

/// Bytes of HMAC-SHA256 kept in a reply token: 80 bits, 20 hex characters.
/// Enough against guessing (an attacker cannot test tokens offline, only by
/// sending mail), short enough for a local part (max 64 characters).
const TOKEN_MAC_BYTES: usize = 10;

/// Domain separation, so the same secret could sign other things safely.
const TOKEN_CONTEXT: &[u8] = b"tessera reply token v1:";

/// The secret behind reply tokens. `Debug` does not print it.
#[derive(Clone)]
pub struct ReplyTokenConfig {
    secret: Vec<u8>,
}

impl fmt::Debug for ReplyTokenConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReplyTokenConfig")
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl ReplyTokenConfig {
    pub fn new(secret: impl Into<Vec<u8>>) -> Self {
        Self {
            secret: secret.into(),
        }
    }

    fn mac(&self, ticket_number: i64) -> Hmac<Sha256> {
        // HMAC takes keys of any length; `new_from_slice` cannot fail for it, and the
        // fallback only exists to avoid an unwrap.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.secret)
            .unwrap_or_else(|_| <Hmac<Sha256> as KeyInit>::new(&Default::default()));
        mac.update(TOKEN_CONTEXT);
        mac.update(ticket_number.to_string().as_bytes());
        mac
    }

    /// `t1042.<20 hex digits>`: the plus-tag for ticket number 1042.
    pub fn token(&self, ticket_number: i64) -> String {
        let tag = self.mac(ticket_number).finalize().into_bytes();
        let mut out = format!("t{ticket_number}.");
        for b in tag.iter().take(TOKEN_MAC_BYTES) {
            out.push_str(&format!("{b:02x}"));
        }
        out
    }

    /// The mailbox address with the ticket's token: `support+t1042.…@example.com`.
    pub fn reply_address(&self, mailbox: &str, ticket_number: i64) -> String {
        match mailbox.rsplit_once('@') {
            Some((local, domain)) => format!("{local}+{}@{domain}", self.token(ticket_number)),
            None => mailbox.to_owned(),
        }
    }

    /// The ticket number of a valid token; `None` for anything else. The MAC is
    /// compared in constant time.
    pub fn verify(&self, tag: &str) -> Option<i64> {
        let tag = tag.to_ascii_lowercase();
        let (number, mac_hex) = tag.strip_prefix('t')?.split_once('.')?;
        if number.is_empty() || number.len() > 18 || !number.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let number: i64 = number.parse().ok()?;
        let mac_bytes = decode_hex(mac_hex)?;
        if mac_bytes.len() != TOKEN_MAC_BYTES {
            return None;
        }
        self.mac(number)
            .verify_truncated_left(&mac_bytes)
            .ok()
            .map(|()| number)
    }
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Whether a plus-tag is shaped like a reply token (so a failed check is worth
/// recording as a possibly forged or stale token).
fn looks_like_token(tag: &str) -> bool {
    tag.strip_prefix(['t', 'T'])
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The first `[#1042]` token in a subject.
pub fn subject_token(subject: &str) -> Option<i64> {
    let mut rest = subject;
    while let Some(start) = rest.find("[#") {
        let after = &rest[start + 2..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty()
            && after[digits.len()..].starts_with(']')
            && let Ok(number) = digits.parse::<i64>()
        {
            return Some(number);
        }
        rest = after;
    }
    None
}

/// Whether Tessera sent the matched message or received it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageDirection {
    Sent,
    Received,
}

/// The known message an `In-Reply-To`/`References` id matched, as the caller
/// stored it. Optional detail that makes the explanation precise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownMessage {
    /// Bare Message-ID (no angle brackets).
    pub message_id: String,
    pub direction: MessageDirection,
    /// When it was sent or received.
    pub at: Option<jiff::Timestamp>,
}

/// A ticket as the threading decision needs to see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketRef {
    pub id: i64,
    pub number: i64,
    pub status_closed: bool,
    /// Filled by [`ThreadLookup::ticket_for_message_ids`]: which message matched.
    pub matched: Option<KnownMessage>,
}

impl TicketRef {
    /// A reference from the core status (only `closed` is final; a solved ticket
    /// reopens on reply, so it is joined like an open one).
    pub fn new(id: i64, number: i64, status: tessera_core::Status) -> Self {
        Self {
            id,
            number,
            status_closed: status == tessera_core::Status::Closed,
            matched: None,
        }
    }
}

/// The store queries threading needs; the binary implements it over the store.
/// Errors abort the decision (the inbound job retries) rather than silently
/// turning a reply into a new ticket.
pub trait ThreadLookup {
    type Error;

    /// The ticket that owns any of these bare Message-IDs (sent or received by
    /// Tessera), trying them in the given order; sets [`TicketRef::matched`].
    fn ticket_for_message_ids(
        &self,
        message_ids: &[String],
    ) -> impl Future<Output = Result<Option<TicketRef>, Self::Error>> + Send;

    fn ticket_by_number(
        &self,
        number: i64,
    ) -> impl Future<Output = Result<Option<TicketRef>, Self::Error>> + Send;

    /// Requester, CC, follower or agent of the ticket (`sender` is lower-case).
    fn is_participant(
        &self,
        ticket: &TicketRef,
        sender: &str,
    ) -> impl Future<Output = Result<bool, Self::Error>> + Send;
}

/// The mailbox configuration threading needs.
#[derive(Debug, Clone, Copy)]
pub struct ThreadContext<'a> {
    pub mailboxes: &'a MailboxSet,
    /// `None` when reply tokens are switched off.
    pub reply_tokens: Option<&'a ReplyTokenConfig>,
    /// `RCPT TO` addresses from the SMTP envelope (they include Bcc and aliases
    /// that the headers do not show). Empty for IMAP.
    pub envelope_recipients: &'a [String],
}

/// Which header an id matched in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdHeader {
    InReplyTo,
    References,
    /// The original Message-ID named inside a delivery status notification.
    DeliveryReport,
}

impl IdHeader {
    fn label(self) -> &'static str {
        match self {
            IdHeader::InReplyTo => "In-Reply-To header",
            IdHeader::References => "References header",
            IdHeader::DeliveryReport => "Delivery report",
        }
    }
}

/// What pointed at a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    MessageId {
        header: IdHeader,
        known: Option<KnownMessage>,
    },
    ReplyToken {
        address: String,
        number: i64,
    },
    SubjectToken {
        number: i64,
    },
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Evidence::MessageId { header, known } => {
                write!(f, "{} matched ", header.label())?;
                match known {
                    Some(known) => {
                        let what = match known.direction {
                            MessageDirection::Sent => "the mail Tessera sent",
                            MessageDirection::Received => "the mail received",
                        };
                        write!(f, "{what}")?;
                        if let Some(at) = known.at {
                            write!(f, " at {}", at.strftime("%Y-%m-%d %H:%M UTC"))?;
                        }
                        write!(f, " (<{}>)", known.message_id)
                    }
                    None => write!(f, "a message of the ticket"),
                }
            }
            Evidence::ReplyToken { address, number } => write!(
                f,
                "the recipient address {address} carried an authenticated reply token for #{number}"
            ),
            Evidence::SubjectToken { number } => {
                write!(f, "the subject carried the token [#{number}]")
            }
        }
    }
}

/// Why the sender may write into the ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authorisation {
    Participant {
        sender: String,
    },
    ReplyToken,
    /// A bounce of mail Tessera sent for the ticket: attached so the agent sees the
    /// failed address, never treated as a customer reply.
    DeliveryReport,
}

impl fmt::Display for Authorisation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Authorisation::Participant { sender } => {
                write!(f, "the sender {sender} is a participant of the ticket")
            }
            Authorisation::ReplyToken => write!(f, "the reply token is authenticated"),
            Authorisation::DeliveryReport => {
                write!(f, "it is a delivery report for mail Tessera sent")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinReason {
    pub evidence: Evidence,
    pub authorisation: Authorisation,
}

impl fmt::Display for JoinReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; {}", self.evidence, self.authorisation)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkReason {
    pub evidence: Evidence,
    /// Lower-case From address; `None` when the mail had none.
    pub sender: Option<String>,
}

impl fmt::Display for LinkReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sender = self.sender.as_deref().unwrap_or("(no sender address)");
        write!(
            f,
            "{}, but the sender {sender} is not a participant of that ticket and no authenticated reply token was present; a new ticket was created and linked to it",
            self.evidence
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTicketReason {
    /// How many `In-Reply-To`/`References` ids were looked up.
    pub ids_checked: usize,
    /// A subject token whose ticket does not exist.
    pub unknown_subject_token: Option<i64>,
    /// Recipient plus-tags shaped like reply tokens that failed verification.
    pub invalid_reply_tokens: usize,
}

impl fmt::Display for NewTicketReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ids_checked == 0 {
            write!(f, "no In-Reply-To/References header")?;
        } else {
            write!(
                f,
                "none of the {} In-Reply-To/References ids belongs to a ticket",
                self.ids_checked
            )?;
        }
        if self.invalid_reply_tokens > 0 {
            write!(
                f,
                ", {} reply token(s) failed verification",
                self.invalid_reply_tokens
            )?;
        } else {
            write!(f, ", no reply token")?;
        }
        match self.unknown_subject_token {
            Some(n) => write!(f, ", subject token [#{n}] names no ticket"),
            None => write!(f, ", no subject token"),
        }
    }
}

/// Where an inbound mail goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThreadDecision {
    /// Add it to this ticket.
    Join {
        ticket_id: i64,
        ticket_number: i64,
        reason: JoinReason,
    },
    /// Open a new ticket.
    NewTicket { reason: NewTicketReason },
    /// The ticket is closed: open a follow-up linked to it.
    FollowUp {
        closed_ticket_id: i64,
        closed_ticket_number: i64,
        reason: JoinReason,
    },
    /// Something pointed at a ticket, but the sender may not join it: open a new
    /// ticket linked to the suspected one.
    NewLinked {
        suspected_ticket_id: i64,
        suspected_ticket_number: i64,
        reason: LinkReason,
    },
}

impl ThreadDecision {
    /// One sentence for the ticket timeline.
    pub fn explain(&self) -> String {
        match self {
            ThreadDecision::Join {
                ticket_number,
                reason,
                ..
            } => format!("Joined #{ticket_number}: {reason}."),
            ThreadDecision::NewTicket { reason } => format!("New ticket: {reason}."),
            ThreadDecision::FollowUp {
                closed_ticket_number,
                reason,
                ..
            } => format!("Follow-up to closed ticket #{closed_ticket_number}: {reason}."),
            ThreadDecision::NewLinked {
                suspected_ticket_number,
                reason,
                ..
            } => format!("New ticket linked to #{suspected_ticket_number}: {reason}."),
        }
    }
}

/// A recipient that carried a verified token.
struct TokenHit {
    address: String,
    number: i64,
}

/// Checks the recipients' plus-tags: the first authenticated token, and how many
/// token-shaped tags failed.
fn scan_reply_tokens(
    message: &InboundMessage,
    context: &ThreadContext<'_>,
) -> (Option<TokenHit>, usize) {
    let Some(tokens) = context.reply_tokens else {
        return (None, 0);
    };
    let header_recipients = message
        .to
        .iter()
        .chain(message.cc.iter())
        .map(|a| a.address.as_str());
    let recipients = context
        .envelope_recipients
        .iter()
        .map(String::as_str)
        .chain(header_recipients);
    let mut invalid = 0;
    for recipient in recipients {
        let Some(tag) = context.mailboxes.matches(recipient).and_then(|m| m.tag) else {
            continue;
        };
        match tokens.verify(&tag) {
            Some(number) => {
                return (
                    Some(TokenHit {
                        address: crate::address::normalize(recipient),
                        number,
                    }),
                    invalid,
                );
            }
            None if looks_like_token(&tag) => invalid += 1,
            None => {}
        }
    }
    (None, invalid)
}

/// Decides where `message` goes. See the module documentation for the rules.
pub async fn decide<L: ThreadLookup>(
    message: &InboundMessage,
    context: &ThreadContext<'_>,
    lookup: &L,
) -> Result<ThreadDecision, L::Error> {
    let sender = message.from.as_ref().map(|f| f.normalized());
    let (token, invalid_reply_tokens) = scan_reply_tokens(message, context);

    // A bounce names the mail it bounces; if Tessera sent that mail, the bounce
    // belongs to its ticket whatever the reporting MTA's address is.
    if let MailClass::Bounce(dsn) = &message.classification
        && let Some(original) = &dsn.original_message_id
        && let Some(ticket) = lookup
            .ticket_for_message_ids(std::slice::from_ref(original))
            .await?
    {
        let sent_by_us = ticket
            .matched
            .as_ref()
            .is_none_or(|k| k.direction == MessageDirection::Sent);
        if sent_by_us {
            return Ok(ThreadDecision::Join {
                ticket_id: ticket.id,
                ticket_number: ticket.number,
                reason: JoinReason {
                    evidence: Evidence::MessageId {
                        header: IdHeader::DeliveryReport,
                        known: ticket.matched,
                    },
                    authorisation: Authorisation::DeliveryReport,
                },
            });
        }
    }

    // (1) In-Reply-To / References.
    let ids = message.referenced_ids();
    if !ids.is_empty()
        && let Some(ticket) = lookup.ticket_for_message_ids(&ids).await?
    {
        let header = match &ticket.matched {
            Some(known) if !message.in_reply_to.contains(&known.message_id) => IdHeader::References,
            Some(_) => IdHeader::InReplyTo,
            None if message.in_reply_to.is_empty() => IdHeader::References,
            None => IdHeader::InReplyTo,
        };
        let evidence = Evidence::MessageId {
            header,
            known: ticket.matched.clone(),
        };
        let token_for_ticket = token.as_ref().is_some_and(|t| t.number == ticket.number);
        return settle(ticket, evidence, token_for_ticket, sender, lookup).await;
    }

    // (2) Authenticated reply token.
    if let Some(hit) = &token
        && let Some(ticket) = lookup.ticket_by_number(hit.number).await?
    {
        let evidence = Evidence::ReplyToken {
            address: hit.address.clone(),
            number: hit.number,
        };
        return settle(ticket, evidence, true, sender, lookup).await;
    }

    // (3) Subject token.
    let subject_number = subject_token(&message.subject);
    if let Some(number) = subject_number
        && let Some(ticket) = lookup.ticket_by_number(number).await?
    {
        let token_for_ticket = token.as_ref().is_some_and(|t| t.number == ticket.number);
        let evidence = Evidence::SubjectToken { number };
        return settle(ticket, evidence, token_for_ticket, sender, lookup).await;
    }

    // (4) Nothing matched.
    Ok(ThreadDecision::NewTicket {
        reason: NewTicketReason {
            ids_checked: ids.len(),
            unknown_subject_token: subject_number,
            invalid_reply_tokens,
        },
    })
}

/// Join, follow up, or link, depending on who is writing.
async fn settle<L: ThreadLookup>(
    ticket: TicketRef,
    evidence: Evidence,
    authenticated_token: bool,
    sender: Option<String>,
    lookup: &L,
) -> Result<ThreadDecision, L::Error> {
    let authorisation = if authenticated_token {
        Some(Authorisation::ReplyToken)
    } else {
        match &sender {
            Some(sender) if lookup.is_participant(&ticket, sender).await? => {
                Some(Authorisation::Participant {
                    sender: sender.clone(),
                })
            }
            _ => None,
        }
    };
    Ok(match authorisation {
        Some(authorisation) if ticket.status_closed => ThreadDecision::FollowUp {
            closed_ticket_id: ticket.id,
            closed_ticket_number: ticket.number,
            reason: JoinReason {
                evidence,
                authorisation,
            },
        },
        Some(authorisation) => ThreadDecision::Join {
            ticket_id: ticket.id,
            ticket_number: ticket.number,
            reason: JoinReason {
                evidence,
                authorisation,
            },
        },
        None => ThreadDecision::NewLinked {
            suspected_ticket_id: ticket.id,
            suspected_ticket_number: ticket.number,
            reason: LinkReason { evidence, sender },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_reject_tampering() {
        let config = ReplyTokenConfig::new(b"secret".to_vec());
        let token = config.token(1042);
        assert!(token.starts_with("t1042."));
        assert_eq!(token.len(), "t1042.".len() + 2 * TOKEN_MAC_BYTES);
        assert_eq!(config.verify(&token), Some(1042));
        assert_eq!(config.verify(&token.to_uppercase()), Some(1042));
        // Same MAC, another ticket number.
        let forged = token.replacen("t1042", "t1043", 1);
        assert_eq!(config.verify(&forged), None);
        // Another secret.
        assert_eq!(
            ReplyTokenConfig::new(b"other".to_vec()).verify(&token),
            None
        );
        // Shapes that must not parse.
        for bad in [
            "", "t", "t.", "t1042", "t1042.", "t1042.zz", "x1042.00", "t-1.00", "t1042.0",
        ] {
            assert_eq!(config.verify(bad), None, "{bad}");
        }
        assert_eq!(
            config.reply_address("support@example.com", 7),
            format!("support+{}@example.com", config.token(7))
        );
        assert!(!format!("{config:?}").contains("secret\""));
    }

    #[test]
    fn subject_tokens() {
        assert_eq!(subject_token("Re: [#1042] Printer"), Some(1042));
        assert_eq!(subject_token("[#] x [#abc] [#12 ] [#77]"), Some(77));
        assert_eq!(subject_token("#1042 no brackets"), None);
        assert_eq!(subject_token("[#99999999999999999999999]"), None);
        assert_eq!(subject_token("żółw [#5]"), Some(5));
    }
}
