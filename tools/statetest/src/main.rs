//! statetest (placeholder).
fn main() {}
