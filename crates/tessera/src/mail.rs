//! The email channel's wiring: configured mailboxes and the SMTP listener's sink
//! (store first, then `250`).
//!
//! The store writes each accepted message together with its durable
//! `mail.process` job, in one transaction, before the sender gets `250`; the sink
//! then wakes the job runner, which turns the message into a ticket or comment
//! (see `jobs.rs`). A crash at any point after `250` therefore loses nothing: the
//! job is still queued, or its lease expires and it runs again.
//!
//! Messages are processed in arrival order as far as it matters: a message waits
//! while an earlier one is being processed, so a reply never overtakes the mail
//! it answers, and two messages from a new sender cannot race to create the same
//! customer (within a node the intake also runs one message at a time).

use std::sync::Arc;

use tessera_jobs::Waker;
use tessera_mail::{
    Envelope, InboundSink, MailboxSet, SharedMailboxes, SinkError, SmtpConfig, SmtpServer,
};
use tessera_store::{
    JobStatus, MAIL_PROCESS_JOB, NewMailbox, NewRawMessage, RawMessageState, Store, StoreError,
    StoreResult, mail_process_job,
};

/// The most queued messages the start-up check looks at (the oldest ones).
const STRANDED_CHECK_LIMIT: u32 = 500;
/// How long a message waits for an earlier one that is being processed (which
/// takes milliseconds; a hung one is abandoned to its lease).
const EARLIER_MAIL_WAIT: std::time::Duration = std::time::Duration::from_secs(10);
const EARLIER_MAIL_POLL: std::time::Duration = std::time::Duration::from_millis(20);

/// Creates the configured mailboxes that do not exist yet.
pub async fn ensure_mailboxes(store: &dyn Store, addresses: &[String]) -> anyhow::Result<()> {
    for address in addresses {
        if store.find_mailbox(address).await?.is_some() {
            continue;
        }
        let created = store
            .create_mailbox(NewMailbox {
                address: address.clone(),
                name: address.clone(),
                default_group_id: None,
                default_language: None,
                created_at: jiff::Timestamp::now(),
            })
            .await;
        match created {
            Ok(_) => tracing::info!(%address, "mailbox added"),
            // Another node added it a moment ago.
            Err(StoreError::Conflict { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// The listener's settings over the mailboxes in the store.
pub async fn smtp_config(store: &dyn Store) -> anyhow::Result<SmtpConfig> {
    let mailboxes = store.list_mailboxes().await?;
    let set = MailboxSet::new(mailboxes.iter().map(|m| m.address.as_str()));
    let hostname = std::env::var("HOSTNAME").unwrap_or_else(|_| "localhost".to_owned());
    Ok(SmtpConfig::new(hostname, SharedMailboxes::new(set)))
}

/// Stores accepted mail durably; the listener answers `250` only afterwards.
pub struct StoreSink {
    store: Arc<dyn Store>,
    mailboxes: SharedMailboxes,
    /// Wakes the job runner (and on PostgreSQL the other nodes' runners) for the
    /// message's `mail.process` job.
    jobs: Waker,
}

impl StoreSink {
    pub fn new(store: Arc<dyn Store>, mailboxes: SharedMailboxes, jobs: Waker) -> Self {
        StoreSink {
            store,
            mailboxes,
            jobs,
        }
    }

    /// The mailbox the message is filed under: the first recipient that is one
    /// (the listener accepted only such recipients).
    async fn mailbox_id(&self, envelope: &Envelope) -> Result<i64, SinkError> {
        for recipient in &envelope.rcpt_to {
            let Some(matched) = self.mailboxes.matches(recipient) else {
                continue;
            };
            if let Some(mailbox) = self
                .store
                .find_mailbox(&matched.mailbox)
                .await
                .map_err(temporary)?
            {
                return Ok(mailbox.id);
            }
        }
        Err(SinkError::Rejected(
            "no recipient is a mailbox of this help desk".to_owned(),
        ))
    }
}

fn temporary(e: StoreError) -> SinkError {
    tracing::error!(error = %e, "cannot store inbound mail");
    SinkError::Temporary("storage unavailable".to_owned())
}

impl InboundSink for StoreSink {
    async fn accept(&self, envelope: Envelope, raw: Vec<u8>) -> Result<(), SinkError> {
        let mailbox_id = self.mailbox_id(&envelope).await?;
        // Only the Message-ID (for duplicate detection) and the hash are needed
        // now; the full parse happens again when the message is processed.
        let parsed = tessera_mail::parse(&raw);
        let stored = self
            .store
            .store_raw_message(NewRawMessage {
                mailbox_id,
                envelope_from: envelope.mail_from.clone(),
                envelope_to: envelope.rcpt_to.clone(),
                remote_addr: Some(envelope.remote_addr.to_string()),
                received_at: jiff::Timestamp::now(),
                sha256: parsed.raw_sha256,
                message_id: parsed.message_id,
                bytes: raw,
            })
            .await
            .map_err(temporary)?;
        if stored.duplicate {
            tracing::info!(raw_id = stored.id, "duplicate delivery stored once");
        } else {
            // The job was committed with the message; a runner that is stopping
            // leaves it queued for the next one.
            self.jobs.wake();
        }
        Ok(())
    }
}

/// The SMTP server over the store.
pub fn smtp_server(
    store: Arc<dyn Store>,
    config: SmtpConfig,
    jobs: Waker,
) -> SmtpServer<StoreSink> {
    let sink = StoreSink::new(store, config.mailboxes.clone(), jobs);
    SmtpServer::new(config, sink)
}

/// Makes sure every message still queued has a live `mail.process` job (checked
/// at start, for the oldest [`STRANDED_CHECK_LIMIT`]). Each message is stored
/// with its job, so normally this adds nothing (the job's dedupe key is held);
/// it gives a message whose job died, e.g. during a long database outage,
/// another round of attempts.
pub async fn requeue_stranded_mail(store: &dyn Store) -> StoreResult<()> {
    let queued = store
        .list_raw_message_ids(RawMessageState::Queued, STRANDED_CHECK_LIMIT)
        .await?;
    if queued.is_empty() {
        return Ok(());
    }
    let now = jiff::Timestamp::now();
    let jobs = queued.iter().map(|&id| mail_process_job(id, now)).collect();
    store.enqueue_jobs(jobs).await?;
    tracing::info!(
        messages = queued.len(),
        "inbound mail still queued at start has its processing jobs"
    );
    Ok(())
}

/// Waits while an earlier message (a lower id) is being processed by any node, at
/// most [`EARLIER_MAIL_WAIT`]: `mail.process` jobs run concurrently, and a reply
/// that overtook the mail it answers would open a ticket of its own instead of
/// joining. Jobs are claimed oldest first, so an earlier message that is not
/// running yet has been processed already (or is waiting for a retry, which must
/// not hold up later mail).
pub async fn wait_for_earlier_mail(store: &dyn Store, raw_message_id: i64) {
    let started = std::time::Instant::now();
    loop {
        let running = match store.list_jobs(Some(JobStatus::Running), 500).await {
            Ok(jobs) => jobs,
            Err(error) => {
                tracing::warn!(%error, "cannot check for earlier inbound mail; processing anyway");
                return;
            }
        };
        let earlier_running = running.iter().any(|job| {
            job.kind == MAIL_PROCESS_JOB
                && job
                    .payload
                    .get("raw_message_id")
                    .and_then(serde_json::Value::as_i64)
                    .is_some_and(|id| id < raw_message_id)
        });
        if !earlier_running {
            return;
        }
        if started.elapsed() >= EARLIER_MAIL_WAIT {
            tracing::warn!(
                raw_message_id,
                "earlier inbound mail is still being processed; not waiting any longer"
            );
            return;
        }
        tokio::time::sleep(EARLIER_MAIL_POLL).await;
    }
}
