#!/usr/bin/env bash
# (--no-defaults keeps a system my.cnf, e.g. user=mysql or log paths, out of our private server.)
# Brings up the infrastructure AppManager needs on this machine, in this order of preference:
#   1. servers already listening on the configured ports → use them;
#   2. a running Docker engine → `docker compose up -d` (docker-compose.yaml);
#   3. Debian/Ubuntu as root → install mariadb-server redis-server nats-server with apt
#      and start them on loopback with their data under .data/infra/;
#   4. otherwise say exactly what is missing and how to provide it.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
data="$root/.data/infra"

MYSQL_PORT=${MYSQL_PORT:-3306}
REDIS_PORT=$(node -e 'console.log(new URL(process.env.REDIS_URL||"redis://127.0.0.1:6379").port||6379)' 2>/dev/null || echo 6379)
NATS_PORT=$(node -e 'console.log(new URL((process.env.NATS_URL||"nats://127.0.0.1:4222").split(",")[0]).port||4222)' 2>/dev/null || echo 4222)

say() { printf '[infra] %s\n' "$*"; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
missing() {
  local m=()
  listening "$MYSQL_PORT" || m+=("mysql:$MYSQL_PORT")
  listening "$REDIS_PORT" || m+=("redis:$REDIS_PORT")
  listening "$NATS_PORT" || m+=("nats:$NATS_PORT")
  echo "${m[*]:-}"
}
wait_for() { # wait_for <seconds>
  local deadline=$((SECONDS + $1))
  while [ -n "$(missing)" ] && [ $SECONDS -lt $deadline ]; do sleep 1; done
  [ -z "$(missing)" ]
}

gone=$(missing)
if [ -z "$gone" ]; then
  say "using servers already listening: MySQL/MariaDB :$MYSQL_PORT, Redis :$REDIS_PORT, NATS :$NATS_PORT"
  exit 0
fi
say "not listening: $gone"

if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  say "a Docker engine is running: docker compose up -d (MySQL 8, Redis, NATS with JetStream, MinIO)"
  docker compose up -d || { say "docker compose failed; see its output above"; exit 1; }
  if wait_for 90; then say "infrastructure is up (docker compose)"; exit 0; fi
  say "containers started but still not listening: $(missing)"; exit 1
fi

if [ -r /etc/debian_version ] && [ "$(id -u)" = 0 ]; then
  pkgs=()
  case "$gone" in *mysql*) command -v mariadbd >/dev/null || pkgs+=(mariadb-server) ;; esac
  case "$gone" in *redis*) command -v redis-server >/dev/null || pkgs+=(redis-server) ;; esac
  case "$gone" in *nats*) command -v nats-server >/dev/null || pkgs+=(nats-server) ;; esac
  if [ ${#pkgs[@]} -gt 0 ]; then
    say "no Docker engine; installing with apt: ${pkgs[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null \
      || { say "apt-get install ${pkgs[*]} failed"; exit 1; }
  fi
  mkdir -p "$data/mysql" "$data/redis" "$data/nats" "$data/log"
  case "$gone" in *mysql*)
    if [ ! -d "$data/mysql/mysql" ]; then
      say "initialising MariaDB data in $data/mysql (root without password, loopback only)"
      mariadb-install-db --no-defaults --user=root --datadir="$data/mysql" --auth-root-authentication-method=normal >"$data/log/mariadb-install.log" 2>&1 \
        || { say "mariadb-install-db failed: $data/log/mariadb-install.log"; exit 1; }
    fi
    say "starting MariaDB on 127.0.0.1:$MYSQL_PORT"
    nohup mariadbd --no-defaults --user=root --datadir="$data/mysql" --socket="$data/mysql.sock" --port="$MYSQL_PORT" \
      --bind-address=127.0.0.1 --pid-file="$data/mariadb.pid" >"$data/log/mariadb.log" 2>&1 &
  ;; esac
  case "$gone" in *redis*)
    say "starting Redis on 127.0.0.1:$REDIS_PORT (nothing kept on disk)"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
      --dir "$data/redis" --logfile "$data/log/redis.log" ;;
  esac
  case "$gone" in *nats*)
    say "starting NATS with JetStream on 127.0.0.1:$NATS_PORT (store in $data/nats)"
    nohup nats-server -a 127.0.0.1 -p "$NATS_PORT" -js -sd "$data/nats" >"$data/log/nats.log" 2>&1 &
  ;; esac
  if wait_for 60; then say "infrastructure is up (local servers, data under $data)"; exit 0; fi
  say "still not listening after 60s: $(missing); logs in $data/log"; exit 1
fi

cat <<MSG
[infra] cannot bring up: $gone
[infra] There is no Docker engine and this is not Debian/Ubuntu as root. Provide these yourself:
[infra]   MySQL 8 or MariaDB 10.11 on 127.0.0.1:$MYSQL_PORT (root, empty password; or set MYSQL_HOST/MYSQL_PORT/MYSQL_USER/MYSQL_PASSWORD)
[infra]   Redis 7 on 127.0.0.1:$REDIS_PORT (or set REDIS_URL)
[infra]   NATS 2.9+ with JetStream (-js) on 127.0.0.1:$NATS_PORT (or set NATS_URL)
[infra] then run this again.
MSG
exit 1
