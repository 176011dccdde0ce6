//! Every branch of the threading decision, with a fake store behind
//! [`ThreadLookup`].

use std::collections::HashMap;
use std::convert::Infallible;

use tessera_mail::thread::{
    Authorisation, Evidence, IdHeader, KnownMessage, MessageDirection, ThreadContext,
};
use tessera_mail::{
    MailboxSet, ReplyTokenConfig, ThreadDecision, ThreadLookup, TicketRef, decide, parse,
};

const OUR_ID: &str = "t1042.0123456789abcdef@tessera.example.com";

/// Tickets #1042 (open, id 42; participants jan@ and the agent) and #7 (closed,
/// id 7; participant jan@).
struct FakeStore {
    message_ids: HashMap<String, (i64, MessageDirection)>,
}

impl FakeStore {
    fn new() -> Self {
        let mut message_ids = HashMap::new();
        message_ids.insert(OUR_ID.to_owned(), (1042, MessageDirection::Sent));
        message_ids.insert(
            "cust-1@example.pl".to_owned(),
            (1042, MessageDirection::Received),
        );
        message_ids.insert(
            "t7.ffff@tessera.example.com".to_owned(),
            (7, MessageDirection::Sent),
        );
        Self { message_ids }
    }

    fn ticket(number: i64) -> Option<TicketRef> {
        match number {
            1042 => Some(TicketRef {
                id: 42,
                number: 1042,
                status_closed: false,
                matched: None,
            }),
            7 => Some(TicketRef::new(7, 7, tessera_core::Status::Closed)),
            _ => None,
        }
    }
}

impl ThreadLookup for FakeStore {
    type Error = Infallible;

    async fn ticket_for_message_ids(
        &self,
        ids: &[String],
    ) -> Result<Option<TicketRef>, Infallible> {
        Ok(ids.iter().find_map(|id| {
            let (number, direction) = self.message_ids.get(id)?;
            let mut ticket = Self::ticket(*number)?;
            ticket.matched = Some(KnownMessage {
                message_id: id.clone(),
                direction: *direction,
                at: Some(jiff::Timestamp::from_second(1_762_161_300).unwrap()),
            });
            Some(ticket)
        }))
    }

    async fn ticket_by_number(&self, number: i64) -> Result<Option<TicketRef>, Infallible> {
        Ok(Self::ticket(number))
    }

    async fn is_participant(&self, ticket: &TicketRef, sender: &str) -> Result<bool, Infallible> {
        Ok(match ticket.number {
            1042 => ["jan@example.pl", "agent@example.com"].contains(&sender),
            7 => sender == "jan@example.pl",
            _ => false,
        })
    }
}

fn tokens() -> ReplyTokenConfig {
    ReplyTokenConfig::new(b"test secret".to_vec())
}

fn mailboxes() -> MailboxSet {
    MailboxSet::new(["support@example.com"])
}

async fn run(raw: &str, envelope_recipients: &[String]) -> ThreadDecision {
    let message = parse(raw.replace('\n', "\r\n").as_bytes());
    let mailboxes = mailboxes();
    let tokens = tokens();
    let context = ThreadContext {
        mailboxes: &mailboxes,
        reply_tokens: Some(&tokens),
        envelope_recipients,
    };
    let Ok(decision) = decide(&message, &context, &FakeStore::new()).await;
    decision
}

fn mail(from: &str, to: &str, subject: &str, extra: &str) -> String {
    format!("From: {from}\nTo: {to}\nSubject: {subject}\nMessage-ID: <new@client>\n{extra}\nbody\n")
}

#[tokio::test]
async fn in_reply_to_from_a_participant_joins() {
    let raw = mail(
        "Jan <Jan@Example.pl>",
        "support@example.com",
        "Re: Printer",
        &format!("In-Reply-To: <{OUR_ID}>\n"),
    );
    let decision = run(&raw, &[]).await;
    let ThreadDecision::Join {
        ticket_id, reason, ..
    } = &decision
    else {
        panic!("{decision:?}");
    };
    assert_eq!(*ticket_id, 42);
    assert!(matches!(
        reason.evidence,
        Evidence::MessageId {
            header: IdHeader::InReplyTo,
            ..
        }
    ));
    assert_eq!(
        decision.explain(),
        format!(
            "Joined #1042: In-Reply-To header matched the mail Tessera sent at 2025-11-03 09:15 UTC (<{OUR_ID}>); the sender jan@example.pl is a participant of the ticket."
        )
    );
}

#[tokio::test]
async fn references_only_match_names_the_references_header() {
    let raw = mail(
        "agent@example.com",
        "support@example.com",
        "Re: Printer",
        "In-Reply-To: <unknown@elsewhere>\nReferences: <cust-1@example.pl> <unknown@elsewhere>\n",
    );
    let decision = run(&raw, &[]).await;
    let ThreadDecision::Join { reason, .. } = &decision else {
        panic!("{decision:?}");
    };
    assert!(matches!(
        reason.evidence,
        Evidence::MessageId {
            header: IdHeader::References,
            ..
        }
    ));
    assert!(
        decision
            .explain()
            .contains("References header matched the mail received at")
    );
}

#[tokio::test]
async fn message_id_match_from_a_stranger_is_linked_not_joined() {
    let raw = mail(
        "mallory@evil.example",
        "support@example.com",
        "Re: Printer",
        &format!("References: <{OUR_ID}>\n"),
    );
    let decision = run(&raw, &[]).await;
    let ThreadDecision::NewLinked {
        suspected_ticket_id,
        reason,
        ..
    } = &decision
    else {
        panic!("{decision:?}");
    };
    assert_eq!(*suspected_ticket_id, 42);
    assert_eq!(reason.sender.as_deref(), Some("mallory@evil.example"));
    assert!(
        decision.explain().contains("is not a participant"),
        "{}",
        decision.explain()
    );
}

#[tokio::test]
async fn authenticated_reply_token_joins_even_for_a_new_address() {
    let address = tokens().reply_address("support@example.com", 1042);
    let raw = mail("jan.private@gmail.example", &address, "Re: Printer", "");
    let decision = run(&raw, &[]).await;
    let ThreadDecision::Join {
        ticket_id, reason, ..
    } = &decision
    else {
        panic!("{decision:?}");
    };
    assert_eq!(*ticket_id, 42);
    assert_eq!(reason.authorisation, Authorisation::ReplyToken);
    assert!(matches!(
        &reason.evidence,
        Evidence::ReplyToken { number: 1042, .. }
    ));
}

#[tokio::test]
async fn reply_token_in_the_envelope_only_counts_too() {
    let address = tokens().reply_address("support@example.com", 1042);
    let raw = mail("someone@x.example", "undisclosed-recipients:;", "hi", "");
    let decision = run(&raw, &[address]).await;
    assert!(
        matches!(decision, ThreadDecision::Join { ticket_id: 42, .. }),
        "{decision:?}"
    );
}

#[tokio::test]
async fn forged_reply_token_is_ignored_and_reported() {
    let forged = tokens().token(1042).replace("t1042", "t7");
    let raw = mail(
        "mallory@evil.example",
        &format!("support+{forged}@example.com"),
        "hello",
        "",
    );
    let decision = run(&raw, &[]).await;
    let ThreadDecision::NewTicket { reason } = &decision else {
        panic!("{decision:?}");
    };
    assert_eq!(reason.invalid_reply_tokens, 1);
    assert!(
        decision
            .explain()
            .contains("1 reply token(s) failed verification")
    );
}

#[tokio::test]
async fn subject_token_from_a_participant_joins() {
    let raw = mail(
        "jan@example.pl",
        "support@example.com",
        "Re: [#1042] Printer",
        "",
    );
    let decision = run(&raw, &[]).await;
    let ThreadDecision::Join { reason, .. } = &decision else {
        panic!("{decision:?}");
    };
    assert_eq!(reason.evidence, Evidence::SubjectToken { number: 1042 });
    assert_eq!(
        decision.explain(),
        "Joined #1042: the subject carried the token [#1042]; the sender jan@example.pl is a participant of the ticket."
    );
}

#[tokio::test]
async fn stranger_with_a_subject_token_gets_a_new_linked_ticket() {
    let raw = mail(
        "stranger@other.example",
        "support@example.com",
        "Re: [#1042] Printer",
        "",
    );
    let decision = run(&raw, &[]).await;
    assert_eq!(
        decision.explain(),
        "New ticket linked to #1042: the subject carried the token [#1042], but the sender stranger@other.example is not a participant of that ticket and no authenticated reply token was present; a new ticket was created and linked to it."
    );
    assert!(matches!(
        decision,
        ThreadDecision::NewLinked {
            suspected_ticket_id: 42,
            ..
        }
    ));
}

#[tokio::test]
async fn mail_without_from_is_never_joined() {
    let raw = "To: support@example.com\nSubject: [#1042] x\n\nbody\n";
    let decision = run(raw, &[]).await;
    assert!(
        matches!(decision, ThreadDecision::NewLinked { .. }),
        "{decision:?}"
    );
}

#[tokio::test]
async fn reply_to_a_closed_ticket_is_a_follow_up() {
    let raw = mail(
        "jan@example.pl",
        "support@example.com",
        "Re: old",
        "In-Reply-To: <t7.ffff@tessera.example.com>\n",
    );
    let decision = run(&raw, &[]).await;
    assert!(
        matches!(
            decision,
            ThreadDecision::FollowUp {
                closed_ticket_id: 7,
                ..
            }
        ),
        "{decision:?}"
    );
    assert!(
        decision
            .explain()
            .starts_with("Follow-up to closed ticket #7:")
    );
    // A stranger replying to the closed ticket is linked, not followed up.
    let raw = mail("x@y.example", "support@example.com", "Re: [#7] old", "");
    assert!(matches!(
        run(&raw, &[]).await,
        ThreadDecision::NewLinked {
            suspected_ticket_id: 7,
            ..
        }
    ));
}

#[tokio::test]
async fn order_is_message_id_then_token_then_subject() {
    // The References header points at #1042, the subject at #7: #1042 wins.
    let raw = mail(
        "jan@example.pl",
        "support@example.com",
        "Re: [#7] Printer",
        &format!("References: <{OUR_ID}>\n"),
    );
    assert!(matches!(
        run(&raw, &[]).await,
        ThreadDecision::Join { ticket_id: 42, .. }
    ));
    // A token for #1042 beats the subject token #7.
    let address = tokens().reply_address("support@example.com", 1042);
    let raw = mail("jan@example.pl", &address, "Re: [#7] Printer", "");
    assert!(matches!(
        run(&raw, &[]).await,
        ThreadDecision::Join { ticket_id: 42, .. }
    ));
}

#[tokio::test]
async fn nothing_matching_is_a_new_ticket() {
    let raw = mail(
        "jan@example.pl",
        "support@example.com",
        "Printer [#99999]",
        "References: <nobody@x>\n",
    );
    let decision = run(&raw, &[]).await;
    assert_eq!(
        decision.explain(),
        "New ticket: none of the 1 In-Reply-To/References ids belongs to a ticket, no reply token, subject token [#99999] names no ticket."
    );
    let raw = mail("jan@example.pl", "support@example.com", "Printer", "");
    assert_eq!(
        run(&raw, &[]).await.explain(),
        "New ticket: no In-Reply-To/References header, no reply token, no subject token."
    );
}

#[tokio::test]
async fn bounce_of_our_mail_attaches_to_its_ticket() {
    let raw = format!(
        "From: MAILER-DAEMON@mx.example.net\nTo: support@example.com\nSubject: Undelivered Mail Returned to Sender\nContent-Type: multipart/report; report-type=delivery-status; boundary=R\n\n--R\nContent-Type: text/plain\n\nfailed\n--R\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; gone@example.net\nAction: failed\nStatus: 5.1.1\n\n--R\nContent-Type: text/rfc822-headers\n\nMessage-ID: <{OUR_ID}>\nSubject: [#1042] Printer\n--R--\n"
    );
    let decision = run(&raw, &[]).await;
    let ThreadDecision::Join {
        ticket_id, reason, ..
    } = &decision
    else {
        panic!("{decision:?}");
    };
    assert_eq!(*ticket_id, 42);
    assert_eq!(reason.authorisation, Authorisation::DeliveryReport);
    assert!(
        decision
            .explain()
            .contains("Delivery report matched the mail Tessera sent")
    );
}
