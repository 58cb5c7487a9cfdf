//! Runs the cases of one state-test file against `sealevm-evm` and judges each one.

use crate::json::{self, PostCase, TestTransaction, TestUnit};
use crate::trie;
use anyhow::{bail, Context, Result};
use sealevm_evm::memory_state::MemoryState;
use sealevm_evm::{
    transact, AccessListItem, Address, BlockEnv, CfgEnv, Env, ExecError, Journal, Outcome, SpecId,
    TxEnv, TxKind, B256, U256,
};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

/// Chain id of every ethereum/tests state test.
const CHAIN_ID: u64 = 1;

/// The KZG point-evaluation precompile (EIP-4844), which sealevm does not implement.
const KZG_PRECOMPILE: Address = Address([
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a,
]);

/// EIP-4844 BLOB_BASE_FEE_UPDATE_FRACTION (Cancun).
const BLOB_BASE_FEE_UPDATE_FRACTION: u64 = 3_338_477;

/// What to run and how much detail to keep.
#[derive(Clone, Debug)]
pub struct Options {
    /// The `post` key to run (e.g. "Cancun").
    pub fork: String,
    /// The rules to run it with.
    pub spec: SpecId,
    /// Only tests whose `path::name` contains this.
    pub filter: Option<String>,
    /// Leave out tests whose `path::name` contains any of these.
    pub exclude: Vec<String>,
    /// Keep a description of our post-state changes for failing cases.
    pub dump: bool,
}

/// Why a case was not judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SkipReason {
    /// A type 3 (EIP-4844 blob) transaction: the EVM's `TxEnv` has no blob fields.
    BlobTransaction,
    /// A type 4 (EIP-7702 set-code) transaction: not part of Cancun, no `TxEnv` fields.
    SetCodeTransaction,
    /// The case exercises the KZG point-evaluation precompile (0x0a), which sealevm does not
    /// implement.
    KzgPointEvaluation,
}

impl SkipReason {
    /// A one-line explanation for the summary.
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::BlobTransaction => {
                "blob transaction (type 3, EIP-4844): TxEnv has no blob fields"
            }
            SkipReason::SetCodeTransaction => {
                "set-code transaction (type 4, EIP-7702): not supported by TxEnv"
            }
            SkipReason::KzgPointEvaluation => {
                "KZG point evaluation (precompile 0x0a) unsupported: named pointEvaluation/kzg, \
                 or touched 0x0a and did not match"
            }
        }
    }
}

/// Details of a failing case.
#[derive(Clone, Debug)]
pub struct Failure {
    /// What went wrong, one item per problem.
    pub problems: Vec<String>,
    /// Expected post-state root.
    pub expected_root: B256,
    /// Our post-state root (None when execution did not finish).
    pub got_root: Option<B256>,
    /// Expected logs hash.
    pub expected_logs: B256,
    /// Our logs hash.
    pub got_logs: Option<B256>,
    /// Our outcome: status and gas used, invalid reason, or panic message.
    pub outcome: String,
    /// Our state changes against the pre-state (with `--dump`).
    pub dump: Option<String>,
}

/// The judgement of one case.
#[derive(Clone, Debug)]
pub enum Verdict {
    /// Roots, logs and validity all match.
    Pass,
    /// Something differs.
    Fail(Box<Failure>),
    /// Not judged, for a named reason.
    Skip(SkipReason),
}

/// One case: `path::test::d<i>g<j>v<k>` and its verdict.
#[derive(Clone, Debug)]
pub struct CaseReport {
    /// Stable case id.
    pub id: String,
    /// Test name.
    pub test: String,
    /// The verdict.
    pub verdict: Verdict,
}

/// Every case of one file.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// Directory of the file, relative to the suite root (for the per-directory table).
    pub dir: String,
    /// The cases, in test-name then post order.
    pub cases: Vec<CaseReport>,
}

/// Runs every selected case of the file at `path`, named `rel` in case ids.
pub fn run_file(path: &Path, rel: &str, opts: &Options) -> FileReport {
    let dir = match rel.rfind('/') {
        Some(i) => rel[..i].to_string(),
        None => ".".to_string(),
    };
    let cases = match load(path) {
        Ok(units) => units
            .iter()
            .filter(|(name, _)| {
                let id = format!("{rel}::{name}");
                opts.filter.as_ref().is_none_or(|f| id.contains(f.as_str()))
                    && !opts.exclude.iter().any(|x| id.contains(x.as_str()))
            })
            .flat_map(|(name, unit)| run_test(rel, name, unit, opts))
            .collect(),
        Err(e) => {
            let problem = format!("cannot read as a state test file: {e:#}");
            vec![CaseReport {
                id: format!("{rel}::<file>"),
                test: "<file>".to_string(),
                verdict: Verdict::Fail(Box::new(Failure {
                    problems: vec![problem],
                    expected_root: B256::ZERO,
                    got_root: None,
                    expected_logs: B256::ZERO,
                    got_logs: None,
                    outcome: "not run".to_string(),
                    dump: None,
                })),
            }]
        }
    };
    FileReport { dir, cases }
}

fn load(path: &Path) -> Result<BTreeMap<String, TestUnit>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {path:?}"))?;
    Ok(serde_json::from_str(&text)?)
}

/// A static reason to skip every case of a test.
fn static_skip(rel: &str, name: &str, tx: &TestTransaction) -> Option<SkipReason> {
    if tx.blob_versioned_hashes.is_some() || tx.max_fee_per_blob_gas.is_some() {
        return Some(SkipReason::BlobTransaction);
    }
    if tx.authorization_list.is_some() {
        return Some(SkipReason::SetCodeTransaction);
    }
    let text = format!("{rel}::{name}").to_ascii_lowercase();
    if text.contains("pointevaluation") || text.contains("kzg") {
        return Some(SkipReason::KzgPointEvaluation);
    }
    None
}

fn run_test(rel: &str, name: &str, unit: &TestUnit, opts: &Options) -> Vec<CaseReport> {
    let Some(posts) = unit.post.get(&opts.fork) else {
        return Vec::new();
    };
    let id = |p: &PostCase| {
        let i = p.indexes;
        format!("{rel}::{name}::d{}g{}v{}", i.data, i.gas, i.value)
    };
    let report = |p: &PostCase, verdict| CaseReport {
        id: id(p),
        test: name.to_string(),
        verdict,
    };
    if let Some(reason) = static_skip(rel, name, &unit.transaction) {
        return posts
            .iter()
            .map(|p| report(p, Verdict::Skip(reason)))
            .collect();
    }
    let prepared = match Prepared::new(unit, opts.spec) {
        Ok(p) => p,
        Err(e) => {
            let problem = format!("cannot set up the test: {e:#}");
            return posts
                .iter()
                .map(|p| report(p, Verdict::Fail(Box::new(unparsed_failure(p, &problem)))))
                .collect();
        }
    };
    posts
        .iter()
        .map(|p| report(p, prepared.run_case(unit, p, opts)))
        .collect()
}

fn unparsed_failure(post: &PostCase, problem: &str) -> Failure {
    Failure {
        problems: vec![problem.to_string()],
        expected_root: json::b256(&post.hash).unwrap_or(B256::ZERO),
        got_root: None,
        expected_logs: json::b256(&post.logs).unwrap_or(B256::ZERO),
        got_logs: None,
        outcome: "not run".to_string(),
        dump: None,
    }
}

/// What a test's cases share: pre-state, its root, block environment and sender.
pub struct Prepared {
    /// The pre-state.
    pub pre: MemoryState,
    pre_root: B256,
    block: BlockEnv,
    spec: SpecId,
    caller: Address,
}

/// How the transaction ended, from the runner's point of view.
enum Executed {
    /// It ran; `state` is the post-state.
    Ran {
        outcome: Outcome,
        state: MemoryState,
        touched_kzg: bool,
    },
    /// Rejected (or not representable): state unchanged.
    Invalid(String),
    /// Execution could not finish (panic, unavailable state).
    Broken(String),
}

impl Prepared {
    /// Parses the pre-state, block environment and sender of `unit`, for `spec`.
    pub fn new(unit: &TestUnit, spec: SpecId) -> Result<Self> {
        let mut pre = MemoryState::new();
        for (address, account) in &unit.pre {
            let storage = account
                .storage
                .iter()
                .map(|(k, v)| Ok((json::u256(k)?, json::u256(v)?)))
                .collect::<Result<Vec<_>>>()?;
            pre.insert(
                json::address(address)?,
                json::u256(&account.balance)?,
                json::u64(&account.nonce)?,
                &json::bytes(&account.code)?,
                storage,
            );
        }
        let pre_root = trie::state_root(&pre);
        let e = &unit.env;
        let excess_blob_gas = match &e.current_excess_blob_gas {
            Some(s) => json::u64_saturating(s)?,
            None => 0,
        };
        let difficulty = match &e.current_difficulty {
            Some(s) => json::u256(s)?,
            None => U256::ZERO,
        };
        let block = BlockEnv {
            number: json::u64_saturating(&e.current_number)?,
            coinbase: json::address(&e.current_coinbase)?,
            timestamp: json::u64_saturating(&e.current_timestamp)?,
            gas_limit: json::u64_saturating(&e.current_gas_limit)?,
            basefee: match &e.current_base_fee {
                Some(s) => json::u256(s)?,
                None => U256::ZERO,
            },
            prevrandao: match &e.current_random {
                Some(s) => json::b256(s)?,
                None => B256::from_word(difficulty),
            },
            difficulty,
            blob_basefee: blob_basefee(excess_blob_gas),
        };
        let caller = sender(&unit.transaction)?;
        Ok(Self {
            pre,
            pre_root,
            block,
            spec,
            caller,
        })
    }

    fn run_case(&self, unit: &TestUnit, post: &PostCase, opts: &Options) -> Verdict {
        let expected_root = json::b256(&post.hash);
        let expected_logs = json::b256(&post.logs);
        let (Ok(expected_root), Ok(expected_logs)) = (expected_root, expected_logs) else {
            return Verdict::Fail(Box::new(unparsed_failure(
                post,
                "bad expected hash or logs",
            )));
        };
        let executed = match self.env(unit, post) {
            Ok(env) => self.execute(&env),
            Err(e) => Executed::Invalid(format!("transaction not representable: {e:#}")),
        };
        let mut problems = Vec::new();
        let (got_root, got_logs, outcome, touched_kzg, dump) = match &executed {
            Executed::Ran {
                outcome,
                state,
                touched_kzg,
            } => {
                if let Some(exception) = &post.expect_exception {
                    problems.push(format!(
                        "expected exception {exception}, but the tx executed"
                    ));
                }
                let dump = opts.dump.then(|| describe_changes(&self.pre, state));
                let text = format!(
                    "{:?}, gas used {}, refund {}, output 0x{}",
                    outcome.status,
                    outcome.gas_used,
                    outcome.gas_refunded,
                    hex(&outcome.output)
                );
                (
                    Some(trie::state_root(state)),
                    Some(trie::logs_hash(&outcome.logs)),
                    text,
                    *touched_kzg,
                    dump,
                )
            }
            Executed::Invalid(why) => {
                if post.expect_exception.is_none() {
                    problems.push(format!("tx rejected ({why}) but no exception was expected"));
                }
                let root = Some(self.pre_root);
                (
                    root,
                    Some(trie::logs_hash(&[])),
                    format!("invalid: {why}"),
                    false,
                    None,
                )
            }
            Executed::Broken(why) => {
                problems.push(why.clone());
                (None, None, why.clone(), false, None)
            }
        };
        if got_root.is_some_and(|r| r != expected_root) {
            problems.push("post-state root differs".to_string());
        }
        if got_logs.is_some_and(|l| l != expected_logs) {
            problems.push("logs hash differs".to_string());
        }
        if problems.is_empty() {
            Verdict::Pass
        } else if touched_kzg {
            Verdict::Skip(SkipReason::KzgPointEvaluation)
        } else {
            Verdict::Fail(Box::new(Failure {
                problems,
                expected_root,
                got_root,
                expected_logs,
                got_logs,
                outcome,
                dump,
            }))
        }
    }

    /// The transaction of one post case.
    /// The full environment of one post case (errors for unrepresentable transactions).
    pub fn env(&self, unit: &TestUnit, post: &PostCase) -> Result<Env> {
        let tx = self.tx(&unit.transaction, post)?;
        Ok(Env {
            cfg: CfgEnv::new(CHAIN_ID, self.spec),
            block: self.block.clone(),
            tx,
        })
    }

    fn tx(&self, t: &TestTransaction, post: &PostCase) -> Result<TxEnv> {
        let i = post.indexes;
        let pick = |list: &[String], index: usize, what: &str| -> Result<String> {
            match list.get(index) {
                Some(s) => Ok(s.clone()),
                None => bail!("{what} index {index} out of range"),
            }
        };
        let data = json::bytes(&pick(&t.data, i.data, "data")?)?;
        let gas_limit = json::u64(&pick(&t.gas_limit, i.gas, "gasLimit")?)?;
        let value = json::u256(&pick(&t.value, i.value, "value")?)?;
        let (gas_price, gas_priority_fee) = match (&t.max_fee_per_gas, &t.gas_price) {
            (Some(max_fee), _) => {
                let tip = t.max_priority_fee_per_gas.as_deref().unwrap_or("0x00");
                (json::u256(max_fee)?, Some(json::u256(tip)?))
            }
            (None, Some(price)) => (json::u256(price)?, None),
            (None, None) => bail!("no gasPrice nor maxFeePerGas"),
        };
        let kind = match t.to.as_deref().map(str::trim) {
            None | Some("") => TxKind::Create,
            Some(to) => TxKind::Call(json::address(to)?),
        };
        let access_list = match t.access_lists.as_ref().and_then(|l| l.get(i.data)) {
            Some(Some(entries)) => entries
                .iter()
                .map(|e| {
                    let keys = e
                        .storage_keys
                        .iter()
                        .map(|k| json::u256(k))
                        .collect::<Result<_>>()?;
                    Ok(AccessListItem {
                        address: json::address(&e.address)?,
                        storage_keys: keys,
                    })
                })
                .collect::<Result<_>>()?,
            _ => Default::default(),
        };
        // Typed transactions (access list or EIP-1559 fees) always carry the chain id; legacy
        // ones in these tests may be pre-EIP-155, and the EVM only rejects a mismatch.
        let typed = t.access_lists.is_some() || t.max_fee_per_gas.is_some();
        Ok(TxEnv {
            caller: self.caller,
            gas_limit,
            gas_price,
            gas_priority_fee,
            kind,
            value,
            data,
            nonce: json::u64(&t.nonce)?,
            chain_id: typed.then_some(CHAIN_ID),
            access_list,
        })
    }

    fn execute(&self, env: &Env) -> Executed {
        let mut journal = Journal::new(self.pre.clone(), self.spec);
        IN_EVM.with(|f| f.set(true));
        let result = panic::catch_unwind(AssertUnwindSafe(|| transact(&mut journal, env)));
        IN_EVM.with(|f| f.set(false));
        match result {
            Ok(Ok(outcome)) => {
                let touched_kzg = journal
                    .access_record()
                    .accounts
                    .iter()
                    .any(|(a, _)| *a == KZG_PRECOMPILE);
                let changes = journal.finalize();
                let mut state = journal.into_backend();
                state.apply(&changes);
                Executed::Ran {
                    outcome,
                    state,
                    touched_kzg,
                }
            }
            Ok(Err(ExecError::Invalid(why))) => Executed::Invalid(format!("{why:?}")),
            Ok(Err(ExecError::StateUnavailable(e))) => {
                Executed::Broken(format!("state unavailable from MemoryState: {e:?}"))
            }
            Err(payload) => {
                let msg = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "non-string payload".to_string());
                Executed::Broken(format!("EVM panicked: {msg}"))
            }
        }
    }
}

thread_local! {
    /// Set while `transact` runs on this thread: its panics are reported as case failures.
    static IN_EVM: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Silences the default panic message for panics inside the EVM (they are caught and reported
/// as failures of their case); panics anywhere else still print as usual.
pub fn install_panic_hook() {
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if !IN_EVM.with(|f| f.get()) {
            default(info);
        }
    }));
}

/// The sender: `sender` when given, else the address of `secretKey`.
fn sender(t: &TestTransaction) -> Result<Address> {
    if let Some(s) = &t.sender {
        return json::address(s);
    }
    let Some(key) = &t.secret_key else {
        bail!("transaction has neither sender nor secretKey");
    };
    let key = k256::ecdsa::SigningKey::from_slice(&json::bytes(key)?)
        .map_err(|e| anyhow::anyhow!("invalid secretKey: {e}"))?;
    let point = key.verifying_key().to_encoded_point(false);
    let hash = sealevm_evm::keccak256(&point.as_bytes()[1..]);
    let mut address = [0u8; 20];
    address.copy_from_slice(&hash.0[12..]);
    Ok(Address(address))
}

/// BLOBBASEFEE for `excess_blob_gas`: EIP-4844 `fake_exponential(1, excess, 3338477)`,
/// saturated at 2^256 - 1.
pub fn blob_basefee(excess_blob_gas: u64) -> U256 {
    use alloy_primitives::U256 as Big;
    let denominator = Big::from(BLOB_BASE_FEE_UPDATE_FRACTION);
    let numerator = Big::from(excess_blob_gas);
    let mut output = Big::ZERO;
    let mut accum = denominator; // factor (1) * denominator
    let mut i = Big::from(1u64);
    while !accum.is_zero() {
        output = output.saturating_add(accum);
        let Some(next) = accum.checked_mul(numerator) else {
            return U256::MAX;
        };
        accum = next / (denominator * i);
        i += Big::from(1u64);
    }
    U256::from_be_bytes((output / denominator).to_be_bytes::<32>())
}

fn hex(bytes: &[u8]) -> String {
    alloy_primitives::hex::encode(bytes)
}

/// The changes from `pre` to `post`, one account a line (for `--dump`).
pub fn describe_changes(pre: &MemoryState, post: &MemoryState) -> String {
    let mut out = String::new();
    let mut addresses: Vec<&Address> = pre.accounts.keys().chain(post.accounts.keys()).collect();
    addresses.sort();
    addresses.dedup();
    for address in addresses {
        let before = pre.accounts.get(address);
        let after = post.accounts.get(address);
        match (before, after) {
            (Some(_), None) => {
                let _ = writeln!(out, "    {address}: deleted");
            }
            (None, Some(a)) => {
                let _ = writeln!(
                    out,
                    "    {address}: created balance={} nonce={} code={}",
                    dec(&a.info.balance),
                    a.info.nonce,
                    code_summary(a.code.bytes())
                );
                for (k, v) in &a.storage {
                    let _ = writeln!(out, "      [{}] = {}", word(k), word(v));
                }
            }
            (Some(b), Some(a)) => {
                let mut line = String::new();
                if b.info.balance != a.info.balance {
                    let _ = write!(
                        line,
                        " balance {} -> {}",
                        dec(&b.info.balance),
                        dec(&a.info.balance)
                    );
                }
                if b.info.nonce != a.info.nonce {
                    let _ = write!(line, " nonce {} -> {}", b.info.nonce, a.info.nonce);
                }
                if b.info.code_hash != a.info.code_hash {
                    let _ = write!(line, " code -> {}", code_summary(a.code.bytes()));
                }
                let mut slots = String::new();
                let keys: std::collections::BTreeSet<&U256> =
                    b.storage.keys().chain(a.storage.keys()).collect();
                for k in keys {
                    let (old, new) = (b.storage.get(k), a.storage.get(k));
                    if old != new {
                        let show = |v: Option<&U256>| v.map_or("0".to_string(), word);
                        let _ =
                            writeln!(slots, "      [{}] {} -> {}", word(k), show(old), show(new));
                    }
                }
                if !line.is_empty() || !slots.is_empty() {
                    let _ = writeln!(out, "    {address}:{line}");
                    out.push_str(&slots);
                }
            }
            (None, None) => {}
        }
    }
    out
}

fn word(v: &U256) -> String {
    let b = v.to_be_bytes();
    let first = b.iter().position(|&x| x != 0).unwrap_or(31);
    format!("0x{}", hex(&b[first..]))
}

fn dec(v: &U256) -> String {
    alloy_primitives::U256::from_be_bytes(v.to_be_bytes()).to_string()
}

fn code_summary(code: &[u8]) -> String {
    if code.len() <= 32 {
        format!("0x{}", hex(code))
    } else {
        format!("{} bytes 0x{}..", code.len(), hex(&code[..16]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob_basefee_matches_eip4844() {
        assert_eq!(blob_basefee(0), U256::from_u64(1));
        // At the update fraction the fee is e^1 rounded down.
        assert_eq!(
            blob_basefee(BLOB_BASE_FEE_UPDATE_FRACTION),
            U256::from_u64(2)
        );
        assert_eq!(
            blob_basefee(10 * BLOB_BASE_FEE_UPDATE_FRACTION),
            U256::from_u64(22026)
        );
    }

    #[test]
    fn sender_from_secret_key() {
        let t: TestTransaction = serde_json::from_str(
            r#"{"data":["0x"],"gasLimit":["0x0"],"value":["0x0"],"gasPrice":"0x0","nonce":"0x0",
               "secretKey":"0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8",
               "to":""}"#,
        )
        .expect("json");
        let a = sender(&t).expect("sender");
        assert_eq!(
            Some(a),
            Address::from_hex("a94f5374fce5edbc8e2a8697c15331677e6ebf0b")
        );
    }
}
