//! `evm-bench`: times sealevm-evm against revm on the same workloads in one process.
//!
//! Usage: `cargo run --release --bin evm-bench [-- --reps N] [-- --quick]`
//!
//! For each workload it prints `name: sealevm X ms, revm Y ms, ratio R` (median of the
//! repetitions; each repetition starts both engines from the same fresh pre-state and commits
//! after every transaction), then `sbf CU per EVM instruction: ...` and, last,
//! `geomean time ratio vs revm: X.XX`.

use sealevm_evm_bench::workloads::{self, Workload};
use sealevm_evm_bench::{steps, RevmChain, SealevmChain};
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
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        reps: 15,
        warmup: 3,
        quick: false,
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
            "-h" | "--help" => {
                println!("usage: evm-bench [--reps N] [--quick]");
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

/// EVM instructions of the first ERC-20 transfer (revm inspector), for the SBF CU figure.
fn erc20_instructions(w: &Workload) -> Result<u64, String> {
    let first = w.txs.first().ok_or("no transfer")?;
    let (steps, _) = steps::count_last(&w.pre, &w.block, std::slice::from_ref(first))?;
    Ok(steps)
}

/// `sbf CU per EVM instruction`: needs the SBF probe to execute EVM transactions.
fn sbf_cu_per_instruction(instructions: Result<u64, String>) -> String {
    let note = match instructions {
        Ok(n) => format!("the ERC-20 transfer executes {n} EVM instructions"),
        Err(e) => format!("counting instructions failed: {e}"),
    };
    format!("unavailable (programs/evm-probe cannot execute EVM transactions yet; {note})")
}

fn run() -> Result<(), String> {
    let options = parse_args()?;
    let workloads = build_workloads(options.quick)?;
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
    let instructions = erc20_instructions(&workloads[0]);
    println!(
        "sbf CU per EVM instruction: {}",
        sbf_cu_per_instruction(instructions)
    );
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
