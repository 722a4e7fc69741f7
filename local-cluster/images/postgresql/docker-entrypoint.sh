#!/bin/bash
# Entrypoint of the cluster's PostgreSQL image (Debian's postgresql-15). It keeps the contract of the
# official postgres image that the chart was written for: on an empty PGDATA it runs initdb with
# POSTGRES_USER / POSTGRES_PASSWORD (scram-sha-256 over the network), runs
# /docker-entrypoint-initdb.d/*.sql once, then execs the server in the foreground.
set -euo pipefail

: "${PGDATA:?PGDATA must be set}"
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
user="${POSTGRES_USER:-postgres}"

if [[ "${1:-}" == postgres && ! -s "$PGDATA/PG_VERSION" ]]; then
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
  pwfile="$(mktemp)"
  printf '%s' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 -D "$PGDATA" >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  # A private server on the socket only, for the init scripts.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql" -w start >/dev/null
  for f in /docker-entrypoint-initdb.d/*.sql; do
    [[ -e "$f" ]] || continue
    echo "docker-entrypoint: running $f"
    psql -v ON_ERROR_STOP=1 -h /var/run/postgresql --username="$user" --dbname=postgres -f "$f"
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "docker-entrypoint: database initialised"
fi

if [[ "${1:-}" == postgres ]]; then
  shift
  exec postgres -c listen_addresses='*' -c unix_socket_directories=/var/run/postgresql "$@"
fi
exec "$@"
