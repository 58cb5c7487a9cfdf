#!/usr/bin/env bash
# Install solana-test-validator (agave-validator 4.2.2, built from crates.io) into the
# sealevm cache, once. Solana's release tarballs cannot be downloaded on our machines, so
# this compiles it: 20-30 minutes on 2 cores, a ~73 MB binary. Needs Debian's
# libclang-dev (bindgen for RocksDB); installed with apt-get when missing and possible.
#
# Usage: scripts/install-validator.sh        prints the binary's path on stdout
# Environment: SEALEVM_CACHE (default ~/.cache/sealevm); the binary lands in
# $SEALEVM_CACHE/tools/validator/bin/solana-test-validator and is reused when present.
set -euo pipefail

readonly VERSION="4.2.2"
CACHE="${SEALEVM_CACHE:-$HOME/.cache/sealevm}"
ROOT_DIR="$CACHE/tools/validator"
BIN="$ROOT_DIR/bin/solana-test-validator"

log() { echo "install-validator: $*" >&2; }

if [[ -x "$BIN" ]] && "$BIN" --version 2>/dev/null | grep -q "$VERSION"; then
    echo "$BIN"
    exit 0
fi

# libclang.so itself (libclang1-N), not libclang-cpp which other packages pull in.
if ! compgen -G "/usr/lib/llvm-*/lib/libclang.so*" >/dev/null && ! compgen -G "/usr/lib/*/libclang-[0-9]*.so*" >/dev/null; then
    log "installing libclang-dev (bindgen needs libclang)"
    SUDO=""
    [[ "$(id -u)" -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq >&2 && $SUDO apt-get install -y -qq libclang-dev >&2 ||
        { log "error: libclang-dev is missing and could not be installed"; exit 1; }
fi

log "building agave-validator $VERSION from crates.io (20-30 minutes on 2 cores)"
# A private target dir: the validator's dependency tree shares nothing useful with ours.
CARGO_TARGET_DIR="$CACHE/validator-target" \
    cargo install agave-validator --version "$VERSION" --locked \
    --bin solana-test-validator --root "$ROOT_DIR" >&2
rm -rf "$CACHE/validator-target"
echo "$BIN"
