//! Live updates and presence.
//!
//! `/ui/events` is a Server-Sent Events stream fed by the service's change bus:
//! each committed ticket change the viewer may see becomes an `event: ticket`
//! carrying only the ticket id; the page re-fetches its own fragments (so what is
//! shown always passes the same permission checks as a page load).
//!
//! Presence is the set of open streams per ticket (the stream's lifetime *is* the
//! visit: closing the tab drops it), plus a "typing" mark that expires a few
//! seconds after the last keystroke ping. It lives in memory, per node; with
//! several nodes the binary passes each ticket's local viewers to the other
//! nodes ([`Presence::local_viewers`], [`Presence::apply_peer`]), which show
//! them until the sender's next report or for [`PEER_TTL`] at most (a node that
//! dies stops reporting, and its viewers fade out).

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::{Stream, StreamExt};
use tessera_service::{Actor, Change, Service};
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;

use super::UiState;
use super::page::UiError;
use super::session::Viewer;
use crate::extract::{CSRF_HEADER, constant_time_eq};
use crate::state::AppState;

/// How long a typing mark lasts after the last keystroke ping.
const TYPING_FOR: Duration = Duration::from_secs(6);
/// How long another node's report of its viewers counts without a refresh (the
/// binary re-reports every ticket with viewers well within it).
pub const PEER_TTL: Duration = Duration::from_secs(60);
/// A stream ends after this long and the browser reconnects, so no connection
/// outlives a deploy or a revoked session by much.
const STREAM_LIFETIME: Duration = Duration::from_secs(10 * 60);

struct Viewing {
    conn: u64,
    user_id: i64,
    name: String,
    typing_until: Option<Instant>,
}

/// One viewer of a ticket as a node reports it to the others.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PeerViewer {
    pub user_id: i64,
    pub name: String,
    pub typing: bool,
}

/// Another node's latest report for one ticket.
struct PeerReport {
    viewers: Vec<PeerViewer>,
    received: Instant,
}

/// Who is looking at (and typing on) which ticket: this node's own streams,
/// plus what the other nodes reported.
pub struct Presence {
    tickets: Mutex<HashMap<i64, Vec<Viewing>>>,
    /// Any presence change of a ticket (local or a peer's): pages refresh.
    changed: broadcast::Sender<i64>,
    /// Changes of this node's own viewers: what the binary reports to peers.
    local_changed: broadcast::Sender<i64>,
    /// Ticket → node → that node's last report.
    peers: Mutex<HashMap<i64, HashMap<String, PeerReport>>>,
    next_conn: AtomicU64,
}

impl Default for Presence {
    fn default() -> Self {
        Presence {
            tickets: Mutex::new(HashMap::new()),
            changed: broadcast::channel(256).0,
            local_changed: broadcast::channel(256).0,
            peers: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(1),
        }
    }
}

impl Presence {
    /// Tickets whose local viewers changed (ids; read them with
    /// [`Presence::local_viewers`]).
    pub fn subscribe_local(&self) -> broadcast::Receiver<i64> {
        self.local_changed.subscribe()
    }

    /// This node's viewers of a ticket, one entry per person.
    pub fn local_viewers(&self, ticket_id: i64) -> Vec<PeerViewer> {
        let now = Instant::now();
        let mut out: Vec<PeerViewer> = Vec::new();
        if let Ok(map) = self.tickets.lock()
            && let Some(list) = map.get(&ticket_id)
        {
            for v in list {
                let typing = v.typing_until.is_some_and(|t| t > now);
                match out.iter_mut().find(|p| p.user_id == v.user_id) {
                    Some(p) => p.typing |= typing,
                    None => out.push(PeerViewer {
                        user_id: v.user_id,
                        name: v.name.clone(),
                        typing,
                    }),
                }
            }
        }
        out
    }

    /// Tickets this node has viewers on (re-reported periodically).
    pub fn local_tickets(&self) -> Vec<i64> {
        self.tickets
            .lock()
            .map(|map| map.keys().copied().collect())
            .unwrap_or_default()
    }

    /// Another node's current viewers of a ticket (empty: none any more).
    pub fn apply_peer(&self, node: &str, ticket_id: i64, viewers: Vec<PeerViewer>) {
        if let Ok(mut peers) = self.peers.lock() {
            let nodes = peers.entry(ticket_id).or_default();
            if viewers.is_empty() {
                nodes.remove(node);
            } else {
                nodes.insert(
                    node.to_owned(),
                    PeerReport {
                        viewers,
                        received: Instant::now(),
                    },
                );
            }
            nodes.retain(|_, r| r.received.elapsed() < PEER_TTL);
            if nodes.is_empty() {
                peers.remove(&ticket_id);
            }
        }
        let _ = self.changed.send(ticket_id);
    }

    fn local_change(&self, ticket_id: i64) {
        let _ = self.changed.send(ticket_id);
        let _ = self.local_changed.send(ticket_id);
    }

    fn join(&self, ticket_id: i64, user_id: i64, name: &str) -> u64 {
        let conn = self.next_conn.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut map) = self.tickets.lock() {
            map.entry(ticket_id).or_default().push(Viewing {
                conn,
                user_id,
                name: name.to_owned(),
                typing_until: None,
            });
        }
        self.local_change(ticket_id);
        conn
    }

    fn leave(&self, ticket_id: i64, conn: u64) {
        if let Ok(mut map) = self.tickets.lock()
            && let Some(list) = map.get_mut(&ticket_id)
        {
            list.retain(|v| v.conn != conn);
            if list.is_empty() {
                map.remove(&ticket_id);
            }
        }
        self.local_change(ticket_id);
    }

    fn typing(&self, ticket_id: i64, user_id: i64) {
        let until = Instant::now() + TYPING_FOR;
        let mut found = false;
        if let Ok(mut map) = self.tickets.lock()
            && let Some(list) = map.get_mut(&ticket_id)
        {
            for v in list.iter_mut().filter(|v| v.user_id == user_id) {
                v.typing_until = Some(until);
                found = true;
            }
        }
        if found {
            self.local_change(ticket_id);
        }
    }

    /// Names of the other people viewing `ticket_id`, and of those typing.
    pub fn others(&self, ticket_id: i64, me: i64) -> (Vec<String>, Vec<String>) {
        let now = Instant::now();
        let mut viewing: Vec<String> = Vec::new();
        let mut typing: Vec<String> = Vec::new();
        if let Ok(map) = self.tickets.lock()
            && let Some(list) = map.get(&ticket_id)
        {
            for v in list.iter().filter(|v| v.user_id != me) {
                if v.typing_until.is_some_and(|t| t > now) {
                    if !typing.contains(&v.name) {
                        typing.push(v.name.clone());
                    }
                } else if !viewing.contains(&v.name) {
                    viewing.push(v.name.clone());
                }
            }
        }
        if let Ok(peers) = self.peers.lock()
            && let Some(nodes) = peers.get(&ticket_id)
        {
            for report in nodes.values().filter(|r| r.received.elapsed() < PEER_TTL) {
                // A peer's typing mark is as old as its report.
                let fresh = report.received.elapsed() < TYPING_FOR;
                for v in report.viewers.iter().filter(|v| v.user_id != me) {
                    if v.typing && fresh {
                        if !typing.contains(&v.name) {
                            typing.push(v.name.clone());
                        }
                    } else if !viewing.contains(&v.name) {
                        viewing.push(v.name.clone());
                    }
                }
            }
        }
        viewing.retain(|n| !typing.contains(n));
        (viewing, typing)
    }
}

/// Leaves the ticket when the stream is dropped (tab closed, network gone).
struct Visit {
    ui: Arc<UiState>,
    ticket_id: i64,
    conn: u64,
}

impl Drop for Visit {
    fn drop(&mut self) {
        self.ui.presence.leave(self.ticket_id, self.conn);
    }
}

struct StreamState {
    changes: broadcast::Receiver<Change>,
    presence: broadcast::Receiver<i64>,
    service: Service,
    actor: Actor,
    ticket_id: Option<i64>,
    deadline: tokio::time::Instant,
    /// Resolves when the server is stopping.
    stopping: std::pin::Pin<Box<dyn Future<Output = ()> + Send + Sync>>,
    _visit: Option<Visit>,
}

#[derive(serde::Deserialize)]
pub struct EventsQuery {
    ticket: Option<i64>,
}

pub async fn events(
    State(state): State<AppState>,
    Extension(ui): Extension<Arc<UiState>>,
    viewer: Viewer,
    Query(q): Query<EventsQuery>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let ticket_id = match q.ticket {
        Some(id) if state.service.get_ticket(&viewer.actor, id).await.is_ok() => Some(id),
        _ => None,
    };
    // Only staff appear in presence lists; customers never learn who works on it.
    let visit = ticket_id
        .filter(|_| viewer.user.role.is_staff())
        .map(|id| Visit {
            conn: ui.presence.join(id, viewer.user.id, &viewer.user.name),
            ui: Arc::clone(&ui),
            ticket_id: id,
        });
    let start = StreamState {
        changes: state.service.subscribe(),
        presence: ui.presence.changed.subscribe(),
        service: state.service.clone(),
        actor: viewer.actor,
        ticket_id,
        deadline: tokio::time::Instant::now() + STREAM_LIFETIME,
        stopping: Box::pin(ui.shutdown.triggered()),
        _visit: visit,
    };
    let hello =
        futures_util::stream::once(async { Ok(Event::default().event("hello").data("{}")) });
    let updates = futures_util::stream::unfold(start, |mut s| async move {
        let event = next_event(&mut s).await?;
        Some((Ok(event), s))
    });
    Sse::new(hello.chain(updates)).keep_alive(KeepAlive::default())
}

async fn next_event(s: &mut StreamState) -> Option<Event> {
    loop {
        tokio::select! {
            () = tokio::time::sleep_until(s.deadline) => return None,
            () = &mut s.stopping => return None,
            change = s.changes.recv() => match change {
                Ok(change) => {
                    if visible(s, change).await {
                        let data = format!("{{\"ticket\":{}}}", change.ticket_id());
                        return Some(Event::default().event("ticket").data(data));
                    }
                }
                // Missed some: the page refreshes everything it shows.
                Err(RecvError::Lagged(_)) => return Some(Event::default().event("resync").data("{}")),
                Err(RecvError::Closed) => return None,
            },
            ticket = s.presence.recv() => match ticket {
                Ok(id) if Some(id) == s.ticket_id => {
                    return Some(Event::default().event("presence").data(format!("{{\"ticket\":{id}}}")));
                }
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return None,
            },
        }
    }
}

/// Staff see every change; a customer only changes of tickets they may read, and
/// never that an internal note was added.
async fn visible(s: &StreamState, change: Change) -> bool {
    if s.actor.role.is_staff() {
        return true;
    }
    if let Change::CommentAdded { public: false, .. } = change {
        return false;
    }
    s.service
        .get_ticket(&s.actor, change.ticket_id())
        .await
        .is_ok()
}

/// A keystroke ping from the composer (sent at most every few seconds). Called
/// by script, so the CSRF token travels in the `X-CSRF-Token` header.
pub async fn typing(
    Extension(ui): Extension<Arc<UiState>>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(ticket_id): Path<i64>,
) -> Response {
    let sent = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    if !sent.is_some_and(|t| constant_time_eq(t.as_bytes(), viewer.csrf.as_bytes())) {
        return UiError::Csrf(viewer.tr).into_response();
    }
    if viewer.user.role.is_staff() {
        ui.presence.typing(ticket_id, viewer.user.id);
    }
    StatusCode::NO_CONTENT.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presence_lists_others_and_typing() {
        let p = Presence::default();
        let a = p.join(1, 10, "Ana");
        let _b = p.join(1, 11, "Boris");
        let _c = p.join(2, 12, "Chloe");
        assert_eq!(p.others(1, 10), (vec!["Boris".to_owned()], vec![]));
        p.typing(1, 11);
        assert_eq!(p.others(1, 10), (vec![], vec!["Boris".to_owned()]));
        p.leave(1, a);
        assert_eq!(p.others(1, 11), (vec![], vec![]));
    }
}
