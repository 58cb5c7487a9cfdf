#!/usr/bin/env bash
# Build sealevm's Solana programs as SBF shared objects (.so) without Solana's
# platform-tools, which cannot be downloaded on our machines.
#
# Usage: scripts/build-sbf.sh [--clippy] [crate-dir...]   (default: every programs/*/)
#   --clippy   lint the programs for the SBF target (-D warnings) instead of building
#
# Recipe (see docs/sbf-toolchain.md): nightly rustc + rust-src, the linker
# sbpf-linker 0.1.9, a target spec derived from nightly's bpfel-unknown-none,
# `-Z build-std=core,alloc` and the RUSTFLAGS below. Installs what is missing,
# then builds with the workspace's `[profile.sbf]`.
#
# Environment:
#   SEALEVM_CACHE     cache root (default ~/.cache/sealevm): tools/, sbf/, target spec
#   CARGO_TARGET_DIR  cargo target dir (default $SEALEVM_CACHE/target); SBF
#                     artifacts land in its sbpf-solana/sbf/ subdirectory
#   SEALEVM_SBF_DIR   where the .so files are copied (default $SEALEVM_CACHE/sbf);
#                     the tests read the same variable
#   SEALEVM_SBF_EXTRA_RUSTFLAGS
#                     appended to the RUSTFLAGS below, e.g. `--cfg sealevm_cu_trace` for the
#                     CU profile (`evm-bench --cu-profile`); use another SEALEVM_SBF_DIR then
#
# Prints the path of each built .so on stdout, one per line; progress goes to stderr.
set -euo pipefail

readonly LINKER_VERSION="0.1.9"
readonly TARGET_NAME="sbpf-solana"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${SEALEVM_CACHE:-$HOME/.cache/sealevm}"
TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
SBF_DIR="${SEALEVM_SBF_DIR:-$CACHE/sbf}"
TOOLS="$CACHE/tools"
SPEC_DIR="$CACHE/sbf-target"
SPEC="$SPEC_DIR/$TARGET_NAME.json"
export PATH="$TOOLS/bin:$PATH"

log() { echo "build-sbf: $*" >&2; }
die() {
    log "error: $*"
    exit 1
}

# --- nightly toolchain and rust-src ------------------------------------------
ensure_nightly() {
    if ! rustc +nightly --version >/dev/null 2>&1; then
        log "installing the nightly toolchain"
        rustup toolchain install nightly --profile minimal >&2 ||
            die "no nightly toolchain and rustup could not install one"
    fi
    local sysroot
    sysroot="$(rustc +nightly --print sysroot)"
    if [[ ! -d "$sysroot/lib/rustlib/src/rust/library/core" ]]; then
        log "adding rust-src to nightly"
        rustup component add rust-src --toolchain nightly >&2
    fi
}

# --- sbpf-linker ----------------------------------------------------------------
# It loads the LLVM inside the nightly toolchain, so it is rebuilt whenever the
# nightly changes (the stamp records the nightly's commit hash).
ensure_linker() {
    local stamp="$TOOLS/sbpf-linker.nightly" nightly
    nightly="$(rustc +nightly -vV | sed -n 's/^commit-hash: //p')"
    if [[ -x "$TOOLS/bin/sbpf-linker" ]] &&
        grep -q "\"sbpf-linker $LINKER_VERSION " "$TOOLS/.crates.toml" 2>/dev/null &&
        [[ "$(cat "$stamp" 2>/dev/null)" == "$nightly" ]]; then
        return
    fi
    log "installing sbpf-linker $LINKER_VERSION into $TOOLS (about 2 minutes)"
    mkdir -p "$TOOLS"
    local start=$SECONDS
    cargo +nightly install sbpf-linker --version "$LINKER_VERSION" --locked --force \
        --root "$TOOLS" >&2
    echo "$nightly" >"$stamp"
    log "sbpf-linker installed in $((SECONDS - start)) s"
}

# --- target spec -----------------------------------------------------------------
# nightly's bpfel-unknown-none with os/vendor "solana" (turns on crates'
# cfg(target_os = "solana") syscall paths), sbpf-linker as linker, and 8-bit
# atomics with CAS so that alloc::sync and AtomicU32 exist. Rewritten only when
# its content changes, so cargo does not rebuild for nothing.
ensure_target_spec() {
    mkdir -p "$SPEC_DIR"
    local tmp="$SPEC.tmp.$$"
    RUSTC_BOOTSTRAP=1 rustc +nightly -Z unstable-options --print target-spec-json \
        --target bpfel-unknown-none |
        python3 -c '
import json, sys
spec = json.load(sys.stdin)
spec.update({
    "os": "solana",
    "vendor": "solana",
    "linker": "sbpf-linker",
    "atomic-cas": True,
    "min-atomic-width": 8,
})
json.dump(spec, sys.stdout, indent=2, sort_keys=True)
print()
' >"$tmp"
    if cmp -s "$tmp" "$SPEC"; then
        rm -f "$tmp"
    else
        mv "$tmp" "$SPEC"
        log "wrote target spec $SPEC"
    fi
}

# --- build --------------------------------------------------------------------------
# Prints "<package> <lib name>" for the package whose manifest is $1/Cargo.toml.
package_of() {
    cargo +nightly metadata --no-deps --format-version 1 --manifest-path "$1/Cargo.toml" |
        python3 -c '
import json, os, sys
meta = json.load(sys.stdin)
manifest = os.path.realpath(sys.argv[1])
for pkg in meta["packages"]:
    if os.path.realpath(pkg["manifest_path"]) == manifest:
        libs = [t for t in pkg["targets"] if "cdylib" in t["crate_types"]]
        if not libs:
            sys.exit(pkg["name"] + " has no cdylib target")
        print(pkg["name"], libs[0]["name"])
        break
else:
    sys.exit("no package for " + manifest)
' "$1/Cargo.toml"
}

main() {
    local clippy=false
    if [[ "${1:-}" == "--clippy" ]]; then
        clippy=true
        shift
    fi
    local dirs=("$@")
    if [[ ${#dirs[@]} -eq 0 ]]; then
        for d in "$ROOT"/programs/*/; do
            [[ -f "$d/Cargo.toml" ]] && dirs+=("${d%/}")
        done
    fi
    [[ ${#dirs[@]} -gt 0 ]] || die "no program crates found under $ROOT/programs"

    ensure_nightly
    ensure_linker
    ensure_target_spec

    local pkgs=() libs=() args=() dir pkg lib
    for dir in "${dirs[@]}"; do
        [[ -f "$dir/Cargo.toml" ]] || die "$dir has no Cargo.toml"
        read -r pkg lib < <(package_of "$dir") || die "cannot read the package in $dir"
        pkgs+=("$pkg")
        libs+=("$lib")
        args+=(-p "$pkg")
    done

    local rustflags=(
        # LLVM would put cold functions in .text.unlikely.*; sbpf-linker 0.1.9
        # resolves calls across text sections wrongly ("unsupported BPF instruction").
        -C link-arg=--llvm-args=-profile-guided-section-prefix=false
        # The BPF backend cannot select atomic loads; programs are single threaded.
        -C passes=lower-atomic
        # Otherwise rodata addresses are not relocated.
        -C relocation-model=static
        # Static syscalls in pinocchio / solana-define-syscall (plain extern "C"
        # syscalls link as self-calls that loop until the budget is gone).
        --cfg 'target_feature="static-syscalls"' -A explicit_builtin_cfgs_in_flags
        # sbpf-linker prints the output path, which rustc reports as a warning.
        -A linker_messages
    )
    # shellcheck disable=SC2206 # word splitting of the extra flags is intended
    [[ -n "${SEALEVM_SBF_EXTRA_RUSTFLAGS:-}" ]] && rustflags+=(${SEALEVM_SBF_EXTRA_RUSTFLAGS})

    local cargo_args=(
        --profile sbf "${args[@]}"
        -Z build-std=core,alloc -Z build-std-features=compiler-builtins-mem
        -Z json-target-spec --target "$SPEC"
    )
    if $clippy; then
        log "linting ${pkgs[*]} for SBF"
        (
            cd "$ROOT"
            RUSTFLAGS="${rustflags[*]}" CARGO_TARGET_DIR="$TARGET_DIR" \
                cargo +nightly clippy "${cargo_args[@]}" -- -D warnings >&2
        )
        return
    fi

    log "building ${pkgs[*]} (target dir $TARGET_DIR)"
    local start=$SECONDS
    (
        cd "$ROOT"
        RUSTFLAGS="${rustflags[*]}" CARGO_TARGET_DIR="$TARGET_DIR" \
            cargo +nightly build "${cargo_args[@]}" >&2
    )
    log "cargo finished in $((SECONDS - start)) s"

    mkdir -p "$SBF_DIR"
    local i so out
    for i in "${!pkgs[@]}"; do
        so="$TARGET_DIR/$TARGET_NAME/sbf/lib${libs[$i]}.so"
        [[ -f "$so" ]] || so="$TARGET_DIR/$TARGET_NAME/sbf/${libs[$i]}.so"
        [[ -f "$so" ]] || die "cargo produced no .so for ${pkgs[$i]} under $TARGET_DIR/$TARGET_NAME/sbf"
        out="$SBF_DIR/${libs[$i]}.so"
        cmp -s "$so" "$out" || cp "$so" "$out"
        log "${pkgs[$i]}: $(wc -c <"$out") bytes"
        echo "$out"
    done
    log "export SEALEVM_SBF_DIR=$SBF_DIR   # where the tests look for the .so files"
}

main "$@"
