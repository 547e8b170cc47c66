#!/usr/bin/env bash
# A PostgreSQL server for the template's tests, on 127.0.0.1: reuse one that answers, otherwise
# start a throwaway cluster. Prints the server's base URL on stdout, one line, no database name:
#
#     postgresql+asyncpg://app@127.0.0.1:54329
#
# The tests create (and drop) their own databases on it, so its user must be allowed to
# CREATE DATABASE. Progress and errors go to stderr; the exit code is non-zero on failure.
#
#     scripts/pg_start.sh          # reuse or start; idempotent, about 1 s when it has to start
#     scripts/pg_start.sh --stop   # stop the throwaway cluster (a reused server is left alone)
#
# Environment (all optional):
#     TEST_PG_PORT         port of the throwaway cluster (54329)
#     TEST_PG_DATA         its data directory (${TMPDIR:-/tmp}/chatkit-template-pg); wiped on start
#     TEST_PG_REUSE_PORTS  other ports where a running server is reused if it accepts user `app` or
#                          `postgres` with the right to create databases ("5432"; "" to never reuse)
#     TEST_PG_RUNAS        system user running the cluster when started as root (postgres)
#
# The server is probed with psql and no password prompt; PGPASSWORD and ~/.pgpass apply.
# Recipe: production-stack reference 8.1. The old postmaster is always stopped before its data
# directory is deleted, so it never keeps the port.
set -euo pipefail

port=${TEST_PG_PORT:-54329}
data=${TEST_PG_DATA:-${TMPDIR:-/tmp}/chatkit-template-pg}
reuse_ports=${TEST_PG_REUSE_PORTS-5432}
runas=${TEST_PG_RUNAS:-postgres}
host=127.0.0.1

say() { echo "pg_start: $*" >&2; }
die() {
    say "$*"
    exit 1
}

find_pgbin() {
    local found="" versions=(/usr/lib/postgresql/*/bin)
    # Debian keeps the server binaries off PATH, one directory per major version: take the newest.
    if [[ -d ${versions[0]} ]]; then
        found=$(printf '%s\n' "${versions[@]}" | sort -V | tail -n 1)
    fi
    if [[ -z $found ]] && command -v pg_ctl >/dev/null 2>&1; then
        found=$(dirname "$(command -v pg_ctl)")
    fi
    [[ -n $found && -x $found/pg_ctl && -x $found/initdb && -x $found/psql ]] && echo "$found"
}

# As root, the cluster runs as $runas (initdb refuses root); otherwise as the current user.
as_owner() {
    if ((EUID == 0)); then
        runuser -u "$runas" -- "$@"
    else
        "$@"
    fi
}

# Does a server on $1 accept user $2 without a password prompt, with the right to create databases?
answers() {
    local result
    result=$(PGCONNECT_TIMEOUT=3 "$pgbin/psql" -X -w -q -A -t -h "$host" -p "$1" -U "$2" -d postgres \
        -c "select rolsuper or rolcreatedb from pg_roles where rolname = current_user" 2>/dev/null) || return 1
    [[ $result == t ]]
}

found_at() {
    echo "postgresql+asyncpg://$2@$host:$1"
    exit 0
}

port_taken() { (exec 3<>"/dev/tcp/$host/$1") 2>/dev/null; }

# Is process $1 a live postmaster? (A zombie left for an init that does not reap counts as gone.)
postmaster_alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    [[ $stat == *"(postgres"* && ${stat##*) } != Z* ]]
}

# Wait up to 5 s for postmaster $1 to exit.
postmaster_exits() {
    for _ in $(seq 50); do
        postmaster_alive "$1" || return 0
        sleep 0.1
    done
    return 1
}

# Stop whatever postmaster runs from $data, and make sure it is gone before anything deletes it.
stop_cluster() {
    local pidfile=$data/postmaster.pid pid
    [[ -f $pidfile ]] || return 0
    pid=$(head -n 1 "$pidfile" 2>/dev/null || true)
    # A stale file (after a crash or reboot) may name a pid that is now another process.
    if [[ $pid =~ ^[0-9]+$ ]] && ! postmaster_alive "$pid"; then
        return 0
    fi
    as_owner "$pgbin/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1 9>&- || true
    [[ $pid =~ ^[0-9]+$ ]] || return 0
    postmaster_exits "$pid" && return 0
    say "postmaster $pid did not stop; sending SIGQUIT"
    kill -QUIT "$pid" 2>/dev/null || true
    postmaster_exits "$pid" && return 0
    kill -KILL "$pid" 2>/dev/null || true
    postmaster_exits "$pid" || die "postmaster $pid (data $data) will not stop; not deleting its data"
}

start_cluster() {
    if ((EUID == 0)) && ! id "$runas" >/dev/null 2>&1; then
        useradd --system --create-home "$runas"
    fi
    stop_cluster
    if port_taken "$port"; then
        die "port $port is taken by something that does not accept user app; set TEST_PG_PORT to a free port"
    fi
    rm -rf "$data"
    mkdir -p "$data"
    if ((EUID == 0)); then
        chown "$runas" "$data"
    fi
    chmod 700 "$data"
    as_owner test -w "$data" || die "$runas cannot write $data (a parent directory is closed?); set TEST_PG_DATA"
    say "starting a throwaway cluster: $pgbin, data $data, port $port"
    local output
    output=$(as_owner "$pgbin/initdb" -D "$data" -U app --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync 2>&1 9>&-) \
        || die "initdb failed: $output"
    # Tests only: no durability. The socket goes into the data directory, not /var/run/postgresql.
    if ! as_owner "$pgbin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 30 \
        -o "-c listen_addresses=$host -p $port -k $data -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null 9>&-; then
        tail -n 20 "$data/server.log" >&2 || true
        die "the cluster did not start (log: $data/server.log)"
    fi
}

stop=false
case ${1:-} in
    "") ;;
    --stop) stop=true ;;
    *) die "usage: $0 [--stop]" ;;
esac

pgbin=$(find_pgbin) || pgbin=
if [[ -z $pgbin ]]; then
    $stop && exit 0
    ((EUID == 0)) || die "no PostgreSQL binaries; install the postgresql package, or set TEST_POSTGRES_URL"
    say "installing postgresql (apt)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    pgbin=$(find_pgbin) || die "postgresql installed, but no pg_ctl, initdb and psql found"
fi

# One start at a time: parallel runs wait here, then reuse what the first one started. The lock
# descriptor is closed for the server's processes (9>&-) so that they do not hold it.
if { exec 9>>"$data.lock"; } 2>/dev/null; then
    flock -w 120 9 || die "waited 120 s for $data.lock"
fi

if $stop; then
    stop_cluster
    say "stopped the cluster in $data (if it was running)"
    exit 0
fi

answers "$port" app && found_at "$port" app
for reuse in $reuse_ports; do
    for user in app postgres; do
        answers "$reuse" "$user" && found_at "$reuse" "$user"
    done
done
start_cluster
answers "$port" app || die "the cluster started but does not accept user app (log: $data/server.log)"
found_at "$port" app
