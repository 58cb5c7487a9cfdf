//! `evm-bench --cu-profile`: where the SBF interpreter spends its compute units.
//!
//! Needs the probe built with the CU trace (`SEALEVM_SBF_EXTRA_RUSTFLAGS='--cfg
//! sealevm_cu_trace' SEALEVM_SBF_DIR=<dir> scripts/build-sbf.sh programs/evm-probe`, then the
//! same `SEALEVM_SBF_DIR` for this command). The traced build logs the remaining CU before
//! every opcode and at the transaction's boundaries (`sealevm_primitives::cu_trace`); the CU
//! between two marks, less the cost of a mark, is charged to the opcode (or phase) before it.

use crate::abi;
use crate::fixtures::FIXTURE_TOKEN;
use sealevm_evm::Address;
use sealevm_evm::U256;
use sealevm_evm_probe::codec;
use sealevm_tests::sbf::{Budget, SbfProgram};
use std::collections::BTreeMap;

const TAG_OPCODE: u64 = 0xC0DE;
const TAG_TX: u64 = 0x7C;
const TAG_CALIBRATE: u64 = 0xCA1;

/// CU attributed to one opcode or phase.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cost {
    /// Times it ran.
    pub count: u64,
    /// CU in total, mark overhead removed.
    pub cu: u64,
}

/// A CU profile of one run.
#[derive(Debug, Default)]
pub struct Profile {
    /// Cost of one mark, subtracted from every interval.
    pub mark_cost: u64,
    /// Per opcode (by byte value).
    pub opcodes: BTreeMap<u8, Cost>,
    /// Per transaction phase: "validate+prepay", "execute", "settle".
    pub phases: Vec<(&'static str, u64)>,
}

/// A mark: a `sol_log_64_` line (`Program log: 0x.., 0x.., 0x.., 0x.., 0x..`) followed by
/// `Program consumption: N units remaining`; returns `[tag, a, b, remaining]`.
fn parse_marks(logs: &[String]) -> Vec<[u64; 4]> {
    let mut marks = Vec::new();
    let mut pending: Option<[u64; 3]> = None;
    for line in logs {
        if let Some(rest) = line.strip_prefix("Program log: ") {
            let fields: Vec<u64> = rest
                .split(", ")
                .filter_map(|p| u64::from_str_radix(p.strip_prefix("0x")?, 16).ok())
                .collect();
            pending = (fields.len() == 5).then(|| [fields[0], fields[1], fields[2]]);
        } else if let Some(rest) = line.strip_prefix("Program consumption: ") {
            let remaining = rest.split(' ').next().and_then(|n| n.parse().ok());
            if let (Some([tag, a, b]), Some(remaining)) = (pending.take(), remaining) {
                marks.push([tag, a, b, remaining]);
            }
        }
    }
    marks
}

/// Builds the profile from the logs of a traced run.
fn profile_from_logs(logs: &[String]) -> Result<Profile, String> {
    let marks = parse_marks(logs);
    let calibration: Vec<u64> = marks
        .iter()
        .filter(|m| m[0] == TAG_CALIBRATE)
        .map(|m| m[3])
        .collect();
    let [first, second] = calibration[..] else {
        return Err(
            "no calibration marks: was the probe built with --cfg sealevm_cu_trace?".into(),
        );
    };
    let mut profile = Profile {
        mark_cost: first - second,
        ..Profile::default()
    };
    let mut tx_marks = BTreeMap::new();
    let mut previous: Option<[u64; 4]> = None;
    for m in marks.iter().filter(|m| m[0] != TAG_CALIBRATE) {
        if m[0] == TAG_TX {
            tx_marks.insert(m[1], m[3]);
        }
        if let Some(p) = previous {
            if p[0] == TAG_OPCODE {
                let spent = (p[3] - m[3]).saturating_sub(profile.mark_cost);
                let cost = profile.opcodes.entry(p[1] as u8).or_default();
                cost.count += 1;
                cost.cu += spent;
            }
        }
        previous = Some(*m);
    }
    let phase = |a: u64, b: u64| -> Result<u64, String> {
        let (x, y) = (tx_marks.get(&a), tx_marks.get(&b));
        match (x, y) {
            (Some(x), Some(y)) => Ok(x - y),
            _ => Err(format!("missing transaction marks {a}/{b}")),
        }
    };
    let ops: u64 = profile.opcodes.values().map(|c| c.count).sum();
    profile.phases = vec![
        ("validate+prepay", phase(0, 1)?),
        (
            "execute (marks removed)",
            phase(1, 2)?.saturating_sub(ops * profile.mark_cost),
        ),
        ("settle", phase(2, 3)?),
    ];
    Ok(profile)
}

/// Runs the traced ERC-20 transfer in the probe and profiles it.
pub fn profile_erc20_transfer() -> Result<Profile, String> {
    let runtime = FIXTURE_TOKEN.runtime()?;
    let calldata = abi::call(
        "transfer(address,uint256)",
        &[abi::address(Address([0x33; 20])), U256::ZERO],
    );
    let mut program = SbfProgram::load("sealevm_evm_probe").map_err(|e| e.to_string())?;
    let request = codec::encode_run(1_000_000, &runtime, &calldata).ok_or("code too long")?;
    let invocation = program
        .invoke(&request, Vec::new(), Budget::default())
        .map_err(|e| e.to_string())?;
    profile_from_logs(&invocation.logs)
}
