//! `evm-bench`: times sealevm-evm against revm on the same workloads in one process.
//!
//! Usage: `cargo run --release --bin evm-bench -- [--reps N] [--quick] [--profile NAME ENGINE]
//! [--sbf-only] [--cu-profile]`
//!
//! `--profile erc20-transfer sealevm` (or `revm`) only runs that workload on that engine, `reps`
//! times, for a profiler (`perf record`, `valgrind --tool=callgrind`).
//!
//! For each workload it prints `name: sealevm X ms, revm Y ms, ratio R` (median of the
//! repetitions; each repetition starts both engines from the same fresh pre-state and commits
//! after every transaction), then `sbf CU per EVM instruction: ...` and, last,
//! `geomean time ratio vs revm: X.XX`.

use sealevm_evm_bench::workloads::{self, Workload};
use sealevm_evm_bench::{RevmChain, SealevmChain};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Command-line settings.
struct Options {
    /// Timed repetitions per engine and workload.
    reps: usize,
    /// Untimed repetitions before them.
    warmup: usize,
    /// Smaller workloads (a smoke test, not a measurement).
    quick: bool,
    /// `--profile NAME ENGINE`: run one workload on one engine only.
    profile: Option<(String, String)>,
    /// `--cu-profile`: per-opcode CU of the traced SBF probe, nothing else.
    cu_profile: bool,
    /// `--sbf-only`: only the `sbf CU per EVM instruction` measurement.
    sbf_only: bool,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        reps: 15,
        warmup: 3,
        quick: false,
        profile: None,
        cu_profile: false,
        sbf_only: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--reps" => {
                let n = args.next().ok_or("--reps needs a number")?;
                options.reps = n.parse().map_err(|e| format!("--reps {n}: {e}"))?;
                options.reps = options.reps.max(1);
            }
            "--quick" => {
                options.quick = true;
                options.reps = options.reps.min(3);
                options.warmup = 1;
            }
            "--profile" => {
                let name = args.next().ok_or("--profile needs a workload name")?;
                let engine = args
                    .next()
                    .ok_or("--profile needs an engine (sealevm or revm)")?;
                options.profile = Some((name, engine));
            }
            "--cu-profile" => options.cu_profile = true,
            "--sbf-only" => options.sbf_only = true,
            "-h" | "--help" => {
                println!("usage: evm-bench [--reps N] [--quick] [--profile NAME sealevm|revm] [--cu-profile] [--sbf-only]");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(options)
}

fn build_workloads(quick: bool) -> Result<Vec<Workload>, String> {
    let scale = if quick { 10 } else { 1 };
    Ok(vec![
        workloads::erc20_transfers(100, 2_000 / scale)?,
        workloads::keccak_loop(10, 20_000 / scale as u64)?,
        workloads::storage_loop(1_000 / scale as u64)?,
        if quick {
            workloads::ray_tracer(4, 4)?
        } else {
            workloads::ray_tracer(24, 16)?
        },
    ])
}

/// One timed run of `w` on sealevm-evm; setup (building the state) is not timed.
fn time_sealevm(w: &Workload) -> Result<Duration, String> {
    let mut chain = SealevmChain::new(&w.pre, &w.block);
    let envs: Vec<_> = w.txs.iter().map(|tx| chain.prepare(tx)).collect();
    let start = Instant::now();
    for env in &envs {
        let outcome = chain.execute_prepared(env)?;
        std::hint::black_box(&outcome);
    }
    Ok(start.elapsed())
}

/// One timed run of `w` on revm; setup is not timed.
fn time_revm(w: &Workload) -> Result<Duration, String> {
    let mut chain = RevmChain::new(&w.pre, &w.block);
    let txs: Vec<_> = w.txs.iter().map(|tx| chain.prepare(tx)).collect();
    let start = Instant::now();
    for tx in txs {
        let result = chain.execute_prepared(tx)?;
        std::hint::black_box(&result);
    }
    Ok(start.elapsed())
}

/// Runs `w` once on both engines and reports any difference in results or final state.
fn check(w: &Workload) -> Result<(), String> {
    let mut ours = SealevmChain::new(&w.pre, &w.block);
    let mut oracle = RevmChain::new(&w.pre, &w.block);
    for (i, tx) in w.txs.iter().enumerate() {
        let a = ours.execute(tx)?;
        let b = oracle.execute(tx)?;
        if b.status != sealevm_evm_bench::StatusClass::Success {
            return Err(format!(
                "{}: transaction {i} did not succeed on revm: {b:?}",
                w.name
            ));
        }
        let diff = a.diff(&b);
        if !diff.is_empty() {
            return Err(format!(
                "{}: transaction {i} differs (sealevm vs revm): {}",
                w.name,
                diff.join("; ")
            ));
        }
    }
    let diff = ours.snapshot().diff(&oracle.snapshot());
    if !diff.is_empty() {
        return Err(format!(
            "{}: final state differs (sealevm vs revm): {}",
            w.name,
            diff.join("; ")
        ));
    }
    Ok(())
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Median times of both engines, alternating them so that drift affects both alike.
fn measure(w: &Workload, options: &Options) -> Result<(Duration, Duration), String> {
    for _ in 0..options.warmup {
        time_sealevm(w)?;
        time_revm(w)?;
    }
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..options.reps {
        ours.push(time_sealevm(w)?);
        theirs.push(time_revm(w)?);
    }
    Ok((median(ours), median(theirs)))
}

/// The value of the `sbf CU per EVM instruction` line, printing the details above it.
#[cfg(feature = "sbf")]
fn sbf_cu_per_instruction() -> String {
    match sealevm_evm_bench::sbf_cu::measure_erc20_transfer() {
        Ok(m) => {
            println!(
                "sbf erc20-transfer: {} CU ({} CU fixed per transaction), {} EVM instructions, {} gas; {:.1} CU per instruction including the fixed cost",
                m.transfer_cu,
                m.baseline_cu,
                m.instructions,
                m.gas_used,
                m.per_instruction_total()
            );
            format!("{:.1}", m.per_instruction())
        }
        Err(e) => format!("unavailable ({e})"),
    }
}

/// `--cu-profile`: prints CU per opcode of the traced probe's ERC-20 transfer, costliest first.
#[cfg(feature = "sbf")]
fn print_cu_profile() -> Result<(), String> {
    let profile = sealevm_evm_bench::cu_profile::profile_erc20_transfer()?;
    println!("mark cost {} CU (removed)", profile.mark_cost);
    for (phase, cu) in &profile.phases {
        println!("phase {phase}: {cu} CU");
    }
    let mut rows: Vec<_> = profile.opcodes.iter().collect();
    rows.sort_by_key(|(_, c)| std::cmp::Reverse(c.cu));
    let total: u64 = rows.iter().map(|(_, c)| c.cu).sum();
    let count: u64 = rows.iter().map(|(_, c)| c.count).sum();
    for (opcode, c) in rows {
        println!(
            "opcode 0x{opcode:02x}: {:>4} x {:>6.1} CU = {:>6} CU ({:.1}%)",
            c.count,
            c.cu as f64 / c.count as f64,
            c.cu,
            100.0 * c.cu as f64 / total.max(1) as f64
        );
    }
    println!(
        "{count} instructions, {total} CU, {:.1} CU per instruction",
        total as f64 / count.max(1) as f64
    );
    Ok(())
}

#[cfg(not(feature = "sbf"))]
fn print_cu_profile() -> Result<(), String> {
    Err("--cu-profile needs the `sbf` feature".into())
}

/// Without the `sbf` feature there is no LiteSVM to run the probe in.
#[cfg(not(feature = "sbf"))]
fn sbf_cu_per_instruction() -> String {
    "unavailable (evm-bench was built without the `sbf` feature)".to_string()
}

/// `--profile`: repeats one workload on one engine.
fn profile(workloads: &[Workload], name: &str, engine: &str, reps: usize) -> Result<(), String> {
    let w = workloads
        .iter()
        .find(|w| w.name == name)
        .ok_or_else(|| format!("no workload named {name}"))?;
    let mut total = Duration::ZERO;
    for _ in 0..reps {
        total += match engine {
            "sealevm" => time_sealevm(w)?,
            "revm" => time_revm(w)?,
            other => return Err(format!("unknown engine {other} (sealevm or revm)")),
        };
    }
    println!(
        "{name} on {engine}: {reps} runs, {:.1} ms each",
        ms(total) / reps as f64
    );
    Ok(())
}

fn run() -> Result<(), String> {
    let options = parse_args()?;
    if options.cu_profile {
        return print_cu_profile();
    }
    if options.sbf_only {
        println!("sbf CU per EVM instruction: {}", sbf_cu_per_instruction());
        return Ok(());
    }
    let workloads = build_workloads(options.quick)?;
    if let Some((name, engine)) = &options.profile {
        return profile(&workloads, name, engine, options.reps);
    }
    let mut log_ratio_sum = 0.0;
    for w in &workloads {
        if let Err(e) = check(w) {
            eprintln!("warning: {e}");
        }
        let (ours, theirs) = measure(w, &options)?;
        let ratio = ours.as_secs_f64() / theirs.as_secs_f64();
        log_ratio_sum += ratio.ln();
        println!(
            "{}: sealevm {:.1} ms, revm {:.1} ms, ratio {:.2}",
            w.name,
            ms(ours),
            ms(theirs),
            ratio
        );
    }
    println!("sbf CU per EVM instruction: {}", sbf_cu_per_instruction());
    let geomean = (log_ratio_sum / workloads.len() as f64).exp();
    println!("geomean time ratio vs revm: {geomean:.2}");
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("evm-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
