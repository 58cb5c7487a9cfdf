#!/usr/bin/env bash
# Load benchmark of the sealevm node against a Hardhat node and anvil on this machine, in one
# run: installs Hardhat 2 and anvil from npm into $SEALEVM_CACHE/bench-nodes (once), builds the
# SBF program and the optimised `sealevm` and `rpc-bench` binaries, then runs
# `rpc-bench` (extra arguments are passed on; `--help` lists them). See tools/rpc-bench.
set -euo pipefail
readonly HARDHAT_VERSION="2.29.1"
readonly ANVIL_VERSION="1.7.1"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export SEALEVM_CACHE="${SEALEVM_CACHE:-$HOME/.cache/sealevm}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$SEALEVM_CACHE/target}"
export SEALEVM_SBF_DIR="${SEALEVM_SBF_DIR:-$SEALEVM_CACHE/sbf}"
NODES="$SEALEVM_CACHE/bench-nodes"

log() { echo "rpc-bench: $*" >&2; }

if [[ ! -x "$NODES/node_modules/.bin/hardhat" || ! -x "$NODES/node_modules/.bin/anvil" ]] ||
    ! grep -q "\"$HARDHAT_VERSION\"" "$NODES/node_modules/hardhat/package.json" 2>/dev/null; then
    log "installing hardhat@$HARDHAT_VERSION and @foundry-rs/anvil-linux-amd64@$ANVIL_VERSION into $NODES"
    mkdir -p "$NODES"
    [[ -f "$NODES/package.json" ]] || echo '{"name":"sealevm-bench-nodes","private":true}' >"$NODES/package.json"
    (cd "$NODES" && npm install --no-audit --no-fund --silent \
        "hardhat@$HARDHAT_VERSION" "@foundry-rs/anvil-linux-amd64@$ANVIL_VERSION" >&2)
fi
# Hardhat's node needs a project config; its defaults (chain 31337, the test mnemonic) are kept.
[[ -f "$NODES/hardhat.config.js" ]] || echo 'module.exports = {};' >"$NODES/hardhat.config.js"

scripts/build-sbf.sh >/dev/null
cargo build --profile node --locked -p sealevm-proxy --bin sealevm -p sealevm-rpc-bench --bin rpc-bench
exec "$CARGO_TARGET_DIR/node/rpc-bench" --sealevm "$CARGO_TARGET_DIR/node/sealevm" \
    --hardhat-dir "$NODES" --anvil "$NODES/node_modules/.bin/anvil" "$@"
