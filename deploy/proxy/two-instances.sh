#!/usr/bin/env bash
# Two host instances on one PostgreSQL database behind HAProxy (deploy/proxy/haproxy.cfg), on
# this machine, for trying the set-up out and for CI's proxy test.
#   deploy/proxy/two-instances.sh start STATE_DIR   start both instances and the proxy
#   deploy/proxy/two-instances.sh stop STATE_DIR    stop whatever of them still runs
# start needs:
#   BACKEND_HOST_DIR   the published host (the folder with Backend.Host.dll, see deploy/publish.sh)
#   BACKEND_POSTGRES   the connection string of the database both instances share
# and takes the ports from BACKEND_PROXY_PORT (default 8080; the statistics page on the next port)
# and BACKEND_INSTANCE_PORT (default 5001; instance b on the next port, their Prometheus
# endpoints on the two after). Any other configuration passes through the environment (e.g.
# Bootstrap__AdminEmail). STATE_DIR receives the logs, `proxy` (the proxy's address and its
# statistics page) and `instances` (one line per instance: name, pid, address, metrics address).
set -euo pipefail
command=${1:?usage: two-instances.sh start|stop STATE_DIR}
state=${2:?usage: two-instances.sh start|stop STATE_DIR}
config=$(cd "$(dirname "$0")" && pwd)/haproxy.cfg

stop() {
  for pidfile in "$state"/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

case "$command" in
  stop)
    stop
    exit 0
    ;;
  start) ;;
  *) echo "unknown command $command" >&2; exit 2 ;;
esac

host_dir=$(cd "${BACKEND_HOST_DIR:?BACKEND_HOST_DIR names the published host}" && pwd)
: "${BACKEND_POSTGRES:?BACKEND_POSTGRES names the shared database}"
proxy_port=${BACKEND_PROXY_PORT:-8080}
instance_port=${BACKEND_INSTANCE_PORT:-5001}
mkdir -p "$state"
started=no
trap '[ "$started" = yes ] || stop' EXIT

# Every instance hosts UserService: each signs with the same EC key and accepts the others' tokens.
signing_key=$(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)
: >"$state/instances"
for i in 0 1; do
  name=$([ "$i" -eq 0 ] && echo a || echo b)
  port=$((instance_port + i))
  metrics=http://127.0.0.1:$((instance_port + 2 + i))
  (cd "$host_dir" && \
    Data__Provider=Postgres ConnectionStrings__Postgres="$BACKEND_POSTGRES" Auth__SigningKey="$signing_key" \
    Data__Directory="$state/data-$name" Telemetry__MetricsUrl="$metrics" \
    Shutdown__DrainDelay="${Shutdown__DrainDelay:-00:00:10}" \
    exec dotnet Backend.Host.dll --urls "http://127.0.0.1:$port" >"$state/$name.log" 2>&1) &
  echo $! >"$state/$name.pid"
  echo "$name $! 127.0.0.1:$port $metrics" >>"$state/instances"
  # One after the other: each instance applies the database migrations as it starts, and two
  # doing so at once on a new database collide.
  for _ in $(seq 1 120); do
    grep -q "Application started" "$state/$name.log" && break
    kill -0 "$(cat "$state/$name.pid")" 2>/dev/null || { cat "$state/$name.log" >&2; exit 1; }
    sleep 1
  done
  grep -q "Application started" "$state/$name.log" || { echo "instance $name did not start" >&2; exit 1; }
done

export BACKEND_PROXY_ADDRESS=127.0.0.1:$proxy_port
export BACKEND_STATS_ADDRESS=127.0.0.1:$((proxy_port + 1))
export BACKEND_INSTANCE_A=127.0.0.1:$instance_port
export BACKEND_INSTANCE_B=127.0.0.1:$((instance_port + 1))
haproxy -c -q -f "$config"
haproxy -db -f "$config" >"$state/haproxy.log" 2>&1 &
echo $! >"$state/haproxy.pid"
echo "$BACKEND_PROXY_ADDRESS http://$BACKEND_STATS_ADDRESS/stats" >"$state/proxy"

# Ready when the proxy's own health checks see both instances UP.
for _ in $(seq 1 120); do
  up=$(curl -fsS "http://$BACKEND_STATS_ADDRESS/stats;csv" 2>/dev/null | awk -F, '$1 == "backend_hosts" && $2 != "BACKEND" && $18 == "UP" { n++ } END { print n + 0 }' || true)
  [ "$up" -eq 2 ] && break
  sleep 1
done
if [ "$up" -ne 2 ]; then
  echo "the proxy does not see both instances UP" >&2
  cat "$state/haproxy.log" >&2
  exit 1
fi
started=yes
echo "proxy on $BACKEND_PROXY_ADDRESS, instances a and b UP ($state)"
