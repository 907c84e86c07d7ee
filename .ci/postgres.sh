#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on loopback for the test suite, installing PostgreSQL from
# Debian's packages when it is missing. Prints the SQLAlchemy URL on its last line.
# Usage: .ci/postgres.sh start DIR    |    .ci/postgres.sh stop DIR
set -euo pipefail
action=${1:?start or stop}
dir=${2:?data folder}
# A free port on loopback unless one is given.
port=${CLOSEREAD_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}

find_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/sh -c "$*"
  else
    sh -c "$*"
  fi
}

case "$action" in
  start)
    bin=$(find_bin || true)
    if [ -z "$bin" ]; then
      if [ "$(id -u)" != 0 ]; then
        echo "PostgreSQL is not installed and this user cannot install it" >&2
        exit 3
      fi
      echo "Installing PostgreSQL from Debian's packages…" >&2
      apt-get update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      bin=$(find_bin)
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; chmod o+x "$(dirname "$dir")"; fi
    as_postgres "'$bin/initdb' -D '$dir/data' -A trust -U closeread --no-sync -E UTF8 >/dev/null"
    as_postgres "'$bin/pg_ctl' -D '$dir/data' -l '$dir/log' -w -o \"-k '$dir' -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start >/dev/null"
    echo "postgresql+psycopg://closeread@127.0.0.1:$port/postgres"
    ;;
  stop)
    bin=$(find_bin || true)
    [ -n "$bin" ] && [ -d "$dir/data" ] && as_postgres "'$bin/pg_ctl' -D '$dir/data' -m fast stop >/dev/null" || true
    rm -rf "$dir"
    ;;
esac
