//! Seeding a database with a realistic help desk: groups with agents, customer
//! companies, a few thousand customers, and tickets in five languages with mixed
//! statuses, history and replies, loaded through `Store::import_tickets`.
//!
//! Generation is deterministic for a given `--seed`, and runs on a blocking
//! thread while the previous batch is being written, so the database (not the
//! generator) sets the pace.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use jiff::{SignedDuration, Timestamp};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use serde_json::Map;
use tessera_core::{
    Channel, Impact, Priority, PriorityMatrix, Role, Status, TicketType, Tier, Urgency,
};
use tessera_store::{
    EventKind, IdentityKind, NewComment, NewEvent, NewGroup, NewOrganization, NewTicket, NewUser,
    Store, Ticket,
};

use super::corpus::{self, Corpus};

/// The desk's groups: name, description and tier.
const GROUPS: &[(&str, &str, Tier)] = &[
    ("Service Desk", "First line for every request", Tier::L1),
    ("Network", "VPN, Wi-Fi, connectivity", Tier::L2),
    (
        "Workplace Hardware",
        "Laptops, printers, peripherals",
        Tier::L2,
    ),
    (
        "Accounts and Access",
        "Passwords, permissions, onboarding",
        Tier::L1,
    ),
    ("Billing", "Invoices and licences", Tier::L1),
    ("Business Applications", "CRM, ERP, email", Tier::L2),
    ("Infrastructure", "Servers, web sites, outages", Tier::L3),
    ("Vendor Escalations", "Cases handed to suppliers", Tier::L4),
];
const AGENTS_PER_GROUP: usize = 5;
const ORGANIZATIONS: usize = 40;

/// Internal notes, written in the desk's working language whatever the ticket's.
const INTERNAL_NOTES: &[&str] = &[
    "Checked the logs: same error as last week. Looking into it.",
    "Reproduced it on a test machine, looks like a driver problem.",
    "Customer called and confirmed the problem is still there.",
    "Asked the vendor for an update, waiting for their answer.",
    "Known issue, linked to the open problem ticket.",
    "Escalating to second line: this needs admin rights.",
    "Checked the priority with the team lead, keeping it as is.",
    "Workaround given by phone; the permanent fix is still pending.",
];

/// What each subject of the corpus is about; index `i` describes subject `i` of
/// every language (they are translations of each other).
struct Topic {
    category: &'static str,
    tags: &'static [&'static str],
    /// Index into [`GROUPS`] of the group that usually handles it.
    group: usize,
    ticket_type: TicketType,
}

const TOPICS: &[Topic] = &[
    topic("Hardware/Printers", &["printer"], 2, TicketType::Incident),
    topic(
        "Network/VPN",
        &["remote-work", "vpn"],
        1,
        TicketType::Incident,
    ),
    topic(
        "Accounts/Passwords",
        &["password"],
        3,
        TicketType::ServiceRequest,
    ),
    topic(
        "Software/Email",
        &["email", "password"],
        5,
        TicketType::Incident,
    ),
    topic("Hardware/Laptops", &["laptop"], 2, TicketType::Incident),
    topic(
        "Hardware/Peripherals",
        &["monitor"],
        0,
        TicketType::ServiceRequest,
    ),
    topic(
        "Accounts/Access",
        &["access", "file-share"],
        3,
        TicketType::ServiceRequest,
    ),
    topic("Billing/Invoices", &["billing"], 4, TicketType::Question),
    topic("Network/Wireless", &["wifi"], 1, TicketType::Incident),
    topic(
        "Accounts/Onboarding",
        &["onboarding"],
        3,
        TicketType::ServiceRequest,
    ),
    topic(
        "Infrastructure/Web",
        &["outage", "performance"],
        6,
        TicketType::Incident,
    ),
    topic("Software/CRM", &["crm"], 5, TicketType::Incident),
    topic(
        "Software/Email",
        &["email", "mobile"],
        0,
        TicketType::Incident,
    ),
    topic("Software/Licences", &["licence"], 7, TicketType::Change),
];

const fn topic(
    category: &'static str,
    tags: &'static [&'static str],
    group: usize,
    ticket_type: TicketType,
) -> Topic {
    Topic {
        category,
        tags,
        group,
        ticket_type,
    }
}

#[derive(Debug, Clone)]
pub struct SeedGroup {
    pub id: i64,
    pub tier: Tier,
    pub agents: Vec<i64>,
}

#[derive(Debug, Clone, Copy)]
pub struct Customer {
    pub id: i64,
    pub organization_id: Option<i64>,
}

/// The people tickets are generated for.
#[derive(Debug, Clone)]
pub struct People {
    pub groups: Vec<SeedGroup>,
    pub customers: Vec<Customer>,
}

/// Creates (or finds, when seeding again) the groups, agents, organizations and
/// `customers` customers.
pub async fn prepare_people(
    store: &dyn Store,
    customers: usize,
    seed: u64,
) -> anyhow::Result<People> {
    let now = Timestamp::now();
    let mut rng = StdRng::seed_from_u64(seed);

    let existing_groups = store.list_groups().await?;
    let mut groups = Vec::with_capacity(GROUPS.len());
    for (g, (name, description, tier)) in GROUPS.iter().enumerate() {
        let group = match existing_groups.iter().find(|group| group.name == *name) {
            Some(group) => group.clone(),
            None => {
                store
                    .create_group(NewGroup {
                        name: (*name).to_owned(),
                        description: (*description).to_owned(),
                        tier: *tier,
                        created_at: now,
                    })
                    .await?
            }
        };
        let mut agents = Vec::with_capacity(AGENTS_PER_GROUP);
        for a in 0..AGENTS_PER_GROUP {
            let corpus = corpus::pick_language(&mut rng);
            let email = format!("agent{g}-{a}@desk.example.com");
            let user = find_or_create_user(store, &email, corpus, Role::Agent, None, &mut rng, now)
                .await?;
            agents.push(user);
        }
        store.set_group_members(group.id, &agents).await?;
        groups.push(SeedGroup {
            id: group.id,
            tier: group.tier,
            agents,
        });
    }

    let existing_orgs = store.list_organizations().await?;
    let mut organizations = Vec::with_capacity(ORGANIZATIONS);
    for o in 0..ORGANIZATIONS {
        let name = format!("Customer Company {o:02}");
        let id = match existing_orgs.iter().find(|org| org.name == name) {
            Some(org) => org.id,
            None => {
                store
                    .create_organization(NewOrganization {
                        name,
                        domains: vec![format!("company{o:02}.example")],
                        shares_tickets: o % 4 == 0,
                        created_at: now,
                    })
                    .await?
                    .id
            }
        };
        organizations.push((id, o));
    }

    let mut people = Vec::with_capacity(customers);
    for c in 0..customers {
        let corpus = corpus::pick_language(&mut rng);
        // Most customers work for a customer company; some write from a free mailbox.
        let organization = rng
            .random_ratio(7, 10)
            .then(|| organizations.choose(&mut rng))
            .flatten();
        let email = match organization {
            Some((_, o)) => format!("customer{c:05}@company{o:02}.example"),
            None => format!("customer{c:05}@mail.example"),
        };
        let organization_id = organization.map(|(id, _)| *id);
        let id = find_or_create_user(
            store,
            &email,
            corpus,
            Role::Customer,
            organization_id,
            &mut rng,
            now,
        )
        .await?;
        people.push(Customer {
            id,
            organization_id,
        });
        if (c + 1) % 1000 == 0 {
            eprintln!("  {} of {customers} customers ready", c + 1);
        }
    }

    Ok(People {
        groups,
        customers: people,
    })
}

async fn find_or_create_user(
    store: &dyn Store,
    email: &str,
    corpus: &Corpus,
    role: Role,
    organization_id: Option<i64>,
    rng: &mut StdRng,
    now: Timestamp,
) -> anyhow::Result<i64> {
    // Draw the name even when the user exists, so a re-run draws the same sequence.
    let name = corpus.person_name(rng);
    if let Some(user) = store
        .find_user_by_identity(IdentityKind::Email, email)
        .await?
    {
        return Ok(user.id);
    }
    let user = store
        .create_user(NewUser {
            name,
            email: Some(email.to_owned()),
            role,
            organization_id,
            language: Some(corpus.code.to_owned()),
            time_zone: None,
            phones: Vec::new(),
            created_at: now,
        })
        .await
        .with_context(|| format!("creating user {email}"))?;
    Ok(user.id)
}

/// Generates tickets one after another, spread evenly over the year before `end`.
pub struct TicketGenerator {
    rng: StdRng,
    people: Arc<People>,
    matrix: PriorityMatrix,
    start: Timestamp,
    end: Timestamp,
    spacing: SignedDuration,
    index: i64,
    comments_per_ticket: usize,
}

impl TicketGenerator {
    /// Every ticket gets `comments_per_ticket` comments after its description.
    pub fn new(
        people: Arc<People>,
        total: u64,
        comments_per_ticket: usize,
        seed: u64,
    ) -> TicketGenerator {
        let end = Timestamp::now();
        let year = SignedDuration::from_hours(365 * 24);
        let start = end.checked_sub(year).unwrap_or(end);
        let spacing = year / i32::try_from(total.max(1)).unwrap_or(i32::MAX);
        TicketGenerator {
            rng: StdRng::seed_from_u64(seed.wrapping_add(1)),
            people,
            matrix: PriorityMatrix::default(),
            start,
            end,
            spacing,
            index: 0,
            comments_per_ticket,
        }
    }

    pub fn batch(&mut self, size: usize) -> Vec<NewTicket> {
        (0..size).map(|_| self.next_ticket()).collect()
    }

    fn at(&self, base: Timestamp, after: SignedDuration) -> Timestamp {
        base.checked_add(after).unwrap_or(base).min(self.end)
    }

    fn minutes(&mut self, range: std::ops::Range<i64>) -> SignedDuration {
        SignedDuration::from_mins(self.rng.random_range(range))
    }

    pub fn next_ticket(&mut self) -> NewTicket {
        let rng = &mut self.rng;
        let corpus = corpus::pick_language(rng);
        let topic_index = rng.random_range(0..TOPICS.len());
        let topic = &TOPICS[topic_index];
        let subject = corpus.subject_of(topic_index, rng);
        let description = corpus.description(rng);

        let people = Arc::clone(&self.people);
        let group = if rng.random_ratio(4, 5) {
            &people.groups[topic.group % people.groups.len()]
        } else {
            people.groups.choose(rng).unwrap_or(&people.groups[0])
        };
        let customer = people.customers.choose(rng).copied().unwrap_or(Customer {
            id: group.agents[0],
            organization_id: None,
        });

        let status = weighted(
            rng,
            &[
                (Status::New, 8),
                (Status::Open, 30),
                (Status::Pending, 10),
                (Status::OnHold, 4),
                (Status::Solved, 18),
                (Status::Closed, 30),
            ],
        );
        let ticket_type = if rng.random_ratio(1, 10) {
            TicketType::Question
        } else if rng.random_ratio(1, 50) {
            TicketType::Problem
        } else {
            topic.ticket_type
        };
        let channel = if topic.category == "Infrastructure/Web" && rng.random_ratio(1, 3) {
            Channel::Monitoring
        } else {
            weighted(
                rng,
                &[
                    (Channel::Email, 45),
                    (Channel::Portal, 25),
                    (Channel::Api, 10),
                    (Channel::Phone, 10),
                    (Channel::Chat, 8),
                    (Channel::Web, 2),
                ],
            )
        };
        let impact = Impact::new(weighted(rng, &[(1, 5), (2, 15), (3, 60), (4, 20)]))
            .unwrap_or(Impact::DEFAULT);
        let urgency = Urgency::new(weighted(rng, &[(1, 5), (2, 20), (3, 55), (4, 20)]))
            .unwrap_or(Urgency::DEFAULT);
        let priority_overridden = rng.random_ratio(1, 20);
        let priority = if priority_overridden {
            *Priority::ALL.choose(rng).unwrap_or(&Priority::Normal)
        } else {
            self.matrix.priority(impact, urgency)
        };
        let assignee_id = if status == Status::New || rng.random_ratio(1, 10) {
            None
        } else {
            group.agents.choose(rng).copied()
        };
        let agent = assignee_id.or_else(|| group.agents.first().copied());
        let mut tags: Vec<String> = topic.tags.iter().map(|t| (*t).to_owned()).collect();
        if priority == Priority::Urgent {
            tags.push("vip".to_owned());
        }
        tags.sort();
        tags.dedup();

        let created_at = self.at(
            self.start,
            self.spacing * i32::try_from(self.index).unwrap_or(i32::MAX),
        );
        self.index += 1;

        // The conversation after the description (the customer's opening message):
        // an agent's turn first, then the customer and the agents take turns. One
        // agent turn in five is an internal note instead of a reply; a ticket still
        // `new` has had no public answer, only triage notes.
        let mut comments = Vec::with_capacity(self.comments_per_ticket);
        let mut first_response_at = None;
        let mut updated_at = created_at;
        for turn in 0..self.comments_per_ticket {
            let after = if turn == 0 {
                self.minutes(5..2 * 24 * 60)
            } else {
                self.minutes(10..24 * 60)
            };
            let at = self.at(updated_at, after);
            let comment = if turn % 2 == 0 {
                let public = status != Status::New && self.rng.random_ratio(4, 5);
                let body = if public {
                    corpus.reply(&mut self.rng)
                } else {
                    INTERNAL_NOTES
                        .choose(&mut self.rng)
                        .copied()
                        .unwrap_or_default()
                        .to_owned()
                };
                if public && first_response_at.is_none() {
                    first_response_at = Some(at);
                }
                NewComment {
                    author_id: agent.unwrap_or(customer.id),
                    body,
                    public,
                    attachments: Vec::new(),
                    created_at: at,
                }
            } else {
                NewComment {
                    author_id: customer.id,
                    body: corpus.description(&mut self.rng),
                    public: true,
                    attachments: Vec::new(),
                    created_at: at,
                }
            };
            updated_at = at;
            comments.push(comment);
        }
        let (solved_at, closed_at) = match status {
            Status::Solved | Status::Closed => {
                let after = self.minutes(30..5 * 24 * 60);
                let solved = self.at(updated_at, after);
                let closed = (status == Status::Closed)
                    .then(|| self.at(solved, SignedDuration::from_hours(72)));
                updated_at = closed.unwrap_or(solved);
                (Some(solved), closed)
            }
            _ => {
                let after = self.minutes(0..24 * 60);
                updated_at = self.at(updated_at, after);
                (None, None)
            }
        };

        let mut events = vec![event(Some(customer.id), EventKind::Created, created_at)];
        for (turn, c) in comments.iter().enumerate() {
            events.push(NewEvent {
                // The store links `for_comment` events to a new ticket's first
                // comment: the later ones' events carry no comment id.
                for_comment: turn == 0,
                internal: !c.public,
                ..event(Some(c.author_id), EventKind::CommentAdded, c.created_at)
            });
        }
        if status != Status::New {
            events.push(NewEvent {
                field: Some("status".to_owned()),
                old_value: Some(Status::New.as_str().to_owned()),
                new_value: Some(status.as_str().to_owned()),
                ..event(agent, EventKind::FieldChanged, updated_at)
            });
        }

        NewTicket {
            ticket: Ticket {
                id: 0,
                number: 0,
                subject,
                description,
                status,
                ticket_type,
                impact,
                urgency,
                priority,
                priority_overridden,
                category: Some(topic.category.to_owned()),
                tags,
                custom_fields: Map::new(),
                requester_id: customer.id,
                organization_id: customer.organization_id,
                assignee_id,
                group_id: Some(group.id),
                tier: group.tier,
                channel,
                language: Some(corpus.code.to_owned()),
                created_at,
                updated_at,
                first_response_at,
                solved_at,
                closed_at,
                version: 1,
            },
            comments,
            events,
            // Imported history: nothing left to notify or automate.
            jobs: Vec::new(),
            idempotency: None,
            sla: None,
        }
    }
}

fn event(actor_id: Option<i64>, kind: EventKind, created_at: Timestamp) -> NewEvent {
    NewEvent {
        actor_id,
        kind,
        field: None,
        old_value: None,
        new_value: None,
        for_comment: false,
        internal: false,
        created_at,
    }
}

fn weighted<T: Copy>(rng: &mut impl Rng, choices: &[(T, u32)]) -> T {
    let total: u32 = choices.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total.max(1));
    for (value, weight) in choices {
        if roll < *weight {
            return *value;
        }
        roll -= weight;
    }
    choices[0].0
}

/// Imports `total` generated tickets with `comments_per_ticket` comments each, in
/// batches of `batch_size`, printing progress and the rate to stderr. Returns how
/// many tickets were imported.
pub async fn import_tickets(
    store: Arc<dyn Store>,
    people: Arc<People>,
    total: u64,
    batch_size: usize,
    comments_per_ticket: usize,
    seed: u64,
) -> anyhow::Result<u64> {
    let batch_size = batch_size.max(1);
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<NewTicket>>(2);
    let generator = tokio::task::spawn_blocking(move || {
        let mut generator = TicketGenerator::new(people, total, comments_per_ticket, seed);
        let mut left = total;
        while left > 0 {
            let size = usize::try_from(left).unwrap_or(usize::MAX).min(batch_size);
            if tx.blocking_send(generator.batch(size)).is_err() {
                break; // the importer stopped (after an error)
            }
            left -= size as u64;
        }
    });

    let started = Instant::now();
    let mut last_report = started;
    let mut done: u64 = 0;
    while let Some(batch) = rx.recv().await {
        done += store
            .import_tickets(batch)
            .await
            .with_context(|| format!("importing tickets after {done}"))? as u64;
        if last_report.elapsed() >= Duration::from_secs(2) || done == total {
            last_report = Instant::now();
            let rate = done as f64 / started.elapsed().as_secs_f64().max(1e-9);
            eprintln!("  seeded {done} of {total} tickets ({rate:.0} tickets/s)");
        }
    }
    generator.await.context("ticket generator failed")?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> Arc<People> {
        Arc::new(People {
            groups: (0..GROUPS.len() as i64)
                .map(|g| SeedGroup {
                    id: g + 1,
                    tier: Tier::L1,
                    agents: vec![100 + g * 10, 101 + g * 10],
                })
                .collect(),
            customers: (0..50)
                .map(|c| Customer {
                    id: 1000 + c,
                    organization_id: (c % 2 == 0).then_some(7),
                })
                .collect(),
        })
    }

    #[test]
    fn generated_tickets_are_consistent() {
        let mut generator = TicketGenerator::new(people(), 1000, 3, 42);
        let tickets = generator.batch(1000);
        let mut previous = None;
        for new in &tickets {
            let t = &new.ticket;
            assert!(!t.subject.is_empty() && !t.description.is_empty());
            assert!(t.updated_at >= t.created_at, "{t:?}");
            assert_eq!(
                t.solved_at.is_some(),
                matches!(t.status, Status::Solved | Status::Closed)
            );
            assert_eq!(t.closed_at.is_some(), t.status == Status::Closed);
            if t.status == Status::New {
                assert_eq!(t.assignee_id, None);
            }
            assert!(t.tags.windows(2).all(|w| w[0] < w[1]), "{:?}", t.tags);
            assert!(
                previous.is_none_or(|p| p <= t.created_at),
                "created_at increases"
            );
            previous = Some(t.created_at);
            assert_eq!(new.events[0].kind, EventKind::Created);
            assert_conversation(new, 3);
        }
        let internal = tickets
            .iter()
            .flat_map(|n| &n.comments)
            .filter(|c| !c.public)
            .count();
        assert!(
            internal > 100 && internal < 1000,
            "{internal} internal notes"
        );
        let languages: std::collections::HashSet<_> = tickets
            .iter()
            .filter_map(|t| t.ticket.language.clone())
            .collect();
        assert_eq!(languages.len(), 5);
    }

    /// `n` comments, agents and the customer in turn (agents first), timestamps in
    /// order within the ticket's life, one `comment_added` event per comment with
    /// only the first linked, and a first response only from a public agent reply.
    #[track_caller]
    fn assert_conversation(new: &NewTicket, n: usize) {
        let t = &new.ticket;
        assert_eq!(new.comments.len(), n);
        for (turn, c) in new.comments.iter().enumerate() {
            let by_customer = c.author_id == t.requester_id;
            assert_eq!(by_customer, turn % 2 == 1, "turn {turn} of {t:?}");
            if by_customer {
                assert!(c.public);
            }
            if t.status == Status::New {
                assert!(by_customer || !c.public, "a new ticket has no reply yet");
            }
            assert!(!c.body.is_empty());
            assert!(c.created_at >= t.created_at && c.created_at <= t.updated_at);
        }
        assert!(
            new.comments
                .windows(2)
                .all(|w| w[0].created_at <= w[1].created_at)
        );
        let first_reply = new
            .comments
            .iter()
            .find(|c| c.public && c.author_id != t.requester_id)
            .map(|c| c.created_at);
        assert_eq!(t.first_response_at, first_reply);
        let added: Vec<&NewEvent> = new
            .events
            .iter()
            .filter(|e| e.kind == EventKind::CommentAdded)
            .collect();
        assert_eq!(added.len(), n);
        for (e, c) in added.iter().zip(&new.comments) {
            assert_eq!(e.internal, !c.public);
            assert_eq!(e.created_at, c.created_at);
        }
        let linked: Vec<bool> = new.events.iter().map(|e| e.for_comment).collect();
        assert_eq!(linked.iter().filter(|&&l| l).count(), usize::from(n > 0));
        assert!(n == 0 || new.events[1].for_comment);
    }

    #[test]
    fn comment_count_is_honoured() {
        for n in [0, 1, 2, 5] {
            for new in TicketGenerator::new(people(), 200, n, 7).batch(200) {
                assert_conversation(&new, n);
            }
        }
    }

    #[test]
    fn same_seed_same_tickets() {
        let a = TicketGenerator::new(people(), 10, 3, 1).batch(10);
        let b = TicketGenerator::new(people(), 10, 3, 1).batch(10);
        let subjects = |v: &[NewTicket]| {
            v.iter()
                .map(|t| t.ticket.subject.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(subjects(&a), subjects(&b));
    }
}
