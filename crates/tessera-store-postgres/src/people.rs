//! Users and their identities, organizations, groups and group membership.

use sqlx::postgres::PgBindIterExt;
use sqlx::types::Json;
use sqlx::{PgPool, Postgres, QueryBuilder};
use tessera_store::{
    Cursor, Group, Identity, IdentityKind, NewGroup, NewOrganization, NewUser, Organization, Page,
    StoreError, StoreResult, User, UserQuery,
};

use crate::errors::{from_sqlx, is_foreign_key_violation};
use crate::rows::{self, micros, user_columns};

const SELECT_USER: &str = concat!("select ", user_columns!(), " from users u where u.id = $1");

// ----- users -----------------------------------------------------------------------

pub(crate) async fn create_user(pool: &PgPool, new: NewUser) -> StoreResult<User> {
    let mut tx = pool.begin().await.map_err(from_sqlx)?;
    let row = sqlx::query(concat!(
        "insert into users as u (name, email, role, organization_id, language, time_zone,
             active, created_at)
         values ($1, $2, $3, $4, $5, $6, true, $7)
         returning ",
        user_columns!()
    ))
    .bind(&new.name)
    .bind(new.email.as_deref())
    .bind(new.role.as_str())
    .bind(new.organization_id)
    .bind(new.language.as_deref())
    .bind(new.time_zone.as_deref())
    .bind(micros(new.created_at))
    .fetch_one(&mut *tx)
    .await
    .map_err(from_sqlx)?;
    let user = rows::user(&row)?;

    // The primary email is an identity too, so mail from it finds this user.
    let identities = new
        .email
        .iter()
        .map(|e| (IdentityKind::Email.as_str(), e.as_str()))
        .chain(
            new.phones
                .iter()
                .map(|p| (IdentityKind::Phone.as_str(), p.as_str())),
        );
    let (kinds, values): (Vec<&str>, Vec<&str>) = identities.unzip();
    if !kinds.is_empty() {
        sqlx::query(
            "insert into identities (user_id, kind, value)
             select $1, i.kind, i.value from unnest($2::text[], $3::text[]) as i(kind, value)",
        )
        .bind(user.id)
        .bind(&kinds)
        .bind(&values)
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?;
    }
    tx.commit().await.map_err(from_sqlx)?;
    Ok(user)
}

pub(crate) async fn get_user(pool: &PgPool, id: i64) -> StoreResult<User> {
    let row = sqlx::query(SELECT_USER)
        .bind(id)
        .fetch_optional(pool)
        .await
        .map_err(from_sqlx)?
        .ok_or_else(|| StoreError::not_found("user"))?;
    rows::user(&row)
}

pub(crate) async fn find_user_by_identity(
    pool: &PgPool,
    kind: IdentityKind,
    value: &str,
) -> StoreResult<Option<User>> {
    let row = sqlx::query(concat!(
        "select ",
        user_columns!(),
        " from identities i join users u on u.id = i.user_id
          where i.kind = $1 and i.value = $2"
    ))
    .bind(kind.as_str())
    .bind(value)
    .fetch_optional(pool)
    .await
    .map_err(from_sqlx)?;
    row.as_ref().map(rows::user).transpose()
}

pub(crate) async fn update_user(pool: &PgPool, user: &User) -> StoreResult<User> {
    let mut tx = pool.begin().await.map_err(from_sqlx)?;
    // Locked: two concurrent email changes must not both keep their old identity.
    let old_email: Option<Option<String>> =
        sqlx::query_scalar("select email from users where id = $1 for update")
            .bind(user.id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(from_sqlx)?;
    let old_email = old_email.ok_or_else(|| StoreError::not_found("user"))?;

    let row = sqlx::query(concat!(
        "update users as u set name = $2, email = $3, role = $4, organization_id = $5,
             language = $6, time_zone = $7, active = $8
         where u.id = $1
         returning ",
        user_columns!()
    ))
    .bind(user.id)
    .bind(&user.name)
    .bind(user.email.as_deref())
    .bind(user.role.as_str())
    .bind(user.organization_id)
    .bind(user.language.as_deref())
    .bind(user.time_zone.as_deref())
    .bind(user.active)
    .fetch_one(&mut *tx)
    .await
    .map_err(from_sqlx)?;
    let updated = rows::user(&row)?;

    // The primary email is mirrored as an identity: a changed email moves it.
    if old_email != updated.email {
        if let Some(old) = &old_email {
            sqlx::query("delete from identities where user_id = $1 and kind = $2 and value = $3")
                .bind(updated.id)
                .bind(IdentityKind::Email.as_str())
                .bind(old)
                .execute(&mut *tx)
                .await
                .map_err(from_sqlx)?;
        }
        if let Some(new) = &updated.email {
            // Already this user's (a secondary address promoted) is fine; someone
            // else's is a conflict. No row at all means a concurrent transaction
            // claimed it after this statement's snapshot: someone else's too.
            let owner: Option<i64> = sqlx::query_scalar(
                "with added as (
                     insert into identities (user_id, kind, value) values ($1, $2, $3)
                     on conflict (kind, value) do nothing
                     returning user_id)
                 select user_id from added
                 union all
                 select user_id from identities where kind = $2 and value = $3
                 limit 1",
            )
            .bind(updated.id)
            .bind(IdentityKind::Email.as_str())
            .bind(new)
            .fetch_optional(&mut *tx)
            .await
            .map_err(from_sqlx)?;
            if owner != Some(updated.id) {
                return Err(StoreError::conflict("identity_unique"));
            }
        }
    }
    tx.commit().await.map_err(from_sqlx)?;
    Ok(updated)
}

pub(crate) async fn set_password_hash(
    pool: &PgPool,
    user_id: i64,
    hash: Option<&str>,
) -> StoreResult<()> {
    let done = sqlx::query("update users set password_hash = $2 where id = $1")
        .bind(user_id)
        .bind(hash)
        .execute(pool)
        .await
        .map_err(from_sqlx)?;
    if done.rows_affected() == 0 {
        return Err(StoreError::not_found("user"));
    }
    Ok(())
}

pub(crate) async fn password_hash(pool: &PgPool, user_id: i64) -> StoreResult<Option<String>> {
    let hash: Option<Option<String>> =
        sqlx::query_scalar("select password_hash from users where id = $1")
            .bind(user_id)
            .fetch_optional(pool)
            .await
            .map_err(from_sqlx)?;
    hash.ok_or_else(|| StoreError::not_found("user"))
}

/// `%`, `_` and `\` match literally inside the pattern.
fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

pub(crate) async fn list_users(pool: &PgPool, query: &UserQuery) -> StoreResult<Page<User>> {
    let limit = query.limit.clamp(1, 500) as usize;
    let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(concat!(
        "select ",
        user_columns!(),
        " from users u where true"
    ));
    if let Some(role) = query.role {
        sql.push(" and u.role = ").push_bind(role.as_str());
    }
    if let Some(org) = query.organization_id {
        sql.push(" and u.organization_id = ").push_bind(org);
    }
    if let Some(text) = query.text.as_deref().filter(|t| !t.is_empty()) {
        let pattern = like_pattern(text);
        sql.push(" and (u.name ilike ")
            .push_bind(pattern.clone())
            .push(" or u.email ilike ")
            .push_bind(pattern)
            .push(")");
    }
    if let Some(after) = query.after_id {
        sql.push(" and u.id > ").push_bind(after);
    }
    sql.push(" order by u.id limit ")
        .push_bind((limit + 1) as i64);

    let found = sql.build().fetch_all(pool).await.map_err(from_sqlx)?;
    let mut items = found
        .iter()
        .map(rows::user)
        .collect::<StoreResult<Vec<_>>>()?;
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

pub(crate) async fn add_identity(
    pool: &PgPool,
    user_id: i64,
    kind: IdentityKind,
    value: &str,
) -> StoreResult<Identity> {
    let row = sqlx::query(
        "insert into identities (user_id, kind, value) values ($1, $2, $3)
         returning id, user_id, kind, value",
    )
    .bind(user_id)
    .bind(kind.as_str())
    .bind(value)
    .fetch_one(pool)
    .await
    // A missing user is a foreign-key violation: Conflict { "reference" }, as in
    // every other write naming a row that does not exist.
    .map_err(from_sqlx)?;
    rows::identity(&row)
}

pub(crate) async fn list_identities(pool: &PgPool, user_id: i64) -> StoreResult<Vec<Identity>> {
    let found = sqlx::query(
        "select id, user_id, kind, value from identities where user_id = $1 order by id",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    found.iter().map(rows::identity).collect()
}

// ----- organizations ---------------------------------------------------------------

pub(crate) async fn create_organization(
    pool: &PgPool,
    new: NewOrganization,
) -> StoreResult<Organization> {
    let row = sqlx::query(
        "insert into organizations (name, domains, shares_tickets, created_at)
         values ($1, $2, $3, $4)
         returning id, name, domains, shares_tickets, created_at",
    )
    .bind(&new.name)
    .bind(Json(&new.domains))
    .bind(new.shares_tickets)
    .bind(micros(new.created_at))
    .fetch_one(pool)
    .await
    .map_err(from_sqlx)?;
    rows::organization(&row)
}

pub(crate) async fn get_organization(pool: &PgPool, id: i64) -> StoreResult<Organization> {
    let row = sqlx::query(
        "select id, name, domains, shares_tickets, created_at from organizations where id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(from_sqlx)?
    .ok_or_else(|| StoreError::not_found("organization"))?;
    rows::organization(&row)
}

pub(crate) async fn update_organization(
    pool: &PgPool,
    org: &Organization,
) -> StoreResult<Organization> {
    let row = sqlx::query(
        "update organizations set name = $2, domains = $3, shares_tickets = $4 where id = $1
         returning id, name, domains, shares_tickets, created_at",
    )
    .bind(org.id)
    .bind(&org.name)
    .bind(Json(&org.domains))
    .bind(org.shares_tickets)
    .fetch_optional(pool)
    .await
    .map_err(from_sqlx)?
    .ok_or_else(|| StoreError::not_found("organization"))?;
    rows::organization(&row)
}

pub(crate) async fn delete_organization(pool: &PgPool, id: i64) -> StoreResult<()> {
    let done = sqlx::query("delete from organizations where id = $1")
        .bind(id)
        .execute(pool)
        .await
        .map_err(|e| in_use(e, "organization_in_use"))?;
    if done.rows_affected() == 0 {
        return Err(StoreError::not_found("organization"));
    }
    Ok(())
}

/// A delete refused by a foreign key means something still refers to the row.
fn in_use(error: sqlx::Error, constraint: &'static str) -> StoreError {
    if is_foreign_key_violation(&error) {
        StoreError::conflict(constraint)
    } else {
        from_sqlx(error)
    }
}

pub(crate) async fn list_organizations(pool: &PgPool) -> StoreResult<Vec<Organization>> {
    let found = sqlx::query(
        "select id, name, domains, shares_tickets, created_at from organizations order by name, id",
    )
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    found.iter().map(rows::organization).collect()
}

// ----- groups ----------------------------------------------------------------------

pub(crate) async fn create_group(pool: &PgPool, new: NewGroup) -> StoreResult<Group> {
    let row = sqlx::query(
        "insert into groups (name, description, tier, created_at) values ($1, $2, $3, $4)
         returning id, name, description, tier, created_at",
    )
    .bind(&new.name)
    .bind(&new.description)
    .bind(new.tier.as_str())
    .bind(micros(new.created_at))
    .fetch_one(pool)
    .await
    .map_err(from_sqlx)?;
    rows::group(&row)
}

pub(crate) async fn get_group(pool: &PgPool, id: i64) -> StoreResult<Group> {
    let row =
        sqlx::query("select id, name, description, tier, created_at from groups where id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await
            .map_err(from_sqlx)?
            .ok_or_else(|| StoreError::not_found("group"))?;
    rows::group(&row)
}

pub(crate) async fn update_group(pool: &PgPool, group: &Group) -> StoreResult<Group> {
    let row = sqlx::query(
        "update groups set name = $2, description = $3, tier = $4 where id = $1
         returning id, name, description, tier, created_at",
    )
    .bind(group.id)
    .bind(&group.name)
    .bind(&group.description)
    .bind(group.tier.as_str())
    .fetch_optional(pool)
    .await
    .map_err(from_sqlx)?
    .ok_or_else(|| StoreError::not_found("group"))?;
    rows::group(&row)
}

pub(crate) async fn delete_group(pool: &PgPool, id: i64) -> StoreResult<()> {
    let done = sqlx::query("delete from groups where id = $1")
        .bind(id)
        .execute(pool)
        .await
        .map_err(|e| in_use(e, "group_in_use"))?;
    if done.rows_affected() == 0 {
        return Err(StoreError::not_found("group"));
    }
    Ok(())
}

pub(crate) async fn list_groups(pool: &PgPool) -> StoreResult<Vec<Group>> {
    let found =
        sqlx::query("select id, name, description, tier, created_at from groups order by name, id")
            .fetch_all(pool)
            .await
            .map_err(from_sqlx)?;
    found.iter().map(rows::group).collect()
}

pub(crate) async fn set_group_members(
    pool: &PgPool,
    group_id: i64,
    user_ids: &[i64],
) -> StoreResult<()> {
    let mut tx = pool.begin().await.map_err(from_sqlx)?;
    // Locking the group row serialises concurrent replacements of its member list.
    let group: Option<i64> = sqlx::query_scalar("select id from groups where id = $1 for update")
        .bind(group_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(from_sqlx)?;
    if group.is_none() {
        return Err(StoreError::not_found("group"));
    }
    sqlx::query("delete from group_members where group_id = $1")
        .bind(group_id)
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?;
    sqlx::query(
        "insert into group_members (group_id, user_id)
         select $1, m.user_id from unnest($2::bigint[]) as m(user_id) on conflict do nothing",
    )
    .bind(group_id)
    .bind(user_ids.iter().copied().bind_iter())
    .execute(&mut *tx)
    .await
    // An unknown user id is a foreign-key violation: Conflict { "reference" }.
    .map_err(from_sqlx)?;
    tx.commit().await.map_err(from_sqlx)?;
    Ok(())
}

pub(crate) async fn group_members(pool: &PgPool, group_id: i64) -> StoreResult<Vec<i64>> {
    sqlx::query_scalar("select user_id from group_members where group_id = $1 order by user_id")
        .bind(group_id)
        .fetch_all(pool)
        .await
        .map_err(from_sqlx)
}

pub(crate) async fn groups_of_user(pool: &PgPool, user_id: i64) -> StoreResult<Vec<i64>> {
    sqlx::query_scalar("select group_id from group_members where user_id = $1 order by group_id")
        .bind(user_id)
        .fetch_all(pool)
        .await
        .map_err(from_sqlx)
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn like_metacharacters_are_escaped() {
        assert_eq!(like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
