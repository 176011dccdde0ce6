//! Users, identities, organizations, groups and membership.

use std::sync::Arc;

use tessera_core::{Role, Tier};

use super::fixtures::*;
use crate::{IdentityKind, NewGroup, NewOrganization, NewUser, Store, UserQuery};

fn new_user(name: &str, email: Option<&str>, phones: &[&str]) -> NewUser {
    NewUser {
        name: name.to_owned(),
        email: email.map(str::to_owned),
        role: Role::Customer,
        organization_id: None,
        language: None,
        time_zone: None,
        phones: phones.iter().map(|p| (*p).to_owned()).collect(),
        created_at: at(3),
    }
}

pub async fn users_round_trip_with_identities(store: Arc<dyn Store>) {
    let org = organization(&store, "Acme", false).await;
    let mut new = new_user(
        "Łukasz Żółw",
        Some("lukasz@acme.example"),
        &["+48 600 100 200", "+48 22 123 45 67"],
    );
    new.role = Role::Agent;
    new.organization_id = Some(org.id);
    new.language = Some("pl".to_owned());
    new.time_zone = Some("Europe/Warsaw".to_owned());
    new.created_at = micros(1_234_567);
    let user = store.create_user(new).await.expect("create user");
    assert_eq!(user.name, "Łukasz Żółw");
    assert_eq!(user.email.as_deref(), Some("lukasz@acme.example"));
    assert_eq!(user.role, Role::Agent);
    assert_eq!(user.organization_id, Some(org.id));
    assert_eq!(user.language.as_deref(), Some("pl"));
    assert_eq!(user.time_zone.as_deref(), Some("Europe/Warsaw"));
    assert!(user.active);
    assert_eq!(user.created_at, micros(1_234_567));
    assert_eq!(store.get_user(user.id).await.expect("get"), user);

    let identities = store.list_identities(user.id).await.expect("identities");
    let mut pairs: Vec<(IdentityKind, &str)> = identities
        .iter()
        .map(|i| (i.kind, i.value.as_str()))
        .collect();
    pairs.sort_by_key(|&(kind, value)| (kind.as_str(), value));
    assert_eq!(
        pairs,
        [
            (IdentityKind::Email, "lukasz@acme.example"),
            (IdentityKind::Phone, "+48 22 123 45 67"),
            (IdentityKind::Phone, "+48 600 100 200"),
        ]
    );
    assert!(identities.iter().all(|i| i.user_id == user.id));

    let found = |kind, value: &'static str| store.find_user_by_identity(kind, value);
    assert_eq!(
        found(IdentityKind::Email, "lukasz@acme.example")
            .await
            .expect("find"),
        Some(user.clone())
    );
    assert_eq!(
        found(IdentityKind::Phone, "+48 600 100 200")
            .await
            .expect("find"),
        Some(user.clone())
    );
    // Kinds are separate namespaces.
    assert_eq!(
        found(IdentityKind::Chat, "lukasz@acme.example")
            .await
            .expect("find"),
        None
    );
    assert_eq!(
        found(IdentityKind::Email, "nobody@acme.example")
            .await
            .expect("find"),
        None
    );

    let chat = store
        .add_identity(user.id, IdentityKind::Chat, "visitor-42")
        .await
        .expect("add identity");
    assert_eq!(chat.user_id, user.id);
    assert_eq!(chat.kind, IdentityKind::Chat);
    assert_eq!(chat.value, "visitor-42");
    assert_eq!(
        found(IdentityKind::Chat, "visitor-42").await.expect("find"),
        Some(user.clone())
    );
    assert_eq!(store.list_identities(user.id).await.expect("list").len(), 4);

    // Users without an email are allowed, several of them.
    let a = store
        .create_user(new_user("Anon A", None, &[]))
        .await
        .expect("a");
    let b = store
        .create_user(new_user("Anon B", None, &[]))
        .await
        .expect("b");
    assert_ne!(a.id, b.id);
    assert!(store.list_identities(a.id).await.expect("none").is_empty());
}

pub async fn identities_are_unique(store: Arc<dyn Store>) {
    let ann = store
        .create_user(new_user("Ann", Some("ann@example.test"), &["+1 555 0100"]))
        .await
        .expect("ann");
    assert_conflict(
        store
            .create_user(new_user("Ann again", Some("ann@example.test"), &[]))
            .await,
        "identity_unique",
    );
    assert_conflict(
        store
            .create_user(new_user(
                "Phone thief",
                Some("thief@example.test"),
                &["+1 555 0100"],
            ))
            .await,
        "identity_unique",
    );
    // The failed creates left nothing behind: the thief's email is still free.
    assert_eq!(
        store
            .find_user_by_identity(IdentityKind::Email, "thief@example.test")
            .await
            .expect("find"),
        None
    );
    store
        .create_user(new_user("Thief", Some("thief@example.test"), &[]))
        .await
        .expect("email still free");
    assert_conflict(
        store
            .add_identity(ann.id, IdentityKind::Email, "thief@example.test")
            .await,
        "identity_unique",
    );
    let all = store
        .list_users(&UserQuery {
            limit: 100,
            ..UserQuery::default()
        })
        .await
        .expect("list");
    assert_eq!(all.items.len(), 2);
}

pub async fn update_user_and_password_hash(store: Arc<dyn Store>) {
    let org = organization(&store, "Acme", false).await;
    let ann = customer(&store, "Ann").await;
    let bob = customer(&store, "Bob").await;

    let mut changed = ann.clone();
    changed.name = "Ann Smith".to_owned();
    changed.email = Some("ann.smith@example.test".to_owned());
    changed.role = Role::Supervisor;
    changed.organization_id = Some(org.id);
    changed.language = Some("hr".to_owned());
    changed.time_zone = Some("Europe/Zagreb".to_owned());
    changed.active = false;
    let updated = store.update_user(&changed).await.expect("update");
    assert_eq!(updated, changed);
    assert_eq!(store.get_user(ann.id).await.expect("get"), changed);
    assert_eq!(
        store
            .find_user_by_identity(IdentityKind::Email, "ann.smith@example.test")
            .await
            .expect("find"),
        Some(changed.clone())
    );

    let mut thief = bob.clone();
    thief.email = changed.email.clone();
    assert_conflict(store.update_user(&thief).await, "identity_unique");
    assert_eq!(store.get_user(bob.id).await.expect("bob"), bob);

    let mut ghost = bob.clone();
    ghost.id = bob.id + 1000;
    ghost.email = None;
    assert_not_found(store.update_user(&ghost).await, "user");

    assert_eq!(store.password_hash(ann.id).await.expect("hash"), None);
    let phc = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
    store
        .set_password_hash(ann.id, Some(phc))
        .await
        .expect("set");
    assert_eq!(
        store.password_hash(ann.id).await.expect("hash").as_deref(),
        Some(phc)
    );
    assert_eq!(store.password_hash(bob.id).await.expect("bob"), None);
    store.set_password_hash(ann.id, None).await.expect("clear");
    assert_eq!(store.password_hash(ann.id).await.expect("hash"), None);
    assert_not_found(store.set_password_hash(ghost.id, Some(phc)).await, "user");
    assert_not_found(store.password_hash(ghost.id).await, "user");
}

pub async fn list_users_filters_and_pages(store: Arc<dyn Store>) {
    let org = organization(&store, "Acme", false).await;
    let annabel = user(&store, "Annabel", Role::Customer, Some(org.id)).await;
    let hannah = user(&store, "Hannah", Role::Agent, None).await;
    let zed = user(&store, "Zed", Role::Customer, None).await;
    let mut with_mail = new_user("Quiet", Some("joanna@elsewhere.test"), &[]);
    with_mail.organization_id = Some(org.id);
    let quiet = store.create_user(with_mail).await.expect("quiet");

    let list = |query: UserQuery| {
        let store = Arc::clone(&store);
        async move {
            let page = store.list_users(&query).await.expect("list users");
            page.items.iter().map(|u| u.id).collect::<Vec<_>>()
        }
    };
    let q = |limit| UserQuery {
        limit,
        ..UserQuery::default()
    };
    assert_eq!(
        list(q(100)).await,
        vec![annabel.id, hannah.id, zed.id, quiet.id]
    );
    assert_eq!(
        list(UserQuery {
            role: Some(Role::Customer),
            ..q(100)
        })
        .await,
        vec![annabel.id, zed.id, quiet.id]
    );
    assert_eq!(
        list(UserQuery {
            organization_id: Some(org.id),
            ..q(100)
        })
        .await,
        vec![annabel.id, quiet.id]
    );
    // Case-insensitive substring of the name or the email.
    assert_eq!(
        list(UserQuery {
            text: Some("ANN".to_owned()),
            ..q(100)
        })
        .await,
        vec![annabel.id, hannah.id, quiet.id]
    );
    assert_eq!(
        list(UserQuery {
            text: Some("%".to_owned()),
            ..q(100)
        })
        .await,
        Vec::<i64>::new()
    );

    let mut seen = Vec::new();
    let mut query = q(3);
    loop {
        let page = store.list_users(&query).await.expect("page");
        assert!(page.items.len() <= 3);
        seen.extend(page.items.iter().map(|u| u.id));
        match page.items.last() {
            Some(last) if page.next_cursor.is_some() => query.after_id = Some(last.id),
            _ => break,
        }
    }
    assert_eq!(seen, vec![annabel.id, hannah.id, zed.id, quiet.id]);
}

pub async fn organizations_crud_and_conflicts(store: Arc<dyn Store>) {
    let acme = store
        .create_organization(NewOrganization {
            name: "Acme".to_owned(),
            domains: vec!["acme.example".to_owned(), "acme.test".to_owned()],
            shares_tickets: true,
            created_at: micros(42),
        })
        .await
        .expect("create");
    assert_eq!(acme.name, "Acme");
    assert_eq!(acme.domains, ["acme.example", "acme.test"]);
    assert!(acme.shares_tickets);
    assert_eq!(acme.created_at, micros(42));
    assert_eq!(store.get_organization(acme.id).await.expect("get"), acme);

    let globex = organization(&store, "Globex", false).await;
    assert_conflict(
        store
            .create_organization(NewOrganization {
                name: "Acme".to_owned(),
                domains: Vec::new(),
                shares_tickets: false,
                created_at: at(1),
            })
            .await,
        "organization_name",
    );

    let mut renamed = acme.clone();
    renamed.name = "Acme Corporation".to_owned();
    renamed.domains = vec!["acme.example".to_owned()];
    renamed.shares_tickets = false;
    assert_eq!(
        store.update_organization(&renamed).await.expect("update"),
        renamed
    );
    assert_eq!(store.get_organization(acme.id).await.expect("get"), renamed);
    let mut clash = globex.clone();
    clash.name = "Acme Corporation".to_owned();
    assert_conflict(store.update_organization(&clash).await, "organization_name");
    let mut ghost = globex.clone();
    ghost.id = globex.id + 1000;
    ghost.name = "Ghost".to_owned();
    assert_not_found(store.update_organization(&ghost).await, "organization");

    let mut listed = store.list_organizations().await.expect("list");
    listed.sort_by_key(|o| o.id);
    assert_eq!(listed, vec![renamed.clone(), globex.clone()]);

    // In use by a member.
    let member = user(&store, "Member", Role::Customer, Some(globex.id)).await;
    assert_conflict(
        store.delete_organization(globex.id).await,
        "organization_in_use",
    );
    // In use by a ticket only.
    let outsider = customer(&store, "Outsider").await;
    let mut t = ticket(&outsider, "billed to Acme");
    t.organization_id = Some(acme.id);
    create(&store, t).await;
    assert_conflict(
        store.delete_organization(acme.id).await,
        "organization_in_use",
    );

    let mut moved = member.clone();
    moved.organization_id = None;
    store.update_user(&moved).await.expect("move member");
    store
        .delete_organization(globex.id)
        .await
        .expect("delete unused");
    assert_not_found(store.get_organization(globex.id).await, "organization");
    assert_not_found(store.delete_organization(globex.id).await, "organization");
    assert_eq!(
        store.list_organizations().await.expect("list"),
        vec![renamed]
    );
}

pub async fn groups_crud_and_conflicts(store: Arc<dyn Store>) {
    let network = store
        .create_group(NewGroup {
            name: "Network".to_owned(),
            description: "Routers, VPN, Wi-Fi".to_owned(),
            tier: Tier::L2,
            created_at: micros(7),
        })
        .await
        .expect("create");
    assert_eq!(network.name, "Network");
    assert_eq!(network.description, "Routers, VPN, Wi-Fi");
    assert_eq!(network.tier, Tier::L2);
    assert_eq!(network.created_at, micros(7));
    assert_eq!(store.get_group(network.id).await.expect("get"), network);

    let desk = group(&store, "Service desk").await;
    assert_conflict(
        store
            .create_group(NewGroup {
                name: "Network".to_owned(),
                description: String::new(),
                tier: Tier::L1,
                created_at: at(1),
            })
            .await,
        "group_name",
    );

    let mut changed = network.clone();
    changed.name = "Networking".to_owned();
    changed.description = "Everything with a cable".to_owned();
    changed.tier = Tier::L3;
    assert_eq!(store.update_group(&changed).await.expect("update"), changed);
    assert_eq!(store.get_group(network.id).await.expect("get"), changed);
    let mut clash = desk.clone();
    clash.name = "Networking".to_owned();
    assert_conflict(store.update_group(&clash).await, "group_name");
    let mut ghost = desk.clone();
    ghost.id = desk.id + 1000;
    ghost.name = "Ghost".to_owned();
    assert_not_found(store.update_group(&ghost).await, "group");

    let mut listed = store.list_groups().await.expect("list");
    listed.sort_by_key(|g| g.id);
    assert_eq!(listed, vec![changed.clone(), desk.clone()]);

    // A group with tickets cannot go; one with only members can, members and all.
    let ann = customer(&store, "Ann").await;
    let agent = agent(&store, "Agnes").await;
    let mut t = ticket(&ann, "no network");
    t.group_id = Some(network.id);
    create(&store, t).await;
    assert_conflict(store.delete_group(network.id).await, "group_in_use");

    store
        .set_group_members(desk.id, &[agent.id])
        .await
        .expect("members");
    store.delete_group(desk.id).await.expect("delete");
    assert_not_found(store.get_group(desk.id).await, "group");
    assert_not_found(store.delete_group(desk.id).await, "group");
    assert!(
        store
            .groups_of_user(agent.id)
            .await
            .expect("groups")
            .is_empty()
    );
    assert_eq!(store.list_groups().await.expect("list"), vec![changed]);
}

pub async fn group_membership_is_replaced_and_listed(store: Arc<dyn Store>) {
    let g1 = group(&store, "One").await;
    let g2 = group(&store, "Two").await;
    let a = agent(&store, "Ada").await;
    let b = agent(&store, "Ben").await;
    let c = agent(&store, "Cid").await;

    store
        .set_group_members(g1.id, &[b.id, a.id])
        .await
        .expect("set");
    assert_eq!(
        store.group_members(g1.id).await.expect("members"),
        sorted(vec![a.id, b.id])
    );
    store
        .set_group_members(g1.id, &[b.id, c.id])
        .await
        .expect("replace");
    assert_eq!(
        store.group_members(g1.id).await.expect("members"),
        sorted(vec![b.id, c.id])
    );
    store.set_group_members(g2.id, &[b.id]).await.expect("set");

    assert!(store.groups_of_user(a.id).await.expect("a").is_empty());
    assert_eq!(
        store.groups_of_user(b.id).await.expect("b"),
        sorted(vec![g1.id, g2.id])
    );
    assert_eq!(store.groups_of_user(c.id).await.expect("c"), vec![g1.id]);

    store.set_group_members(g1.id, &[]).await.expect("clear");
    assert!(
        store
            .group_members(g1.id)
            .await
            .expect("members")
            .is_empty()
    );
    assert_eq!(store.groups_of_user(b.id).await.expect("b"), vec![g2.id]);
}
