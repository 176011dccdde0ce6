//! `/api/v1/search`: full-text search over what the caller may see.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::dto::TicketDto;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiQuery, Auth};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words to find (stemmed for en, pl, hr, ru, el); `#1042` finds that ticket.
    pub q: String,
    /// `ticket` (default) or `article` (the knowledge base, once it exists).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// 1–200, default 25.
    pub limit: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResults {
    /// Best matches first.
    pub results: Vec<TicketDto>,
}

#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchParams),
    responses((status = 200, body = SearchResults), (status = 422, body = ErrorBody)))]
async fn search(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> ApiResult<Json<SearchResults>> {
    match p.kind.as_deref() {
        None | Some("ticket") => {}
        // No knowledge base yet: there are no articles to find.
        Some("article") => {
            return Ok(Json(SearchResults {
                results: Vec::new(),
            }));
        }
        Some(_) => return Err(ApiError::validation("type", "must be ticket or article")),
    }
    let found = state
        .service
        .search_tickets(&auth.actor, &p.q, p.limit.unwrap_or(25))
        .await?;
    let staff = auth.actor.role.is_staff();
    Ok(Json(SearchResults {
        results: found
            .into_iter()
            .map(|t| TicketDto::from_ticket(t, staff))
            .collect(),
    }))
}
