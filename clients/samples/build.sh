#!/usr/bin/env bash
# Packs the client libraries into the samples' local feed (clients/samples/.packages) and builds
# the samples against those packages, as a consuming team's build restores them. Build the
# solution first (`dotnet build Backend.sln`): the packages are made from its output.
#
#   clients/samples/build.sh [Debug|Release]
#
# Each run packs a version of its own (1.0.0-local.<time>.<pid>), so a restore never picks up
# a package cached from an earlier run under the same version. It prints the built worker's path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
configuration=${1:-Debug}
version="1.0.0-local.$(date -u +%Y%m%d%H%M%S).$$"
feed="$here/.packages"

mkdir -p "$feed"
find "$feed" -name 'Backend.*.nupkg' -mmin +60 -delete
for project in "$root"/clients/*/*.csproj; do
  dotnet pack "$project" -c "$configuration" --no-build -o "$feed" -p:PackageVersion="$version" -nologo -v q >&2
done

dotnet build "$here/Fulfilment/Fulfilment.csproj" -c "$configuration" -p:BackendClientVersion="$version" -nologo -v q >&2
echo "$here/Fulfilment/bin/$configuration/net10.0/Fulfilment.dll"
