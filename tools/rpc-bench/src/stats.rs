//! Throughput and latency percentiles of one workload on one node.

use std::time::Duration;

/// What one workload measured.
#[derive(Clone, Debug)]
pub(crate) struct Figures {
    /// Operations completed (requests, or transactions with their receipt).
    pub(crate) count: usize,
    /// Wall time of the whole workload.
    pub(crate) elapsed: Duration,
    /// Median latency of one operation.
    pub(crate) p50: Duration,
    /// 99th-percentile latency of one operation.
    pub(crate) p99: Duration,
}

impl Figures {
    /// Figures from every operation's latency and the workload's wall time.
    pub(crate) fn from_latencies(mut latencies: Vec<Duration>, elapsed: Duration) -> Self {
        latencies.sort_unstable();
        Self {
            count: latencies.len(),
            elapsed,
            p50: percentile(&latencies, 50),
            p99: percentile(&latencies, 99),
        }
    }

    /// Operations per second.
    pub(crate) fn per_second(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.count as f64 / secs
        } else {
            0.0
        }
    }
}

/// The `pct`-th percentile (nearest rank) of sorted `values`; zero when empty.
fn percentile(sorted: &[Duration], pct: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (sorted.len() * pct).div_ceil(100).max(1);
    sorted[rank.min(sorted.len()) - 1]
}

/// A duration in milliseconds with two decimals.
pub(crate) fn millis(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let values: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        let f = Figures::from_latencies(values, Duration::from_secs(2));
        assert_eq!(f.p50, Duration::from_millis(50));
        assert_eq!(f.p99, Duration::from_millis(99));
        assert_eq!(f.count, 100);
        assert!((f.per_second() - 50.0).abs() < 1e-9);
    }

    #[test]
    fn one_value_is_every_percentile() {
        let f = Figures::from_latencies(vec![Duration::from_millis(7)], Duration::from_secs(1));
        assert_eq!(
            (f.p50, f.p99),
            (Duration::from_millis(7), Duration::from_millis(7))
        );
    }
}
