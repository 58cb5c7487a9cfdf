#!/usr/bin/env bash
# Starts the sealevm node in embedded mode on a fresh machine: builds what it needs first (the
# SBF programs, installing rust-src and sbpf-linker into $SEALEVM_CACHE when missing, and the
# release `sealevm` binary), then runs `sealevm node` with any extra flags you pass
# (see `sealevm node --help`; every flag has a SEALEVM_* environment twin).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export SEALEVM_CACHE="${SEALEVM_CACHE:-$HOME/.cache/sealevm}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$SEALEVM_CACHE/target}"
export SEALEVM_SBF_DIR="${SEALEVM_SBF_DIR:-$SEALEVM_CACHE/sbf}"
scripts/build-sbf.sh >/dev/null
cargo build --profile node --locked -p sealevm-proxy --bin sealevm
exec "$CARGO_TARGET_DIR/node/sealevm" node "$@"
