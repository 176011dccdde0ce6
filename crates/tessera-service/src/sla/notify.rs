//! In-app notifications: every signed-in user reads and clears their own.

use super::views::NotificationView;
use crate::{Actor, Service, ServiceError, ServiceResult};

const LIST_LIMIT: u32 = 200;
const MARK_MAX: usize = 1_000;

pub(super) async fn list(
    service: &Service,
    actor: &Actor,
    unread_only: bool,
) -> ServiceResult<Vec<NotificationView>> {
    let items = service
        .store()
        .list_notifications(actor.user_id, unread_only, LIST_LIMIT)
        .await?;
    Ok(items.into_iter().map(NotificationView::from).collect())
}

pub(super) async fn unread_count(service: &Service, actor: &Actor) -> ServiceResult<u64> {
    Ok(service
        .store()
        .count_unread_notifications(actor.user_id)
        .await?)
}

pub(super) async fn mark_read(service: &Service, actor: &Actor, ids: &[i64]) -> ServiceResult<()> {
    if ids.len() > MARK_MAX {
        return Err(ServiceError::invalid(
            "ids",
            format!("at most {MARK_MAX} at once"),
        ));
    }
    // The store only touches the actor's own notifications.
    Ok(service
        .store()
        .mark_notifications_read(actor.user_id, ids, service.now())
        .await?)
}
