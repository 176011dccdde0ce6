//! Latency percentiles and the Markdown report.

use std::fmt::Write as _;
use std::time::Duration;

/// What one scenario measured.
#[derive(Debug, Clone)]
pub struct Measurement {
    pub scenario: String,
    pub clients: usize,
    /// Latencies of successful requests, sorted ascending.
    pub latencies: Vec<Duration>,
    pub errors: usize,
    pub elapsed: Duration,
    /// True when the time cap ended the scenario before all requests were sent.
    pub capped: bool,
}

impl Measurement {
    pub fn new(
        scenario: impl Into<String>,
        clients: usize,
        mut latencies: Vec<Duration>,
        errors: usize,
        elapsed: Duration,
        capped: bool,
    ) -> Measurement {
        latencies.sort_unstable();
        Measurement {
            scenario: scenario.into(),
            clients,
            latencies,
            errors,
            elapsed,
            capped,
        }
    }

    /// Successful requests per second of wall-clock time.
    pub fn throughput(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.latencies.len() as f64 / secs
        } else {
            0.0
        }
    }

    pub fn percentile(&self, p: f64) -> Option<Duration> {
        percentile(&self.latencies, p)
    }
}

/// Nearest-rank percentile of sorted samples: the smallest sample with at least
/// `p` percent of all samples at or below it.
pub fn percentile(sorted: &[Duration], p: f64) -> Option<Duration> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

fn ms(d: Option<Duration>) -> String {
    d.map_or_else(
        || "–".to_owned(),
        |d| format!("{:.2}", d.as_secs_f64() * 1e3),
    )
}

/// The results as a Markdown table, one row per scenario.
pub fn markdown_table(backend: &str, rows: &[Measurement]) -> String {
    let mut out = String::new();
    out.push_str(
        "| scenario | backend | clients | requests | errors | req/s | p50 ms | p95 ms | p99 ms |\n",
    );
    out.push_str("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for m in rows {
        let capped = if m.capped { " (time cap)" } else { "" };
        let _ = writeln!(
            out,
            "| {}{capped} | {backend} | {} | {} | {} | {:.0} | {} | {} | {} |",
            m.scenario,
            m.clients,
            m.latencies.len() + m.errors,
            m.errors,
            m.throughput(),
            ms(m.percentile(50.0)),
            ms(m.percentile(95.0)),
            ms(m.percentile(99.0)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn millis(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|&v| Duration::from_millis(v)).collect()
    }

    #[test]
    fn nearest_rank_percentiles() {
        let samples = millis(&(1..=100).collect::<Vec<_>>());
        assert_eq!(percentile(&samples, 50.0), Some(Duration::from_millis(50)));
        assert_eq!(percentile(&samples, 95.0), Some(Duration::from_millis(95)));
        assert_eq!(percentile(&samples, 99.0), Some(Duration::from_millis(99)));
        assert_eq!(
            percentile(&samples, 100.0),
            Some(Duration::from_millis(100))
        );
        assert_eq!(percentile(&samples, 0.0), Some(Duration::from_millis(1)));
        assert_eq!(
            percentile(&millis(&[7]), 99.0),
            Some(Duration::from_millis(7))
        );
        assert_eq!(percentile(&[], 50.0), None);
    }

    #[test]
    fn measurement_sorts_and_reports() {
        let m = Measurement::new(
            "get ticket",
            8,
            millis(&[30, 10, 20, 40]),
            1,
            Duration::from_secs(2),
            false,
        );
        assert_eq!(m.percentile(50.0), Some(Duration::from_millis(20)));
        assert!((m.throughput() - 2.0).abs() < f64::EPSILON);
        let table = markdown_table("sqlite", &[m]);
        assert!(
            table.contains("| get ticket | sqlite | 8 | 5 | 1 | 2 | 20.00 | 40.00 | 40.00 |"),
            "{table}"
        );
    }
}
