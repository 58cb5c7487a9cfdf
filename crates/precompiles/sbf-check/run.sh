#!/usr/bin/env bash
# Builds the precompiles SBF probe (same toolchain recipe and flags as scripts/build-sbf.sh,
# which only builds programs/*) and runs the LiteSVM comparison with the native build.
# Needs what scripts/build-sbf.sh installs (nightly + rust-src, sbpf-linker, target spec):
# run that script once first.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${SEALEVM_CACHE:-$HOME/.cache/sealevm}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
export PATH="$CACHE/tools/bin:$PATH"
SPEC="$CACHE/sbf-target/sbpf-solana.json"
[[ -f "$SPEC" ]] || { echo "no $SPEC: run scripts/build-sbf.sh once" >&2; exit 1; }
cd "$HERE"
RUSTFLAGS="-C link-arg=--llvm-args=-profile-guided-section-prefix=false -C passes=lower-atomic \
-C relocation-model=static --cfg target_feature=\"static-syscalls\" -A explicit_builtin_cfgs_in_flags \
-A linker_messages" \
    cargo +nightly build -p sealevm-precompiles-sbf-probe --profile sbf \
    -Z build-std=core,alloc -Z build-std-features=compiler-builtins-mem \
    -Z json-target-spec --target "$SPEC"
OUT="$CARGO_TARGET_DIR/precompiles-sbf"
mkdir -p "$OUT"
cp "$CARGO_TARGET_DIR/sbpf-solana/sbf/libsealevm_precompiles_sbf_probe.so" \
    "$OUT/sealevm_precompiles_sbf_probe.so"
SEALEVM_SBF_DIR="$OUT" cargo test -p sealevm-precompiles-sbf-check -- --nocapture
