//! In-process notifications of ticket changes, for live views (SSE) and, later,
//! triggers and webhooks. Published after the change is committed; a slow
//! subscriber misses messages (it is told it lagged) rather than slowing writers.
//! Across PostgreSQL nodes the binary forwards this node's own changes to its
//! peers (LISTEN/NOTIFY) and republishes theirs here: subscribers see every
//! change of the cluster, the forwarder only the local ones (so nothing loops).

use tokio::sync::broadcast;

const CAPACITY: usize = 1024;

/// What changed. Carries ids only: subscribers re-read what they may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    TicketCreated {
        ticket_id: i64,
    },
    TicketUpdated {
        ticket_id: i64,
    },
    CommentAdded {
        ticket_id: i64,
        comment_id: i64,
        public: bool,
    },
}

impl Change {
    pub fn ticket_id(self) -> i64 {
        match self {
            Change::TicketCreated { ticket_id }
            | Change::TicketUpdated { ticket_id }
            | Change::CommentAdded { ticket_id, .. } => ticket_id,
        }
    }
}

pub(crate) struct Bus {
    /// Every change, local or from a peer node.
    sender: broadcast::Sender<Change>,
    /// Changes made on this node only: what a forwarder sends to peers.
    local: broadcast::Sender<Change>,
}

impl Bus {
    pub(crate) fn new() -> Bus {
        let (sender, _) = broadcast::channel(CAPACITY);
        let (local, _) = broadcast::channel(CAPACITY);
        Bus { sender, local }
    }

    pub(crate) fn publish(&self, change: Change) {
        // No subscribers is fine: nobody is watching.
        let _ = self.sender.send(change);
        let _ = self.local.send(change);
    }

    /// A change another node made: shown to subscribers, never forwarded again.
    pub(crate) fn publish_from_peer(&self, change: Change) {
        let _ = self.sender.send(change);
    }

    pub(crate) fn subscribe_local(&self) -> broadcast::Receiver<Change> {
        self.local.subscribe()
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.sender.subscribe()
    }
}
