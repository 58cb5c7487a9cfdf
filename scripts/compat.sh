#!/usr/bin/env bash
# Ethereum tooling against the sealevm node: ethers v6, viem and Hardhat's network helpers run
# tools/compat/compat.js (what a Hardhat project's tests do: deploy, transfer, logs, custom
# errors, WebSocket events, mine, time, snapshots, loadFixture), then web3.py runs
# tools/compat/compat.py, against a node started in embedded mode on a free port. Installs the pinned npm packages into $SEALEVM_CACHE/compat
# once (web3.py into a virtualenv there). Pass --url URL to check a node that is already running (or anvil, for reference);
# SEALEVM_BIN=path uses that `sealevm` binary instead of building the optimised one.
# Exit status 2: the npm packages could not be installed (scripts/test.sh then skips).
set -euo pipefail
readonly HARDHAT_VERSION="2.29.1"
readonly ETHERS_VERSION="6.17.0"
readonly VIEM_VERSION="2.58.8"
readonly HELPERS_VERSION="1.1.2"
readonly WEB3PY_VERSION="7.16.0"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export SEALEVM_CACHE="${SEALEVM_CACHE:-$HOME/.cache/sealevm}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$SEALEVM_CACHE/target}"
export SEALEVM_SBF_DIR="${SEALEVM_SBF_DIR:-$SEALEVM_CACHE/sbf}"
MODULES="$SEALEVM_CACHE/compat"

log() { echo "compat: $*" >&2; }

url=""
if [[ "${1:-}" == "--url" ]]; then
    url="${2:?--url needs a URL}"
fi

if ! grep -q "\"$ETHERS_VERSION\"" "$MODULES/node_modules/ethers/package.json" 2>/dev/null ||
    ! grep -q "\"$VIEM_VERSION\"" "$MODULES/node_modules/viem/package.json" 2>/dev/null ||
    ! grep -q "\"$HARDHAT_VERSION\"" "$MODULES/node_modules/hardhat/package.json" 2>/dev/null ||
    ! grep -q "\"$HELPERS_VERSION\"" \
        "$MODULES/node_modules/@nomicfoundation/hardhat-network-helpers/package.json" 2>/dev/null; then
    log "installing hardhat@$HARDHAT_VERSION ethers@$ETHERS_VERSION viem@$VIEM_VERSION into $MODULES"
    mkdir -p "$MODULES"
    [[ -f "$MODULES/package.json" ]] || echo '{"name":"sealevm-compat","private":true}' >"$MODULES/package.json"
    if ! (cd "$MODULES" && npm install --no-audit --no-fund --silent \
        "hardhat@$HARDHAT_VERSION" "ethers@$ETHERS_VERSION" "viem@$VIEM_VERSION" \
        "@nomicfoundation/hardhat-network-helpers@$HELPERS_VERSION" >&2); then
        log "npm install failed"
        exit 2
    fi
fi

node_pid=""
data_dir=""
cleanup() {
    if [[ -n "$node_pid" ]]; then
        kill "$node_pid" 2>/dev/null || true
        wait "$node_pid" 2>/dev/null || true
    fi
    if [[ -n "$data_dir" ]]; then
        rm -rf "$data_dir"
    fi
}
trap cleanup EXIT

if [[ -z "$url" ]]; then
    # SEALEVM_BIN: a `sealevm` binary already built (scripts/test.sh passes its debug build).
    binary="${SEALEVM_BIN:-}"
    if [[ -z "$binary" ]]; then
        scripts/build-sbf.sh >/dev/null
        cargo build --profile node --locked -p sealevm-proxy --bin sealevm >&2
        binary="$CARGO_TARGET_DIR/node/sealevm"
    fi
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    data_dir="$(mktemp -d)"
    RUST_LOG=warn "$binary" node --port "$port" --data-dir "$data_dir" >/dev/null &
    node_pid=$!
    url="http://127.0.0.1:$port"
    for _ in $(seq 1 100); do
        curl -sf -X POST -H 'content-type: application/json' \
            --data '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$url" >/dev/null && break
        sleep 0.2
    done
fi

log "checking $url"
cd tools/compat
SEALEVM_URL="$url" NODE_PATH="$MODULES/node_modules" \
    "$MODULES/node_modules/.bin/hardhat" run --network sealevm compat.js

# web3.py, in a virtualenv of its own; skipped (not failed) when it cannot be installed.
venv="$MODULES/venv"
if ! "$venv/bin/python" -c "import web3, sys; sys.exit(web3.__version__ != '$WEB3PY_VERSION')" 2>/dev/null; then
    log "installing web3==$WEB3PY_VERSION into $venv"
    if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q "web3==$WEB3PY_VERSION"; } >&2; then
        log "web3.py could not be installed: its checks are skipped"
        exit 0
    fi
fi
SEALEVM_URL="$url" "$venv/bin/python" compat.py
