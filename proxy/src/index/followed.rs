//! Writing a block that may already be there: remote mode's indexer derives every block from
//! the cluster, so a block another proxy (sharing this database) or an earlier run already
//! wrote is the same block and is left as it is.

use super::{BlockRecord, Index, IndexError, LogRecord, TxRecord};

impl Index {
    /// Stores the block like [`Index::insert_block`] unless a block with its number is already
    /// there; returns whether it wrote. A concurrent writer of the same block makes the insert
    /// fail on the primary key; that is then read as "already there".
    pub async fn insert_block_once(
        &self,
        block: &BlockRecord,
        txs: &[TxRecord],
        logs: &[LogRecord],
    ) -> Result<bool, IndexError> {
        let number = block.header.number;
        if self.block_by_number(number).await?.is_some() {
            return Ok(false);
        }
        match self.insert_block(block, txs, logs).await {
            Ok(()) => Ok(true),
            Err(e) => match self.block_by_number(number).await? {
                Some(stored) if stored.hash == block.hash => Ok(false),
                _ => Err(e),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::consensus::Header;
    use alloy::primitives::B256;

    #[tokio::test]
    async fn a_block_written_twice_is_stored_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("i.sqlite").display()
        );
        let index = Index::open(&url).await.expect("opens");
        let block = BlockRecord {
            hash: B256::repeat_byte(1),
            header: Header {
                number: 42,
                ..Default::default()
            },
        };
        assert!(index
            .insert_block_once(&block, &[], &[])
            .await
            .expect("writes"));
        assert!(!index
            .insert_block_once(&block, &[], &[])
            .await
            .expect("no-op"));
        let other = BlockRecord {
            hash: B256::repeat_byte(2),
            ..block.clone()
        };
        assert!(!index
            .insert_block_once(&other, &[], &[])
            .await
            .expect("no-op"));
        let stored = index
            .block_by_number(42)
            .await
            .expect("reads")
            .expect("there");
        assert_eq!(stored.hash, B256::repeat_byte(1), "the first write stays");
        index.close().await;
    }
}
