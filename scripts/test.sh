#!/usr/bin/env bash
# The whole test suite, as CI runs it on a fresh clone (see README.md):
#   1. builds the SBF programs (installing rust-src and sbpf-linker into the cache if missing),
#   2. runs every Rust test of the workspace (unit, property, LiteSVM, differential vs revm, the
#      node against solana-test-validator when scripts/install-validator.sh installed it, and
#      the index on PostgreSQL when its server binaries are installed),
#   3. runs the fast subset of ethereum/tests state tests against the list of known failures.
# Slow tools and cargo's target dir live outside the repo, in $SEALEVM_CACHE (~/.cache/sealevm).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export SEALEVM_CACHE="${SEALEVM_CACHE:-$HOME/.cache/sealevm}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$SEALEVM_CACHE/target}"
export SEALEVM_SBF_DIR="${SEALEVM_SBF_DIR:-$SEALEVM_CACHE/sbf}"

step() { echo "== $*" >&2; }

step "building SBF programs"
scripts/build-sbf.sh >/dev/null

# proxy/tests/it/remote.rs drives a real solana-test-validator when one is installed.
VALIDATOR="${SEALEVM_VALIDATOR:-$SEALEVM_CACHE/tools/validator/bin/solana-test-validator}"
if [[ -x "$VALIDATOR" ]]; then
    export SEALEVM_VALIDATOR="$VALIDATOR"
    step "solana-test-validator at $VALIDATOR: the --solana-url end-to-end test runs"
else
    step "no solana-test-validator (scripts/install-validator.sh): the --solana-url test is skipped"
fi

# The index tests against PostgreSQL run when a server is at hand (a throwaway one if the
# binaries are installed; see scripts/test-postgres.sh).
source scripts/test-postgres.sh
start_test_postgres

step "cargo test --workspace"
cargo test --workspace --locked

if [[ -x scripts/statetest-ci.sh ]]; then
    step "ethereum/tests state tests (CI subset)"
    scripts/statetest-ci.sh
fi
step "all tests passed"
