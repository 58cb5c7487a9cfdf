//! The node's index of blocks, transactions, receipts and logs, in SQLite (default, a file
//! under the data directory) or PostgreSQL, through sqlx's `Any` driver so one set of queries
//! serves both. The schema lives in `proxy/migrations/{sqlite,postgres}`.

mod cache;
mod followed;
mod records;
mod write;

pub use records::{BlockRecord, LogQuery, LogRecord, TxRecord};
pub use write::BlockWrite;

use alloy::consensus::Header;
use alloy::primitives::{Address, Bytes, B256};
use alloy::rlp::Decodable;
use cache::RecentBlocks;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Row};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Errors of the index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The URL names no supported database.
    #[error("unsupported database URL {0:?} (expected sqlite:// or postgres://)")]
    UnsupportedUrl(String),
    /// A query failed.
    #[error("database {context}: {source}")]
    Sql {
        /// What the index was doing.
        context: &'static str,
        /// The driver's error.
        source: sqlx::Error,
    },
    /// Migrating the schema failed.
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored value does not decode.
    #[error("corrupt index row: {0}")]
    Corrupt(String),
    /// A group of blocks could not be written (the reason, shared by every block of it).
    #[error("writing blocks to the index: {0}")]
    Write(String),
    /// The node's block publisher stopped (the node is shutting down).
    #[error("the index writer stopped")]
    Closed,
}

fn sql(context: &'static str) -> impl FnOnce(sqlx::Error) -> IndexError {
    move |source| IndexError::Sql { context, source }
}

/// Handle to the index database (cheap to clone), with the blocks this node wrote last also
/// in memory ([`cache`]).
#[derive(Clone, Debug)]
pub struct Index {
    /// Readers.
    pool: AnyPool,
    /// One connection for every write: its page cache stays valid between writes (a
    /// SQLite connection rereads pages another connection changed), and writes queue here
    /// rather than contend for the database lock.
    writer: AnyPool,
    recent: RecentBlocks,
}

impl Index {
    /// Connects to `url` (`sqlite://path?mode=rwc` or `postgres://...`) and migrates the schema.
    pub async fn open(url: &str) -> Result<Self, IndexError> {
        sqlx::any::install_default_drivers();
        let sqlite = url.starts_with("sqlite:");
        if !sqlite && !url.starts_with("postgres:") && !url.starts_with("postgresql:") {
            return Err(IndexError::UnsupportedUrl(url.to_string()));
        }
        let pool = pool_options(sqlite, if sqlite { 4 } else { 8 })
            .connect(url)
            .await
            .map_err(sql("connect"))?;
        if sqlite {
            sqlx::query("PRAGMA journal_mode=WAL")
                .execute(&pool)
                .await
                .map_err(sql("enabling WAL"))?;
            SQLITE_MIGRATIONS.run(&pool).await?;
        } else {
            POSTGRES_MIGRATIONS.run(&pool).await?;
        }
        let writer = pool_options(sqlite, 1)
            .connect(url)
            .await
            .map_err(sql("connect"))?;
        Ok(Self {
            pool,
            writer,
            recent: RecentBlocks::default(),
        })
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.writer.close().await;
        self.pool.close().await;
    }

    /// A value of the meta table.
    pub async fn meta(&self, key: &str) -> Result<Option<String>, IndexError> {
        let row = sqlx::query("SELECT value FROM meta WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .map_err(sql("reading meta"))?;
        row.map(|r| r.try_get::<String, _>("value"))
            .transpose()
            .map_err(sql("reading meta"))
    }

    /// Sets a value of the meta table.
    pub async fn set_meta(&self, key: &str, value: &str) -> Result<(), IndexError> {
        sqlx::query(
            "INSERT INTO meta (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&self.writer)
        .await
        .map_err(sql("writing meta"))?;
        Ok(())
    }

    /// Stores a block with its transactions and logs, all or nothing.
    pub async fn insert_block(
        &self,
        block: &BlockRecord,
        txs: &[TxRecord],
        logs: &[LogRecord],
    ) -> Result<(), IndexError> {
        self.insert_blocks(&[BlockWrite { block, txs, logs }]).await
    }

    /// Stores `blocks` with their transactions and logs in one database transaction, all or
    /// nothing (the node writes blocks that queued up while the last write ran together).
    pub async fn insert_blocks(&self, blocks: &[BlockWrite<'_>]) -> Result<(), IndexError> {
        let mut db = self.writer.begin().await.map_err(sql("begin"))?;
        write::insert_blocks(&mut db, blocks).await?;
        db.commit().await.map_err(sql("commit"))?;
        for b in blocks {
            self.recent.insert(b.block, b.txs, b.logs);
        }
        Ok(())
    }

    /// Deletes every block above `number` with its transactions and logs, all or nothing
    /// (evm_revert).
    pub async fn truncate_after(&self, number: u64) -> Result<(), IndexError> {
        let mut db = self.writer.begin().await.map_err(sql("begin"))?;
        for table in ["logs", "transactions", "blocks"] {
            let column = if table == "blocks" {
                "number"
            } else {
                "block_number"
            };
            sqlx::query(&format!("DELETE FROM {table} WHERE {column} > $1"))
                .bind(to_i64(number))
                .execute(&mut *db)
                .await
                .map_err(sql("truncating the index"))?;
        }
        db.commit().await.map_err(sql("commit"))?;
        self.recent.truncate_after(number);
        Ok(())
    }

    /// The block with the highest number.
    pub async fn head(&self) -> Result<Option<BlockRecord>, IndexError> {
        let row = sqlx::query("SELECT hash, header FROM blocks ORDER BY number DESC LIMIT 1")
            .fetch_optional(&self.pool)
            .await
            .map_err(sql("reading the head block"))?;
        row.as_ref().map(block_from_row).transpose()
    }

    /// Block `number`.
    pub async fn block_by_number(&self, number: u64) -> Result<Option<BlockRecord>, IndexError> {
        if let Some(block) = self.recent.block_by_number(number) {
            return Ok(Some(block));
        }
        let row = sqlx::query("SELECT hash, header FROM blocks WHERE number = $1")
            .bind(to_i64(number))
            .fetch_optional(&self.pool)
            .await
            .map_err(sql("reading a block"))?;
        row.as_ref().map(block_from_row).transpose()
    }

    /// The block with hash `hash`.
    pub async fn block_by_hash(&self, hash: B256) -> Result<Option<BlockRecord>, IndexError> {
        if let Some(block) = self.recent.block_by_hash(hash) {
            return Ok(Some(block));
        }
        let row = sqlx::query("SELECT hash, header FROM blocks WHERE hash = $1")
            .bind(hash.to_vec())
            .fetch_optional(&self.pool)
            .await
            .map_err(sql("reading a block"))?;
        row.as_ref().map(block_from_row).transpose()
    }

    /// Blocks `from..=to` in order.
    pub async fn blocks(&self, from: u64, to: u64) -> Result<Vec<BlockRecord>, IndexError> {
        let rows = sqlx::query(
            "SELECT hash, header FROM blocks WHERE number >= $1 AND number <= $2 ORDER BY number",
        )
        .bind(to_i64(from))
        .bind(to_i64(to))
        .fetch_all(&self.pool)
        .await
        .map_err(sql("reading blocks"))?;
        rows.iter().map(block_from_row).collect()
    }

    /// The transactions of block `number`, in order.
    pub async fn block_transactions(&self, number: u64) -> Result<Vec<TxRecord>, IndexError> {
        if let Some(txs) = self.recent.block_transactions(number) {
            return Ok(txs);
        }
        let rows = sqlx::query(&format!(
            "SELECT {TX_COLUMNS} FROM transactions WHERE block_number = $1 ORDER BY tx_index"
        ))
        .bind(to_i64(number))
        .fetch_all(&self.pool)
        .await
        .map_err(sql("reading block transactions"))?;
        rows.iter().map(tx_from_row).collect()
    }

    /// The transaction with hash `hash`.
    pub async fn transaction(&self, hash: B256) -> Result<Option<TxRecord>, IndexError> {
        if let Some(tx) = self.recent.transaction(hash) {
            return Ok(Some(tx));
        }
        let row = sqlx::query(&format!(
            "SELECT {TX_COLUMNS} FROM transactions WHERE hash = $1"
        ))
        .bind(hash.to_vec())
        .fetch_optional(&self.pool)
        .await
        .map_err(sql("reading a transaction"))?;
        row.as_ref().map(tx_from_row).transpose()
    }

    /// The logs of transaction `hash`, in order.
    pub async fn transaction_logs(&self, hash: B256) -> Result<Vec<LogRecord>, IndexError> {
        if let Some(logs) = self.recent.transaction_logs(hash) {
            return Ok(logs);
        }
        let rows = sqlx::query(&format!(
            "SELECT {LOG_COLUMNS} FROM logs WHERE tx_hash = $1 ORDER BY log_index"
        ))
        .bind(hash.to_vec())
        .fetch_all(&self.pool)
        .await
        .map_err(sql("reading transaction logs"))?;
        rows.iter().map(log_from_row).collect()
    }

    /// Logs matching `query`, in chain order, at most `limit + 1` of them (so callers can tell
    /// that the limit was passed).
    pub async fn logs(&self, query: &LogQuery, limit: usize) -> Result<Vec<LogRecord>, IndexError> {
        let mut text = format!(
            "SELECT {LOG_COLUMNS} FROM logs WHERE block_number >= $1 AND block_number <= $2"
        );
        let mut params: Vec<Vec<u8>> = Vec::new();
        let mut in_list = |column: &str, values: Vec<Vec<u8>>, text: &mut String| {
            if values.is_empty() {
                return;
            }
            let marks: Vec<String> = values
                .iter()
                .enumerate()
                .map(|(i, _)| format!("${}", params.len() + i + 3))
                .collect();
            text.push_str(&format!(" AND {column} IN ({})", marks.join(", ")));
            params.extend(values);
        };
        in_list(
            "address",
            query.addresses.iter().map(|a| a.to_vec()).collect(),
            &mut text,
        );
        for (i, topics) in query.topics.iter().enumerate() {
            in_list(
                &format!("topic{i}"),
                topics.iter().map(|t| t.to_vec()).collect(),
                &mut text,
            );
        }
        text.push_str(&format!(
            " ORDER BY block_number, log_index LIMIT {}",
            limit + 1
        ));
        let mut q = sqlx::query(&text)
            .bind(to_i64(query.from_block))
            .bind(to_i64(query.to_block));
        for p in params {
            q = q.bind(p);
        }
        let rows = q
            .fetch_all(&self.pool)
            .await
            .map_err(sql("querying logs"))?;
        rows.iter().map(log_from_row).collect()
    }
}

/// Pool settings: at most `max` connections; SQLite ones with `synchronous = NORMAL`.
fn pool_options(sqlite: bool, max: u32) -> AnyPoolOptions {
    let options = AnyPoolOptions::new().max_connections(max);
    if !sqlite {
        return options;
    }
    // With WAL, `synchronous = NORMAL` syncs at checkpoints instead of on every commit: a
    // crash of the node loses nothing, a power cut may lose the last blocks. Each transaction
    // is its own block here, so a sync per commit would bound throughput by the disk's flush
    // latency. The setting is per connection, hence after_connect.
    options.after_connect(|conn, _meta| {
        Box::pin(async move {
            sqlx::query("PRAGMA synchronous = NORMAL")
                .execute(conn)
                .await
                .map(|_| ())
        })
    })
}

const TX_COLUMNS: &str = "hash, block_number, tx_index, sender, raw, status, gas_used, \
                          cumulative_gas_used, effective_gas_price, contract_address";
const LOG_COLUMNS: &str =
    "block_number, log_index, tx_hash, tx_index, address, topic0, topic1, topic2, topic3, data";

/// Block numbers and gas figures are far below 2^63; saturate rather than wrap.
fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn to_u64(v: i64) -> Result<u64, IndexError> {
    u64::try_from(v).map_err(|_| IndexError::Corrupt(format!("negative number {v}")))
}

fn b256(bytes: &[u8]) -> Result<B256, IndexError> {
    B256::try_from(bytes).map_err(|_| IndexError::Corrupt(format!("hash of {} bytes", bytes.len())))
}

fn address(bytes: &[u8]) -> Result<Address, IndexError> {
    Address::try_from(bytes)
        .map_err(|_| IndexError::Corrupt(format!("address of {} bytes", bytes.len())))
}

fn get<'r, T>(row: &'r AnyRow, column: &'static str) -> Result<T, IndexError>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    row.try_get(column).map_err(sql(column))
}

fn block_from_row(row: &AnyRow) -> Result<BlockRecord, IndexError> {
    let hash: Vec<u8> = get(row, "hash")?;
    let header: Vec<u8> = get(row, "header")?;
    let header = Header::decode(&mut header.as_slice())
        .map_err(|e| IndexError::Corrupt(format!("block header: {e}")))?;
    Ok(BlockRecord {
        hash: b256(&hash)?,
        header,
    })
}

fn tx_from_row(row: &AnyRow) -> Result<TxRecord, IndexError> {
    let hash: Vec<u8> = get(row, "hash")?;
    let sender: Vec<u8> = get(row, "sender")?;
    let raw: Vec<u8> = get(row, "raw")?;
    let price: String = get(row, "effective_gas_price")?;
    let contract: Option<Vec<u8>> = get(row, "contract_address")?;
    Ok(TxRecord {
        hash: b256(&hash)?,
        block_number: to_u64(get(row, "block_number")?)?,
        tx_index: to_u64(get(row, "tx_index")?)?,
        sender: address(&sender)?,
        raw: Bytes::from(raw),
        status: get::<i64>(row, "status")? != 0,
        gas_used: to_u64(get(row, "gas_used")?)?,
        cumulative_gas_used: to_u64(get(row, "cumulative_gas_used")?)?,
        effective_gas_price: price
            .parse()
            .map_err(|_| IndexError::Corrupt(format!("gas price {price:?}")))?,
        contract_address: contract.as_deref().map(address).transpose()?,
    })
}

fn log_from_row(row: &AnyRow) -> Result<LogRecord, IndexError> {
    let mut topics = Vec::new();
    for column in ["topic0", "topic1", "topic2", "topic3"] {
        if let Some(t) = get::<Option<Vec<u8>>>(row, column)? {
            topics.push(b256(&t)?);
        }
    }
    let tx_hash: Vec<u8> = get(row, "tx_hash")?;
    let addr: Vec<u8> = get(row, "address")?;
    let data: Vec<u8> = get(row, "data")?;
    Ok(LogRecord {
        block_number: to_u64(get(row, "block_number")?)?,
        log_index: to_u64(get(row, "log_index")?)?,
        tx_hash: b256(&tx_hash)?,
        tx_index: to_u64(get(row, "tx_index")?)?,
        address: address(&addr)?,
        topics,
        data: Bytes::from(data),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pooled SQLite connection runs WAL with `synchronous = NORMAL` (1), not a flush
    /// per commit.
    #[tokio::test]
    async fn sqlite_connections_are_wal_with_normal_sync() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("i.sqlite").display()
        );
        let index = Index::open(&url).await.expect("opens");
        for _ in 0..3 {
            let mut conn = index.pool.acquire().await.expect("connection");
            let sync: i64 = sqlx::query("PRAGMA synchronous")
                .fetch_one(&mut *conn)
                .await
                .expect("pragma")
                .get(0);
            assert_eq!(sync, 1, "synchronous = NORMAL");
            let mode: String = sqlx::query("PRAGMA journal_mode")
                .fetch_one(&mut *conn)
                .await
                .expect("pragma")
                .get(0);
            assert_eq!(mode, "wal");
        }
        index.close().await;
    }
}
