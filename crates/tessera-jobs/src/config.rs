//! How a runner behaves: identity, parallelism, lease, polling, back-off.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use rand::Rng;
use serde_json::Value;
use tessera_store::NewJob;

/// Settings of one [`Runner`](crate::Runner).
#[derive(Debug, Clone)]
pub struct RunnerConfig {
    /// Names this runner in claims (`locked_by`): unique per node and process, so
    /// that a node never completes a job another node now holds.
    pub worker_id: String,
    /// Jobs run at once, and so the most claimed in one batch. At least 1.
    pub concurrency: u32,
    /// How long a claim holds a job. Not renewed: longer than the slowest job (a
    /// handler still running at 90 % of it is cancelled and retried), and as short
    /// as a dead node's jobs may wait before another node takes them over.
    pub lease: Duration,
    /// Fallback wake-up: how often an idle runner looks for jobs nobody told it
    /// about (other nodes' enqueues, expired leases) and the scheduler re-reads its
    /// schedules.
    pub poll_interval: Duration,
    pub backoff: Backoff,
    /// Attempts of the jobs this crate enqueues itself (periodic schedules), and the
    /// default of [`RunnerConfig::new_job`].
    pub default_max_attempts: i32,
    /// How long shutdown waits for running jobs before cancelling them (each is
    /// then queued again at once, for another node or the next start).
    pub shutdown_timeout: Duration,
    /// How often the queue-depth gauges are refreshed; zero turns that off.
    pub gauge_interval: Duration,
}

impl Default for RunnerConfig {
    fn default() -> Self {
        RunnerConfig {
            worker_id: default_worker_id(),
            concurrency: 4,
            lease: Duration::from_secs(5 * 60),
            poll_interval: Duration::from_secs(5),
            backoff: Backoff::default(),
            default_max_attempts: 8,
            shutdown_timeout: Duration::from_secs(30),
            gauge_interval: Duration::from_secs(15),
        }
    }
}

impl RunnerConfig {
    /// A job of `kind` due at `run_at`, with the default number of attempts and no
    /// dedupe key.
    pub fn new_job(&self, kind: &str, payload: Value, run_at: Timestamp) -> NewJob {
        NewJob {
            kind: kind.to_owned(),
            payload,
            run_at,
            max_attempts: self.default_max_attempts,
            dedupe_key: None,
        }
    }

    pub(crate) fn lease(&self) -> SignedDuration {
        SignedDuration::try_from(self.lease).unwrap_or(SignedDuration::MAX)
    }

    /// How long a handler may run: 90 % of the lease, leaving the rest to record
    /// the outcome before another worker may claim the job.
    pub(crate) fn job_timeout(&self) -> Duration {
        self.lease.saturating_sub(self.lease / 10)
    }

    pub(crate) fn batch(&self) -> u32 {
        self.concurrency.max(1)
    }
}

/// `host:pid:random`: distinct across nodes and across restarts of one process.
fn default_worker_id() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "tessera".to_owned());
    format!(
        "{host}:{}:{:08x}",
        std::process::id(),
        rand::rng().random::<u32>()
    )
}

/// Exponential back-off between attempts: after the `n`th failed attempt the job
/// waits `min(max, base * 2^(n-1))`, spread by `± jitter` of itself so that jobs
/// that failed together (an SMTP outage) do not all retry in the same instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backoff {
    pub base: Duration,
    pub max: Duration,
    /// A fraction of the delay, 0.0..=1.0 (0.2 = ±20 %).
    pub jitter: f64,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: Duration::from_secs(10),
            max: Duration::from_secs(60 * 60),
            jitter: 0.2,
        }
    }
}

impl Backoff {
    /// The wait after `attempts` failed attempts (1 after the first).
    pub fn delay(&self, attempts: i32) -> Duration {
        self.delay_with(attempts, rand::rng().random_range(-1.0..=1.0))
    }

    /// [`Backoff::delay`] with the random part given: `spread` in -1.0..=1.0.
    fn delay_with(&self, attempts: i32, spread: f64) -> Duration {
        // 2^31 times any useful base already exceeds any useful max.
        let doublings = attempts.saturating_sub(1).clamp(0, 31).unsigned_abs();
        let capped = self.base.saturating_mul(1_u32 << doublings).min(self.max);
        let jitter = if self.jitter.is_finite() {
            self.jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let factor = 1.0 + jitter * spread.clamp(-1.0, 1.0);
        Duration::try_from_secs_f64(capped.as_secs_f64() * factor).unwrap_or(capped)
    }

    /// When a job that failed its `attempts`th attempt at `now` runs again.
    pub(crate) fn retry_at(&self, now: Timestamp, attempts: i32) -> Timestamp {
        let delay = SignedDuration::try_from(self.delay(attempts)).unwrap_or(SignedDuration::MAX);
        now.checked_add(delay).unwrap_or(Timestamp::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backoff(jitter: f64) -> Backoff {
        Backoff {
            base: Duration::from_secs(10),
            max: Duration::from_secs(100),
            jitter,
        }
    }

    #[test]
    fn delay_doubles_per_attempt_up_to_the_max() {
        let b = backoff(0.0);
        let secs: Vec<u64> = (1..=6).map(|n| b.delay(n).as_secs()).collect();
        assert_eq!(secs, [10, 20, 40, 80, 100, 100]);
        // Nonsense attempt counts neither panic nor overflow.
        assert_eq!(b.delay(0).as_secs(), 10);
        assert_eq!(b.delay(-5).as_secs(), 10);
        assert_eq!(b.delay(i32::MAX).as_secs(), 100);
    }

    #[test]
    fn jitter_spreads_within_its_fraction() {
        let b = backoff(0.5);
        assert_eq!(b.delay_with(2, -1.0), Duration::from_secs(10));
        assert_eq!(b.delay_with(2, 1.0), Duration::from_secs(30));
        for _ in 0..200 {
            let d = b.delay(2);
            assert!(
                (Duration::from_secs(10)..=Duration::from_secs(30)).contains(&d),
                "{d:?}"
            );
        }
        // Out-of-range jitter is clamped, not trusted.
        assert_eq!(backoff(7.0).delay_with(1, -1.0), Duration::ZERO);
        assert_eq!(
            backoff(f64::NAN).delay_with(1, 1.0),
            Duration::from_secs(10)
        );
    }

    #[test]
    fn huge_settings_saturate() {
        let b = Backoff {
            base: Duration::MAX,
            max: Duration::MAX,
            jitter: 1.0,
        };
        let now = Timestamp::UNIX_EPOCH;
        assert_eq!(b.retry_at(now, 40), Timestamp::MAX);
    }

    #[test]
    fn job_timeout_leaves_a_tenth_of_the_lease() {
        let config = RunnerConfig {
            lease: Duration::from_secs(100),
            ..RunnerConfig::default()
        };
        assert_eq!(config.job_timeout(), Duration::from_secs(90));
        assert!(config.worker_id.contains(&std::process::id().to_string()));
    }
}
