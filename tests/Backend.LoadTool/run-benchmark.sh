#!/usr/bin/env bash
# Builds the host, the bare reference host and the load tool (release), and runs the benchmark
# suites. Each suite gets a fresh host on a fresh SQLite data directory, with production settings
# and rate limiting off, and the reference host (tests/Backend.ReferenceHost) beside it; both are
# driven over loopback, and the figures go to tests/Backend.LoadTool/results/<suite>.{json,svg}.
#
#   run-benchmark.sh [suite ...] [-- extra load tool arguments]
#
# Suites (all of them, in this order, when none is named):
#   requests  health and GetOrder in a closed loop, the reference host's health in the same run
#             (closed loop and at half its peak) and its stored GetOrder (closed loop), GetOrder at
#             half its peak and at a fixed 5,000/s (platform and reference), ListOrders,
#             CreateOrder, CreatePayment
#   fanout    watch-fanout --orders 1: 10,000 streams on one order, 10 changes
#   spread    watch-fanout --orders 5: 10,000 streams over five orders, 10 changes
#   idle      watch-idle: 100,000 idle streams over 10,000 orders of 1,000 users, 20 changes
#             (each watch suite then runs the same on the reference host's in-memory WatchOrder)
#   growth    GetOrder and ListOrders on a fresh database, then again after 200,000 more orders
#
# BENCHMARK_PORT, BENCHMARK_REFERENCE_PORT and BENCHMARK_STORED_REFERENCE_PORT choose the ports
# (5055, 5056, 5057).
# RUNS=3 repeats every suite three times (results/<suite>-1.json ...), for the spread of the figures.
# A single run ends by drawing results/targets.svg (each target beside the reference host's figure)
# from requests.json and fanout.json.
# With --reference first, it measures the reference host alone (health, health-half) as before.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
port="${BENCHMARK_PORT:-5055}"
reference_port="${BENCHMARK_REFERENCE_PORT:-5056}"
results="$root/tests/Backend.LoadTool/results"
tool="$root/tests/Backend.LoadTool/bin/Release/net10.0/Backend.LoadTool.dll"
stored_port="${BENCHMARK_STORED_REFERENCE_PORT:-5057}"
reference_token="reference.$(printf '{"sub":"reference"}' | base64 | tr -d '=').unsigned"

# The stored reference (GetOrder with the framework's JWT bearer handler and EF Core on SQLite,
# on a second port of the reference host) accepts HS256 tokens signed with a key made per run.
base64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
stored_key="$(openssl rand -hex 32)"
stored_claims="$(printf '{"alg":"HS256","typ":"JWT"}' | base64url).$(printf '{"sub":"reference","exp":%s}' "$(( $(date +%s) + 86400 ))" | base64url)"
stored_token="$stored_claims.$(printf '%s' "$stored_claims" | openssl dgst -sha256 -hmac "$stored_key" -binary | base64url)"

suites=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do suites+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
extra=("$@")

# BENCHMARK_NO_BUILD=1 runs what was built before.
if [ -z "${BENCHMARK_NO_BUILD:-}" ]; then
  for project in src/Backend.Host tests/Backend.ReferenceHost tests/Backend.LoadTool; do
    dotnet build -c Release "$root/$project" -nologo -v q
  done
fi

wait_for_port() {
  for _ in $(seq 1 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing listens on port $1" >&2
  return 1
}

pids=()
data=""
stop_hosts() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  pids=()
  [ -n "$data" ] && rm -rf "$data"
  data=""
}
trap stop_hosts EXIT

start_hosts() {
  data="$(mktemp -d)"
  (
    cd "$root/src/Backend.Host/bin/Release/net10.0"
    exec env ASPNETCORE_ENVIRONMENT=Production Data__Directory="$data" \
      Auth__SigningKey="$(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)" Auth__AccessTokenLifetime=01:00:00 \
      Bootstrap__AdminEmail=bench@example.com Bootstrap__AdminPassword='benchmark password' \
      RateLimiting__Enabled=false dotnet Backend.Host.dll --urls "http://127.0.0.1:$port"
  ) > "$data/host.log" 2>&1 &
  host=$!
  pids+=("$host")
  (
    cd "$root/tests/Backend.ReferenceHost/bin/Release/net10.0"
    exec env Reference__SigningKey="$stored_key" Reference__StoredPort="$stored_port" \
      dotnet Backend.ReferenceHost.dll --urls "http://127.0.0.1:$reference_port;http://127.0.0.1:$stored_port"
  ) > "$data/reference.log" 2>&1 &
  pids+=("$!")
  wait_for_port "$port"
  wait_for_port "$reference_port"
  wait_for_port "$stored_port"
}

if [ "${suites[0]:-}" = "--reference" ]; then
  data="$(mktemp -d)"
  (cd "$root/tests/Backend.ReferenceHost/bin/Release/net10.0" && exec dotnet Backend.ReferenceHost.dll --urls "http://127.0.0.1:$reference_port") \
    > "$data/reference.log" 2>&1 &
  pids+=("$!")
  wait_for_port "$reference_port"
  dotnet "$tool" --address "http://127.0.0.1:$reference_port" --token "$reference_token" --scenario health,health-half \
    --duration 10 --warmup 15 --concurrency 64 --connections 8 --server-pid "${pids[0]}" \
    --json "$results/reference.json" --chart "$results/reference.svg" "${extra[@]}"
  exit 0
fi

[ ${#suites[@]} -eq 0 ] && suites=(requests fanout spread idle growth)
common=(--email bench@example.com --password 'benchmark password' --reference-address "http://127.0.0.1:$reference_port"
  --stored-reference-address "http://127.0.0.1:$stored_port" --stored-reference-token "$stored_token"
  --duration 10 --warmup 15 --concurrency 64 --connections 8)

for run in $(seq 1 "${RUNS:-1}"); do
  for suite in "${suites[@]}"; do
    case "$suite" in
      requests) args=(--scenario health,reference-health,reference-health-half,get-order,reference-stored-get-order,get-order-half,get-order-rate,list-orders,create-order,create-payment) ;;
      fanout) args=(--scenario watch-fanout,reference-watch-fanout --orders 1 --streams 10000 --changes 10 --watch-connections 120) ;;
      spread) args=(--scenario watch-fanout,reference-watch-fanout --orders 5 --streams 10000 --changes 10 --watch-connections 100) ;;
      idle) args=(--scenario watch-idle,reference-watch-idle --streams 100000 --orders 10000 --changes 20 --watch-connections 1100) ;;
      growth) args=(--scenario get-order,list-orders,seed-orders,get-order-grown,list-orders-grown --seed-orders 200000) ;;
      *) echo "unknown suite $suite" >&2; exit 2 ;;
    esac
    name="$suite"
    [ "${RUNS:-1}" -gt 1 ] && name="$suite-$run"
    echo "== $name ==" >&2
    start_hosts
    dotnet "$tool" --address "http://127.0.0.1:$port" "${common[@]}" "${args[@]}" --server-pid "$host" --reference-pid "${pids[1]}" \
      --json "$results/$name.json" --chart "$results/$name.svg" "${extra[@]}"
    if [ "$suite" = growth ]; then
      ls -l "$data"/orders.db* >&2 || true
    fi
    stop_hosts
  done
done

if [ "${RUNS:-1}" -eq 1 ] && [ -f "$results/requests.json" ]; then
  target_results="$results/requests.json"
  for suite in growth idle fanout; do
    [ -f "$results/$suite.json" ] && target_results="$results/$suite.json,$target_results"
  done
  dotnet "$tool" --results "$target_results" --target-chart "$results/targets.svg"
fi
