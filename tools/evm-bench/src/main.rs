//! evm-bench (placeholder).
fn main() {}
