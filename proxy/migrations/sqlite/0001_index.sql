-- The node's index: blocks, transactions with their receipts, and logs.
CREATE TABLE meta (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE blocks (
    number BIGINT PRIMARY KEY NOT NULL,
    hash BLOB NOT NULL UNIQUE,
    -- RLP of the consensus header
    header BLOB NOT NULL
);

CREATE TABLE transactions (
    hash BLOB PRIMARY KEY NOT NULL,
    block_number BIGINT NOT NULL,
    tx_index BIGINT NOT NULL,
    sender BLOB NOT NULL,
    -- EIP-2718 bytes as received
    raw BLOB NOT NULL,
    status BIGINT NOT NULL,
    gas_used BIGINT NOT NULL,
    cumulative_gas_used BIGINT NOT NULL,
    -- decimal
    effective_gas_price TEXT NOT NULL,
    contract_address BLOB
);
CREATE INDEX transactions_by_block ON transactions (block_number, tx_index);

CREATE TABLE logs (
    block_number BIGINT NOT NULL,
    log_index BIGINT NOT NULL,
    tx_hash BLOB NOT NULL,
    tx_index BIGINT NOT NULL,
    address BLOB NOT NULL,
    topic0 BLOB,
    topic1 BLOB,
    topic2 BLOB,
    topic3 BLOB,
    data BLOB NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX logs_by_address ON logs (address, block_number);
CREATE INDEX logs_by_topic0 ON logs (topic0, block_number);
