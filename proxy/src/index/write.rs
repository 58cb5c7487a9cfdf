//! Writing blocks: several blocks with their transactions and logs in one database
//! transaction, one multi-row `INSERT` per table, so a burst of blocks costs a handful of
//! round trips to the database instead of a few per block.

use super::{sql, to_i64, BlockRecord, IndexError, LogRecord, TxRecord};
use alloy::rlp::Encodable;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection};

/// Rows per `INSERT` statement: ten columns each keeps a statement far below SQLite's
/// (32,766) and PostgreSQL's (65,535) limits on bound parameters.
const ROWS_PER_STATEMENT: usize = 500;

/// One block to store: header and hash, transactions with receipt fields, logs.
#[derive(Clone, Copy, Debug)]
pub struct BlockWrite<'a> {
    /// Header and hash.
    pub block: &'a BlockRecord,
    /// Its transactions.
    pub txs: &'a [TxRecord],
    /// Its logs.
    pub logs: &'a [LogRecord],
}

/// `INSERT INTO {table} ({columns}) VALUES ($1, ..), ($n, ..)` for `rows` rows.
fn insert_statement(table: &str, columns: &[&str], rows: usize) -> String {
    let mut text = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    let mut parameter = 0;
    for row in 0..rows {
        if row > 0 {
            text.push_str(", ");
        }
        text.push('(');
        for column in 0..columns.len() {
            if column > 0 {
                text.push_str(", ");
            }
            parameter += 1;
            text.push('$');
            text.push_str(&parameter.to_string());
        }
        text.push(')');
    }
    text
}

const BLOCK_COLUMNS: [&str; 3] = ["number", "hash", "header"];
const TX_COLUMNS: [&str; 10] = [
    "hash",
    "block_number",
    "tx_index",
    "sender",
    "raw",
    "status",
    "gas_used",
    "cumulative_gas_used",
    "effective_gas_price",
    "contract_address",
];
const LOG_COLUMNS: [&str; 10] = [
    "block_number",
    "log_index",
    "tx_hash",
    "tx_index",
    "address",
    "topic0",
    "topic1",
    "topic2",
    "topic3",
    "data",
];

fn bind_block<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    block: &BlockRecord,
) -> Query<'q, Any, AnyArguments<'q>> {
    let mut header = Vec::new();
    block.header.encode(&mut header);
    query
        .bind(to_i64(block.header.number))
        .bind(block.hash.to_vec())
        .bind(header)
}

fn bind_tx<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    tx: &TxRecord,
) -> Query<'q, Any, AnyArguments<'q>> {
    query
        .bind(tx.hash.to_vec())
        .bind(to_i64(tx.block_number))
        .bind(to_i64(tx.tx_index))
        .bind(tx.sender.to_vec())
        .bind(tx.raw.to_vec())
        .bind(i64::from(tx.status))
        .bind(to_i64(tx.gas_used))
        .bind(to_i64(tx.cumulative_gas_used))
        .bind(tx.effective_gas_price.to_string())
        .bind(tx.contract_address.map(|a| a.to_vec()))
}

fn bind_log<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    log: &LogRecord,
) -> Query<'q, Any, AnyArguments<'q>> {
    let topic = |i: usize| log.topics.get(i).map(|t| t.to_vec());
    query
        .bind(to_i64(log.block_number))
        .bind(to_i64(log.log_index))
        .bind(log.tx_hash.to_vec())
        .bind(to_i64(log.tx_index))
        .bind(log.address.to_vec())
        .bind(topic(0))
        .bind(topic(1))
        .bind(topic(2))
        .bind(topic(3))
        .bind(log.data.to_vec())
}

/// Inserts `rows` into `table`, [`ROWS_PER_STATEMENT`] per statement.
async fn insert_rows<T>(
    db: &mut AnyConnection,
    table: &str,
    columns: &[&str],
    rows: &[&T],
    bind: for<'q> fn(Query<'q, Any, AnyArguments<'q>>, &T) -> Query<'q, Any, AnyArguments<'q>>,
    context: &'static str,
) -> Result<(), IndexError> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let text = insert_statement(table, columns, chunk.len());
        let mut query = sqlx::query(&text);
        for row in chunk {
            query = bind(query, row);
        }
        query.execute(&mut *db).await.map_err(sql(context))?;
    }
    Ok(())
}

/// Inserts `blocks` with their transactions and logs on `db` (inside the caller's
/// database transaction).
pub(super) async fn insert_blocks(
    db: &mut AnyConnection,
    blocks: &[BlockWrite<'_>],
) -> Result<(), IndexError> {
    let headers: Vec<&BlockRecord> = blocks.iter().map(|b| b.block).collect();
    let txs: Vec<&TxRecord> = blocks.iter().flat_map(|b| b.txs).collect();
    let logs: Vec<&LogRecord> = blocks.iter().flat_map(|b| b.logs).collect();
    insert_rows(
        db,
        "blocks",
        &BLOCK_COLUMNS,
        &headers,
        bind_block,
        "inserting blocks",
    )
    .await?;
    insert_rows(
        db,
        "transactions",
        &TX_COLUMNS,
        &txs,
        bind_tx,
        "inserting transactions",
    )
    .await?;
    insert_rows(db, "logs", &LOG_COLUMNS, &logs, bind_log, "inserting logs").await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parameters_across_rows() {
        assert_eq!(
            insert_statement("t", &["a", "b"], 2),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
    }
}
