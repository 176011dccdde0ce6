//! Who may do what: the one place roles are enforced. Handlers never check roles;
//! use cases call [`authorize`] with an [`Action`], and ticket reads go through
//! [`ticket_scope`] / [`can_see_ticket`].
//!
//! | action                         | admin | supervisor | agent | light_agent | customer |
//! |--------------------------------|:-----:|:----------:|:-----:|:-----------:|:--------:|
//! | view tickets (all)             |   ✓   |     ✓      |   ✓   |      ✓      | own/org  |
//! | create ticket                  |   ✓   |     ✓      |   ✓   |             | as self  |
//! | update ticket fields           |   ✓   |     ✓      |   ✓   |             | solve own|
//! | public reply                   |   ✓   |     ✓      |   ✓   |             | own      |
//! | internal note / see internal   |   ✓   |     ✓      |   ✓   |      ✓      |          |
//! | view users, orgs, groups       |   ✓   |     ✓      |   ✓   |      ✓      | self     |
//! | create customers               |   ✓   |     ✓      |   ✓   |             |          |
//! | manage staff users, orgs, groups|  ✓   |  ✓ (not admins) |  |             |          |
//! | delete orgs/groups             |   ✓   |            |       |             |          |
//! | own API tokens                 |   ✓   |     ✓      |   ✓   |      ✓      |    ✓     |
//! | everyone's API tokens          |   ✓   |            |       |             |          |
//! | save personal views            |   ✓   |     ✓      |   ✓   |      ✓      |          |
//! | share views, change shared ones|   ✓   |     ✓      |       |             |          |
//! | read instance settings         |   ✓   |     ✓      |   ✓   |      ✓      |    ✓     |
//! | change instance settings       |   ✓   |            |       |             |          |
//! | see SLA calendars, policies, clocks | ✓ |     ✓      |   ✓   |      ✓      |          |
//! | manage SLA calendars, policies |   ✓   |            |       |             |          |
//! | escalate a ticket by hand      |   ✓   |     ✓      |   ✓   |             |          |
//! | SLA compliance reports         |   ✓   |     ✓      |       |             |          |
//! | see and retry background jobs  |   ✓   |            |       |             |          |

use tessera_core::Role;
use tessera_store::{Ticket, TicketScope};

use crate::{Actor, ServiceError, ServiceResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    CreateTicket,
    UpdateTicketFields,
    PublicReply,
    InternalNote,
    /// See internal notes, internal events and staff-only fields.
    ViewInternal,
    ViewDirectory,
    CreateCustomer,
    /// Create or change users of `role`.
    ManageUser(Role),
    ManageOrganizations,
    ManageGroups,
    DeleteOrganizationsAndGroups,
    ManageOwnTokens,
    ManageAllTokens,
    /// Keep personal saved views of the ticket list.
    SaveViews,
    /// Create, change or delete views shared with every agent.
    ShareViews,
    /// Change the instance name, default language and time zone.
    ManageSettings,
    /// See SLA calendars, policies and tickets' SLA clocks.
    ViewSla,
    /// Create, change, reorder or delete SLA calendars and policies.
    ManageSla,
    /// Move a ticket to the next support tier by hand.
    EscalateTicket,
    /// Read SLA compliance reports.
    ViewSlaReports,
    /// See the background job queue (errors included) and retry dead jobs.
    ManageJobs,
}

/// Allowed, or `Forbidden` naming what was refused.
pub fn authorize(actor: &Actor, action: Action) -> ServiceResult<()> {
    if allows(actor.role, action) {
        Ok(())
    } else {
        Err(ServiceError::forbidden(format!(
            "the {} role may not {}",
            actor.role,
            describe(action)
        )))
    }
}

/// The policy table itself.
pub fn allows(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match action {
        CreateTicket | PublicReply => matches!(role, Admin | Supervisor | Agent | Customer),
        UpdateTicketFields | EscalateTicket => matches!(role, Admin | Supervisor | Agent),
        InternalNote | ViewInternal | ViewDirectory | SaveViews | ViewSla => role.is_staff(),
        CreateCustomer => matches!(role, Admin | Supervisor | Agent),
        ManageUser(target) => match role {
            Admin => true,
            Supervisor => target != Admin,
            Agent => target == Customer,
            _ => false,
        },
        ManageOrganizations | ManageGroups | ShareViews | ViewSlaReports => {
            matches!(role, Admin | Supervisor)
        }
        DeleteOrganizationsAndGroups
        | ManageAllTokens
        | ManageSettings
        | ManageSla
        | ManageJobs => role == Admin,
        ManageOwnTokens => true,
    }
}

fn describe(action: Action) -> String {
    match action {
        Action::CreateTicket => "create tickets".into(),
        Action::UpdateTicketFields => "change ticket fields".into(),
        Action::PublicReply => "post public replies".into(),
        Action::InternalNote => "add internal notes".into(),
        Action::ViewInternal => "see internal information".into(),
        Action::ViewDirectory => "list users, organizations or groups".into(),
        Action::CreateCustomer => "create customers".into(),
        Action::ManageUser(role) => format!("manage {role} users"),
        Action::ManageOrganizations => "manage organizations".into(),
        Action::ManageGroups => "manage groups".into(),
        Action::DeleteOrganizationsAndGroups => "delete organizations or groups".into(),
        Action::ManageOwnTokens => "manage API tokens".into(),
        Action::ManageAllTokens => "manage other users' API tokens".into(),
        Action::SaveViews => "save views".into(),
        Action::ShareViews => "share views".into(),
        Action::ManageSettings => "change instance settings".into(),
        Action::ViewSla => "see SLA information".into(),
        Action::ManageSla => "manage SLA calendars and policies".into(),
        Action::EscalateTicket => "escalate tickets".into(),
        Action::ViewSlaReports => "read SLA reports".into(),
        Action::ManageJobs => "see or retry background jobs".into(),
    }
}

/// The tickets this actor may read.
pub fn ticket_scope(actor: &Actor) -> TicketScope {
    if actor.role.is_staff() {
        TicketScope::All
    } else {
        TicketScope::Requester {
            user_id: actor.user_id,
            organization_id: actor.organization_id,
        }
    }
}

/// Whether the actor may read this ticket; `org_shares` says whether the ticket's
/// organization shares tickets among its members.
pub fn can_see_ticket(actor: &Actor, ticket: &Ticket, org_shares: bool) -> bool {
    if actor.role.is_staff() || ticket.requester_id == actor.user_id {
        return true;
    }
    org_shares
        && ticket.organization_id.is_some()
        && ticket.organization_id == actor.organization_id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customers_never_see_internal_or_manage() {
        for action in [
            Action::InternalNote,
            Action::ViewInternal,
            Action::ViewDirectory,
            Action::UpdateTicketFields,
            Action::ManageGroups,
            Action::ManageAllTokens,
        ] {
            assert!(!allows(Role::Customer, action), "{action:?}");
        }
        assert!(allows(Role::Customer, Action::CreateTicket));
        assert!(allows(Role::Customer, Action::PublicReply));
    }

    #[test]
    fn light_agents_only_take_notes() {
        assert!(allows(Role::LightAgent, Action::InternalNote));
        assert!(!allows(Role::LightAgent, Action::PublicReply));
        assert!(!allows(Role::LightAgent, Action::UpdateTicketFields));
        assert!(!allows(Role::LightAgent, Action::CreateTicket));
    }

    #[test]
    fn supervisors_cannot_make_admins() {
        assert!(!allows(Role::Supervisor, Action::ManageUser(Role::Admin)));
        assert!(allows(Role::Supervisor, Action::ManageUser(Role::Agent)));
        assert!(allows(Role::Agent, Action::ManageUser(Role::Customer)));
        assert!(!allows(Role::Agent, Action::ManageUser(Role::Agent)));
    }

    #[test]
    fn views_and_settings() {
        for role in [Role::Admin, Role::Supervisor, Role::Agent, Role::LightAgent] {
            assert!(allows(role, Action::SaveViews), "{role}");
        }
        assert!(!allows(Role::Customer, Action::SaveViews));
        assert!(allows(Role::Supervisor, Action::ShareViews));
        assert!(!allows(Role::Agent, Action::ShareViews));
        assert!(allows(Role::Admin, Action::ManageSettings));
        assert!(!allows(Role::Supervisor, Action::ManageSettings));
        assert!(!allows(Role::Agent, Action::ManageSettings));
    }

    #[test]
    fn sla_rights() {
        assert!(allows(Role::Admin, Action::ManageSla));
        for role in [
            Role::Supervisor,
            Role::Agent,
            Role::LightAgent,
            Role::Customer,
        ] {
            assert!(!allows(role, Action::ManageSla), "{role}");
        }
        assert!(allows(Role::LightAgent, Action::ViewSla));
        assert!(!allows(Role::Customer, Action::ViewSla));
        assert!(allows(Role::Agent, Action::EscalateTicket));
        assert!(!allows(Role::LightAgent, Action::EscalateTicket));
        assert!(allows(Role::Supervisor, Action::ViewSlaReports));
        assert!(!allows(Role::Agent, Action::ViewSlaReports));
    }

    #[test]
    fn only_admins_manage_jobs() {
        assert!(allows(Role::Admin, Action::ManageJobs));
        for role in [
            Role::Supervisor,
            Role::Agent,
            Role::LightAgent,
            Role::Customer,
        ] {
            assert!(!allows(role, Action::ManageJobs), "{role}");
        }
    }

    #[test]
    fn org_sharing_controls_customer_visibility() {
        let actor = Actor {
            user_id: 7,
            role: Role::Customer,
            organization_id: Some(3),
        };
        let mut t = sample_ticket();
        t.requester_id = 8;
        t.organization_id = Some(3);
        assert!(!can_see_ticket(&actor, &t, false));
        assert!(can_see_ticket(&actor, &t, true));
        t.organization_id = Some(4);
        assert!(!can_see_ticket(&actor, &t, true));
        t.requester_id = 7;
        assert!(can_see_ticket(&actor, &t, false));
    }

    fn sample_ticket() -> Ticket {
        use tessera_core::*;
        let now = jiff::Timestamp::UNIX_EPOCH;
        Ticket {
            id: 1,
            number: 1001,
            subject: "s".into(),
            description: String::new(),
            status: Status::New,
            ticket_type: TicketType::Question,
            impact: Impact::DEFAULT,
            urgency: Urgency::DEFAULT,
            priority: Priority::Normal,
            priority_overridden: false,
            category: None,
            tags: vec![],
            custom_fields: Default::default(),
            requester_id: 1,
            organization_id: None,
            assignee_id: None,
            group_id: None,
            tier: Tier::L1,
            channel: Channel::Api,
            language: None,
            created_at: now,
            updated_at: now,
            first_response_at: None,
            solved_at: None,
            closed_at: None,
            version: 1,
        }
    }
}
