#!/usr/bin/env bash
# Restore rehearsal: make data (demo seed, an account from the CLI, units and results through
# the running app's API), back up while the app runs, wipe the database, restore, and compare
# every table row by row. On SQLite; and on PostgreSQL when a server URL is given:
#   bash scripts/drill-backup.sh [postgres://postgres@127.0.0.1:PORT/postgres]
# Needs dist/ built (npm run build). Prints figures; exits 1 on any difference.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC
PG_SERVER_URL="${1:-}"
WORK=$(mktemp -d)
APP_PID=""
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
cli() { node dist/cli.js "$@"; }
ms() { date +%s%3N; }

# Writes through the API of an app started on this database: a login and 30 units.
make_data_through_api() {
  local port
  port=$(free_port)
  PORT="$port" DEMO_SEED=off node dist/main.js >"$WORK/app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 60); do
    node -e "fetch('http://127.0.0.1:$port/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" && break
    sleep 0.5
  done
  node --input-type=module -e "
    const base = 'http://127.0.0.1:$port/api';
    const json = (token) => ({ 'content-type': 'application/json', ...(token ? { authorization: 'Bearer ' + token } : {}) });
    const login = await fetch(base + '/auth/login', { method: 'POST', headers: json(), body: JSON.stringify({ username: 'admin', password: 'thidua-admin' }) });
    if (!login.ok) throw new Error('login ' + login.status);
    const { token } = await login.json();
    for (let i = 1; i <= 30; i++) {
      const r = await fetch(base + '/units', { method: 'POST', headers: json(token), body: JSON.stringify({ name: 'Đơn vị diễn tập ' + i, code: 'DT' + i }) });
      if (r.status !== 201) throw new Error('unit ' + r.status + ' ' + (await r.text()));
    }
  " || { cat "$WORK/app.log"; exit 1; }
  echo "$port"
}

stop_app() {
  kill "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}

drill() {
  local label=$1 backup=$2 wipe=$3
  echo "-- $label"
  cli seed:demo >/dev/null 2>&1
  THIDUA_PASSWORD=mat-khau-dien-tap-1 cli user:create --role secretary --username dien.tap --clusters CUM5 >/dev/null
  make_data_through_api >/dev/null
  local t0 t1 t2 t3
  t0=$(ms)
  cli backup --out "$backup" >/dev/null # while the app runs
  t1=$(ms)
  stop_app
  node scripts/dump-tables.mjs >"$WORK/before.json"
  eval "$wipe"
  t2=$(ms)
  cli restore "$backup" --yes >/dev/null
  t3=$(ms)
  node scripts/dump-tables.mjs >"$WORK/after.json"
  node -e "
    const before = require('$WORK/before.json'), after = require('$WORK/after.json');
    const tables = Object.keys(before);
    let rows = 0, bad = [];
    for (const t of new Set([...tables, ...Object.keys(after)])) {
      if (JSON.stringify(before[t]) !== JSON.stringify(after[t])) bad.push(t);
      rows += (before[t] ?? []).length;
    }
    if (bad.length) { console.error('DIFFERENT after restore: ' + bad.join(', ')); process.exit(1); }
    console.log('   ' + tables.length + ' tables, ' + rows + ' rows identical after restore');
  "
  echo "   backup: $(( t1 - t0 )) ms ($(stat -c %s "$backup") bytes, app running); restore: $(( t3 - t2 )) ms (CLI start included)"
  # A damaged backup (40 bytes flipped at 80 % of the file, its .sha256 beside it) is refused or
  # fails, and the data stays as it was.
  node -e "
    const fs = require('fs'); const b = fs.readFileSync(process.argv[1]); const at = Math.floor(b.length * 0.8);
    for (let i = at; i < Math.min(at + 40, b.length); i++) b[i] ^= 0x5a;
    fs.writeFileSync(process.argv[2], b);
  " "$backup" "$WORK/damaged-$(basename "$backup")"
  cp "$backup.sha256" "$WORK/damaged-$(basename "$backup").sha256"
  if cli restore "$WORK/damaged-$(basename "$backup")" --yes >"$WORK/damaged.log" 2>&1; then
    echo "   a damaged backup was restored without a word"; exit 1
  fi
  node scripts/dump-tables.mjs >"$WORK/after-damaged.json"
  if ! cmp -s "$WORK/after.json" "$WORK/after-damaged.json"; then
    echo "   DATA CHANGED by a failed restore: $(tail -1 "$WORK/damaged.log")"; exit 1
  fi
  echo "   a damaged backup: refused, data unchanged ($(tail -1 "$WORK/damaged.log" | cut -c1-160))"
  if [[ "$backup" == *.dump ]]; then
    # Without its .sha256, the damage shows only while pg_restore runs: the data set aside comes back.
    rm "$WORK/damaged-$(basename "$backup").sha256"
    if cli restore "$WORK/damaged-$(basename "$backup")" --yes >"$WORK/damaged.log" 2>&1; then
      echo "   a damaged dump was restored without a word"; exit 1
    fi
    node scripts/dump-tables.mjs >"$WORK/after-damaged.json"
    if ! cmp -s "$WORK/after.json" "$WORK/after-damaged.json"; then
      echo "   DATA CHANGED by a failed pg_restore: $(tail -1 "$WORK/damaged.log")"; exit 1
    fi
    echo "   a damaged dump without its .sha256: pg_restore failed, data put back unchanged"
  fi
}

echo "== drill: back up, wipe, restore, compare every table"
export SQLITE_PATH="$WORK/drill.sqlite" BACKUP_DIR="$WORK/safety"
drill "SQLite" "$WORK/drill-backup.sqlite" 'rm -f "$SQLITE_PATH" "$SQLITE_PATH-wal" "$SQLITE_PATH-shm"'
unset SQLITE_PATH

if [ -n "$PG_SERVER_URL" ]; then
  if ! command -v pg_dump >/dev/null 2>&1; then
    echo "-- PostgreSQL: skipped (pg_dump not installed)"
  else
    DRILL_DB="thidua_drill_$$"
    node -e "const pg=require('pg');const c=new pg.Client({connectionString:process.argv[1]});c.connect().then(()=>c.query('CREATE DATABASE $DRILL_DB')).then(()=>c.end())" "$PG_SERVER_URL"
    export DATABASE_URL="${PG_SERVER_URL%/*}/$DRILL_DB"
    drill "PostgreSQL" "$WORK/drill-backup.dump" \
      "node -e \"const pg=require('pg');const c=new pg.Client({connectionString:process.env.DATABASE_URL});c.connect().then(()=>c.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public')).then(()=>c.end())\""
    unset DATABASE_URL
    node -e "const pg=require('pg');const c=new pg.Client({connectionString:process.argv[1]});c.connect().then(()=>c.query('DROP DATABASE $DRILL_DB')).then(()=>c.end())" "$PG_SERVER_URL"
  fi
fi
echo "== drill passed"
