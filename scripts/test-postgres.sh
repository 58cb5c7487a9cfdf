# Sourced by scripts/test.sh: when SEALEVM_TEST_POSTGRES_URL is not set and PostgreSQL's server
# binaries are installed (initdb, pg_ctl: Debian's `postgresql` package), starts a throwaway
# server in a temporary directory on a free loopback port, exports SEALEVM_TEST_POSTGRES_URL for
# the tests that need one (the index restart test, two proxies sharing one index), and stops it
# and deletes its files when the calling shell exits. Without the binaries those tests skip
# with a message.

start_test_postgres() {
    if [[ -n "${SEALEVM_TEST_POSTGRES_URL:-}" ]]; then
        echo "== PostgreSQL tests use SEALEVM_TEST_POSTGRES_URL" >&2
        return 0
    fi
    local bin
    bin="$(command -v initdb 2>/dev/null || true)"
    if [[ -z "$bin" ]]; then
        bin="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
    fi
    if [[ -z "$bin" || ! -x "$(dirname "$bin")/pg_ctl" ]]; then
        echo "== no PostgreSQL server binaries (initdb): the PostgreSQL tests are skipped" >&2
        return 0
    fi
    local dir="${TMPDIR:-/tmp}/sealevm-test-postgres.$$"
    local bindir port as=()
    bindir="$(dirname "$bin")"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    mkdir -p "$dir"
    # PostgreSQL refuses to run as root; run it as the `postgres` user the package creates.
    if [[ "$(id -u)" == 0 ]]; then
        if ! id postgres >/dev/null 2>&1; then
            echo "== running as root without a postgres user: the PostgreSQL tests are skipped" >&2
            return 0
        fi
        chown postgres "$dir"
        as=(runuser -u postgres --)
    fi
    if ! "${as[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust >"$dir/initdb.log" 2>&1; then
        echo "== initdb failed (see $dir/initdb.log): the PostgreSQL tests are skipped" >&2
        return 0
    fi
    if ! "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null; then
        echo "== PostgreSQL did not start (see $dir/server.log): the PostgreSQL tests are skipped" >&2
        return 0
    fi
    SEALEVM_TEST_POSTGRES_DIR="$dir"
    SEALEVM_TEST_POSTGRES_CTL=("${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast stop)
    trap stop_test_postgres EXIT
    export SEALEVM_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
    echo "== throwaway PostgreSQL on port $port for the PostgreSQL tests" >&2
}

stop_test_postgres() {
    "${SEALEVM_TEST_POSTGRES_CTL[@]}" >/dev/null 2>&1 || true
    rm -rf "$SEALEVM_TEST_POSTGRES_DIR"
}
