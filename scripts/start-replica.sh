#!/usr/bin/env bash
# Starts a PostgreSQL streaming replica of the local cluster (127.0.0.1:5432) on another
# port, as a second cluster made by pg_basebackup and started as a hot standby. CI runs it so
# that the read-replica test reads from a real standby; run it yourself to try
# DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/<db>.
#
# Idempotent: a standby already answering on the port is left as it is. Needs root (it
# allows replication connections from 127.0.0.1 in the primary's pg_hba.conf and runs the
# standby as the postgres user) or the postgres user itself.
set -euo pipefail
PORT="${REPLICA_PORT:-5433}"
DIR="${REPLICA_DIR:-/var/tmp/egov-replica-$PORT}"
VERSION="$(ls /etc/postgresql | sort -n | tail -1)"
BIN="/usr/lib/postgresql/$VERSION/bin"
HBA="/etc/postgresql/$VERSION/main/pg_hba.conf"
as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }

if pg_isready -h 127.0.0.1 -p "$PORT" -q; then
  if [ "$(psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAc 'select pg_is_in_recovery()')" = t ]; then
    echo "replica: a standby already answers on 127.0.0.1:$PORT"
    exit 0
  fi
  echo "replica: 127.0.0.1:$PORT answers but is not a standby; stop it or set REPLICA_PORT" >&2
  exit 1
fi

# Replication connections match only lines that name "replication" (not "all").
if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$HBA"; then
  echo 'host replication all 127.0.0.1/32 trust' >> "$HBA"
  psql -h 127.0.0.1 -U postgres -d postgres -qtAc 'select pg_reload_conf()' >/dev/null
fi

# The standby streams without a slot (an abandoned slot would keep WAL on the primary for
# ever); the primary keeps enough WAL for a standby that fell behind during a restart.
if [ "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc 'show wal_keep_size')" = 0 ]; then
  psql -h 127.0.0.1 -U postgres -d postgres -qtAc "alter system set wal_keep_size = '1GB'" -c 'select pg_reload_conf()' >/dev/null
fi

rm -rf "$DIR"
mkdir -p "$(dirname "$DIR")"
# -R writes standby.signal and primary_conninfo; -X stream copies the WAL made meanwhile.
as_postgres "$BIN/pg_basebackup" -h 127.0.0.1 -p 5432 -U postgres -D "$DIR" -R -X stream -c fast
# The Debian cluster keeps its configuration in /etc: the copy gets a small one of its own.
cat > "$DIR/postgresql.conf" <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '/tmp'
hot_standby = on
max_connections = 200
# Queries on the standby are not cancelled by vacuum on the primary (a short report would be).
hot_standby_feedback = on
CONF
printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' > "$DIR/pg_hba.conf"
chown postgres:postgres "$DIR/postgresql.conf" "$DIR/pg_hba.conf"
as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$DIR.log" -w start >/dev/null
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p "$PORT" -q && break; sleep 1; done
echo "replica: standby of 127.0.0.1:5432 on 127.0.0.1:$PORT ($DIR), in recovery: $(psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAc 'select pg_is_in_recovery()')"
