//! The JSON API under `/api/v1`. Each resource module owns its routes; this module
//! assembles them with the OpenAPI document generated from the handlers.

pub mod dto;
mod jobs;
mod people;
mod search;
mod session;
mod sla;
mod tickets;
mod tokens;

use std::str::FromStr;

use tessera_core::CoreError;
use tessera_service::ServiceError;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Tessera API", description = "Help desk and IT service desk API. Authenticate with `Authorization: Bearer <token>` (from `tessera admin create-token` or `POST /api/v1/tokens`). Errors are `{\"error\": {\"code\", \"message\", \"details\"}}`."),
    tags((name = "tickets"), (name = "people"), (name = "search"), (name = "auth"), (name = "admin"), (name = "sla")),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        openapi.security = Some(vec![SecurityRequirement::new(
            "bearer",
            Vec::<String>::new(),
        )]);
    }
}

/// All API routes and their OpenAPI description.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(tickets::router())
        .merge(people::router())
        .merge(search::router())
        .merge(session::router())
        .merge(tokens::router())
        .merge(sla::router())
        .merge(jobs::router())
}

/// Parses a domain enum from its text, as a 422 naming the field on failure.
pub(crate) fn parse_enum<T: FromStr<Err = CoreError>>(text: &str) -> ApiResult<T> {
    text.parse::<T>()
        .map_err(|e| ApiError::from(ServiceError::from(e)))
}

/// Parses a comma-separated list of domain enums.
pub(crate) fn parse_list<T: FromStr<Err = CoreError>>(text: Option<&str>) -> ApiResult<Vec<T>> {
    text.map(|t| {
        t.split(',')
            .filter(|s| !s.is_empty())
            .map(parse_enum)
            .collect()
    })
    .unwrap_or_else(|| Ok(Vec::new()))
}
