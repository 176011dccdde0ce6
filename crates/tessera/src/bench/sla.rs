//! `tessera bench sla-recompute`: how long recomputing every open ticket's SLA
//! clocks takes on the tickets already in a database (e.g. after `bench seed`).
//!
//! Adds a business calendar and an SLA policy (or reuses the ones an earlier
//! run added), then times `Service::run_sla_recompute` three times: the first
//! pass (tickets from before SLA tracking get a row built from their fields),
//! a pass after a calendar edit (every open ticket's due times move), and a
//! pass with nothing changed (rows are compared, not written).

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use jiff::Timestamp;
use serde_json::json;
use tessera_core::Role;
use tessera_service::sla::{CalendarSpec, PolicySpec, RecomputeReport, WeeklyHours};
use tessera_service::{Actor, Service, ServiceConfig, SystemClock};
use tessera_store::{IdentityKind, NewUser, Store};

use super::BenchDatabaseArgs;
use crate::config::{DatabaseUrl, SecretUrl};
use crate::database;

const ADMIN_EMAIL: &str = "bench-sla-admin@desk.example.com";
const CALENDAR_NAME: &str = "Bench office (Zagreb)";
const POLICY_NAME: &str = "Bench standard";

#[derive(Debug, Args)]
pub struct SlaRecomputeArgs {
    /// Database whose tickets to recompute (sqlite://PATH or postgres://…).
    /// The run adds a calendar, a policy and SLA rows: use a copy.
    #[arg(long, value_name = "URL")]
    pub database_url: SecretUrl,
    #[command(flatten)]
    pub database: BenchDatabaseArgs,
}

struct Row {
    pass: &'static str,
    report: RecomputeReport,
    elapsed: Duration,
}

pub async fn run(args: SlaRecomputeArgs) -> anyhow::Result<()> {
    let database = args
        .database
        .config(DatabaseUrl::parse(args.database_url.expose())?);
    let store = database::open_store(&database).await?;
    let service = Service::new(
        store.clone(),
        Arc::new(SystemClock),
        ServiceConfig::default(),
    );
    let admin = bench_admin(store.as_ref()).await?;
    let calendar = match service
        .list_sla_calendars(&admin)
        .await?
        .into_iter()
        .find(|c| c.spec.name == CALENDAR_NAME)
    {
        Some(calendar) => calendar,
        None => {
            service
                .create_sla_calendar(&admin, office("09:00-17:00"))
                .await?
        }
    };
    let policies = service.list_sla_policies(&admin).await?;
    if !policies.iter().any(|p| p.spec.name == POLICY_NAME) {
        let spec: PolicySpec = serde_json::from_value(json!({
            "name": POLICY_NAME,
            "calendar_id": calendar.id,
            "targets": {
                "urgent": {"first_response": 30, "next_response": 60, "resolution": 240},
                "high": {"first_response": 60, "next_response": 120, "resolution": 480},
                "normal": {"first_response": 240, "next_response": 480, "resolution": 1440},
                "low": {"first_response": 480, "next_response": 960, "resolution": 2880}
            }
        }))
        .context("benchmark policy")?;
        service.create_sla_policy(&admin, spec).await?;
    }
    eprintln!(
        "Recomputing SLA clocks of the open tickets in {} ({})",
        database.url.location(),
        database.url.backend()
    );

    let mut rows = Vec::new();
    rows.push(timed("first pass (rows built from ticket fields)", &service).await?);
    // Shift the working day by an hour: every running clock's due time moves.
    let edited = if calendar.spec.weekly.monday.first().map(String::as_str) == Some("09:00-17:00") {
        office("08:00-16:00")
    } else {
        office("09:00-17:00")
    };
    let current = service.get_sla_calendar(&admin, calendar.id).await?;
    service
        .update_sla_calendar(&admin, calendar.id, current.version, edited)
        .await?;
    rows.push(timed("after a calendar edit", &service).await?);
    rows.push(timed("nothing changed", &service).await?);
    println!("{}", table(&rows));
    Ok(())
}

fn office(hours: &str) -> CalendarSpec {
    CalendarSpec {
        name: CALENDAR_NAME.to_owned(),
        time_zone: "Europe/Zagreb".to_owned(),
        always: false,
        weekly: WeeklyHours::weekdays(hours),
        holidays: Vec::new(),
    }
}

async fn bench_admin(store: &dyn Store) -> anyhow::Result<Actor> {
    let user = match store
        .find_user_by_identity(IdentityKind::Email, ADMIN_EMAIL)
        .await?
    {
        Some(user) => user,
        None => {
            store
                .create_user(NewUser {
                    name: "SLA benchmark".to_owned(),
                    email: Some(ADMIN_EMAIL.to_owned()),
                    role: Role::Admin,
                    organization_id: None,
                    language: None,
                    time_zone: None,
                    phones: Vec::new(),
                    created_at: Timestamp::now(),
                })
                .await?
        }
    };
    anyhow::ensure!(
        user.role == Role::Admin,
        "{ADMIN_EMAIL} exists but is not an admin"
    );
    Ok(Actor::from_user(&user))
}

async fn timed(pass: &'static str, service: &Service) -> anyhow::Result<Row> {
    let started = Instant::now();
    let report = service.run_sla_recompute(Timestamp::now()).await?;
    let elapsed = started.elapsed();
    eprintln!(
        "  {pass}: {} tickets, {} rows written in {:.2} s",
        report.tickets,
        report.rows_written,
        elapsed.as_secs_f64()
    );
    Ok(Row {
        pass,
        report,
        elapsed,
    })
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| pass | open tickets | rows written | rows created | seconds | tickets/s |\n|---|---:|---:|---:|---:|---:|\n",
    );
    for row in rows {
        let seconds = row.elapsed.as_secs_f64();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.2} | {:.0} |",
            row.pass,
            row.report.tickets,
            row.report.rows_written,
            row.report.rows_created,
            seconds,
            row.report.tickets as f64 / seconds.max(1e-9)
        );
    }
    out
}
