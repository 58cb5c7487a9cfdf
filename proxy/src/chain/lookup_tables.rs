//! The operator's address lookup tables, as the node knows them: which table holds which
//! addresses, where addresses a transaction needs but no table holds yet go, and the tables a
//! v0 message references. No I/O here: [`super::submit`] creates and extends the tables on the
//! chain and records each step here once it landed.
//!
//! # What the operator pays, and the choice made
//!
//! A table is a rent-exempt account of 56 bytes of metadata plus 32 bytes per address, paid
//! by the operator: about 0.0013 SOL for the table and 0.00022 SOL per address (6,960
//! lamports a byte), up to 256 addresses (about 0.058 SOL for a full table), plus the fee of
//! each create or extend transaction.
//!
//! Tables are filled append-only and kept: addresses go into the newest table while it has
//! room, and a new one is created only when it is full. An address that comes back (the
//! program's config, the system program, the gas account, a popular contract and its hot
//! slots) is paid for once and costs one byte in every later transaction that uses it, and
//! the operator owns a few dense tables instead of one sparse table per transaction. Only
//! transactions that do not fit a legacy message use tables at all, so the rent grows with
//! the distinct addresses of large transactions, not with traffic.
//!
//! Tables are never deactivated or closed: a closed table's rent comes back only after a
//! deactivation cool-down of about 512 slots during which it must stay unused, which an
//! operator maintenance job could do for tables no recent transaction used. The knowledge of
//! which tables exist lives in memory: a remote node that restarts starts new tables (the old
//! ones keep their rent until closed by hand); the embedded chain saves it with its snapshots.

use solana_address::Address as SolAddress;
use solana_address_lookup_table_interface::state::LOOKUP_TABLE_MAX_ADDRESSES;
use solana_instruction::Instruction;
use solana_message::AddressLookupTableAccount;
use std::collections::{HashMap, HashSet};

/// Where addresses no table holds yet go: appended to an existing table (its index in
/// [`OperatorTables`]) or to a table still to be created (`None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    /// Index of the table to extend, `None` for a new table.
    pub table: Option<usize>,
    /// The addresses, in order.
    pub addresses: Vec<SolAddress>,
}

/// The operator's tables with their addresses in table order (an address's index in its
/// table is what a v0 message carries), and which table holds each address.
#[derive(Clone, Debug, Default)]
pub struct OperatorTables {
    tables: Vec<AddressLookupTableAccount>,
    /// The table (index in `tables`) holding each address.
    holder_of: HashMap<SolAddress, usize>,
    /// The slot the newest table's address was derived from (two tables of one authority
    /// cannot be created from the same slot).
    last_created_slot: Option<u64>,
}

impl OperatorTables {
    /// How many tables the operator owns.
    pub fn len(&self) -> usize {
        self.tables.len()
    }

    /// Whether the operator owns no table yet.
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }

    /// The address of table `index`.
    pub fn table_address(&self, index: usize) -> Option<SolAddress> {
        self.tables.get(index).map(|t| t.key)
    }

    /// The slot the newest table was created from.
    pub fn last_created_slot(&self) -> Option<u64> {
        self.last_created_slot
    }

    /// The addresses of `wanted` no table holds, each once, in order.
    pub fn missing(&self, wanted: &[SolAddress]) -> Vec<SolAddress> {
        let mut seen = HashSet::new();
        wanted
            .iter()
            .filter(|a| !self.holder_of.contains_key(a) && seen.insert(**a))
            .copied()
            .collect()
    }

    /// Where `missing` (addresses no table holds, as [`Self::missing`] returns them) go: the
    /// newest table's free room first, then new tables of up to 256 addresses each.
    pub fn plan(&self, missing: &[SolAddress]) -> Vec<Placement> {
        let mut placements = Vec::new();
        let mut rest = missing;
        if let Some((index, newest)) = self.tables.iter().enumerate().next_back() {
            let room = LOOKUP_TABLE_MAX_ADDRESSES.saturating_sub(newest.addresses.len());
            let (now, later) = rest.split_at(room.min(rest.len()));
            if !now.is_empty() {
                placements.push(Placement {
                    table: Some(index),
                    addresses: now.to_vec(),
                });
            }
            rest = later;
        }
        for chunk in rest.chunks(LOOKUP_TABLE_MAX_ADDRESSES) {
            placements.push(Placement {
                table: None,
                addresses: chunk.to_vec(),
            });
        }
        placements
    }

    /// The tables holding any of `wanted`, as a v0 message compiler takes them.
    pub fn covering(&self, wanted: &[SolAddress]) -> Vec<AddressLookupTableAccount> {
        let mut used: Vec<usize> = wanted
            .iter()
            .filter_map(|a| self.holder_of.get(a).copied())
            .collect();
        used.sort_unstable();
        used.dedup();
        used.iter()
            .filter_map(|i| self.tables.get(*i).cloned())
            .collect()
    }

    /// The tables holding any of `wanted` once [`Self::plan`] placed the missing ones: what a
    /// v0 message will reference, for sizing it before anything is sent. Tables still to be
    /// created stand at placeholder addresses (a table's address is 32 bytes whatever it is).
    pub fn projected(&self, wanted: &[SolAddress]) -> Vec<AddressLookupTableAccount> {
        let missing = self.missing(wanted);
        let plan = self.plan(&missing);
        let mut projected = self.covering(wanted);
        let mut new_tables: u8 = 0;
        for placement in plan {
            match placement.table {
                Some(index) => {
                    let Some(table) = self.tables.get(index) else {
                        continue;
                    };
                    match projected.iter_mut().find(|t| t.key == table.key) {
                        Some(t) => t.addresses.extend_from_slice(&placement.addresses),
                        None => {
                            let mut t = table.clone();
                            t.addresses.extend_from_slice(&placement.addresses);
                            projected.push(t);
                        }
                    }
                }
                None => {
                    new_tables = new_tables.wrapping_add(1);
                    projected.push(AddressLookupTableAccount {
                        key: SolAddress::new_from_array([new_tables; 32]),
                        addresses: placement.addresses,
                    });
                }
            }
        }
        projected
    }

    /// Records a table created at `address` from `slot`; returns its index.
    pub fn created(&mut self, address: SolAddress, slot: u64) -> usize {
        self.tables.push(AddressLookupTableAccount {
            key: address,
            addresses: Vec::new(),
        });
        self.last_created_slot = Some(slot);
        self.tables.len() - 1
    }

    /// Records that table `index` now also holds `addresses` (appended in this order).
    pub fn extended(&mut self, index: usize, addresses: &[SolAddress]) {
        let Some(table) = self.tables.get_mut(index) else {
            return;
        };
        for address in addresses {
            table.addresses.push(*address);
            self.holder_of.insert(*address, index);
        }
    }
}

/// The accounts of `instructions` a lookup table can carry: every account that signs nothing
/// (signers and invoked programs must stay in the message itself), each once, in order.
pub fn lookupable(instructions: &[Instruction]) -> Vec<SolAddress> {
    let programs: HashSet<SolAddress> = instructions.iter().map(|ix| ix.program_id).collect();
    let signers: HashSet<SolAddress> = instructions
        .iter()
        .flat_map(|ix| ix.accounts.iter())
        .filter(|m| m.is_signer)
        .map(|m| m.pubkey)
        .collect();
    let mut seen = HashSet::new();
    instructions
        .iter()
        .flat_map(|ix| ix.accounts.iter())
        .map(|m| m.pubkey)
        .filter(|a| !programs.contains(a) && !signers.contains(a) && seen.insert(*a))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use solana_instruction::AccountMeta;

    fn addresses(from: u8, count: usize) -> Vec<SolAddress> {
        (0..count)
            .map(|i| {
                let mut bytes = [from; 32];
                bytes[..8].copy_from_slice(&(i as u64).to_le_bytes());
                SolAddress::new_from_array(bytes)
            })
            .collect()
    }

    #[test]
    fn the_first_addresses_go_into_a_new_table_and_are_then_held() {
        let mut tables = OperatorTables::default();
        let wanted = addresses(1, 40);
        let plan = tables.plan(&tables.missing(&wanted));
        assert_eq!(
            plan,
            vec![Placement {
                table: None,
                addresses: wanted.clone()
            }]
        );
        let index = tables.created(SolAddress::new_from_array([9; 32]), 5);
        tables.extended(index, &wanted);
        assert!(tables.missing(&wanted).is_empty(), "a second use reuses it");
        assert_eq!(tables.covering(&wanted).len(), 1);
        assert_eq!(tables.last_created_slot(), Some(5));
    }

    #[test]
    fn new_addresses_fill_the_newest_table_before_a_new_one() {
        let mut tables = OperatorTables::default();
        let first = addresses(1, 250);
        let index = tables.created(SolAddress::new_from_array([9; 32]), 5);
        tables.extended(index, &first);
        let mut wanted = first[..3].to_vec();
        wanted.extend(addresses(2, 10));
        let missing = tables.missing(&wanted);
        assert_eq!(missing, addresses(2, 10));
        let plan = tables.plan(&missing);
        assert_eq!(plan.len(), 2);
        assert_eq!(plan[0].table, Some(0));
        assert_eq!(plan[0].addresses.len(), 6, "the newest table's room");
        assert_eq!(plan[1].table, None);
        assert_eq!(plan[1].addresses.len(), 4);
        let projected = tables.projected(&wanted);
        assert_eq!(projected.len(), 2);
        assert_eq!(projected[0].addresses.len(), 256);
        assert_eq!(projected[1].addresses.len(), 4);
    }

    #[test]
    fn duplicates_are_placed_once() {
        let tables = OperatorTables::default();
        let a = addresses(1, 2);
        let wanted = vec![a[0], a[1], a[0]];
        assert_eq!(tables.missing(&wanted), a);
    }

    #[test]
    fn signers_and_programs_stay_out_of_tables() {
        let program = SolAddress::new_from_array([7; 32]);
        let signer = SolAddress::new_from_array([8; 32]);
        let plain = addresses(1, 2);
        let ix = Instruction::new_with_bytes(
            program,
            &[],
            vec![
                AccountMeta::new(signer, true),
                AccountMeta::new(plain[0], false),
                AccountMeta::new_readonly(plain[1], false),
                AccountMeta::new_readonly(plain[0], false),
            ],
        );
        assert_eq!(lookupable(&[ix]), plain);
    }
}
