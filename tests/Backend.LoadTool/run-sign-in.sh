#!/usr/bin/env bash
# What sign-ins cost and what a flood of them does to other callers. Builds the host and the load
# tool (release), starts the host on a fresh SQLite data directory with production settings (the
# full password hash work factor) and runs get-order, get-order-half, get-order-half-sign-in-flood
# and sign-in-timing against it; figures go to tests/Backend.LoadTool/results/sign-in-<budget>.json.
#
#   run-sign-in.sh default   the per-address sign-in budget as shipped (10 a minute): the flood
#                            is refused by the rate limiter; sign-in-timing is left out
#   run-sign-in.sh raised    the budget raised out of the way, as many addresses would have it:
#                            only the password hashing limit stands between the flood and the cores
#
# The generic per-caller limit is raised in both, so that GetOrder itself is never refused.
# Extra arguments go to the load tool, e.g. --duration 20 --flood-concurrency 64. NO_BUILD=1 skips
# the build; HOST_ENV="Name=value ..." adds host settings.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
port="${BENCHMARK_PORT:-5057}"
results="$root/tests/Backend.LoadTool/results"
budget="${1:-raised}"
shift || true
case "$budget" in
  default) per_minute=10; scenarios=get-order,get-order-half,get-order-half-sign-in-flood ;;
  raised) per_minute=1000000; scenarios=get-order,get-order-half,get-order-half-sign-in-flood,sign-in-timing ;;
  *) echo "usage: $0 default|raised [load tool options]" >&2; exit 2 ;;
esac

if [ -z "${NO_BUILD:-}" ]; then
  dotnet build -c Release "$root/src/Backend.Host" -nologo -v q
  dotnet build -c Release "$root/tests/Backend.LoadTool" -nologo -v q
fi

data="$(mktemp -d)"
(
  cd "$root/src/Backend.Host/bin/Release/net10.0"
  exec env ASPNETCORE_ENVIRONMENT=Production Data__Directory="$data" \
    Auth__SigningKey="$(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)" \
    Bootstrap__AdminEmail=bench@example.com Bootstrap__AdminPassword='benchmark password' \
    RateLimiting__PermitsPerSecond=1000000 RateLimiting__Burst=1000000 \
    RateLimiting__Anonymous__PermitsPerMinute="$per_minute" ${HOST_ENV:-} \
    dotnet Backend.Host.dll --urls "http://127.0.0.1:$port"
) > "$data/host.log" 2>&1 &
host=$!
trap 'kill "$host" 2>/dev/null || true; wait "$host" 2>/dev/null || true; rm -rf "$data"' EXIT

for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.2
done

dotnet "$root/tests/Backend.LoadTool/bin/Release/net10.0/Backend.LoadTool.dll" \
  --address "http://127.0.0.1:$port" --email bench@example.com --password 'benchmark password' \
  --scenario "$scenarios" --duration 10 --warmup 15 --concurrency 64 --connections 8 \
  --server-pid "$host" --json "$results/sign-in-$budget.json" "$@"
