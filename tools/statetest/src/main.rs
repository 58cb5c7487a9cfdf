//! `statetest`: runs ethereum/tests GeneralStateTests JSON files against `sealevm-evm`.
//! See `docs/statetest.md`.

use anyhow::{bail, Context, Result};
use clap::Parser;
use rayon::prelude::*;
use sealevm_evm::SpecId;
use sealevm_statetest::{report, runner};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Run GeneralStateTests JSON files against the sealevm EVM.
#[derive(Parser, Debug)]
#[command(name = "statetest")]
struct Args {
    /// State-test files or directories (walked recursively for *.json).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The `post` entry (hard fork) to run.
    #[arg(long, default_value = "Cancun")]
    fork: String,
    /// Print every failing case: id, expected vs got root and logs, our outcome.
    #[arg(long, short)]
    verbose: bool,
    /// With failing cases, also print our state changes (implies --verbose).
    #[arg(long)]
    dump: bool,
    /// Only run tests whose `path::name` contains this string.
    #[arg(long)]
    filter: Option<String>,
    /// Leave out tests whose `path::name` contains this (repeatable; e.g. the slow ones in CI).
    #[arg(long)]
    exclude: Vec<String>,
    /// Write the sorted ids of failing cases to this file.
    #[arg(long)]
    write_failures: Option<PathBuf>,
    /// Exit non-zero only for failures not listed in this file.
    #[arg(long)]
    known_failures: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, short)]
    jobs: Option<usize>,
}

/// A file to run and the name its cases carry.
struct TestFile {
    path: PathBuf,
    rel: String,
}

/// The name of `path` in case ids: relative to the nearest `GeneralStateTests` ancestor when
/// there is one (so ids do not depend on where the suite is or which sub-directory was given),
/// else relative to the directory argument `root`.
fn relative_name(path: &Path, root: &Path) -> String {
    let components: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let Some(i) = components.iter().rposition(|c| c == "GeneralStateTests") {
        if i + 1 < components.len() {
            return components[i + 1..].join("/");
        }
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    let rel: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    rel.join("/")
}

fn walk(dir: &Path, root: &Path, out: &mut Vec<TestFile>) -> Result<()> {
    let mut entries = std::fs::read_dir(dir)
        .with_context(|| format!("reading directory {dir:?}"))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, root, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(TestFile {
                rel: relative_name(&path, root),
                path,
            });
        }
    }
    Ok(())
}

fn collect_files(paths: &[PathBuf]) -> Result<Vec<TestFile>> {
    let mut files = Vec::new();
    for path in paths {
        // Canonical paths, so that `GeneralStateTests` is found among the ancestors of a
        // relative argument too.
        let path = &std::fs::canonicalize(path).with_context(|| format!("{path:?}"))?;
        if path.is_dir() {
            walk(path, path, &mut files)?;
        } else if path.is_file() {
            let root = path.parent().unwrap_or(Path::new(""));
            files.push(TestFile {
                rel: relative_name(path, root),
                path: path.clone(),
            });
        } else {
            bail!("{path:?} is neither a file nor a directory");
        }
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    files.dedup_by(|a, b| a.rel == b.rel);
    Ok(files)
}

fn run(args: Args) -> Result<bool> {
    let Some(spec) = SpecId::from_name(&args.fork) else {
        bail!("unknown fork {:?}", args.fork);
    };
    if let Some(jobs) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build_global()?;
    }
    let known = args
        .known_failures
        .as_deref()
        .map(report::read_known)
        .transpose()?;
    let files = collect_files(&args.paths)?;
    let opts = runner::Options {
        fork: args.fork.clone(),
        spec,
        filter: args.filter.clone(),
        exclude: args.exclude.clone(),
        dump: args.dump,
    };
    runner::install_panic_hook();
    let start = Instant::now();
    let reports: Vec<runner::FileReport> = files
        .par_iter()
        .map(|f| runner::run_file(&f.path, &f.rel, &opts))
        .collect();
    let elapsed = start.elapsed();

    if args.verbose || args.dump {
        for case in reports.iter().flat_map(|r| &r.cases) {
            if let Some(text) = report::describe_failure(case) {
                print!("{text}");
            }
        }
    }
    let summary = report::summarize(&reports);
    print!("{}", report::table(&summary));
    if let Some(path) = &args.write_failures {
        report::write_failures(path, &summary.failures)?;
    }
    let ok = match &known {
        Some(known) => {
            let new: Vec<&String> = summary.failures.difference(known).collect();
            let run_ids: std::collections::BTreeSet<&str> = reports
                .iter()
                .flat_map(|r| &r.cases)
                .map(|c| c.id.as_str())
                .collect();
            let fixed = known
                .iter()
                .filter(|id| !summary.failures.contains(*id) && run_ids.contains(id.as_str()))
                .count();
            for id in &new {
                println!("new failure (not in known failures): {id}");
            }
            println!(
                "known failures: {} new, {} listed failures now pass",
                new.len(),
                fixed
            );
            new.is_empty()
        }
        None => summary.total.failed == 0,
    };
    println!(
        "time: {:.1}s over {} files",
        elapsed.as_secs_f64(),
        files.len()
    );
    println!("{}", summary.total);
    Ok(ok)
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("statetest: {e:#}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_relative_to_the_suite() {
        let p = Path::new("/x/ethereum-tests/GeneralStateTests/stExample/add11.json");
        assert_eq!(
            relative_name(
                p,
                Path::new("/x/ethereum-tests/GeneralStateTests/stExample")
            ),
            "stExample/add11.json"
        );
        let q = Path::new("/data/mine/a/b.json");
        assert_eq!(relative_name(q, Path::new("/data/mine")), "a/b.json");
    }
}
