//! Which way a transaction's `Execute` travels to the program, decided before anything is
//! sent: in one legacy packet, through a holder account (the transaction's bytes do not fit),
//! and with the accounts in address lookup tables when they do not fit a legacy message
//! either; and the refusal of a transaction that locks more accounts than Solana allows.

use super::lookup_tables::{lookupable, OperatorTables};
use super::packet;
use super::ChainError;
use solana_account::Account;
use solana_address::Address as SolAddress;
use solana_instruction::Instruction;

/// Accounts one Solana transaction may lock on a cluster without the
/// `increase_tx_account_lock_limit` feature (mainnet-beta today).
pub const BASE_ACCOUNT_LOCK_LIMIT: usize = 64;

/// Accounts one Solana transaction may lock once `increase_tx_account_lock_limit` is active.
pub const RAISED_ACCOUNT_LOCK_LIMIT: usize = solana_transaction::sanitized::MAX_TX_ACCOUNT_LOCKS;

/// The address a holder account stands at while routes are sized (a holder's address is 32
/// bytes whatever it is; the real one is made only when the holder route is taken).
pub const HOLDER_PLACEHOLDER: SolAddress = SolAddress::new_from_array([0xB0; 32]);

/// How `Execute` reaches the program, cheapest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// `Execute` in one legacy transaction.
    Packet,
    /// The transaction's bytes written to a holder account, then `ExecuteFromHolder` in a
    /// legacy transaction.
    Holder,
    /// `Execute` in one v0 transaction, its accounts in the operator's lookup tables.
    TablesPacket,
    /// Through a holder, with `ExecuteFromHolder` in a v0 transaction over lookup tables.
    TablesHolder,
}

impl Route {
    /// Whether the route reads the transaction from a holder account.
    pub fn uses_holder(self) -> bool {
        matches!(self, Route::Holder | Route::TablesHolder)
    }

    /// Whether the route sends a v0 message over lookup tables.
    pub fn uses_tables(self) -> bool {
        matches!(self, Route::TablesPacket | Route::TablesHolder)
    }
}

/// The chosen route and the accounts its `Execute` transaction locks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    /// The route.
    pub route: Route,
    /// Distinct accounts of the executing Solana transaction.
    pub accounts: usize,
}

/// The cheapest route that fits a packet: `inline` (`Execute` with the transaction's bytes),
/// else `from_holder()` (`ExecuteFromHolder` at [`HOLDER_PLACEHOLDER`]), each first as a
/// legacy message and then as a v0 message over `tables` as they will be once the accounts
/// they lack are added. The lock limit is not checked here (see [`check_lock_limit`]).
pub fn choose(
    inline: &Instruction,
    from_holder: impl FnOnce() -> Instruction,
    operator: &SolAddress,
    tables: &OperatorTables,
) -> Result<Choice, ChainError> {
    let one = std::slice::from_ref::<Instruction>;
    let inline_measure = packet::measure(one(inline), operator);
    if inline_measure.size <= packet::PACKET {
        return Ok(Choice {
            route: Route::Packet,
            accounts: inline_measure.accounts,
        });
    }
    let holder = from_holder();
    let holder_measure = packet::measure(one(&holder), operator);
    if holder_measure.size <= packet::PACKET {
        return Ok(Choice {
            route: Route::Holder,
            accounts: holder_measure.accounts,
        });
    }
    // The holder itself is a new account every time: it stays out of the tables.
    let projected = tables.projected(&lookupable(one(inline)));
    let v0_size = |ix: &Instruction| {
        packet::size_of_v0(one(ix), operator, &projected)
            .map_err(|e| ChainError::Backend(format!("compiling a v0 message: {e}")))
    };
    if v0_size(inline)? <= packet::PACKET {
        return Ok(Choice {
            route: Route::TablesPacket,
            accounts: inline_measure.accounts,
        });
    }
    let size = v0_size(&holder)?;
    if size <= packet::PACKET {
        return Ok(Choice {
            route: Route::TablesHolder,
            accounts: holder_measure.accounts,
        });
    }
    Err(ChainError::Backend(format!(
        "ExecuteFromHolder over lookup tables is {size} bytes, above the {}-byte packet",
        packet::PACKET
    )))
}

/// Refuses `accounts` above the cluster's lock limit. The limit is looked up (`limit()`) only
/// above [`BASE_ACCOUNT_LOCK_LIMIT`], so ordinary transactions cost no extra read.
pub fn check_lock_limit(
    accounts: usize,
    limit: impl FnOnce() -> Result<usize, ChainError>,
) -> Result<(), ChainError> {
    if accounts <= BASE_ACCOUNT_LOCK_LIMIT {
        return Ok(());
    }
    let limit = limit()?;
    if accounts > limit {
        return Err(ChainError::TooManyAccounts {
            needed: accounts,
            limit,
        });
    }
    Ok(())
}

/// The address of the feature gate `increase_tx_account_lock_limit`.
pub fn lock_limit_feature() -> SolAddress {
    agave_feature_set::increase_tx_account_lock_limit::id()
}

/// The lock limit a cluster enforces, from its `increase_tx_account_lock_limit` feature
/// account (absent, not a feature account, or not activated: the base limit).
pub fn lock_limit(feature_account: Option<&Account>) -> usize {
    let activated = feature_account
        .and_then(solana_feature_gate_interface::state::from_account)
        .is_some_and(|f| f.activated_at.is_some());
    if activated {
        RAISED_ACCOUNT_LOCK_LIMIT
    } else {
        BASE_ACCOUNT_LOCK_LIMIT
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sealevm_evm::{Address, U256};
    use sealevm_sdk::client::{self, Touched};
    use solana_keypair::Keypair;
    use solana_signer::Signer;

    /// `Execute` and `ExecuteFromHolder` touching the caller, a contract and `slots` slots.
    fn executes(raw_len: usize, slots: u64) -> (SolAddress, Instruction, Instruction) {
        let operator = Keypair::new().pubkey();
        let contract = Address([2; 20]);
        let mut touched = vec![
            Touched::Account(Address([1; 20]), true),
            Touched::Account(contract, false),
        ];
        touched.extend((0..slots).map(|i| Touched::Storage(contract, U256::from_u64(i), true)));
        let gas = Address([3; 20]);
        let inline = client::execute(&operator, &gas, &vec![0xAB; raw_len], &touched);
        let holder = client::execute_from_holder(&operator, &HOLDER_PLACEHOLDER, &gas, &touched);
        (operator, inline, holder)
    }

    fn route_of(raw_len: usize, slots: u64) -> Choice {
        let (operator, inline, holder) = executes(raw_len, slots);
        choose(&inline, || holder, &operator, &OperatorTables::default()).expect("a route")
    }

    #[test]
    fn the_route_is_the_cheapest_that_fits() {
        assert_eq!(route_of(120, 10).route, Route::Packet);
        assert_eq!(
            route_of(1_000, 3).route,
            Route::Holder,
            "large bytes, few accounts"
        );
        let many = route_of(120, 40);
        assert_eq!(
            many.route,
            Route::TablesPacket,
            "40 slots: 48 keys are 1,536 bytes"
        );
        // operator, config, system program, gas account, program, compute budget + touched.
        assert_eq!(many.accounts, 6 + 2 + 40);
        assert_eq!(route_of(1_000, 40).route, Route::TablesHolder);
        assert_eq!(
            route_of(1_000, 40).accounts,
            6 + 2 + 40 + 1,
            "and the holder"
        );
    }

    #[test]
    fn accounts_above_the_lock_limit_are_refused_with_both_numbers() {
        let choice = route_of(120, 70);
        assert_eq!(choice.route, Route::TablesPacket);
        let refused = check_lock_limit(choice.accounts, || Ok(BASE_ACCOUNT_LOCK_LIMIT));
        assert!(matches!(
            refused,
            Err(ChainError::TooManyAccounts {
                needed: 78,
                limit: 64
            })
        ));
        assert!(check_lock_limit(choice.accounts, || Ok(RAISED_ACCOUNT_LOCK_LIMIT)).is_ok());
        let never_read = || Err(ChainError::Backend("not read at or below 64".into()));
        assert!(check_lock_limit(64, never_read).is_ok());
    }

    #[test]
    fn the_lock_limit_follows_the_feature_account() {
        assert_eq!(lock_limit(None), 64);
        let feature = |activated_at: Option<u64>| {
            let data = bincode_feature(activated_at);
            Account {
                lamports: 1,
                data,
                owner: solana_sdk_feature_id(),
                executable: false,
                rent_epoch: 0,
            }
        };
        assert_eq!(lock_limit(Some(&feature(Some(0)))), 128);
        assert_eq!(lock_limit(Some(&feature(None))), 64, "pending activation");
        let mut foreign = feature(Some(0));
        foreign.owner = SolAddress::new_from_array([5; 32]);
        assert_eq!(lock_limit(Some(&foreign)), 64, "not the feature program's");
    }

    /// A feature account's data: bincode `Option<u64>`.
    fn bincode_feature(activated_at: Option<u64>) -> Vec<u8> {
        match activated_at {
            Some(slot) => {
                let mut data = vec![1];
                data.extend_from_slice(&slot.to_le_bytes());
                data
            }
            None => vec![0; 9],
        }
    }

    fn solana_sdk_feature_id() -> SolAddress {
        "Feature111111111111111111111111111111111111"
            .parse()
            .expect("base58")
    }
}
