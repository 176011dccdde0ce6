//! Brute-force protection for sign-in: after too many failures for one email
//! address, further attempts are refused for a while. Per node (in memory); the
//! limit is per address so a distributed guesser gains little from more nodes.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const MAX_FAILURES: u32 = 5;
const WINDOW: Duration = Duration::from_secs(15 * 60);
const MAX_TRACKED: usize = 100_000;

#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl LoginLimiter {
    /// `Some(retry_after)` while the address is locked out.
    pub fn locked(&self, email: &str) -> Option<Duration> {
        let map = self.failures.lock().ok()?;
        let (count, since) = map.get(&email.to_lowercase())?;
        let elapsed = since.elapsed();
        (*count >= MAX_FAILURES && elapsed < WINDOW).then(|| WINDOW - elapsed)
    }

    pub fn record_failure(&self, email: &str) {
        if let Ok(mut map) = self.failures.lock() {
            if map.len() >= MAX_TRACKED {
                map.retain(|_, (_, since)| since.elapsed() < WINDOW);
            }
            let entry = map
                .entry(email.to_lowercase())
                .or_insert((0, Instant::now()));
            if entry.1.elapsed() >= WINDOW {
                *entry = (0, Instant::now());
            }
            entry.0 += 1;
        }
    }

    pub fn record_success(&self, email: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(&email.to_lowercase());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_five_failures_and_success_clears() {
        let l = LoginLimiter::default();
        for _ in 0..4 {
            l.record_failure("A@x.com");
        }
        assert!(l.locked("a@x.com").is_none());
        l.record_failure("a@x.com");
        assert!(l.locked("a@x.com").is_some());
        l.record_success("a@x.com");
        assert!(l.locked("a@x.com").is_none());
    }
}
