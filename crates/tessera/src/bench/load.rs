//! Closed-loop HTTP load: `clients` tasks share one connection pool and take
//! request numbers from a shared counter until `requests` have been sent or the
//! time cap is reached. Each latency is measured from send to the last byte of
//! the response body.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use reqwest::{Client, RequestBuilder};

use super::stats::Measurement;

/// Builds request number `i` of a scenario.
pub type MakeRequest = Arc<dyn Fn(&Client, usize) -> RequestBuilder + Send + Sync>;

pub struct Scenario {
    pub name: String,
    pub clients: usize,
    pub requests: usize,
    pub time_cap: Duration,
    pub make: MakeRequest,
}

/// A client with keep-alive connections to the target, enough for every
/// concurrent client, and no proxy from the environment (the target is local).
pub fn http_client(max_clients: usize) -> anyhow::Result<Client> {
    Ok(Client::builder()
        .pool_max_idle_per_host(max_clients)
        .tcp_nodelay(true)
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()?)
}

pub async fn run(client: &Client, scenario: Scenario) -> Measurement {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + scenario.time_cap;
    let clients = scenario.clients.max(1);
    let per_client = scenario.requests / clients + 1;
    let mut tasks = Vec::with_capacity(clients);
    for _ in 0..clients {
        let next = Arc::clone(&next);
        let make = Arc::clone(&scenario.make);
        let client = client.clone();
        let requests = scenario.requests;
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(per_client);
            let mut errors = 0usize;
            let mut first_error = None;
            let mut capped = false;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= requests {
                    break;
                }
                if Instant::now() >= deadline {
                    capped = true;
                    break;
                }
                let sent = Instant::now();
                match send(make(&client, i)).await {
                    Ok(()) => latencies.push(sent.elapsed()),
                    Err(e) => {
                        errors += 1;
                        first_error.get_or_insert(e);
                    }
                }
            }
            (latencies, errors, first_error, capped)
        }));
    }

    let mut latencies = Vec::with_capacity(scenario.requests);
    let mut errors = 0;
    let mut capped = false;
    let mut first_error = None;
    for task in tasks {
        match task.await {
            Ok((mut l, e, first, c)) => {
                latencies.append(&mut l);
                errors += e;
                capped |= c;
                if first_error.is_none() {
                    first_error = first;
                }
            }
            Err(e) => {
                errors += 1;
                first_error.get_or_insert_with(|| format!("client task failed: {e}"));
            }
        }
    }
    let elapsed = started.elapsed();
    if let Some(error) = first_error {
        eprintln!(
            "  {}: {errors} failed requests; first: {error}",
            scenario.name
        );
    }
    Measurement::new(
        scenario.name,
        scenario.clients,
        latencies,
        errors,
        elapsed,
        capped,
    )
}

/// Sends and reads the whole body; anything but 2xx is an error described by
/// its status and the start of its body.
async fn send(request: RequestBuilder) -> Result<(), String> {
    let response = request.send().await.map_err(|e| e.to_string())?;
    let status = response.status();
    let body = response.bytes().await.map_err(|e| e.to_string())?;
    if status.is_success() {
        Ok(())
    } else {
        let text = String::from_utf8_lossy(&body);
        Err(format!(
            "{status}: {}",
            text.chars().take(200).collect::<String>()
        ))
    }
}
