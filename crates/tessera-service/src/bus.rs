//! In-process notifications of ticket changes, for live views (SSE) and, later,
//! triggers and webhooks. Published after the change is committed; a slow
//! subscriber misses messages (it is told it lagged) rather than slowing writers.
//! Across PostgreSQL nodes the same messages will travel via LISTEN/NOTIFY.

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
    sender: broadcast::Sender<Change>,
}

impl Bus {
    pub(crate) fn new() -> Bus {
        let (sender, _) = broadcast::channel(CAPACITY);
        Bus { sender }
    }

    pub(crate) fn publish(&self, change: Change) {
        // No subscribers is fine: nobody is watching.
        let _ = self.sender.send(change);
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.sender.subscribe()
    }
}
