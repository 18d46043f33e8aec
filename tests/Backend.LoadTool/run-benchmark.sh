#!/usr/bin/env bash
# Builds the host and the load tool (release), starts the host on a fresh SQLite data directory
# with production settings and rate limiting off, runs every scenario against it over loopback
# and writes the figures to tests/Backend.LoadTool/results/latest.{json,svg}.
#
# With --reference first, it measures the bare grpc-dotnet stack instead (tests/Backend.ReferenceHost:
# Kestrel and grpc.health.v1 alone) with health and health-half, the same way, and writes
# results/reference.{json,svg}.
#
# Extra arguments go to the load tool and override the defaults below, e.g. --duration 20.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
port="${BENCHMARK_PORT:-5055}"
results="$root/tests/Backend.LoadTool/results"

if [ "${1:-}" = "--reference" ]; then
  shift
  project=tests/Backend.ReferenceHost
  dll=Backend.ReferenceHost.dll
  name=reference
  scenarios=health,health-half
  # The reference serves no users: the tool takes a token instead of signing in, and sends it
  # nowhere but in the authorization header the reference ignores.
  sign_in=(--token "reference.$(printf '{"sub":"reference"}' | base64 | tr -d '=').unsigned")
else
  project=src/Backend.Host
  dll=Backend.Host.dll
  name=latest
  scenarios=health,get-order,get-order-half,create-order,create-payment,watch-fanout
  sign_in=(--email bench@example.com --password 'benchmark password')
fi

dotnet build -c Release "$root/$project" -nologo -v q
dotnet build -c Release "$root/tests/Backend.LoadTool" -nologo -v q

data="$(mktemp -d)"
(
  cd "$root/$project/bin/Release/net10.0"
  exec env ASPNETCORE_ENVIRONMENT=Production Data__Directory="$data" \
    Auth__SigningKey="$(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)" Auth__AccessTokenLifetime=01:00:00 \
    Bootstrap__AdminEmail=bench@example.com Bootstrap__AdminPassword='benchmark password' \
    RateLimiting__Enabled=false dotnet "$dll" --urls "http://127.0.0.1:$port"
) > "$data/host.log" 2>&1 &
host=$!
trap 'kill "$host" 2>/dev/null || true; wait "$host" 2>/dev/null || true; rm -rf "$data"' EXIT

for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.2
done

dotnet "$root/tests/Backend.LoadTool/bin/Release/net10.0/Backend.LoadTool.dll" \
  --address "http://127.0.0.1:$port" "${sign_in[@]}" --scenario "$scenarios" \
  --duration 10 --warmup 15 --concurrency 64 --connections 8 --watch-connections 100 --streams 10000 --changes 10 \
  --server-pid "$host" --json "$results/$name.json" --chart "$results/$name.svg" "$@"
