#!/usr/bin/env bash
# Regenerate the compiled Solidity fixtures in tests/fixtures/build/ from tests/fixtures/contracts/.
#
# Usage: scripts/build-fixtures.sh
#
# Installs the pinned npm packages (solcjs and OpenZeppelin Contracts) into
# $SEALEVM_CACHE/npm (default ~/.cache/sealevm/npm), never into the repository, then runs
# tests/fixtures/compile.js. The outputs are committed, so tests and CI never need npm.
set -euo pipefail

readonly SOLC_VERSION="0.8.28"
readonly OZ_VERSION="5.4.0"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${SEALEVM_CACHE:-$HOME/.cache/sealevm}"
NPM_DIR="$CACHE/npm"

log() { echo "build-fixtures: $*" >&2; }

command -v node >/dev/null || { log "error: node is not installed"; exit 1; }
command -v npm >/dev/null || { log "error: npm is not installed"; exit 1; }

installed_version() {
    node -e "process.stdout.write(require('$NPM_DIR/node_modules/$1/package.json').version)" 2>/dev/null || true
}

mkdir -p "$NPM_DIR"
if [[ "$(installed_version solc)" != "$SOLC_VERSION" ||
    "$(installed_version @openzeppelin/contracts)" != "$OZ_VERSION" ]]; then
    log "installing solc@$SOLC_VERSION and @openzeppelin/contracts@$OZ_VERSION into $NPM_DIR"
    [[ -f "$NPM_DIR/package.json" ]] || echo '{"name":"sealevm-fixtures-build","private":true}' >"$NPM_DIR/package.json"
    (cd "$NPM_DIR" && npm install --no-audit --no-fund --save-exact \
        "solc@$SOLC_VERSION" "@openzeppelin/contracts@$OZ_VERSION" >&2)
fi

NODE_PATH="$NPM_DIR/node_modules" node "$ROOT/tests/fixtures/compile.js"
log "wrote $ROOT/tests/fixtures/build/"
