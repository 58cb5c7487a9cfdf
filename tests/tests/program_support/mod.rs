//! Shared harness of the `program_*` tests: the sealevm program (`sealevm_program.so`, built by
//! `scripts/build-sbf.sh`) loaded in LiteSVM at its fixed id, an operator, Ethereum wallets
//! that sign real transactions (k256), and readers for the program's accounts.
#![allow(dead_code, unreachable_pub)]

use k256::ecdsa::SigningKey;
use litesvm::LiteSVM;
use sealevm_primitives::{keccak256, Address as EthAddress, U256};
use sealevm_sdk::client::{self, Touched};
use sealevm_sdk::receipt::{self, Receipt};
use sealevm_sdk::state::{AccountHeader, StorageSlot};
use sealevm_sdk::SealevmError;
use sealevm_tests::sbf::{so_path, MAX_COMPUTE_UNIT_LIMIT, MAX_HEAP_FRAME_BYTES};
use solana_address::Address;
use solana_compute_budget_interface::ComputeBudgetInstruction;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_message::Message;
use solana_signer::Signer;
use solana_transaction::Transaction;

/// Chain id the tests initialize the program with.
pub const CHAIN_ID: u64 = 245_022_934;

/// 1 gwei.
pub const GWEI: u64 = 1_000_000_000;

/// The operator's gas account (the block's COINBASE).
pub const GAS_ACCOUNT: EthAddress = EthAddress([0x0e; 20]);

/// A transaction the program refused.
#[derive(Debug)]
pub struct Failure {
    /// The `ProgramError::Custom` code, if the failure was one.
    pub code: Option<u32>,
    /// The transaction error, printed.
    pub error: String,
    /// Log lines.
    pub logs: Vec<String>,
}

impl Failure {
    /// The sealevm error, if the code is one.
    pub fn sealevm(&self) -> Option<SealevmError> {
        self.code.and_then(SealevmError::from_code)
    }
}

/// A successful `Execute`.
#[derive(Debug)]
pub struct Executed {
    /// The receipt from the return data.
    pub receipt: Receipt,
    /// Compute units of the whole transaction.
    pub compute_units: u64,
    /// Log lines.
    pub logs: Vec<String>,
}

/// LiteSVM with the program initialized and a funded operator with a gas account.
pub struct Chain {
    /// The SVM.
    pub svm: LiteSVM,
    /// Signs and pays every Solana transaction.
    pub operator: Keypair,
}

impl Chain {
    /// Loads the program, funds the operator, initializes the program and creates the
    /// operator's gas account.
    pub fn new() -> Self {
        let path = so_path("sealevm_program").unwrap_or_else(|e| panic!("{e}"));
        let mut svm = LiteSVM::new();
        svm.add_program_from_file(client::program_id(), &path)
            .unwrap_or_else(|e| panic!("loading {}: {e:?}", path.display()));
        let operator = Keypair::new();
        svm.airdrop(&operator.pubkey(), 1_000_000_000_000)
            .unwrap_or_else(|e| panic!("airdrop: {e:?}"));
        let mut chain = Self { svm, operator };
        let init = client::initialize(&chain.operator.pubkey(), CHAIN_ID);
        chain
            .send(vec![init])
            .unwrap_or_else(|f| panic!("initialize: {f:#?}"));
        chain.deposit(&GAS_ACCOUNT, 0);
        chain
    }

    /// Sends `instructions` after the compute-budget ones (1.4M CU, 256 KiB heap).
    pub fn send(
        &mut self,
        instructions: Vec<Instruction>,
    ) -> Result<litesvm::types::TransactionMetadata, Failure> {
        let mut all = vec![
            ComputeBudgetInstruction::set_compute_unit_limit(MAX_COMPUTE_UNIT_LIMIT),
            ComputeBudgetInstruction::request_heap_frame(MAX_HEAP_FRAME_BYTES),
        ];
        all.extend(instructions);
        let message = Message::new(&all, Some(&self.operator.pubkey()));
        let tx = Transaction::new(&[&self.operator], message, self.svm.latest_blockhash());
        let result = self.svm.send_transaction(tx);
        self.svm.expire_blockhash();
        result.map_err(|failed| {
            let error = format!("{:?}", failed.err);
            let code = error
                .split("Custom(")
                .nth(1)
                .and_then(|rest| rest.split(')').next())
                .and_then(|n| n.parse().ok());
            Failure {
                code,
                error,
                logs: failed.meta.logs,
            }
        })
    }

    /// Deposits `lamports` from the operator to `address`.
    pub fn deposit(&mut self, address: &EthAddress, lamports: u64) {
        let ix = client::deposit(&self.operator.pubkey(), address, lamports);
        self.send(vec![ix])
            .unwrap_or_else(|f| panic!("deposit: {f:#?}"));
    }

    /// Executes `raw`, declaring `touched`.
    pub fn execute(&mut self, raw: &[u8], touched: &[Touched]) -> Result<Executed, Failure> {
        let ix = client::execute(&self.operator.pubkey(), &GAS_ACCOUNT, raw, touched);
        self.execute_ix(ix)
    }

    /// Sends a prepared `Execute` instruction.
    pub fn execute_ix(&mut self, ix: Instruction) -> Result<Executed, Failure> {
        let meta = self.send(vec![ix])?;
        let receipt = receipt::decode(&meta.return_data.data)
            .unwrap_or_else(|| panic!("bad receipt {:?}", meta.return_data.data));
        Ok(Executed {
            receipt,
            compute_units: meta.compute_units_consumed,
            logs: meta.logs,
        })
    }

    /// Raw data of the account at `address`.
    pub fn data(&self, address: &Address) -> Option<Vec<u8>> {
        self.svm.get_account(address).map(|a| a.data)
    }

    /// The EVM account header of `address`.
    pub fn account(&self, address: &EthAddress) -> Option<AccountHeader> {
        let data = self.data(&client::account_address(address).0)?;
        AccountHeader::read(&data)
    }

    /// Balance in wei (zero for a missing account).
    pub fn balance(&self, address: &EthAddress) -> U256 {
        self.account(address).map_or(U256::ZERO, |h| h.balance)
    }

    /// Nonce (zero for a missing account).
    pub fn nonce(&self, address: &EthAddress) -> u64 {
        self.account(address).map_or(0, |h| h.nonce)
    }

    /// A storage slot's value, if its account exists.
    pub fn storage(&self, address: &EthAddress, key: &U256) -> Option<U256> {
        let data = self.data(&client::storage_address(address, key).0)?;
        StorageSlot::read(&data).map(|s| s.value)
    }

    /// Lamports of the vault.
    pub fn vault_lamports(&self) -> u64 {
        self.svm
            .get_account(&client::vault_address().0)
            .map_or(0, |a| a.lamports)
    }
}

/// wei as a U256 from a u64.
pub fn wei(v: u64) -> U256 {
    U256::from_u64(v)
}

// --- a minimal RLP encoder for signing test transactions ------------------------------------

fn header(base: u8, len: usize, out: &mut Vec<u8>) {
    if len < 56 {
        out.push(base + len as u8);
    } else {
        let bytes = (len as u64).to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(base + 55 + (8 - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

/// RLP of a byte string.
pub fn rlp_bytes(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    if b.len() == 1 && b[0] < 0x80 {
        out.push(b[0]);
    } else {
        header(0x80, b.len(), &mut out);
        out.extend_from_slice(b);
    }
    out
}

/// RLP of an integer given big-endian (leading zeros stripped).
pub fn rlp_uint(be: &[u8]) -> Vec<u8> {
    let skip = be.iter().take_while(|b| **b == 0).count();
    rlp_bytes(&be[skip..])
}

/// RLP of a u256.
pub fn rlp_u256(v: &U256) -> Vec<u8> {
    rlp_uint(&v.to_be_bytes())
}

/// RLP of a u64.
pub fn rlp_u64(v: u64) -> Vec<u8> {
    rlp_uint(&v.to_be_bytes())
}

/// RLP of a list of already-encoded items.
pub fn rlp_list(items: &[Vec<u8>]) -> Vec<u8> {
    let payload: Vec<u8> = items.concat();
    let mut out = Vec::new();
    header(0xc0, payload.len(), &mut out);
    out.extend_from_slice(&payload);
    out
}

// --- wallets and transactions ---------------------------------------------------------------

/// Transaction type to sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Legacy with EIP-155.
    Legacy,
    /// EIP-2930.
    AccessList,
    /// EIP-1559.
    DynamicFee,
}

/// The fields of a transaction to sign.
#[derive(Clone, Debug)]
pub struct TxParams {
    /// Type.
    pub kind: Kind,
    /// Chain id signed for.
    pub chain_id: u64,
    /// Nonce.
    pub nonce: u64,
    /// Gas price (legacy, 2930) or max fee per gas (1559).
    pub gas_price: U256,
    /// Max priority fee (1559 only).
    pub tip: U256,
    /// Gas limit.
    pub gas_limit: u64,
    /// Recipient; `None` creates a contract.
    pub to: Option<EthAddress>,
    /// Value in wei.
    pub value: U256,
    /// Calldata or initcode.
    pub data: Vec<u8>,
    /// Access list.
    pub access_list: Vec<(EthAddress, Vec<U256>)>,
}

impl TxParams {
    /// A legacy transfer of `value` to `to` at 1 gwei, 21,000 gas.
    pub fn transfer(nonce: u64, to: EthAddress, value: U256) -> Self {
        Self {
            kind: Kind::Legacy,
            chain_id: CHAIN_ID,
            nonce,
            gas_price: wei(GWEI),
            tip: U256::ZERO,
            gas_limit: 21_000,
            to: Some(to),
            value,
            data: Vec::new(),
            access_list: Vec::new(),
        }
    }
}

/// An Ethereum key pair.
pub struct Wallet {
    key: SigningKey,
    /// The address.
    pub address: EthAddress,
}

impl Wallet {
    /// The wallet of private key `[seed; 32]`.
    pub fn new(seed: u8) -> Self {
        let key = SigningKey::from_bytes(&[seed; 32].into()).expect("valid key");
        let point = key.verifying_key().to_encoded_point(false);
        let hash = keccak256(&point.as_bytes()[1..]);
        let address = EthAddress::from_slice(&hash.as_bytes()[12..]);
        Self { key, address }
    }

    /// Signs `p` and returns the raw transaction.
    pub fn sign(&self, p: &TxParams) -> Vec<u8> {
        let to = p.to.map_or_else(Vec::new, |a| a.as_bytes().to_vec());
        let access_list = rlp_list(
            &p.access_list
                .iter()
                .map(|(a, keys)| {
                    let keys: Vec<Vec<u8>> =
                        keys.iter().map(|k| rlp_bytes(&k.to_be_bytes())).collect();
                    rlp_list(&[rlp_bytes(a.as_bytes()), rlp_list(&keys)])
                })
                .collect::<Vec<_>>(),
        );
        let mut fields = match p.kind {
            Kind::Legacy => vec![
                rlp_u64(p.nonce),
                rlp_u256(&p.gas_price),
                rlp_u64(p.gas_limit),
                rlp_bytes(&to),
                rlp_u256(&p.value),
                rlp_bytes(&p.data),
            ],
            Kind::AccessList => vec![
                rlp_u64(p.chain_id),
                rlp_u64(p.nonce),
                rlp_u256(&p.gas_price),
                rlp_u64(p.gas_limit),
                rlp_bytes(&to),
                rlp_u256(&p.value),
                rlp_bytes(&p.data),
                access_list,
            ],
            Kind::DynamicFee => vec![
                rlp_u64(p.chain_id),
                rlp_u64(p.nonce),
                rlp_u256(&p.tip),
                rlp_u256(&p.gas_price),
                rlp_u64(p.gas_limit),
                rlp_bytes(&to),
                rlp_u256(&p.value),
                rlp_bytes(&p.data),
                access_list,
            ],
        };
        let prefix: Vec<u8> = match p.kind {
            Kind::Legacy => vec![],
            Kind::AccessList => vec![1],
            Kind::DynamicFee => vec![2],
        };
        let mut unsigned = fields.clone();
        if p.kind == Kind::Legacy {
            unsigned.extend([rlp_u64(p.chain_id), rlp_u64(0), rlp_u64(0)]);
        }
        let mut preimage = prefix.clone();
        preimage.extend(rlp_list(&unsigned));
        let hash = keccak256(&preimage);
        let (sig, recid) = self
            .key
            .sign_prehash_recoverable(hash.as_bytes())
            .expect("signs");
        let (sig, recid) = match sig.normalize_s() {
            Some(low) => (low, recid.to_byte() ^ 1),
            None => (sig, recid.to_byte()),
        };
        let bytes = sig.to_bytes();
        let v = match p.kind {
            Kind::Legacy => p.chain_id * 2 + 35 + recid as u64,
            _ => recid as u64,
        };
        fields.extend([rlp_u64(v), rlp_uint(&bytes[..32]), rlp_uint(&bytes[32..])]);
        let mut raw = prefix;
        raw.extend(rlp_list(&fields));
        raw
    }
}
