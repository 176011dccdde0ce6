//! Users (agents and customers) with their identities, organizations and groups.

use tessera_core::{Role, Tier, validate};
use tessera_store::{
    Group, Identity, IdentityKind, NewGroup, NewOrganization, NewUser, Organization, Page, User,
    UserQuery,
};

use crate::policy::{self, Action};
use crate::{Actor, Service, ServiceError, ServiceResult};

#[derive(Debug, Clone, Default)]
pub struct CreateUser {
    pub name: String,
    pub email: Option<String>,
    pub role: Option<Role>,
    pub organization_id: Option<i64>,
    pub language: Option<String>,
    pub time_zone: Option<String>,
    pub phones: Vec<String>,
    pub password: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct UpdateUser {
    pub name: Option<String>,
    pub role: Option<Role>,
    pub organization_id: Option<Option<i64>>,
    pub language: Option<Option<String>>,
    pub time_zone: Option<Option<String>>,
    pub active: Option<bool>,
}

fn check_time_zone(tz: &str) -> ServiceResult<String> {
    jiff::tz::TimeZone::get(tz)
        .map(|_| tz.to_owned())
        .map_err(|_| {
            ServiceError::invalid("time_zone", "must be an IANA time zone like Europe/Warsaw")
        })
}

/// Phone numbers are kept as `+` and digits so the same number always matches.
fn normalise_phone(raw: &str) -> ServiceResult<String> {
    let plus = raw.trim_start().starts_with('+');
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let ok = (5..=20).contains(&digits.len())
        && raw
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if !ok {
        return Err(ServiceError::invalid(
            "phones",
            format!("{raw:?} is not a phone number"),
        ));
    }
    Ok(if plus { format!("+{digits}") } else { digits })
}

fn check_domains(domains: &[String]) -> ServiceResult<Vec<String>> {
    let mut out = Vec::new();
    for d in domains {
        let d = d.trim().to_lowercase();
        let ok = d.contains('.')
            && d.len() <= 253
            && d.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
            && !d.starts_with('.')
            && !d.ends_with('.');
        if !ok {
            return Err(ServiceError::invalid(
                "domains",
                format!("{d:?} is not a domain name"),
            ));
        }
        out.push(d);
    }
    out.sort();
    out.dedup();
    Ok(out)
}

impl Service {
    pub async fn current_user(&self, actor: &Actor) -> ServiceResult<User> {
        Ok(self.store().get_user(actor.user_id).await?)
    }

    pub async fn create_user(&self, actor: &Actor, req: CreateUser) -> ServiceResult<User> {
        let role = req.role.unwrap_or(Role::Customer);
        policy::authorize(actor, Action::ManageUser(role))?;
        let name = validate::line("name", &req.name, validate::NAME_MAX_CHARS)?;
        let email = req
            .email
            .as_deref()
            .map(|e| validate::email("email", e))
            .transpose()?;
        if role.is_staff() && email.is_none() {
            return Err(ServiceError::invalid(
                "email",
                "is required for staff users",
            ));
        }
        let language = req
            .language
            .as_deref()
            .map(validate::language)
            .transpose()?;
        let time_zone = req.time_zone.as_deref().map(check_time_zone).transpose()?;
        let phones = req
            .phones
            .iter()
            .map(|p| normalise_phone(p))
            .collect::<ServiceResult<Vec<_>>>()?;
        if let Some(org) = req.organization_id {
            self.store().get_organization(org).await.map_err(|_| {
                ServiceError::invalid(
                    "organization_id",
                    format!("organization {org} does not exist"),
                )
            })?;
        }
        if let Some(pw) = &req.password {
            // Validate before anything is written.
            if pw.chars().count() < 8 {
                return Err(ServiceError::invalid(
                    "password",
                    "must have at least 8 characters",
                ));
            }
        }
        let user = self
            .store()
            .create_user(NewUser {
                name,
                email: email.clone(),
                role,
                organization_id: req.organization_id,
                language,
                time_zone,
                phones,
                created_at: self.now(),
            })
            .await?;
        if let (Some(pw), Some(email)) = (req.password, email) {
            self.admin_set_password(&email, &pw).await?;
        }
        tracing::info!(actor = actor.user_id, user = user.id, role = %user.role, "user created");
        Ok(user)
    }

    /// Staff see anyone; customers only themselves.
    pub async fn get_user(&self, actor: &Actor, id: i64) -> ServiceResult<User> {
        if id != actor.user_id {
            policy::authorize(actor, Action::ViewDirectory)
                .map_err(|_| ServiceError::NotFound("user"))?;
        }
        Ok(self.store().get_user(id).await?)
    }

    /// Several users at once, in the order asked, duplicates once; ids the actor
    /// may not look up (or that do not exist) are left out rather than failing
    /// the whole batch, so one deleted requester does not break a ticket list.
    pub async fn get_users(&self, actor: &Actor, ids: &[i64]) -> ServiceResult<Vec<User>> {
        let mut users: Vec<User> = Vec::with_capacity(ids.len());
        for &id in ids {
            if users.iter().any(|u| u.id == id) {
                continue;
            }
            match self.get_user(actor, id).await {
                Ok(user) => users.push(user),
                Err(ServiceError::NotFound(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(users)
    }

    pub async fn list_users(&self, actor: &Actor, query: UserQuery) -> ServiceResult<Page<User>> {
        policy::authorize(actor, Action::ViewDirectory)?;
        if !(1..=500).contains(&query.limit) {
            return Err(ServiceError::invalid("limit", "must be from 1 to 500"));
        }
        Ok(self.store().list_users(&query).await?)
    }

    pub async fn list_identities(
        &self,
        actor: &Actor,
        user_id: i64,
    ) -> ServiceResult<Vec<Identity>> {
        self.get_user(actor, user_id).await?;
        Ok(self.store().list_identities(user_id).await?)
    }

    pub async fn add_identity(
        &self,
        actor: &Actor,
        user_id: i64,
        kind: IdentityKind,
        value: &str,
    ) -> ServiceResult<Identity> {
        let user = self.get_user(actor, user_id).await?;
        policy::authorize(actor, Action::ManageUser(user.role))?;
        let value = match kind {
            IdentityKind::Email => validate::email("value", value)?,
            IdentityKind::Phone => normalise_phone(value)?,
            IdentityKind::Chat => validate::line("value", value, validate::NAME_MAX_CHARS)?,
        };
        Ok(self.store().add_identity(user_id, kind, &value).await?)
    }

    /// Users may change their own name, language and time zone; role, organization
    /// and activation need the right to manage that kind of user.
    pub async fn update_user(
        &self,
        actor: &Actor,
        id: i64,
        req: UpdateUser,
    ) -> ServiceResult<User> {
        let mut user = self.get_user(actor, id).await?;
        let self_service = id == actor.user_id
            && req.role.is_none()
            && req.organization_id.is_none()
            && req.active.is_none();
        if !self_service {
            policy::authorize(actor, Action::ManageUser(user.role))?;
            if let Some(role) = req.role {
                policy::authorize(actor, Action::ManageUser(role))?;
            }
        }
        if let Some(name) = &req.name {
            user.name = validate::line("name", name, validate::NAME_MAX_CHARS)?;
        }
        if let Some(role) = req.role {
            user.role = role;
        }
        if let Some(org) = req.organization_id {
            if let Some(id) = org {
                self.store().get_organization(id).await.map_err(|_| {
                    ServiceError::invalid(
                        "organization_id",
                        format!("organization {id} does not exist"),
                    )
                })?;
            }
            user.organization_id = org;
        }
        if let Some(language) = &req.language {
            user.language = language.as_deref().map(validate::language).transpose()?;
        }
        if let Some(tz) = &req.time_zone {
            user.time_zone = tz.as_deref().map(check_time_zone).transpose()?;
        }
        if let Some(active) = req.active {
            if id == actor.user_id && !active {
                return Err(ServiceError::invalid(
                    "active",
                    "you cannot deactivate yourself",
                ));
            }
            user.active = active;
        }
        Ok(self.store().update_user(&user).await?)
    }

    pub async fn create_organization(
        &self,
        actor: &Actor,
        name: &str,
        domains: &[String],
        shares_tickets: bool,
    ) -> ServiceResult<Organization> {
        policy::authorize(actor, Action::ManageOrganizations)?;
        Ok(self
            .store()
            .create_organization(NewOrganization {
                name: validate::line("name", name, validate::NAME_MAX_CHARS)?,
                domains: check_domains(domains)?,
                shares_tickets,
                created_at: self.now(),
            })
            .await?)
    }

    pub async fn get_organization(&self, actor: &Actor, id: i64) -> ServiceResult<Organization> {
        if actor.organization_id != Some(id) {
            policy::authorize(actor, Action::ViewDirectory)
                .map_err(|_| ServiceError::NotFound("organization"))?;
        }
        Ok(self.store().get_organization(id).await?)
    }

    pub async fn list_organizations(&self, actor: &Actor) -> ServiceResult<Vec<Organization>> {
        policy::authorize(actor, Action::ViewDirectory)?;
        Ok(self.store().list_organizations().await?)
    }

    pub async fn update_organization(
        &self,
        actor: &Actor,
        id: i64,
        name: Option<&str>,
        domains: Option<&[String]>,
        shares_tickets: Option<bool>,
    ) -> ServiceResult<Organization> {
        policy::authorize(actor, Action::ManageOrganizations)?;
        let mut org = self.store().get_organization(id).await?;
        if let Some(name) = name {
            org.name = validate::line("name", name, validate::NAME_MAX_CHARS)?;
        }
        if let Some(domains) = domains {
            org.domains = check_domains(domains)?;
        }
        if let Some(shares) = shares_tickets {
            org.shares_tickets = shares;
        }
        Ok(self.store().update_organization(&org).await?)
    }

    pub async fn delete_organization(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        policy::authorize(actor, Action::DeleteOrganizationsAndGroups)?;
        Ok(self.store().delete_organization(id).await?)
    }

    pub async fn create_group(
        &self,
        actor: &Actor,
        name: &str,
        description: &str,
        tier: Option<Tier>,
    ) -> ServiceResult<Group> {
        policy::authorize(actor, Action::ManageGroups)?;
        validate::body("description", description)?;
        Ok(self
            .store()
            .create_group(NewGroup {
                name: validate::line("name", name, validate::NAME_MAX_CHARS)?,
                description: description.to_owned(),
                tier: tier.unwrap_or(Tier::L1),
                created_at: self.now(),
            })
            .await?)
    }

    pub async fn get_group(&self, actor: &Actor, id: i64) -> ServiceResult<Group> {
        policy::authorize(actor, Action::ViewDirectory)
            .map_err(|_| ServiceError::NotFound("group"))?;
        Ok(self.store().get_group(id).await?)
    }

    pub async fn list_groups(&self, actor: &Actor) -> ServiceResult<Vec<Group>> {
        policy::authorize(actor, Action::ViewDirectory)?;
        Ok(self.store().list_groups().await?)
    }

    pub async fn update_group(
        &self,
        actor: &Actor,
        id: i64,
        name: Option<&str>,
        description: Option<&str>,
        tier: Option<Tier>,
    ) -> ServiceResult<Group> {
        policy::authorize(actor, Action::ManageGroups)?;
        let mut group = self.store().get_group(id).await?;
        if let Some(name) = name {
            group.name = validate::line("name", name, validate::NAME_MAX_CHARS)?;
        }
        if let Some(description) = description {
            validate::body("description", description)?;
            description.clone_into(&mut group.description);
        }
        if let Some(tier) = tier {
            group.tier = tier;
        }
        Ok(self.store().update_group(&group).await?)
    }

    pub async fn delete_group(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        policy::authorize(actor, Action::DeleteOrganizationsAndGroups)?;
        Ok(self.store().delete_group(id).await?)
    }

    pub async fn group_members(&self, actor: &Actor, id: i64) -> ServiceResult<Vec<i64>> {
        self.get_group(actor, id).await?;
        Ok(self.store().group_members(id).await?)
    }

    /// Replaces a group's members; every member must be an active staff user.
    pub async fn set_group_members(
        &self,
        actor: &Actor,
        id: i64,
        user_ids: &[i64],
    ) -> ServiceResult<Vec<i64>> {
        policy::authorize(actor, Action::ManageGroups)?;
        self.store().get_group(id).await?;
        let mut ids = user_ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        for uid in &ids {
            match self.store().get_user(*uid).await {
                Ok(u) if u.role.is_staff() => {}
                _ => {
                    return Err(ServiceError::invalid(
                        "user_ids",
                        format!("user {uid} is not a staff user"),
                    ));
                }
            }
        }
        self.store().set_group_members(id, &ids).await?;
        Ok(ids)
    }
}
