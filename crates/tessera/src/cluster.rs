//! Live changes across nodes. Several `tessera serve` nodes on one PostgreSQL
//! database each have their own in-process change bus; this module links them
//! with LISTEN/NOTIFY so that an agent's open view on node B sees the ticket
//! created through node A's API without a reload.
//!
//! Each node sends only the changes it committed itself (the service's local
//! stream) and republishes its peers' as peer changes, which are never sent
//! again: a message crosses the database once. NOTIFY is delivered after the
//! sending transaction commits, and a listener that loses its connection
//! reconnects; changes made while it was away are not replayed, which only costs
//! live views a refresh (the data itself is in the database).
//!
//! Presence (who views or types on a ticket) travels the same way on its own
//! channel: a node reports a ticket's local viewers whenever they change and
//! re-reports every ticket it has viewers on every [`PRESENCE_REFRESH`]; peers
//! forget a report after `tessera_web::ui::live::PEER_TTL`, so a node that dies
//! fades out of everyone's lists.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::postgres::{PgListener, PgPool, PgPoolOptions};
use std::sync::Arc;

use tessera_service::{Change, Service};
use tessera_web::{PeerViewer, Presence};
use tokio::sync::broadcast::error::RecvError;
use tokio::task::JoinHandle;

/// The NOTIFY channel of ticket changes.
pub const CHANNEL: &str = "tessera_changes";
/// The NOTIFY channel of presence reports.
pub const PRESENCE_CHANNEL: &str = "tessera_presence";
/// How often a node re-reports the tickets it has viewers on.
const PRESENCE_REFRESH: Duration = Duration::from_secs(20);
/// At most this many viewers per report (NOTIFY payloads are limited to 8 KB).
const MAX_REPORTED_VIEWERS: usize = 40;
/// Pause before listening again after the connection dropped.
const RECONNECT_DELAY: Duration = Duration::from_secs(1);

/// One change on the wire. `node` tells a node its own messages apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Message {
    node: String,
    kind: Kind,
    ticket: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    comment: Option<i64>,
    #[serde(default)]
    public: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Created,
    Updated,
    Comment,
}

impl Message {
    fn from_change(node: &str, change: Change) -> Message {
        let (kind, comment, public) = match change {
            Change::TicketCreated { .. } => (Kind::Created, None, false),
            Change::TicketUpdated { .. } => (Kind::Updated, None, false),
            Change::CommentAdded {
                comment_id, public, ..
            } => (Kind::Comment, Some(comment_id), public),
        };
        Message {
            node: node.to_owned(),
            kind,
            ticket: change.ticket_id(),
            comment,
            public,
        }
    }

    fn into_change(self) -> Option<Change> {
        let ticket_id = self.ticket;
        Some(match self.kind {
            Kind::Created => Change::TicketCreated { ticket_id },
            Kind::Updated => Change::TicketUpdated { ticket_id },
            Kind::Comment => Change::CommentAdded {
                ticket_id,
                comment_id: self.comment?,
                public: self.public,
            },
        })
    }
}

/// The two tasks that link this node to its peers; aborted on drop.
pub struct ClusterLink {
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for ClusterLink {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// A presence report on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct PresenceReport {
    node: String,
    ticket: i64,
    viewers: Vec<PeerViewer>,
}

/// Starts forwarding this node's changes and presence to peers and theirs to
/// this node. `node` must be unique per running process.
pub async fn link(
    service: &Service,
    presence: Arc<Presence>,
    url: &str,
    node: String,
) -> anyhow::Result<ClusterLink> {
    // One small pool for NOTIFY; the listener keeps its own connection.
    let pool = PgPoolOptions::new().max_connections(2).connect(url).await?;
    let mut listener = PgListener::connect(url).await?;
    listener.listen_all([CHANNEL, PRESENCE_CHANNEL]).await?;
    let forward = tokio::spawn(forward(service.clone(), pool.clone(), node.clone()));
    let report = tokio::spawn(report_presence(Arc::clone(&presence), pool, node.clone()));
    let receive = tokio::spawn(receive(service.clone(), presence, listener, node));
    Ok(ClusterLink {
        tasks: vec![forward, report, receive],
    })
}

async fn notify(pool: &PgPool, channel: &str, payload: &str) {
    if let Err(e) = sqlx::query("select pg_notify($1, $2)")
        .bind(channel)
        .bind(payload)
        .execute(pool)
        .await
    {
        tracing::warn!(error = %e, channel, "cannot notify peer nodes");
    }
}

async fn report_presence(presence: Arc<Presence>, pool: PgPool, node: String) {
    let mut local = presence.subscribe_local();
    let mut refresh = tokio::time::interval(PRESENCE_REFRESH);
    loop {
        let tickets = tokio::select! {
            changed = local.recv() => match changed {
                Ok(ticket) => vec![ticket],
                // Missed some: report everything this node has.
                Err(RecvError::Lagged(_)) => presence.local_tickets(),
                Err(RecvError::Closed) => return,
            },
            _ = refresh.tick() => presence.local_tickets(),
        };
        for ticket in tickets {
            let mut viewers = presence.local_viewers(ticket);
            viewers.truncate(MAX_REPORTED_VIEWERS);
            let report = PresenceReport {
                node: node.clone(),
                ticket,
                viewers,
            };
            match serde_json::to_string(&report) {
                Ok(payload) => notify(&pool, PRESENCE_CHANNEL, &payload).await,
                Err(e) => tracing::warn!(error = %e, "cannot encode a presence report"),
            }
        }
    }
}

async fn forward(service: Service, pool: PgPool, node: String) {
    let mut local = service.subscribe_local();
    loop {
        let change = match local.recv().await {
            Ok(change) => change,
            Err(RecvError::Lagged(missed)) => {
                tracing::warn!(
                    missed,
                    "cluster forwarder fell behind; peers miss live updates"
                );
                continue;
            }
            Err(RecvError::Closed) => return,
        };
        let message = Message::from_change(&node, change);
        let payload = match serde_json::to_string(&message) {
            Ok(payload) => payload,
            Err(e) => {
                tracing::warn!(error = %e, "cannot encode a change for peers");
                continue;
            }
        };
        notify(&pool, CHANNEL, &payload).await;
    }
}

async fn receive(
    service: Service,
    presence: Arc<Presence>,
    mut listener: PgListener,
    node: String,
) {
    loop {
        // `try_recv` yields `None` when the connection dropped; the next call
        // reconnects and listens again.
        match listener.try_recv().await {
            Ok(Some(notification)) if notification.channel() == PRESENCE_CHANNEL => {
                match serde_json::from_str::<PresenceReport>(notification.payload()) {
                    Ok(report) if report.node == node => {}
                    Ok(report) => presence.apply_peer(&report.node, report.ticket, report.viewers),
                    Err(e) => tracing::warn!(error = %e, "unreadable presence from a peer"),
                }
            }
            Ok(Some(notification)) => {
                match serde_json::from_str::<Message>(notification.payload()) {
                    Ok(message) if message.node == node => {}
                    Ok(message) => {
                        if let Some(change) = message.into_change() {
                            service.publish_from_peer(change);
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "unreadable change from a peer"),
                }
            }
            Ok(None) => tracing::info!("change listener reconnecting to PostgreSQL"),
            Err(e) => {
                tracing::warn!(error = %e, "change listener lost PostgreSQL; retrying");
                tokio::time::sleep(RECONNECT_DELAY).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_every_change() {
        for change in [
            Change::TicketCreated { ticket_id: 7 },
            Change::TicketUpdated { ticket_id: 8 },
            Change::CommentAdded {
                ticket_id: 9,
                comment_id: 42,
                public: true,
            },
        ] {
            let wire = serde_json::to_string(&Message::from_change("a", change)).expect("encodes");
            let back: Message = serde_json::from_str(&wire).expect("decodes");
            assert_eq!(back.node, "a");
            assert_eq!(back.into_change(), Some(change));
        }
    }

    #[test]
    fn a_comment_without_its_id_is_dropped() {
        let message: Message =
            serde_json::from_str(r#"{"node":"b","kind":"comment","ticket":3}"#).expect("decodes");
        assert_eq!(message.into_change(), None);
    }
}
