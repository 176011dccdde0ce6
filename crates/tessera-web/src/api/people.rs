//! `/api/v1/users`, `/organizations`, `/groups`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tessera_core::{Role, Tier};
use tessera_service::{CreateUser, UpdateUser};
use tessera_store::{IdentityKind, UserQuery};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::dto::{GroupDto, IdentityDto, OrganizationDto, UserDto, double_option};
use super::parse_enum;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery, Auth};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(me))
        .routes(routes!(get_user, update_user))
        .routes(routes!(list_identities, add_identity))
        .routes(routes!(list_organizations, create_organization))
        .routes(routes!(
            get_organization,
            update_organization,
            delete_organization
        ))
        .routes(routes!(list_groups, create_group))
        .routes(routes!(get_group, update_group, delete_group))
        .routes(routes!(get_group_members, set_group_members))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UserListParams {
    pub role: Option<String>,
    pub organization_id: Option<i64>,
    /// Part of the name or email.
    pub q: Option<String>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<i64>,
    /// 1–500, default 50.
    pub limit: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserPage {
    pub users: Vec<UserDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<i64>,
}

/// Staff only.
#[utoipa::path(get, path = "/api/v1/users", tag = "people", params(UserListParams),
    responses((status = 200, body = UserPage), (status = 403, body = ErrorBody)))]
async fn list_users(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(p): ApiQuery<UserListParams>,
) -> ApiResult<Json<UserPage>> {
    let query = UserQuery {
        role: p.role.as_deref().map(parse_enum::<Role>).transpose()?,
        organization_id: p.organization_id,
        text: p.q,
        after_id: p.cursor,
        limit: p.limit.unwrap_or(50),
    };
    let page = state.service.list_users(&auth.actor, query).await?;
    Ok(Json(UserPage {
        next_cursor: page.next_cursor.map(|c| c.id),
        users: page.items.into_iter().map(UserDto::from).collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserBody {
    pub name: String,
    pub email: Option<String>,
    /// Default `customer`.
    pub role: Option<String>,
    pub organization_id: Option<i64>,
    pub language: Option<String>,
    pub time_zone: Option<String>,
    #[serde(default)]
    pub phones: Vec<String>,
    /// Optional initial password (at least 8 characters).
    pub password: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/users", tag = "people", request_body = CreateUserBody,
    responses((status = 201, body = UserDto), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_user(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<CreateUserBody>,
) -> ApiResult<(StatusCode, Json<UserDto>)> {
    let req = CreateUser {
        name: b.name,
        email: b.email,
        role: b.role.as_deref().map(parse_enum::<Role>).transpose()?,
        organization_id: b.organization_id,
        language: b.language,
        time_zone: b.time_zone,
        phones: b.phones,
        password: b.password,
    };
    let user = state.service.create_user(&auth.actor, req).await?;
    Ok((StatusCode::CREATED, Json(user.into())))
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/users/me", tag = "people", responses((status = 200, body = UserDto), (status = 401, body = ErrorBody)))]
async fn me(auth: Auth) -> Json<UserDto> {
    Json(auth.user.into())
}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = UserDto), (status = 404, body = ErrorBody)))]
async fn get_user(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> ApiResult<Json<UserDto>> {
    Ok(Json(state.service.get_user(&auth.actor, id).await?.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserBody {
    pub name: Option<String>,
    pub role: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub organization_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub language: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub time_zone: Option<Option<String>>,
    pub active: Option<bool>,
}

#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "people", params(("id" = i64, Path)), request_body = UpdateUserBody,
    responses((status = 200, body = UserDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_user(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<UpdateUserBody>,
) -> ApiResult<Json<UserDto>> {
    let req = UpdateUser {
        name: b.name,
        role: b.role.as_deref().map(parse_enum::<Role>).transpose()?,
        organization_id: b.organization_id,
        language: b.language,
        time_zone: b.time_zone,
        active: b.active,
    };
    Ok(Json(
        state
            .service
            .update_user(&auth.actor, id, req)
            .await?
            .into(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IdentityList {
    pub identities: Vec<IdentityDto>,
}

/// A user's emails, phone numbers and chat ids.
#[utoipa::path(get, path = "/api/v1/users/{id}/identities", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = IdentityList), (status = 404, body = ErrorBody)))]
async fn list_identities(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> ApiResult<Json<IdentityList>> {
    let identities = state.service.list_identities(&auth.actor, id).await?;
    Ok(Json(IdentityList {
        identities: identities.into_iter().map(IdentityDto::from).collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddIdentityBody {
    /// email, phone or chat
    pub kind: String,
    pub value: String,
}

#[utoipa::path(post, path = "/api/v1/users/{id}/identities", tag = "people", params(("id" = i64, Path)), request_body = AddIdentityBody,
    responses((status = 201, body = IdentityDto), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_identity(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AddIdentityBody>,
) -> ApiResult<(StatusCode, Json<IdentityDto>)> {
    let kind = IdentityKind::parse(&b.kind)
        .ok_or_else(|| ApiError::validation("kind", "must be email, phone or chat"))?;
    let identity = state
        .service
        .add_identity(&auth.actor, id, kind, &b.value)
        .await?;
    Ok((StatusCode::CREATED, Json(identity.into())))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationList {
    pub organizations: Vec<OrganizationDto>,
}

#[utoipa::path(get, path = "/api/v1/organizations", tag = "people", responses((status = 200, body = OrganizationList), (status = 403, body = ErrorBody)))]
async fn list_organizations(
    State(state): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<OrganizationList>> {
    let orgs = state.service.list_organizations(&auth.actor).await?;
    Ok(Json(OrganizationList {
        organizations: orgs.into_iter().map(OrganizationDto::from).collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganizationBody {
    pub name: Option<String>,
    pub domains: Option<Vec<String>>,
    /// Members may see each other's tickets.
    pub shares_tickets: Option<bool>,
}

#[utoipa::path(post, path = "/api/v1/organizations", tag = "people", request_body = OrganizationBody,
    responses((status = 201, body = OrganizationDto), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_organization(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<OrganizationBody>,
) -> ApiResult<(StatusCode, Json<OrganizationDto>)> {
    let name = b
        .name
        .ok_or_else(|| ApiError::validation("name", "is required"))?;
    let org = state
        .service
        .create_organization(
            &auth.actor,
            &name,
            &b.domains.unwrap_or_default(),
            b.shares_tickets.unwrap_or(false),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(org.into())))
}

#[utoipa::path(get, path = "/api/v1/organizations/{id}", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = OrganizationDto), (status = 404, body = ErrorBody)))]
async fn get_organization(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> ApiResult<Json<OrganizationDto>> {
    Ok(Json(
        state
            .service
            .get_organization(&auth.actor, id)
            .await?
            .into(),
    ))
}

#[utoipa::path(patch, path = "/api/v1/organizations/{id}", tag = "people", params(("id" = i64, Path)), request_body = OrganizationBody,
    responses((status = 200, body = OrganizationDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn update_organization(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<OrganizationBody>,
) -> ApiResult<Json<OrganizationDto>> {
    let org = state
        .service
        .update_organization(
            &auth.actor,
            id,
            b.name.as_deref(),
            b.domains.as_deref(),
            b.shares_tickets,
        )
        .await?;
    Ok(Json(org.into()))
}

#[utoipa::path(delete, path = "/api/v1/organizations/{id}", tag = "people", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_organization(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    state.service.delete_organization(&auth.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupList {
    pub groups: Vec<GroupDto>,
}

#[utoipa::path(get, path = "/api/v1/groups", tag = "people", responses((status = 200, body = GroupList), (status = 403, body = ErrorBody)))]
async fn list_groups(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<GroupList>> {
    let groups = state.service.list_groups(&auth.actor).await?;
    Ok(Json(GroupList {
        groups: groups.into_iter().map(GroupDto::from).collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupBody {
    pub name: Option<String>,
    pub description: Option<String>,
    /// l0 … l4
    pub tier: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/groups", tag = "people", request_body = GroupBody,
    responses((status = 201, body = GroupDto), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_group(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<GroupBody>,
) -> ApiResult<(StatusCode, Json<GroupDto>)> {
    let name = b
        .name
        .ok_or_else(|| ApiError::validation("name", "is required"))?;
    let tier = b.tier.as_deref().map(parse_enum::<Tier>).transpose()?;
    let group = state
        .service
        .create_group(
            &auth.actor,
            &name,
            b.description.as_deref().unwrap_or(""),
            tier,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(group.into())))
}

#[utoipa::path(get, path = "/api/v1/groups/{id}", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = GroupDto), (status = 404, body = ErrorBody)))]
async fn get_group(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> ApiResult<Json<GroupDto>> {
    Ok(Json(state.service.get_group(&auth.actor, id).await?.into()))
}

#[utoipa::path(patch, path = "/api/v1/groups/{id}", tag = "people", params(("id" = i64, Path)), request_body = GroupBody,
    responses((status = 200, body = GroupDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn update_group(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<GroupBody>,
) -> ApiResult<Json<GroupDto>> {
    let tier = b.tier.as_deref().map(parse_enum::<Tier>).transpose()?;
    let group = state
        .service
        .update_group(
            &auth.actor,
            id,
            b.name.as_deref(),
            b.description.as_deref(),
            tier,
        )
        .await?;
    Ok(Json(group.into()))
}

#[utoipa::path(delete, path = "/api/v1/groups/{id}", tag = "people", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_group(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    state.service.delete_group(&auth.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupMembers {
    pub user_ids: Vec<i64>,
}

#[utoipa::path(get, path = "/api/v1/groups/{id}/members", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = GroupMembers), (status = 404, body = ErrorBody)))]
async fn get_group_members(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> ApiResult<Json<GroupMembers>> {
    Ok(Json(GroupMembers {
        user_ids: state.service.group_members(&auth.actor, id).await?,
    }))
}

/// Replaces the members of a group.
#[utoipa::path(put, path = "/api/v1/groups/{id}/members", tag = "people", params(("id" = i64, Path)), request_body = GroupMembers,
    responses((status = 200, body = GroupMembers), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_group_members(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<GroupMembers>,
) -> ApiResult<Json<GroupMembers>> {
    Ok(Json(GroupMembers {
        user_ids: state
            .service
            .set_group_members(&auth.actor, id, &b.user_ids)
            .await?,
    }))
}
