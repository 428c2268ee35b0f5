#!/bin/sh
# `make test`: start a throwaway PostgreSQL cluster, run the command given against it, remove it.
# PostgreSQL refuses to run as root, so as root the cluster runs as the unprivileged `postgres`
# user (or `nobody`). As root it also installs Debian's chromium, redis-server, libzbar0, a Java runtime
# (for the W3C HTML checker) and PostgreSQL when missing.
set -eu

as_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
    if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$PG_BIN" ] && as_root && command -v apt-get >/dev/null; then
    echo "Installing PostgreSQL from Debian's packages..."
    apt_install postgresql
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
[ -n "$PG_BIN" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; exit 1; }

if [ ! -x /usr/bin/chromium ]; then
    if as_root && command -v apt-get >/dev/null; then
        echo "Installing Debian's chromium for the browser tests..."
        apt_install chromium fonts-dejavu-core
    else
        echo "NOTE: /usr/bin/chromium is missing and this is not root: browser tests will FAIL (run as root to install it)." >&2
    fi
fi

# The QR code tests read the runner's code back with zbar (through pyzbar), as a phone would.
if ! ldconfig -p 2>/dev/null | grep -q 'libzbar.so.0'; then
    if as_root && command -v apt-get >/dev/null; then
        echo "Installing Debian's libzbar0 for the QR code tests..."
        apt_install libzbar0
    else
        echo "NOTE: libzbar0 is missing and this is not root: the QR code tests will FAIL (run as root to install it)." >&2
    fi
fi

# The shared-cache tests start Debian's redis-server on loopback, as the two-servers script does.
if ! command -v redis-server >/dev/null && [ ! -x /usr/bin/redis-server ]; then
    if as_root && command -v apt-get >/dev/null; then
        echo "Installing Debian's redis-server for the shared-cache tests..."
        apt_install redis-server
    else
        echo "NOTE: redis-server is missing and this is not root: the shared-cache tests will FAIL." >&2
    fi
fi

# The W3C HTML checker (tests/home/test_valid_html.py, the jar from package.json) runs on Java.
if ! command -v java >/dev/null; then
    if as_root && command -v apt-get >/dev/null; then
        echo "Installing Debian's default-jre-headless for the W3C HTML checker..."
        apt_install default-jre-headless
    else
        echo "NOTE: java is missing and this is not root: the HTML checker test will FAIL (install default-jre-headless)." >&2
    fi
fi

PG_DIR=$(mktemp -d /tmp/necsociety-pg.XXXXXX)
RUN_AS=""
if as_root; then
    PG_USER=postgres
    id "$PG_USER" >/dev/null 2>&1 || PG_USER=nobody
    chown "$PG_USER" "$PG_DIR"
    RUN_AS="runuser -u $PG_USER --"
fi
PG_PORT=$("${BIN:-.venv/bin}/python" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")

cleanup() {
    $RUN_AS "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
trap cleanup EXIT INT TERM

PG_OPTIONS="-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
$RUN_AS "$PG_BIN/initdb" -D "$PG_DIR/data" -U necsociety --auth=trust --encoding=UTF8 --no-locale >/dev/null
$RUN_AS "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -w -l "$PG_DIR/server.log" -o "$PG_OPTIONS" start >/dev/null
$RUN_AS "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U necsociety necsociety
echo "Throwaway PostgreSQL on 127.0.0.1:$PG_PORT ($PG_DIR)"

export DATABASE_URL="postgres://necsociety@127.0.0.1:$PG_PORT/necsociety"
# What tests/faults/test_database_outage.py needs to stop this cluster mid-run and start it again.
export TEST_PG_CTL="$PG_BIN/pg_ctl" TEST_PG_DATA="$PG_DIR/data" TEST_PG_LOG="$PG_DIR/server.log"
export TEST_PG_OPTIONS="$PG_OPTIONS" TEST_PG_RUN_AS="${PG_USER:-}"
export DJANGO_SETTINGS_MODULE=necsociety.settings.test
set +e
"$@"
STATUS=$?
set -e
exit $STATUS
