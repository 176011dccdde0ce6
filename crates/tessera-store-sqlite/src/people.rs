//! Users and their identities, organizations, groups and group membership.

use rusqlite::{Connection, OptionalExtension, named_params};
use tessera_store::{
    Cursor, Group, Identity, IdentityKind, NewGroup, NewOrganization, NewUser, Organization, Page,
    StoreError, User, UserQuery,
};

use crate::error::Result;
use crate::rows::{
    self, GROUP_COLUMNS, IDENTITY_COLUMNS, ORGANIZATION_COLUMNS, USER_COLUMNS, micros, qualified,
};
use crate::sql::Query;

// ----- users and identities ------------------------------------------------------

pub(crate) fn create_user(conn: &Connection, new: NewUser) -> Result<User> {
    let user = conn
        .prepare_cached(&format!(
            "INSERT INTO users (name, email, role, organization_id, language, time_zone,
                 active, created_at)
             VALUES (:name, :email, :role, :organization_id, :language, :time_zone, 1,
                 :created_at)
             RETURNING {USER_COLUMNS}"
        ))?
        .query_row(
            named_params! {
                ":name": new.name,
                ":email": new.email,
                ":role": new.role.as_str(),
                ":organization_id": new.organization_id,
                ":language": new.language,
                ":time_zone": new.time_zone,
                ":created_at": micros(new.created_at),
            },
            rows::user,
        )?;
    if let Some(email) = &user.email {
        insert_identity(conn, user.id, IdentityKind::Email, email)?;
    }
    for phone in &new.phones {
        insert_identity(conn, user.id, IdentityKind::Phone, phone)?;
    }
    Ok(user)
}

pub(crate) fn get_user(conn: &Connection, id: i64) -> Result<User> {
    conn.prepare_cached(&format!(
        "SELECT {USER_COLUMNS} FROM users u WHERE u.id = ?1"
    ))?
    .query_row([id], rows::user)
    .optional()?
    .ok_or_else(|| StoreError::not_found("user").into())
}

pub(crate) fn find_by_identity(
    conn: &Connection,
    kind: IdentityKind,
    value: &str,
) -> Result<Option<User>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {} FROM identities i JOIN users u ON u.id = i.user_id
             WHERE i.kind = ?1 AND i.value = ?2",
            qualified("u", USER_COLUMNS)
        ))?
        .query_row((kind.as_str(), value), rows::user)
        .optional()?)
}

/// Writes every field but `id` and `created_at`. A changed email moves the user's
/// email identity with it, so lookups by the new address find the user.
pub(crate) fn update_user(conn: &Connection, user: &User) -> Result<User> {
    let old_email: Option<String> = conn
        .prepare_cached("SELECT email FROM users WHERE id = ?1")?
        .query_row([user.id], |row| row.get(0))
        .optional()?
        .ok_or_else(|| StoreError::not_found("user"))?;
    let updated = conn
        .prepare_cached(&format!(
            "UPDATE users SET name = :name, email = :email, role = :role,
                 organization_id = :organization_id, language = :language,
                 time_zone = :time_zone, active = :active
             WHERE id = :id
             RETURNING {USER_COLUMNS}"
        ))?
        .query_row(
            named_params! {
                ":id": user.id,
                ":name": user.name,
                ":email": user.email,
                ":role": user.role.as_str(),
                ":organization_id": user.organization_id,
                ":language": user.language,
                ":time_zone": user.time_zone,
                ":active": user.active,
            },
            rows::user,
        )?;
    if old_email != updated.email {
        if let Some(old) = &old_email {
            conn.prepare_cached(
                "DELETE FROM identities WHERE user_id = ?1 AND kind = 'email' AND value = ?2",
            )?
            .execute((user.id, old))?;
        }
        if let Some(new) = &updated.email {
            let owner: Option<i64> = conn
                .prepare_cached(
                    "SELECT user_id FROM identities WHERE kind = 'email' AND value = ?1",
                )?
                .query_row([new], |row| row.get(0))
                .optional()?;
            match owner {
                None => insert_identity(conn, user.id, IdentityKind::Email, new).map(|_| ())?,
                Some(owner) if owner == user.id => {}
                Some(_) => return Err(StoreError::conflict("identity_unique").into()),
            }
        }
    }
    Ok(updated)
}

pub(crate) fn set_password_hash(conn: &Connection, user_id: i64, hash: Option<&str>) -> Result<()> {
    let changed = conn
        .prepare_cached("UPDATE users SET password_hash = ?1 WHERE id = ?2")?
        .execute((hash, user_id))?;
    if changed == 0 {
        return Err(StoreError::not_found("user").into());
    }
    Ok(())
}

pub(crate) fn password_hash(conn: &Connection, user_id: i64) -> Result<Option<String>> {
    conn.prepare_cached("SELECT password_hash FROM users WHERE id = ?1")?
        .query_row([user_id], |row| row.get(0))
        .optional()?
        .ok_or_else(|| StoreError::not_found("user").into())
}

pub(crate) fn list_users(conn: &Connection, query: &UserQuery) -> Result<Page<User>> {
    let limit = query.limit.clamp(1, 500) as usize;
    let mut q = Query::new(format!("SELECT {USER_COLUMNS} FROM users u WHERE 1 = 1"));
    if let Some(role) = query.role {
        q.push(" AND u.role = ").bind(role.as_str().to_owned());
    }
    if let Some(org) = query.organization_id {
        q.push(" AND u.organization_id = ").bind(org);
    }
    if let Some(text) = query.text.as_deref().filter(|t| !t.is_empty()) {
        // instr, not LIKE: the text is matched literally, `%` and `_` included.
        let needle = text.to_lowercase();
        q.push(" AND (instr(fold(u.name), ")
            .bind(needle.clone())
            .push(") > 0 OR instr(fold(coalesce(u.email, '')), ")
            .bind(needle)
            .push(") > 0)");
    }
    if let Some(after) = query.after_id {
        q.push(" AND u.id > ").bind(after);
    }
    q.push(" ORDER BY u.id LIMIT ").bind(limit as i64 + 1);
    let mut items = q.rows(conn, rows::user)?;
    // Users page by id alone: the cursor's sort value is the id too.
    let next_cursor = if items.len() > limit {
        items.truncate(limit);
        items.last().map(|u| Cursor {
            sort_value: u.id,
            id: u.id,
        })
    } else {
        None
    };
    Ok(Page { items, next_cursor })
}

pub(crate) fn add_identity(
    conn: &Connection,
    user_id: i64,
    kind: IdentityKind,
    value: &str,
) -> Result<Identity> {
    insert_identity(conn, user_id, kind, value)
}

fn insert_identity(
    conn: &Connection,
    user_id: i64,
    kind: IdentityKind,
    value: &str,
) -> Result<Identity> {
    Ok(conn
        .prepare_cached(&format!(
            "INSERT INTO identities (user_id, kind, value) VALUES (?1, ?2, ?3)
             RETURNING {IDENTITY_COLUMNS}"
        ))?
        .query_row((user_id, kind.as_str(), value), rows::identity)?)
}

pub(crate) fn list_identities(conn: &Connection, user_id: i64) -> Result<Vec<Identity>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {IDENTITY_COLUMNS} FROM identities WHERE user_id = ?1 ORDER BY id"
        ))?
        .query_map([user_id], rows::identity)?
        .collect::<rusqlite::Result<_>>()?)
}

// ----- organizations -------------------------------------------------------------

pub(crate) fn create_organization(conn: &Connection, new: NewOrganization) -> Result<Organization> {
    Ok(conn
        .prepare_cached(&format!(
            "INSERT INTO organizations (name, domains, shares_tickets, created_at)
             VALUES (?1, ?2, ?3, ?4) RETURNING {ORGANIZATION_COLUMNS}"
        ))?
        .query_row(
            (
                &new.name,
                serde_json::to_string(&new.domains)?,
                new.shares_tickets,
                micros(new.created_at),
            ),
            rows::organization,
        )?)
}

pub(crate) fn get_organization(conn: &Connection, id: i64) -> Result<Organization> {
    conn.prepare_cached(&format!(
        "SELECT {ORGANIZATION_COLUMNS} FROM organizations o WHERE o.id = ?1"
    ))?
    .query_row([id], rows::organization)
    .optional()?
    .ok_or_else(|| StoreError::not_found("organization").into())
}

pub(crate) fn update_organization(conn: &Connection, org: &Organization) -> Result<Organization> {
    conn.prepare_cached(&format!(
        "UPDATE organizations SET name = ?1, domains = ?2, shares_tickets = ?3
         WHERE id = ?4 RETURNING {ORGANIZATION_COLUMNS}"
    ))?
    .query_row(
        (
            &org.name,
            serde_json::to_string(&org.domains)?,
            org.shares_tickets,
            org.id,
        ),
        rows::organization,
    )
    .optional()?
    .ok_or_else(|| StoreError::not_found("organization").into())
}

pub(crate) fn delete_organization(conn: &Connection, id: i64) -> Result<()> {
    let in_use = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM users WHERE organization_id = ?1)
                 OR EXISTS (SELECT 1 FROM tickets WHERE organization_id = ?1)",
        )?
        .query_row([id], |row| row.get::<_, bool>(0))?;
    if in_use {
        return Err(StoreError::conflict("organization_in_use").into());
    }
    let deleted = conn
        .prepare_cached("DELETE FROM organizations WHERE id = ?1")?
        .execute([id])?;
    if deleted == 0 {
        return Err(StoreError::not_found("organization").into());
    }
    Ok(())
}

pub(crate) fn list_organizations(conn: &Connection) -> Result<Vec<Organization>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {ORGANIZATION_COLUMNS} FROM organizations o ORDER BY o.name, o.id"
        ))?
        .query_map([], rows::organization)?
        .collect::<rusqlite::Result<_>>()?)
}

// ----- groups --------------------------------------------------------------------

pub(crate) fn create_group(conn: &Connection, new: NewGroup) -> Result<Group> {
    Ok(conn
        .prepare_cached(&format!(
            "INSERT INTO groups (name, description, tier, created_at)
             VALUES (?1, ?2, ?3, ?4) RETURNING {GROUP_COLUMNS}"
        ))?
        .query_row(
            (
                &new.name,
                &new.description,
                new.tier.as_str(),
                micros(new.created_at),
            ),
            rows::group,
        )?)
}

pub(crate) fn get_group(conn: &Connection, id: i64) -> Result<Group> {
    conn.prepare_cached(&format!(
        "SELECT {GROUP_COLUMNS} FROM groups g WHERE g.id = ?1"
    ))?
    .query_row([id], rows::group)
    .optional()?
    .ok_or_else(|| StoreError::not_found("group").into())
}

pub(crate) fn update_group(conn: &Connection, group: &Group) -> Result<Group> {
    conn.prepare_cached(&format!(
        "UPDATE groups SET name = ?1, description = ?2, tier = ?3
         WHERE id = ?4 RETURNING {GROUP_COLUMNS}"
    ))?
    .query_row(
        (
            &group.name,
            &group.description,
            group.tier.as_str(),
            group.id,
        ),
        rows::group,
    )
    .optional()?
    .ok_or_else(|| StoreError::not_found("group").into())
}

/// Members go with the group; tickets must be moved away first.
pub(crate) fn delete_group(conn: &Connection, id: i64) -> Result<()> {
    let in_use = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM tickets WHERE group_id = ?1)")?
        .query_row([id], |row| row.get::<_, bool>(0))?;
    if in_use {
        return Err(StoreError::conflict("group_in_use").into());
    }
    conn.prepare_cached("DELETE FROM group_members WHERE group_id = ?1")?
        .execute([id])?;
    let deleted = conn
        .prepare_cached("DELETE FROM groups WHERE id = ?1")?
        .execute([id])?;
    if deleted == 0 {
        return Err(StoreError::not_found("group").into());
    }
    Ok(())
}

pub(crate) fn list_groups(conn: &Connection) -> Result<Vec<Group>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {GROUP_COLUMNS} FROM groups g ORDER BY g.name, g.id"
        ))?
        .query_map([], rows::group)?
        .collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn set_group_members(conn: &Connection, group_id: i64, user_ids: &[i64]) -> Result<()> {
    let exists = conn
        .prepare_cached("SELECT 1 FROM groups WHERE id = ?1")?
        .exists([group_id])?;
    if !exists {
        return Err(StoreError::not_found("group").into());
    }
    conn.prepare_cached("DELETE FROM group_members WHERE group_id = ?1")?
        .execute([group_id])?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO group_members (group_id, user_id) VALUES (?1, ?2)",
    )?;
    for &user_id in user_ids {
        insert.execute((group_id, user_id))?;
    }
    Ok(())
}

pub(crate) fn group_members(conn: &Connection, group_id: i64) -> Result<Vec<i64>> {
    ids(
        conn,
        "SELECT user_id FROM group_members WHERE group_id = ?1 ORDER BY user_id",
        group_id,
    )
}

pub(crate) fn groups_of_user(conn: &Connection, user_id: i64) -> Result<Vec<i64>> {
    ids(
        conn,
        "SELECT group_id FROM group_members WHERE user_id = ?1 ORDER BY group_id",
        user_id,
    )
}

fn ids(conn: &Connection, sql: &str, key: i64) -> Result<Vec<i64>> {
    Ok(conn
        .prepare_cached(sql)?
        .query_map([key], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}
