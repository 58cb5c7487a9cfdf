#!/usr/bin/env bash
# Builds everything a developer needs, installing missing tools into $SEALEVM_CACHE
# (~/.cache/sealevm): the SBF programs and the release binaries.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export SEALEVM_CACHE="${SEALEVM_CACHE:-$HOME/.cache/sealevm}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$SEALEVM_CACHE/target}"
scripts/build-sbf.sh
cargo build --release --locked --workspace --bins
