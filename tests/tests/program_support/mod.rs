//! Shared harness of the `program_*` tests: the sealevm program (`sealevm_program.so`, built by
//! `scripts/build-sbf.sh`) loaded in LiteSVM at its fixed id, an operator, Ethereum wallets
//! that sign real transactions (k256), and readers for the program's accounts.
#![allow(dead_code, unreachable_pub)]

pub mod emulate;

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

/// One Solana transaction sent for an Ethereum transaction, with what Solana's cost model
/// charges for it.
#[derive(Clone, Debug)]
pub struct Sent {
    /// Compute units consumed.
    pub compute_units: u64,
    /// Signatures.
    pub signatures: u64,
    /// Writable accounts.
    pub write_locks: u64,
    /// Bytes of instruction data (all instructions).
    pub data_bytes: u64,
    /// Serialized size (must stay within a 1,232-byte packet).
    pub size: usize,
    /// Signatures verified by secp256k1 precompile instructions.
    pub precompile_signatures: u64,
}

/// Solana's cost model constants (agave `cost-model/src/block_cost_limits.rs`).
pub mod cost {
    /// Per transaction signature.
    pub const SIGNATURE: u64 = 720;
    /// Per secp256k1 precompile signature.
    pub const SECP256K1_SIGNATURE: u64 = 6_690;
    /// Per writable account.
    pub const WRITE_LOCK: u64 = 300;
    /// Instruction data bytes per compute unit.
    pub const DATA_BYTES_PER_UNIT: u64 = 4;
    /// Per 32 KiB page of the loaded-accounts-data limit.
    pub const HEAP_PAGE: u64 = 8;
    /// The loaded-accounts-data limit every transaction requests (the program's `.so` is
    /// about 380 KB, the accounts a few KB).
    pub const LOADED_DATA_LIMIT: u32 = 1024 * 1024;
}

impl Sent {
    /// The block cost: signatures (transaction and secp256k1 precompile), write locks,
    /// instruction data, execution (compute units consumed) and the loaded-accounts-data limit.
    pub fn block_cost(&self) -> u64 {
        self.signatures * cost::SIGNATURE
            + self.precompile_signatures * cost::SECP256K1_SIGNATURE
            + self.write_locks * cost::WRITE_LOCK
            + self.data_bytes / cost::DATA_BYTES_PER_UNIT
            + self.compute_units
            + (cost::LOADED_DATA_LIMIT as u64).div_ceil(32 * 1024) * cost::HEAP_PAGE
    }
}

/// How [`Chain::submit`] has the Ethereum signature checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureRoute {
    /// `Execute`: the program recovers the sender with the `secp256k1_recover` syscall.
    Syscall,
    /// `ExecuteVerified` after a secp256k1 precompile instruction, when both fit one packet
    /// (else as `Syscall`).
    Precompile,
}

/// Position of the secp256k1 precompile instruction in the transactions [`Chain::send_signed`]
/// builds: right after the three compute-budget instructions.
pub const PRECOMPILE_INDEX: u8 = 3;

/// LiteSVM with the program initialized and a funded operator with a gas account.
pub struct Chain {
    /// The SVM.
    pub svm: LiteSVM,
    /// Signs and pays every Solana transaction.
    pub operator: Keypair,
    /// The route [`Chain::submit`] takes.
    pub route: SignatureRoute,
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
        let mut chain = Self {
            svm,
            operator,
            route: SignatureRoute::Syscall,
        };
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
        self.send_signed(instructions, &[]).map(|(meta, _)| meta)
    }

    /// Sends `instructions` after the compute-budget ones, signed by the operator and
    /// `signers`; returns the metadata and the costs.
    pub fn send_signed(
        &mut self,
        instructions: Vec<Instruction>,
        signers: &[&Keypair],
    ) -> Result<(litesvm::types::TransactionMetadata, Sent), Failure> {
        let mut all = vec![
            ComputeBudgetInstruction::set_compute_unit_limit(MAX_COMPUTE_UNIT_LIMIT),
            ComputeBudgetInstruction::request_heap_frame(MAX_HEAP_FRAME_BYTES),
            ComputeBudgetInstruction::set_loaded_accounts_data_size_limit(cost::LOADED_DATA_LIMIT),
        ];
        all.extend(instructions);
        let message = Message::new(&all, Some(&self.operator.pubkey()));
        let header = message.header;
        let keys = message.account_keys.len() as u64;
        let mut sent = Sent {
            compute_units: 0,
            signatures: header.num_required_signatures as u64,
            write_locks: keys
                - header.num_readonly_signed_accounts as u64
                - header.num_readonly_unsigned_accounts as u64,
            data_bytes: all.iter().map(|ix| ix.data.len() as u64).sum(),
            size: 1 + 64 * header.num_required_signatures as usize + message.serialize().len(),
            precompile_signatures: all
                .iter()
                .filter(|ix| ix.program_id == client::secp256k1_program_id())
                .map(|ix| ix.data.first().copied().unwrap_or(0) as u64)
                .sum(),
        };
        let mut keypairs = vec![&self.operator];
        keypairs.extend_from_slice(signers);
        let tx = Transaction::new(&keypairs, message, self.svm.latest_blockhash());
        let result = self.svm.send_transaction(tx);
        self.svm.expire_blockhash();
        result
            .map(|meta| {
                sent.compute_units = meta.compute_units_consumed;
                (meta, sent)
            })
            .map_err(|failed| {
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

    /// Whether this LiteSVM runs the secp256k1 precompile (litesvm's `precompiles` feature,
    /// on when the build includes `sealevm-cu-report`, e.g. `cargo test --workspace`).
    pub fn has_precompiles(&self) -> bool {
        self.svm
            .get_account(&client::secp256k1_program_id())
            .is_some()
    }

    /// Executes `raw` by the precompile route (`ExecuteVerified`), declaring `touched`; the
    /// sender is recovered here (k256) for the precompile instruction.
    pub fn execute_verified(
        &mut self,
        raw: &[u8],
        touched: &[Touched],
    ) -> Result<Executed, Failure> {
        let sender = recover(&sealevm_sdk::tx::decode(raw).expect("decodes"));
        let ixs = client::execute_verified(
            &self.operator.pubkey(),
            &GAS_ACCOUNT,
            raw,
            &sender,
            touched,
            PRECOMPILE_INDEX,
        )
        .expect("builds");
        self.execute_ixs(ixs.to_vec())
    }

    /// Sends a prepared `Execute` instruction.
    pub fn execute_ix(&mut self, ix: Instruction) -> Result<Executed, Failure> {
        self.execute_ixs(vec![ix])
    }

    /// Sends prepared instructions ending with an `Execute` (or `ExecuteVerified`).
    pub fn execute_ixs(&mut self, ixs: Vec<Instruction>) -> Result<Executed, Failure> {
        let meta = self.send(ixs)?;
        let receipt = receipt::decode(&meta.return_data.data)
            .unwrap_or_else(|| panic!("bad receipt {:?}", meta.return_data.data));
        Ok(Executed {
            receipt,
            compute_units: meta.compute_units_consumed,
            logs: meta.logs,
        })
    }

    /// Emulates the signed `raw` natively over the current state (sender recovered with k256).
    pub fn emulate(&self, raw: &[u8]) -> emulate::Emulated {
        let signed = sealevm_sdk::tx::decode(raw).unwrap_or_else(|e| panic!("decode: {e:?}"));
        let caller = recover(&signed);
        let mut tx = signed.tx;
        tx.caller = caller;
        let env = emulate::environment(&self.svm, CHAIN_ID, GAS_ACCOUNT, tx);
        emulate::emulate(&self.svm, &env)
    }

    /// `eth_call`: the output of calling `to` with `data` from `from`, run natively.
    pub fn call(&self, from: &EthAddress, to: &EthAddress, data: Vec<u8>) -> Vec<u8> {
        let mut tx = emulate::call_tx(*from, *to, data);
        tx.nonce = self.nonce(from);
        let env = emulate::environment(&self.svm, CHAIN_ID, GAS_ACCOUNT, tx);
        let emulated = emulate::emulate(&self.svm, &env);
        assert!(
            emulated.outcome.is_success(),
            "call: {:?}",
            emulated.outcome
        );
        emulated.outcome.output
    }

    /// Serialized size of a transaction of `instructions` (with the compute-budget ones) signed
    /// by the operator and `extra_signers` more keys.
    pub fn size_of(&self, instructions: &[Instruction]) -> usize {
        let mut all = vec![
            ComputeBudgetInstruction::set_compute_unit_limit(MAX_COMPUTE_UNIT_LIMIT),
            ComputeBudgetInstruction::request_heap_frame(MAX_HEAP_FRAME_BYTES),
            ComputeBudgetInstruction::set_loaded_accounts_data_size_limit(cost::LOADED_DATA_LIMIT),
        ];
        all.extend_from_slice(instructions);
        let message = Message::new(&all, Some(&self.operator.pubkey()));
        1 + 64 * message.header.num_required_signatures as usize + message.serialize().len()
    }

    /// Submits the signed `raw` as the proxy would: emulate it for the account list; make room
    /// for large code with `AllocateAccount`; `Execute` when the transaction fits one packet,
    /// else through a holder (create, write in chunks, `ExecuteFromHolder`, close).
    pub fn submit(&mut self, raw: &[u8]) -> Result<Submitted, Failure> {
        let emulated = self.emulate(raw);
        let operator = self.operator.pubkey();
        let mut sends = Vec::new();
        for (address, code_len) in &emulated.deployed {
            let allocations = client::allocations_for_code(&operator, address, *code_len);
            if !allocations.is_empty() {
                sends.push(self.send_signed(allocations, &[])?.1);
            }
        }
        if self.route == SignatureRoute::Precompile {
            let sender = recover(&sealevm_sdk::tx::decode(raw).expect("decodes"));
            let ixs = client::execute_verified(
                &operator,
                &GAS_ACCOUNT,
                raw,
                &sender,
                &emulated.touched,
                PRECOMPILE_INDEX,
            )
            .expect("builds");
            if self.size_of(&ixs) <= PACKET {
                let (meta, sent) = self.send_signed(ixs.to_vec(), &[])?;
                sends.push(sent);
                return Ok(Submitted::new(&meta, sends));
            }
        }
        let ix = client::execute(&operator, &GAS_ACCOUNT, raw, &emulated.touched);
        if self.size_of(std::slice::from_ref(&ix)) <= PACKET {
            let (meta, sent) = self.send_signed(vec![ix], &[])?;
            sends.push(sent);
            return Ok(Submitted::new(&meta, sends));
        }
        let holder = Keypair::new();
        let rent = self
            .svm
            .minimum_balance_for_rent_exemption(sealevm_sdk::state::Holder::LEN + raw.len());
        let create = client::holder_create(&operator, &holder.pubkey(), raw.len(), rent);
        sends.push(self.send_signed(create.to_vec(), &[&holder])?.1);
        let empty = client::holder_write(&operator, &holder.pubkey(), 0, &[]);
        let chunk_len = PACKET - self.size_of(&[empty]) - 8;
        for (i, chunk) in raw.chunks(chunk_len).enumerate() {
            let offset = (i * chunk_len) as u32;
            let ix = client::holder_write(&operator, &holder.pubkey(), offset, chunk);
            sends.push(self.send_signed(vec![ix], &[])?.1);
        }
        let ix = client::execute_from_holder(
            &operator,
            &holder.pubkey(),
            &GAS_ACCOUNT,
            &emulated.touched,
        );
        let (meta, sent) = self.send_signed(vec![ix], &[])?;
        sends.push(sent);
        let close = client::holder_close(&operator, &holder.pubkey());
        sends.push(self.send_signed(vec![close], &[])?.1);
        Ok(Submitted::new(&meta, sends))
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

/// The largest serialized Solana transaction (one packet).
pub const PACKET: usize = 1232;

/// An Ethereum transaction submitted with [`Chain::submit`].
#[derive(Debug)]
pub struct Submitted {
    /// The receipt.
    pub receipt: Receipt,
    /// Every Solana transaction sent, in order.
    pub sends: Vec<Sent>,
    /// Log lines of the last Solana transaction (the one that executed).
    pub logs: Vec<String>,
}

impl Submitted {
    fn new(meta: &litesvm::types::TransactionMetadata, sends: Vec<Sent>) -> Self {
        let receipt = receipt::decode(&meta.return_data.data)
            .unwrap_or_else(|| panic!("bad receipt {:?}", meta.return_data.data));
        Self {
            receipt,
            sends,
            logs: meta.logs.clone(),
        }
    }

    /// Compute units over every Solana transaction.
    pub fn compute_units(&self) -> u64 {
        self.sends.iter().map(|s| s.compute_units).sum()
    }

    /// Block cost over every Solana transaction.
    pub fn block_cost(&self) -> u64 {
        self.sends.iter().map(Sent::block_cost).sum()
    }
}

/// The sender of a decoded transaction (k256 recovery).
pub fn recover(signed: &sealevm_sdk::tx::SignedTx) -> EthAddress {
    let sig = k256::ecdsa::Signature::from_slice(&signed.signature).expect("signature");
    let id = k256::ecdsa::RecoveryId::from_byte(signed.recovery_id).expect("recovery id");
    let key =
        k256::ecdsa::VerifyingKey::recover_from_prehash(signed.signing_hash.as_bytes(), &sig, id)
            .expect("recovers");
    let point = key.to_encoded_point(false);
    let mut public = [0u8; 64];
    public.copy_from_slice(&point.as_bytes()[1..]);
    sealevm_sdk::tx::sender_from_public_key(&public)
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
