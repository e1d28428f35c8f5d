#!/usr/bin/env bash
# A local multi-process MeshCall cluster on 127.0.0.1: redis-server (membership), 3 silos, 2 gateways.
#   bash scripts/cluster.sh up       build, start everything on free ports, wait until ready, print the endpoints
#   bash scripts/cluster.sh status   what runs, and whether each process is ready
#   bash scripts/cluster.sh down     stop exactly the processes `up` started
# State (pids, ports, logs) lives in .cluster/ (or $CLUSTER_STATE). Sizes: SILOS=3 GATEWAYS=2; NO_BUILD=1 skips
# the Release build (the tests, which run from it already).
set -euo pipefail
cd "$(dirname "$0")/.."

state="${CLUSTER_STATE:-.cluster}"
silos="${SILOS:-3}"
gateways="${GATEWAYS:-2}"
taken=" "

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    [[ "$taken" == *" $port "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      taken+="$port "
      echo "$port"
      return
    fi
  done
}

# HTTP status of GET $2 on 127.0.0.1:$1, or 000; bash only, so nothing beyond the SDK is needed.
http_status() {
  local line
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || { echo 000; return; }
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
  IFS= read -r -t 5 line <&3 || line=""
  exec 3>&-
  set -- $line
  echo "${2:-000}"
}

# Progress goes to stderr, so stdout stays the status table that `up` ends with.
say() { echo "cluster.sh: $*" >&2; }

# The Release build, one line per project as it is built; the whole log is kept in $state/build.log.
build() {
  local log="$state/build.log" started=$SECONDS
  say "building MeshCall.sln in Release (a first build takes a minute or two; log in $log)"
  if ! dotnet build MeshCall.sln -c Release --nologo -v minimal 2>&1 | tee "$log" | sed -un 's/^ *\([A-Za-z0-9_.]*\) -> .*/cluster.sh:   built \1/p' >&2; then
    tail -n 30 "$log" >&2
    say "the build failed; see $log"
    exit 1
  fi
  say "built in $((SECONDS - started)) s"
}

start() { # name port command...
  local name=$1 port=$2
  shift 2
  nohup "$@" >"$state/$name.log" 2>&1 &
  echo "$! $port" >"$state/$name.pid"
}

wait_ready() { # name port
  for _ in $(seq 1 300); do
    [ "$(http_status "$2" /readyz)" = 200 ] && { say "$1 ready on http://127.0.0.1:$2"; return 0; }
    kill -0 "$(cut -d' ' -f1 "$state/$1.pid")" 2>/dev/null || { echo "$1 exited; see $state/$1.log" >&2; return 1; }
    sleep 0.2
  done
  echo "$1 not ready after 60 s; see $state/$1.log" >&2
  return 1
}

up() {
  if [ -d "$state" ] && ls "$state"/*.pid >/dev/null 2>&1; then
    echo "a cluster is already up (bash scripts/cluster.sh status|down)" >&2
    exit 1
  fi
  command -v redis-server >/dev/null || { say "installing redis-server (scripts/deps.sh)"; bash scripts/deps.sh; }
  mkdir -p "$state"
  [ "${NO_BUILD:-}" = 1 ] || build
  trap 'echo "start failed; stopping what started" >&2; down' ERR

  local redis id common
  redis=$(free_port)
  id="meshcall-local-$(date +%s)"
  say "starting redis-server on 127.0.0.1:$redis"
  start redis "$redis" redis-server --port "$redis" --bind 127.0.0.1 --save "" --appendonly no
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$redis") 2>/dev/null && break
    sleep 0.1
  done
  common=(--Cluster:Provider=Redis "--Cluster:Redis=127.0.0.1:$redis" "--Cluster:ClusterId=$id" "--Cluster:ServiceId=meshcall")

  local silo=src/Silo/bin/Release/net10.0/MeshCall.Silo.dll gateway=src/Gateway/bin/Release/net10.0/MeshCall.Gateway.dll
  say "starting $silos silos and waiting until each has joined the cluster"
  for i in $(seq 1 "$silos"); do
    local http
    http=$(free_port)
    start "silo-$i" "$http" dotnet "$silo" --urls "http://127.0.0.1:$http" "${common[@]}" \
      "--Silo:SiloPort=$(free_port)" "--Silo:GatewayPort=$(free_port)"
  done
  for i in $(seq 1 "$silos"); do wait_ready "silo-$i" "$(cut -d' ' -f2 "$state/silo-$i.pid")"; done
  say "starting $gateways gateways and waiting until each reaches the cluster"
  for i in $(seq 1 "$gateways"); do
    local http
    http=$(free_port)
    start "gateway-$i" "$http" dotnet "$gateway" --urls "http://127.0.0.1:$http" "${common[@]}"
  done
  for i in $(seq 1 "$gateways"); do wait_ready "gateway-$i" "$(cut -d' ' -f2 "$state/gateway-$i.pid")"; done
  trap - ERR
  status
}

status() {
  if ! ls "$state"/*.pid >/dev/null 2>&1; then
    echo "no cluster is up"
    return
  fi
  for file in "$state"/*.pid; do
    local name pid port alive ready=""
    name=$(basename "$file" .pid)
    read -r pid port <"$file"
    alive=$(kill -0 "$pid" 2>/dev/null && echo running || echo stopped)
    case "$name" in
      redis) ready="redis 127.0.0.1:$port" ;;
      gateway-*) ready="readyz $(http_status "$port" /readyz)  page http://127.0.0.1:$port/  ws://127.0.0.1:$port/ws" ;;
      *) ready="readyz $(http_status "$port" /readyz)  http://127.0.0.1:$port/healthz" ;;
    esac
    printf '%-10s pid %-7s %-8s %s\n' "$name" "$pid" "$alive" "$ready"
  done
}

# Stops the processes of one kind (SIGTERM, then SIGKILL after 30 s) and forgets them.
stop_group() {
  local pids=() file pid
  for file in "$state"/$1.pid; do
    [ -e "$file" ] || continue
    read -r pid _ <"$file"
    kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
    rm -f "$file"
  done
  for _ in $(seq 1 150); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  stopped=$((stopped + ${#pids[@]}))
}

down() {
  ls "$state"/*.pid >/dev/null 2>&1 || { echo "no cluster is up"; return 0; }
  stopped=0
  # Clients first, then silos (which still need Redis to leave the membership cleanly), then Redis.
  stop_group "gateway-*"
  stop_group "silo-*"
  stop_group "redis"
  echo "stopped $stopped processes (logs kept in $state/)"
}

case "${1:-}" in
  up) up ;;
  status) status ;;
  down) down ;;
  *) echo "usage: bash scripts/cluster.sh up|status|down" >&2; exit 2 ;;
esac
