#!/usr/bin/env bash
# The whole test suite, as CI runs it on a fresh clone (see README.md):
#   1. builds the SBF programs (installing rust-src and sbpf-linker into the cache if missing),
#   2. runs every Rust test of the workspace (unit, property, LiteSVM, differential vs revm, the
#      node against solana-test-validator when scripts/install-validator.sh installed it, and
#      the index on PostgreSQL when its server binaries are installed),
#   3. checks ethers v6, viem, Hardhat's network helpers and web3.py against the node
#      (scripts/compat.sh, when Node.js and npm are installed),
#   4. runs the fast subset of ethereum/tests state tests against the list of known failures.
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

# Ethereum tooling (ethers v6, viem, Hardhat's network helpers, web3.py) against the node, when Node.js
# and npm are installed; skipped when npm cannot install the pinned packages.
if command -v node >/dev/null && command -v npm >/dev/null; then
    step "ethers / viem / Hardhat network helpers / web3.py against the node (scripts/compat.sh)"
    status=0
    SEALEVM_BIN="$CARGO_TARGET_DIR/debug/sealevm" scripts/compat.sh || status=$?
    if [[ $status == 2 ]]; then
        step "npm could not install the compat packages: the tooling check is skipped"
    elif [[ $status != 0 ]]; then
        exit "$status"
    fi
else
    step "no Node.js/npm: the ethers/viem/Hardhat tooling check is skipped"
fi

if [[ -x scripts/statetest-ci.sh ]]; then
    step "ethereum/tests state tests (CI subset)"
    scripts/statetest-ci.sh
fi
step "all tests passed"
