#!/usr/bin/env bash
# Fast ethereum/tests state-test regression check for CI (see docs/statetest.md).
#
# Runs the release `statetest` runner on GeneralStateTests minus its few slow tests, against the
# list of known failures: exits non-zero only when a case fails that docs/statetest-failures.txt
# does not list. The run takes a few seconds (all but ~26 of the ~14,881 Cancun cases); the slow
# ones left out are run by a full `statetest` run (about 100 s, see docs/statetest.md):
#   CALLBlake2f_MaxRounds    2^32-1 blake2f rounds, ~90 s alone
#   static_Call50000         50,000 precompile calls in a loop, a few seconds each
#   VMTests/vmPerformance/   arithmetic loops over billions of gas, ~15 s
#
# Environment:
#   SEALEVM_STATETESTS  the GeneralStateTests directory (default: ../shared/ethereum-tests/
#                       GeneralStateTests beside the repository)
#   CARGO_TARGET_DIR    cargo target dir (default $SEALEVM_CACHE/target, ~/.cache/sealevm/target)
# Extra arguments are passed to the runner (e.g. --verbose).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export SEALEVM_CACHE="${SEALEVM_CACHE:-$HOME/.cache/sealevm}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$SEALEVM_CACHE/target}"
SUITE="${SEALEVM_STATETESTS:-$ROOT/../shared/ethereum-tests/GeneralStateTests}"
if [[ ! -d "$SUITE" ]]; then
    echo "statetest-ci: no state tests at $SUITE (set SEALEVM_STATETESTS)" >&2
    exit 1
fi

cargo build --release --locked -p sealevm-statetest
exec "$CARGO_TARGET_DIR/release/statetest" "$SUITE" \
    --exclude CALLBlake2f_MaxRounds \
    --exclude static_Call50000 \
    --exclude VMTests/vmPerformance/ \
    --known-failures docs/statetest-failures.txt \
    "$@"
