//! Inbound mail → tickets. A raw message, already durable in the store (the SMTP
//! listener answered `250` after storing it), is parsed, deduplicated by
//! Message-ID, threaded with `tessera_mail::thread::decide` and becomes either a
//! new ticket or a comment on an existing one; the ticket's history records why
//! (`mail_thread`, internal).
//!
//! [`Service::process_raw_message`] is the `mail.process` job's definition: it is
//! safe to run again for the same message (a processed message is left alone, a
//! Message-ID already on a ticket adds nothing), so a job runner may retry it and
//! the binary may re-run every still-queued message at start.
//!
//! Nothing here answers mail: automatic replies, bounces, bulk and list mail are
//! stored as internal notes (or a new ticket tagged with their class) and never
//! trigger outbound mail.

mod lookup;

use serde_json::Map;
use tessera_core::ticket::{ReplyEffect, check_transition, on_customer_reply};
use tessera_core::validate::{self, DESCRIPTION_MAX_BYTES, SUBJECT_MAX_CHARS};
use tessera_core::{Channel, Impact, Role, Status, TicketType, Tier, Urgency};
use tessera_mail::thread::ThreadContext;
use tessera_mail::{
    InboundMessage, MailClass, MailboxSet, ParseOptions, ThreadDecision, extract_reply, parse_with,
};
use tessera_store::{
    EventKind, IdentityKind, Mailbox, MessageDirection, MessageIdRecord, NewAttachment, NewComment,
    NewEvent, NewTicket, NewUser, RawMessage, RawMessageState, StoreError, Ticket, TicketWrite,
    User,
};

use crate::tickets::changes::{self, ChangeLog};
use crate::{Actor, Service, ServiceError, ServiceResult};
use lookup::StoreLookup;

pub use tessera_store::MAIL_PROCESS_JOB;

/// How often a comment is retried when another writer bumped the ticket first.
const WRITE_ATTEMPTS: usize = 5;
/// Attachments kept on one comment (the API's limit); the raw message keeps all.
const ATTACHMENTS_MAX: usize = 20;

/// One message at a time per process: the start-up sweep, the listener's worker
/// and (later) the job runner may all pick up the same message, and a message
/// must become one ticket, not two. Across nodes the job runner's lease on the
/// `mail.process` job is what keeps processing exclusive.
static INTAKE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// What processing a raw message did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailOutcome {
    /// The message opened this ticket (new, follow-up or linked).
    NewTicket { ticket_id: i64, comment_id: i64 },
    /// The message became a comment on an existing ticket.
    Comment { ticket_id: i64, comment_id: i64 },
    /// Nothing to do: processed before, or its Message-ID is already on a ticket.
    AlreadyProcessed { ticket_id: Option<i64> },
    /// The message cannot become a ticket; it is marked failed with this reason
    /// and kept for an admin to look at or re-process.
    Failed { error: String },
}

/// The ticket the mail created, linked to another one.
struct Link<'a> {
    other: &'a Ticket,
    /// The field recorded on the new ticket, and the one recorded on `other`.
    field_on_new: &'static str,
    field_on_other: &'static str,
    /// Follow-ups are the customer's own history; a suspected stranger's ticket
    /// must not leak to the sender, so that link stays internal.
    internal: bool,
}

impl Service {
    /// The `mail.process` job: runs [`Service::process_raw_message`] for the
    /// payload's `raw_message_id`.
    pub async fn run_mail_process_job(
        &self,
        payload: &serde_json::Value,
    ) -> ServiceResult<MailOutcome> {
        let id = payload
            .get("raw_message_id")
            .and_then(serde_json::Value::as_i64)
            .ok_or_else(|| ServiceError::invalid("payload", "raw_message_id is missing"))?;
        self.process_raw_message(id).await
    }

    /// Turns a stored raw message into a ticket or a comment (see the module
    /// docs). Store failures are returned with the message still queued, so a
    /// retry picks it up; a message that can never be processed is marked failed.
    pub async fn process_raw_message(&self, raw_id: i64) -> ServiceResult<MailOutcome> {
        let _one_at_a_time = INTAKE.lock().await;
        let raw = self.store().get_raw_message(raw_id).await?;
        if raw.state == RawMessageState::Processed {
            return Ok(MailOutcome::AlreadyProcessed {
                ticket_id: raw.ticket_id,
            });
        }
        let message = parse_with(
            &raw.bytes,
            &ParseOptions {
                envelope_sender: Some(&raw.envelope_from),
                cid_resolver: None,
            },
        );
        let outcome = match self.intake(&raw, &message).await {
            Ok(outcome) => outcome,
            Err(ServiceError::Store(e)) => return Err(ServiceError::Store(e)),
            // Anything else is about the message itself: retrying will not help.
            Err(e) => MailOutcome::Failed {
                error: e.to_string(),
            },
        };
        let (state, ticket_id, comment_id, error) = match &outcome {
            MailOutcome::NewTicket {
                ticket_id,
                comment_id,
            }
            | MailOutcome::Comment {
                ticket_id,
                comment_id,
            } => (
                RawMessageState::Processed,
                Some(*ticket_id),
                Some(*comment_id),
                None,
            ),
            MailOutcome::AlreadyProcessed { ticket_id } => {
                (RawMessageState::Processed, *ticket_id, None, None)
            }
            MailOutcome::Failed { error } => {
                tracing::warn!(raw_id, %error, "inbound mail could not be processed");
                (RawMessageState::Failed, None, None, Some(error.as_str()))
            }
        };
        self.store()
            .mark_raw_message(raw_id, state, ticket_id, comment_id, error)
            .await?;
        metrics::counter!("tessera_mail_processed_total", "outcome" => outcome_label(&outcome))
            .increment(1);
        Ok(outcome)
    }

    async fn intake(
        &self,
        raw: &RawMessage,
        message: &InboundMessage,
    ) -> ServiceResult<MailOutcome> {
        // Another copy of this message (another mailbox, a re-delivery with a
        // new envelope) already landed on a ticket.
        if let Some(id) = &message.message_id {
            let known = self
                .store()
                .tickets_for_message_ids(std::slice::from_ref(id))
                .await?;
            if let Some(record) = known.iter().find(|r| r.direction == MessageDirection::In) {
                return Ok(MailOutcome::AlreadyProcessed {
                    ticket_id: Some(record.ticket_id),
                });
            }
        }
        let sender_address = message
            .from
            .as_ref()
            .map(|a| a.address.clone())
            .filter(|a| !a.trim().is_empty())
            .or_else(|| Some(raw.envelope_from.clone()).filter(|a| !a.is_empty()));
        let Some(sender_address) = sender_address else {
            return Ok(MailOutcome::Failed {
                error: "the message has no From address and a null envelope sender".to_owned(),
            });
        };
        let sender_name = message.from.as_ref().and_then(|a| a.name.clone());

        let mailboxes = self.store().list_mailboxes().await?;
        let mailbox = mailboxes.iter().find(|m| m.id == raw.mailbox_id);
        let mailbox_set = MailboxSet::new(mailboxes.iter().map(|m| m.address.as_str()));
        let context = ThreadContext {
            mailboxes: &mailbox_set,
            reply_tokens: None,
            envelope_recipients: &raw.envelope_to,
        };
        let lookup = StoreLookup {
            store: self.store().as_ref(),
        };
        let decision = tessera_mail::thread::decide(message, &context, &lookup).await?;
        let sender = self
            .mail_sender(&sender_address, sender_name, mailbox)
            .await?;

        let outcome = match &decision {
            ThreadDecision::Join { ticket_id, .. } => {
                let (ticket, comment_id) = self
                    .join_ticket(*ticket_id, message, &sender, &decision)
                    .await?;
                MailOutcome::Comment {
                    ticket_id: ticket.id,
                    comment_id,
                }
            }
            ThreadDecision::NewTicket { .. } => {
                let (ticket, comment_id) = self
                    .open_mail_ticket(message, mailbox, &sender, &decision, None)
                    .await?;
                MailOutcome::NewTicket {
                    ticket_id: ticket.id,
                    comment_id,
                }
            }
            ThreadDecision::FollowUp {
                closed_ticket_id, ..
            } => {
                let closed = self.store().get_ticket(*closed_ticket_id).await?;
                let link = Link {
                    other: &closed,
                    field_on_new: "follow_up_of",
                    field_on_other: "follow_up",
                    internal: false,
                };
                let (ticket, comment_id) = self
                    .open_mail_ticket(message, mailbox, &sender, &decision, Some(link))
                    .await?;
                MailOutcome::NewTicket {
                    ticket_id: ticket.id,
                    comment_id,
                }
            }
            ThreadDecision::NewLinked {
                suspected_ticket_id,
                ..
            } => {
                let suspected = self.store().get_ticket(*suspected_ticket_id).await?;
                let link = Link {
                    other: &suspected,
                    field_on_new: "linked_ticket",
                    field_on_other: "linked_ticket",
                    internal: true,
                };
                let (ticket, comment_id) = self
                    .open_mail_ticket(message, mailbox, &sender, &decision, Some(link))
                    .await?;
                MailOutcome::NewTicket {
                    ticket_id: ticket.id,
                    comment_id,
                }
            }
        };
        if let (
            Some(message_id),
            MailOutcome::NewTicket {
                ticket_id,
                comment_id,
            }
            | MailOutcome::Comment {
                ticket_id,
                comment_id,
            },
        ) = (&message.message_id, &outcome)
        {
            self.store()
                .record_message_id(MessageIdRecord {
                    message_id: message_id.clone(),
                    ticket_id: *ticket_id,
                    comment_id: Some(*comment_id),
                    direction: MessageDirection::In,
                    at: self.now(),
                })
                .await?;
        }
        tracing::info!(raw_id = raw.id, decision = %decision.explain(), "inbound mail threaded");
        Ok(outcome)
    }

    /// The user behind a sender address: the identity's owner, or a new customer.
    async fn mail_sender(
        &self,
        address: &str,
        name: Option<String>,
        mailbox: Option<&Mailbox>,
    ) -> ServiceResult<User> {
        let email = validate::email("from", address)?;
        if let Some(user) = self
            .store()
            .find_user_by_identity(IdentityKind::Email, &email)
            .await?
        {
            return Ok(user);
        }
        let name = name
            .map(|n| {
                n.trim()
                    .chars()
                    .take(validate::NAME_MAX_CHARS)
                    .collect::<String>()
            })
            .filter(|n| !n.is_empty() && validate::text("name", n).is_ok())
            .unwrap_or_else(|| email.split('@').next().unwrap_or(&email).to_owned());
        let created = self
            .store()
            .create_user(NewUser {
                name,
                email: Some(email.clone()),
                role: Role::Customer,
                organization_id: None,
                language: mailbox.and_then(|m| m.default_language.clone()),
                time_zone: None,
                phones: Vec::new(),
                created_at: self.now(),
            })
            .await;
        match created {
            Ok(user) => Ok(user),
            // Created a moment ago by another request.
            Err(StoreError::Conflict { .. }) => self
                .store()
                .find_user_by_identity(IdentityKind::Email, &email)
                .await?
                .ok_or(ServiceError::NotFound("user")),
            Err(e) => Err(e.into()),
        }
    }

    /// Adds the reply part of the mail to the ticket, as the sender. Normal mail
    /// is a public reply (reopening the ticket as a customer's reply does); other
    /// mail (auto-replies, bounces…) is an internal note.
    async fn join_ticket(
        &self,
        ticket_id: i64,
        message: &InboundMessage,
        sender: &User,
        decision: &ThreadDecision,
    ) -> ServiceResult<(Ticket, i64)> {
        let public = message.classification.may_auto_reply();
        let extracted = extract_reply(&message.text_body);
        let body = if extracted.reply.trim().is_empty() {
            mail_body(&message.text_body)
        } else {
            mail_body(&extracted.reply)
        };
        let attachments = mail_attachments(message, self.config().max_attachment_bytes);
        let actor = Actor::from_user(sender);
        for attempt in 1..=WRITE_ATTEMPTS {
            let current = self.store().get_ticket(ticket_id).await?;
            let now = self.now();
            let mut next = current.clone();
            let mut log = ChangeLog::new(&actor, now);
            let customer_side = sender.id == current.requester_id || sender.role == Role::Customer;
            if public
                && customer_side
                && let ReplyEffect::SetStatus(status) = on_customer_reply(current.status)
                && check_transition(current.status, status).is_ok()
            {
                changes::set_status(&mut next, status, now, &mut log);
            }
            next.updated_at = now;
            log.push_comment(!public);
            let reply = crate::sla::comment_event(public, customer_side, sender.role.is_staff());
            let sla = self
                .sla_row_for_change(&current, &next, Some(reply), now)
                .await?;
            let mut events = log.into_events();
            events.push(thread_event(decision, &message.classification, now));
            let write = TicketWrite {
                ticket: next,
                comment: Some(NewComment {
                    author_id: sender.id,
                    body: body.clone(),
                    public,
                    attachments: attachments.clone(),
                    created_at: now,
                }),
                events,
                jobs: Vec::new(),
                sla: Some(sla),
                notifications: Vec::new(),
            };
            match self.store().update_ticket(write).await {
                Ok((ticket, Some(comment))) => {
                    self.publish(crate::Change::CommentAdded {
                        ticket_id: ticket.id,
                        comment_id: comment.id,
                        public: comment.public,
                    });
                    return Ok((ticket, comment.id));
                }
                Ok((_, None)) => {
                    return Err(StoreError::Other("store returned no comment".into()).into());
                }
                Err(StoreError::Conflict {
                    constraint: "ticket_version",
                }) if attempt < WRITE_ATTEMPTS => {}
                Err(e) => return Err(e.into()),
            }
        }
        Err(ServiceError::Conflict {
            code: "ticket_version",
            message: "the ticket is being changed by others; try again".to_owned(),
        })
    }

    /// Opens a ticket from the mail: the full text is its description and first
    /// comment; the mailbox gives group and language.
    async fn open_mail_ticket(
        &self,
        message: &InboundMessage,
        mailbox: Option<&Mailbox>,
        sender: &User,
        decision: &ThreadDecision,
        link: Option<Link<'_>>,
    ) -> ServiceResult<(Ticket, i64)> {
        let now = self.now();
        let public = message.classification.may_auto_reply();
        let body = mail_body(&message.text_body);
        let (impact, urgency) = (Impact::DEFAULT, Urgency::DEFAULT);
        let ticket = Ticket {
            id: 0,
            number: 0,
            subject: mail_subject(&message.subject),
            description: body.clone(),
            status: Status::New,
            ticket_type: TicketType::Question,
            impact,
            urgency,
            priority: self.config().priority_matrix.priority(impact, urgency),
            priority_overridden: false,
            category: None,
            tags: class_tag(&message.classification)
                .map(str::to_owned)
                .into_iter()
                .collect(),
            custom_fields: Map::new(),
            requester_id: sender.id,
            organization_id: sender.organization_id,
            assignee_id: None,
            group_id: mailbox.and_then(|m| m.default_group_id),
            tier: Tier::L1,
            channel: Channel::Email,
            language: mailbox
                .and_then(|m| m.default_language.clone())
                .filter(|l| validate::language(l).is_ok()),
            created_at: now,
            updated_at: now,
            first_response_at: None,
            solved_at: None,
            closed_at: None,
            version: 1,
        };
        let actor = Actor::from_user(sender);
        let mut events = vec![NewEvent {
            actor_id: Some(sender.id),
            kind: EventKind::Created,
            field: None,
            old_value: None,
            new_value: Some(Channel::Email.as_str().to_owned()),
            for_comment: false,
            internal: false,
            created_at: now,
        }];
        events.push(thread_event(decision, &message.classification, now));
        if let Some(link) = &link {
            events.push(ChangeLog::event(
                &actor,
                link.field_on_new,
                None,
                Some(format!("#{}", link.other.number)),
                link.internal,
                now,
            ));
        }
        let mut log = ChangeLog::new(&actor, now);
        log.push_comment(!public);
        events.extend(log.into_events());
        let sla = self
            .sla_row_for_new_ticket(&ticket, sender.time_zone.clone())
            .await?;
        let created = self
            .store()
            .create_ticket(NewTicket {
                ticket,
                comments: vec![NewComment {
                    author_id: sender.id,
                    body,
                    public,
                    attachments: mail_attachments(message, self.config().max_attachment_bytes),
                    created_at: now,
                }],
                events,
                jobs: Vec::new(),
                idempotency: None,
                sla: Some(sla),
            })
            .await?
            .value;
        if let Some(link) = link {
            self.record_link(&actor, &link, &created, now).await;
        }
        let comment_id = self
            .store()
            .list_comments(created.id, true)
            .await?
            .first()
            .map(|c| c.id)
            .ok_or(ServiceError::NotFound("comment"))?;
        metrics::counter!("tessera_tickets_created_total", "channel" => Channel::Email.as_str())
            .increment(1);
        self.publish(crate::Change::TicketCreated {
            ticket_id: created.id,
        });
        Ok((created, comment_id))
    }

    /// Notes the new ticket on the one it is linked to. Best effort: the new
    /// ticket already carries the link, and history stays append-only.
    async fn record_link(
        &self,
        actor: &Actor,
        link: &Link<'_>,
        created: &Ticket,
        now: jiff::Timestamp,
    ) {
        for _ in 0..WRITE_ATTEMPTS {
            let current = match self.store().get_ticket(link.other.id).await {
                Ok(t) => t,
                Err(e) => {
                    tracing::warn!(ticket = link.other.id, error = %e, "could not record mail link");
                    return;
                }
            };
            let write = TicketWrite {
                ticket: current,
                comment: None,
                events: vec![ChangeLog::event(
                    actor,
                    link.field_on_other,
                    None,
                    Some(format!("#{}", created.number)),
                    link.internal,
                    now,
                )],
                jobs: Vec::new(),
                sla: None,
                notifications: Vec::new(),
            };
            match self.store().update_ticket(write).await {
                Ok(_) => {
                    self.publish(crate::Change::TicketUpdated {
                        ticket_id: link.other.id,
                    });
                    return;
                }
                Err(StoreError::Conflict {
                    constraint: "ticket_version",
                }) => continue,
                Err(e) => {
                    tracing::warn!(ticket = link.other.id, error = %e, "could not record mail link");
                    return;
                }
            }
        }
    }
}

/// The internal history entry explaining where the mail went and, for mail that
/// is never answered, what kind it is.
fn thread_event(decision: &ThreadDecision, class: &MailClass, at: jiff::Timestamp) -> NewEvent {
    let mut explanation = decision.explain();
    if !class.may_auto_reply() {
        explanation.push_str(&format!(
            " Recognised as {}: stored as an internal note, never answered automatically.",
            class.describe()
        ));
    }
    NewEvent {
        actor_id: None,
        kind: EventKind::FieldChanged,
        field: Some("mail_thread".to_owned()),
        old_value: None,
        new_value: Some(explanation),
        for_comment: true,
        internal: true,
        created_at: at,
    }
}

/// A tag marking tickets opened by mail nobody should answer.
fn class_tag(class: &MailClass) -> Option<&'static str> {
    match class {
        MailClass::AutoReply { .. } => Some("auto-reply"),
        MailClass::Bounce(_) => Some("bounce"),
        MailClass::Bulk { .. } => Some("bulk"),
        MailClass::List { .. } => Some("mailing-list"),
        MailClass::Normal => None,
    }
}

fn outcome_label(outcome: &MailOutcome) -> &'static str {
    match outcome {
        MailOutcome::NewTicket { .. } => "new_ticket",
        MailOutcome::Comment { .. } => "comment",
        MailOutcome::AlreadyProcessed { .. } => "duplicate",
        MailOutcome::Failed { .. } => "failed",
    }
}

/// The mail's attachments as a comment carries them: at most
/// [`ATTACHMENTS_MAX`], each within the size limit (larger ones stay in the raw
/// message only), with names and types the API would accept.
fn mail_attachments(message: &InboundMessage, max_bytes: usize) -> Vec<NewAttachment> {
    message
        .attachments
        .iter()
        .filter(|a| a.content.len() <= max_bytes)
        .take(ATTACHMENTS_MAX)
        .enumerate()
        .map(|(i, a)| NewAttachment {
            filename: attachment_name(a.filename.as_deref(), i),
            content_type: attachment_type(&a.content_type),
            bytes: a.content.clone(),
        })
        .collect()
}

/// A file name without path separators or control characters, never empty.
fn attachment_name(name: Option<&str>, index: usize) -> String {
    let cleaned: String = name
        .unwrap_or("")
        .chars()
        .map(|c| {
            if c.is_control() || c == '/' || c == '\\' {
                '_'
            } else {
                c
            }
        })
        .take(255)
        .collect();
    if cleaned.trim().is_empty() {
        format!("attachment-{}", index + 1)
    } else {
        cleaned
    }
}

fn attachment_type(content_type: &str) -> String {
    let plausible = content_type.len() <= 127
        && content_type
            .split_once('/')
            .is_some_and(|(t, s)| !t.is_empty() && !s.is_empty())
        && content_type.chars().all(|c| c.is_ascii_graphic());
    if plausible {
        content_type.to_owned()
    } else {
        "application/octet-stream".to_owned()
    }
}

/// One line of at most the subject limit; mail without one still makes a ticket.
fn mail_subject(subject: &str) -> String {
    let line: String = subject
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(SUBJECT_MAX_CHARS)
        .collect();
    validate::subject(&line).unwrap_or_else(|_| "(no subject)".to_owned())
}

/// Text the store accepts: no NUL, at most the body limit (cut on a character
/// boundary; the raw message keeps everything).
fn mail_body(text: &str) -> String {
    let mut body: String = text.chars().filter(|&c| c != '\0').collect();
    if body.len() > DESCRIPTION_MAX_BYTES {
        let mut end = DESCRIPTION_MAX_BYTES;
        while !body.is_char_boundary(end) {
            end -= 1;
        }
        body.truncate(end);
    }
    if body.trim().is_empty() {
        "(no text)".to_owned()
    } else {
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_one_clean_line() {
        assert_eq!(mail_subject("  Printer\r\n broken"), "Printer");
        assert_eq!(mail_subject(""), "(no subject)");
        assert_eq!(mail_subject("a\u{7}b"), "ab");
        assert_eq!(
            mail_subject(&"x".repeat(SUBJECT_MAX_CHARS + 5))
                .chars()
                .count(),
            SUBJECT_MAX_CHARS
        );
    }

    #[test]
    fn attachment_names_and_types_are_safe() {
        assert_eq!(attachment_name(Some("../etc/passwd"), 0), ".._etc_passwd");
        assert_eq!(attachment_name(None, 2), "attachment-3");
        assert_eq!(attachment_name(Some(" "), 0), "attachment-1");
        assert_eq!(attachment_type("image/png"), "image/png");
        assert_eq!(
            attachment_type("text/plain; charset=x"),
            "application/octet-stream"
        );
        assert_eq!(attachment_type(""), "application/octet-stream");
    }

    #[test]
    fn bodies_fit_the_store() {
        assert_eq!(mail_body("a\0b"), "ab");
        assert_eq!(mail_body("  \n"), "(no text)");
        let long = "ż".repeat(DESCRIPTION_MAX_BYTES);
        let cut = mail_body(&long);
        assert!(cut.len() <= DESCRIPTION_MAX_BYTES);
        assert!(cut.chars().all(|c| c == 'ż'));
    }
}
