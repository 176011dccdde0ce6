//! The email channel's wiring: configured mailboxes, the SMTP listener's sink
//! (store first, then `250`), and the worker that turns stored messages into
//! tickets.
//!
//! Messages are processed one at a time, in arrival order, by a single worker per
//! node: a reply can then never overtake the mail it answers, and two messages
//! from a new sender cannot race to create the same customer. The durable
//! `mail.process` jobs the store enqueues stay for the job runner; until it
//! exists, the worker re-processes whatever is still queued at start, so a crash
//! after `250` loses nothing.

use std::sync::Arc;

use tessera_mail::{
    Envelope, InboundSink, MailboxSet, SharedMailboxes, SinkError, SmtpConfig, SmtpServer,
};
use tessera_service::{MailOutcome, Service};
use tessera_store::{NewMailbox, NewRawMessage, RawMessageState, Store, StoreError};
use tokio::sync::mpsc;

/// Queued messages fetched per round of the start-up sweep.
const SWEEP_BATCH: u32 = 100;

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

/// Hands each stored message's id to the worker.
pub type Wake = mpsc::UnboundedSender<i64>;

/// Stores accepted mail durably; the listener answers `250` only afterwards.
pub struct StoreSink {
    store: Arc<dyn Store>,
    mailboxes: SharedMailboxes,
    wake: Wake,
}

impl StoreSink {
    pub fn new(store: Arc<dyn Store>, mailboxes: SharedMailboxes, wake: Wake) -> Self {
        StoreSink {
            store,
            mailboxes,
            wake,
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
            // A closed channel means the node is shutting down: the message is
            // stored and will be processed at the next start.
            let _ = self.wake.send(stored.id);
        }
        Ok(())
    }
}

/// The SMTP server over the store.
pub fn smtp_server(store: Arc<dyn Store>, config: SmtpConfig, wake: Wake) -> SmtpServer<StoreSink> {
    let sink = StoreSink::new(store, config.mailboxes.clone(), wake);
    SmtpServer::new(config, sink)
}

/// Processes what is still queued, then every message the sink hands over,
/// until the sink side is dropped.
pub async fn run_worker(service: Service, mut woken: mpsc::UnboundedReceiver<i64>) {
    sweep(&service).await;
    while let Some(raw_id) = woken.recv().await {
        process(&service, raw_id).await;
    }
}

/// Processes the messages left queued by a crash or a stop (oldest first).
async fn sweep(service: &Service) {
    let mut after = 0;
    loop {
        let ids = match service
            .store()
            .list_raw_message_ids(RawMessageState::Queued, SWEEP_BATCH)
            .await
        {
            Ok(ids) => ids,
            Err(e) => {
                tracing::error!(error = %e, "cannot list queued inbound mail");
                return;
            }
        };
        // Messages that stay queued (their processing failed on the store) are
        // not retried in a loop here: the job runner owns retries.
        let fresh: Vec<i64> = ids.into_iter().filter(|&id| id > after).collect();
        let Some(&last) = fresh.last() else {
            return;
        };
        for id in fresh {
            process(service, id).await;
        }
        after = last;
    }
}

async fn process(service: &Service, raw_id: i64) {
    match service.process_raw_message(raw_id).await {
        Ok(MailOutcome::Failed { error }) => {
            tracing::warn!(raw_id, %error, "inbound mail marked failed");
        }
        Ok(outcome) => tracing::debug!(raw_id, ?outcome, "inbound mail processed"),
        Err(e) => tracing::error!(raw_id, error = %e, "inbound mail left queued"),
    }
}
