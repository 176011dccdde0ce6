//! Wire shapes of the JSON API and their conversions from store records. Staff-only
//! ticket fields are omitted for customers.

use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use tessera_store::{
    ApiToken, Attachment, Comment, Event, Group, Identity, Organization, Ticket, User,
};
use utoipa::ToSchema;

/// Distinguishes an absent field (`None`) from an explicit `null` (`Some(None)`).
pub fn double_option<'de, D, T>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TicketDto {
    pub id: i64,
    /// Human number, shown as `#1042`.
    pub number: i64,
    pub subject: String,
    pub description: String,
    /// new, open, pending, on_hold, solved, closed
    pub status: &'static str,
    /// incident, service_request, question, problem, change
    #[serde(rename = "type")]
    pub ticket_type: &'static str,
    /// urgent, high, normal, low
    pub priority: &'static str,
    pub requester_id: i64,
    pub organization_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub channel: &'static str,
    pub language: Option<String>,
    pub category: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: Timestamp,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub solved_at: Option<Timestamp>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub closed_at: Option<Timestamp>,
    /// Staff-only fields (absent for customers).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub internal: Option<TicketInternalDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TicketInternalDto {
    /// 1 (highest) to 4
    pub impact: u8,
    /// 1 (highest) to 4
    pub urgency: u8,
    pub priority_overridden: bool,
    pub tags: Vec<String>,
    #[schema(value_type = Object)]
    pub custom_fields: Map<String, Value>,
    pub group_id: Option<i64>,
    /// l0 … l4
    pub tier: &'static str,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub first_response_at: Option<Timestamp>,
    /// Bumped by every change; what `POST /tickets/{id}/escalate` expects back.
    pub version: i64,
}

impl TicketDto {
    pub fn from_ticket(t: Ticket, staff: bool) -> TicketDto {
        let internal = staff.then(|| TicketInternalDto {
            impact: t.impact.get(),
            urgency: t.urgency.get(),
            priority_overridden: t.priority_overridden,
            tags: t.tags.clone(),
            custom_fields: t.custom_fields.clone(),
            group_id: t.group_id,
            tier: t.tier.as_str(),
            first_response_at: t.first_response_at,
            version: t.version,
        });
        TicketDto {
            id: t.id,
            number: t.number,
            subject: t.subject,
            description: t.description,
            status: t.status.as_str(),
            ticket_type: t.ticket_type.as_str(),
            priority: t.priority.as_str(),
            requester_id: t.requester_id,
            organization_id: t.organization_id,
            assignee_id: t.assignee_id,
            channel: t.channel.as_str(),
            language: t.language,
            category: t.category,
            created_at: t.created_at,
            updated_at: t.updated_at,
            solved_at: t.solved_at,
            closed_at: t.closed_at,
            internal,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentDto {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    /// Where to download it.
    pub url: String,
}

impl AttachmentDto {
    pub fn from_attachment(a: Attachment, ticket_id: i64) -> AttachmentDto {
        AttachmentDto {
            url: format!("/api/v1/tickets/{ticket_id}/attachments/{}", a.id),
            id: a.id,
            filename: a.filename,
            content_type: a.content_type,
            size: a.size,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommentDto {
    pub id: i64,
    pub ticket_id: i64,
    pub author_id: i64,
    pub body: String,
    /// Public reply (true) or internal note (false).
    pub public: bool,
    pub attachments: Vec<AttachmentDto>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    /// Set when the reply went to a closed ticket and opened this follow-up instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up_of: Option<i64>,
}

impl From<Comment> for CommentDto {
    fn from(c: Comment) -> Self {
        let ticket_id = c.ticket_id;
        CommentDto {
            id: c.id,
            ticket_id,
            author_id: c.author_id,
            body: c.body,
            public: c.public,
            attachments: c
                .attachments
                .into_iter()
                .map(|a| AttachmentDto::from_attachment(a, ticket_id))
                .collect(),
            created_at: c.created_at,
            follow_up_of: None,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventDto {
    pub id: i64,
    pub ticket_id: i64,
    pub actor_id: Option<i64>,
    /// created, field_changed, comment_added
    pub kind: &'static str,
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub comment_id: Option<i64>,
    pub internal: bool,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl From<Event> for EventDto {
    fn from(e: Event) -> Self {
        EventDto {
            id: e.id,
            ticket_id: e.ticket_id,
            actor_id: e.actor_id,
            kind: e.kind.as_str(),
            field: e.field,
            old_value: e.old_value,
            new_value: e.new_value,
            comment_id: e.comment_id,
            internal: e.internal,
            created_at: e.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserDto {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    /// admin, supervisor, agent, light_agent, customer
    pub role: &'static str,
    pub organization_id: Option<i64>,
    pub language: Option<String>,
    pub time_zone: Option<String>,
    pub active: bool,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl From<User> for UserDto {
    fn from(u: User) -> Self {
        UserDto {
            id: u.id,
            name: u.name,
            email: u.email,
            role: u.role.as_str(),
            organization_id: u.organization_id,
            language: u.language,
            time_zone: u.time_zone,
            active: u.active,
            created_at: u.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IdentityDto {
    pub id: i64,
    pub user_id: i64,
    /// email, phone, chat
    pub kind: &'static str,
    pub value: String,
}

impl From<Identity> for IdentityDto {
    fn from(i: Identity) -> Self {
        IdentityDto {
            id: i.id,
            user_id: i.user_id,
            kind: i.kind.as_str(),
            value: i.value,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationDto {
    pub id: i64,
    pub name: String,
    pub domains: Vec<String>,
    pub shares_tickets: bool,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl From<Organization> for OrganizationDto {
    fn from(o: Organization) -> Self {
        OrganizationDto {
            id: o.id,
            name: o.name,
            domains: o.domains,
            shares_tickets: o.shares_tickets,
            created_at: o.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupDto {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub tier: &'static str,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl From<Group> for GroupDto {
    fn from(g: Group) -> Self {
        GroupDto {
            id: g.id,
            name: g.name,
            description: g.description,
            tier: g.tier.as_str(),
            created_at: g.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiTokenDto {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub prefix: String,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_used_at: Option<Timestamp>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub revoked_at: Option<Timestamp>,
    /// Only in the response that created the token: store it now, it is never shown again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

impl From<ApiToken> for ApiTokenDto {
    fn from(t: ApiToken) -> Self {
        ApiTokenDto {
            id: t.id,
            user_id: t.user_id,
            name: t.name,
            prefix: t.prefix,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
            token: None,
        }
    }
}
