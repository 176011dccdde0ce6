//! The threading decision's view of the store: which ticket a Message-ID or a
//! number names, and who takes part in a ticket.

use tessera_mail::thread::{KnownMessage, MessageDirection as KnownDirection};
use tessera_mail::{ThreadLookup, TicketRef};
use tessera_store::{IdentityKind, MessageDirection, Store, StoreError, Ticket};

pub(super) struct StoreLookup<'a> {
    pub(super) store: &'a dyn Store,
}

fn ticket_ref(ticket: &Ticket) -> TicketRef {
    TicketRef::new(ticket.id, ticket.number, ticket.status)
}

impl StoreLookup<'_> {
    /// The ticket, or `None` if it is gone (a Message-ID may outlive its ticket).
    async fn ticket(&self, id: i64) -> Result<Option<Ticket>, StoreError> {
        match self.store.get_ticket(id).await {
            Ok(ticket) => Ok(Some(ticket)),
            Err(StoreError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

impl ThreadLookup for StoreLookup<'_> {
    type Error = StoreError;

    async fn ticket_for_message_ids(
        &self,
        message_ids: &[String],
    ) -> Result<Option<TicketRef>, StoreError> {
        let known = self.store.tickets_for_message_ids(message_ids).await?;
        // `message_ids` comes most relevant first (In-Reply-To, then the newest
        // References): the first one we know decides.
        let Some(record) = message_ids
            .iter()
            .find_map(|id| known.iter().find(|r| &r.message_id == id))
        else {
            return Ok(None);
        };
        let Some(ticket) = self.ticket(record.ticket_id).await? else {
            return Ok(None);
        };
        let mut found = ticket_ref(&ticket);
        found.matched = Some(KnownMessage {
            message_id: record.message_id.clone(),
            direction: match record.direction {
                MessageDirection::In => KnownDirection::Received,
                MessageDirection::Out => KnownDirection::Sent,
            },
            at: Some(record.at),
        });
        Ok(Some(found))
    }

    async fn ticket_by_number(&self, number: i64) -> Result<Option<TicketRef>, StoreError> {
        match self.store.get_ticket_by_number(number).await {
            Ok(ticket) => Ok(Some(ticket_ref(&ticket))),
            Err(StoreError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Requester, assignee and everyone who wrote on the ticket. CC'd addresses
    /// and followers join this list once tickets keep them.
    async fn is_participant(&self, ticket: &TicketRef, sender: &str) -> Result<bool, StoreError> {
        let Some(user) = self
            .store
            .find_user_by_identity(IdentityKind::Email, sender)
            .await?
        else {
            return Ok(false);
        };
        let Some(current) = self.ticket(ticket.id).await? else {
            return Ok(false);
        };
        if current.requester_id == user.id || current.assignee_id == Some(user.id) {
            return Ok(true);
        }
        let comments = self.store.list_comments(current.id, true).await?;
        Ok(comments.iter().any(|c| c.author_id == user.id))
    }
}
