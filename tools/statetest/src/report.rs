//! Aggregating case verdicts: the per-directory table, skip reasons, failure details, the
//! failure list file and the known-failures check.

use crate::runner::{CaseReport, FileReport, SkipReason, Verdict};
use anyhow::{Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// Passed, failed and skipped case counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Cases that matched.
    pub passed: usize,
    /// Cases that did not.
    pub failed: usize,
    /// Cases not judged.
    pub skipped: usize,
}

impl Counts {
    fn add(&mut self, verdict: &Verdict) {
        match verdict {
            Verdict::Pass => self.passed += 1,
            Verdict::Fail(_) => self.failed += 1,
            Verdict::Skip(_) => self.skipped += 1,
        }
    }
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} passed, {} failed, {} skipped",
            self.passed, self.failed, self.skipped
        )
    }
}

/// Everything a run found.
#[derive(Debug, Default)]
pub struct Summary {
    /// Counts per directory (relative to the suite root), sorted by directory.
    pub per_dir: BTreeMap<String, Counts>,
    /// Skipped cases per reason.
    pub skips: BTreeMap<SkipReason, usize>,
    /// Ids of failing cases, sorted.
    pub failures: BTreeSet<String>,
    /// Totals.
    pub total: Counts,
}

/// Adds up the verdicts of every file.
pub fn summarize(files: &[FileReport]) -> Summary {
    let mut s = Summary::default();
    for file in files {
        let dir = s.per_dir.entry(file.dir.clone()).or_default();
        for case in &file.cases {
            dir.add(&case.verdict);
            s.total.add(&case.verdict);
            match &case.verdict {
                Verdict::Fail(_) => {
                    s.failures.insert(case.id.clone());
                }
                Verdict::Skip(reason) => *s.skips.entry(*reason).or_default() += 1,
                Verdict::Pass => {}
            }
        }
    }
    s
}

/// The details of one failing case (for `--verbose`), or None when it did not fail.
pub fn describe_failure(case: &CaseReport) -> Option<String> {
    let Verdict::Fail(f) = &case.verdict else {
        return None;
    };
    let show = |h: Option<sealevm_evm::B256>| h.map_or("-".to_string(), |h| h.to_string());
    let mut out = String::new();
    let _ = writeln!(out, "FAIL {}", case.id);
    let _ = writeln!(out, "  test:     {}", case.test);
    let _ = writeln!(out, "  problems: {}", f.problems.join("; "));
    let _ = writeln!(out, "  outcome:  {}", f.outcome);
    let _ = writeln!(
        out,
        "  root:     expected {} got {}",
        f.expected_root,
        show(f.got_root)
    );
    let _ = writeln!(
        out,
        "  logs:     expected {} got {}",
        f.expected_logs,
        show(f.got_logs)
    );
    if let Some(dump) = &f.dump {
        let _ = writeln!(out, "  our changes:");
        out.push_str(dump);
    }
    Some(out)
}

/// The table and skip reasons, one line each (the final totals line is printed by the caller).
pub fn table(s: &Summary) -> String {
    let mut out = String::new();
    for (dir, counts) in &s.per_dir {
        let _ = writeln!(out, "{dir}: {counts}");
    }
    for (reason, n) in &s.skips {
        let _ = writeln!(out, "skipped {n}: {}", reason.describe());
    }
    out
}

/// Writes the sorted failing case ids, one a line.
pub fn write_failures(path: &Path, failures: &BTreeSet<String>) -> Result<()> {
    let mut text = String::new();
    for id in failures {
        text.push_str(id);
        text.push('\n');
    }
    std::fs::write(path, text).with_context(|| format!("writing {path:?}"))
}

/// Reads a failure list (blank lines and `#` comments ignored).
pub fn read_known(path: &Path) -> Result<BTreeSet<String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {path:?}"))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_table() {
        let case = |id: &str, verdict| CaseReport {
            id: id.into(),
            test: "t".into(),
            verdict,
        };
        let files = vec![
            FileReport {
                dir: "b".into(),
                cases: vec![
                    case("b/x.json::t::d0g0v0", Verdict::Pass),
                    case(
                        "b/x.json::t::d1g0v0",
                        Verdict::Skip(SkipReason::BlobTransaction),
                    ),
                ],
            },
            FileReport {
                dir: "a".into(),
                cases: vec![case("a/y.json::t::d0g0v0", Verdict::Pass)],
            },
        ];
        let s = summarize(&files);
        assert_eq!(
            s.total,
            Counts {
                passed: 2,
                failed: 0,
                skipped: 1
            }
        );
        let t = table(&s);
        assert!(
            t.starts_with("a: 1 passed, 0 failed, 0 skipped\nb: 1 passed, 0 failed, 1 skipped\n")
        );
        assert!(t.contains("skipped 1: blob transaction"));
    }
}
